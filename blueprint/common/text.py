"""Text measures shared by every output: the kinsoku table and terminal display width.

One kinsoku table (the punctuation that may not begin a line, the brackets that may not
end one) serves the terminal tables and the diagram labels alike; one display width (the
terminal's: ``wcwidth``, two columns for a Chinese character) serves tables, the graph
report, progress lines and the worksheet's column widths.
"""

from __future__ import annotations

from typing import Final

#: punctuation that may not begin a line (kinsoku): it takes the unit before it along
NO_LINE_START: Final = frozenset("，。、；：！？）」』】〕》〉,.;:!?)]}%…ー")
#: opening punctuation that may not end a line: it goes down with what it opens
NO_LINE_END: Final = frozenset("（「『【〔《〈([{")


def columns(line: str) -> int:
    """Terminal columns of one line (wide characters count two, control characters none)."""
    from wcwidth import wcswidth, wcwidth

    n = wcswidth(line)
    return n if n >= 0 else sum(max(wcwidth(ch), 0) for ch in line)


def display_width(text: str) -> int:
    """Terminal columns of the widest line of ``text``."""
    return max(columns(line) for line in text.split("\n"))

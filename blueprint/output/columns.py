"""Text in terminal columns: display width, wrapping Chinese and English text, fitting a table.

A terminal gives a Chinese character two columns; ``wcwidth`` says how many each character
takes (the measure tabulate lays a table out by). Wrapping breaks at spaces, after hyphens
(``advice-without-diagnosis`` gives ``advice-without-`` and ``diagnosis``) and between
wide characters, and keeps Chinese closing punctuation off the start of a line. A table
that is too wide narrows the columns its caller lets wrap, stage by stage, down to floors
the caller sets, and the cells wrap to the widths that come out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Final

from blueprint.common.text import NO_LINE_END, NO_LINE_START, display_width
from blueprint.common.text import columns as _columns

__all__ = ["NO_LINE_END", "NO_LINE_START", "clip", "display_width", "fit", "layout", "wrap", "wrap_cells"]

#: spaces between columns, as in tabulate's "simple" format
_GAP: Final = 2
#: a last line this narrow (two Chinese characters) is evened out with the lines above
_ORPHAN: Final = 4
#: a word with the hyphens that end it, or a word without one
_WORD: Final = re.compile(r"[^\s-]*-+|[^\s-]+")
_JOINER: Final = "\u200d"


def _clusters(text: str) -> list[str]:
    """The characters of ``text``, each with the zero-width marks and joined characters after it.

    An accent, a variation selector or an emoji joined by ZWJ never starts a line of its own.
    """
    from wcwidth import wcwidth

    out: list[str] = []
    for ch in text:
        if out and (wcwidth(ch) == 0 or out[-1].endswith(_JOINER)):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def clip(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` terminal columns, ending in ``…`` where it was cut."""
    out, used = "", 0
    for cluster in _clusters(text):
        w = _columns(cluster)
        if used + w > width - 1:
            return out + "…"
        out += cluster
        used += w
    return out


def _units(paragraph: str) -> list[tuple[str, bool]]:
    """The pieces a line may break between, each with whether a space comes before it.

    A piece is a wide character, or a run of narrow ones ending at a space, a hyphen or a
    wide character.
    """
    units: list[tuple[str, bool]] = []
    at = 0
    for match in _WORD.finditer(paragraph):
        spaced = match.start() > at
        at = match.end()
        run = ""
        for cluster in _clusters(match.group()):
            if _columns(cluster) == 2:
                if run:
                    units.append((run, spaced))
                    spaced = False
                units.append((cluster, spaced))
                run, spaced = "", False
            else:
                run += cluster
        if run:
            units.append((run, spaced))
    return units


def _carry(line: list[str], room: int) -> int:
    """Where to end ``line`` so that the punctuation that comes next does not start the next one.

    The punctuation takes the unit before it along (with any punctuation between), when
    they fit in ``room`` and something stays behind; else the line ends where it is.
    """
    cut = len(line) - 1
    while cut > 0 and line[cut][0] in NO_LINE_START and line[cut - 1] != " ":
        cut -= 1
    if cut == 0 or line[cut][0] in NO_LINE_START or sum(_columns(u) for u in line[cut:]) > room:
        return len(line)
    return cut


def _greedy(paragraph: str, width: int) -> list[str]:
    """One paragraph in as few lines of at most ``width`` columns as it goes."""
    lines: list[str] = []
    line: list[str] = []  # the units of the line being filled, " " where the text had a space
    used = 0
    for unit, spaced in _units(paragraph):
        size = _columns(unit)
        gap = 1 if spaced and line else 0
        if line and used + gap + size > width:
            room = width - gap - size
            if unit[0] in NO_LINE_START and line[-1] != " " and _columns(line[-1]) > room:
                # the word before cannot go down whole with the punctuation: its end goes
                clusters = _clusters(line[-1])
                if len(clusters) > 1:
                    line = [*line[:-1], "".join(clusters[:-1]), clusters[-1]]
            cut = _carry(line, room) if unit[0] in NO_LINE_START else len(line)
            while (
                cut > 1 and line[cut - 1] in NO_LINE_END and sum(_columns(u) for u in line[cut - 1 :]) <= room
            ):
                cut -= 1  # an opening bracket goes down with what it opens
            line, carry = line[:cut], line[cut:]
            lines.append("".join(line).rstrip())
            line, used, gap = carry, sum(_columns(u) for u in carry), gap if carry else 0
        if gap:
            line, used = [*line, " "], used + 1
        if size <= width - used:
            line, used = [*line, unit], used + size
            continue
        for cluster in _clusters(unit):  # longer than a whole line: cut it
            size = _columns(cluster)
            if line and used + size > width:
                lines.append("".join(line))
                line, used = [], 0
            line, used = [*line, cluster], used + size
    lines.append("".join(line))
    return lines


def _even(paragraph: str, width: int) -> list[str]:
    """:func:`_greedy`, but a last line of one or two Chinese characters takes some from above.

    The lines are then as narrow as they go without one more line (or a word cut or a
    punctuation mark sent to the start of a line that ``width`` did not), so they come out even.
    """
    lines = _greedy(paragraph, width)
    if len(lines) < 2 or _columns(lines[-1]) > _ORPHAN:
        return lines
    longest = max(_columns(unit) for unit, _ in _units(paragraph))
    narrowest = longest if longest <= width else 1  # cut no word that the width left whole
    misplaced = _misplaced(lines)
    for narrower_width in range(width - 1, narrowest - 1, -1):
        narrower = _greedy(paragraph, narrower_width)
        if len(narrower) > len(lines) or _misplaced(narrower) > misplaced:
            break
        lines = narrower
    return lines


def _misplaced(lines: list[str]) -> int:
    """How many of ``lines`` start with punctuation that should end the line before."""
    return sum(1 for line in lines[1:] if line[:1] in NO_LINE_START)


def wrap(text: str, width: int, even: bool = False) -> list[str]:
    """``text`` in lines of at most ``width`` terminal columns; each of its lines wraps on its own.

    Lines break at spaces (runs of spaces count as one), after hyphens and between wide
    characters; Chinese closing punctuation never starts a line. A word wider than the
    column is cut, never left to overflow it. ``even``: a paragraph does not end on a
    line of one or two Chinese characters.
    """
    fill = _even if even else _greedy
    return [line for paragraph in text.split("\n") for line in fill(paragraph, width)]


def fit(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    width: int,
    stages: Sequence[Mapping[int, int]],
    pad: int = 0,
    even: bool = False,
) -> dict[int, int]:
    """The width to wrap each column named in ``stages`` to, so the table fits ``width``.

    ``stages`` map column index -> the narrowest it gets (never narrower than its header
    and ``pad``, the room tabulate leaves around a header). Stage by stage, one column
    at a time, the widest gives way (ties: the one named first in the stage), until the
    table fits. With ``even`` (cells wrapped by ``wrap(even=True)``) the room that even
    lines free then lets a column stay whole, the columns of later stages first. The other
    columns keep their widest cell; a table that cannot fit is left wider than ``width``.
    """
    head = [display_width(h) + pad for h in headers]
    natural = [max([head[k]] + [display_width(r[k]) for r in rows]) for k in range(len(headers))]
    budget = width - _GAP * (len(headers) - 1)
    sizes = dict(enumerate(natural))
    for stage in stages:
        floor = {k: max(least, head[k]) for k, least in stage.items()}
        order = list(stage)
        while sum(sizes.values()) > budget:
            shrinkable = [k for k in order if sizes[k] > floor[k]]
            if not shrinkable:
                break
            widest = max(shrinkable, key=lambda k: (sizes[k], -order.index(k)))
            sizes[widest] -= 1
    if even:
        sizes = _settle(rows, natural, head, sizes, stages, budget)
    return {k: sizes[k] for k in sorted({k for stage in stages for k in stage})}


def _settle(
    rows: Sequence[Sequence[str]],
    natural: list[int],
    head: list[int],
    sizes: dict[int, int],
    stages: Sequence[Mapping[int, int]],
    budget: int,
) -> dict[int, int]:
    """``sizes`` after letting a column stay whole where the even lines of the others leave room.

    A wrapped column takes only as much as its widest even line (its header at least).
    """
    stage_of = {k: i for i, stage in enumerate(stages) for k in stage}
    fixed = sum(w for k, w in sizes.items() if k not in stage_of)
    room = budget - fixed
    limits = {k: sizes[k] for k in stage_of}
    while True:
        used = {
            k: max([head[k]] + [display_width("\n".join(wrap(r[k], w, even=True))) for r in rows])
            if w < natural[k]
            else w
            for k, w in limits.items()
        }
        slack = room - sum(used.values())
        grow = [k for k in used if used[k] < natural[k] <= used[k] + slack]
        if not grow:
            return sizes | limits
        k = min(grow, key=lambda k: (-stage_of[k], natural[k] - used[k]))
        limits = used | {k: natural[k]}


def wrap_cells(row: Sequence[str], sizes: Mapping[int, int], even: bool = False) -> list[str]:
    """One table row with the cells of the columns in ``sizes`` wrapped to their widths."""
    return ["\n".join(wrap(cell, sizes[k], even)) if k in sizes else cell for k, cell in enumerate(row)]


def layout(
    body: Sequence[Sequence[str]], headers: Sequence[str], align: Sequence[str] | None = None, pad: int = 0
) -> str:
    """tabulate's "simple" table; a blank line between rows when any of them takes several lines.

    ``pad``: how much wider than its header tabulate makes a column (tabulate's own
    default is 2).
    """
    import tabulate as tab

    saved = tab.MIN_PADDING
    tab.MIN_PADDING = pad
    try:
        text = tab.tabulate(
            [list(r) for r in body],
            headers=list(headers),
            tablefmt="simple",
            colalign=list(align) if align is not None else None,
            disable_numparse=True,
        )
    finally:
        tab.MIN_PADDING = saved
    table = [line.rstrip() for line in text.split("\n")]
    head = max(h.count("\n") for h in headers) + 2  # the header lines and the dashes
    heights = [max(cell.count("\n") for cell in r) + 1 for r in body]
    lines, at = table[:head], head
    for i, height in enumerate(heights):
        if i and max(heights) > 1:
            lines.append("")  # so the lines of one row read together
        lines += table[at : at + height]
        at += height
    return "\n".join(lines)

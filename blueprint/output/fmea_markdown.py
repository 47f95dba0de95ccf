"""``blueprint fmea --format markdown``: a GitHub table, then the summary.

Text from the blueprint renders as exactly that text: ``&``, ``<``, ``>`` and braces become
entities (no raw HTML, no ``{{ }}`` for a docs site's template engine), Markdown
punctuation is backslash-escaped (no emphasis, links, code spans, cells cut by ``|``),
line breaks (also U+2028 and U+2029) become ``<br>``, control characters are dropped,
and ``@name`` notifies no one.
"""

from __future__ import annotations

from blueprint.common.plain import no_mentions, printable
from blueprint.i18n import t
from blueprint.output.fmea_view import FmeaView, chain_rows, columns, summary_lines

_ALIGN = {"left": ":---", "right": "---:", "center": ":---:"}
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "{": "&#123;", "}": "&#125;"}
_BACKSLASHED = frozenset("\\`*_[]~|$")


def escape(text: str) -> str:
    """Inline Markdown (a table cell, a list item) that shows ``text`` as it is."""
    out = []
    for ch in printable(text):
        if ch in _ENTITIES:
            out.append(_ENTITIES[ch])
        elif ch in _BACKSLASHED:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return no_mentions("<br>".join(part.strip() for part in "".join(out).split("\n")))


def render(view: FmeaView) -> str:
    """A bold heading line, the table (headers in ``view.lang``) and the summary as a list."""
    lang = view.lang
    out = [f"**{escape(t('fmea.heading', lang, title=view.bp.title, profile=view.profile_name))}**", ""]
    if view.shown:
        cols = columns(view, long=True)
        out.append("| " + " | ".join(escape(c.header) for c in cols) + " |")
        out.append("|" + "|".join(_ALIGN[c.align] for c in cols) + "|")
        for s in view.shown:
            chains = s.ranked_chains() if s.failure.chained else []
            for k, cells in enumerate(chain_rows(s, lang, sep=", ", uncertainty=view.uncertainty)):
                row = {key: escape(text) for key, text in cells.items()}
                if chains[k].needs_action if chains else s.needs_action:
                    row["actions"] = f"**{row['actions']}**"
                out.append("| " + " | ".join(row[c.key] for c in cols) + " |")
        out.append("")
    out += [f"- {escape(line)}" for line in summary_lines(view)]
    return "\n".join(out) + "\n"

"""``blueprint fmea --format markdown``: a GitHub table, then the summary."""

from __future__ import annotations

from blueprint.i18n import t
from blueprint.output.fmea_view import FmeaView, cells, columns, summary_lines

_ALIGN = {"left": ":---", "right": "---:", "center": ":---:"}


def escape(text: str) -> str:
    """A table cell: ``|`` escaped, line breaks as ``<br>``, HTML-ish brackets left inert."""
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    return "<br>".join(part.strip() for part in text.replace("\r\n", "\n").split("\n"))


def render(view: FmeaView) -> str:
    """A bold heading line, the table (headers in ``view.lang``) and the summary as a list."""
    lang = view.lang
    out = [f"**{escape(t('fmea.heading', lang, title=view.bp.title, profile=view.profile_name))}**", ""]
    if view.shown:
        cols = columns(view, long=True)
        out.append("| " + " | ".join(escape(c.header) for c in cols) + " |")
        out.append("|" + "|".join(_ALIGN[c.align] for c in cols) + "|")
        for s in view.shown:
            row = cells(s, lang, sep=", ")
            if s.needs_action:
                row["actions"] = f"**{row['actions']}**"
            out.append("| " + " | ".join(escape(row[c.key]) for c in cols) + " |")
        out.append("")
    out += [f"- {escape(line)}" for line in summary_lines(view)]
    return "\n".join(out) + "\n"

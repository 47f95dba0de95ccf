"""``blueprint diff --format markdown``: the risk change as Markdown, for a pull-request comment."""

from __future__ import annotations

from typing import TYPE_CHECKING

from blueprint.i18n import t
from blueprint.output.diff_view import increase, sections

if TYPE_CHECKING:
    from blueprint.output.views import DiffView


def render(view: DiffView) -> str:
    """The diff as Markdown, for a pull-request comment."""
    diff, lang = view.diff, view.lang
    out = [f"### {t('diff.title', lang, old=f'`{diff.old}`', new=f'`{diff.new}`')}", ""]
    if diff.empty:
        out += [t("diff.nochange", lang), ""]
    if diff.increase:
        out += [f"**{increase(diff, lang)}**", ""]
    for key, (_, headers, rows) in sections(diff, lang, md=True).items():
        out += [f"#### {t(key, lang)}", ""]
        out.append("| " + " | ".join(headers) + " |")
        out.append("|" + "|".join("---" for _ in headers) + "|")
        out += ["| " + " | ".join(row) + " |" for row in rows]
        out.append("")
    return "\n".join(out).rstrip() + "\n"

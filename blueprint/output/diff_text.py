"""``blueprint diff`` for a terminal: each section a table that fits the width."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from blueprint.i18n import t
from blueprint.output.columns import fit, layout, wrap_cells
from blueprint.output.diff_view import increase, sections

if TYPE_CHECKING:
    from blueprint.output.views import DiffView

#: the columns that wrap when the table is too wide, and their narrowest width
_WRAP_MIN: Final = {"failure": 12, "step": 10, "mode": 16, "title": 16}
#: the columns of free text, which wrap before the ids do
_TEXT: Final = ("mode", "title")
#: tabulate's room beside a header: "AP" gets a column of four
_PAD: Final = 2


def _table(keys: list[str], headers: list[str], rows: list[list[str]], width: int) -> str:
    """A plain table at most ``width`` columns wide where it can be; wrapped rows are spaced apart.

    The numbers never wrap. Free text (a failure mode, a title) gives up room first, then
    the ids; the cells wrap evenly (no line of one or two Chinese characters at the end).
    """
    wrapping = [k for k, key in enumerate(keys) if key in _WRAP_MIN]
    stages = [
        {k: _WRAP_MIN[keys[k]] for k in wrapping if keys[k] in _TEXT},
        {k: _WRAP_MIN[keys[k]] for k in wrapping if keys[k] not in _TEXT},
    ]
    sizes = fit(headers, rows, width, stages, pad=_PAD, even=True)
    return layout([wrap_cells(r, sizes, even=True) for r in rows], headers, pad=_PAD)


def render(view: DiffView) -> str:
    """The diff for people at a terminal ``view.width`` columns wide (colour: the risk increase in red)."""
    diff, lang, color, width = view.diff, view.lang, view.color, view.width
    from blueprint.output.style import paint

    out = [t("diff.title", lang, old=diff.old, new=diff.new), ""]
    if diff.empty:
        out += [t("diff.nochange", lang), ""]
    if diff.increase:
        out += [paint(increase(diff, lang), color, fg="red", bold=True), ""]
    for key, (keys, headers, rows) in sections(diff, lang, md=False).items():
        out += [t(key, lang), _table(keys, headers, rows, width), ""]
    return "\n".join(out).rstrip() + "\n"

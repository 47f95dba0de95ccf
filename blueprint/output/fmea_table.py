"""The ranked failure table for a terminal: fits the width, wide (CJK) characters count double."""

from __future__ import annotations

import re
from typing import Final

from blueprint.common.plain import printable
from blueprint.i18n import t
from blueprint.output.columns import display_width, fit, layout, wrap_cells
from blueprint.output.fmea_view import Column, FmeaView, chain_rows, columns, summary_lines

#: columns whose text wraps to fit the width
_WRAP: Final[tuple[str, ...]] = ("mode", "effect", "surfaces", "step_lane")
#: free text gives way first, down to this width; then the id columns, then free text again
_TEXT: Final[tuple[str, ...]] = ("mode", "effect")
_COMFORT: Final = 16
_FLOOR: Final = 10
_LAST: Final = 8  # the last resort, for the few columns the F-numbers take
_ID_FLOOR: Final = 8
_ID_CAP: Final = 16
_AP_STYLE: Final = {"H": "red", "M": "yellow", "L": "green"}


def _id_floor(text: str) -> int:
    """The narrowest an id column gets: its longest hyphen-separated part, 8 to 16."""
    parts = re.split(r"(?<=-)|\n", text)
    return min(max([_ID_FLOOR] + [display_width(p) for p in parts]), _ID_CAP)


def _fit(cols: list[Column], rows: list[list[str]], width: int) -> dict[int, int]:
    """Column index -> the width its cells wrap to, so the table fits ``width`` display columns.

    Columns that do not wrap keep their natural width. Mode and effect give way first, one
    column at a time from the wider, down to 16; then step and surfaces down to their
    longest hyphen-separated part; then mode and effect down to 10, then 8. A table that still
    does not fit is left wider than ``width``.
    """
    index = {c.key: i for i, c in enumerate(cols)}
    text = [index[k] for k in _WRAP if k in index and k in _TEXT]
    ids = [index[k] for k in _WRAP if k in index and k not in _TEXT]
    id_floor = {i: max(_id_floor(r[i]) for r in rows) for i in ids}
    floors = (_FLOOR, _LAST)
    stages = [dict.fromkeys(text, _COMFORT), id_floor, *(dict.fromkeys(text, f) for f in floors)]
    return fit([c.header for c in cols], rows, width, stages)


def render(view: FmeaView) -> str:
    """Heading, the table (wrapped to ``view.width``) and the summary lines."""
    from blueprint.output.style import paint

    lang = view.lang
    heading = t(
        "fmea.heading", lang, title=printable(view.bp.title).replace("\n", " "), profile=view.profile_name
    )
    if not view.shown:
        return "\n".join([heading, "", *summary_lines(view)]) + "\n"
    cols = columns(view)
    keys = [c.key for c in cols]
    marks: list[tuple[str, str | None, bool]] = []  # per row: AP, residual AP, needs an action
    rows = []
    for s in view.shown:
        chains = s.ranked_chains() if s.failure.chained else []
        for k, texts in enumerate(chain_rows(s, lang, uncertainty=view.uncertainty)):
            rows.append([printable(texts[key]) for key in keys])
            c = chains[k] if chains else s
            marks.append((c.ap, c.residual_ap, c.needs_action))
    sizes = _fit(cols, rows, view.width)
    body: list[list[str]] = []
    for (ap, residual_ap, needs), row in zip(marks, rows, strict=True):
        cell = dict(zip(keys, wrap_cells(row, sizes), strict=True))
        if view.color:
            strong = {"bold": True} if ap == "H" else {}
            cell["ap"] = paint(cell["ap"], True, fg=_AP_STYLE[ap], **strong)
            if residual_ap:
                _, nl, rest = cell["res"].partition("\n")
                cell["res"] = ap + "→" + paint(residual_ap, True, fg=_AP_STYLE[residual_ap]) + nl + rest
            if needs:
                cell["actions"] = paint(cell["actions"], True, fg="red", bold=True)
        body.append([cell[k] for k in keys])
    table = layout(body, [c.header for c in cols], [c.align for c in cols])
    return "\n".join([heading, "", table, "", *summary_lines(view)]) + "\n"

"""``blueprint fmea --format csv``: one row per failure, for spreadsheets and scripts.

UTF-8 with a byte-order mark, which is what Excel needs to open Chinese text intact;
column names are the JSON contract's keys (English, stable). A text cell that a
spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return) gets a leading single quote; numbers, negative ones included, stay numbers.
"""

from __future__ import annotations

import csv
import io
from typing import Final

from blueprint.output.fmea_view import FmeaView

BOM: Final = "\ufeff"

HEADER: Final[tuple[str, ...]] = (
    "rank",
    "ref",
    "id",
    "step",
    "lane",
    "phase",
    "mode",
    "effect",
    "cause",
    "prevention",
    "detection_control",
    "severity",
    "occurrence",
    "detection",
    "rpn",
    "criticality",
    "ap",
    "residual_severity",
    "residual_occurrence",
    "residual_detection",
    "residual_rpn",
    "residual_ap",
    "action_status",
    "actions",
    "justification",
    "surfaces_at",
    "at_risk",
    "residual_at_risk",
    "currency",
)


def neutralise(value: object) -> str:
    """A cell as text that no spreadsheet evaluates: formulas get a leading ``'``.

    ``None`` is an empty cell; numbers stay numbers. Text goes through the worksheet's
    rule (:func:`blueprint.worksheet.layout.neutralise`), so both CSV outputs treat a text cell
    such as ``-2`` or ``=SUM(A1)`` alike: it stays the text it is.
    """
    from blueprint.common.spreadsheet import neutralise as neutralise_text

    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return _number(value)
    return neutralise_text(str(value))


def _number(x: float) -> str:
    """Integers without ``.0``, money to the cent at most."""
    if isinstance(x, int) or float(x).is_integer():
        return str(int(x))
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _actions(view: FmeaView, index: int) -> str:
    """Each action on its own line: ``[status] title; owner; due; revised S/O/D``."""
    lines = []
    for a in view.shown[index].failure.actions:
        parts = [f"[{a.status}] {a.title}"]
        if a.owner:
            parts.append(a.owner)
        if a.due:
            parts.append(a.due)
        if a.revised:
            r = a.revised
            parts.append(f"revised S{r.severity} O{r.occurrence} D{r.detection}")
        lines.append("; ".join(parts))
    return "\n".join(lines)


def _status(view: FmeaView, index: int) -> str:
    """``done:1 in-progress:1 open:1`` (statuses in their lifecycle order)."""
    from blueprint.vocabulary import STATUSES

    actions = view.shown[index].failure.actions
    return " ".join(f"{st}:{n}" for st in STATUSES if (n := sum(a.status == st for a in actions)))


def render(view: FmeaView) -> str:
    """The CSV text, starting with the byte-order mark; rows end in CRLF as RFC 4180 says."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(HEADER)
    currency = view.currency or None
    for i, s in enumerate(view.shown):
        f = s.failure
        r = f.ratings
        res = s.residual
        row: list[object] = [
            s.rank,
            s.ref,
            f.id,
            f.step,
            s.step.lane,
            s.step.phase,
            f.mode,
            f.effect,
            f.cause,
            f.prevention,
            f.detection_control,
            r.severity,
            r.occurrence,
            r.detection,
            s.rpn,
            s.criticality,
            s.ap,
            None if res is None else res.severity,
            None if res is None else res.occurrence,
            None if res is None else res.detection,
            s.residual_rpn,
            s.residual_ap,
            _status(view, i),
            _actions(view, i),
            f.justification,
            " ".join(s.surfaces_at),
            None if s.at_risk is None else round(s.at_risk, 2),
            None if s.residual_at_risk is None else round(s.residual_at_risk, 2),
            currency if view.has_money else None,
        ]
        writer.writerow([neutralise(v) for v in row])
    return BOM + buf.getvalue()

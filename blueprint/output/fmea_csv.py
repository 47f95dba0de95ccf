"""``blueprint fmea --format csv``: one row per failure, for spreadsheets and scripts.

UTF-8 with a byte-order mark, which is what Excel needs to open Chinese text intact;
column names are the JSON contract's keys (English, stable). A text cell that a
spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return) gets a leading single quote; numbers, negative ones included, stay numbers.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Final, NamedTuple

from blueprint.model import Action, Ratings
from blueprint.output.fmea_view import FmeaView

if TYPE_CHECKING:
    from blueprint.analysis.fmea import Scored

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
    "planned_severity",
    "planned_occurrence",
    "planned_detection",
    "planned_rpn",
    "planned_ap",
    "action_status",
    "actions",
    "justification",
    "surfaces_at",
    "felt_at_given",
    "at_risk",
    "residual_at_risk",
    "currency",
    "from",
    "overrides",
    "shared_from",
)


def _planned(p: Ratings | None, ap: str | None) -> list[object]:
    """The planned residual's S, O, D, RPN and AP (empty cells without one)."""
    if p is None:
        return [None] * 5
    return [p.severity, p.occurrence, p.detection, p.rpn, ap]


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


def _actions(actions: tuple[Action, ...]) -> str:
    """Each action on its own line: ``[status] title; owner; due; revised S/O/D``."""
    lines = []
    for a in actions:
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


def _status(actions: tuple[Action, ...]) -> str:
    """``done:1 in-progress:1 open:1`` (statuses in their lifecycle order)."""
    from blueprint.vocabulary import STATUSES

    return " ".join(f"{st}:{n}" for st in STATUSES if (n := sum(a.status == st for a in actions)))


class _Chain(NamedTuple):
    """What one CSV row says of its failure chain."""

    ref: str
    cause: str
    prevention: str
    detection_control: str
    ratings: Ratings
    rpn: int
    criticality: int
    ap: str
    residual: Ratings | None
    residual_rpn: int | None
    residual_ap: str | None
    actions: tuple[Action, ...]
    justification: str | None
    planned: Ratings | None
    planned_ap: str | None
    surfaces_at: tuple[str, ...]
    felt_at_given: bool


def _chains(s: Scored) -> list[_Chain]:
    """One row per failure chain (one for a failure without ``causes:``)."""
    f = s.failure
    if not f.chained:
        own = (f.cause, f.prevention, f.detection_control, f.ratings, s.rpn, s.criticality, s.ap)
        return [
            _Chain(
                s.ref,
                *own,
                s.residual,
                s.residual_rpn,
                s.residual_ap,
                f.actions,
                f.justification,
                s.planned,
                s.planned_ap,
                s.surfaces_at,
                f.felt_at is not None,
            )
        ]
    return [
        _Chain(
            c.ref,
            c.cause.cause,
            c.cause.prevention,
            c.cause.detection_control,
            c.ratings,
            c.rpn,
            c.ratings.criticality,
            c.ap,
            c.residual,
            c.residual_rpn,
            c.residual_ap,
            c.cause.actions,
            c.cause.justification or f.justification,
            c.planned,
            c.planned_ap,
            c.surfaces_at,
            c.felt_at_given,
        )
        for c in s.ranked_chains()
    ]


def render(view: FmeaView) -> str:
    """The CSV text, starting with the byte-order mark; rows end in CRLF as RFC 4180 says."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(HEADER)
    currency = view.currency or None
    for s in view.shown:
        f = s.failure
        for c in _chains(s):
            r, res = c.ratings, c.residual
            row: list[object] = [
                s.rank,
                c.ref,
                f.id,
                f.step,
                s.step.lane,
                s.step.phase,
                f.mode,
                f.effect,
                c.cause,
                c.prevention,
                c.detection_control,
                r.severity,
                r.occurrence,
                r.detection,
                c.rpn,
                c.criticality,
                c.ap,
                None if res is None else res.severity,
                None if res is None else res.occurrence,
                None if res is None else res.detection,
                c.residual_rpn,
                c.residual_ap,
                *_planned(c.planned, c.planned_ap),
                _status(c.actions),
                _actions(c.actions),
                c.justification,
                " ".join(c.surfaces_at),
                c.felt_at_given,
                None if s.at_risk is None else round(s.at_risk, 2),
                None if s.residual_at_risk is None else round(s.residual_at_risk, 2),
                currency if view.has_money else None,
                f.from_id,
                " ".join(f.overrides) or None,
                s.step.shared_from,
            ]
            writer.writerow([neutralise(v) for v in row])
    return BOM + buf.getvalue()

"""The report of a blueprint: what ``blueprint report`` tells, gathered once for every format.

:func:`build_report` collects the summary, the ranked failure modes (from
:mod:`blueprint.analysis.fmea`), the action plan, the critical touchpoints and the wait points
(from :mod:`blueprint.analysis.touchpoints`) into a :class:`Report`;
:mod:`blueprint.report.html` and :mod:`blueprint.report.markdown` write it, and
:func:`blueprint.report.outputs.make_outputs` adds the diagram from :mod:`blueprint.render`.

The report is a pure function of the blueprint, the options and ``today``: the date
against which actions count as overdue is the only input that is not in the file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from blueprint.i18n import t
from blueprint.output.fmea_view import WithEconomics

if TYPE_CHECKING:
    from blueprint.analysis.core import Analysis
    from blueprint.analysis.fmea import Chain, Scored
    from blueprint.analysis.matrix import RiskMatrix
    from blueprint.analysis.money import Totals
    from blueprint.analysis.touchpoints import Touchpoint, WaitPoint
    from blueprint.analysis.uncertainty import Uncertainty
    from blueprint.model import Action, Blueprint
    from blueprint.output.plan import PlanView

__all__ = [
    "OPEN_STATUSES",
    "OwnerPlan",
    "PlanItem",
    "Report",
    "Summary",
    "build_report",
    "parse_day",
]

OPEN_STATUSES = ("open", "in-progress")
"""Action statuses that belong in the action plan."""

TOP_TOUCHPOINTS = 10


@dataclass(frozen=True)
class PlanItem:
    """An open or in-progress action, the failure mode it is for, and whether it is overdue."""

    action: Action
    scored: Scored
    overdue: bool
    #: the failure chain (cause) the action addresses, for a mode with ``causes:``
    chain: Chain | None = None


@dataclass(frozen=True)
class OwnerPlan:
    """The actions of one owner (``None``: actions that name no owner)."""

    owner: str | None
    items: tuple[PlanItem, ...]


@dataclass(frozen=True)
class Summary:
    """The counts and money at the top of the report."""

    steps: int
    fail_points: int
    wait_points: int
    failures: int
    high: int
    medium: int
    low: int
    lacking: int  # AP H with neither a live action nor a justification
    at_risk: float | None  # money at risk per year, None without economics
    residual_at_risk: float | None  # once done actions take effect; None when none revises a rating
    open_actions: int
    overdue: int
    #: the ids of the ``lacking`` failures, in ranked order
    lacking_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Report(WithEconomics):
    """Everything a report shows, in the order it shows it."""

    bp: Blueprint
    source: str  # the blueprint's file name, as the footer names it
    lang: str
    today: dt.date
    profile: str  # the AP profile's own name
    summary: Summary
    ranked: tuple[Scored, ...]
    plan: tuple[OwnerPlan, ...]
    touchpoints: tuple[Touchpoint, ...]
    touchpoints_total: int
    wait_points: tuple[WaitPoint, ...]
    #: failure chains by severity and occurrence
    matrix: RiskMatrix
    totals: Totals | None = None  # upper bound and journey estimate, None without economics
    uncertainty: Uncertainty | None = None  # with --uncertainty
    funded: PlanView | None = None  # with --budget

    def step_title(self, step_id: str) -> str:
        """A step's title (its id when the blueprint has no such step)."""
        step = self.bp.step(step_id)
        return step.title if step is not None else step_id

    def phase_title(self, phase_id: str | None) -> str:
        """A phase's title (its id when undeclared); without a phase, "all phases" when the
        blueprint declares phases (a shared support step), else empty."""
        if phase_id is None:
            return t("report.phase.all", self.lang) if self.bp.phases else ""
        return next((p.title for p in self.bp.phases if p.id == phase_id), phase_id)


def parse_day(text: str | None) -> dt.date | None:
    """A ``YYYY-MM-DD`` date, or None for no date or one that does not parse."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


def _is_overdue(action: Action, today: dt.date) -> bool:
    due = parse_day(action.due)
    return action.status in OPEN_STATUSES and due is not None and due < today


def _plan(ranked: list[Scored], today: dt.date) -> tuple[OwnerPlan, ...]:
    """Open and in-progress actions by owner: owners sorted, the actions without one last.

    Inside a group: earliest due date first (no date last), then the failure's rank, then
    file order, so overdue actions lead.
    """
    groups: dict[str | None, list[tuple[tuple[bool, str, int, int], PlanItem]]] = {}
    for s in ranked:
        pairs: list[tuple[Chain | None, Action]] = (
            [(c, a) for c in s.chains for a in c.cause.actions]
            if s.failure.chained
            else [(None, a) for a in s.failure.actions]
        )
        for i, (chain, action) in enumerate(pairs):
            if action.status not in OPEN_STATUSES:
                continue
            due = parse_day(action.due)
            key = (due is None, due.isoformat() if due else "", s.rank, i)
            owner = action.owner.strip() if action.owner and action.owner.strip() else None
            item = PlanItem(action, s, _is_overdue(action, today), chain)
            groups.setdefault(owner, []).append((key, item))
    owners: list[str | None] = [
        *sorted((o for o in groups if o is not None), key=lambda o: (o.casefold(), o))
    ]
    if None in groups:
        owners.append(None)
    return tuple(
        OwnerPlan(owner, tuple(item for _, item in sorted(groups[owner], key=lambda pair: pair[0])))
        for owner in owners
    )


def _summary(bp: Blueprint, ranked: list[Scored], plan: tuple[OwnerPlan, ...]) -> Summary:
    money = None
    residual = None
    if bp.economics is not None:
        money = sum(s.at_risk or 0.0 for s in ranked)
        if any(s.residual_at_risk is not None for s in ranked):
            residual = sum(
                s.residual_at_risk if s.residual_at_risk is not None else (s.at_risk or 0.0) for s in ranked
            )
    items = [item for group in plan for item in group.items]
    return Summary(
        steps=len(bp.steps),
        fail_points=sum(step.is_fail_point for step in bp.steps),
        wait_points=sum(step.is_wait_point for step in bp.steps),
        failures=len(ranked),
        high=sum(s.ap == "H" for s in ranked),
        medium=sum(s.ap == "M" for s in ranked),
        low=sum(s.ap == "L" for s in ranked),
        lacking=sum(s.needs_action for s in ranked),
        at_risk=money,
        residual_at_risk=residual,
        open_actions=len(items),
        overdue=sum(item.overdue for item in items),
        lacking_ids=tuple(s.failure.id for s in ranked if s.needs_action),
    )


def build_report(
    analysis: Analysis,
    *,
    source: str,
    lang: str = "en",
    today: dt.date | None = None,
    uncertainty: Uncertainty | None = None,
    funded: PlanView | None = None,
) -> Report:
    """Gather the report of the analysed blueprint; ``today`` (default: the current date)
    decides what is overdue; ``uncertainty`` and ``funded`` (the plan of ``--budget``) are
    shown when given."""
    bp = analysis.blueprint
    day = today or dt.date.today()
    ranked = analysis.ranked("ap")
    plan = _plan(ranked, day)
    touch = analysis.touchpoints
    return Report(
        bp=bp,
        source=source,
        lang=lang,
        today=day,
        profile=analysis.profile.name,
        summary=_summary(bp, ranked, plan),
        ranked=tuple(ranked),
        plan=plan,
        touchpoints=tuple(touch[:TOP_TOUCHPOINTS]),
        touchpoints_total=len(touch),
        wait_points=tuple(analysis.wait_points),
        matrix=analysis.matrix,
        totals=analysis.totals,
        uncertainty=uncertainty,
        funded=funded,
    )

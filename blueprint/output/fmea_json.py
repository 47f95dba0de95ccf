"""``blueprint fmea --format json``: the stable JSON contract other tools read.

One object: ``{"blueprint", "file", "profile", "currency", "failures", "totals"}``; each failure keeps
its fields in a fixed order and lists its failure chains in ``causes`` (one for a failure
written without ``causes:``). Documented field by field in ``docs/fmea.md``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from blueprint.analysis.ap import DEFAULT_PROFILE, ProfileRef, load_profile

if TYPE_CHECKING:
    from blueprint.analysis.fmea import Chain, Scored
    from blueprint.analysis.money import Totals
    from blueprint.analysis.uncertainty import Uncertainty
    from blueprint.model import Action, Blueprint, Ratings
    from blueprint.output.fmea_view import FmeaView


def render(view: FmeaView) -> str:
    """The contract as indented JSON, keys in their fixed order, non-ASCII text kept as is."""
    data = fmea_json(view.bp, list(view.shown), view.file, profile=view.profile, totals=view.totals)
    if view.uncertainty is not None:
        add_quantiles(data, view.uncertainty)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _money(x: float | None) -> float | None:
    """Money rounded to cents, so JSON carries no float noise."""
    return None if x is None else round(x, 2)


def failure_json(s: Scored, position: int) -> dict[str, Any]:
    """One failure of the JSON contract (keys in a fixed order); ratings of its worst chain."""
    f = s.failure
    r = s.ratings
    worst = s.worst
    residual = None if s.residual is None else _ratings_json(s.residual, s.residual_rpn, s.residual_ap)
    planned = None if s.planned is None else _ratings_json(s.planned, s.planned.rpn, s.planned_ap)
    actions = _actions_json(f.actions)
    cause = worst.cause if worst is not None else None
    return {
        "rank": s.rank or position,
        "ref": s.ref,
        "id": f.id,
        "step": f.step,
        "lane": s.step.lane,
        "phase": s.step.phase,
        "mode": f.mode,
        "effect": f.effect,
        "cause": cause.cause if cause is not None else f.cause,
        "controls": {
            "prevention": cause.prevention if cause is not None else f.prevention,
            "detection": cause.detection_control if cause is not None else f.detection_control,
        },
        "severity": r.severity,
        "occurrence": r.occurrence,
        "detection": r.detection,
        "rpn": s.rpn,
        "criticality": s.criticality,
        "ap": s.ap,
        "residual": residual,
        "planned": planned,
        "actions": actions,
        "justification": f.justification,
        "surfaces_at": list(s.surfaces_at),
        "felt_at_given": any(c.felt_at_given for c in s.chains) if s.chains else f.felt_at is not None,
        "at_risk": _money(s.at_risk),
        "residual_at_risk": _money(s.residual_at_risk),
        "causes": [_chain_json(c) for c in s.chains],
        "at_risk_parts": None
        if s.money is None
        else {"lost_revenue": _money(s.money.lost_revenue), "incident_cost": _money(s.money.incident_cost)},
        "retention_band": None if s.money is None else s.money.band or None,
        "from": f.from_id,
        "overrides": list(f.overrides),
        "shared_from": s.step.shared_from,
    }


def _ratings_json(r: Ratings, rpn: int | None, ap: str | None) -> dict[str, Any]:
    return {
        "severity": r.severity,
        "occurrence": r.occurrence,
        "detection": r.detection,
        "rpn": rpn,
        "ap": ap,
    }


def _actions_json(actions: tuple[Action, ...]) -> list[dict[str, Any]]:
    return [
        {
            "title": a.title,
            "owner": a.owner,
            "due": a.due,
            "status": a.status,
            "revised": None
            if a.revised is None
            else {
                "severity": a.revised.severity,
                "occurrence": a.revised.occurrence,
                "detection": a.revised.detection,
            },
            "cost": a.cost,
        }
        for a in actions
    ]


def _chain_json(c: Chain) -> dict[str, Any]:
    """One failure chain: its cause, ratings, scores, residual, planned residual, actions,
    where it is felt and its part of the money at risk."""
    residual = None if c.residual is None else _ratings_json(c.residual, c.residual_rpn, c.residual_ap)
    planned = None if c.planned is None else _ratings_json(c.planned, c.planned.rpn, c.planned_ap)
    m = c.money
    return {
        "ref": c.ref,
        "id": c.id,
        "cause": c.cause.cause,
        "controls": {"prevention": c.cause.prevention, "detection": c.cause.detection_control},
        "occurrence": c.ratings.occurrence,
        "detection": c.ratings.detection,
        "rpn": c.rpn,
        "ap": c.ap,
        "residual": residual,
        "planned": planned,
        "actions": _actions_json(c.cause.actions),
        "justification": c.cause.justification,
        "surfaces_at": list(c.surfaces_at),
        "felt_at_given": c.felt_at_given,
        "cost_per_incident": c.cause.cost_per_incident,
        "at_risk": None if m is None else _money(m.at_risk),
        "at_risk_parts": None
        if m is None
        else {"lost_revenue": _money(m.lost_revenue), "incident_cost": _money(m.incident_cost)},
    }


def totals_json(totals: Totals | None) -> dict[str, Any] | None:
    """The ``totals`` of the JSON contract (None without economics)."""
    if totals is None:
        return None
    return {
        "at_risk_upper_bound": _money(totals.upper_bound),
        "at_risk_journey": _money(totals.journey),
        "residual_at_risk_upper_bound": _money(totals.residual_upper_bound),
        "residual_at_risk_journey": _money(totals.residual_journey),
    }


def fmea_json(
    bp: Blueprint,
    ranked: list[Scored],
    file: str,
    *,
    profile: ProfileRef = DEFAULT_PROFILE,
    totals: Totals | None = None,
) -> dict[str, Any]:
    """The JSON contract: ``{"blueprint", "file", "profile", "currency", "failures", "totals"}``.

    ``failures`` keeps the order of ``ranked``; ``profile`` is the AP profile's name
    (a user file's ``name``, else its file stem); ``currency`` is null without economics;
    ``totals`` (null without economics) are those of the listed failures.
    """
    return {
        "blueprint": bp.title,
        "file": file,
        "profile": load_profile(profile).name,
        "currency": (bp.economics.currency or None) if bp.economics is not None else None,
        "failures": [failure_json(s, i) for i, s in enumerate(ranked, start=1)],
        "totals": totals_json(totals),
    }


def add_quantiles(data: dict[str, Any], uncertainty: Uncertainty) -> None:
    """``at_risk_p10/p50/p90`` on each failure and ``at_risk_journey_p10/...`` in ``totals``."""
    for entry in data["failures"]:
        q = uncertainty.failures.get(entry["id"])
        if q is not None:
            entry.update(
                at_risk_p10=round(q.p10, 2), at_risk_p50=round(q.p50, 2), at_risk_p90=round(q.p90, 2)
            )
    j = uncertainty.journey
    if data.get("totals") is not None:
        data["totals"].update(
            at_risk_journey_p10=round(j.p10, 2),
            at_risk_journey_p50=round(j.p50, 2),
            at_risk_journey_p90=round(j.p90, 2),
        )
        data["totals"]["draws"] = uncertainty.draws
        data["totals"]["seed"] = uncertainty.seed

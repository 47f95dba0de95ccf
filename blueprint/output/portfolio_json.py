"""``blueprint portfolio --format json``: the portfolio's JSON contract.

``{"portfolio": [{"file", "title"}], "profile", "currency", "failures": [...], "matrix": {...}}``.
Each failure carries every field of the ``fmea`` JSON contract
(:func:`blueprint.output.fmea_json.failure_json`), with ``rank`` its place in the
portfolio, then ``file`` (where it is written), ``shared``, ``from`` and ``overrides``,
``journeys`` (each journey it reaches: ``file``, ``title``, ``surfaces_at``, ``at_risk``)
and ``at_risk_total``. For a failure that reaches several journeys, ``surfaces_at`` lists
the customer steps of them all (each id once), and ``at_risk``, ``residual_at_risk`` and
``at_risk_parts`` are the sums over the journeys. ``matrix`` is the risk matrix of the
failures' chains (as ``fmea --matrix --format json`` gives it).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from blueprint.analysis.portfolio import Entry, Portfolio
    from blueprint.output.portfolio import PortfolioView


def _money(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


def _parts(e: Entry) -> dict[str, float | None] | None:
    found = [r.scored.money for r in e.reaches if r.scored.money is not None]
    if not found:
        return None
    return {
        "lost_revenue": _money(sum(m.lost_revenue for m in found)),
        "incident_cost": _money(sum(m.incident_cost for m in found)),
    }


def entry_json(e: Entry) -> dict[str, Any]:
    """One failure: the ``fmea`` contract's fields, then the portfolio's."""
    from blueprint.output.fmea_json import failure_json

    data = failure_json(e.scored, e.rank)
    f = e.scored.failure
    data["surfaces_at"] = list(e.surfaces_at)
    data["at_risk"] = _money(e.at_risk_total)
    data["residual_at_risk"] = _money(e.residual_at_risk_total)
    data["at_risk_parts"] = _parts(e)
    data.setdefault("from", f.from_id)
    data.setdefault("overrides", list(f.overrides))
    data["file"] = e.origin
    data["shared"] = e.shared
    data["journeys"] = [
        {
            "file": r.journey.file,
            "title": r.journey.title,
            "surfaces_at": list(r.surfaces_at),
            "at_risk": _money(r.at_risk),
        }
        for r in e.reaches
    ]
    data["at_risk_total"] = _money(e.at_risk_total)
    return data


def portfolio_json(p: Portfolio) -> dict[str, Any]:
    """The whole contract as plain data."""
    matrix = p.matrix.to_json()
    return {
        "portfolio": [{"file": j.file, "title": j.title} for j in p.journeys],
        "profile": p.profile,
        "currency": p.currency,
        "failures": [entry_json(e) for e in p.entries],
        "at_risk_total": _money(p.at_risk_total),
        "matrix": matrix,
    }


def render(view: PortfolioView) -> str:
    """The contract as indented JSON, keys in their fixed order, non-ASCII text kept as is."""
    return json.dumps(portfolio_json(view.portfolio), ensure_ascii=False, indent=2) + "\n"

"""Money at risk over the whole journey: the upper bound and the journey estimate.

Each failure loses a share ``p x q`` of all customers (``p`` meet it, ``q`` of those are
lost; see :mod:`blueprint.analysis.economics`). Summing the failures counts a customer who meets
two failures twice: that sum is an upper bound. With failures independent and each
customer lost at most once, the journey loses ``1 - prod(1 - p_i q_i)`` of its customers::

    journey = customers x revenue x (1 - prod(1 - p_i q_i)) + sum(incident costs)

Incident costs (refunds, rework, compensation) are paid per incident, so they add up.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from blueprint.analysis.economics import Breakdown, breakdown, require
from blueprint.model import Blueprint, Failure, Ratings

__all__ = ["Totals", "journey", "totals"]


@dataclass(frozen=True)
class Totals:
    """Money at risk per year for a set of failures; the residual ones once done actions act."""

    upper_bound: float
    journey: float
    residual_upper_bound: float | None = None  # None when no done action revises a rating
    residual_journey: float | None = None


def journey(customers: float, revenue: float, parts: Iterable[Breakdown]) -> float:
    """``customers x revenue x (1 - prod(1 - p_i q_i)) + sum(incident costs)``."""
    survive = 1.0
    incidents = 0.0
    for b in parts:
        if customers > 0:
            survive *= 1.0 - min(1.0, b.lost / customers)
        incidents += b.incident_cost
    return customers * revenue * (1.0 - survive) + incidents


def totals(bp: Blueprint, failures: Sequence[Failure], ratings: dict[str, Ratings] | None = None) -> Totals:
    """The upper bound and journey estimate of ``failures`` (and their residual).

    ``ratings`` overrides the residual ratings by failure id (a plan's planned ratings);
    without it, each failure's done actions give them. Raises
    :class:`blueprint.analysis.economics.EconomicsError` without an ``economics:`` block.
    """
    econ = require(bp)
    now = [breakdown(bp, f) for f in failures]
    planned = dict(ratings or {})
    for f in failures:
        if f.id not in planned and f.residual is not None:
            planned[f.id] = f.residual
    n, rev = econ.customers, econ.revenue_per_customer
    result = Totals(sum(b.at_risk for b in now), journey(n, rev, now))
    if not planned:
        return result
    after = [breakdown(bp, f, planned.get(f.id)) for f in failures]
    return Totals(result.upper_bound, result.journey, sum(b.at_risk for b in after), journey(n, rev, after))

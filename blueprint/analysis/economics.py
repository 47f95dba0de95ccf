"""Money at risk: the TARP market-damage model (after Goodman, *Customer 3.0*).

For a failure met by a share ``p`` of the year's ``N`` customers, ``P = N x p`` customers
meet it. A share ``c`` of them complain; of those, a share ``r`` are resolved to their
satisfaction. Each group keeps a different share of its customers loyal (TARP's
retention rates), so the customers lost are::

    lost = P(1-c)(1-silent) + P c r (1-resolved) + P c (1-r)(1-unresolved)

and the money at risk per year is ``lost x revenue_per_customer + P x cost_per_incident``
(refunds, rework, compensation: what each affected customer costs).

The retention rates follow the failure's severity (TARP distinguishes serious from minor
problems): S1-4 the "under $5" row, S8-10 the "over $100" row, S5-7 the mean of the two,
or the file's ``retention_by_severity`` bands; a file that sets ``economics.retention``
uses that one set for every failure.

``p`` is the failure's ``affected`` share when the file gives one; otherwise it comes
from the occurrence rating through the classic per-thousand scale (O 10 = 100 per
1,000 ... O 1 = 0.01 per 1,000). For the residual risk after done actions, ``p`` follows
the residual occurrence: an explicit ``affected`` is scaled by the ratio of the scale
values of the residual and the original occurrence (the file's own estimate stays the
anchor, the rating change says by how much it moves); without ``affected`` the scale
value of the residual occurrence is used directly. ``p`` never exceeds 1.

The retention rates are survey-stated repurchase intentions, and failures may overlap
(one customer can meet several), so a sum over failures is an upper bound;
:mod:`blueprint.analysis.money` gives the journey estimate beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, Protocol

from blueprint.errors import EconomicsError
from blueprint.i18n import msg
from blueprint.model import Blueprint, Economics, Failure, Ratings, Retention

__all__ = [
    "OCCURRENCE_PER_THOUSAND",
    "Breakdown",
    "EconomicsError",
    "affected_share",
    "at_risk",
    "breakdown",
    "breakdown_at",
    "cause_weights",
    "chain_rates",
    "chained_share",
    "explain",
    "format_number",
    "incident_rate",
    "lowered_occurrences",
    "mode_rate",
    "require",
    "scale_share",
]

OCCURRENCE_PER_THOUSAND: Final[dict[int, float]] = {
    10: 100.0,
    9: 50.0,
    8: 20.0,
    7: 10.0,
    6: 5.0,
    5: 2.0,
    4: 1.0,
    3: 0.5,
    2: 0.1,
    1: 0.01,
}
"""Classic (AIAG 4th edition style) occurrence scale: failures per 1,000 for each rating."""

_DEFAULTS: Final = Economics(customers=0, revenue_per_customer=0)


class CarriesIncidentCost(Protocol):
    """Anything that may set ``cost_per_incident``: a failure, and a failure cause."""

    @property
    def cost_per_incident(self) -> float | None: ...


def incident_rate(econ: Economics, *carriers: CarriesIncidentCost | None) -> tuple[float, str]:
    """Money per affected customer and where it comes from (``"file"``, ``"default"``, ``"none"``).

    The first of ``carriers`` (most specific first: a cause, then its failure) that sets
    ``cost_per_incident`` gives it; else the ``economics`` default when the file sets one.
    """
    for carrier in carriers:
        if carrier is not None and carrier.cost_per_incident is not None:
            return carrier.cost_per_incident, "file"
    if econ.cost_per_incident:
        return econ.cost_per_incident, "default"
    return 0.0, "none"


@dataclass(frozen=True)
class ChainMoney:
    """One failure chain's part of its mode's money at risk.

    The customers who meet the mode are shared among its causes in proportion to each
    cause's occurrence share (``weight``); each chain's incidents cost its own rate.
    """

    cause: str  # the cause's id (the failure's id for a failure without ``causes:``)
    weight: float  # p_c / sum(p): this chain's part of the customers who meet the mode
    met: float  # P x weight
    per_incident: float  # k of this chain: the cause's, else the failure's, else the default
    source: str  # where per_incident comes from: "cause", "file", "default" or "none"
    lost_revenue: float
    incident_cost: float

    @property
    def at_risk(self) -> float:
        return self.lost_revenue + self.incident_cost


@dataclass(frozen=True)
class Breakdown:
    """Every intermediate number of the model for one failure (and one set of ratings)."""

    share: float  # p: share of customers who meet the failure per year
    share_source: str  # "affected", "scale" or "scaled" (affected x residual ratio)
    met: float  # P = customers x p
    lost_silent: float  # P(1-c)(1-silent)
    lost_resolved: float  # P c r (1-resolved)
    lost_unresolved: float  # P c (1-r)(1-unresolved)
    lost: float
    at_risk: float  # lost_revenue + incident_cost
    lost_revenue: float = 0.0  # lost x revenue per customer
    incident_cost: float = 0.0  # P x cost per incident
    per_incident: float = 0.0  # the cost per incident used
    retention: Retention = field(default_factory=Retention)
    band: str = ""  # "" (the file's one set), "minor", "moderate", "serious" or "S<a>-<b>" (a file band)
    #: each failure chain's part (one for a failure without ``causes:``); they add up to the above
    chains: tuple[ChainMoney, ...] = ()

    @property
    def loss_share(self) -> float:
        """``p x q``: the share of all customers this failure loses (0 with no customers)."""
        return self.share * (self.lost / self.met) if self.met else 0.0


def affected_share(failure: Failure, ratings: Ratings | None = None) -> tuple[float, str]:
    """The share ``p`` of customers meeting ``failure`` per year and where it comes from.

    With ``ratings`` (the residual ones), ``p`` follows their occurrence as the module
    docstring explains. The source is ``"affected"``, ``"scale"`` or ``"scaled"``.
    """
    if failure.chained:
        return _chained_share(failure, residual=ratings is not None)
    base_o = failure.ratings.occurrence
    o = base_o if ratings is None else ratings.occurrence
    if failure.affected is None:
        return OCCURRENCE_PER_THOUSAND[o] / 1000, "scale"
    if o == base_o:
        return failure.affected, "affected"
    ratio = OCCURRENCE_PER_THOUSAND[o] / OCCURRENCE_PER_THOUSAND[base_o]
    return min(1.0, failure.affected * ratio), "scaled"


def scale_share(occurrence: int) -> float:
    return OCCURRENCE_PER_THOUSAND[occurrence] / 1000


def _chained_share(failure: Failure, *, residual: bool) -> tuple[float, str]:
    """A mode with several causes: the customer meets it when any cause strikes,
    ``1 - Π(1 - p_c)`` with each cause's share from its occurrence (its residual one after
    done actions); ``affected`` on the mode is scaled by the same ratio."""
    base = 1.0
    after = 1.0
    for cause in failure.causes:
        base *= 1 - scale_share(cause.occurrence)
        revised = failure.chain_residual(cause) if residual else None
        after *= 1 - scale_share(revised.occurrence if revised is not None else cause.occurrence)
    p_base, p_after = 1 - base, 1 - after
    if failure.affected is None:
        return (p_after if residual else p_base), "scale"
    if not residual or p_after == p_base:
        return failure.affected, "affected"
    return min(1.0, failure.affected * p_after / p_base), "scaled"


def breakdown(bp: Blueprint, failure: Failure, ratings: Ratings | None = None) -> Breakdown:
    """The model's numbers for ``failure`` (residual ones with ``ratings``).

    The retention band follows the severity of ``ratings`` (a revised severity may move a
    failure to another band). Raises :class:`EconomicsError` when the blueprint has no
    ``economics:`` block.
    """
    p, source = affected_share(failure, ratings)
    occurrences = None
    if ratings is not None and failure.chained:
        occurrences = {c.id: (failure.chain_residual(c) or c).occurrence for c in failure.causes}
    return breakdown_at(bp, failure, p, source, (ratings or failure.ratings).severity, occurrences)


def cause_weights(failure: Failure, occurrences: dict[str, int] | None = None) -> list[float]:
    """Each cause's part of the customers who meet ``failure``: its occurrence share over the
    sum of its causes' shares (``occurrences``: cause id -> the occurrence to use)."""
    if len(failure.causes) == 1:
        return [1.0]
    shares = [scale_share((occurrences or {}).get(c.id, c.occurrence)) for c in failure.causes]
    total = sum(shares)
    return [x / total for x in shares]


def chain_rates(econ: Economics, failure: Failure) -> list[tuple[float, str]]:
    """Each chain's cost per incident and its source: ``"cause"`` (the cause's own), else
    the failure's (``"file"``), else the economics default, else ``"none"``."""
    out = []
    for cause in failure.causes:
        if cause.cost_per_incident is not None:
            out.append((cause.cost_per_incident, "cause"))
        else:
            out.append(incident_rate(econ, failure))
    return out


def mode_rate(econ: Economics, failure: Failure, occurrences: dict[str, int] | None = None) -> float:
    """The cost per incident of ``failure``: its chains' rates weighted by :func:`cause_weights`."""
    rates = [k for k, _ in chain_rates(econ, failure)]
    if len(set(rates)) == 1:
        return rates[0]  # one rate for every chain: exactly it
    return sum(w * k for w, k in zip(cause_weights(failure, occurrences), rates, strict=True))


def breakdown_at(
    bp: Blueprint,
    failure: Failure,
    p: float,
    source: str,
    severity: int,
    occurrences: dict[str, int] | None = None,
) -> Breakdown:
    """The model's numbers for ``failure`` met by a share ``p`` of customers at ``severity``;
    ``occurrences`` (cause id -> occurrence) weigh the chains when they are not the current ones."""
    econ = require(bp)
    band = econ.band(severity)
    keep = econ.retention if band is None else band.retention
    c, r = econ.complaint_rate, econ.resolved_rate
    met = econ.customers * p
    silent = met * (1 - c) * (1 - keep.silent)
    resolved = met * c * r * (1 - keep.resolved)
    unresolved = met * c * (1 - r) * (1 - keep.unresolved)
    lost = silent + resolved + unresolved
    revenue = lost * econ.revenue_per_customer
    weights = cause_weights(failure, occurrences)
    chains = tuple(
        ChainMoney(cause.id, w, met * w, k, where, revenue * w, met * w * k)
        for cause, w, (k, where) in zip(failure.causes, weights, chain_rates(econ, failure), strict=True)
    )
    k = mode_rate(econ, failure, occurrences)
    name = "" if band is None else band.name or f"S{band.low}-{band.high}"
    return Breakdown(
        p,
        source,
        met,
        silent,
        resolved,
        unresolved,
        lost,
        revenue + met * k,
        revenue,
        met * k,
        k,
        keep,
        name,
        chains,
    )


def lowered_occurrences(failure: Failure, occurrences: dict[str, int]) -> dict[str, int]:
    """Each cause's occurrence once some are lowered (cause id -> planned occurrence; the
    rest at their residual after done actions)."""
    out = {}
    for cause in failure.causes:
        done = failure.chain_residual(cause)
        o = done.occurrence if done is not None else cause.occurrence
        out[cause.id] = min(o, occurrences.get(cause.id, o))
    return out


def chained_share(failure: Failure, occurrences: dict[str, int]) -> float:
    """The share of a mode with ``causes:`` when some causes' occurrences are lowered
    (cause id -> planned occurrence; the rest at their residual after done actions)."""
    base = after = 1.0
    lowered = lowered_occurrences(failure, occurrences)
    for cause in failure.causes:
        base *= 1 - scale_share(cause.occurrence)
        after *= 1 - scale_share(lowered[cause.id])
    p_base, p_after = 1 - base, 1 - after
    if failure.affected is None:
        return p_after
    return failure.affected if p_after == p_base else min(1.0, failure.affected * p_after / p_base)


def at_risk(bp: Blueprint, failure: Failure, ratings: Ratings | None = None) -> float | None:
    """Money at risk per year for ``failure`` (with ``ratings``: its residual), None without economics."""
    if bp.economics is None:
        return None
    return breakdown(bp, failure, ratings).at_risk


def format_number(x: float) -> str:
    """A number for people: thousands separators, no float noise, small shares kept readable.

    Up to four decimals (``4322.5 -> "4,322.5"``, ``253.125 -> "253.125"``,
    ``32265000.0 -> "32,265,000"``); below 1, about four significant digits
    (``0.0004 -> "0.0004"``, ``0.00001 -> "0.00001"``).
    """
    if x == 0:
        return "0"
    decimals = 4
    while decimals < 12 and abs(x) < 10 ** (3 - decimals):
        decimals += 1  # keep about four significant digits of small shares
    text = f"{x:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def explain(bp: Blueprint, failure: Failure, lang: str = "en") -> list[str]:
    """The calculation of money at risk for ``failure``, one line per step
    (:func:`blueprint.analysis.explain.explain`)."""
    from blueprint.analysis.explain import explain as lines

    return lines(bp, failure, lang)


def require(bp: Blueprint) -> Economics:
    """The blueprint's economics, or an error naming the file."""
    if bp.economics is None:
        raise EconomicsError.worded(
            msg("fmea.error.economics"),
            bp.path,
        )
    return bp.economics

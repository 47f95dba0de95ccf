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
    "chained_share",
    "explain",
    "format_number",
    "incident_rate",
    "require",
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


def _scale(occurrence: int) -> float:
    return OCCURRENCE_PER_THOUSAND[occurrence] / 1000


def _chained_share(failure: Failure, *, residual: bool) -> tuple[float, str]:
    """A mode with several causes: the customer meets it when any cause strikes,
    ``1 - Π(1 - p_c)`` with each cause's share from its occurrence (its residual one after
    done actions); ``affected`` on the mode is scaled by the same ratio."""
    base = 1.0
    after = 1.0
    for cause in failure.causes:
        base *= 1 - _scale(cause.occurrence)
        revised = failure.chain_residual(cause) if residual else None
        after *= 1 - _scale(revised.occurrence if revised is not None else cause.occurrence)
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
    return breakdown_at(bp, failure, p, source, (ratings or failure.ratings).severity)


def breakdown_at(bp: Blueprint, failure: Failure, p: float, source: str, severity: int) -> Breakdown:
    """The model's numbers for ``failure`` met by a share ``p`` of customers at ``severity``."""
    econ = require(bp)
    band = econ.band(severity)
    keep = econ.retention if band is None else band.retention
    c, r = econ.complaint_rate, econ.resolved_rate
    met = econ.customers * p
    silent = met * (1 - c) * (1 - keep.silent)
    resolved = met * c * r * (1 - keep.resolved)
    unresolved = met * c * (1 - r) * (1 - keep.unresolved)
    lost = silent + resolved + unresolved
    k, _ = incident_rate(econ, failure)
    revenue = lost * econ.revenue_per_customer
    name = "" if band is None else band.name or f"S{band.low}-{band.high}"
    return Breakdown(
        p, source, met, silent, resolved, unresolved, lost, revenue + met * k, revenue, met * k, k, keep, name
    )


def chained_share(failure: Failure, occurrences: dict[str, int]) -> float:
    """The share of a mode with ``causes:`` when some causes' occurrences are lowered
    (cause id -> planned occurrence; the rest at their residual after done actions)."""
    base = after = 1.0
    for cause in failure.causes:
        done = failure.chain_residual(cause)
        o = done.occurrence if done is not None else cause.occurrence
        base *= 1 - _scale(cause.occurrence)
        after *= 1 - _scale(min(o, occurrences.get(cause.id, o)))
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
    """The calculation of money at risk for ``failure``, one line per step, every number shown.

    Lines name the source of each input (the file, or the default and where it comes
    from), the retention band the severity chose, give the formula, the intermediate
    numbers, the incident costs, the residual figure when done actions revise the ratings,
    and close with the caveats (survey-stated intentions, overlapping failures). Raises
    :class:`EconomicsError` without an ``economics:`` block.
    """
    from blueprint.common.plain import one_line
    from blueprint.i18n import t

    econ = require(bp)
    b = breakdown(bp, failure)
    # the mode is the user's text on a terminal line: no control character gets through
    lines = [t("econ.title", lang, id=failure.id, step=failure.step, mode=one_line(failure.mode)), ""]
    lines += _inputs(econ, failure, b, lang)
    lines.append("")
    lines += _steps(econ, b, lang)
    residual = failure.residual
    if failure.chained:
        revised = (failure.chain_residual(cause) for cause in failure.causes)
        residual = next((ratings for ratings in revised if ratings is not None), None)
    if residual is not None and failure.chained:
        rb = breakdown(bp, failure, residual)
        cur, n = _cur(econ), format_number
        saved = n(b.at_risk - rb.at_risk)
        lines += ["", t("econ.res.chains", lang, v=n(rb.share))]
        lines.append(
            t("econ.res.result", lang, met=n(rb.met), lost=n(rb.lost), v=n(rb.at_risk), cur=cur, saved=saved)
        )
    elif residual is not None:
        lines.append("")
        lines += _residual(bp, failure, b, residual, lang)
    lines.append("")
    lines.append(t("econ.note", lang))
    return lines


def _cur(econ: Economics) -> str:
    return f" {econ.currency}" if econ.currency else ""


def _inputs(econ: Economics, failure: Failure, b: Breakdown, lang: str) -> list[str]:
    """The input lines: N, p, c, r, the retention band and rates, revenue, cost per incident."""
    from blueprint.i18n import t

    n = format_number
    o = failure.ratings.occurrence
    names = {"c": "complaint_rate", "r": "resolved_rate"}

    def src(key: str) -> str:
        if key in ("silent", "unresolved", "resolved") and b.band:
            return t("econ.src.band.file" if b.band.startswith("S") else f"econ.src.band.{b.band}", lang)
        return t("econ.src.file" if names.get(key, key) in econ.explicit else f"econ.src.{key}", lang)

    lines = [t("econ.in.customers", lang, n=n(econ.customers))]
    if failure.chained and failure.affected is None:
        terms = ", ".join(f"O{c.occurrence} = {n(_scale(c.occurrence))}" for c in failure.causes)
        lines.append(t("econ.in.chains", lang, p=n(b.share), terms=terms))
    elif failure.affected is not None:
        lines.append(t("econ.in.affected", lang, p=n(b.share)))
    else:
        lines.append(t("econ.in.scale", lang, p=n(b.share), o=o, k=n(OCCURRENCE_PER_THOUSAND[o])))
    lines.append(t("econ.in.c", lang, c=n(econ.complaint_rate), src=src("c")))
    lines.append(t("econ.in.r", lang, r=n(econ.resolved_rate), src=src("r")))
    if b.band:
        lines.append(t("econ.in.band", lang, s=failure.ratings.severity, band=band_label(b.band, lang)))
    for key in ("silent", "unresolved", "resolved"):
        lines.append(t(f"econ.in.{key}", lang, v=n(getattr(b.retention, key)), src=src(key)))
    lines.append(t("econ.in.revenue", lang, v=n(econ.revenue_per_customer), cur=_cur(econ)))
    k, where = incident_rate(econ, failure)
    if where != "none":
        lines.append(t("econ.in.incident", lang, v=n(k), cur=_cur(econ), src=t(f"econ.src.k.{where}", lang)))
    return lines


def band_label(band: str, lang: str) -> str:
    """``S1-4 (minor)`` for a default band, ``S2-6`` for a file's own."""
    from blueprint.i18n import t

    return band if band.startswith("S") else t(f"econ.band.{band}", lang)


def _steps(econ: Economics, b: Breakdown, lang: str) -> list[str]:
    """The formula and each intermediate number, ending in the money at risk."""
    from blueprint.i18n import t

    n = format_number
    c, r, keep = econ.complaint_rate, econ.resolved_rate, b.retention
    rev, cur = n(econ.revenue_per_customer), _cur(econ)
    lines = [
        t("econ.formula", lang),
        t("econ.met", lang, n=n(econ.customers), p=n(b.share), met=n(b.met)),
        t("econ.silent", lang, met=n(b.met), c1=n(1 - c), k1=n(1 - keep.silent), v=n(b.lost_silent)),
        t("econ.resolved", lang, met=n(b.met), c=n(c), r=n(r), k1=n(1 - keep.resolved), v=n(b.lost_resolved)),
        t(
            "econ.unresolved",
            lang,
            met=n(b.met),
            c=n(c),
            r1=n(1 - r),
            k1=n(1 - keep.unresolved),
            v=n(b.lost_unresolved),
        ),
        t("econ.lost", lang, a=n(b.lost_silent), b=n(b.lost_resolved), c=n(b.lost_unresolved), v=n(b.lost)),
    ]
    if not b.per_incident:
        lines.append(t("econ.at_risk", lang, lost=n(b.lost), rev=rev, v=n(b.at_risk), cur=cur))
        return lines
    lines.append(t("econ.lost_revenue", lang, lost=n(b.lost), rev=rev, v=n(b.lost_revenue), cur=cur))
    lines.append(t("econ.incident", lang, met=n(b.met), k=n(b.per_incident), v=n(b.incident_cost), cur=cur))
    lines.append(
        t("econ.at_risk.parts", lang, a=n(b.lost_revenue), b=n(b.incident_cost), v=n(b.at_risk), cur=cur)
    )
    return lines


def _residual(bp: Blueprint, failure: Failure, b: Breakdown, residual: Ratings, lang: str) -> list[str]:
    """How the done actions' ratings move ``p`` and the money at risk."""
    from blueprint.i18n import t

    n = format_number
    cur = _cur(require(bp))
    o = failure.ratings.occurrence
    rb = breakdown(bp, failure, residual)
    ro = residual.occurrence
    if rb.share_source == "scaled":
        how = t(
            "econ.res.scaled",
            lang,
            p=n(b.share),
            k1=n(OCCURRENCE_PER_THOUSAND[ro]),
            k0=n(OCCURRENCE_PER_THOUSAND[o]),
            o0=o,
            o1=ro,
            v=n(rb.share),
        )
    elif rb.share_source == "scale":
        how = t("econ.res.scale", lang, k=n(OCCURRENCE_PER_THOUSAND[ro]), o1=ro, v=n(rb.share))
    else:
        how = t("econ.res.same", lang, v=n(rb.share))
    lines = [t("econ.res.title", lang, o0=o, o1=ro), how]
    if rb.band != b.band:
        lines.append(t("econ.res.band", lang, s=residual.severity, band=band_label(rb.band, lang)))
    saved = n(b.at_risk - rb.at_risk)
    lines.append(
        t("econ.res.result", lang, met=n(rb.met), lost=n(rb.lost), v=n(rb.at_risk), cur=cur, saved=saved)
    )
    return lines


def require(bp: Blueprint) -> Economics:
    """The blueprint's economics, or an error naming the file."""
    if bp.economics is None:
        raise EconomicsError.worded(
            msg("fmea.error.economics"),
            bp.path,
        )
    return bp.economics

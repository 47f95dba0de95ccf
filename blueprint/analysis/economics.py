"""Money at risk: the TARP market-damage model (after Goodman, *Customer 3.0*).

For a failure met by a share ``p`` of the year's ``N`` customers, ``P = N x p`` customers
meet it. A share ``c`` of them complain; of those, a share ``r`` are resolved to their
satisfaction. Each group keeps a different share of its customers loyal (TARP's
retention rates), so the customers lost are::

    lost = P(1-c)(1-silent) + P c r (1-resolved) + P c (1-r)(1-unresolved)

and the money at risk per year is ``lost x revenue_per_customer``.

``p`` is the failure's ``affected`` share when the file gives one; otherwise it comes
from the occurrence rating through the classic per-thousand scale (O 10 = 100 per
1,000 ... O 1 = 0.01 per 1,000). For the residual risk after done actions, ``p`` follows
the residual occurrence: an explicit ``affected`` is scaled by the ratio of the scale
values of the residual and the original occurrence (the file's own estimate stays the
anchor, the rating change says by how much it moves); without ``affected`` the scale
value of the residual occurrence is used directly. ``p`` never exceeds 1.

The retention rates are survey-stated repurchase intentions, and failures may overlap
(one customer can meet several), so a sum over failures is an upper bound.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from blueprint.errors import EconomicsError
from blueprint.model import Blueprint, Economics, Failure, Ratings

__all__ = [
    "OCCURRENCE_PER_THOUSAND",
    "Breakdown",
    "EconomicsError",
    "affected_share",
    "at_risk",
    "breakdown",
    "explain",
    "format_number",
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
    at_risk: float


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

    Raises :class:`EconomicsError` when the blueprint has no ``economics:`` block.
    """
    econ = _require(bp)
    p, source = affected_share(failure, ratings)
    c, r, keep = econ.complaint_rate, econ.resolved_rate, econ.retention
    met = econ.customers * p
    silent = met * (1 - c) * (1 - keep.silent)
    resolved = met * c * r * (1 - keep.resolved)
    unresolved = met * c * (1 - r) * (1 - keep.unresolved)
    lost = silent + resolved + unresolved
    return Breakdown(p, source, met, silent, resolved, unresolved, lost, lost * econ.revenue_per_customer)


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
    from), give the formula, the intermediate numbers, the residual figure when done
    actions revise the ratings, and close with the caveats (survey-stated intentions,
    overlapping failures). Raises :class:`EconomicsError` without an ``economics:`` block.
    """
    from blueprint.i18n import t

    econ = _require(bp)
    n = format_number
    cur = f" {econ.currency}" if econ.currency else ""
    b = breakdown(bp, failure)
    o = failure.ratings.occurrence
    c, r, keep = econ.complaint_rate, econ.resolved_rate, econ.retention

    names = {"c": "complaint_rate", "r": "resolved_rate"}

    def src(key: str) -> str:
        return t("econ.src.file" if names.get(key, key) in econ.explicit else f"econ.src.{key}", lang)

    from blueprint.common.plain import one_line

    # the mode is the user's text on a terminal line: no control character gets through
    lines = [t("econ.title", lang, id=failure.id, step=failure.step, mode=one_line(failure.mode)), ""]
    lines.append(t("econ.in.customers", lang, n=n(econ.customers)))
    if failure.chained and failure.affected is None:
        terms = ", ".join(f"O{c.occurrence} = {n(_scale(c.occurrence))}" for c in failure.causes)
        lines.append(t("econ.in.chains", lang, p=n(b.share), terms=terms))
    elif failure.affected is not None:
        lines.append(t("econ.in.affected", lang, p=n(b.share)))
    else:
        lines.append(t("econ.in.scale", lang, p=n(b.share), o=o, k=n(OCCURRENCE_PER_THOUSAND[o])))
    lines.append(t("econ.in.c", lang, c=n(c), src=src("c")))
    lines.append(t("econ.in.r", lang, r=n(r), src=src("r")))
    for key in ("silent", "unresolved", "resolved"):
        lines.append(t(f"econ.in.{key}", lang, v=n(getattr(keep, key)), src=src(key)))
    lines.append(t("econ.in.revenue", lang, v=n(econ.revenue_per_customer), cur=cur))
    lines.append("")
    lines.append(t("econ.formula", lang))
    lines.append(t("econ.met", lang, n=n(econ.customers), p=n(b.share), met=n(b.met)))
    lines.append(t("econ.silent", lang, met=n(b.met), c1=n(1 - c), k1=n(1 - keep.silent), v=n(b.lost_silent)))
    lines.append(
        t(
            "econ.resolved",
            lang,
            met=n(b.met),
            c=n(c),
            r=n(r),
            k1=n(1 - keep.resolved),
            v=n(b.lost_resolved),
        )
    )
    lines.append(
        t(
            "econ.unresolved",
            lang,
            met=n(b.met),
            c=n(c),
            r1=n(1 - r),
            k1=n(1 - keep.unresolved),
            v=n(b.lost_unresolved),
        )
    )
    lines.append(
        t(
            "econ.lost",
            lang,
            a=n(b.lost_silent),
            b=n(b.lost_resolved),
            c=n(b.lost_unresolved),
            v=n(b.lost),
        )
    )
    lines.append(
        t("econ.at_risk", lang, lost=n(b.lost), rev=n(econ.revenue_per_customer), v=n(b.at_risk), cur=cur)
    )
    residual = failure.residual
    if failure.chained:
        revised = (failure.chain_residual(cause) for cause in failure.causes)
        residual = next((ratings for ratings in revised if ratings is not None), None)
    if residual is not None and failure.chained:
        rb = breakdown(bp, failure, residual)
        lines.append("")
        lines.append(t("econ.res.chains", lang, v=n(rb.share)))
        saved = n(b.at_risk - rb.at_risk)
        lines.append(
            t("econ.res.result", lang, met=n(rb.met), lost=n(rb.lost), v=n(rb.at_risk), cur=cur, saved=saved)
        )
    elif residual is not None:
        rb = breakdown(bp, failure, residual)
        ro = residual.occurrence
        lines.append("")
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
        lines.append(t("econ.res.title", lang, o0=o, o1=ro))
        lines.append(how)
        lines.append(
            t(
                "econ.res.result",
                lang,
                met=n(rb.met),
                lost=n(rb.lost),
                v=n(rb.at_risk),
                cur=cur,
                saved=n(b.at_risk - rb.at_risk),
            )
        )
    lines.append("")
    lines.append(t("econ.note", lang))
    return lines


def _require(bp: Blueprint) -> Economics:
    """The blueprint's economics, or an error naming the file."""
    if bp.economics is None:
        raise EconomicsError(
            "money at risk needs an 'economics:' block (customers, revenue_per_customer) in the blueprint",
            bp.path,
        )
    return bp.economics

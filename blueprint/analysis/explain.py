"""``fmea --explain``: the calculation of money at risk for one failure, every number shown.

The model is :mod:`blueprint.analysis.economics`; this module words it, line by line, in
the user's language, naming where each input comes from.
"""

from __future__ import annotations

from blueprint.analysis.economics import (
    OCCURRENCE_PER_THOUSAND,
    Breakdown,
    breakdown,
    chain_rates,
    format_number,
    require,
    scale_share,
)
from blueprint.model import Blueprint, Economics, Failure, Ratings

__all__ = ["band_label", "explain"]


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
        terms = ", ".join(f"O{c.occurrence} = {n(scale_share(c.occurrence))}" for c in failure.causes)
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
    rates = chain_rates(econ, failure)
    if len({k for k, _ in rates}) > 1:  # the chains' incidents cost different amounts
        for chain in b.chains:
            origin = t(f"econ.src.k.{chain.source}", lang)
            lines.append(
                t(
                    "econ.in.incident.chain",
                    lang,
                    id=chain.cause,
                    v=n(chain.per_incident),
                    cur=_cur(econ),
                    w=n(chain.weight),
                    src=origin,
                )
            )
    elif rates[0][1] != "none":
        k, where = rates[0]
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
    if len({chain.per_incident for chain in b.chains}) > 1:
        terms = " + ".join(f"{n(chain.weight)} x {n(chain.per_incident)}" for chain in b.chains)
        lines.append(
            t("econ.incident.chains", lang, met=n(b.met), terms=terms, v=n(b.incident_cost), cur=cur)
        )
    else:
        lines.append(
            t("econ.incident", lang, met=n(b.met), k=n(b.per_incident), v=n(b.incident_cost), cur=cur)
        )
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

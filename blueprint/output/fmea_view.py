"""What every ``blueprint fmea`` format shows: the ranked failures, their cells and the summary.

Each format module (``fmea_table``, ``fmea_markdown``, ``fmea_csv``, ``fmea_json``,
``fmea_html``) has ``render(view) -> str``; the cells for people (lane names, action
status, residual AP, money) are made here once so the formats agree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from blueprint.i18n import plural, t

if TYPE_CHECKING:
    from blueprint.analysis.ap import Profile
    from blueprint.analysis.fmea import Chain, Scored
    from blueprint.analysis.money import Totals
    from blueprint.analysis.uncertainty import Uncertainty
    from blueprint.model import Action, Blueprint, Cause, Failure


class WithEconomics:
    """The money facts of a view of one blueprint (the FMEA table, the report)."""

    bp: Blueprint

    @property
    def currency(self) -> str:
        econ = self.bp.economics
        return econ.currency if econ is not None else ""

    @property
    def has_money(self) -> bool:
        return self.bp.economics is not None


@dataclass(frozen=True)
class FmeaView(WithEconomics):
    """A ranked, filtered FMEA ready to print.

    ``listed`` are the failures that passed the filters, ranked; ``top`` cuts what is
    shown (the summary still counts everything listed).
    """

    bp: Blueprint
    file: str
    profile: Profile
    listed: tuple[Scored, ...]
    top: int | None = None
    lang: str = "en"
    color: bool = False
    width: int = 100
    uncertainty: Uncertainty | None = None  # with --uncertainty: quantiles of the listed failures

    @property
    def totals(self) -> Totals | None:
        """Upper bound and journey estimate of the listed failures (None without economics)."""
        return money_totals(self.bp, self.listed)

    @property
    def shown(self) -> tuple[Scored, ...]:
        return self.listed if self.top is None else self.listed[: self.top]

    @property
    def profile_name(self) -> str:
        """The AP profile's own name (a user file's ``name``, else its file stem)."""
        return self.profile.name


@dataclass(frozen=True)
class Column:
    """A column for people: its key, header and alignment."""

    key: str
    header: str
    align: str = "left"  # left | right | center


def lane_label(lane: str, lang: str) -> str:
    """The lane's short name in ``lang`` (``前台``, ``frontstage``)."""
    return t(f"fmea.lane.{lane}", lang)


def status_summary(failure: Failure, lang: str) -> str:
    """``1/3 done`` over live actions; ``dropped``, ``justified`` or ``none`` otherwise."""
    return actions_status(failure.actions, bool(failure.justification), lang)


def actions_status(actions: tuple[Action, ...], justified: bool, lang: str) -> str:
    """The status of a list of actions: a failure's, or one failure chain's."""
    live = [a for a in actions if a.live]
    if live:
        done = sum(a.status == "done" for a in live)
        return t("fmea.status.done", lang, done=done, total=len(live))
    if justified:
        return t("fmea.status.justified", lang)
    if actions:
        return t("fmea.status.dropped", lang)
    return t("fmea.status.none", lang)


def residual_cell(s: Scored | Chain, lang: str = "en") -> str:
    """``H→L`` once a done action revises the ratings, then ``plan M`` on a line of its own
    when open actions with revised ratings promise more; empty without either. For a
    failure, or for one of its failure chains."""
    done = f"{s.ap}→{s.residual_ap}" if s.residual_ap else ""
    if s.planned_ap is None:
        return done
    planned = t("fmea.planned", lang, ap=s.planned_ap)
    return f"{done}\n{planned}" if done else planned


def unaddressed_ids(listed: tuple[Scored, ...] | list[Scored], limit: int = 5) -> str:
    """The ids of the H failures with no action and no justification, ``a, b, c`` (``…`` past ``limit``)."""
    ids = [s.failure.id for s in listed if s.needs_action]
    return ", ".join(ids[:limit]) + (", …" if len(ids) > limit else "")


def money_totals(bp: Blueprint, listed: tuple[Scored, ...]) -> Totals | None:
    """Upper bound and journey estimate of ``listed`` (None without economics)."""
    if bp.economics is None:
        return None
    from blueprint.analysis.money import totals

    return totals(bp, [s.failure for s in listed])


def money_lines(
    totals: Totals | None, uncertainty: Uncertainty | None, currency: str, lang: str
) -> list[str]:
    """The journey estimate beside the upper bound, the residual ones, the quantiles, the caveat."""
    if totals is None:
        return []
    cur = f" {currency}" if currency else ""
    lines = [t("money.totals", lang, journey=money(totals.journey), upper=money(totals.upper_bound), cur=cur)]
    if totals.residual_journey is not None:
        lines.append(
            t(
                "money.totals.residual",
                lang,
                journey=money(totals.residual_journey),
                upper=money(totals.residual_upper_bound),
                cur=cur,
            )
        )
    if uncertainty is not None:
        q = uncertainty.journey
        lines.append(
            t(
                "money.uncertainty",
                lang,
                draws=f"{uncertainty.draws:,}",
                seed=uncertainty.seed,
                p10=money(q.p10),
                p50=money(q.p50),
                p90=money(q.p90),
                cur=cur,
            )
        )
    lines.append(t("fmea.summary.money.note", lang))
    return lines


def money(x: float | None) -> str:
    """Whole currency units with thousands separators (halves round up); empty when unknown."""
    return "" if x is None else f"{math.floor(x + 0.5):,}"


def columns(view: FmeaView, *, long: bool = False) -> list[Column]:
    """The columns for people, in order; the money column only with economics.

    ``long`` gives the headers for Markdown and HTML, where width does not matter (and the
    Chinese headers name each rating in full).
    """
    lang = view.lang
    rating = "fmea.long" if long else "fmea.col"
    cols = [Column("rank", t("fmea.col.rank", lang), "right")]
    if long:
        cols += [
            Column("step", t("fmea.col.step", lang)),
            Column("id", t("fmea.col.id", lang)),
            Column("lane", t("fmea.col.lane", lang)),
        ]
    else:  # the terminal is narrow: the lane goes under the step
        cols.append(Column("step_lane", t("fmea.col.step", lang) + "\n" + t("fmea.col.lane", lang)))
    cols += [
        Column("mode", t("fmea.col.mode", lang)),
        Column("effect", t("fmea.col.effect", lang)),
        Column("s", t(f"{rating}.s", lang), "right"),
        Column("o", t(f"{rating}.o", lang), "right"),
        Column("d", t(f"{rating}.d", lang), "right"),
        Column("rpn", t(f"{rating}.rpn", lang), "right"),
        Column("ap", t(f"{rating}.ap", lang), "center"),
        Column("res", t(f"{rating}.res", lang), "center"),
        Column("actions", t("fmea.col.actions", lang)),
        Column("surfaces", t("fmea.col.surfaces", lang)),
    ]
    if view.has_money:
        key = "money.cur" if view.currency else "money"
        prefix = "fmea.long" if long else "fmea.col"
        cols.append(Column("money", t(f"{prefix}.{key}", lang, cur=view.currency), "right"))
    if view.uncertainty is not None:
        cols += [Column(k, t(f"money.col.{k}", lang), "right") for k in ("p10", "p50", "p90")]
    return cols


def origin_marks(s: Scored, lang: str) -> list[str]:
    """Where a failure comes from, as lines under its mode: ``⇄`` a failure of a step
    included from a shared file; ``↺ ID`` one reusing the shared failure ``ID`` (``from:``),
    with the keys this file sets over it."""
    out = []
    if s.step.shared_from is not None:
        out.append(t("fmea.mark.shared", lang))
    f = s.failure
    if f.from_id is not None:
        key = "fmea.mark.from.own" if f.overrides else "fmea.mark.from"
        out.append(t(key, lang, id=f.from_id, keys=", ".join(f.overrides)))
    return out


def cells(s: Scored, lang: str, *, sep: str = "\n", uncertainty: Uncertainty | None = None) -> dict[str, str]:
    """Every column's text for one failure; ``sep`` joins the ids in ``surfaces``."""
    r = s.failure.ratings
    q = None if uncertainty is None else uncertainty.failures.get(s.failure.id)
    return {
        "p10": "" if q is None else money(q.p10),
        "p50": "" if q is None else money(q.p50),
        "p90": "" if q is None else money(q.p90),
        "rank": s.ref,
        "step": s.failure.step,
        "id": s.failure.id,
        "lane": lane_label(s.step.lane, lang),
        "step_lane": s.failure.step + "\n" + lane_label(s.step.lane, lang),
        "mode": "\n".join([s.failure.mode, *origin_marks(s, lang)]),
        "effect": s.failure.effect,
        "s": str(r.severity),
        "o": str(r.occurrence),
        "d": str(r.detection),
        "rpn": str(s.rpn),
        "ap": s.ap,
        "res": residual_cell(s, lang),
        "actions": status_summary(s.failure, lang),
        "surfaces": sep.join(s.surfaces_at),
        "money": money(s.at_risk),
    }


#: marks a failure chain's cause under its mode
CHAIN_MARK = "↳ "


def chain_rows(
    s: Scored, lang: str, *, sep: str = "\n", uncertainty: Uncertainty | None = None
) -> list[dict[str, str]]:
    """The rows of one failure: one, or one per failure chain for a mode with ``causes:``.

    A chain row carries its own number, cause (under the mode, marked ``↳``), O, D, RPN,
    AP, residual and actions; the mode, effect, S and money are printed once, on the first
    (worst) chain's row.
    """
    base = cells(s, lang, sep=sep, uncertainty=uncertainty)
    if not s.failure.chained:
        return [base]
    rows = []
    # chains felt at different places each show their own; else the mode's row says it once
    apart = len({c.surfaces_at for c in s.chains}) > 1
    for k, c in enumerate(s.ranked_chains()):
        row = dict(base) if k == 0 else dict.fromkeys(base, "")
        row.update(
            {
                "rank": c.ref,
                "mode": (base["mode"] + "\n" if k == 0 else "") + CHAIN_MARK + c.cause.cause,
                "o": str(c.ratings.occurrence),
                "d": str(c.ratings.detection),
                "rpn": str(c.rpn),
                "ap": c.ap,
                "res": residual_cell(c, lang),
                "actions": _cause_status(c.cause, s.failure, lang),
            }
        )
        if apart:
            row["surfaces"] = sep.join(c.surfaces_at)
        rows.append(row)
    return rows


def _cause_status(cause: Cause, failure: Failure, lang: str) -> str:
    return actions_status(cause.actions, bool(cause.justification or failure.justification), lang)


def summary_lines(view: FmeaView) -> list[str]:
    """The lines under a table: counts by AP, H without action, money at risk and its caveat."""
    lang = view.lang
    listed = view.listed
    if not listed:
        return [t("fmea.empty" if view.bp.failures else "fmea.none", lang)]
    by_ap = {ap: sum(s.ap == ap for s in listed) for ap in ("H", "M", "L")}
    lines = [
        t(
            "fmea.summary.counts",
            lang,
            failures=plural("fmea.count.failures", len(listed), lang),
            h=by_ap["H"],
            m=by_ap["M"],
            l=by_ap["L"],
        )
    ]
    if view.top is not None and view.top < len(listed):
        lines[0] = t("fmea.summary.top", lang, counts=lines[0], shown=view.top)
    lacking = sum(s.needs_action for s in listed)
    if lacking:
        text = t("fmea.summary.unaddressed", lang, n=lacking, ids=unaddressed_ids(listed))
        one, _, many = text.partition("|")
        lines.append(one if lacking == 1 or not many else many)
    elif by_ap["H"]:
        lines.append(t("fmea.summary.addressed", lang))
    if any(s.planned_ap for s in view.shown):
        lines.append(t("fmea.summary.planned", lang))
    if any(s.step.shared_from is not None or s.failure.from_id is not None for s in view.shown):
        lines.append(t("fmea.summary.origin", lang, files=", ".join(view.bp.includes)))
    if view.has_money:
        lines += money_lines(view.totals, view.uncertainty, view.currency, lang)
    return lines

"""``blueprint plan`` for people and tools: a terminal table, Markdown, and the JSON contract.

JSON: ``{"budget", "objective", "method", "currency", "chosen": [{"failure", "cause",
"action", "cost", "removed", "ap_before", "ap_after", "must"}], "not_chosen": [{"failure",
"action", "reason"}], "cost", "removed", "at_risk_before", "at_risk_after"}``; with
``--uncertainty`` also ``at_risk_before_p10`` ... ``at_risk_after_p90``. Money is rounded
to cents; with the ``rpn`` objective ``removed`` and ``at_risk_*`` are RPNs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from blueprint.i18n import t
from blueprint.output.fmea_view import money

if TYPE_CHECKING:
    from blueprint.analysis.core import Analysis
    from blueprint.analysis.plan import Plan
    from blueprint.analysis.uncertainty import Uncertainty
    from blueprint.model import Blueprint

__all__ = ["PlanView", "plan_json", "plan_view", "render_json", "render_markdown", "render_table"]


@dataclass(frozen=True)
class PlanView:
    """A plan ready to print; ``before`` and ``after`` are the quantiles with ``--uncertainty``."""

    bp: Blueprint
    plan: Plan
    lang: str = "en"
    width: int = 100
    before: Uncertainty | None = None
    after: Uncertainty | None = None
    color: bool = False

    @property
    def currency(self) -> str:
        econ = self.bp.economics
        return econ.currency if econ is not None else ""

    @property
    def cur(self) -> str:
        return f" {self.currency}" if self.currency else ""

    @property
    def money(self) -> bool:
        return self.plan.objective == "money"


_AP_STYLE = {"H": "red", "M": "yellow", "L": "green"}


def _amount(view: PlanView, x: float) -> str:
    return money(x) if view.money else f"{round(x):,}"


def _ratio(view: PlanView, removed: float, cost: float) -> str:
    if cost <= 0:
        return "∞" if removed > 0 else "0"
    return f"{removed / cost:,.2f}"


def head_lines(view: PlanView) -> list[str]:
    """Heading, method and objective."""
    p, lang = view.plan, view.lang
    from blueprint.analysis.economics import format_number

    lines = [t("plan.heading", lang, title=view.bp.title, budget=format_number(p.budget), cur=view.cur)]
    if p.method == "exact":
        lines.append(t("plan.method.exact", lang, n=p.candidates))
    else:
        from blueprint.analysis.plan import EXACT_LIMIT

        lines.append(t("plan.method.greedy", lang, n=p.candidates, limit=EXACT_LIMIT))
    key = (
        "plan.objective.money"
        if view.money
        else "plan.objective.rpn.fallback"
        if p.fallback
        else "plan.objective.rpn"
    )
    lines.append(t(key, lang))
    return lines


def columns(view: PlanView) -> list[tuple[str, str, str]]:
    """(key, header, align) of the chosen table."""
    lang = view.lang
    removed = "plan.col.removed" if view.money else "plan.col.removed.rpn"
    return [
        ("rank", t("plan.col.rank", lang), "right"),
        ("action", t("plan.col.action", lang), "left"),
        ("failure", t("plan.col.failure", lang), "left"),
        ("cost", t("plan.col.cost", lang), "right"),
        ("removed", t(removed, lang), "right"),
        ("ratio", t("plan.col.ratio", lang), "right"),
        ("ap", t("plan.col.ap", lang), "center"),
    ]


def rows(view: PlanView) -> list[dict[str, str]]:
    """One row per chosen action, as ranked."""
    out = []
    for i, c in enumerate(view.plan.chosen, start=1):
        out.append(
            {
                "rank": str(i),
                "action": c.action.title + (" *" if c.must else ""),
                "failure": c.failure.id,
                "cost": money(c.cost),
                "removed": _amount(view, c.removed),
                "ratio": _ratio(view, c.removed, c.cost),
                "ap": f"{c.ap_before}→{c.ap_after}",
            }
        )
    return out


def total_lines(view: PlanView) -> list[str]:
    """The totals, the musts, the quantiles."""
    p, lang = view.plan, view.lang
    lines = []
    if view.money:
        unit = view.cur
        ret = _ratio(view, p.removed, p.cost)
        removed, before, after = money(p.removed), money(p.before), money(p.after)
        if p.chosen:
            cost = money(p.cost)
            lines.append(t("plan.total", lang, cost=cost, cur=view.cur, removed=removed, unit=unit, ret=ret))
        lines.append(t("plan.total.journey", lang, before=before, after=after, unit=unit))
    else:
        lines.append(
            t(
                "plan.total.rpn",
                lang,
                cost=money(p.cost),
                cur=view.cur,
                removed=_amount(view, p.removed),
                before=_amount(view, p.before),
                after=_amount(view, p.after),
            )
        )
    if len(p.chosen) > 1:
        lines.append(t("plan.rows.add", lang))
    musts = sum(c.must for c in p.chosen)
    if musts:
        lines.append(t("plan.must", lang, n=musts, ap=p.must or ""))
    if p.must_missed:
        ids = t("list.sep", lang).join(f"'{n.action.title}'" for n in p.must_missed)
        lines.append(t("plan.must.missed", lang, ids=ids))
    if view.before is not None and view.after is not None:
        for key, u in (("before", view.before), ("after", view.after)):
            q = u.journey
            lines.append(
                t(
                    f"plan.uncertainty.{key}",
                    lang,
                    draws=f"{u.draws:,}",
                    seed=u.seed,
                    p10=money(q.p10),
                    p50=money(q.p50),
                    p90=money(q.p90),
                    cur=view.cur,
                )
            )
    return lines


def left_out(view: PlanView) -> list[tuple[str, str, str]]:
    """(failure, action, reason in words) of every open action not chosen."""
    return [
        (n.failure.id, n.action.title, t(f"plan.reason.{n.reason}", view.lang)) for n in view.plan.not_chosen
    ]


def render_table(view: PlanView) -> str:
    """The plan for a terminal."""
    from blueprint.common.plain import printable
    from blueprint.output.columns import fit, layout, wrap_cells

    lang = view.lang
    out = [*head_lines(view), ""]
    cols = columns(view)
    if view.plan.chosen:
        body = [[printable(r[k]) for k, _, _ in cols] for r in rows(view)]
        headers = [h for _, h, _ in cols]
        sizes = fit(headers, body, view.width, [{1: 24, 2: 16}, {1: 12, 2: 10}])
        out.append(t("plan.chosen", lang))
        wrapped = [wrap_cells(r, sizes) for r in body]
        if view.color:
            from blueprint.output.style import paint

            for row, c in zip(wrapped, view.plan.chosen, strict=True):
                row[-1] = c.ap_before + "→" + paint(c.ap_after, True, fg=_AP_STYLE[c.ap_after])
        out.append(layout(wrapped, headers, [a for _, _, a in cols]))
    else:
        out.append(t("plan.none", lang) if view.plan.candidates else t("plan.no_candidates", lang))
    out += ["", *total_lines(view)]
    missing = left_out(view)
    if missing:
        out += ["", t("plan.not_chosen", lang)]
        from blueprint.output.columns import wrap

        for f, a, why in missing:
            lines = wrap(f"{printable(f)}: {printable(a)} ({why})", max(20, view.width - 4))
            out += ["  - " + lines[0], *("    " + line for line in lines[1:])]
    return "\n".join(out) + "\n"


def render_markdown(view: PlanView, level: int = 0) -> str:
    """The plan as GitHub Markdown; ``level`` > 0 adds a heading of that level."""
    from blueprint.output.fmea_markdown import escape

    lang = view.lang
    out = []
    if level:
        out += ["#" * level + " " + escape(t("plan.section", lang)), ""]
    out += [escape(line) + "  " for line in head_lines(view)]
    out.append("")
    cols = columns(view)
    if view.plan.chosen:
        align = {"left": ":---", "right": "---:", "center": ":---:"}
        out.append("| " + " | ".join(escape(h) for _, h, _ in cols) + " |")
        out.append("|" + "|".join(align[a] for _, _, a in cols) + "|")
        for r in rows(view):
            out.append("| " + " | ".join(escape(r[k]) for k, _, _ in cols) + " |")
    else:
        out.append(escape(t("plan.none", lang) if view.plan.candidates else t("plan.no_candidates", lang)))
    out.append("")
    out += [f"- {escape(line)}" for line in total_lines(view)]
    missing = left_out(view)
    if missing:
        out += ["", escape(t("plan.not_chosen", lang)), ""]
        out += [f"- {escape(f)}: {escape(a)} ({escape(why)})" for f, a, why in missing]
    return "\n".join(out) + "\n"


def _cents(x: float) -> float:
    return round(x, 2)


def plan_json(view: PlanView) -> dict[str, Any]:
    """The JSON contract (see the module docstring)."""
    p = view.plan
    num = _cents if view.money else round
    data: dict[str, Any] = {
        "budget": _cents(p.budget),
        "objective": p.objective,
        "method": p.method,
        "currency": view.currency or None,
        "chosen": [
            {
                "failure": c.failure.id,
                "cause": c.failure.cause or None,
                "action": c.action.title,
                "cost": _cents(c.cost),
                "removed": num(c.removed),
                "ap_before": c.ap_before,
                "ap_after": c.ap_after,
                "must": c.must,
            }
            for c in p.chosen
        ],
        "not_chosen": [
            {"failure": n.failure.id, "action": n.action.title, "reason": n.reason} for n in p.not_chosen
        ],
        "cost": _cents(p.cost),
        "removed": num(p.removed),
        "at_risk_before": num(p.before),
        "at_risk_after": num(p.after),
    }
    for key, u in (("before", view.before), ("after", view.after)):
        if u is not None:
            for q in ("p10", "p50", "p90"):
                data[f"at_risk_{key}_{q}"] = _cents(getattr(u.journey, q))
    return data


def render_json(view: PlanView) -> str:
    """The JSON contract, indented, non-ASCII text kept as is."""
    return json.dumps(plan_json(view), ensure_ascii=False, indent=2) + "\n"


def plan_view(
    analysis: Analysis,
    budget: float,
    objective: str | None,
    must: str | None,
    lang: str,
    drawn: tuple[bool, int, int] = (False, 0, 0),
    width: int = 100,
) -> PlanView:
    """The plan and, with ``drawn`` (``--uncertainty``, ``--draws``, ``--seed``; needs economics),
    the journey quantiles before and after it, from the same draws."""
    from blueprint.analysis.uncertainty import simulate

    bp = analysis.blueprint
    uncertainty, draws, seed = drawn
    plan = analysis.plan(budget, objective, must)
    before = after = None
    if uncertainty:
        now = {f.id: f.residual for f in bp.failures if f.residual is not None}
        before = simulate(bp, bp.failures, draws=draws, seed=seed, ratings=now)
        after = simulate(bp, bp.failures, draws=draws, seed=seed, ratings={**now, **plan.planned})
    return PlanView(bp, plan, lang, width, before=before, after=after)

"""Text for people shared by the HTML and Markdown reports: columns, labels, summary lines.

Everything here is plain, unescaped text; each writer escapes it for its own format.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from blueprint.i18n import plural, t
from blueprint.output.fmea_view import money as money

if TYPE_CHECKING:
    from blueprint.analysis.fmea import Scored
    from blueprint.analysis.touchpoints import WaitPoint
    from blueprint.report import Report


@dataclass(frozen=True)
class Col:
    """A table column: key, header, how it sorts (``num``, ``ap``, ``text``) and a tooltip."""

    key: str
    header: str
    kind: str = "text"
    title: str = ""

    @property
    def align(self) -> str:
        return "right" if self.kind == "num" else "center" if self.kind == "ap" else "left"


def counted(key: str, n: int, lang: str, **values: object) -> str:
    """A ``singular|plural`` catalogue entry with more values than ``n``."""
    one, _, many = t(key, lang, n=n, **values).partition("|")
    return one if n == 1 or not many else many


def with_currency(amount: str, report: Report) -> str:
    return f"{amount} {report.currency}" if report.currency else amount


def lane(lane_id: str, lang: str) -> str:
    """The lane's short name (``前台``, ``frontstage``)."""
    from blueprint.output.fmea_view import lane_label

    return lane_label(lane_id, lang)


def status(value: str, lang: str) -> str:
    return t(f"report.status.{value}", lang) if value in ("open", "in-progress", "done", "dropped") else value


def action_status(s: Scored, lang: str) -> str:
    """``1/3 done``, ``justified``, ``dropped`` or ``none``, as the FMEA table says it."""
    from blueprint.output.fmea_view import status_summary

    return status_summary(s.failure, lang)


def cause_text(report: Report, s: Scored) -> str:
    """The cause of a failure; for a mode with ``causes:``, one line per failure chain
    (``F2 M O3 D5: cause``), worst first, with the chain's planned residual
    (``F2 M O3 D5, planned L, RPN 60: cause``) and, when its chains are felt at different
    customer steps, where each is (``(felt at Collect the medicine)``)."""
    if not s.failure.chained:
        return s.failure.cause
    lang = report.lang
    apart = len({c.surfaces_at for c in s.chains}) > 1
    lines = []
    for c in s.ranked_chains():
        head = f"{c.ref} {c.ap} O{c.ratings.occurrence} D{c.ratings.detection}"
        if c.planned is not None:
            head += ", " + t("report.planned", lang, ap=c.planned_ap, rpn=c.planned.rpn)
        felt = ""
        if apart:
            steps = t("list.sep", lang).join(report.step_title(sid) for sid in c.surfaces_at)
            felt = " " + t("report.chain.felt", lang, steps=steps or "-")
        lines.append(f"{head}: {c.cause.cause}{felt}")
    return "\n".join(lines)


def surfaces(report: Report, s: Scored) -> list[str]:
    """The titles of the customer steps where the failure is felt."""
    return [report.step_title(sid) for sid in s.surfaces_at]


def step_where(report: Report, s: Scored) -> str:
    """``frontstage · 門市換卡``: the step's lane and phase."""
    parts = [lane(s.step.lane, report.lang), report.phase_title(s.step.phase)]
    return " · ".join(p for p in parts if p)


def over(w: WaitPoint, lang: str = "en") -> str:
    """``+20m (x2.3)``: how far the expected time exceeds the tolerance (``+20分`` in Chinese)."""
    text = "+" + duration(w.over, lang)
    return f"{text} (x{w.expected / w.tolerance:.1f})" if w.tolerance else text


def duration(seconds: float, lang: str = "en") -> str:
    """``1h30m``, or ``1小時30分`` in Chinese."""
    from blueprint.i18n import duration as worded

    return worded(seconds, lang)


def failure_columns(report: Report) -> list[Col]:
    """The ranked table's columns; the money column only with economics."""
    lang = report.lang
    cols = [
        Col("rank", t("report.col.rank", lang), "num"),
        Col("failure", t("report.col.failure", lang)),
        Col("step", t("report.col.step", lang)),
        Col("controls", t("report.col.controls", lang)),
        Col("s", t("report.col.s", lang), "num", t("report.title.s", lang)),
        Col("o", t("report.col.o", lang), "num", t("report.title.o", lang)),
        Col("d", t("report.col.d", lang), "num", t("report.title.d", lang)),
        Col("rpn", t("report.col.rpn", lang), "num", t("report.title.rpn", lang)),
        Col("ap", t("report.col.ap", lang), "ap", t("report.title.ap", lang)),
        Col("residual", t("report.col.residual", lang), "ap"),
        Col("actions", t("report.col.actions", lang)),
        Col("surfaces", t("report.col.surfaces", lang)),
    ]
    if report.has_money:
        key = "report.col.money.cur" if report.currency else "report.col.money"
        cols.append(Col("money", t(key, lang, cur=report.currency), "num"))
    return cols


def plan_columns(lang: str) -> list[Col]:
    return [
        Col("action", t("report.col.action", lang)),
        Col("for", t("report.col.for", lang)),
        Col("ap", t("report.col.ap", lang), "ap"),
        Col("due", t("report.col.due", lang)),
        Col("status", t("report.col.status", lang)),
    ]


def touch_columns(lang: str) -> list[Col]:
    return [
        Col("rank", t("report.col.rank", lang), "num"),
        Col("step", t("report.col.step", lang)),
        Col("lane", t("report.col.lane", lang)),
        Col("felt", t("report.col.felt", lang)),
        Col("dependents", t("report.col.dependents", lang), "num"),
        Col("failures", t("report.col.failures", lang), "num"),
        Col("rpn_before", t("report.col.rpn_before", lang), "num"),
        Col("rpn", t("report.col.rpn_after", lang), "num"),
        Col("high", t("report.col.high", lang), "num"),
    ]


def wait_columns(lang: str) -> list[Col]:
    return [
        Col("step", t("report.col.step", lang)),
        Col("lane", t("report.col.lane", lang)),
        Col("phase", t("report.col.phase", lang)),
        Col("expected", t("report.col.expected", lang), "num"),
        Col("tolerance", t("report.col.tolerance", lang), "num"),
        Col("over", t("report.col.over", lang), "num"),
    ]


def summary_lines(report: Report) -> list[str]:
    """The summary as sentences: structure, AP counts, H without action, money, actions."""
    lang = report.lang
    s = report.summary
    lines = [
        t(
            "report.sum.steps",
            lang,
            steps=plural("report.count.steps", s.steps, lang),
            fail=plural("report.count.fail", s.fail_points, lang),
            wait=plural("report.count.wait", s.wait_points, lang),
        )
    ]
    if not s.failures:
        lines.append(t("report.sum.none", lang))
    else:
        failures = plural("report.count.failures", s.failures, lang)
        lines.append(t("report.sum.ap", lang, failures=failures, h=s.high, m=s.medium, l=s.low))
        if s.lacking:
            ids = ", ".join(s.lacking_ids[:5]) + (", …" if len(s.lacking_ids) > 5 else "")
            lines.append(counted("report.sum.lacking", s.lacking, lang, ids=ids))
        elif s.high:
            lines.append(t("report.sum.addressed", lang))
    if s.at_risk is not None:
        from blueprint.output.fmea_view import money_lines

        lines += money_lines(report.totals, report.uncertainty, report.currency, lang)
    if s.open_actions:
        today = report.today.isoformat()
        lines.append(counted("report.sum.actions", s.open_actions, lang, overdue=s.overdue, today=today))
    else:
        lines.append(t("report.sum.no_actions", lang))
    return lines

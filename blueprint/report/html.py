"""The HTML report: one self-contained page (inline SVG, CSS and script, nothing fetched).

Every string that comes from the blueprint passes through :func:`esc` (``html.escape``
with quotes), so a title like ``<script>`` is shown as text. The only script is
:data:`blueprint.report.assets.SCRIPT`, allowed by its hash in the page's
Content-Security-Policy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from html import escape
from typing import TYPE_CHECKING

from blueprint.i18n import t
from blueprint.output.fmea_view import origin_marks
from blueprint.report import cells
from blueprint.report.assets import SCRIPT, content_security_policy, stylesheet
from blueprint.report.cells import Col
from blueprint.report.funded import funded_html

if TYPE_CHECKING:
    from blueprint.analysis.fmea import Scored
    from blueprint.report import Report

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # not allowed in HTML text
HTML_LANG = {"en": "en", "zh-TW": "zh-Hant"}
SECTIONS = ("summary", "diagram", "failures", "matrix", "actions", "funded", "touchpoints", "waits")


def esc(text: str | None) -> str:
    """Text for HTML content or attributes; line breaks become ``<br>``, control characters spaces."""
    if not text:
        return ""
    lines = _CONTROL.sub(" ", str(text).replace("\r\n", "\n").replace("\r", "\n")).split("\n")
    return "<br>".join(escape(line, quote=True) for line in lines)


def _ap(ap: str | None) -> str:
    return f'<span class="chip chip-{ap}">{ap}</span>' if ap in ("H", "M", "L") else ""


def _num(value: float | None, text: str | None = None, key: str = "") -> str:
    """A number cell; ``data-v`` holds the exact value the table sorts by."""
    css = f"{key} num" if key else "num"
    if value is None:
        return f'<td class="{css}" data-v=""></td>'
    shown = text if text is not None else f"{value:g}"
    return f'<td class="{css}" data-v="{value!r}">{esc(shown)}</td>'


def _head(cols: Sequence[Col], sortable: bool, sorted_by: str | None = None) -> str:
    out = ["<thead><tr>"]
    for c in cols:
        attrs = f' class="{c.key} {c.kind}" scope="col"'
        if c.title:
            attrs += f' title="{esc(c.title)}"'
        label = esc(c.header)
        if sortable:
            attrs += f' data-kind="{c.kind}"'
            if c.key == "rank":
                attrs += " data-asc"
            if c.key == sorted_by:
                attrs += ' aria-sort="ascending"'
            label = f'<button type="button">{label}</button>'
        out.append(f"<th{attrs}>{label}</th>")
    out.append("</tr></thead>")
    return "".join(out)


def _table(
    label_id: str,
    cols: Sequence[Col],
    rows: Iterable[str],
    *,
    sortable: bool,
    sorted_by: str | None = None,
    css_class: str = "",
) -> str:
    """A table in a scrolling wrapper (keyboard-focusable, named by the section heading)."""
    names = " ".join(x for x in ("sortable" if sortable else "", css_class) if x)
    css = f' class="{names}"' if names else ""
    return (
        f'<div class="table-wrap" role="region" tabindex="0" aria-labelledby="{label_id}">'
        f"<table{css}>{_head(cols, sortable, sorted_by)}<tbody>\n"
        + "\n".join(rows)
        + "\n</tbody></table></div>"
    )


def _items(texts: Sequence[str]) -> str:
    """Several step titles in one cell, one per line with a bullet, so each reads apart."""
    if not texts:
        return ""
    return '<ul class="items">' + "".join(f"<li>{esc(x)}</li>" for x in texts) + "</ul>"


def _titled(title: str, step_id: str) -> str:
    """A step's title, its id under it (the id is what the blueprint file says)."""
    return f'<td class="mid" data-v="{esc(title)}">{esc(title)}<span class="sub">{esc(step_id)}</span></td>'


def _labelled(label: str, text: str | None) -> str:
    return f'<span class="label">{esc(label)}</span>{esc(text)}' if text else ""


def _failure_row(report: Report, s: Scored, i: int) -> str:
    lang = report.lang
    f = s.failure
    r = s.ratings
    failure = (
        f'<td class="failure wide" data-v="{esc(f.mode)}"><span class="mode">{esc(f.mode)}</span>'
        f'<span class="sub">{esc(" ".join([f.id, *origin_marks(s, lang)]))}</span>'
        + _labelled(t("report.effect", lang), f.effect)
        + _labelled(t("report.cause", lang), cells.cause_text(report, s))
        + "</td>"
    )
    step = (
        f'<td class="step mid" data-v="{esc(s.step.title)}">{esc(s.step.title)}'
        f'<span class="sub">{esc(cells.step_where(report, s))}</span></td>'
    )
    controls = (
        '<td class="controls mid">'
        + _labelled(t("report.prevention", lang), f.prevention)
        + _labelled(t("report.detection", lang), f.detection_control)
        + "</td>"
    )
    planned = ""
    if s.planned is not None:
        text = t("report.planned", lang, ap=s.planned_ap, rpn=s.planned.rpn)
        planned = f'<span class="sub planned">{esc(text)}</span>'
    residual = f'<td class="residual ap" data-v="">{planned}</td>'
    if s.residual_ap:
        rpn = t("report.residual.rpn", lang, rpn=s.residual_rpn)
        residual = (
            f'<td class="residual ap" data-v="{s.residual_ap}">{_ap(s.residual_ap)}'
            f'<span class="sub">{rpn}</span>{planned}</td>'
        )
    status = esc(cells.action_status(s, lang))
    if s.needs_action:
        status = f'<span class="alert">{status}</span>'
    if f.justification and not f.has_live_action:
        status += _labelled(t("report.justification", lang), f.justification)
    felt = cells.surfaces(report, s)
    row = [
        f'<tr id="failure-{esc(f.id)}" data-i="{i}">',
        _num(s.number, s.ref, "rank"),
        failure,
        step,
        controls,
        _num(r.severity, key="s"),
        _num(r.occurrence, key="o"),
        _num(r.detection, key="d"),
        _num(s.rpn, key="rpn"),
        f'<td class="ap" data-v="{s.ap}">{_ap(s.ap)}</td>',
        residual,
        f'<td class="actions" data-v="{esc(cells.action_status(s, lang))}">{status}</td>',
        f'<td class="surfaces mid" data-v="{esc(felt[0]) if felt else ""}">{_items(felt)}</td>',
    ]
    if report.has_money:
        row.append(_num(s.at_risk, cells.money(s.at_risk), "money"))
    row.append("</tr>")
    return "".join(row)


def _summary(report: Report) -> str:
    lang = report.lang
    s = report.summary
    tiles = [
        ("steps", t("report.tile.steps", lang), str(s.steps), ""),
        ("fail_points", t("report.tile.fail_points", lang), str(s.fail_points), ""),
        ("wait_points", t("report.tile.wait_points", lang), str(s.wait_points), ""),
    ]
    chips = "".join(
        f'<span class="chip chip-{ap}">{ap} {n}</span>'
        for ap, n in (("H", s.high), ("M", s.medium), ("L", s.low))
    )
    tiles.append(
        ("failures", t("report.tile.failures", lang), f'{s.failures}<span class="chips">{chips}</span>', "")
    )
    tiles.append(("lacking", t("report.tile.lacking", lang), str(s.lacking), " alert" if s.lacking else ""))
    if report.totals is not None:
        key = "report.tile.money.cur" if report.currency else "report.tile.money"
        tiles.append(
            ("money", t(key, lang, cur=report.currency), esc(cells.money(report.totals.journey)), "")
        )
    overdue = ""
    if s.overdue:
        overdue = f'<span class="sub alert">{esc(t("report.tile.overdue", lang, n=s.overdue))}</span>'
    tiles.append(
        (
            "actions",
            t("report.tile.actions", lang),
            f"{s.open_actions}{overdue}",
            " alert" if s.overdue else "",
        )
    )
    out = ['<dl class="stats">']
    out += [
        f'<div class="stat stat-{k}{extra}"><dt>{esc(label)}</dt><dd>{value}</dd></div>'
        for k, label, value, extra in tiles
    ]
    out.append("</dl>")
    out.append(
        '<ul class="summary">'
        + "".join(f"<li>{esc(line)}</li>" for line in cells.summary_lines(report))
        + "</ul>"
    )
    return "\n".join(out)


def _plan(report: Report) -> str:
    lang = report.lang
    if not report.plan:
        return f'<p class="note">{esc(t("report.actions.none", lang))}</p>'
    out = [f'<p class="note">{esc(t("report.actions.note", lang, today=report.today.isoformat()))}</p>']
    cols = cells.plan_columns(lang)
    for k, group in enumerate(report.plan):
        owner = group.owner if group.owner is not None else t("report.owner.none", lang)
        heading = f"owner-{k + 1}"
        out.append(f'<h3 id="{heading}">{esc(owner)} <span class="count">({len(group.items)})</span></h3>')
        rows = []
        for i, item in enumerate(group.items):
            a, s = item.action, item.scored
            due = esc(a.due) if a.due else f'<span class="sub">{esc(t("report.due.none", lang))}</span>'
            if item.overdue:
                due += f'<span class="overdue">{esc(t("report.overdue", lang))}</span>'
            ref, ap, cause = s.ref, s.ap, ""
            if item.chain is not None:
                ref, ap = item.chain.ref, item.chain.ap
                cause = f'<span class="sub">↳ {esc(item.chain.cause.cause)}</span>'
            target = (
                f'<a href="#failure-{esc(s.failure.id)}">{ref}</a> {esc(s.failure.mode)}'
                f'{cause}<span class="sub">{esc(s.step.title)}</span>'
            )
            css = ' class="is-overdue"' if item.overdue else ""
            rows.append(
                f'<tr data-i="{i}"{css}>'
                f'<td class="wide">{esc(a.title)}</td><td class="mid">{target}</td>'
                f'<td class="ap">{_ap(ap)}</td><td class="num">{due}</td>'
                f"<td>{esc(cells.status(a.status, lang))}</td></tr>"
            )
        out.append(_table(heading, cols, rows, sortable=False, css_class="plan"))
    return "\n".join(out)


def _touchpoints(report: Report, sortable: bool = True) -> str:
    lang = report.lang
    if not report.touchpoints:
        return f'<p class="note">{esc(t("report.touch.none", lang))}</p>'
    note = t("report.touch.note", lang)
    if len(report.touchpoints) < report.touchpoints_total:
        note += " " + t(
            "report.touch.shown", lang, shown=len(report.touchpoints), total=report.touchpoints_total
        )
    rows = []
    for i, tp in enumerate(report.touchpoints):
        felt = _items([report.step_title(sid) for sid in tp.customer_steps])
        rows.append(
            f'<tr data-i="{i}">{_num(i + 1, key="rank")}{_titled(tp.title, tp.step)}'
            f"<td>{esc(cells.lane(tp.lane, lang))}</td>"
            f'<td class="mid" data-v="{len(tp.customer_steps)}">{felt}</td>'
            f"{_num(len(tp.dependents))}{_num(tp.failures)}{_num(tp.rpn_before)}{_num(tp.rpn)}"
            f"{_num(tp.high)}</tr>"
        )
    cols = cells.touch_columns(lang)
    return f'<p class="note">{esc(note)}</p>\n' + _table(
        "touchpoints-h", cols, rows, sortable=sortable, sorted_by="rank"
    )


def _waits(report: Report, sortable: bool = True) -> str:
    lang = report.lang
    if not report.wait_points:
        return f'<p class="note">{esc(t("report.wait.none", lang))}</p>'
    rows = []
    for i, w in enumerate(report.wait_points):
        rows.append(
            f'<tr data-i="{i}">{_titled(w.title, w.step)}'
            f"<td>{esc(cells.lane(w.lane, lang))}</td><td>{esc(report.phase_title(w.phase))}</td>"
            f"{_num(w.expected, cells.duration(w.expected, lang))}"
            f"{_num(w.tolerance, cells.duration(w.tolerance, lang))}"
            f"{_num(w.expected / w.tolerance if w.tolerance else w.over, cells.over(w, lang))}</tr>"
        )
    note = f'<p class="note">{esc(t("report.wait.note", lang))}</p>\n'
    return note + _table("waits-h", cells.wait_columns(lang), rows, sortable=sortable)


def _failures(report: Report, sortable: bool = True) -> str:
    lang = report.lang
    if not report.ranked:
        return f'<p class="note">{esc(t("report.failures.none", lang))}</p>'
    rows = [_failure_row(report, s, i) for i, s in enumerate(report.ranked)]
    cols = cells.failure_columns(report)
    sort_note = (
        f' <span class="screen-only">{esc(t("report.failures.sort", lang))}</span>' if sortable else ""
    )
    note = f'<p class="note">{esc(t("report.failures.note", lang, profile=report.profile))}{sort_note}</p>\n'
    if any(s.planned is not None for s in report.ranked):
        note += f'<p class="note">{esc(t("report.planned.note", lang))}</p>\n'
    return note + _table("failures-h", cols, rows, sortable=sortable, sorted_by="rank")


def _matrix(report: Report) -> str:
    from blueprint.output.matrix import matrix_table

    table = matrix_table(report.matrix, report.lang)
    return f'<div class="table-wrap" role="region" tabindex="0" aria-labelledby="matrix-h">{table}</div>'


def section_bodies(report: Report, figures: str, *, sortable: bool = True) -> dict[str, str]:
    """The inside of each section (:data:`SECTIONS`), the diagram section being ``figures``.

    Without ``sortable`` the tables have plain headings, for a page that runs no script.
    """
    return {
        "summary": _summary(report),
        "diagram": figures,
        "failures": _failures(report, sortable),
        "matrix": _matrix(report),
        "actions": _plan(report),
        "funded": funded_html(report.funded) if report.funded is not None else "",
        "touchpoints": _touchpoints(report, sortable),
        "waits": _waits(report, sortable),
    }


def to_html(report: Report, diagrams: Sequence[tuple[str, str]], theme: str = "auto") -> str:
    """The whole page; ``diagrams`` are ``(css class, <svg> element)`` pairs (:mod:`blueprint.report.svg`)."""
    lang = report.lang
    bp = report.bp
    meta = []
    if bp.scenario:
        meta.append(f"<dt>{esc(t('report.scenario', lang))}</dt><dd>{esc(bp.scenario)}</dd>")
    if bp.customer:
        meta.append(f"<dt>{esc(t('report.customer', lang))}</dt><dd>{esc(bp.customer)}</dd>")
    sections = [k for k in SECTIONS if k != "funded" or report.funded is not None]
    titles = {key: t(f"report.section.{key}", lang) for key in sections}
    toc = "".join(f'<li><a href="#{key}">{esc(titles[key])}</a></li>' for key in sections)
    zoom = t("report.diagram.full", lang)
    figures = (
        f'<p class="tools"><button type="button" class="zoom" aria-pressed="false">{esc(zoom)}</button></p>\n'
    )
    figures += "\n".join(f'<figure class="diagram {css}">\n{svg}</figure>' for css, svg in diagrams)
    bodies = section_bodies(report, figures)
    footer = t(
        "report.footer", lang, file=report.source, profile=report.profile, today=report.today.isoformat()
    )
    page = page_head(lang, bp.title, t("report.kicker", lang), theme)
    if meta:
        page.append('<dl class="meta">' + "".join(meta) + "</dl>")
    page.append(f'<nav class="toc" aria-label="{esc(t("report.contents", lang))}"><ul>{toc}</ul></nav>')
    page += ["</header>", "<main>"]
    for key in sections:
        page.append(f'<section id="{key}" aria-labelledby="{key}-h">')
        page.append(f'<h2 id="{key}-h">{esc(titles[key])}</h2>')
        page.append(bodies[key])
        page.append("</section>")
    page += [
        "</main>",
        f"<footer><p>{esc(footer)}</p></footer>",
        f"<script>{SCRIPT}</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(page) + "\n"


def page_head(lang: str, title: str, kicker: str, theme: str = "auto") -> list[str]:
    """The opening lines of a self-contained page, up to its heading: the document head with
    the content security policy and the stylesheet of ``theme``, then the kicker and title."""
    scheme = {"auto": "light dark", "light": "light", "dark": "dark"}[theme]
    return [
        "<!DOCTYPE html>",
        f'<html lang="{HTML_LANG.get(lang, "en")}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy()}">',
        f'<meta name="color-scheme" content="{scheme}">',
        '<meta name="generator" content="blueprint">',
        f"<title>{esc(title)}</title>",
        f"<style>\n{stylesheet(theme)}</style>",
        "</head>",
        "<body>",
        "<header>",
        f'<p class="kicker">{esc(kicker)}</p>',
        f"<h1>{esc(title)}</h1>",
    ]

"""``blueprint portfolio --format html``: one self-contained page for a set of journeys.

The summary, the risk matrix of every failure chain, the cross-journey ranking (sortable
by its headings, as in the single-file report) and each journey's diagram, inlined as SVG.
The page uses the report's stylesheet, script and Content-Security-Policy, so it fetches
nothing and runs nothing else; every text from a blueprint goes through :func:`esc`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from blueprint.i18n import t
from blueprint.report.assets import SCRIPT
from blueprint.report.cells import Col
from blueprint.report.html import esc, page_head

if TYPE_CHECKING:
    from blueprint.analysis.portfolio import Entry, Journey
    from blueprint.output.portfolio import PortfolioView

SECTIONS: Final = ("summary", "matrix", "failures", "journeys")
#: journeys named in the footer before the rest are counted
_FOOTER_FILES: Final = 10


def _chip(ap: str | None, text: str | None = None) -> str:
    return f'<span class="chip chip-{ap}">{esc(text or ap)}</span>' if ap in ("H", "M", "L") else ""


def _num(value: float | None, shown: str, key: str) -> str:
    """A number cell; ``data-v`` holds the exact value the table sorts by."""
    if value is None:
        return f'<td class="{key} num" data-v=""></td>'
    return f'<td class="{key} num" data-v="{value!r}">{esc(shown)}</td>'


def _columns(view: PortfolioView) -> list[Col]:
    kinds = {"rank": "num", "s": "num", "o": "num", "d": "num", "rpn": "num", "money": "num"}
    kinds |= {"journeys": "num", "ap": "ap", "res": "ap"}
    out = []
    for key in view.keys:
        css = "residual" if key == "res" else key
        out.append(Col(css, view.header(key).replace("\n", " "), kinds.get(key, "text")))
    return out


def _head(cols: Sequence[Col]) -> str:
    out = []
    for c in cols:
        asc = " data-asc" if c.key == "rank" else ""
        sort = ' aria-sort="ascending"' if c.key == "rank" else ""
        align = "mid" if c.key == "journeys" else c.kind  # a count over a list: read from the left
        out.append(
            f'<th class="{c.key} {align}" scope="col" data-kind="{c.kind}"{asc}{sort}>'
            f'<button type="button">{esc(c.header)}</button></th>'
        )
    return "<thead><tr>" + "".join(out) + "</tr></thead>"


def _journeys_cell(e: Entry) -> str:
    items = "".join(
        f'<li><a href="#journey-{_anchor(r.journey.file)}">{esc(r.journey.title)}</a> {r.scored.ref}</li>'
        for r in e.reaches
    )
    return (
        f'<td class="journeys mid" data-v="{len(e.reaches)}">'
        f'<span class="count">{len(e.reaches)}</span><ul class="items">{items}</ul></td>'
    )


def _failure_cell(e: Entry, lang: str) -> str:
    f = e.scored.failure
    extra = ""
    if f.from_id:
        keys = t("list.sep", lang).join(f.overrides) or "-"
        extra = f'<span class="sub">{esc(t("fmea.mark.from.own", lang, id=f.from_id, keys=keys))}</span>'
    return (
        f'<td class="failure wide" data-v="{esc(f.mode)}"><span class="mode">{esc(f.mode)}</span>'
        f'<span class="sub">{esc(f.id)}</span>{extra}</td>'
    )


def _row(view: PortfolioView, e: Entry, i: int, folder: str) -> str:
    from blueprint.output.fmea_view import money
    from blueprint.output.portfolio import short_file

    lang = view.lang
    s, r = e.scored, e.scored.ratings
    step = s.step
    where = f'<span class="sub">{esc(t("fmea.mark.shared", lang))}</span>' if e.shared else ""
    residual = '<td class="residual ap" data-v=""></td>'
    if s.residual_ap:
        residual = (
            f'<td class="residual ap" data-v="{s.residual_ap}">{_chip(s.residual_ap)}'
            f'<span class="sub">{esc(t("report.residual.rpn", lang, rpn=s.residual_rpn))}</span></td>'
        )
    cells = [
        f'<tr id="failure-{e.rank}" data-i="{i}">',
        _num(e.rank, str(e.rank), "rank"),
        _failure_cell(e, lang),
        f'<td class="step mid" data-v="{esc(step.title)}">{esc(step.title)}'
        f'<span class="sub">{esc(step.id)}</span>{where}</td>',
        f'<td class="file mid" data-v="{esc(e.origin)}" title="{esc(e.origin)}">'
        f"{esc(short_file(e.origin, folder))}</td>",
        _journeys_cell(e),
        _num(r.severity, str(r.severity), "s"),
        _num(r.occurrence, str(r.occurrence), "o"),
        _num(r.detection, str(r.detection), "d"),
        _num(s.rpn, str(s.rpn), "rpn"),
        f'<td class="ap" data-v="{s.ap}">{_chip(s.ap)}</td>',
        residual,
    ]
    if view.portfolio.has_money:
        cells.append(_num(e.at_risk_total, money(e.at_risk_total), "money"))
    return "".join(cells) + "</tr>"


def _failures(view: PortfolioView) -> str:
    p = view.portfolio
    note = f'<p class="note">{esc(t("portfolio.failures.note", view.lang, profile=p.profile))}</p>\n'
    if not p.entries:
        return note
    from blueprint.output.portfolio import common_folder

    folder = common_folder(p)
    rows = "\n".join(_row(view, e, i, folder) for i, e in enumerate(p.entries))
    return (
        note + '<div class="table-wrap" role="region" tabindex="0" aria-labelledby="failures-h">'
        f'<table class="sortable">{_head(_columns(view))}<tbody>\n{rows}\n</tbody></table></div>'
    )


def _summary(view: PortfolioView) -> str:
    from blueprint.output.fmea_view import money
    from blueprint.output.portfolio import summary_lines

    p, lang = view.portfolio, view.lang
    chips = "".join(_chip(ap, f"{ap} {sum(e.scored.ap == ap for e in p.entries)}") for ap in ("H", "M", "L"))
    tiles = [
        ("journeys", t("portfolio.tile.journeys", lang), str(len(p.journeys))),
        (
            "failures",
            t("portfolio.tile.failures", lang),
            f'{len(p.entries)}<span class="chips">{chips}</span>',
        ),
        ("shared", t("portfolio.tile.shared", lang), str(p.shared)),
    ]
    if p.at_risk_total is not None:
        key = "portfolio.tile.money.cur" if p.currency else "portfolio.tile.money"
        tiles.append(("money", t(key, lang, cur=p.currency or ""), esc(money(p.at_risk_total))))
    out = ['<dl class="stats">']
    out += [
        f'<div class="stat stat-{k}"><dt>{esc(label)}</dt><dd>{value}</dd></div>' for k, label, value in tiles
    ]
    out.append("</dl>")
    out.append('<ul class="summary">' + "".join(f"<li>{esc(x)}</li>" for x in summary_lines(view)) + "</ul>")
    return "\n".join(out)


def _matrix(view: PortfolioView) -> str:
    from blueprint.output.matrix import matrix_table

    table = matrix_table(view.portfolio.matrix, view.lang)
    return f'<div class="table-wrap" role="region" tabindex="0" aria-labelledby="matrix-h">{table}</div>'


def _anchor(file: str) -> str:
    """A fragment id for a journey file: its characters kept where ids allow them, others as codes."""
    return "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_.") else f"_{ord(ch):x}" for ch in file)


def _journey(view: PortfolioView, j: Journey) -> str:
    reached = sum(any(r.journey.file == j.file for r in e.reaches) for e in view.portfolio.entries)
    figures = "\n".join(
        f'<figure class="diagram {css}">\n{svg}</figure>' for css, svg in view.diagrams.get(j.file, ())
    )
    count = esc(t("portfolio.journey.failures", view.lang, n=reached))
    return (
        f'<h3 id="journey-{_anchor(j.file)}">{esc(j.title)}</h3>\n'
        f'<p class="note">{esc(j.file)} · {count}</p>\n{figures}'
    )


def _journeys(view: PortfolioView) -> str:
    zoom = esc(t("report.diagram.full", view.lang))
    note = f'<p class="note">{esc(t("portfolio.journeys.note", view.lang))}</p>\n'
    tools = (
        note
        + f'<p class="tools"><button type="button" class="zoom" aria-pressed="false">{zoom}</button></p>\n'
    )
    return tools + "\n".join(_journey(view, j) for j in view.portfolio.journeys)


def _footer(view: PortfolioView) -> str:
    files = [j.file for j in view.portfolio.journeys]
    shown = t("list.sep", view.lang).join(files[:_FOOTER_FILES])
    if len(files) > _FOOTER_FILES:
        shown += " " + t("portfolio.more", view.lang, n=len(files) - _FOOTER_FILES)
    return t("portfolio.footer", view.lang, files=shown, profile=view.portfolio.profile)


def render(view: PortfolioView) -> str:
    """The whole page (light and dark diagrams, following the reader's setting)."""
    lang = view.lang
    heading = t("portfolio.title", lang, n=len(view.portfolio.journeys))
    titles = {key: t(f"portfolio.section.{key}", lang) for key in SECTIONS}
    bodies = {"summary": _summary, "matrix": _matrix, "failures": _failures, "journeys": _journeys}
    toc = "".join(f'<li><a href="#{key}">{esc(titles[key])}</a></li>' for key in SECTIONS)
    page = [
        *page_head(lang, heading, t("portfolio.kicker", lang)),
        f'<nav class="toc" aria-label="{esc(t("report.contents", lang))}"><ul>{toc}</ul></nav>',
        "</header>",
        "<main>",
    ]
    for key in SECTIONS:
        page += [
            f'<section id="{key}" aria-labelledby="{key}-h">',
            f'<h2 id="{key}-h">{esc(titles[key])}</h2>',
            bodies[key](view),
            "</section>",
        ]
    page += [
        "</main>",
        f"<footer><p>{esc(_footer(view))}</p></footer>",
        f"<script>{SCRIPT}</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(page) + "\n"

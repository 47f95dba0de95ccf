"""The slides of a deck, one function per kind; tables are carried over as many slides as they need."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pptx.util import Pt

from blueprint.i18n import t
from blueprint.output.fmea_view import money, status_summary
from blueprint.render.text import wrap

if TYPE_CHECKING:
    from blueprint.analysis.core import Analysis
    from blueprint.analysis.fmea import Scored
    from blueprint.deck import DeckOptions

TABLE_PT = 12.0
"""Table text size: rows go onto the next slide rather than below this."""
LINE_HEIGHT = 1.45
"""A line of Noto Sans CJK in font sizes (its ascent and descent): rows are as tall as their lines."""
BODY_PT = 7.5 * 72 - 1.2 * 72 - 0.45 * 72  # points under the title, to the bottom margin
BODY_IN = 13.333 - 1.0  # inches across


def blank(deck: Any) -> Any:
    """A new slide of the blank layout."""
    return deck.slides.add_slide(deck.slide_layouts[6])


def title_slide(deck: Any, analysis: Analysis, opts: DeckOptions) -> None:
    from blueprint.deck.slides import INK, MARGIN, MUTED, SLIDE_W, text_box

    bp = analysis.blueprint
    lang = opts.lang
    slide = blank(deck)
    facts = [x for x in (bp.meta.client, bp.meta.version and f"v{bp.meta.version}", bp.meta.author) if x]
    facts += [x for x in (opts.date or bp.meta.date,) if x]
    facts.append(t("deck.facts.profile", lang, profile=analysis.profile.name))
    ranked = analysis.ranked("ap")
    counts = t(
        "deck.counts",
        lang,
        failures=len(ranked),
        h=sum(s.ap == "H" for s in ranked),
        m=sum(s.ap == "M" for s in ranked),
        l=sum(s.ap == "L" for s in ranked),
    )
    paragraphs = [(t("deck.subtitle", lang), 18.0, False, MUTED), (bp.title, 36.0, True, INK)]
    if bp.scenario:
        paragraphs.append((bp.scenario, 18.0, False, INK))
    paragraphs += [(" · ".join(facts), 14.0, False, MUTED), (counts, 14.0, False, MUTED)]
    text_box(slide, MARGIN, 1600000, SLIDE_W - 2 * MARGIN, 3600000, paragraphs, opts.font)


def diagram_slides(deck: Any, analysis: Analysis, opts: DeckOptions) -> None:
    """The diagram fitted to a slide, one slide per page when it is split by phase."""
    import io

    from blueprint.deck.slides import SLIDE_H, SLIDE_W
    from blueprint.render import RenderOptions
    from blueprint.render.pages import render_pages

    render = RenderOptions(
        fmt="png", fit="slide", lang=opts.lang, font=opts.font, theme=opts.theme, dpi=opts.dpi, date=opts.date
    )
    pad = 91440  # 0.1 in
    for data in render_pages(analysis, render).files:
        slide = blank(deck)
        width, height = _png_size(data)
        scale = min((SLIDE_W - 2 * pad) / width, (SLIDE_H - 2 * pad) / height)
        w, h = int(width * scale), int(height * scale)
        slide.shapes.add_picture(io.BytesIO(data), (SLIDE_W - w) // 2, (SLIDE_H - h) // 2, w, h)


def _png_size(data: bytes) -> tuple[int, int]:
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _lines(text: str, inches: float) -> int:
    """Lines a cell of ``inches`` takes for ``text`` at the table size, wrapped at words as an
    office suite does (a little narrower than the cell, for the estimate's sake)."""
    room = (inches * 72 - 10) / TABLE_PT * 0.85  # ems: the cell less its margins, with room to spare
    return sum(len(wrap(part, room)) or 1 for part in text.split("\n"))


def row_height(row: Sequence[str], widths: Sequence[float]) -> float:
    """Points a table row takes at 12 pt, its cells wrapped to their column widths."""
    total = sum(widths)
    inches = [BODY_IN * w / total for w in widths]
    lines = max(_lines(text, w) for text, w in zip(row, inches, strict=True))
    return lines * TABLE_PT * LINE_HEIGHT + 6


def paginate(
    rows: Sequence[Sequence[str]], widths: Sequence[float], headers: Sequence[str]
) -> list[list[int]]:
    """Row indexes of each slide: as many rows as fit under the header at 12 pt."""

    def height(row: Sequence[str]) -> float:
        return row_height(row, widths)

    room = BODY_PT - height(headers)
    pages: list[list[int]] = [[]]
    used = 0.0
    for i, row in enumerate(rows):
        h = height(row)
        if pages[-1] and used + h > room:
            pages.append([])
            used = 0.0
        pages[-1].append(i)
        used += h
    return pages


def table_slides(
    deck: Any,
    opts: DeckOptions,
    titles: tuple[str, str],
    headers: list[str],
    rows: list[list[str]],
    widths: list[float],
    fills: Sequence[tuple[int, str] | None],
) -> None:
    """A table over as many slides as its rows need at 12 pt; ``titles``: the title, and the
    catalogue key of a part's title (``{page}`` of ``{pages}``)."""
    from blueprint.deck.slides import table, title

    pages = paginate(rows, widths, headers)
    for n, page in enumerate(pages, start=1):
        slide = blank(deck)
        head = titles[0] if len(pages) == 1 else t(titles[1], opts.lang, page=n, pages=len(pages))
        title(slide, head, opts.font)
        shown = [rows[i] for i in page]
        shape = table(slide, headers, shown, widths, opts.font, TABLE_PT, [fills[i] for i in page])
        for r, row in enumerate([headers, *shown]):
            shape.table.rows[r].height = Pt(row_height(row, widths))


def failure_rows(analysis: Analysis, opts: DeckOptions) -> list[tuple[Scored, Any]]:
    """The failure chains the deck tables: the first ``top`` in the default order (F1, F2...)."""
    chains = [(s, c) for s in analysis.ranked("ap") for c in s.chains]
    return sorted(chains, key=lambda sc: sc[1].number)[: opts.top]


def failure_slides(deck: Any, analysis: Analysis, opts: DeckOptions) -> None:
    lang = opts.lang
    shown = failure_rows(analysis, opts)
    if not shown:
        return
    econ = analysis.blueprint.economics
    cur = f" ({econ.currency})" if econ is not None and econ.currency else ""
    headers = [t(f"deck.col.{k}", lang) for k in ("ref", "failure", "ap", "sod", "actions")]
    widths = [0.7, 6.0, 1.1, 1.1, 1.6]
    if econ is not None:
        headers.append(t("deck.col.money", lang) + cur)
        widths.append(1.8)
    rows: list[list[str]] = []
    fills: list[tuple[int, str] | None] = []
    for s, c in shown:
        r = c.ratings
        ap = f"{c.ap}→{c.residual_ap}" if c.residual_ap else c.ap
        row = [c.ref, f"{s.failure.mode}\n{s.step.title}", ap, f"{r.severity}·{r.occurrence}·{r.detection}"]
        row.append(status_summary(s.failure, lang))
        if econ is not None:  # the failure's money, on its worst chain's row
            row.append(money(s.at_risk) if c.number == s.number else "")
        rows.append(row)
        fills.append((2, c.ap))
    table_slides(deck, opts, (t("deck.top", lang), "deck.top.part"), headers, rows, widths, fills)


def plan_slides(deck: Any, analysis: Analysis, opts: DeckOptions, source: str) -> None:
    """Open and in-progress actions, by failure number, then due date."""
    from blueprint.deck.funded import chain_ref
    from blueprint.deck.slides import MARGIN, MUTED, SLIDE_W, text_box, title

    lang = opts.lang
    items = []
    for s in analysis.ranked("ap"):
        for a in s.failure.actions:
            if a.status in ("open", "in-progress"):
                # the number of the failure chain the action belongs to, as in the funded plan
                ref = chain_ref(analysis, s.failure, a) or s.ref
                items.append((int(ref.lstrip("F")), a.due or "9999", s, a, ref))
    items.sort(key=lambda x: (x[0], x[1]))
    if not items:
        slide = blank(deck)
        title(slide, t("deck.plan", lang), opts.font)
        text_box(
            slide,
            MARGIN,
            1400000,
            SLIDE_W - 2 * MARGIN,
            800000,
            [(t("deck.plan.none", lang), 18.0, False, MUTED)],
            opts.font,
        )
        return
    headers = [t(f"deck.col.{k}", lang) for k in ("ref", "action", "failure", "owner", "due", "status")]
    widths = [0.7, 4.2, 3.6, 1.6, 1.3, 1.2]
    rows = [
        [ref, a.title, s.failure.mode, a.owner or "", a.due or "", t(f"report.status.{a.status}", lang)]
        for _, _, s, a, ref in items
    ]
    fills: list[tuple[int, str] | None] = [None] * len(rows)
    table_slides(deck, opts, (t("deck.plan", lang), "deck.plan.part"), headers, rows, widths, fills)


def money_slide(deck: Any, analysis: Analysis, opts: DeckOptions) -> None:
    """Money at risk per year, the total and the failures that carry most of it."""
    from blueprint.deck.slides import INK, MARGIN, MUTED, SLIDE_W, table, text_box, title

    lang = opts.lang
    econ = analysis.blueprint.economics
    assert econ is not None
    ranked = analysis.ranked("ap")
    cur = f" {econ.currency}" if econ.currency else ""
    total = sum(s.at_risk or 0.0 for s in ranked)
    slide = blank(deck)
    title(slide, t("deck.money", lang), opts.font)
    lines = [(t("deck.money.total", lang, total=money(total), cur=cur), 24.0, True, INK)]
    if any(s.residual_at_risk is not None for s in ranked):
        after = sum(
            s.residual_at_risk if s.residual_at_risk is not None else s.at_risk or 0.0 for s in ranked
        )
        lines.append((t("deck.money.after", lang, total=money(after), cur=cur), 18.0, False, INK))
    lines.append((t("deck.money.note", lang), 14.0, False, MUTED))
    text_box(slide, MARGIN, 1100000, SLIDE_W - 2 * MARGIN, 1200000, lines, opts.font)
    most = sorted(ranked, key=lambda s: (-(s.at_risk or 0.0), s.number))[:5]
    headers = [t(f"deck.col.{k}", lang) for k in ("ref", "failure", "ap", "money")]
    headers[-1] += f" ({econ.currency})" if econ.currency else ""
    rows = [[s.ref, f"{s.failure.mode}\n{s.step.title}", s.ap, money(s.at_risk)] for s in most]
    widths = [0.7, 7.5, 1.0, 2.2]
    shape = table(slide, headers, rows, widths, opts.font, TABLE_PT, [(2, s.ap) for s in most])
    shape.top = 2500000
    for r, row in enumerate([headers, *rows]):
        shape.table.rows[r].height = Pt(row_height(row, widths))

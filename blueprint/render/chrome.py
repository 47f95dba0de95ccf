"""The title block of a diagram: title, scenario, facts, the legend and the callouts.

The legend names only what the picture shows (the AP levels present, the residual chip
when an action is done, wait and felt marks, the edges drawn, the emotion row); the
callouts (``render --callouts``) list each numbered failure, ``F1 wrong drug dispensed (H)``.
"""

from __future__ import annotations

from collections.abc import Sequence

from blueprint.i18n import t
from blueprint.render.labels import FELT_GLYPH, SHARED_GLYPH, Label, _font, lines, sizes
from blueprint.render.layout import Diagram
from blueprint.render.numbers import Callout
from blueprint.render.options import RenderOptions
from blueprint.render.sizes import SCREEN, Sizes
from blueprint.render.text import html, text_width
from blueprint.render.theme import Theme

CALLOUT_WIDTH = 40.0
"""Ems a callout wraps at on a screen drawing."""
PAGE_CALLOUT_WIDTH = 20.0
"""Ems a callout wraps at on a page (``--fit``)."""


def _swatch(fill: str, border: str, text: str, text_color: str, sz: Sizes, width: int = 2) -> str:
    return (
        f'<TD BGCOLOR="{fill}" COLOR="{border}" BORDER="{width}" STYLE="rounded" CELLPADDING="3">'
        f"{_font(text, text_color, sz.badge, True)}</TD>"
    )


def _text_cell(text: str, color: str, sz: Sizes, bold: bool = False) -> str:
    return f'<TD ALIGN="LEFT">{_font(html(text), color, sz.badge, bold)}</TD>'


def legend_items(diagram: Diagram, opts: RenderOptions, theme: Theme) -> list[tuple[str, list[str]]]:
    """The legend as (cells, texts) items: only what the picture shows."""
    lang, sz = opts.lang, sizes(opts)
    items: list[tuple[str, list[str]]] = []
    risks = list(diagram.risk.values())
    if opts.risk:
        for ap in ("H", "M", "L"):
            if any(r.ap == ap for r in risks):
                text = t("render.ap." + ap, lang)
                cell = _swatch(theme.ap_fill[ap], theme.ap_border[ap], "⚠", theme.ap_text[ap], sz)
                items.append((cell + _text_cell(text, theme.text, sz), ["⚠", text]))
        if risks and len(risks) < len(diagram.steps):
            text = t("render.no_failure", lang)
            cell = _swatch(theme.node_fill, theme.node_border, "&#160;&#160;&#160;", theme.node_text, sz, 1)
            items.append((cell + _text_cell(text, theme.text, sz), ["   ", text]))
        if diagram.callouts:
            first = diagram.callouts[0].ref
            text = t("render.refs_legend", lang)
            cell = _text_cell(f"⚠ {first}", theme.text, sz, True)
            items.append((cell + _text_cell(text, theme.text, sz), [f"⚠ {first}", text]))
        if opts.label != "none" and any(r.residual_ap for r in risks):
            text = t("render.residual", lang)
            badge = _font("&#160;H→L&#160;", theme.badge_text, sz.badge, True)
            cell = f'<TD BGCOLOR="{theme.badge_fill}" STYLE="rounded">{badge}</TD>'
            items.append((cell + _text_cell(text, theme.text, sz), ["H→L", text]))
        if diagram.felt_at:
            text = t("render.felt_legend", lang)
            cell = _text_cell(f"{FELT_GLYPH} F", theme.text, sz, True)
            items.append((cell + _text_cell(text, theme.text, sz), [f"{FELT_GLYPH} F", text]))
        if any(s.is_wait_point and s.time is not None for s in diagram.steps):
            text = t("render.wait_point", lang)
            items.append((_text_cell(text, theme.wait, sz, True), [text]))
    if any(s.shared_from is not None for s in diagram.steps):
        text = t("render.shared_legend", lang)
        cell = _text_cell(SHARED_GLYPH, theme.muted, sz, True)
        items.append((cell + _text_cell(text, theme.text, sz), [SHARED_GLYPH, text]))
    if diagram.flows:
        text = "──▶ " + t("render.flow", lang)
        items.append((_text_cell(text, theme.flow_edge, sz), [text]))
    if diagram.uses:
        text = "╌╌▷ " + t("render.uses", lang)
        items.append((_text_cell(text, theme.muted, sz), [text]))
    if diagram.show_emotion:
        text = "● " + t("render.emotion_scale", lang)
        items.append((_text_cell(text, theme.muted, sz), [text]))
    return items


def _item_width(texts: Sequence[str], sz: Sizes) -> float:
    return sum(text_width(x) for x in texts) * sz.badge * 0.66 + 28 * len(texts) + 16


def _grid(widths: Sequence[float], per_row: int) -> float:
    """Width of items laid out ``per_row`` to a row as a grid: each column as wide as its widest."""
    return sum(max(widths[c::per_row]) for c in range(min(per_row, len(widths))))


def legend_rows(diagram: Diagram, opts: RenderOptions, theme: Theme, room: float) -> tuple[str, float]:
    """The legend as one table row of the title block, and its width in points.

    The items wrap onto further rows when they are wider than ``room``, as a grid: every
    item takes the same columns on each row, so the rows line up (Graphviz would spread
    a shorter row of its own over the whole width).
    """
    sz = sizes(opts)
    head = t("render.legend", opts.lang)
    gap = '<TD WIDTH="10"></TD>'
    items = legend_items(diagram, opts, theme)
    widths = [_item_width(texts, sz) for _, texts in items]
    per_row = len(items)
    while per_row > 1 and _item_width([head], sz) + _grid(widths, per_row) > room:
        per_row -= 1
    rows = []
    for start in range(0, max(1, len(items)), max(1, per_row)):
        first = _text_cell(head, theme.text, sz, True) if start == 0 else "<TD></TD>"
        cells = [first, gap]
        for cells_html, _ in items[start : start + per_row]:
            if cells_html.count("<TD") == 1:  # text only: it takes the swatch's column too
                cells_html = cells_html.replace("<TD ", '<TD COLSPAN="2" ', 1)
            cells += [cells_html, gap]
        rows.append("<TR>" + "".join(cells) + "</TR>")
    widest = _item_width([head], sz) + _grid(widths, per_row)
    body = (
        '<TR><TD ALIGN="LEFT"><TABLE BORDER="0" CELLPADDING="2" CELLSPACING="1">'
        + "".join(rows)
        + "</TABLE></TD></TR>"
    )
    return body, widest


def callout_wrap(sz: Sizes) -> float:
    """Ems a callout's text wraps at: narrower on a page, where columns share a slide's width."""
    return CALLOUT_WIDTH if sz is SCREEN else PAGE_CALLOUT_WIDTH


def callout_columns(room: float, sz: Sizes) -> int:
    """Columns of callouts ``room`` points hold: the text's width, the number and the padding."""
    return max(1, int(room // (callout_wrap(sz) * sz.badge + 40)))


def callout_lines(item: Callout, sz: Sizes) -> list[str]:
    """The callout's text, wrapped and escaped, its AP after it."""
    ap = item.residual_ap or item.ap
    return lines(f"{item.mode} ({ap})", callout_wrap(sz))


def callout_rows(items: Sequence[Callout], theme: Theme, sz: Sizes, room: float) -> str:
    """The callouts in as many columns as ``room`` points hold, numbered down each column."""
    columns = min(len(items), callout_columns(room, sz))
    per = -(-len(items) // columns)
    cols = [col for i in range(columns) if (col := items[i * per : (i + 1) * per])]
    cells = []
    for col in cols:
        entries = []
        for c in col:
            mode = "<BR/>".join(callout_lines(c, sz))
            entries.append(
                f'<TR><TD ALIGN="RIGHT" VALIGN="TOP">{_font(c.ref, theme.text, sz.badge, True)}</TD>'
                f'<TD ALIGN="LEFT" VALIGN="TOP" BALIGN="LEFT">{_font(mode, theme.text, sz.badge)}</TD></TR>'
            )
        cells.append(
            '<TD VALIGN="TOP"><TABLE ALIGN="LEFT" VALIGN="TOP" BORDER="0" CELLPADDING="1" CELLSPACING="0">'
            + "".join(entries)
            + "</TABLE></TD>"
        )
    return (
        '<TR><TD ALIGN="LEFT"><TABLE ALIGN="LEFT" BORDER="0" CELLSPACING="6"><TR>'
        + "".join(cells)
        + "</TR></TABLE></TD></TR>"
    )


def facts_line(diagram: Diagram, opts: RenderOptions) -> str:
    """``Customer: … · AP profile: … · v1.2 · author · date · client · page 1 of 2``."""
    bp = diagram.blueprint
    lang = opts.lang
    parts = []
    if bp.customer:
        parts.append(t("render.customer", lang, customer=bp.customer))
    if opts.risk:
        parts.append(t("render.profile", lang, profile=diagram.profile_name))
    meta = bp.meta
    if meta.version:
        parts.append(t("render.version", lang, version=meta.version))
    parts += [x for x in (meta.author, opts.date or meta.date, meta.client) if x]
    if opts.part:
        parts.append(opts.part)
    return " · ".join(parts)


def graph_label(diagram: Diagram, opts: RenderOptions, theme: Theme, grid: float) -> Label:
    """Title, scenario and facts at the top left, the legend and the callouts below them.

    ``grid`` is the drawing's width in points: the legend and callouts wrap to it. The
    label's ``height`` holds its estimated *width* in points instead.
    """
    bp = diagram.blueprint
    sz = sizes(opts)
    room = max(grid, 480.0)
    title = lines(bp.title, room / sz.heading * 1.6)
    left = '<TD ALIGN="LEFT" BALIGN="LEFT">'
    rows = [f"<TR>{left}{_font('<BR/>'.join(title), theme.text, sz.heading, True)}</TD></TR>"]
    widest = max(text_width(x) for x in title) * sz.heading * 0.6
    # a page keeps the title block short: the scenario is on the screen drawing and the deck
    for text in (bp.scenario if opts.fit == "none" else None, facts_line(diagram, opts)):
        if text:
            parts = lines(text, room / sz.sub * 1.6)
            widest = max(widest, max(text_width(x) for x in parts) * sz.sub * 0.6)
            rows.append(f"<TR>{left}{_font('<BR/>'.join(parts), theme.muted, sz.sub)}</TD></TR>")
    legend, legend_width = legend_rows(diagram, opts, theme, room)
    rows.append(legend)
    if opts.callouts and diagram.callouts:
        rows.append(callout_rows(diagram.callouts, theme, sz, room))
        widest = max(widest, room)
    body = '<<TABLE BORDER="0" CELLPADDING="1" CELLSPACING="0">' + "".join(rows) + "</TABLE>>"
    return Label(body, max(widest, legend_width))

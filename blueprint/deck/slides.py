"""Slide helpers over python-pptx: text boxes, pictures and tables in the deck's fonts.

Every run names both fonts: the Latin one and the East Asian one (``Noto Sans CJK TC``),
so PowerPoint, Keynote and LibreOffice draw Chinese text with a CJK font.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt


def _rgb(hexa: str) -> RGBColor:
    color: RGBColor = RGBColor.from_string(hexa)  # type: ignore[no-untyped-call]
    return color


SLIDE_W = Emu(12192000)  # 13.333 in: PowerPoint's 16:9 slide
SLIDE_H = Emu(6858000)  # 7.5 in
MARGIN = Emu(457200)  # 0.5 in
TITLE_H = Emu(640080)  # 0.7 in
BODY_TOP = MARGIN + TITLE_H
INK = _rgb("1F2933")
MUTED = _rgb("52606D")
HEAD_FILL = _rgb("334E68")
WHITE = _rgb("FFFFFF")
STRIPE = _rgb("F3F5F8")
AP_FILL = {
    "H": _rgb("BD0026"),
    "M": _rgb("FD8D3C"),
    "L": _rgb("FFF3B0"),
}
AP_TEXT = {"H": WHITE, "M": _rgb("1F1300"), "L": _rgb("1F1F1F")}


def style_run(run: Any, font: str, size: float, *, bold: bool = False, color: RGBColor = INK) -> None:
    """Size, weight, colour, and the Latin and East Asian typefaces of one run."""
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = color
    run.font.name = font
    rpr = run._r.get_or_add_rPr()
    for tag in ("a:ea", "a:cs"):
        old = rpr.find(qn(tag))
        if old is not None:
            rpr.remove(old)
        el = rpr.makeelement(qn(tag), {"typeface": font})
        rpr.append(el)


def text_box(
    slide: Any,
    left: int,
    top: int,
    width: int,
    height: int,
    paragraphs: Sequence[tuple[str, float, bool, RGBColor]],
    font: str,
) -> Any:
    """A text box of paragraphs ``(text, size, bold, colour)``, wrapping inside its width."""
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    for i, (text, size, bold, color) in enumerate(paragraphs):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = para.add_run()
        run.text = text
        style_run(run, font, size, bold=bold, color=color)
    return box


def title(slide: Any, text: str, font: str) -> None:
    """The slide's title at the top left."""
    text_box(slide, MARGIN, Emu(320040), SLIDE_W - 2 * MARGIN, TITLE_H, [(text, 26, True, INK)], font)


def table(
    slide: Any,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    font: str,
    size: float,
    fills: Sequence[tuple[int, str] | None] = (),
) -> Any:
    """A table under the title: ``widths`` are shares of the body width; ``fills`` colour a
    row's cell by AP (``(column, ap)``)."""
    body_w = SLIDE_W - 2 * MARGIN
    shape = slide.shapes.add_table(len(rows) + 1, len(headers), MARGIN, BODY_TOP, body_w, Emu(400000))
    grid = shape.table
    total = sum(widths)
    for j, share in enumerate(widths):
        grid.columns[j].width = Emu(int(body_w * share / total))
    for j, text in enumerate(headers):
        _cell(grid.cell(0, j), text, font, size, bold=True, color=WHITE, fill=HEAD_FILL)
    for i, row in enumerate(rows, start=1):
        for j, text in enumerate(row):
            fill = STRIPE if i % 2 == 0 else WHITE
            color = INK
            mark = fills[i - 1] if i - 1 < len(fills) else None
            if mark is not None and mark[0] == j:
                fill, color = AP_FILL[mark[1]], AP_TEXT[mark[1]]
            _cell(grid.cell(i, j), text, font, size, bold=j == 0, color=color, fill=fill)
    return shape


def _cell(
    cell: Any, text: str, font: str, size: float, *, bold: bool, color: RGBColor, fill: RGBColor
) -> None:
    cell.fill.solid()
    cell.fill.fore_color.rgb = fill
    cell.margin_left = cell.margin_right = Emu(64008)
    cell.margin_top = cell.margin_bottom = Emu(27432)
    frame = cell.text_frame
    frame.word_wrap = True
    lines = text.split("\n")
    for i, line in enumerate(lines):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = para.add_run()
        run.text = line
        # a second line (the step under a failure mode) is quieter, never smaller
        style_run(run, font, size, bold=bold and i == 0, color=color if i == 0 else MUTED)

"""Graphviz HTML-like labels for steps, lanes, headers, the title and the legend.

Every user string goes through :func:`blueprint.render.text.html` (after wrapping),
so the labels are well-formed XML whatever a title contains. Each label comes with an
estimate of its height, so every node of a row can be given the row's height: the
lane bands are drawn to that height, and a row of equal boxes reads as a grid.
"""

from __future__ import annotations

from dataclasses import dataclass

from blueprint.i18n import t
from blueprint.model import Step, format_duration
from blueprint.render.layout import Diagram, StepRisk
from blueprint.render.options import RenderOptions
from blueprint.render.text import html, text_width, wrap
from blueprint.render.theme import Theme

STEP_WIDTH = 168  # points: 14 full-width characters at 11 pt, plus padding
NODE_WIDTH = STEP_WIDTH + 8
LABEL_WIDTH = 96  # the lane-label column
TITLE_SIZE = 11
SMALL = 8.5
LINE = 1.1  # Graphviz's line height for HTML labels, in font sizes
MARGIN = 6  # node margin above and below the label, in points


@dataclass(frozen=True)
class Label:
    """An HTML-like label and its estimated height in points."""

    html: str
    height: float


def lines(text: str, width: float = 14.0) -> list[str]:
    """Wrapped, escaped lines."""
    return [html(line) for line in wrap(text, width)]


def _font(text: str, color: str, size: float | None = None, bold: bool = False) -> str:
    size_attr = f' POINT-SIZE="{size:g}"' if size else ""
    inner = f"<B>{text}</B>" if bold and text else text
    return f'<FONT COLOR="{color}"{size_attr}>{inner}</FONT>'


def ap_text(risk: StepRisk, label: str) -> str:
    """The badge text: ``H``, ``H→L``, or with RPN ``H  RPN 252→36``."""
    ap = risk.ap if risk.residual_ap is None else f"{risk.ap}→{risk.residual_ap}"
    if label == "rpn":
        rpn = str(risk.rpn) if risk.residual_rpn is None else f"{risk.rpn}→{risk.residual_rpn}"
        return f"{ap}  RPN {rpn}"
    return ap


def felt_text(felt: StepRisk, lang: str) -> str:
    """The quiet mark of a customer step where failures of other steps are felt: ``felt: H``.

    One letter, the current AP (the residual one once actions are done): the step's own
    badge tells the before and after, this line only how bad it is for the customer now.
    """
    return t("render.felt", lang, ap=felt.residual_ap or felt.ap)


def step_label(
    step: Step, risk: StepRisk | None, opts: RenderOptions, theme: Theme, felt: StepRisk | None = None
) -> Label:
    """A step: risk badge row, wrapped title, actor and channel, wait mark, felt mark."""
    rows = []
    height = 2.0 * MARGIN
    text_color = theme.ap_text[risk.ap] if risk else theme.node_text
    if risk:
        mark = "⚠" if risk.failures == 1 else f"⚠ {risk.failures}"
        cells = f'<TD ALIGN="LEFT">{_font(mark, text_color, 10, bold=True)}</TD>'
        if opts.label != "none":
            text = ap_text(risk, opts.label)
            width = round(text_width(text) * (SMALL + 0.5) * 1.1 + 10)
            badge = _font(html(text), theme.badge_text, SMALL + 0.5, True)
            cells = (
                f'<TD ALIGN="LEFT" WIDTH="{STEP_WIDTH - width - 4}" FIXEDSIZE="TRUE" HEIGHT="15">'
                f"{_font(mark, text_color, 10, bold=True)}</TD>"
                f'<TD BGCOLOR="{theme.badge_fill}" STYLE="rounded" WIDTH="{width}" FIXEDSIZE="TRUE" '
                f'HEIGHT="15">{badge}</TD>'
            )
        rows.append(
            '<TR><TD CELLPADDING="0"><TABLE BORDER="0" CELLSPACING="0" CELLPADDING="0">'
            f"<TR>{cells}</TR></TABLE></TD></TR>"
        )
        height += 19
    title = lines(step.title)
    rows.append(
        f'<TR><TD WIDTH="{STEP_WIDTH}">{_font("<BR/>".join(title), text_color, TITLE_SIZE)}</TD></TR>'
    )
    height += len(title) * LINE * TITLE_SIZE + 4
    who = lines(" · ".join(x for x in (step.actor, step.channel) if x), 18)
    if who != [""]:
        rows.append(f"<TR><TD>{_font('<BR/>'.join(who), text_color, SMALL)}</TD></TR>")
        height += len(who) * LINE * SMALL + 4
    if opts.risk and step.is_wait_point and step.time is not None:
        expected = format_duration(step.time.expected or 0)
        tolerance = format_duration(step.time.tolerance or 0)
        wait = html(t("render.wait", opts.lang, expected=expected, tolerance=tolerance))
        color = text_color if risk else theme.wait
        rows.append(f"<TR><TD>{_font(wait, color, SMALL + 0.5, bold=True)}</TD></TR>")
        height += LINE * (SMALL + 0.5) + 4
    if opts.risk and felt is not None:
        color = text_color if risk else theme.muted
        rows.append(f"<TR><TD>{_font(html(felt_text(felt, opts.lang)), color, SMALL)}</TD></TR>")
        height += LINE * SMALL + 4
    return Label(
        f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2" WIDTH="{STEP_WIDTH}">'
        + "".join(rows)
        + "</TABLE>>",
        height,
    )


def evidence_label(step: Step, theme: Theme) -> Label:
    """The physical evidence of a customer step, one item per line."""
    items = [line for item in step.evidence for line in lines(item, 19)]
    return Label(
        f"<{_font('<BR/>'.join(items), theme.evidence_text, SMALL + 0.5)}>", 2 * MARGIN + 4 + len(items) * 10
    )


EMOTION_STEP = 9  # points between emotion levels


def emotion_label(value: int, theme: Theme) -> Label:
    """The emotion's number, above the height of its level (+2 top, -2 bottom).

    The dot itself and the curve through the dots are painted under the nodes once
    ``dot`` has placed them: the dot of this node is ``value * EMOTION_STEP`` points
    above the node's middle.
    """
    rows = []
    cell = f'HEIGHT="{EMOTION_STEP}" WIDTH="30" FIXEDSIZE="TRUE"'
    number = "0" if value == 0 else f"{value:+d}".replace("-", "−")
    for level in (3, 2, 1, 0, -1, -2, -3):
        text = _font(number, theme.emotion[value], 7.5, True) if level == value + 1 else ""
        rows.append(f"<TR><TD {cell}>{text}</TD></TR>")
    body = '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">' + "".join(rows) + "</TABLE>>"
    return Label(body, 7 * EMOTION_STEP)


def lane_label(text: str, theme: Theme) -> Label:
    """A lane's name in the label column."""
    parts = lines(text, 7.5)
    return Label(f"<{_font('<BR/>'.join(parts), theme.lane_label, 11, bold=True)}>", len(parts) * 12.5)


def line_label(text: str, theme: Theme) -> Label:
    """The name of a line between lanes (interaction, visibility, internal interaction)."""
    parts = lines(text, 12)
    return Label(f"<<I>{_font('<BR/>'.join(parts), theme.line, SMALL)}</I>>", len(parts) * 9.5)


def header_label(title: str, theme: Theme, width: float) -> Label:
    """A phase title across its columns."""
    parts = lines(title, width / 12 - 1)
    return Label(
        f'<<TABLE BORDER="0" CELLPADDING="4" WIDTH="{width:g}"><TR><TD WIDTH="{width - 8:g}">'
        f"{_font('<BR/>'.join(parts), theme.header_text, 12, bold=True)}</TD></TR></TABLE>>",
        len(parts) * 13.5 + 10,
    )


def _swatch(fill: str, border: str, text: str, text_color: str, width: int = 2) -> str:
    return (
        f'<TD BGCOLOR="{fill}" COLOR="{border}" BORDER="{width}" STYLE="rounded" CELLPADDING="3">'
        f"{_font(text, text_color, SMALL + 0.5, True)}</TD>"
    )


def _text_cell(text: str, color: str, bold: bool = False) -> str:
    return f'<TD ALIGN="LEFT">{_font(html(text), color, SMALL + 0.5, bold)}</TD>'


def legend_cells(diagram: Diagram, opts: RenderOptions, theme: Theme) -> tuple[str, float]:
    """The key as one row of cells, and a low estimate of its width in points.

    AP colours and badges, fail and wait points, edges, emotion.
    """
    lang = opts.lang
    gap = '<TD WIDTH="10"></TD>'
    texts = [t("render.legend", lang)]
    cells = [_text_cell(texts[0], theme.text, True), gap]
    swatches = 0
    if opts.risk:
        for ap in ("H", "M", "L"):
            texts.append(t("render.ap." + ap, lang))
            cells.append(_swatch(theme.ap_fill[ap], theme.ap_border[ap], "⚠", theme.ap_text[ap]))
            cells += [_text_cell(texts[-1], theme.text), gap]
        texts.append(t("render.no_failure", lang))
        cells.append(_swatch(theme.node_fill, theme.node_border, "&#160;&#160;&#160;", theme.node_text, 1))
        cells += [_text_cell(texts[-1], theme.text), gap]
        swatches += 4
        if opts.label != "none":
            texts += ["H→L", t("render.residual", lang)]
            badge = _font("&#160;H→L&#160;", theme.badge_text, SMALL + 0.5, True)
            cells.append(f'<TD BGCOLOR="{theme.badge_fill}" STYLE="rounded">{badge}</TD>')
            cells += [_text_cell(texts[-1], theme.text), gap]
        if diagram.felt:
            texts += [t("render.felt", lang, ap="H"), t("render.felt_legend", lang)]
            cells.append(_text_cell(texts[-2], theme.muted))
            cells += [_text_cell(texts[-1], theme.text), gap]
        if any(s.is_wait_point for s in diagram.steps):
            texts.append(t("render.wait_point", lang))
            cells += [_text_cell(texts[-1], theme.wait, True), gap]
    texts += ["──▶ " + t("render.flow", lang), "╌╌▷ " + t("render.uses", lang)]
    cells += [_text_cell(texts[-2], theme.flow_edge), gap, _text_cell(texts[-1], theme.muted)]
    if diagram.show_emotion:
        texts.append("● " + t("render.emotion_scale", lang))
        cells += [gap, _text_cell(texts[-1], theme.muted)]
    width = sum(text_width(x) for x in texts) * (SMALL + 0.5) * 0.9 + swatches * 16 + len(texts) * 12
    return "<TR>" + "".join(cells) + "</TR>", width


def graph_label(diagram: Diagram, opts: RenderOptions, theme: Theme) -> Label:
    """Title, scenario and customer at the top left, the legend below them.

    The label's ``height`` holds its estimated *width* in points instead: the grid is
    widened to it, so a narrow diagram is not centred under a wide title.
    """
    bp = diagram.blueprint
    title = lines(bp.title, 60)
    left = '<TD COLSPAN="2" ALIGN="LEFT" BALIGN="LEFT">'
    rows = [f"<TR>{left}{_font('<BR/>'.join(title), theme.text, 18, True)}</TD></TR>"]
    widest = max(text_width(x) for x in title) * 18 * 1.1
    for text in (bp.scenario, t("render.customer", opts.lang, customer=bp.customer) if bp.customer else None):
        if text:
            parts = lines(text, 90)
            widest = max(widest, max(text_width(x) for x in parts) * 10 * 1.05)
            body = _font("<BR/>".join(parts), theme.muted, 10)
            rows.append(f"<TR>{left}{body}</TD></TR>")
    legend, legend_width = legend_cells(diagram, opts, theme)
    # an empty cell takes up what the title is wider than the legend, or Graphviz
    # would spread the legend's cells across the whole width
    rest = max(1, round(widest - legend_width))
    rows.append(
        '<TR><TD ALIGN="LEFT" CELLPADDING="6"><TABLE BORDER="0" CELLPADDING="2" CELLSPACING="1">'
        f'{legend}</TABLE></TD><TD WIDTH="{rest}"></TD></TR>'
    )
    body = '<<TABLE BORDER="0" CELLPADDING="1" CELLSPACING="0">' + "".join(rows) + "</TABLE>>"
    return Label(body, max(widest, legend_width * 1.2))

"""Graphviz HTML-like labels for steps, lanes, headers, the title and the legend.

Every user string goes through :func:`blueprint.render.text.html` (after wrapping),
so the labels are well-formed XML whatever a title contains. Each label comes with an
estimate of its height, so every node of a row can be given the row's height: the
lane bands are drawn to that height, and a row of equal boxes reads as a grid.
"""

from __future__ import annotations

from dataclasses import dataclass

from blueprint.i18n import duration, t
from blueprint.model import Step
from blueprint.render.layout import StepRisk
from blueprint.render.numbers import Callout, refs_text
from blueprint.render.options import RenderOptions
from blueprint.render.sizes import PAGE, SCREEN, Sizes
from blueprint.render.text import balanced_wrap, html, text_width, wrap
from blueprint.render.theme import Theme

STEP_WIDTH = 168  # points: 14 full-width characters at 11 pt, plus padding
NODE_WIDTH = STEP_WIDTH + 8
LABEL_WIDTH = 96  # the lane-label column
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


def sizes(opts: RenderOptions) -> Sizes:
    """The type sizes for ``opts``: the page sizes with ``--fit``, the screen ones without."""
    return SCREEN if opts.fit == "none" else PAGE


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


FELT_GLYPH = "◎"
"""The mark of a customer step where failures of other steps are felt (never the AP chip)."""


def felt_text(felt: tuple[Callout, ...]) -> str:
    """``◎ F1 F3``: the numbered failures of other steps that the customer feels here."""
    return f"{FELT_GLYPH} {refs_text(felt)}"


def _risk_row(risk: StepRisk, refs: tuple[Callout, ...], opts: RenderOptions, theme: Theme, sz: Sizes) -> str:
    """The top row of a fail point: ``⚠ F1 F4`` at the left, the AP chip at the right."""
    color = theme.ap_text[risk.ap]
    mark = "⚠ " + refs_text(refs) if refs else ("⚠" if risk.failures == 1 else f"⚠ {risk.failures}")
    cells = f'<TD ALIGN="LEFT">{_font(html(mark), color, sz.mark, bold=True)}</TD>'
    if opts.label != "none":
        text = ap_text(risk, opts.label)
        width = round(text_width(text) * sz.badge * 1.1 + 10)
        badge = _font(html(text), theme.badge_text, sz.badge, True)
        high = round(sz.badge + 6)
        cells = (
            f'<TD ALIGN="LEFT" WIDTH="{sz.step_width - width - 4}" FIXEDSIZE="TRUE" HEIGHT="{high}">'
            f"{_font(html(mark), color, sz.mark, bold=True)}</TD>"
            f'<TD BGCOLOR="{theme.badge_fill}" STYLE="rounded" WIDTH="{width}" FIXEDSIZE="TRUE" '
            f'HEIGHT="{high}">{badge}</TD>'
        )
    return (
        '<TR><TD CELLPADDING="0"><TABLE BORDER="0" CELLSPACING="0" CELLPADDING="0">'
        f"<TR>{cells}</TR></TABLE></TD></TR>"
    )


def step_label(
    step: Step,
    risk: StepRisk | None,
    opts: RenderOptions,
    theme: Theme,
    felt: tuple[Callout, ...] = (),
    refs: tuple[Callout, ...] = (),
) -> Label:
    """A step: fail mark with its F-numbers and AP chip, title, actor and channel, wait, felt."""
    sz = sizes(opts)
    rows = []
    height = 2.0 * (MARGIN if opts.fit == "none" else 2)
    text_color = theme.ap_text[risk.ap] if risk else theme.node_text
    if risk:
        rows.append(_risk_row(risk, refs, opts, theme, sz))
        height += sz.badge + 10
    # a title never ends on a line of one or two Chinese characters (…系 / 統)
    title = [html(x) for x in balanced_wrap(step.title, 14.0 * sz.step_width / SCREEN.step_width)]
    rows.append(
        f'<TR><TD WIDTH="{sz.step_width}">{_font("<BR/>".join(title), text_color, sz.title)}</TD></TR>'
    )
    height += len(title) * LINE * sz.title + 4
    who = lines(" · ".join(x for x in (step.actor, step.channel) if x), 18 * SCREEN.small / sz.small)
    if who != [""] and opts.fit == "none":  # a page keeps the rows short: actor and channel go
        rows.append(f"<TR><TD>{_font('<BR/>'.join(who), text_color, sz.small)}</TD></TR>")
        height += len(who) * LINE * sz.small + 4
    if opts.risk and step.is_wait_point and step.time is not None:
        expected = duration(step.time.expected or 0, opts.lang)
        tolerance = duration(step.time.tolerance or 0, opts.lang)
        wait = html(t("render.wait", opts.lang, expected=expected, tolerance=tolerance))
        color = text_color if risk else theme.wait
        rows.append(f"<TR><TD>{_font(wait, color, sz.badge, bold=True)}</TD></TR>")
        height += LINE * sz.badge + 4
    if opts.risk and felt:
        worst = min((c.residual_ap or c.ap for c in felt), key="HML".index)
        color = text_color if risk else theme.ap_border[worst]
        rows.append(f"<TR><TD>{_font(html(felt_text(felt)), color, sz.badge, bold=True)}</TD></TR>")
        height += LINE * sz.badge + 4
    return Label(
        f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2" WIDTH="{sz.step_width}">'
        + "".join(rows)
        + "</TABLE>>",
        height,
    )


def evidence_label(step: Step, theme: Theme, sz: Sizes = SCREEN) -> Label:
    """The physical evidence of a customer step, one item per line."""
    room = 19 * (9 / sz.evidence if sz is SCREEN else 1) * sz.step_width / SCREEN.step_width
    items = [line for item in step.evidence for line in lines(item, room)]
    return Label(
        f"<{_font('<BR/>'.join(items), theme.evidence_text, sz.evidence)}>",
        2 * MARGIN + 4 + len(items) * sz.evidence * LINE,
    )


def emotion_step(sz: Sizes) -> float:
    """Points between two emotion levels: room for the number's text."""
    return max(9.0, sz.emotion * 1.15)


def emotion_offset(value: int, low: int, high: int, sz: Sizes) -> float:
    """Points from the emotion node's middle up to the dot of ``value``."""
    return (value - (high + 1 + low) / 2) * emotion_step(sz)


def emotion_label(value: int, theme: Theme, low: int = -2, high: int = 2, sz: Sizes = SCREEN) -> Label:
    """The emotion's number, above the height of its level; only the levels the row uses.

    The row is as tall as the emotions of the shown steps need (``low`` to ``high``, with
    one level above for the number). The dot itself and the curve through the dots are
    painted under the nodes once ``dot`` has placed them, :func:`emotion_offset` points
    above the node's middle.
    """
    rows = []
    step = emotion_step(sz)
    cell = f'HEIGHT="{step:g}" WIDTH="30" FIXEDSIZE="TRUE"'
    number = "0" if value == 0 else f"{value:+d}".replace("-", "−")
    for level in range(high + 1, low - 1, -1):
        text = _font(number, theme.emotion[value], sz.emotion, True) if level == value + 1 else ""
        rows.append(f"<TR><TD {cell}>{text}</TD></TR>")
    body = '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">' + "".join(rows) + "</TABLE>>"
    return Label(body, (high - low + 2) * step)


def lane_label(text: str, theme: Theme, sz: Sizes = SCREEN) -> Label:
    """A lane's name in the label column."""
    parts = lines(text, 7.5)
    return Label(f"<{_font('<BR/>'.join(parts), theme.lane_label, sz.lane, bold=True)}>", len(parts) * 12.5)


def line_label(text: str, theme: Theme, sz: Sizes = SCREEN) -> Label:
    """The name of a line between lanes (interaction, visibility, internal interaction)."""
    parts = lines(text, 12 if sz is SCREEN else 22)  # on a page: one line, the rows stay low
    high = len(parts) * sz.small * LINE + 0.1
    return Label(f"<<I>{_font('<BR/>'.join(parts), theme.line, sz.small)}</I>>", high)


def header_label(title: str, theme: Theme, width: float, sz: Sizes = SCREEN) -> Label:
    """A phase title across its columns."""
    parts = lines(title, width / sz.header - 1)
    return Label(
        f'<<TABLE BORDER="0" CELLPADDING="4" WIDTH="{width:g}"><TR><TD WIDTH="{width - 8:g}">'
        f"{_font('<BR/>'.join(parts), theme.header_text, sz.header, bold=True)}</TD></TR></TABLE>>",
        len(parts) * (sz.header + 1.5) + 10,
    )


SHARED_GLYPH = "⇄"
"""The mark of a step included from a shared file."""


def file_name(path: str) -> str:
    """The file name of a path, without its folders (which may be the user's own)."""
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def shared_name(path: str) -> str:
    """The short name of a shared file: ``systems`` for ``shared/systems.blueprint.yaml``."""
    base = file_name(path)
    for suffix in (".blueprint.yaml", ".blueprint.yml", ".yaml", ".yml"):
        if base.endswith(suffix) and len(base) > len(suffix):
            return base[: -len(suffix)]
    return base


def with_shared(label: Label, path: str, opts: RenderOptions, color: str) -> Label:
    """A step label with a last line ``⇄ systems`` in ``color`` (the step's text colour): the
    step comes from that shared file (the legend says what ⇄ means)."""
    sz = sizes(opts)
    mark = lines(f"{SHARED_GLYPH} {shared_name(path)}", 14.0 * sz.step_width / SCREEN.step_width)
    row = f"<TR><TD>{_font('<BR/>'.join(mark), color, sz.badge, bold=True)}</TD></TR>"
    body = label.html.removesuffix("</TABLE>>") + row + "</TABLE>>"
    return Label(body, label.height + len(mark) * LINE * sz.badge + 4)


def with_users(label: Label, users: int, opts: RenderOptions, theme: Theme) -> Label:
    """A step label with a last line ``⇡ used by 4 steps``, in place of its dependency lines."""
    sz = sizes(opts)
    mark = html(t("render.used_by", opts.lang, n=users))
    row = f"<TR><TD>{_font(mark, theme.muted, sz.badge, bold=True)}</TD></TR>"
    body = label.html.removesuffix("</TABLE>>") + row + "</TABLE>>"
    return Label(body, label.height + LINE * sz.badge + 4)

"""What ``blueprint graph`` prints: the graph analyses as text for people or as JSON.

:func:`analyse` gathers every analysis of :mod:`blueprint.analysis.touchpoints` once;
:func:`report_json` gives the stable, English-keyed JSON, :func:`report_text` the text
in English or Traditional Chinese.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from blueprint.common.text import display_width
from blueprint.i18n import duration, plural, t
from blueprint.model import Blueprint, Failure

if TYPE_CHECKING:
    from blueprint.analysis.core import Analysis
    from blueprint.analysis.touchpoints import PathTime, PhaseFailPoints, Touchpoint, WaitPoint
    from blueprint.output.views import GraphView

__all__ = ["GraphReport", "analyse", "report_json", "report_text"]

_ARROW = " → "
_INDENT = "  "


@dataclass(frozen=True)
class GraphReport:
    """Every analysis of one blueprint, ``top`` touchpoints kept (all when ``top`` is 0)."""

    blueprint: Blueprint
    steps: int
    flow_edges: int
    uses_edges: int
    touchpoints: list[Touchpoint]
    touchpoints_total: int
    fail_points: list[PhaseFailPoints]
    wait_points: list[WaitPoint]
    phase_times: list[PathTime]
    total_time: PathTime
    unfelt: list[Failure]
    surfaces: dict[str, tuple[str, ...]]


def analyse(analysis: Analysis, top: int = 10) -> GraphReport:
    """Every graph analysis of the analysed blueprint, for ``blueprint graph``."""
    adj = analysis.adjacency
    touch = analysis.touchpoints
    phases, total = analysis.journey_times
    return GraphReport(
        blueprint=analysis.blueprint,
        steps=len(adj.ids),
        flow_edges=sum(len(f) for f in adj.flow),
        uses_edges=sum(len(u) for u in adj.used_by),
        touchpoints=touch[:top] if top > 0 else touch,
        touchpoints_total=len(touch),
        fail_points=analysis.fail_points,
        wait_points=analysis.wait_points,
        phase_times=phases,
        total_time=total,
        unfelt=analysis.unfelt,
        surfaces=analysis.surfaces,
    )


def _seconds(value: float) -> float | int:
    """Whole seconds as an int, so the JSON reads ``300`` rather than ``300.0``."""
    return int(value) if float(value).is_integer() else value


def _path_json(p: PathTime) -> dict[str, Any]:
    return {
        "phase": p.phase,
        "path": list(p.path),
        "expected_s": _seconds(p.expected),
        "tolerance_s": _seconds(p.tolerance),
        "over_s": _seconds(p.over),
        "timed_steps": p.timed,
    }


def report_json(report: GraphReport, file: str) -> dict[str, Any]:
    """The JSON contract of ``blueprint graph --format json`` (English keys, stable order)."""
    bp = report.blueprint
    return {
        "file": file,
        "title": bp.title,
        "graph": {"steps": report.steps, "flow_edges": report.flow_edges, "uses_edges": report.uses_edges},
        "critical_touchpoints": [
            {
                "rank": i,
                "step": tp.step,
                "lane": tp.lane,
                "phase": tp.phase,
                "customer_steps": list(tp.customer_steps),
                "dependents": list(tp.dependents),
                "failures": tp.failures,
                "rpn_before_actions": tp.rpn_before,
                "rpn_after_done_actions": tp.rpn,
                "ap_h": tp.high,
            }
            for i, tp in enumerate(report.touchpoints, 1)
        ],
        "critical_touchpoints_total": report.touchpoints_total,
        "fail_points_per_phase": [
            {
                "phase": fp.phase,
                "fail_points": list(fp.steps),
                "failures": fp.failures,
                "rpn": fp.rpn,
                "max_rpn": fp.max_rpn,
                "ap_h": fp.high,
            }
            for fp in report.fail_points
        ],
        "wait_points": [
            {
                "step": w.step,
                "lane": w.lane,
                "phase": w.phase,
                "expected_s": _seconds(w.expected),
                "tolerance_s": _seconds(w.tolerance),
                "over_s": _seconds(w.over),
            }
            for w in report.wait_points
        ],
        "time": {
            "phases": [_path_json(p) for p in report.phase_times],
            "end_to_end": _path_json(report.total_time),
        },
        "surfaces_at": {fid: list(steps) for fid, steps in report.surfaces.items()},
        "unfelt_failures": [{"failure": f.id, "step": f.step} for f in report.unfelt],
    }


#: how a cell is coloured: the column's index -> the style of a cell that needs the reader's eye
Styles = dict[int, Callable[[str], str | None]]


def _table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    right: Sequence[int] = (),
    styles: Styles | None = None,
) -> list[str]:
    """Columns sized to their widest cell (East Asian wide characters count double).

    ``styles`` colours the text of data cells (never the padding, so columns stay aligned).
    """
    widths = [max(display_width(str(r[k])) for r in (headers, *rows)) for k in range(len(headers))]

    def line(cells: Sequence[str], styled: bool) -> str:
        out = []
        for k, cell in enumerate(cells):
            text = str(cell)
            fill = " " * max(0, widths[k] - display_width(text))
            shown = (styles[k](text) if styled and styles and k in styles else None) or text
            out.append(fill + shown if k in right else shown + fill)
        return (_INDENT + "  ".join(out)).rstrip()

    return [line(headers, False), *(line(r, True) for r in rows)]


_LOOK: dict[str, dict[str, Any]] = {"high": {"fg": "red", "bold": True}, "over": {"fg": "yellow"}}


def _mark(kind: str, color: bool) -> Callable[[str], str | None]:
    """The style of a cell that needs the reader's eye: an AP H count above zero (``high``,
    red and bold) or a time over tolerance (``over``, yellow); nothing without colour."""

    def style(text: str) -> str | None:
        needs_eye = text not in ("", "0") if kind == "high" else text.startswith("+")
        if not color or not needs_eye:
            return None
        from blueprint.output.style import paint

        return paint(text, True, **_LOOK[kind])

    return style


def _wrap(prefix: str, items: Sequence[str], width: int = 100, sep: str = ", ") -> list[str]:
    """``prefix`` then ``items`` joined by ``sep``, on as many lines as ``width`` needs."""
    joiner = sep.rstrip()
    pieces = [item + (joiner if k < len(items) - 1 else "") for k, item in enumerate(items)]
    indent = " " * display_width(prefix)
    lines: list[str] = []
    current, fresh = prefix, True
    for piece in pieces:
        if not fresh and display_width(current) + 1 + display_width(piece) > width:
            lines.append(current)
            current, fresh = indent, True
        current += piece if fresh else " " + piece
        fresh = False
    lines.append(current.rstrip())
    return lines


def _duration(seconds: float, lang: str) -> str:
    return duration(seconds, lang)


def _over(seconds: float, lang: str) -> str:
    if seconds == 0:
        return duration(0, lang)
    return ("+" if seconds > 0 else "-") + duration(abs(seconds), lang)


def _phase_label(report: GraphReport, phase: str | None, lang: str) -> str:
    """A phase's title (its id when undeclared); the group of steps without a phase."""
    if phase is None:
        return t("graph.phase.all" if not report.blueprint.phases else "graph.phase.none", lang)
    return _flat(next((p.title for p in report.blueprint.phases if p.id == phase), phase))


def _flat(text: str) -> str:
    """Text from the file on one line, without the control characters that would act on a terminal."""
    from blueprint.common.plain import printable

    return " ".join(printable(text).split())


def _touchpoint_lines(report: GraphReport, lang: str, color: bool) -> list[str]:
    title = t("graph.touch.title", lang)
    if not report.touchpoints:
        return [title, _INDENT + t("graph.touch.none", lang)]
    shown = len(report.touchpoints)
    if shown < report.touchpoints_total:
        title += t("graph.touch.shown", lang, shown=shown, total=report.touchpoints_total)
    keys = ("rank", "step", "lane", "customers", "dependents", "failures", "rpn_before", "rpn_after", "high")
    headers = [t(f"graph.col.{k}", lang) for k in keys]
    rows = [
        [str(i), tp.step, t(f"graph.lane.{tp.lane}", lang)]
        + [
            str(n)
            for n in (len(tp.customer_steps), len(tp.dependents), tp.failures, tp.rpn_before, tp.rpn, tp.high)
        ]
        for i, tp in enumerate(report.touchpoints, 1)
    ]
    table = _table(headers, rows, right=(0, 3, 4, 5, 6, 7, 8), styles={8: _mark("high", color)})
    lines = [title, table[0]]
    indent = _INDENT + " " * (display_width(str(shown)) + 2)
    for tp, row in zip(report.touchpoints, table[1:], strict=True):
        lines.append(row)
        felt = t("graph.touch.felt", lang, steps="")
        lines.extend(_wrap(indent + felt, list(tp.customer_steps)))
    lines.append(_INDENT + t("graph.touch.note", lang))
    lines.append(_INDENT + t("graph.touch.note2", lang))
    return lines


def _fail_point_lines(report: GraphReport, lang: str, color: bool) -> list[str]:
    title = t("graph.fail.title", lang)
    if not any(fp.steps for fp in report.fail_points):
        return [title, _INDENT + t("graph.fail.none", lang)]
    headers = [
        t(f"graph.col.{k}", lang) for k in ("phase", "fail_points", "failures", "rpn", "max_rpn", "high")
    ]
    rows = [
        [_phase_label(report, fp.phase, lang)]
        + [str(n) for n in (len(fp.steps), fp.failures, fp.rpn, fp.max_rpn, fp.high)]
        for fp in report.fail_points
    ]
    table = _table(headers, rows, right=(1, 2, 3, 4, 5), styles={5: _mark("high", color)})
    lines = [title, table[0]]
    indent = _INDENT + "  "
    for fp, row in zip(report.fail_points, table[1:], strict=True):
        lines.append(row)
        if fp.steps:
            lines.extend(_wrap(indent, list(fp.steps)))
    return lines


def _wait_lines(report: GraphReport, lang: str, color: bool) -> list[str]:
    title = t("graph.wait.title", lang)
    if not report.wait_points:
        return [title, _INDENT + t("graph.wait.none", lang)]
    headers = [t(f"graph.col.{k}", lang) for k in ("step", "lane", "phase", "expected", "tolerance", "over")]
    rows = []
    for w in report.wait_points:
        over = _over(w.over, lang)
        over = f"{over} (x{w.expected / w.tolerance:.1f})" if w.tolerance else over
        lane = t(f"graph.lane.{w.lane}", lang)
        phase = _phase_label(report, w.phase, lang) if w.phase else ""
        rows.append([w.step, lane, phase, _duration(w.expected, lang), _duration(w.tolerance, lang), over])
    return [title, *_table(headers, rows, right=(3, 4), styles={5: _mark("over", color)})]


def _path_cell(p: PathTime) -> str:
    if len(p.path) <= 3:
        return _ARROW.join(p.path)
    return f"{p.path[0]}{_ARROW}…{_ARROW}{p.path[-1]}"


def _time_lines(report: GraphReport, lang: str, color: bool) -> list[str]:
    headers = [t(f"graph.col.{k}", lang) for k in ("phase", "expected", "tolerance", "over", "path")]
    rows = []
    entries = [(p, _phase_label(report, p.phase, lang)) for p in report.phase_times]
    if len(report.phase_times) > 1 or report.blueprint.phases:
        entries.append((report.total_time, t("graph.time.total", lang)))
    for p, label in entries:
        if p.timed:
            times = [_duration(p.expected, lang), _duration(p.tolerance, lang), _over(p.over, lang)]
            rows.append([label, *times, _path_cell(p)])
        else:
            rows.append([label, "-", "-", "-", _path_cell(p)])
    table = _table(headers, rows, right=(1, 2, 3), styles={3: _mark("over", color)})
    lines = [t("graph.time.title", lang), *table]
    end = report.total_time
    if end.timed:
        lines.append(
            _INDENT
            + t(
                "graph.time.summary",
                lang,
                expected=_duration(end.expected, lang),
                tolerance=_duration(end.tolerance, lang),
                timed=end.timed,
                steps=len(end.path),
            )
        )
    total = report.total_time.path
    if total:
        prefix = _INDENT + t("graph.time.path", lang, n=len(total), path="")
        lines.extend(_wrap(prefix, list(total), sep=_ARROW))
    steps = report.blueprint.step_index()
    timed = [steps[sid].time for p, _ in entries for sid in p.path]
    if any(tm is not None and tm.expected is not None and tm.tolerance is None for tm in timed):
        lines.append(_INDENT + t("graph.time.note", lang))
    if any(not p.timed for p, _ in entries):
        lines.append(_INDENT + t("graph.time.untimed", lang))
    return lines


def report_text(report: GraphReport, lang: str = "en", color: bool = False) -> str:
    """The human report: counts, touchpoints, fail points, wait points, time, unfelt failures.

    ``color``: AP H counts red and bold, time over tolerance yellow (plain text otherwise).
    """
    bp = report.blueprint
    counts = t("graph.sep", lang).join(
        [
            plural("graph.count.steps", report.steps, lang),
            plural("graph.count.flow", report.flow_edges, lang),
            plural("graph.count.uses", report.uses_edges, lang),
            plural("graph.count.failures", len(bp.failures), lang),
        ]
    )
    sections = [
        [_flat(bp.title), counts],
        _touchpoint_lines(report, lang, color),
        _fail_point_lines(report, lang, color),
        _wait_lines(report, lang, color),
        _time_lines(report, lang, color),
    ]
    if report.unfelt:
        items = [t("graph.unfelt.item", lang, failure=f.id, step=f.step) for f in report.unfelt]
        sections.append([t("graph.unfelt.title", lang), *(_INDENT + item for item in items)])
    return "\n\n".join("\n".join(lines) for lines in sections) + "\n"


def render(view: GraphView) -> str:
    """``blueprint graph``: the report for people."""
    return report_text(view.report, view.lang, view.color)


def render_json(view: GraphView) -> str:
    """``blueprint graph --format json``: the JSON contract as indented text."""
    import json

    return json.dumps(report_json(view.report, view.file), ensure_ascii=False, indent=2) + "\n"

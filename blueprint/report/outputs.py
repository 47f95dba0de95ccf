"""The files of one report: the page itself and, for a Markdown report with an SVG, the drawing.

:func:`make_outputs` is what ``blueprint report`` writes (and rewrites under ``--watch``):
it builds the :class:`~blueprint.report.Report`, asks :func:`blueprint.render.render` for
the diagram and hands both to the HTML or Markdown writer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from blueprint.common.registry import Registry

if TYPE_CHECKING:
    from blueprint.analysis.core import Analysis
    from blueprint.output.portfolio import PortfolioView
    from blueprint.report import Report


@dataclass(frozen=True)
class ReportOptions:
    """What to write: format, diagram kind, language, theme and the day it is."""

    fmt: str = "html"
    diagram: str = "svg"  # html always inlines an SVG; markdown: mermaid or svg
    lang: str = "en"
    theme: str = "auto"
    today: dt.date | None = None
    budget: float | None = None  # a "Funded plan" section (blueprint plan --budget)
    must: str | None = None
    objective: str | None = None
    drawn: tuple[bool, int, int] = (False, 0, 0)  # --uncertainty, --draws, --seed


def svg_path(output: str | Path) -> Path:
    """The SVG written beside a Markdown report: ``report.md`` -> ``report.svg``."""
    path = Path(output)
    return path.with_suffix(".svg")


def _diagram(
    analysis: Analysis, opts: ReportOptions, fmt: str, theme: str, stage: Callable[[str], None] | None
) -> bytes:
    from blueprint.render import RenderOptions, render

    if stage is not None:
        stage("render")
    data = render(analysis, RenderOptions(fmt=fmt, theme=theme, lang=opts.lang))
    if stage is not None:
        stage("report")
    return data


@dataclass(frozen=True)
class ReportJob:
    """One report to write: the analysis, the options, where it goes and what to call the source."""

    analysis: Analysis
    options: ReportOptions
    output: Path
    source: str
    stage: Callable[[str], None] | None = None


#: the report formats, each a writer of a :class:`ReportJob` giving ``(path, bytes)`` pairs
REPORTS: Registry[ReportJob, list[tuple[Path, bytes]]] = Registry(
    "report",
    {"html": "blueprint.report.outputs:html_files", "markdown": "blueprint.report.outputs:markdown_files"},
)


#: ``portfolio --format``: the text formats are outputs, the HTML page (with diagrams) a report
PORTFOLIO: Registry[PortfolioView, str] = Registry(
    "portfolio",
    {
        "table": "blueprint.output.portfolio:render_table",
        "markdown": "blueprint.output.portfolio:render_markdown",
        "csv": "blueprint.output.portfolio:render_csv",
        "json": "blueprint.output.portfolio_json:render",
        "html": "blueprint.report.portfolio_html:render",
    },
)


def make_outputs(
    analysis: Analysis,
    opts: ReportOptions,
    output: str | Path,
    source: str,
    stage: Callable[[str], None] | None = None,
) -> list[tuple[Path, bytes]]:
    """Every file of the report as ``(path, bytes)``, the report itself first.

    ``source`` is the blueprint's name as the report's footer gives it. ``stage`` is told
    what is being done, for a progress line: ``"render"`` before each diagram is drawn and
    ``"report"`` after.
    """
    return REPORTS.get(opts.fmt)(ReportJob(analysis, opts, Path(output), source, stage))


def _report(job: ReportJob) -> Report:
    from blueprint.report import build_report

    opts = job.options
    analysis = job.analysis
    uncertainty = funded = None
    if opts.drawn[0]:
        uncertainty = analysis.uncertainty(opts.drawn[1], opts.drawn[2])
    if opts.budget is not None:
        from blueprint.output.plan import plan_view

        funded = plan_view(analysis, opts.budget, opts.objective, opts.must, opts.lang, opts.drawn)
    return build_report(
        analysis, source=job.source, lang=opts.lang, today=opts.today, uncertainty=uncertainty, funded=funded
    )


def html_files(job: ReportJob) -> list[tuple[Path, bytes]]:
    """The self-contained HTML page, with the light (and dark) diagram inlined."""
    from blueprint.i18n import t
    from blueprint.report.html import to_html
    from blueprint.report.svg import inline_svg

    report = _report(job)
    opts = job.options
    label = t("report.diagram.alt", opts.lang, title=job.analysis.blueprint.title)
    themes = ["light"] if opts.theme == "light" else ["light", "dark"]
    diagrams = [
        (
            f"diagram-{theme}",
            inline_svg(
                _diagram(job.analysis, opts, "svg", theme, job.stage), prefix=f"bp-{theme}-", label=label
            ),
        )
        for theme in themes
    ]
    return [(job.output, to_html(report, diagrams, opts.theme).encode("utf-8"))]


def markdown_files(job: ReportJob) -> list[tuple[Path, bytes]]:
    """The Markdown page, with a Mermaid diagram in it or an SVG beside it."""
    from blueprint.report.markdown import to_markdown

    report = _report(job)
    opts = job.options
    theme = "dark" if opts.theme == "dark" else "light"
    if opts.diagram == "svg":
        drawing = svg_path(job.output)
        text = to_markdown(report, svg_link=quote(drawing.name))
        return [
            (job.output, text.encode("utf-8")),
            (drawing, _diagram(job.analysis, opts, "svg", theme, job.stage)),
        ]
    mermaid = _diagram(job.analysis, opts, "mermaid", theme, job.stage).decode("utf-8")
    return [(job.output, to_markdown(report, mermaid=mermaid).encode("utf-8"))]

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
from typing import TYPE_CHECKING, Final
from urllib.parse import quote

if TYPE_CHECKING:
    from blueprint.analysis.core import Analysis

FORMATS: Final = ("html", "markdown")
SUFFIXES: Final = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown"}
EXTENSIONS: Final = {"html": ".html", "markdown": ".md"}
DIAGRAMS: Final = ("mermaid", "svg")
THEMES: Final = ("auto", "light", "dark")


@dataclass(frozen=True)
class ReportOptions:
    """What to write: format, diagram kind, language, theme and the day it is."""

    fmt: str = "html"
    diagram: str = "svg"  # html always inlines an SVG; markdown: mermaid or svg
    lang: str = "en"
    theme: str = "auto"
    today: dt.date | None = None


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
    from blueprint.i18n import t
    from blueprint.report import build_report

    bp = analysis.blueprint
    report = build_report(analysis, source=source, lang=opts.lang, today=opts.today)
    target = Path(output)
    if opts.fmt == "html":
        from blueprint.report.html import to_html
        from blueprint.report.svg import inline_svg

        label = t("report.diagram.alt", opts.lang, title=bp.title)
        themes = ["light"] if opts.theme == "light" else ["light", "dark"]
        diagrams = [
            (
                f"diagram-{theme}",
                inline_svg(_diagram(analysis, opts, "svg", theme, stage), prefix=f"bp-{theme}-", label=label),
            )
            for theme in themes
        ]
        return [(target, to_html(report, diagrams, opts.theme).encode("utf-8"))]
    from blueprint.report.markdown import to_markdown

    theme = "dark" if opts.theme == "dark" else "light"
    if opts.diagram == "svg":
        drawing = svg_path(target)
        text = to_markdown(report, svg_link=quote(drawing.name))
        return [(target, text.encode("utf-8")), (drawing, _diagram(analysis, opts, "svg", theme, stage))]
    mermaid = _diagram(analysis, opts, "mermaid", theme, stage).decode("utf-8")
    return [(target, to_markdown(report, mermaid=mermaid).encode("utf-8"))]

"""``blueprint report``: the diagram, the ranked failure table and the action plan in one file."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from blueprint.cli.commands._common import (
    beside,
    build_or_watch,
    inputs,
    need_dot,
    output_format,
    prepare_output,
    resolve_profile,
    say,
    use_color,
)
from blueprint.cli.commands._money import simulate_or_fail, uncertainty_options
from blueprint.cli.commands.options import (
    color_option,
    lang_option,
    mkdir_option,
    output_option,
    profile_option,
)
from blueprint.cli.commands.plan import budget_options
from blueprint.vocabulary import REPORT_DIAGRAMS, REPORT_FORMATS, THEMES

if TYPE_CHECKING:
    from blueprint.analysis.ap import Profile
    from blueprint.report.outputs import ReportOptions

_SUFFIXES = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown"}
_EXTENSIONS = {"html": ".html", "markdown": ".md"}


def _day(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(say("report.error.today", value=value), ctx, param) from None


@click.command(name="report")
@click.argument("file", type=click.Path(dir_okay=False))
@output_option(
    "Output file, replaced if it exists; .html or .md gives the format. '-' writes to standard "
    "output. Default: the input's name with .html (or .md)."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(REPORT_FORMATS),
    default=None,
    help="html: one self-contained page; markdown: GitHub-flavoured (default: from the output's suffix).",
)
@click.option(
    "--diagram",
    type=click.Choice(REPORT_DIAGRAMS),
    default=None,
    help="Markdown only: the diagram as a mermaid block (default) or an SVG file beside the report. "
    "The HTML report always inlines an SVG.",
)
@click.option(
    "--today",
    metavar="YYYY-MM-DD",
    default=None,
    callback=_day,
    help="The date actions count as overdue against (default: the current date).",
)
@profile_option
@click.option(
    "--theme",
    type=click.Choice(["auto", *THEMES]),
    default="auto",
    show_default=True,
    help="HTML: auto follows the reader's light or dark setting. Markdown: the diagram's colours.",
)
@click.option("--watch", is_flag=True, help="Write the report again whenever the blueprint changes.")
@mkdir_option
@click.option(
    "--budget",
    type=click.FloatRange(min=0),
    default=None,
    metavar="N",
    help="Add a funded plan: the open actions to pay for within N (see blueprint plan).",
)
@budget_options
@uncertainty_options
@lang_option
@color_option
def command(
    file: str,
    output: str | None,
    fmt: str | None,
    diagram: str | None,
    today: dt.date | None,
    profile: str | None,
    theme: str,
    watch: bool,
    budget: float | None,
    objective: str | None,
    must: str | None,
    uncertainty: bool,
    draws: int,
    seed: int,
    lang: str | None,
    color: str,
    no_color: bool,
    mkdir: bool,
) -> None:
    """Write a report: summary, swimlane diagram, ranked failures, action plan, touchpoints.

    HTML is one self-contained page (nothing fetched, light and dark, printable, the
    table sortable by its headings); Markdown is GitHub-flavoured with the diagram as
    Mermaid or an SVG beside it. Actions due before --today (default: the current date,
    so the report depends on the day it is written) are marked overdue. HTML and SVG
    diagrams need Graphviz (the 'dot' program).

    \b
    Examples:
      blueprint report examples/telecom-sim-swap.blueprint.yaml -o report.html
      blueprint report service.blueprint.yaml -o docs/service.md --today 2026-06-30
      blueprint report service.blueprint.yaml -o report.html --watch
    """
    from blueprint.i18n import resolve_lang
    from blueprint.report.outputs import ReportOptions

    out_fmt = output_format(fmt, output, _SUFFIXES, "html")
    kind = _diagram_kind(out_fmt, diagram, output, watch)
    chosen = resolve_profile(profile)  # a bad profile is a usage error before any file is read
    need_dot(kind == "svg")
    read = inputs(file, profile)
    target = _prepare(output or beside(file, _EXTENSIONS[out_fmt]), read, mkdir, out_fmt, kind)
    opts = ReportOptions(
        fmt=out_fmt,
        diagram=kind,
        lang=resolve_lang(lang),
        theme=theme,
        today=today,
        budget=budget,
        must=must,
        objective=objective,
        drawn=(uncertainty, draws, seed),
    )
    job = _Job(file, lang, chosen, opts, target, read)
    wrote = None if target is None else "report.wrote"
    build_or_watch(job, file, watch=watch, wrote=wrote, color=use_color(color, no_color, sys.stderr))


def _diagram_kind(out_fmt: str, diagram: str | None, output: str | None, watch: bool) -> str:
    """The kind of diagram (svg or mermaid), or a usage error for options that do not go together."""
    if out_fmt == "html" and diagram == "mermaid":
        raise click.BadParameter(say("report.error.mermaid"), param_hint="--diagram")
    kind = diagram or ("svg" if out_fmt == "html" else "mermaid")
    if output == "-" and kind == "svg" and out_fmt == "markdown":
        raise click.BadParameter(say("report.error.svg_stdout"), param_hint="-o")
    if output == "-" and watch:
        raise click.BadParameter(say("cli.watch_needs_file"), param_hint="-o")
    return kind


def _prepare(output: str | None, read: tuple[str, ...], mkdir: bool, out_fmt: str, kind: str) -> str | None:
    """The report's file, checked with the drawing a Markdown report puts beside it; None for ``-``."""
    target = prepare_output(output, read, mkdir=mkdir)
    if target is not None and kind == "svg" and out_fmt == "markdown":
        from blueprint.common.io import check_target
        from blueprint.report.outputs import svg_path

        check_target(svg_path(target), inputs=read)
    return target


class _Job:
    """One report of the blueprint, written again on every change under ``--watch``."""

    def __init__(
        self,
        file: str,
        lang: str | None,
        profile: Profile,
        opts: ReportOptions,
        target: str | None,
        read: tuple[str, ...],
    ) -> None:
        self.file, self.asked, self.profile, self.opts = file, lang, profile, opts
        self.target, self.read = target, read
        #: the language of messages: --lang or the environment, then the blueprint's own once read
        self.lang = opts.lang

    def build(self) -> str:
        """Load, write the report (and its drawing); the files written (or ``-``)."""
        from blueprint.analysis.core import Analysis
        from blueprint.cli.progress import progress
        from blueprint.common.io import write_atomic
        from blueprint.common.paths import display_path
        from blueprint.i18n import resolve_lang, t
        from blueprint.load.loader import load_blueprint
        from blueprint.report.outputs import make_outputs

        bp = load_blueprint(self.file, display_path(self.file), self.asked)
        self.lang = lang = resolve_lang(self.asked, bp.chrome_language)
        opts = replace(self.opts, lang=lang)
        if opts.drawn[0]:
            simulate_or_fail(bp, (), lang, draws=opts.drawn[1], seed=opts.drawn[2])  # needs economics
        # the diagram (dot) is most of the time on a large blueprint: the line says when it is drawn
        with progress(None, t("progress.report", lang), background=True) as bar:
            files = make_outputs(
                Analysis(bp, self.profile),
                opts,
                "report.md" if self.target is None else self.target,
                Path(self.file).name,
                stage=lambda k: bar.set_label(t(f"progress.{k}", lang)),
            )
        if self.target is None:
            click.echo(files[0][1].decode("utf-8"), nl=False)
            return "-"
        for path, data in reversed(files):  # the drawing first: the report never links to a missing file
            write_atomic(path, data, inputs=self.read)
        return ", ".join(str(path) for path, _ in files)

"""``blueprint render``: the swimlane diagram as SVG, PNG, PDF, DOT or Mermaid."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

import click

from blueprint.cli.commands._common import (
    beside,
    build_or_watch,
    complete_phase_ids,
    inputs,
    need_dot,
    output_format,
    prepare_output,
    resolve_profile,
    say,
    use_color,
)
from blueprint.cli.commands.options import (
    color_option,
    lang_option,
    mkdir_option,
    output_option,
    profile_option,
)
from blueprint.vocabulary import LANES, MERMAID_FORMS, RENDER_FITS, RENDER_FORMATS, RENDER_LABELS, THEMES

if TYPE_CHECKING:
    from blueprint.analysis.ap import Profile
    from blueprint.render import RenderOptions

_FONT_NAME = re.compile(r"^[^\"'<>&;{}\\\x00-\x1f]{1,100}$")


@click.command(name="render")
@click.argument("file", type=click.Path(dir_okay=False))
@output_option(
    "Output file; its suffix (.svg .png .pdf .dot .mmd) gives the format. '-' writes a text "
    "format to standard output. Default: the input's name with .svg (or the --format's suffix)."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(RENDER_FORMATS),
    default=None,
    help="Output format (default: from the output's suffix, else svg). svg, png and pdf need Graphviz.",
)
@click.option("--theme", type=click.Choice(THEMES), default="light", show_default=True)
@click.option("--font", default=None, metavar="NAME", help="Font family (default: Noto Sans CJK TC).")
@click.option(
    "--no-risk", is_flag=True, help="The plain blueprint: no AP colours, fail or wait marks, emotion."
)
@click.option(
    "--label",
    type=click.Choice(RENDER_LABELS),
    default="ap",
    show_default=True,
    help="Badge on fail points: the worst AP (H→L once actions are done), AP and RPN, or none.",
)
@click.option(
    "--phase",
    "phases",
    multiple=True,
    metavar="ID",
    shell_complete=complete_phase_ids,
    help="Draw only this phase (repeatable).",
)
@click.option(
    "--lane",
    "lanes",
    multiple=True,
    type=click.Choice(LANES),
    help="Draw only this lane (repeatable).",
)
@click.option(
    "--fit",
    type=click.Choice(RENDER_FITS),
    default="none",
    show_default=True,
    help="Lay out for a 16:9 slide or a landscape A4/A3 page, all text 10 pt or more there; a journey "
    "that does not fit is split by phase (several pages in a PDF, files -p1, -p2... for SVG and PNG).",
)
@click.option("--callouts", is_flag=True, help="List the numbered failures (F1 ...) beside the title.")
@click.option(
    "--mermaid",
    "mermaid_form",
    type=click.Choice(MERMAID_FORMS),
    default="flowchart",
    show_default=True,
    help="Mermaid form: a flowchart (GitHub, GitLab) or Mermaid 11.16's swimlane-beta diagram.",
)
@click.option(
    "--date",
    "date",
    default=None,
    metavar="YYYY-MM-DD|git",
    help="Date in the title block (default: the file's meta.date); 'git' uses the file's last commit.",
)
@profile_option
@click.option("--dpi", type=click.IntRange(36, 600), default=144, show_default=True, help="PNG resolution.")
@click.option("--watch", is_flag=True, help="Draw again whenever the blueprint changes (Ctrl-C stops).")
@mkdir_option
@lang_option
@color_option
def command(
    file: str,
    output: str | None,
    fmt: str | None,
    theme: str,
    font: str | None,
    no_risk: bool,
    label: str,
    phases: tuple[str, ...],
    lanes: tuple[str, ...],
    profile: str | None,
    dpi: int,
    fit: str,
    callouts: bool,
    mermaid_form: str,
    date: str | None,
    watch: bool,
    lang: str | None,
    color: str,
    no_color: bool,
    mkdir: bool,
) -> None:
    """Draw the service blueprint as a swimlane diagram.

    Phases are columns, lanes are rows (physical evidence, customer actions,
    frontstage, backstage, support processes) with the lines of interaction,
    visibility and internal interaction between them. Fail points are coloured by
    their worst Action Priority; wait points and the customer's emotion are marked.
    SVG, PNG and PDF need Graphviz (the 'dot' program); DOT and Mermaid do not.

    \b
    Examples:
      blueprint render examples/telecom-sim-swap.blueprint.yaml
      blueprint render examples/fedex-tracking.blueprint.yaml -o fedex.png --theme dark
      blueprint render service.blueprint.yaml --format mermaid -o - >> README.md
      blueprint render service.blueprint.yaml -o service.svg --watch
    """
    from blueprint.render import EXTENSIONS, GRAPHVIZ_FORMATS, SUFFIXES

    out_fmt = output_format(fmt, output, SUFFIXES, "svg")
    _check_options(out_fmt, output, fit, date, font, watch)
    chosen = resolve_profile(profile)  # a bad profile is a usage error before any file is read
    need_dot(out_fmt in GRAPHVIZ_FORMATS)
    target = prepare_output(output or beside(file, EXTENSIONS[out_fmt]), inputs(file, profile), mkdir=mkdir)
    look = _Look(
        fmt=out_fmt,
        theme=theme,
        font=font,
        risk=not no_risk,
        label=label,
        phases=phases,
        lanes=lanes,
        dpi=dpi,
        fit=fit,
        callouts=callouts,
        mermaid=mermaid_form,
    )
    job = _Job(file, lang, chosen, look, date, target, inputs(file, profile))
    colored = use_color(color, no_color, sys.stderr)
    build_or_watch(job, file, watch=watch, wrote=target and "render.wrote", color=colored)


def _check_options(
    out_fmt: str, output: str | None, fit: str, date: str | None, font: str | None, watch: bool
) -> None:
    """A usage error for options that do not go together, before any work."""
    from blueprint.render import GRAPHVIZ_FORMATS, TEXT_FORMATS

    if fit != "none" and out_fmt not in GRAPHVIZ_FORMATS:
        raise click.BadParameter(say("render.error.fit"), param_hint="--fit")
    if date is not None and date != "git" and not re.match(r"^\d{4}-\d{2}-\d{2}$", date):
        raise click.BadParameter(say("cli.date"), param_hint="--date")
    if output == "-" and out_fmt not in TEXT_FORMATS:
        raise click.BadParameter(say("render.error.binary", format=out_fmt.upper()), param_hint="-o/--output")
    if font is not None and not _FONT_NAME.match(font):
        raise click.BadParameter(say("render.error.font"), param_hint="--font")
    if watch and output == "-":
        raise click.BadParameter(say("cli.watch_needs_file"), param_hint="-o/--output")


@dataclass(frozen=True)
class _Look:
    """The drawing options of the command line, all but the language and the date."""

    fmt: str
    theme: str
    font: str | None
    risk: bool
    label: str
    phases: tuple[str, ...]
    lanes: tuple[str, ...]
    dpi: int
    fit: str
    callouts: bool
    mermaid: str


class _Job:
    """One drawing of the blueprint, made again on every change under ``--watch``."""

    def __init__(
        self,
        file: str,
        lang: str | None,
        profile: Profile,
        look: _Look,
        date: str | None,
        target: str | None,
        read: tuple[str, ...],
    ) -> None:
        from blueprint.i18n import resolve_lang

        self.file, self.asked, self.profile, self.look = file, lang, profile, look
        self.date, self.target, self.read = date, target, read
        #: the language of messages: --lang or the environment, then the blueprint's own once read
        self.lang = resolve_lang(lang)

    def options(self) -> RenderOptions:
        from blueprint.render import RenderOptions
        from blueprint.render.pages import git_date
        from blueprint.render.theme import DEFAULT_FONT

        look = self.look
        return RenderOptions(
            fit=look.fit,
            callouts=look.callouts,
            mermaid=look.mermaid,
            date=git_date(self.file) if self.date == "git" else self.date,
            fmt=look.fmt,
            theme=look.theme,
            font=look.font or DEFAULT_FONT,
            risk=look.risk,
            label=look.label,
            phases=look.phases,
            lanes=look.lanes,
            lang=self.lang,
            dpi=look.dpi,
        )

    def build(self) -> str:
        """Load, draw and write; the files written (or ``-``)."""
        from blueprint.analysis.core import Analysis
        from blueprint.cli.progress import progress
        from blueprint.i18n import resolve_lang, t
        from blueprint.load.loader import load_blueprint
        from blueprint.render import GRAPHVIZ_FORMATS
        from blueprint.render.pages import render_pages, write_pages

        bp = load_blueprint(self.file, lang=self.asked)
        self.lang = resolve_lang(self.asked, bp.chrome_language)
        analysis = Analysis(bp, self.profile)
        if self.look.fmt in GRAPHVIZ_FORMATS:
            # dot can take a while on a large blueprint; the line says it is still working
            with progress(None, t("progress.render", self.lang), background=True):
                pages = render_pages(analysis, self.options())
        else:
            pages = render_pages(analysis, self.options())
        if self.target is None:
            click.echo(pages.files[0].decode("utf-8"), nl=False)
            return "-"
        written = write_pages(self.target, pages.files, inputs=self.read)
        if pages.note:
            click.echo(pages.note, err=True)
        return ", ".join(written)

"""``blueprint portfolio``: the failures of many journeys in one ranking, shared failures once."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from blueprint.cli.commands._common import inputs, prepare_folder, resolve_profile, use_color
from blueprint.cli.commands.options import (
    color_option,
    lang_option,
    mkdir_option,
    output_option,
    profile_option,
)
from blueprint.vocabulary import FAIL_ON, PORTFOLIO_FORMATS

if TYPE_CHECKING:
    from blueprint.analysis.ap import Profile
    from blueprint.analysis.portfolio import Portfolio
    from blueprint.report.portfolio_run import Studied

_MIN_WIDTH = 40


@click.command(name="portfolio")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format",
    "fmt",
    type=click.Choice(PORTFOLIO_FORMATS),
    default="table",
    show_default=True,
    help="table for a terminal, markdown, csv for Excel, json for tools, html: a self-contained page "
    "with the risk matrix and every journey's diagram.",
)
@output_option(
    "Write to this file instead of standard output (replaced if it exists, never one of the "
    "files read; '-' is standard output)."
)
@mkdir_option
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON, case_sensitive=False),
    default="none",
    show_default=True,
    help="Exit 1 when some failure mode's action priority is at or above this level (after writing).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes that load and analyse the journeys (default: the number of CPUs); "
    "the output is the same.",
)
@click.option(
    "--width",
    type=click.IntRange(min=_MIN_WIDTH),
    default=None,
    metavar="N",
    help="Width of the table (default: the terminal's, else 100).",
)
@profile_option
@lang_option
@color_option
def command(
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    mkdir: bool,
    fail_on: str,
    jobs: int | None,
    width: int | None,
    profile: str | None,
    lang: str | None,
    color: str,
    no_color: bool,
) -> None:
    """Rank the failure modes of many journeys together: each failure once, with every journey it reaches.

    PATH is a journey file or a folder (every *.blueprint.yaml below it). Shared files
    (kind: shared) are not journeys: a failure of a shared step is listed once, with each
    journey it surfaces in and the money at risk summed over them. The order is fmea's:
    AP, then severity, then RPN, then file order. The table and Markdown end with the
    risk matrix; JSON holds the ranking and the matrix; HTML is one self-contained page
    with the summary, the matrix, the ranking and each journey's diagram (needs Graphviz).

    \b
    Examples:
      blueprint portfolio examples/hospital/
      blueprint portfolio journeys/ --format json -o portfolio.json
      blueprint portfolio journeys/ --format html -o out/portfolio.html --mkdir
      blueprint portfolio booking.blueprint.yaml visit.blueprint.yaml --fail-on H
      blueprint portfolio journeys/ --format csv --jobs 4 > portfolio.csv
    """
    import shutil

    from blueprint.i18n import resolve_lang
    from blueprint.output.portfolio import PortfolioView
    from blueprint.report.outputs import PORTFOLIO

    chosen = resolve_profile(profile)  # a bad profile is a usage error before any file is read
    if fmt == "html":
        from blueprint.render.graphviz import find_dot

        find_dot()  # say so before any work when Graphviz is missing
    output = None if output == "-" else output
    files, read = _files(paths, profile, output, mkdir)
    studied = _study(files, chosen, lang, fmt, jobs)
    portfolio = _portfolio(studied, chosen, paths, lang)
    languages = {s.journey.language for s in studied}
    out_lang = resolve_lang(lang, languages.pop() if len(languages) == 1 else None)
    painted = fmt == "table" and output is None and use_color(color, no_color)
    view = PortfolioView(
        portfolio=portfolio,
        lang=out_lang,
        color=painted,
        width=width or shutil.get_terminal_size((100, 24)).columns,
        diagrams={s.journey.file: s.diagrams for s in studied},
    )
    _emit(PORTFOLIO.get(fmt)(view), output, fmt, painted, read, out_lang)
    _gate(portfolio, fail_on, out_lang)


def _files(
    paths: tuple[str, ...], profile: str | None, output: str | None, mkdir: bool
) -> tuple[list[tuple[str, str]], tuple[str, ...]]:
    """The files to read as ``(display path, path)`` in file-name order, and every input of the run;
    an output that would overwrite one of them (or sits in a missing folder) is refused here."""
    from blueprint.common.paths import display_path
    from blueprint.rules.checker import collect

    files = sorted((display_path(p), p) for p in collect(paths))
    read = inputs(*(p for _, p in files), profile)
    if output is not None:
        from blueprint.common.io import check_target

        prepare_folder(output, mkdir)
        check_target(output, inputs=read)  # refuse early, before the work
    return files, read


def _study(
    files: list[tuple[str, str]], profile: Profile, lang: str | None, fmt: str, jobs: int | None
) -> list[Studied]:
    from blueprint.report.portfolio_run import StudyOptions, study_all
    from blueprint.rules.checker import default_jobs

    opts = StudyOptions(profile=profile, lang=lang, diagrams=fmt == "html")
    return study_all([(p, shown) for shown, p in files], opts, jobs or default_jobs())


def _portfolio(
    studied: list[Studied], profile: Profile, paths: tuple[str, ...], lang: str | None
) -> Portfolio:
    """The portfolio of the journeys studied; a usage error when there are none or money cannot be summed."""
    from blueprint.analysis.portfolio import CurrencyMismatch, build_portfolio
    from blueprint.errors import BlueprintError
    from blueprint.i18n import msg

    if not studied:
        raise BlueprintError.worded(msg("portfolio.error.none", paths=", ".join(paths)))
    try:
        return build_portfolio((s.journey for s in studied), profile.name)
    except CurrencyMismatch as exc:
        raise BlueprintError.worded(msg("portfolio.error.currency", found=str(exc))) from None


def _emit(text: str, output: str | None, fmt: str, painted: bool, read: tuple[str, ...], lang: str) -> None:
    if output is None:
        if fmt == "csv":
            click.echo(text.encode("utf-8"), nl=False)  # bytes: the BOM and Chinese reach the file intact
        else:
            click.echo(text, nl=False, color=painted)
        return
    from blueprint.common.io import write_atomic
    from blueprint.i18n import t

    write_atomic(output, text.encode("utf-8"), inputs=read)
    click.echo(t("portfolio.wrote", lang, path=output), err=True)


def _gate(portfolio: Portfolio, fail_on: str, lang: str) -> None:
    """Exit 1, saying how many, when failure modes are at or above ``--fail-on`` (never with ``none``)."""
    if fail_on.lower() == "none":
        return
    from blueprint.analysis.ap import ap_at_least
    from blueprint.errors import EXIT_FINDINGS
    from blueprint.i18n import t

    level = fail_on.upper()
    found = sum(ap_at_least(e.scored.ap, level) for e in portfolio.entries)
    if found:
        click.echo(t("portfolio.gate", lang, n=found, level=level), err=True)
        raise SystemExit(EXIT_FINDINGS)

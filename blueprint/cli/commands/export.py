"""``blueprint export``: the FMEA worksheet as an Excel workbook or a CSV file."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from blueprint.cli.commands._common import inputs, prepare_output, resolve_profile, use_color
from blueprint.cli.commands.options import (
    color_option,
    force_option,
    lang_option,
    mkdir_option,
    output_option,
    profile_option,
)

if TYPE_CHECKING:
    from blueprint.analysis.core import Analysis

#: failures turned into CSV rows between two steps of the progress line
_CHUNK = 100


@click.command(name="export")
@click.argument("file", type=click.Path())
@output_option("The worksheet to write: OUT.xlsx or OUT.csv (the suffix picks the format).", required=True)
@force_option()
@profile_option
@mkdir_option
@lang_option
@color_option
def command(
    file: str,
    output: str,
    force: bool,
    profile: str | None,
    mkdir: bool,
    lang: str | None,
    color: str,
    no_color: bool,
) -> None:
    """Write the FMEA worksheet (AIAG-VDA column order) as xlsx or CSV.

    One row per failure and action: a failure with three actions gives three rows that
    repeat the failure's columns. The xlsx has a "Failures" sheet (frozen headers,
    filters, coloured AP) and an "Actions" sheet; the CSV is UTF-8 with a byte-order
    mark. 'blueprint import' reads either back. An existing OUT is never overwritten
    without --force.

    \b
    Examples:
      blueprint export examples/telecom-sim-swap.blueprint.yaml -o fmea.xlsx
      blueprint export service.blueprint.yaml -o fmea.csv --lang en
      blueprint export service.blueprint.yaml -o fmea.xlsx --force --profile sae-rm13004
    """
    from pathlib import Path

    from blueprint.analysis.core import Analysis
    from blueprint.common.io import write_atomic
    from blueprint.common.paths import display_path
    from blueprint.errors import BlueprintError
    from blueprint.i18n import plural, resolve_lang, t
    from blueprint.load.loader import load_blueprint

    suffix = Path(output).suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        # the blueprint's language is not known yet: --lang, else the environment's
        raise BlueprintError(t("ws.error.suffix", resolve_lang(lang), path=output))
    chosen = resolve_profile(profile)  # a bad profile is a usage error before any file is read
    read = inputs(file, profile)
    prepare_output(output, read, mkdir=mkdir, force=force)  # refuse early, before the work
    bp = load_blueprint(file, display_path(file), lang)
    out_lang = resolve_lang(lang, bp.chrome_language)
    analysis = Analysis(bp, chosen)
    data = _xlsx(analysis, out_lang) if suffix == ".xlsx" else _csv(analysis, out_lang)
    written = write_atomic(output, data, force=force, inputs=read)
    scored = analysis.scored
    failures = plural("ws.count.failures", len(scored), out_lang)
    actions = plural("ws.count.actions", sum(len(s.failure.actions) for s in scored), out_lang)
    click.echo(
        t("ws.exported", out_lang, path=written, failures=failures, actions=actions),
        color=use_color(color, no_color),
    )


def _xlsx(analysis: Analysis, lang: str) -> bytes:
    """The workbook, with a progress line counting the rows of its failures sheet."""
    from blueprint.cli.progress import progress
    from blueprint.i18n import t
    from blueprint.worksheet.xlsx import xlsx_bytes

    scored = analysis.scored
    # the line counts the rows of the failures sheet: one per failure and action
    n_rows = sum(max(1, len(s.failure.actions)) for s in scored)
    with progress(n_rows, t("progress.export", lang), background=True) as bar:  # redraws while saving
        return xlsx_bytes(analysis.blueprint, scored, lang, analysis.profile, advance=bar.advance)


def _csv(analysis: Analysis, lang: str) -> bytes:
    """The CSV worksheet, made in chunks of failures so that the progress line moves."""
    from blueprint.cli.progress import progress
    from blueprint.i18n import t
    from blueprint.worksheet.layout import csv_bytes, header_texts, rows

    bp = analysis.blueprint
    currency = bp.economics.currency if bp.economics is not None else ""
    ordered = sorted(analysis.scored, key=lambda s: (s.step.index, s.failure.index))  # rows()'s own order
    table = []
    with progress(len(ordered), t("progress.export", lang)) as bar:
        for start in range(0, len(ordered), _CHUNK):
            chunk = ordered[start : start + _CHUNK]
            table += rows(bp, chunk, lang, analysis.profile)
            bar.advance(len(chunk))
        return csv_bytes(table, header_texts(lang, currency))

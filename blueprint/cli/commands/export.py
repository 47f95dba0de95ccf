"""``blueprint export``: the FMEA worksheet as an Excel workbook or a CSV file."""

from __future__ import annotations

import click

from blueprint.cli.commands._common import (
    color_option,
    inputs,
    lang_option,
    mkdir_option,
    prepare_folder,
    profile_option,
    resolve_profile,
    use_color,
)

#: failures turned into CSV rows between two steps of the progress line
_CHUNK = 100


@click.command(name="export")
@click.argument("file", type=click.Path())
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="The worksheet to write: OUT.xlsx or OUT.csv (the suffix picks the format).",
)
@click.option("--force", is_flag=True, help="Overwrite OUT if it exists.")
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
    from blueprint.cli.progress import progress
    from blueprint.common.io import check_target, write_atomic
    from blueprint.common.paths import display_path
    from blueprint.errors import BlueprintError
    from blueprint.i18n import plural, resolve_lang, t
    from blueprint.load.loader import load_blueprint

    suffix = Path(output).suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        # the blueprint's language is not known yet: --lang, else the environment's
        raise BlueprintError(t("ws.error.suffix", resolve_lang(lang), path=output))
    chosen = resolve_profile(profile)  # a bad profile is a usage error before any file is read
    prepare_folder(output, mkdir)
    check_target(output, force=force, inputs=inputs(file, profile))  # refuse early, before the work
    shown = display_path(file)
    bp = load_blueprint(file, shown, lang)
    out_lang = resolve_lang(lang, bp.chrome_language)
    analysis = Analysis(bp, chosen)
    scored = analysis.scored
    label = t("progress.export", out_lang)
    if suffix == ".xlsx":
        from blueprint.worksheet.xlsx import xlsx_bytes

        # the line counts the rows of the failures sheet: one per failure and action
        n_rows = sum(max(1, len(s.failure.actions)) for s in scored)
        with progress(n_rows, label, background=True) as bar:  # the thread redraws while saving
            data = xlsx_bytes(bp, scored, out_lang, analysis.profile, advance=bar.advance)
    else:
        from blueprint.worksheet.layout import csv_bytes, header_texts, rows

        currency = bp.economics.currency if bp.economics is not None else ""
        ordered = sorted(scored, key=lambda s: (s.step.index, s.failure.index))  # rows()'s own order
        table = []
        with progress(len(ordered), label) as bar:
            for start in range(0, len(ordered), _CHUNK):
                chunk = ordered[start : start + _CHUNK]
                table += rows(bp, chunk, out_lang, analysis.profile)
                bar.advance(len(chunk))
            data = csv_bytes(table, header_texts(out_lang, currency))
    written = write_atomic(output, data, force=force, inputs=inputs(file, profile))
    n_actions = sum(len(s.failure.actions) for s in scored)
    click.echo(
        t(
            "ws.exported",
            out_lang,
            path=written,
            failures=plural("ws.count.failures", len(scored), out_lang),
            actions=plural("ws.count.actions", n_actions, out_lang),
        ),
        color=use_color(color, no_color),
    )

"""``blueprint import``: an FMEA worksheet (CSV or xlsx) becomes a blueprint file."""

from __future__ import annotations

import click


@click.command(name="import")
@click.argument("worksheet", type=click.Path())
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="The blueprint to write, e.g. service.blueprint.yaml.",
)
@click.option("--force", is_flag=True, help="Overwrite OUT if it exists.")
@click.option(
    "--title", default=None, help="The blueprint's title (default: the workbook's title, else the file name)."
)
def command(worksheet: str, output: str, force: bool, title: str | None) -> None:
    """Turn an FMEA worksheet (CSV or xlsx) into a blueprint file.

    Reads the layout 'blueprint export' writes, or a hand-made sheet: headers in English
    or Chinese (Severity/Sev/S, 嚴重度 ...), one row per failure and action. Every bad
    row is listed with its row number and nothing is written. The worksheet has no flow,
    so the blueprint has no next/uses edges until you add them. An existing OUT is never
    overwritten without --force.

    \b
    Examples:
      blueprint import fmea.xlsx -o service.blueprint.yaml
      blueprint import fmea.csv -o service.blueprint.yaml --title "Hotline SIM swap"
      blueprint import fmea.xlsx -o service.blueprint.yaml --force
    """
    from blueprint.checker import display_path
    from blueprint.i18n import plural, t
    from blueprint.importer import ImportProblems, import_worksheet
    from blueprint.io import check_target, write_atomic

    check_target(output, force=force)  # refuse early, before the work
    try:
        result = import_worksheet(worksheet, display_path(worksheet), title)
    except ImportProblems as exc:
        for line in exc.problems:
            click.echo(line, err=True)
        raise
    written = write_atomic(output, result.text.encode("utf-8"), force=force)
    lang = result.language
    if result.ignored:
        click.echo(t("ws.ignored", lang, columns=", ".join(result.ignored)), err=True)
    click.echo(
        t(
            "ws.imported",
            lang,
            path=written,
            steps=plural("ws.count.steps", result.steps, lang),
            failures=plural("ws.count.failures", result.failures, lang),
            actions=plural("ws.count.actions", result.actions, lang),
        )
    )
    click.echo(t("ws.imported.flow", lang))

"""``blueprint import``: an FMEA worksheet (CSV or xlsx) becomes a blueprint file."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from blueprint.cli.commands._common import prepare_output, use_color
from blueprint.cli.commands.options import (
    color_option,
    force_option,
    lang_option,
    mkdir_option,
    output_option,
)

if TYPE_CHECKING:
    from blueprint.worksheet.importer import Imported


@click.command(name="import")
@click.argument("worksheet", type=click.Path())
@output_option("The blueprint to write, e.g. service.blueprint.yaml ('-': standard output).", required=True)
@force_option()
@mkdir_option
@click.option(
    "--title", default=None, help="The blueprint's title (default: the workbook's title, else the file name)."
)
@lang_option
@color_option
def command(
    worksheet: str,
    output: str,
    force: bool,
    title: str | None,
    lang: str | None,
    color: str,
    no_color: bool,
    mkdir: bool,
) -> None:
    """Turn an FMEA worksheet (CSV or xlsx) into a blueprint file.

    Reads the layout 'blueprint export' writes, or a hand-made sheet: headers in English
    or Chinese (Severity/Sev/S, 嚴重度 ...), one row per failure and action. Every bad
    row is listed with its row number and nothing is written. The worksheet has no flow,
    so the blueprint has no next/uses edges until you add them. An existing OUT is never
    overwritten without --force. Messages follow the language of the headers unless
    --lang says otherwise.

    \b
    Examples:
      blueprint import fmea.xlsx -o service.blueprint.yaml
      blueprint import fmea.csv -o service.blueprint.yaml --title "Hotline SIM swap"
      blueprint import fmea.xlsx -o service.blueprint.yaml --force
    """
    from blueprint.common.io import write_atomic
    from blueprint.i18n import plural, resolve_lang, t

    target = prepare_output(output, (worksheet,), mkdir=mkdir, force=force)  # refuse early
    # with -o - the blueprint is standard output: the messages go to standard error
    colored = use_color(color, no_color, sys.stderr if target is None else None)
    err_colored = use_color(color, no_color, sys.stderr)
    result = _read(worksheet, title, lang, err_colored)
    if target is None:
        click.echo(result.text, nl=False)
        written = "-"
    else:
        written = str(write_atomic(target, result.text.encode("utf-8"), force=force, inputs=(worksheet,)))
    out_lang = resolve_lang(lang, result.language)
    if result.ignored:
        click.echo(t("ws.ignored", out_lang, columns=", ".join(result.ignored)), err=True, color=err_colored)
    steps = plural("ws.count.steps", result.steps, out_lang)
    failures = plural("ws.count.failures", result.failures, out_lang)
    actions = plural("ws.count.actions", result.actions, out_lang)
    text = t("ws.imported", out_lang, path=written, steps=steps, failures=failures, actions=actions)
    click.echo(text, color=colored, err=target is None)
    click.echo(t("ws.imported.flow", out_lang), color=colored, err=target is None)


def _read(worksheet: str, title: str | None, lang: str | None, colored: bool) -> Imported:
    """The worksheet as a blueprint, or every problem listed on standard error and the error raised."""
    from blueprint.cli.progress import progress
    from blueprint.common.paths import display_path
    from blueprint.i18n import resolve_lang, t
    from blueprint.worksheet.importer import ImportProblems, import_worksheet

    # the worksheet's own language is known only once its headers are read
    with progress(None, t("progress.import", resolve_lang(lang)), background=True):
        problems: ImportProblems | None = None
        try:
            result = import_worksheet(worksheet, display_path(worksheet), title)
        except ImportProblems as exc:
            problems = exc
    if problems is not None:
        from blueprint.common.plain import one_line

        for line in problems.problems:  # a problem quotes the cell: no terminal controls from it
            click.echo(one_line(line), err=True, color=colored)
        raise problems
    return result

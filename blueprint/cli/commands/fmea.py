"""``blueprint fmea``: the ranked failure table (RPN, Action Priority, residual risk, money at risk)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from blueprint.cli.commands._common import (
    complete_failure_ids,
    complete_phase_ids,
    inputs,
    prepare_output,
    resolve_profile,
    use_color,
)
from blueprint.cli.commands._money import simulate_or_fail, uncertainty_options
from blueprint.cli.commands.options import (
    INSTEAD_OF_STDOUT,
    color_option,
    lang_option,
    mkdir_option,
    output_option,
    profile_option,
)
from blueprint.vocabulary import AP_LEVELS, FMEA_FORMATS, FMEA_SORTS, LANES

_MIN_WIDTH = 40

if TYPE_CHECKING:
    from blueprint.analysis.core import Analysis
    from blueprint.analysis.fmea import Scored
    from blueprint.analysis.uncertainty import Uncertainty
    from blueprint.model import Blueprint


@click.command(name="fmea")
@click.argument("file", type=click.Path())
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FMEA_FORMATS),
    default="table",
    show_default=True,
    help="table for a terminal, markdown for GitHub, csv for Excel, json for tools, html fragment.",
)
@click.option(
    "--sort",
    type=click.Choice(FMEA_SORTS),
    default="ap",
    show_default=True,
    help="ap: AP, then severity, then RPN; rpn; severity; risk: money at risk (needs economics).",
)
@click.option("--top", type=click.IntRange(min=1), default=None, metavar="N", help="Show only the first N.")
@click.option(
    "--lane",
    "lanes",
    multiple=True,
    type=click.Choice(LANES),
    help="Only failures of steps in this lane (repeatable).",
)
@click.option(
    "--phase",
    "phases",
    multiple=True,
    metavar="ID",
    shell_complete=complete_phase_ids,
    help="Only failures in this phase (repeatable).",
)
@click.option(
    "--min-ap",
    type=click.Choice(AP_LEVELS, case_sensitive=False),
    default=None,
    help="Only failures at or above this action priority.",
)
@profile_option
@click.option(
    "--explain",
    "explain_id",
    default=None,
    metavar="FAILURE_ID",
    shell_complete=complete_failure_ids,
    help="Print the money-at-risk calculation for one failure, step by step.",
)
@click.option(
    "--width",
    type=click.IntRange(min=_MIN_WIDTH),
    default=None,
    metavar="N",
    help="Width of the table (default: the terminal's, else 100).",
)
@output_option(INSTEAD_OF_STDOUT)
@mkdir_option
@uncertainty_options
@click.option(
    "--matrix",
    is_flag=True,
    help="Print the risk matrix (severity x occurrence, failure chains per cell) instead of the table.",
)
@lang_option
@color_option
def command(
    file: str,
    fmt: str,
    sort: str,
    top: int | None,
    lanes: tuple[str, ...],
    phases: tuple[str, ...],
    min_ap: str | None,
    profile: str | None,
    explain_id: str | None,
    width: int | None,
    output: str | None,
    uncertainty: bool,
    draws: int,
    seed: int,
    matrix: bool,
    lang: str | None,
    color: str,
    no_color: bool,
    mkdir: bool,
) -> None:
    """Rank every failure mode by Action Priority, with RPN, residual risk and money at risk.

    The default order is AP (H, M, L), then severity, then RPN, then file order. The
    table ends with counts by AP, the H failures that lack an action, and the total
    money at risk when the blueprint has an economics block.

    \b
    Examples:
      blueprint fmea examples/telecom-sim-swap.blueprint.yaml
      blueprint fmea service.blueprint.yaml --min-ap M --format markdown > FMEA.md
      blueprint fmea service.blueprint.yaml --sort risk --top 5
      blueprint fmea service.blueprint.yaml --explain advice-without-diagnosis
      blueprint fmea service.blueprint.yaml --uncertainty
      blueprint fmea service.blueprint.yaml --matrix --format markdown
    """
    from blueprint.analysis.core import Analysis

    chosen = resolve_profile(profile)  # a bad profile is a usage error before any file is read
    read = inputs(file, profile)
    target = prepare_output(output, read, mkdir=mkdir)  # refuse early, before the work
    bp, shown, out_lang = _load(file, lang)
    if explain_id is not None:
        click.echo("\n".join(_explain(bp, explain_id, out_lang)), color=use_color(color, no_color))
        return
    _check_filters(bp, shown, sort, phases, out_lang)
    analysis = Analysis(bp, chosen)
    listed = _filtered(analysis.ranked(sort), lanes, phases, min_ap)
    painted = fmt == "table" and target is None and use_color(color, no_color)
    if matrix:
        text = _matrix(listed, bp.title, fmt, out_lang, painted)
    else:
        failures = [s.failure for s in listed]
        drawn = simulate_or_fail(bp, failures, out_lang, draws=draws, seed=seed) if uncertainty else None
        text = _table(
            analysis, shown, listed, fmt, top=top, lang=out_lang, color=painted, width=width, drawn=drawn
        )
    _emit(text, target, fmt, color=painted, read=read)


def _load(file: str, lang: str | None) -> tuple[Blueprint, str, str]:
    """The blueprint, its path as shown in messages, and the language of the output."""
    from blueprint.common.paths import display_path
    from blueprint.i18n import resolve_lang
    from blueprint.load.loader import load_blueprint

    shown = display_path(file)
    bp = load_blueprint(file, shown, lang)
    return bp, shown, resolve_lang(lang, bp.chrome_language)


def _check_filters(bp: Blueprint, shown: str, sort: str, phases: tuple[str, ...], lang: str) -> None:
    """A usage error for ``--sort risk`` without economics or a ``--phase`` the blueprint lacks."""
    from blueprint.errors import BlueprintError
    from blueprint.i18n import t

    if sort == "risk" and bp.economics is None:
        raise BlueprintError(t("fmea.error.risk", lang), shown)
    known_phases = [p.id for p in bp.phases]
    for phase in phases:
        if phase not in known_phases:
            hint = _nearest(phase, known_phases, lang, "fmea.hint.no_phases")
            raise BlueprintError(t("fmea.error.phase", lang, phase=phase, hint=hint), shown)


def _filtered(
    ranked: Sequence[Scored], lanes: tuple[str, ...], phases: tuple[str, ...], min_ap: str | None
) -> tuple[Scored, ...]:
    """The ranked failures the ``--lane``, ``--phase`` and ``--min-ap`` filters keep, in order."""
    from blueprint.analysis.ap import ap_at_least

    return tuple(
        s
        for s in ranked
        if (not lanes or s.step.lane in lanes)
        and (not phases or s.step.phase in phases)
        and (min_ap is None or ap_at_least(s.ap, min_ap.upper()))
    )


def _table(
    analysis: Analysis,
    shown: str,
    listed: tuple[Scored, ...],
    fmt: str,
    top: int | None,
    *,
    lang: str,
    color: bool,
    width: int | None,
    drawn: Uncertainty | None,
) -> str:
    """The ranked table in ``fmt``, as wide as ``--width``, else the terminal."""
    import shutil

    from blueprint.output.fmea_view import FmeaView
    from blueprint.output.formats import FMEA

    view = FmeaView(
        bp=analysis.blueprint,
        file=shown,
        profile=analysis.profile,
        listed=listed,
        top=top,
        lang=lang,
        color=color,
        width=width or shutil.get_terminal_size((100, 24)).columns,
        uncertainty=drawn,
    )
    return FMEA.get(fmt)(view)


def _emit(text: str, output: str | None, fmt: str, *, color: bool, read: tuple[str, ...]) -> None:
    if output is not None:
        from blueprint.common.io import write_atomic

        write_atomic(output, text.encode("utf-8"), inputs=read)
    elif fmt == "csv":
        click.echo(text.encode("utf-8"), nl=False)  # bytes: the BOM and Chinese reach the file intact
    else:
        click.echo(text, nl=False, color=color)  # click would strip the colour off a pipe


def _matrix(listed: tuple[Scored, ...], title: str, fmt: str, lang: str, color: bool) -> str:
    """The risk matrix of the listed failures (every failure without a filter); ``color`` for
    the terminal table only."""
    from blueprint.analysis.matrix import risk_matrix
    from blueprint.output.formats import MATRIX
    from blueprint.output.matrix import MatrixView

    view = MatrixView(title=title, matrix=risk_matrix(listed), lang=lang, color=color)
    return MATRIX.get(fmt)(view)


def _explain(bp: Blueprint, failure_id: str, lang: str) -> list[str]:
    """The money-at-risk lines for one failure, or a usage error naming the nearest id."""
    from blueprint.analysis.economics import explain
    from blueprint.errors import BlueprintError
    from blueprint.i18n import t

    failures = {f.id: f for f in bp.failures}
    if failure_id not in failures:
        hint = _nearest(failure_id, list(failures), lang, "fmea.hint.no_failures")
        raise BlueprintError(t("fmea.error.explain", lang, id=failure_id, hint=hint), bp.path)
    if bp.economics is None:
        raise BlueprintError(t("fmea.error.economics", lang), bp.path)
    return explain(bp, failures[failure_id], lang)


def _nearest(name: str, known: list[str], lang: str, none_key: str) -> str:
    """`` (did you mean 'x'?)`` for the closest known id, else the list when it is short."""
    from blueprint.common.suggest import nearest
    from blueprint.i18n import t

    close = nearest(name, known)
    if close:
        return t("fmea.hint.close", lang, name=close)
    if not known:
        return t(none_key, lang)
    if len(known) <= 8:
        return t("fmea.hint.known", lang, names=t("list.sep", lang).join(known))
    return ""

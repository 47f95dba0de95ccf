"""``blueprint plan``: the open actions to fund within a budget, and what they remove."""

from __future__ import annotations

import shutil
from dataclasses import replace

import click

from blueprint.cli.commands._common import inputs, prepare_output, resolve_profile, use_color
from blueprint.cli.commands._money import simulate_or_fail, uncertainty_options
from blueprint.cli.commands.options import (
    INSTEAD_OF_STDOUT,
    color_option,
    lang_option,
    mkdir_option,
    output_option,
    profile_option,
)
from blueprint.vocabulary import PLAN_FORMATS, PLAN_OBJECTIVES


def budget_options(fn: click.decorators.FC) -> click.decorators.FC:
    """``--budget N``, ``--must H`` and ``--objective money|rpn`` (shared with ``report``)."""
    fn = click.option(
        "--objective",
        type=click.Choice(PLAN_OBJECTIVES),
        default=None,
        help="What the plan removes: money (the journey estimate of money at risk; the default with "
        "economics) or rpn (the total RPN; the only one without economics).",
    )(fn)
    fn = click.option(
        "--must",
        type=click.Choice(["H"], case_sensitive=False),
        default=None,
        help="Fund first every action that lowers an H failure (cheapest first), as the budget allows.",
    )(fn)
    return fn


@click.command(name="plan")
@click.argument("file", type=click.Path())
@click.option(
    "--budget",
    type=click.FloatRange(min=0),
    required=True,
    metavar="N",
    help="What may be spent, in the economics currency (the actions' 'cost').",
)
@budget_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(PLAN_FORMATS),
    default="table",
    show_default=True,
    help="table for a terminal, markdown for GitHub, json for tools.",
)
@profile_option
@click.option("--width", type=click.IntRange(min=40), default=None, metavar="N", help="Width of the table.")
@output_option(INSTEAD_OF_STDOUT)
@mkdir_option
@uncertainty_options
@lang_option
@color_option
def command(
    file: str,
    budget: float,
    objective: str | None,
    must: str | None,
    fmt: str,
    profile: str | None,
    width: int | None,
    output: str | None,
    uncertainty: bool,
    draws: int,
    seed: int,
    lang: str | None,
    color: str,
    no_color: bool,
    mkdir: bool,
) -> None:
    """Choose the open actions that remove the most risk within a budget.

    Candidates are open and in-progress actions with a 'cost' and 'revised' ratings
    (what the ratings will be once the action is done). The plan removes the most money
    at risk from the journey estimate (or RPN, without economics), exact up to 400
    actions; it lists the chosen actions by what they remove per cost, and the others
    with the reason they were left out.

    \b
    Examples:
      blueprint plan examples/fedex-tracking.blueprint.yaml --budget 500000
      blueprint plan service.blueprint.yaml --budget 80000 --must H --format markdown
      blueprint plan service.blueprint.yaml --budget 80000 --objective rpn --format json
    """
    from blueprint.analysis.core import Analysis
    from blueprint.common.paths import display_path
    from blueprint.i18n import resolve_lang
    from blueprint.load.loader import load_blueprint
    from blueprint.output.formats import PLAN
    from blueprint.output.plan import plan_view

    chosen = resolve_profile(profile)  # a bad profile is a usage error before any file is read
    read = inputs(file, profile)
    target = prepare_output(output, read, mkdir=mkdir)  # refuse early, before the work
    bp = load_blueprint(file, display_path(file), lang)
    out_lang = resolve_lang(lang, bp.language)
    if uncertainty:
        simulate_or_fail(bp, (), out_lang, draws=draws, seed=seed)  # a usage error without economics
    columns = width or shutil.get_terminal_size((100, 24)).columns
    view = plan_view(
        Analysis(bp, chosen), budget, objective, must, out_lang, (uncertainty, draws, seed), columns
    )
    if fmt == "table" and target is None and use_color(color, no_color):
        view = replace(view, color=True)
    text = PLAN.get(fmt)(view)
    if target is not None:
        from blueprint.common.io import write_atomic

        write_atomic(target, text.encode("utf-8"), inputs=read)
    else:
        click.echo(text, nl=False, color=view.color)

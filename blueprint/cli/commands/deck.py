"""``blueprint deck``: a PowerPoint deck of the blueprint for a client meeting."""

from __future__ import annotations

import re
import sys

import click

from blueprint.cli.commands._common import beside, inputs, resolve_profile, say, use_color
from blueprint.cli.commands.options import color_option, lang_option, output_option, profile_option
from blueprint.cli.commands.plan import budget_options


@click.command(name="deck")
@click.argument("file", type=click.Path(dir_okay=False))
@output_option("The .pptx file (default: beside the input).")
@click.option(
    "--top",
    type=click.IntRange(1, 1000),
    default=10,
    show_default=True,
    help="Failure modes in the tables (F1, F2... in the default order).",
)
@click.option(
    "--date",
    "date",
    default=None,
    metavar="YYYY-MM-DD|git",
    help="Date on the title slide and diagram (default: meta.date); 'git' uses the file's last commit.",
)
@click.option(
    "--budget",
    type=click.FloatRange(min=0),
    default=None,
    metavar="N",
    help="Add the funded plan for this budget (as blueprint plan --budget N).",
)
@budget_options
@profile_option
@lang_option
@color_option
def command(
    file: str,
    output: str | None,
    top: int,
    date: str | None,
    budget: float | None,
    objective: str | None,
    must: str | None,
    profile: str | None,
    lang: str | None,
    color: str,
    no_color: bool,
) -> None:
    """Write a PowerPoint deck: title, diagram, top failures, action plan, money at risk.

    With --budget, the funded plan too: the open actions that budget should pay for
    (as blueprint plan), and the ones left out with the reason.

    The diagram is laid out for a 16:9 slide (split by phase when it does not fit with
    text of 10 pt), the failures keep the numbers of the FMEA table (F1, F2...), and
    table rows go on to further slides rather than shrink below 12 pt. Needs Graphviz
    and python-pptx (pip install 'blueprint-fmea[deck]').

    \b
    Examples:
      blueprint deck examples/telecom-sim-swap.blueprint.yaml -o telecom.pptx
      blueprint deck service.blueprint.yaml --top 5 --date git
      blueprint deck examples/fedex-tracking.blueprint.yaml --budget 500000
    """
    from blueprint.analysis.core import Analysis
    from blueprint.common.io import check_target, write_atomic
    from blueprint.deck import DeckOptions, build_deck
    from blueprint.i18n import resolve_lang, t
    from blueprint.load.loader import load_blueprint
    from blueprint.render.graphviz import find_dot
    from blueprint.render.pages import git_date

    if date is not None and date != "git" and not re.match(r"^\d{4}-\d{2}-\d{2}$", date):
        raise click.BadParameter(say("cli.date"), param_hint="--date")
    chosen = resolve_profile(profile)
    find_dot()
    target = output or beside(file, ".pptx")
    read = inputs(file, profile)
    check_target(target, inputs=read)  # never the blueprint or the profile read
    bp = load_blueprint(file, lang=lang)
    used = resolve_lang(lang, bp.language)
    opts = DeckOptions(
        lang=used,
        top=top,
        date=git_date(file) if date == "git" else date,
        budget=budget,
        objective=objective,
        must=must,
    )
    data = build_deck(Analysis(bp, chosen), opts, file)
    write_atomic(target, data, inputs=read)
    colored = use_color(color, no_color, sys.stderr)
    click.echo(t("deck.wrote", used, path=target), err=True, color=colored)

"""``blueprint graph``: failure propagation, critical touchpoints and time analysis."""

from __future__ import annotations

import click

from blueprint.cli.commands._common import inputs, prepare_output, resolve_profile, use_color
from blueprint.cli.commands.options import (
    INSTEAD_OF_STDOUT,
    color_option,
    lang_option,
    mkdir_option,
    output_option,
    profile_option,
)
from blueprint.vocabulary import GRAPH_EXPORTS, GRAPH_FORMATS


@click.command(name="graph")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(GRAPH_FORMATS),
    default="text",
    show_default=True,
    help="Output format of the analysis; json keys are English and stable.",
)
@click.option(
    "--export",
    "export",
    type=click.Choice(GRAPH_EXPORTS),
    default=None,
    help="Write the graph itself (steps, flow and uses edges) instead of the analysis.",
)
@output_option(INSTEAD_OF_STDOUT)
@mkdir_option
@click.option(
    "--top",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    help="How many critical touchpoints to list (0: all).",
)
@profile_option
@lang_option
@color_option
def command(
    file: str,
    fmt: str,
    export: str | None,
    output: str | None,
    top: int,
    profile: str | None,
    lang: str | None,
    color: str,
    no_color: bool,
    mkdir: bool,
) -> None:
    """Where failures surface, critical touchpoints and time.

    Prints the critical touchpoints (steps whose failure the most customer steps would
    feel, with the risk that rides on them), fail points per phase, wait points
    (expected time over the customer's tolerance) and the expected time along the
    longest flow path, per phase and end to end. --export writes the graph itself as
    GraphML or node-link JSON for other tools.

    \b
    Examples:
      blueprint graph examples/telecom-sim-swap.blueprint.yaml
      blueprint graph examples/fedex-tracking.blueprint.yaml --format json --top 3
      blueprint graph examples/zappos-returns.blueprint.yaml --export graphml -o zappos.graphml
    """
    from blueprint.analysis.core import Analysis
    from blueprint.common.io import write_atomic
    from blueprint.i18n import resolve_lang
    from blueprint.load.loader import load_blueprint
    from blueprint.output.formats import GRAPH, GRAPH_EXPORT
    from blueprint.output.graph_text import analyse
    from blueprint.output.views import GraphView

    chosen = resolve_profile(profile)  # a bad profile is a usage error before any file is read
    read = inputs(file, profile)
    output = prepare_output(output, read, mkdir=mkdir)  # refuse early, before the work
    bp = load_blueprint(file, lang=lang)
    analysis = Analysis(bp, chosen)
    colored = False  # only the analysis for people is coloured, never JSON or GraphML
    if export is not None:
        text = GRAPH_EXPORT.get(export)(analysis)
    else:
        colored = fmt == "text" and output is None and use_color(color, no_color)
        view = GraphView(analyse(analysis, top), file, resolve_lang(lang, bp.chrome_language), colored)
        text = GRAPH.get(fmt)(view)
    if output is None:
        click.echo(text, nl=False, color=colored)  # click would strip the colour off a pipe
    else:
        write_atomic(output, text, inputs=read)

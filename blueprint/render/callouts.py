"""Pages of numbered failures, for a fitted diagram whose callouts do not fit beside it.

``render --fit slide --callouts`` lists each page's numbered failures under its legend.
When a page of one phase is already as large as the page allows, the list would push
its text under 10 pt: the drawing keeps the page, and its failures follow on pages of
their own (title, facts and the list in columns, every text 10 pt or more), as many as
the list needs.
"""

from __future__ import annotations

from collections.abc import Sequence

from blueprint.render.chrome import callout_columns, callout_lines, callout_rows, facts_line
from blueprint.render.dotattr import DotGraph, Html, attrs
from blueprint.render.labels import _font, lines
from blueprint.render.layout import Diagram
from blueprint.render.numbers import Callout
from blueprint.render.options import RenderOptions
from blueprint.render.sizes import PAGE, PAGES
from blueprint.render.theme import THEMES

HEAD = 15.0 * 1.3 + 10.0 * 1.3 * 2 + 24
"""Points the title and the facts line take above the list, with room to spare."""
LINE = 10.0 * 1.25
"""Points one line of the list takes at 10 pt."""


def room(opts: RenderOptions) -> tuple[float, float]:
    """Width and height in points a page leaves for the list (its margins and the title off)."""
    width, height = PAGES[opts.fit]
    return (width - 0.3 * 72) * 0.88, height - 0.3 * 72 - HEAD


def chunks(items: Sequence[Callout], opts: RenderOptions) -> list[tuple[Callout, ...]]:
    """The callouts of each page, in number order: as many as the page's columns hold."""
    width, height = room(opts)
    columns = callout_columns(width, PAGE)
    out: list[tuple[Callout, ...]] = []
    current: list[Callout] = []
    for item in items:
        trial = [*current, item]
        per = -(-len(trial) // min(columns, len(trial)))
        # the columns are filled in order, ``per`` entries each: the tallest column decides
        tallest = max(
            sum(len(callout_lines(c, PAGE)) for c in trial[i : i + per]) * LINE + 3 * len(trial[i : i + per])
            for i in range(0, len(trial), per)
        )
        if current and tallest > height:
            out.append(tuple(current))
            trial = [item]
        current = trial
    if current:
        out.append(tuple(current))
    return out


def callouts_page(diagram: Diagram, opts: RenderOptions, items: Sequence[Callout]) -> DotGraph:
    """A page of the title block and ``items`` listed in columns, and nothing else."""
    th = THEMES[opts.theme]
    sz = PAGE
    width, _ = room(opts)
    left = '<TD ALIGN="LEFT" BALIGN="LEFT">'
    title = lines(diagram.blueprint.title, width / sz.heading * 1.6)
    rows = [f"<TR>{left}{_font('<BR/>'.join(title), th.text, sz.heading, True)}</TD></TR>"]
    facts = lines(facts_line(diagram, opts), width / sz.sub * 1.6)
    rows.append(f"<TR>{left}{_font('<BR/>'.join(facts), th.muted, sz.sub)}</TD></TR>")
    rows.append(callout_rows(items, th, sz, width))
    label = '<<TABLE BORDER="0" CELLPADDING="1" CELLSPACING="0">' + "".join(rows) + "</TABLE>>"
    graph = attrs(
        pad="0.15",
        bgcolor=th.background,
        fontname=opts.font,
        labelloc="t",
        labeljust="l",
        label=Html(label),
    )
    node = attrs(shape="point", style="invis", width=0.01, label="")
    text = f"digraph blueprint {{\n  graph {graph};\n  node {node};\n  list;\n}}\n"
    return DotGraph(text, ())

"""The risk matrix in every format of ``fmea --matrix`` (and the report's matrix section).

Rows are severity 10 down to 1, columns occurrence 1 to 10; a cell shows how many failure
chains it holds and the highest AP among them (``3 H``); an empty cell shows ``·``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from blueprint.analysis.matrix import OCCURRENCES, SEVERITIES
from blueprint.common.text import display_width
from blueprint.i18n import t
from blueprint.output.style import paint

if TYPE_CHECKING:
    from blueprint.analysis.matrix import RiskMatrix

EMPTY = "·"
_COLOURS = {"H": "red", "M": "yellow", "L": "green"}


@dataclass(frozen=True)
class MatrixView:
    """A matrix to print: the blueprint's title, the matrix, the language, colour on or off."""

    title: str
    matrix: RiskMatrix
    lang: str = "en"
    color: bool = False


def cell_text(matrix: RiskMatrix, severity: int, occurrence: int) -> str:
    """``3 H`` for three chains whose highest AP is H; ``·`` for an empty cell."""
    n = matrix.count(severity, occurrence)
    return EMPTY if n == 0 else f"{n} {matrix.ap(severity, occurrence)}"


def _grid(matrix: RiskMatrix, lang: str) -> list[list[str]]:
    head = [t("matrix.corner", lang), *(str(o) for o in OCCURRENCES)]
    rows = [[str(s), *(cell_text(matrix, s, o) for o in OCCURRENCES)] for s in SEVERITIES]
    return [head, *rows]


def _note(view: MatrixView) -> str:
    return t("matrix.note", view.lang, chains=view.matrix.total)


def render_table(view: MatrixView) -> str:
    """A fixed-width table for a terminal; cells coloured by their highest AP when colour is on."""
    grid = _grid(view.matrix, view.lang)
    width = max(len(c) for row in grid for c in row[1:])
    first = max(display_width(row[0]) for row in grid) + 1
    out = [t("matrix.heading", view.lang, title=view.title), ""]
    for r, row in enumerate(grid):
        cells = []
        for c, text in enumerate(row[1:], start=1):
            ap = view.matrix.ap(SEVERITIES[r - 1], c) if r else None
            padded = text.rjust(width)
            cells.append(paint(padded, view.color and ap is not None, fg=_COLOURS.get(ap or ""), bold=True))
        pad = " " * (first - display_width(row[0]))
        out.append(pad + row[0] + "  " + "  ".join(cells))
    out += ["", _note(view)]
    return "\n".join(out) + "\n"


def render_markdown(view: MatrixView) -> str:
    """A Markdown table (the title's punctuation escaped)."""
    from blueprint.output.fmea_markdown import escape as md

    grid = _grid(view.matrix, view.lang)
    out = [f"**{md(t('matrix.heading', view.lang, title=view.title))}**", ""]
    out.append("| " + " | ".join(grid[0]) + " |")
    out.append("|" + "---:|" * len(grid[0]))
    out += ["| " + " | ".join([f"**{row[0]}**", *row[1:]]) + " |" for row in grid[1:]]
    out += ["", md(_note(view))]
    return "\n".join(out) + "\n"


def render_csv(view: MatrixView) -> str:
    """Comma-separated values with a BOM for Excel: the header row, then one row per severity."""
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(["severity", *(f"occurrence {o}" for o in OCCURRENCES)])
    for s in SEVERITIES:
        writer.writerow([s, *(view.matrix.count(s, o) for o in OCCURRENCES)])
    return "\ufeff" + buf.getvalue()


def render_json(view: MatrixView) -> str:
    """``{"rows", "columns", "cells", "highest_ap", "chains"}``."""
    return json.dumps(view.matrix.to_json(), ensure_ascii=False, indent=2) + "\n"


def matrix_table(matrix: RiskMatrix, lang: str) -> str:
    """The matrix as an HTML table, each non-empty cell a chip coloured by its highest AP."""
    head = "".join(f'<th scope="col" class="ap">{o}</th>' for o in OCCURRENCES)
    rows = []
    for s in SEVERITIES:
        cells = []
        for o in OCCURRENCES:
            n, ap = matrix.count(s, o), matrix.ap(s, o)
            label = escape(t("matrix.cell", lang, n=n, s=s, o=o, ap=ap or "-"), quote=True)
            inner = EMPTY if n == 0 else f'<span class="chip chip-{ap}" title="{label}">{n}</span>'
            cells.append(f'<td class="ap">{inner}</td>')
        rows.append(f'<tr><th scope="row" class="ap">{s}</th>{"".join(cells)}</tr>')
    corner = escape(t("matrix.corner", lang))
    caption = escape(t("matrix.note", lang, chains=matrix.total))
    return (
        f'<p class="note">{caption}</p>\n<table class="matrix">\n'
        f'<thead><tr><th scope="col">{corner}</th>{head}</tr></thead>\n'
        f"<tbody>\n" + "\n".join(rows) + "\n</tbody></table>"
    )


def render_html(view: MatrixView) -> str:
    """An HTML fragment: a heading and the table."""
    heading = escape(t("matrix.heading", view.lang, title=view.title))
    return f"<h2>{heading}</h2>\n{matrix_table(view.matrix, view.lang)}\n"

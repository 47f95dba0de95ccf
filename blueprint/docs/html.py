"""The HTML an embedded blueprint becomes: one ``<div class="bp-embed">``, no script.

Every string from the blueprint is escaped by the writers this module calls
(:mod:`blueprint.report.html`, Graphviz's SVG); ids are given the block's own prefix so two
embeds on a page, or an embed and the theme, never share one.
"""

from __future__ import annotations

import re
from dataclasses import replace
from html import escape
from typing import TYPE_CHECKING

from blueprint.docs.style import stylesheet
from blueprint.i18n import t

if TYPE_CHECKING:
    from blueprint.analysis.core import Analysis
    from blueprint.docs.options import EmbedOptions
    from blueprint.report import Report

_ID = re.compile(r'\b(id|aria-labelledby)="([^"]*)"')
_HREF = re.compile(r'\bhref="#([^"]*)"')
_TABLE = re.compile(r'<table(?: class="([^"]*)")?>')
_CLASS = re.compile(r'\bclass="([^"]*)"')


def _prefixed(html: str, prefix: str) -> str:
    """Ids that start with ``prefix``; classes that start with ``bp-``, so no theme styles them.

    Themes style common class names (``note``, ``label``, ``alert``: Read the Docs and
    Bootstrap do); the report's own names get the prefix here and the stylesheet uses those.
    """
    html = _ID.sub(lambda m: f'{m.group(1)}="{prefix}{m.group(2)}"', html)
    html = _HREF.sub(lambda m: f'href="#{prefix}{m.group(1)}"', html)
    html = _CLASS.sub(lambda m: 'class="' + " ".join(f"bp-{c}" for c in m.group(1).split()) + '"', html)
    return _TABLE.sub(lambda m: f'<table class="bp-table{" " + m.group(1) if m.group(1) else ""}">', html)


def wrap(body: str, view: str, opts: EmbedOptions, *, style: bool = True) -> str:
    """The block's outer element around ``body``, with the stylesheet unless the site links it."""
    classes = f"bp-embed bp-view-{view} bp-fit-{opts.fit}"
    css = f"<style>\n{stylesheet()}</style>\n" if style else ""
    return f'<div class="{classes}">\n{css}{body}\n</div>\n'


def figures(light: str, dark: str) -> str:
    """The light and the dark drawing; the stylesheet shows the one that suits the page."""
    return f'<div class="bp-figure bp-light">\n{light}</div>\n<div class="bp-figure bp-dark">\n{dark}</div>'


def problem(text: str) -> str:
    """A visible note in place of a block that could not be drawn (the build warns too)."""
    look = "border-left:4px solid #b42318;padding:.4em .8em"
    return f'<div class="bp-embed"><p class="bp-problem" style="{look}">{escape(text)}</p></div>\n'


def matrix(analysis: Analysis, opts: EmbedOptions, prefix: str) -> str:
    """The risk matrix (``view: matrix``) of the failures in the options' phases (all by default)."""
    from blueprint.analysis.matrix import risk_matrix
    from blueprint.output.matrix import matrix_table

    scored = analysis.scored
    if opts.phases:
        scored = [s for s in scored if s.step.phase in opts.phases]
    return _prefixed(matrix_table(risk_matrix(scored), opts.lang), prefix)


def ranked(report: Report, opts: EmbedOptions, prefix: str) -> str:
    """The ranked failure table (``view: fmea``), its phases and length as the options say."""
    from blueprint.report.html import section_bodies

    rows = report.ranked
    if opts.phases:
        rows = tuple(s for s in rows if s.step.phase in opts.phases)
    if opts.top is not None:
        rows = rows[: opts.top]
    body = section_bodies(replace(report, ranked=rows), "", sortable=False)["failures"]
    return _prefixed(body, prefix)


def sections(report: Report, opts: EmbedOptions, prefix: str, drawing: str) -> str:
    """The report's sections that the options name (``view: report``), each under a heading."""
    from blueprint.report.html import section_bodies

    if opts.top is not None:
        report = replace(report, ranked=report.ranked[: opts.top])
    slot = "<!--bp-drawing-->"  # escaped text can never hold it
    bodies = section_bodies(report, slot, sortable=False)
    out = []
    for key in opts.sections:
        heading = escape(t(f"report.section.{key}", opts.lang))
        out.append(f'<p class="bp-heading" role="heading" aria-level="3">{heading}</p>\n{bodies[key]}')
    return _prefixed("\n".join(out), prefix).replace(slot, drawing)

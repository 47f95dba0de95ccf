"""Turn one blueprint block of a documentation page into HTML and ``check`` findings.

Both documentation plugins come here: :func:`embed` loads the file (or the YAML written in
the page), runs every ``check`` rule on it, and draws what the block's ``view`` asks for:

- ``diagram``: the swimlane diagram as inline SVG, a light and a dark drawing;
- ``fmea``: the ranked failure table (``top``, ``phase`` narrow it);
- ``report``: the report's sections (``section`` picks some), the diagram among them;
- ``matrix``: the risk matrix, failure chains by severity and occurrence (``phase`` narrows it).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from blueprint.docs import html
from blueprint.docs.options import EmbedError, EmbedOptions
from blueprint.errors import BlueprintError
from blueprint.i18n import msg, t

if TYPE_CHECKING:
    from blueprint.analysis.ap import Profile
    from blueprint.analysis.core import Analysis
    from blueprint.findings import Finding
    from blueprint.model import Blueprint


@dataclass(frozen=True)
class Target:
    """What a block draws: a file (``path``) or YAML written in the page (``text``)."""

    display: str  # how findings and messages name it
    path: Path | None = None
    text: str | None = None
    first_line: int = 1  # for ``text``: the page's line of the YAML's first line


@dataclass
class Embedded:
    """A block's HTML and the findings of ``check`` on its blueprint (located in the file or page)."""

    html: str
    findings: list[Finding] = field(default_factory=list)
    #: what the build should warn about at the block itself (a view not available)
    notes: list[str] = field(default_factory=list)


def _shift(target: Target, line: int | None) -> int | None:
    return None if line is None else line + target.first_line - 1


def _load(target: Target, opts: EmbedOptions, profile: Profile) -> tuple[Blueprint | None, list[Finding]]:
    """The model (None when unusable) and every finding.

    Raises :class:`BlueprintError`, located in the file or page, when there is no file or
    it cannot be parsed at all.
    """
    from blueprint.load.loader import load_bytes, load_file, require_valid
    from blueprint.rules import Options, run_rules, suppress

    try:
        if target.text is not None:
            loaded = load_bytes(target.text.encode("utf-8"), target.display)
        else:
            assert target.path is not None
            if not target.path.is_file():
                raise EmbedError.worded(msg("docs.missing", path=target.display))
            loaded = load_file(str(target.path), target.display)
        found = suppress.apply(
            run_rules(loaded, Options(profile=profile)), suppress.parse(loaded.source.text)
        )
        findings = [replace(f, line=_shift(target, f.line) or f.line) for f in found]
        if findings and any(f.severity == "error" for f in findings):
            try:
                return require_valid(loaded, opts.lang), findings
            except BlueprintError:
                return None, findings  # the findings say why
        return require_valid(loaded, opts.lang), findings
    except BlueprintError as exc:
        if target.text is not None:
            exc.line = _shift(target, exc.line)
        raise


def _check_phases(bp: Blueprint, opts: EmbedOptions) -> None:
    known = [p.id for p in bp.phases]
    for phase in opts.phases:
        if phase not in known:
            names = ", ".join(known) or t("docs.none", "en")
            raise EmbedError.worded(msg("docs.phase", phase=phase, known=names))


def _drawing(analysis: Analysis, opts: EmbedOptions, prefix: str) -> str:
    from blueprint.render import RenderOptions, render
    from blueprint.report.svg import inline_svg

    label = t("report.diagram.alt", opts.lang, title=analysis.blueprint.title)
    drawn = []
    for theme in ("light", "dark"):
        options = RenderOptions(theme=theme, lang=opts.lang, phases=opts.phases)
        drawn.append(inline_svg(render(analysis, options), prefix=f"{prefix}{theme}-", label=label))
    return html.figures(drawn[0], drawn[1])


def embed(target: Target, opts: EmbedOptions, prefix: str, *, style: bool = True) -> Embedded:
    """The HTML of one block; ``prefix`` (unique on the page) starts every id it holds.

    Without ``style`` the block holds no ``<style>``: the site links :func:`stylesheet` once.

    Raises :class:`BlueprintError` when the blueprint cannot be read or drawn; the findings
    of a usable blueprint come back with the HTML.
    """
    from blueprint.analysis.ap import load_profile
    from blueprint.analysis.core import Analysis

    try:
        profile = load_profile(opts.profile)
    except BlueprintError as exc:
        raise EmbedError(str(exc)) from None
    bp, findings = _load(target, opts, profile)
    if bp is None:
        first = next(f for f in findings if f.severity == "error")
        return Embedded(html.problem(t("docs.unusable", opts.lang, error=first.text_in(opts.lang))), findings)
    _check_phases(bp, opts)
    analysis = Analysis(bp, profile)
    if opts.view == "matrix":
        return Embedded(html.wrap(html.matrix(analysis, opts, prefix), "matrix", opts, style=style), findings)
    if opts.view == "diagram":
        return Embedded(html.wrap(_drawing(analysis, opts, prefix), "diagram", opts, style=style), findings)
    from blueprint.report import build_report

    report = build_report(analysis, source=target.display, lang=opts.lang, today=opts.today)
    if opts.view == "fmea":
        return Embedded(html.wrap(html.ranked(report, opts, prefix), "fmea", opts, style=style), findings)
    drawing = _drawing(analysis, opts, prefix) if "diagram" in opts.sections else ""
    return Embedded(
        html.wrap(html.sections(report, opts, prefix, drawing), "report", opts, style=style), findings
    )

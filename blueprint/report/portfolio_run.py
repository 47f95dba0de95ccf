"""Load and analyse the journeys of a portfolio, in worker processes when that helps.

Each file is loaded and analysed once: a shared file (``kind: shared``) named among the
paths is not a journey and is left out; a journey gives its
:class:`~blueprint.analysis.portfolio.Journey` and, for the HTML page, its diagrams (light
and dark SVG, drawn through :func:`blueprint.render.render`). Results come back in the
order of the paths whatever ``jobs`` is, so the output is the same with one process or many.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from blueprint.analysis.ap import Profile
    from blueprint.analysis.core import Analysis
    from blueprint.analysis.portfolio import Journey

#: below this many files, starting worker processes costs more than it saves
PARALLEL_MIN_FILES: Final = 16


@dataclass(frozen=True)
class StudyOptions:
    """How to study each file: the AP table, the language, and whether to draw the diagrams."""

    profile: Profile
    lang: str | None = None
    diagrams: bool = False
    theme: str = "auto"


@dataclass(frozen=True)
class Studied:
    """One journey and its drawings: ``(css class, <svg> element)`` pairs, none unless asked for."""

    journey: Journey
    diagrams: tuple[tuple[str, str], ...] = ()


def study(path: str, display: str, opts: StudyOptions, number: int = 0) -> Studied | None:
    """Load and analyse one file; None for a shared file, which is not a journey."""
    from blueprint.analysis.core import Analysis
    from blueprint.analysis.portfolio import journey_of
    from blueprint.load.loader import load_blueprint

    bp = load_blueprint(path, display, opts.lang)
    if bp.kind == "shared":
        return None
    analysis = Analysis(bp, opts.profile)
    drawn: tuple[tuple[str, str], ...] = ()
    if opts.diagrams:
        drawn = _draw(analysis, opts, number)
    return Studied(journey_of(analysis, display), drawn)


def _draw(analysis: Analysis, opts: StudyOptions, number: int) -> tuple[tuple[str, str], ...]:
    """The journey's diagram in each theme the page shows, ready to inline (ids prefixed)."""
    from blueprint.i18n import resolve_lang, t
    from blueprint.render import RenderOptions, render
    from blueprint.report.svg import inline_svg

    lang = resolve_lang(opts.lang, analysis.blueprint.chrome_language)
    label = t("report.diagram.alt", lang, title=analysis.blueprint.title)
    themes = ["light"] if opts.theme == "light" else ["light", "dark"]
    out = []
    for theme in themes:
        svg = render(analysis, RenderOptions(fmt="svg", theme=theme, lang=lang))
        out.append((f"diagram-{theme}", inline_svg(svg, prefix=f"j{number}-{theme}-", label=label)))
    return tuple(out)


def _one(item: tuple[int, str, str], opts: StudyOptions) -> Studied | None:
    number, path, display = item
    return study(path, display, opts, number)


def study_all(paths: Sequence[tuple[str, str]], opts: StudyOptions, jobs: int = 1) -> list[Studied]:
    """The journeys among ``paths`` (``(path, display)`` pairs), in their order, shared files left out.

    With ``jobs`` above 1 (and enough files) the files are studied in worker processes;
    the result is the same.
    """
    items = [(n, path, display) for n, (path, display) in enumerate(paths, start=1)]
    from blueprint.rules.checker import default_jobs

    workers = min(jobs, len(items), default_jobs())
    if workers < 2 or len(items) < PARALLEL_MIN_FILES:
        found = [_one(item, opts) for item in items]
    else:
        from concurrent.futures import ProcessPoolExecutor
        from functools import partial
        from multiprocessing import get_all_start_methods, get_context

        # fork starts workers with everything already imported; elsewhere use the default
        context = get_context("fork") if "fork" in get_all_start_methods() else None
        chunk = max(1, len(items) // (workers * 4))
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            found = list(pool.map(partial(_one, opts=opts), items, chunksize=chunk))
    return [s for s in found if s is not None]

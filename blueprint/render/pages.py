"""A diagram laid out for a page (``--fit``), split by phase onto several pages when needed.

Every text of a fitted diagram is 10 pt or more at its natural size (the page sizes of
:mod:`blueprint.render.sizes`), so a drawing that fits the page unscaled keeps that
size on paper. A journey too wide or too tall for one page is cut between phases:
phases are taken in order onto a page while the drawing still fits, and each page has
the lanes, the title block (saying which page and phases it holds) and its own legend.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from blueprint.errors import BlueprintError
from blueprint.i18n import msg, t
from blueprint.render.options import RenderOptions
from blueprint.render.sizes import MIN_TEXT, PAGE, PAGES

if TYPE_CHECKING:
    from blueprint.analysis.core import Analysis
    from blueprint.render.numbers import Callout

_VIEW = re.compile(r'<svg width="([0-9.]+)pt" height="([0-9.]+)pt"\n viewBox="([-0-9. ]+)"')


@dataclass(frozen=True)
class Pages:
    """The output files (one per page; a PDF holds every page) and what to tell the user."""

    files: tuple[bytes, ...]
    note: str = ""


def svg_size(svg: bytes) -> tuple[float, float]:
    """Width and height in points of a Graphviz SVG drawing (its viewBox)."""
    found = _VIEW.search(svg[:2000].decode("utf-8", "replace"))
    if found is None:
        raise BlueprintError.worded(msg("render.error.size"))
    _, _, w, h = (float(v) for v in found.group(3).split())
    return w, h


def on_page(svg: bytes, page: str) -> bytes:
    """The SVG with the page's size, the drawing centred and scaled to fill it."""
    pw, ph = PAGES[page]
    text = svg.decode("utf-8")
    text = _VIEW.sub(lambda m: f'<svg width="{pw:g}pt" height="{ph:g}pt"\n viewBox="{m.group(3)}"', text, 1)
    return text.encode("utf-8")


def _fits(analysis: Analysis, opts: RenderOptions, phases: tuple[str, ...]) -> bool:
    from blueprint.render import render

    w, h = svg_size(render(analysis, replace(opts, fmt="svg", phases=phases)))
    pw, ph = PAGES[opts.fit]
    scale = min(pw / w, ph / h)
    return scale * PAGE.least >= MIN_TEXT


def phase_groups(analysis: Analysis, opts: RenderOptions) -> list[tuple[str, ...]]:
    bp = analysis.blueprint
    """The phases of each page, in order; one group of all phases when the whole fits."""
    wanted = [p.id for p in bp.phases if not opts.phases or p.id in opts.phases]
    shown = {s.phase for s in bp.steps if not opts.lanes or s.lane in opts.lanes}
    wanted = [p for p in wanted if p in shown]
    if len(wanted) < 2 or _fits(analysis, opts, opts.phases):
        return [opts.phases]
    groups: list[tuple[str, ...]] = []
    current: list[str] = []
    for phase in wanted:
        if current and not _fits(analysis, opts, (*current, phase)):
            groups.append(tuple(current))
            current = []
        current.append(phase)
    groups.append(tuple(current))
    return groups


#: a page of the output: its phases, whether its drawing lists its callouts, and the callouts
#: listed on a page of their own (a page with no drawing) when not empty
Page = tuple[tuple[str, ...], bool, tuple["Callout", ...]]


def page_plan(analysis: Analysis, opts: RenderOptions) -> tuple[list[Page], int]:
    """The pages of a fitted render, and the number of drawings among them.

    With ``--callouts`` each page lists its own failures under its legend, as long as every
    page still fits with its list; otherwise no page lists them, the phases are grouped for
    the drawings alone, and the numbered failures follow on pages of their own at the end.
    """
    from blueprint.render.callouts import chunks
    from blueprint.render.layout import build_diagram

    groups = phase_groups(analysis, opts)
    if not opts.callouts or all(_fits(analysis, opts, g) for g in groups):
        return [(g, opts.callouts, ()) for g in groups], len(groups)
    groups = phase_groups(analysis, replace(opts, callouts=False))
    items = build_diagram(analysis, phases=opts.phases, lanes=opts.lanes, risk=opts.risk).callouts
    pages: list[Page] = [(g, False, ()) for g in groups]
    return pages + [(opts.phases, False, chunk) for chunk in chunks(items, opts)], len(groups)


def _part(analysis: Analysis, opts: RenderOptions, page: Page, number: int, total: int) -> str:
    """``page 2 of 3: Track`` for a drawing, ``page 3 of 3: failures F4–F9`` for a list."""
    group, _, listed = page
    lang = opts.lang
    if listed:
        first, last = listed[0].ref, listed[-1].ref
        refs = first if first == last else f"{first}–{last}"
        return t("render.page.list", lang, page=number, pages=total, refs=refs)
    titles = {p.id: p.title for p in analysis.blueprint.phases}
    shown = group or tuple(p for p in titles if not opts.phases or p in opts.phases)
    names = ", ".join(titles[p] for p in shown if p in titles)
    if not names:
        return t("render.page.bare", lang, page=number, pages=total)
    return t("render.page", lang, page=number, pages=total, phases=names)


def render_pages(analysis: Analysis, opts: RenderOptions) -> Pages:
    """The files of a render: one, or one per page of a split fitted diagram (PDF: one file)."""
    from blueprint.render import render

    if opts.fit == "none":
        return Pages((render(analysis, opts),))
    plan, drawings = page_plan(analysis, opts)
    files = []
    for i, page in enumerate(plan, start=1):
        group, listing, listed = page
        part = _part(analysis, opts, page, i, len(plan)) if len(plan) > 1 else ""
        if listed:
            data = _list_page(analysis, replace(opts, phases=group, part=part), listed)
        else:
            data = render(analysis, replace(opts, phases=group, part=part, callouts=listing))
        files.append(on_page(data, opts.fit) if opts.fmt == "svg" else data)
    notes = []
    if drawings > 1:
        notes.append(t("render.split", opts.lang, page=opts.fit, size=f"{MIN_TEXT:g}", pages=drawings))
    elif not _fits(analysis, replace(opts, callouts=plan[0][1]), opts.phases):
        notes.append(t("render.nosplit", opts.lang, page=opts.fit, size=f"{MIN_TEXT:g}"))
    if len(plan) > drawings:
        notes.append(
            t("render.listed", opts.lang, page=opts.fit, size=f"{MIN_TEXT:g}", pages=len(plan) - drawings)
        )
    if opts.fmt == "pdf" and len(files) > 1:
        return Pages((merge_pdf(files),), "\n".join(notes))
    return Pages(tuple(files), "\n".join(notes))


def _list_page(analysis: Analysis, opts: RenderOptions, items: tuple[Callout, ...]) -> bytes:
    """A page of ``items`` (numbered failures) with the title block, in ``opts.fmt``."""
    from blueprint.render.callouts import callouts_page
    from blueprint.render.graphviz import draw
    from blueprint.render.layout import build_diagram

    diagram = build_diagram(analysis, phases=opts.phases, lanes=opts.lanes, risk=opts.risk)
    return draw(callouts_page(diagram, opts, items), opts.fmt, dpi=opts.dpi, font=opts.font)


def merge_pdf(files: list[bytes]) -> bytes:
    """One PDF of the pages of ``files``, in order, with fixed metadata (the same bytes each time)."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    for data in files:
        writer.append(io.BytesIO(data))
    writer.add_metadata({"/Producer": "blueprint", "/CreationDate": "D:19700101000000Z"})
    writer._ID = None  # no random file identifier: the same pages give the same bytes
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def page_paths(target: str, count: int) -> list[str]:
    """``out.png`` for one page; ``out-p1.png``, ``out-p2.png``... for several."""
    if count == 1:
        return [target]
    stem, dot, suffix = target.rpartition(".")
    if not dot or "/" in suffix:
        stem, suffix = target, ""
    return [f"{stem}-p{i}{'.' + suffix if suffix else ''}" for i in range(1, count + 1)]


def write_pages(target: str, files: tuple[bytes, ...], inputs: Sequence[str] = ()) -> list[str]:
    """Write each page atomically, never over one of ``inputs``; the paths written."""
    from blueprint.common.io import write_atomic

    paths = page_paths(target, len(files))
    for path, data in zip(paths, files, strict=True):
        write_atomic(path, data, inputs=inputs)
    return paths


def git_date(path: str) -> str:
    """The date (YYYY-MM-DD) of the last commit that changed ``path``."""
    import os
    import shutil
    import subprocess

    git = shutil.which("git")
    if git is None:
        raise BlueprintError.worded(msg("render.error.no_git"))
    folder = os.path.dirname(os.path.abspath(path))
    try:
        done = subprocess.run(
            [git, "log", "-1", "--format=%cs", "--", os.path.basename(path)],
            cwd=folder,
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        raise BlueprintError.worded(msg("render.error.git_failed"), path) from None
    date = done.stdout.decode("utf-8", "replace").strip()
    if done.returncode != 0 or not re.match(r"^\d{4}-\d{2}-\d{2}$", date):
        raise BlueprintError.worded(msg("render.error.no_commit"), path)
    return date

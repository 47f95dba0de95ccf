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


def render_pages(analysis: Analysis, opts: RenderOptions) -> Pages:
    """The files of a render: one, or one per page of a split fitted diagram (PDF: one file)."""
    from blueprint.render import render

    bp = analysis.blueprint
    if opts.fit == "none":
        return Pages((render(analysis, opts),))
    groups = phase_groups(analysis, opts)
    titles = {p.id: p.title for p in bp.phases}
    files = []
    for i, group in enumerate(groups, start=1):
        page = opts
        if len(groups) > 1:
            names = ", ".join(titles[p] for p in group)
            page = replace(
                opts, phases=group, part=t("render.page", opts.lang, page=i, pages=len(groups), phases=names)
            )
        data = render(analysis, page)
        files.append(on_page(data, opts.fit) if opts.fmt == "svg" else data)
    note = ""
    if len(groups) > 1:
        note = t("render.split", opts.lang, page=opts.fit, size=f"{MIN_TEXT:g}", pages=len(groups))
    elif not _fits(analysis, opts, opts.phases):
        note = t("render.nosplit", opts.lang, page=opts.fit, size=f"{MIN_TEXT:g}")
    if opts.fmt == "pdf" and len(files) > 1:
        return Pages((merge_pdf(files),), note)
    return Pages(tuple(files), note)


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

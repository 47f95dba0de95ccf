"""Diagrams for a page (``render --fit``) and the F-numbers they mark.

Font sizes and the page size are read from the SVG Graphviz wrote: the drawing's
viewBox is fitted into the page (``width``/``height`` in pt), so a text of size s is
s x scale points on paper. The numbers on the diagram are compared with the FMEA
table's (``fmea --format json``), which numbers failures by its own ranking.
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from blueprint.cli.main import cli
from tests.conftest import EXAMPLES, JOURNEYS

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")

SVG = "{http://www.w3.org/2000/svg}"
PAGES = {"slide": (960.0, 540.0), "a4": (841.89, 595.28)}  # landscape, points


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _pages(out: Path) -> list[Path]:
    if out.exists():
        return [out]
    return sorted(out.parent.glob(f"{out.stem}-p*.svg"), key=lambda p: int(p.stem.rsplit("-p", 1)[1]))


def _texts_on_paper(svg: Path) -> tuple[tuple[float, float], list[tuple[str, float]]]:
    root = ET.parse(svg).getroot()
    width, height = (float(root.get(k, "0").removesuffix("pt")) for k in ("width", "height"))
    _, _, vw, vh = (float(v) for v in root.get("viewBox", "").split())
    scale = min(width / vw, height / vh)
    texts = [
        ("".join(e.itertext()), float(e.get("font-size", "14")) * scale) for e in root.iter(f"{SVG}text")
    ]
    return (width, height), texts


@pytest.mark.parametrize("callouts", [False, True], ids=["plain", "callouts"])
@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize("example", JOURNEYS, ids=[p.name for p in JOURNEYS])
def test_every_text_is_10_pt_or_more_on_the_page(
    tmp_path: Path, example: Path, page: str, callouts: bool
) -> None:
    out = tmp_path / "d.svg"
    _run("render", str(example), "--fit", page, "-o", str(out), *(["--callouts"] if callouts else []))
    pages = _pages(out)
    assert pages, "no page written"
    seen: list[str] = []
    for svg in pages:
        size, texts = _texts_on_paper(svg)
        assert size == pytest.approx(PAGES[page], abs=0.5)
        assert texts
        small = [(text, round(pt, 2)) for text, pt in texts if pt < 10 - 1e-6]
        assert not small, f"{svg.name}: text under 10 pt on the page: {small[:5]}"
        seen += [text for text, _ in texts]
    # every step of the file is on one of the pages, and with --callouts every failure is listed
    data = json.loads(_run("fmea", str(example), "--format", "json"))
    for failure in data["failures"]:
        for cause in failure["causes"]:
            assert any(cause["ref"] in text for text in seen), cause["ref"]
            if callouts:
                first = "".join(failure["mode"].split())[:6]  # the list wraps the mode's text
                assert any(text == cause["ref"] for text in seen), cause["ref"]
                assert first in "".join("".join(seen).split()), failure["mode"]


def test_callouts_that_do_not_fit_beside_the_drawings_follow_on_pages_of_their_own(tmp_path: Path) -> None:
    example = next(p for p in EXAMPLES if p.name.startswith("telecom"))
    plain, listed = tmp_path / "plain.svg", tmp_path / "listed.svg"
    _run("render", str(example), "--fit", "slide", "--lang", "en", "-o", str(plain))
    args = ["render", str(example), "--fit", "slide", "--callouts", "--lang", "en", "-o", str(listed)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    drawings, pages = _pages(plain), _pages(listed)
    assert len(pages) > len(drawings)
    assert "listed on" in result.output and "of their own, at the end" in result.output
    data = json.loads(_run("fmea", str(example), "--format", "json"))
    refs = sorted((c["ref"] for f in data["failures"] for c in f["causes"]), key=lambda r: int(r[1:]))
    lists = pages[len(drawings) :]
    listed_refs = []
    for i, svg in enumerate(lists, start=len(drawings) + 1):
        _, texts = _texts_on_paper(svg)
        listed_refs += [text for text, _ in texts if re.fullmatch(r"F\d+", text)]
        assert any(f"page {i} of {len(pages)}: failures" in text for text, _ in texts)
        assert not ET.parse(svg).getroot().findall(f".//{SVG}g[@class='node']/{SVG}polygon")  # no drawing
    assert listed_refs == refs  # every failure once, in number order


def test_a_split_is_said_and_numbered(tmp_path: Path) -> None:
    from pypdf import PdfReader

    example = next(p for p in EXAMPLES if p.name.startswith("telecom"))
    args = ["render", str(example), "--fit", "slide", "--lang", "en", "-o", str(tmp_path / "t.png")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in tmp_path.iterdir())
    assert len(files) >= 2 and files == [f"t-p{i}.png" for i in range(1, len(files) + 1)]
    assert f"split by phase into {len(files)} pages" in result.output
    pdf = tmp_path / "t.pdf"
    _run("render", str(example), "--fit", "slide", "-o", str(pdf))
    assert len(PdfReader(pdf).pages) == len(files)  # one PDF, a page per part
    again = tmp_path / "again.pdf"
    _run("render", str(example), "--fit", "slide", "-o", str(again))
    assert again.read_bytes() == pdf.read_bytes()  # the same pages give the same bytes


def _step_marks(svg: Path) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Step id -> the F-numbers of its fail mark, and -> those of its felt mark (◎)."""
    root = ET.parse(svg).getroot()
    own: dict[str, list[str]] = {}
    felt: dict[str, list[str]] = {}
    for g in root.iter(f"{SVG}g"):
        gid = g.get("id", "")
        if not gid.startswith("step-") or g.get("class") != "node":
            continue
        step = gid.removeprefix("step-")
        for e in g.iter(f"{SVG}text"):
            text = "".join(e.itertext())
            if text.startswith("⚠"):
                own[step] = re.findall(r"F\d+", text)
            elif text.startswith("◎"):
                felt[step] = re.findall(r"F\d+", text)
    return own, felt


@pytest.mark.parametrize("example", JOURNEYS, ids=[p.name for p in JOURNEYS])
@pytest.mark.parametrize("fit", ["none", "slide"])
def test_f_numbers_on_the_diagram_match_the_table(tmp_path: Path, example: Path, fit: str) -> None:
    out = tmp_path / "d.svg"
    _run("render", str(example), "--fit", fit, "-o", str(out))
    own: dict[str, list[str]] = {}
    felt: dict[str, list[str]] = {}
    for page in _pages(out):  # a step on several pages (a shared system) has the same marks on each
        page_own, page_felt = _step_marks(page)
        for marks, found in ((own, page_own), (felt, page_felt)):
            for step, refs in found.items():
                assert marks.setdefault(step, refs) == refs, step
    data = json.loads(_run("fmea", str(example), "--format", "json"))
    rows = data["failures"]
    # every failure chain (a failure without causes is one) has a number, F1 to Fn
    chains = [(f, c["ref"]) for f in rows for c in f["causes"]]
    assert sorted(int(r[1:]) for _, r in chains) == list(range(1, len(chains) + 1))
    expected: dict[str, list[str]] = {}
    expected_felt: dict[str, list[str]] = {}
    for f, ref in chains:
        expected.setdefault(f["step"], []).append(ref)
        for where in f["surfaces_at"]:
            if where != f["step"]:
                expected_felt.setdefault(where, []).append(ref)
    for marks, wanted in ((own, expected), (felt, expected_felt)):
        assert set(marks) == set(wanted)
        for step, refs in wanted.items():
            refs = sorted(refs, key=lambda r: int(r[1:]))
            shown = refs if len(refs) <= 4 else refs[:3]  # the rest are counted: "+2"
            assert marks[step] == shown, step


def test_a_shared_step_gets_a_used_by_mark_on_a_page_instead_of_its_lines() -> None:
    from blueprint.analysis.core import Analysis
    from blueprint.load.loader import load_blueprint
    from blueprint.render import RenderOptions, to_dot_text

    example = next(p for p in EXAMPLES if p.name.startswith("telecom"))
    analysis = Analysis(load_blueprint(str(example)))
    # crm-case is used by four steps (the file's `uses:` lists, counted by hand)
    screen = to_dot_text(analysis, RenderOptions(fmt="dot", lang="en"))
    page = to_dot_text(analysis, RenderOptions(fmt="dot", lang="en", fit="slide"))
    from_crm = re.compile(r'^\s*"s\.crm-case" -> .*style="dashed"', re.M)
    assert len(from_crm.findall(screen)) == 4  # on a screen the lines stay, leaving it together
    assert 'sametail="u.crm-case"' in screen
    assert not from_crm.findall(page)  # on a page they give way to the mark
    assert "⇡ used by 4 steps" in page
    assert not re.findall(r'^\s*"s\.sim-provisioning" -> .*style="dashed"', page, re.M)
    # the tooltip names the steps that use it, by title
    node = next(line for line in page.splitlines() if line.strip().startswith('"s.crm-case" ['))
    assert "used by 4 steps: " in node

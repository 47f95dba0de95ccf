"""``blueprint deck``: opened with python-pptx, converted by LibreOffice Impress, read back with pdftotext.

The expected slides come from the FMEA table (``fmea --format json``) and from the
diagram's own page count (``render --fit slide``), not from the deck code.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from blueprint.cli.main import cli
from tests.conftest import EXAMPLES, JOURNEYS

pptx = pytest.importorskip("pptx")
pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")


CONVERT = ("--convert-to", "pdf", "--outdir")


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail(f"{name} is missing: scripts/system-deps.sh --with-browser installs it")
    pytest.skip(f"{name} is not installed")


@pytest.fixture(scope="module")
def decks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("decks")
    out = {}
    for example in JOURNEYS:
        target = folder / (example.name.split(".")[0] + ".pptx")
        _run("deck", str(example), "-o", str(target))
        out[example.name] = target
    return out


def _texts(slide: object) -> list[str]:
    return [s.text_frame.text for s in slide.shapes if s.has_text_frame]  # type: ignore[attr-defined]


def _table(slide: object) -> list[list[str]]:
    for shape in slide.shapes:  # type: ignore[attr-defined]
        if shape.has_table:
            return [[c.text for c in row.cells] for row in shape.table.rows]
    return []


@pytest.mark.parametrize("example", JOURNEYS, ids=[p.name for p in JOURNEYS])
def test_the_deck_has_the_expected_slides(decks: dict[str, Path], example: Path, tmp_path: Path) -> None:
    deck = pptx.Presentation(str(decks[example.name]))
    slides = list(deck.slides)
    data = json.loads(_run("fmea", str(example), "--format", "json"))
    rows = data["failures"]
    # the title slide names the blueprint
    assert any(data["blueprint"] in text for text in _texts(slides[0]))
    # then the diagram, as many slides as render --fit slide writes pages
    _run("render", str(example), "--fit", "slide", "-o", str(tmp_path / "d.png"))
    pages = len(list(tmp_path.glob("d*.png")))
    pictures = [s for s in slides if any(sh.shape_type == 13 for sh in s.shapes)]
    assert len(pictures) == pages and slides[1 : 1 + pages] == pictures
    # the top 10 failures, in the table's order, with its F-numbers, over one or more slides
    tables = [_table(s) for s in slides[1 + pages :]]
    refs = [r[0] for t in tables if t and t[0][0] == "#" for r in t[1:] if r[0].startswith("F")]
    chains = sorted(((int(c["ref"][1:]), c["ref"], f) for f in rows for c in f["causes"]), key=lambda x: x[0])
    top = [ref for _, ref, _ in chains[:10]]
    assert refs[: len(top)] == top
    first_rows = [r for t in tables for r in t[1:] if r[0] in top][: len(top)]
    for row, (_, _, f) in zip(first_rows, chains[:10], strict=True):
        assert row[1].split("\n")[0] == f["mode"]
    # a money slide (the last) exactly when the file has economics; telecom's total is the FMEA summary's
    has_money = any(f["at_risk"] is not None for f in rows)
    last = " ".join(_texts(slides[-1]))
    assert (("Money at risk" in last) or ("風險金額" in last)) == has_money
    if has_money:
        # the JSON rounds each failure to the cent, the deck sums before rounding: one unit apart at most
        total = sum(f["at_risk"] for f in rows)
        assert any(f"{round(total) + d:,}" in last for d in (-1, 0, 1)), (total, last)
    # text is never below 12 pt in the tables, and names the CJK font for East Asian text
    for slide in slides:
        for shape in slide.shapes:
            if not shape.has_table:
                continue
            for row in shape.table.rows:
                for cell in row.cells:
                    for para in cell.text_frame.paragraphs:
                        for run in para.runs:
                            assert run.font.size.pt >= 12
                            ea = run._r.find(".//{http://schemas.openxmlformats.org/drawingml/2006/main}ea")
                            assert ea is not None and ea.get("typeface") == "Noto Sans CJK TC"


def test_the_same_file_gives_the_same_bytes(decks: dict[str, Path], tmp_path: Path) -> None:
    example = EXAMPLES[0]
    again = tmp_path / "again.pptx"
    _run("deck", str(example), "-o", str(again))
    assert again.read_bytes() == decks[example.name].read_bytes()
    with zipfile.ZipFile(again) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_rows_go_on_to_further_slides_rather_than_shrink(tmp_path: Path) -> None:
    failures = "".join(
        f"      - {{id: f{i}, mode: 'Failure mode number {i} with a long description of what goes wrong "
        f"and why the customer notices it', severity: {10 - i % 9}, occurrence: 5, detection: 5}}\n"
        for i in range(30)
    )
    path = tmp_path / "many.blueprint.yaml"
    path.write_text(
        "blueprint: 1\ntitle: Many\nsteps:\n  - id: a\n    lane: backstage\n    title: A\n"
        f"    failures:\n{failures}",
        encoding="utf-8",
    )
    _run("deck", str(path), "-o", str(tmp_path / "m.pptx"), "--top", "30")
    deck = pptx.Presentation(str(tmp_path / "m.pptx"))
    tables = [_table(s) for s in deck.slides if _table(s)]
    refs = [r[0] for t in tables for r in t[1:]]
    assert len(tables) >= 3  # 30 two-line rows do not fit one slide at 12 pt
    assert refs[:30] == [f"F{i}" for i in range(1, 31)]  # one chain each: F1..F30 in order


def test_libreoffice_opens_every_deck(decks: dict[str, Path], tmp_path: Path) -> None:
    soffice = _tool("soffice")
    pdftotext = _tool("pdftotext")
    pdfinfo = _tool("pdfinfo")
    files = [str(p) for p in decks.values()]
    profile = tmp_path / "lo-profile"
    done = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", *CONVERT, str(tmp_path), *files],
        capture_output=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    for example in JOURNEYS:
        deck = decks[example.name]
        pdf = tmp_path / (deck.stem + ".pdf")
        info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, check=True).stdout.decode()
        pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
        assert pages == len(pptx.Presentation(str(deck)).slides)
        text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, check=True).stdout.decode()
        flat = "".join(text.split())
        data = json.loads(_run("fmea", str(example), "--format", "json"))
        chains = sorted((int(c["ref"][1:]), f["mode"]) for f in data["failures"] for c in f["causes"])
        for _, mode in chains[:10]:
            assert "".join(mode.split()) in flat, mode

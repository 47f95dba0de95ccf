"""The pictures the README and docs show are today's: ``scripts/docs-images.sh`` makes each one.

Every image a page names must exist and be written by the script; the SVG diagrams must
be byte for byte what ``blueprint render`` draws now, and each diagram PNG must have the
size of a fresh render (the same layout). Decks and the report screenshot go through
LibreOffice and Chromium, so only their presence and their part in the script are checked.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from blueprint.cli.main import cli
from tests.conftest import ROOT
from tests.helpers import needs_dot

IMAGES = ROOT / "docs" / "images"
SCRIPT = ROOT / "scripts" / "docs-images.sh"
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
TELECOM = "examples/telecom-sim-swap.blueprint.yaml"
FEDEX = "examples/fedex-tracking.blueprint.yaml"

#: committed SVG -> the render arguments that make it
SVGS = {"telecom-sim-swap.svg": [TELECOM], "fedex-tracking.svg": [FEDEX]}
#: committed PNG -> the render arguments (and the page a split render names) that make it
PNGS = {
    "telecom-sim-swap.png": ([TELECOM], ""),
    "telecom-sim-swap.dark.png": ([TELECOM, "--theme", "dark"], ""),
    "fedex-tracking.png": ([FEDEX], ""),
    "telecom-sim-swap.slide-p1.png": ([TELECOM, "--fit", "slide", "--dpi", "96"], "-p1"),
}


def _shown() -> set[str]:
    """Every file of docs/images/ a page of the docs or the README shows or names."""
    found = set()
    for page in PAGES:
        found |= set(re.findall(r"images/([A-Za-z0-9_.-]+\.(?:png|svg))", page.read_text(encoding="utf-8")))
    return found


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_every_picture_the_docs_show_exists_and_the_script_makes_it() -> None:
    script = SCRIPT.read_text(encoding="utf-8")
    shown = _shown()
    assert {"telecom-sim-swap.png", "telecom-sim-swap.slide-p1.png", "deck-fedex-funded.png"} <= shown
    for name in sorted(shown):
        assert (IMAGES / name).exists(), name
        stem = name.removesuffix("-p1.png").removesuffix(".png").removesuffix(".svg")
        assert stem.split(".")[0] in script or name in script, f"{name}: not made by {SCRIPT.name}"
    # and nothing in docs/images/ that no page shows
    assert sorted(p.name for p in IMAGES.iterdir()) == sorted(shown)


@needs_dot
@pytest.mark.parametrize("name", sorted(SVGS))
def test_the_committed_svg_is_todays_render(tmp_path: Path, name: str) -> None:
    out = tmp_path / name
    result = CliRunner().invoke(cli, ["render", *[str(ROOT / SVGS[name][0])], "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == (IMAGES / name).read_bytes(), f"run scripts/docs-images.sh: {name} is stale"


@needs_dot
@pytest.mark.parametrize("name", sorted(PNGS))
def test_the_committed_png_has_the_size_of_todays_render(tmp_path: Path, name: str) -> None:
    args, page = PNGS[name]
    out = tmp_path / "d.png"
    result = CliRunner().invoke(cli, ["render", str(ROOT / args[0]), *args[1:], "-o", str(out)])
    assert result.exit_code == 0, result.output
    made = tmp_path / f"d{page}.png"
    fresh = _png_size(made.read_bytes())
    assert _png_size((IMAGES / name).read_bytes()) == fresh, f"run scripts/docs-images.sh: {name} is stale"

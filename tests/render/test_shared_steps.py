"""Steps included from shared files (``include:``) on the diagram: in the support lane, marked.

A shared step is drawn across all phases in the support lane, whatever its own lane,
with a ``⇄ shared: NAME`` line, the file's name in its tooltip, and a legend entry only
when the picture has one; an included step the journey does not use is not drawn. The
hand-built cases mark steps of a plain file as shared (``dataclasses.replace``); the
end-to-end ones render a journey that includes a shared file.
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from blueprint.analysis.core import Analysis
from blueprint.cli.main import cli
from blueprint.load.loader import load_blueprint
from blueprint.model import Blueprint
from blueprint.render import RenderOptions, render, to_dot_text
from blueprint.render.layout import build_diagram
from tests.conftest import ROOT

SMALL = ROOT / "tests" / "golden" / "render" / "small.blueprint.yaml"
VISIT = ROOT / "tests" / "data" / "shared" / "visit.blueprint.yaml"
SVG = "{http://www.w3.org/2000/svg}"
LEGEND = "shared system, from an included file"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")


def _shared(bp: Blueprint, ids: dict[str, str], lane: str | None = None) -> Blueprint:
    """``bp`` with the steps ``ids`` (id -> shared file) marked as included from those files."""
    steps = tuple(
        replace(s, shared_from=ids[s.id], lane=lane or s.lane) if s.id in ids else s for s in bp.steps
    )
    return replace(bp, steps=steps)


def test_a_shared_step_is_marked_in_dot_with_its_file_in_the_tooltip() -> None:
    bp = _shared(load_blueprint(str(SMALL)), {"pos": "shared/shop-systems.blueprint.yaml"})
    dot = to_dot_text(Analysis(bp), RenderOptions(fmt="dot"))
    node = next(line for line in dot.splitlines() if line.strip().startswith('"s.pos" ['))
    assert "⇄ shop-systems" in node
    assert "shared, from shop-systems.blueprint.yaml" in node  # the file's name, not its folders
    assert "shared/shop" not in node
    assert LEGEND in dot
    # the same file without a shared step: no mark, no legend entry
    plain = to_dot_text(Analysis(load_blueprint(str(SMALL))), RenderOptions(fmt="dot"))
    assert "⇄" not in plain and LEGEND not in plain


def test_a_shared_step_is_drawn_in_the_support_lane_across_all_phases() -> None:
    bp = load_blueprint(str(SMALL))
    # the barista's step, as if it came from a shared file (a shared backstage step)
    marked = _shared(bp, {"brew": "kitchen.blueprint.yaml"})
    d = build_diagram(Analysis(marked))
    brew = next(s for s in d.steps if s.id == "brew")
    assert brew.lane == "support" and brew.phase is None
    assert d.band == ("brew",)  # the row of shared systems, across every phase
    # a page of one phase still shows it, as it shows every shared system
    assert "brew" in {s.id for s in build_diagram(Analysis(marked), phases=["order"]).steps}
    # --lane backstage no longer shows it; --lane support does
    assert "brew" not in {
        s.id for s in build_diagram(Analysis(marked), lanes=["frontstage", "backstage"]).steps
    }
    assert "brew" in {s.id for s in build_diagram(Analysis(marked), lanes=["support"]).steps}


def test_an_included_step_the_journey_does_not_use_is_not_drawn() -> None:
    bp = load_blueprint(str(SMALL))
    extra = replace(bp.steps[-1], id="printer", title="Label printer", uses=(), next=(), failures=())
    bp = replace(bp, steps=(*bp.steps, extra))
    marked = _shared(bp, {"pos": "s.blueprint.yaml", "printer": "s.blueprint.yaml"})
    shown = {s.id for s in build_diagram(Analysis(marked)).steps}
    assert "pos" in shown and "printer" not in shown
    # the same step as the file's own is drawn
    assert "printer" in {s.id for s in build_diagram(Analysis(bp)).steps}


def test_a_page_of_some_phases_draws_the_shared_steps_those_phases_use() -> None:
    bp = load_blueprint(str(SMALL))
    # pos serves take-order (phase order) and brew (phase pickup); kiosk serves nothing
    kiosk = replace(bp.steps[-1], id="kiosk", title="Kiosk", uses=(), next=(), failures=())
    brew = next(s for s in bp.steps if s.id == "brew")
    bp = replace(
        bp, steps=tuple(replace(s, uses=(*s.uses, "kiosk")) if s is brew else s for s in (*bp.steps, kiosk))
    )
    marked = _shared(bp, {"pos": "shop.blueprint.yaml", "kiosk": "shop.blueprint.yaml"})
    assert {"pos", "kiosk"} <= {s.id for s in build_diagram(Analysis(marked)).steps}
    order = {s.id for s in build_diagram(Analysis(marked), phases=["order"]).steps}
    pickup = {s.id for s in build_diagram(Analysis(marked), phases=["pickup"]).steps}
    assert "pos" in order and "kiosk" not in order  # only brew, in pickup, uses the kiosk
    assert {"pos", "kiosk"} <= pickup


@pytest.mark.parametrize("form", ["flowchart", "swimlane"])
def test_both_mermaid_forms_mark_a_shared_step_in_the_support_lane(form: str) -> None:
    bp = _shared(load_blueprint(str(SMALL)), {"brew": "kitchen.blueprint.yaml"})
    text = render(Analysis(bp), RenderOptions(fmt="mermaid", mermaid=form)).decode("utf-8")
    support = text.split('subgraph lane_support["Support processes"]', 1)[1].split("  end", 1)[0]
    assert "s_brew[" in support and "⇄ shared, from kitchen" in support  # no legend: in words
    backstage = text.split('subgraph lane_backstage["Backstage"]', 1)
    assert len(backstage) == 1 or "s_brew[" not in backstage[1].split("  end", 1)[0]


@needs_dot
def test_the_svg_of_a_journey_that_includes_a_shared_file(tmp_path: Path) -> None:
    out = tmp_path / "visit.svg"
    result = CliRunner().invoke(cli, ["render", str(VISIT), "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    root = ET.parse(out).getroot()
    steps = {g.get("id"): g for g in root.iter(f"{SVG}g") if (g.get("id") or "").startswith("step-")}
    # crm serves the journey's greet step; the payment gateway is included but unused
    assert set(steps) == {"step-arrive", "step-greet", "step-crm"}
    texts = ["".join(t.itertext()) for t in steps["step-crm"].iter(f"{SVG}text")]
    assert "⇄ systems" in texts
    tips = [a.get("{http://www.w3.org/1999/xlink}title", "") for a in steps["step-crm"].iter(f"{SVG}a")]
    assert any("shared, from systems.blueprint.yaml" in tip for tip in tips)
    every = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert LEGEND in every
    # drawn in the support lane's row below the journey's steps
    y = {
        k: float(re.findall(r"y=\"([-0-9.]+)\"", ET.tostring(g, encoding="unicode"))[0])
        for k, g in steps.items()
    }
    assert y["step-crm"] > y["step-greet"] > y["step-arrive"]


@needs_dot
@pytest.mark.parametrize("suffix", ["png", "pdf"])
def test_png_and_pdf_of_a_journey_that_includes_a_shared_file(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"visit.{suffix}"
    result = CliRunner().invoke(cli, ["render", str(VISIT), "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"\x89PNG" if suffix == "png" else b"%PDF")
    if suffix == "pdf":
        from pypdf import PdfReader

        text = "".join(page.extract_text() for page in PdfReader(out).pages)
        assert "⇄ systems" in text and "Customer records" in text and "Payment gateway" not in text


@pytest.mark.parametrize("form", ["flowchart", "swimlane"])
def test_the_mermaid_of_a_journey_that_includes_a_shared_file(form: str) -> None:
    args = ["render", str(VISIT), "--format", "mermaid", "--mermaid", form, "-o", "-"]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    support = result.output.split('subgraph lane_support["Support processes"]', 1)[1].split("  end", 1)[0]
    assert "s_crm[" in support and "⇄ shared, from systems" in support
    assert "s_pay_2d_gw" not in result.output

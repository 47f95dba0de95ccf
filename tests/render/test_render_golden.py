"""Golden files for ``blueprint render``: a small crafted blueprint as DOT and Mermaid.

The files live in tests/golden/render/. After an intended change to the drawing,
regenerate them with::

    BLUEPRINT_REGEN=1 .venv/bin/pytest tests/render/test_render_golden.py

and review the diff (render the DOT to PNG and look at it) before committing.
"""

from __future__ import annotations

import pytest

from blueprint.analysis.core import Analysis
from blueprint.load.loader import load_blueprint
from blueprint.render import RenderOptions, render
from tests.conftest import GOLDEN, assert_golden

SMALL = GOLDEN / "render" / "small.blueprint.yaml"
GOLDEN = GOLDEN / "render"

CASES = {
    "small.dot": RenderOptions(fmt="dot"),
    "small.plain.dot": RenderOptions(fmt="dot", risk=False),
    "small.dark.rpn.zh-TW.dot": RenderOptions(fmt="dot", theme="dark", label="rpn", lang="zh-TW"),
    "small.mmd": RenderOptions(fmt="mermaid"),
    "small.zh-TW.mmd": RenderOptions(fmt="mermaid", lang="zh-TW"),
    "small.pickup.frontstage.dot": RenderOptions(fmt="dot", phases=("pickup",), lanes=("frontstage",)),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str) -> None:
    assert_golden(
        GOLDEN / name, render(Analysis(load_blueprint(str(SMALL), "small.blueprint.yaml")), CASES[name])
    )


def test_golden_mermaid_reads_like_the_blueprint() -> None:
    """What the golden Mermaid pins, said in words."""
    text = (GOLDEN / "small.mmd").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    subgraphs = [ln.strip() for ln in lines if ln.strip().startswith("subgraph")]
    assert subgraphs == [
        'subgraph lane_customer["Customer actions"]',
        'subgraph lane_frontstage["Frontstage"]',
        'subgraph lane_backstage["Backstage"]',
        'subgraph lane_support["Support processes"]',
    ]
    assert "  s_order_2d_app --> s_take_2d_order" in lines
    assert "  s_pos -.-> s_take_2d_order" in lines  # take-order uses pos
    assert "  class s_call_2d_name apH" in lines  # S7 O5 D7 is H
    assert "  class s_take_2d_order apM" in lines  # S6 O6 D6 is M ...
    assert "⚠ F2 M→L" in text  # ... and L after its done action (S6 O2 D3)
    assert "wait 6m #62; 3m" in text


def test_golden_dot_reads_like_the_blueprint() -> None:
    text = (GOLDEN / "small.dot").read_text(encoding="utf-8")
    assert text.startswith("digraph blueprint {\n")
    assert "newrank=false" not in text
    assert 'newrank="true"' in text
    assert '"s.order-app" -> "s.take-order" [weight=0' in text
    assert '"s.pos" -> "s.take-order" [weight=0, style="dashed"' in text
    for lane in ("Physical evidence", "Customer actions", "Frontstage", "Backstage", "Support processes"):
        assert f"<B>{lane.split()[0]}" in text or f"<B>{lane}</B>" in text
    for line in ("Line of interaction", "Line of visibility", "Line of internal"):
        assert line in text

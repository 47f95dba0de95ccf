"""``blueprint render``: every example (those including shared files too) in every format, the
layout, risk marks, filters, outputs and what happens without Graphviz."""

from __future__ import annotations

import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from blueprint.analysis.core import Analysis
from blueprint.load.loader import load_blueprint, load_bytes, require_valid
from blueprint.model import Blueprint, Step
from blueprint.render import RenderOptions, render
from blueprint.render.layout import build_diagram, step_risk
from tests.conftest import EXAMPLES, GOLDEN, JOURNEYS
from tests.helpers import code_and_output, needs_dot, run_blueprint

SMALL = GOLDEN / "render" / "small.blueprint.yaml"
SVG = "{http://www.w3.org/2000/svg}"
MAGIC = {"svg": b"<?xml", "png": b"\x89PNG\r\n\x1a\n", "pdf": b"%PDF-"}


# --- every example, every format ----------------------------------------------------------


@needs_dot
@pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
@pytest.mark.parametrize("example", JOURNEYS, ids=lambda p: p.name.split(".")[0])
def test_each_example_renders(tmp_path: Path, example: Path, fmt: str) -> None:
    out = tmp_path / f"x.{fmt}"
    code, output = code_and_output("render", str(example), "-o", str(out))
    assert code == 0, output
    data = out.read_bytes()
    assert data.startswith(MAGIC[fmt])
    assert len(data) > 20_000


@pytest.mark.parametrize("fmt,suffix", [("dot", ".dot"), ("mermaid", ".mmd")])
@pytest.mark.parametrize("example", JOURNEYS, ids=lambda p: p.name.split(".")[0])
def test_each_example_renders_as_text_without_graphviz(example: Path, fmt: str, suffix: str) -> None:
    text = render(Analysis(load_blueprint(str(example))), RenderOptions(fmt=fmt)).decode("utf-8")
    bp = load_blueprint(str(example))
    for step in bp.steps:
        shown = f"step-{step.id}" in text or f"s_{step.id.replace('-', '_2d_')}" in text
        assert shown == (step in _drawn(bp)), step.id


def _drawn(bp: Blueprint) -> list[Step]:
    """The file's own steps, and the steps of included shared files they use, directly or
    through another shared step: an included system the journey does not use is not drawn."""
    index = {s.id: s for s in bp.steps}
    used: set[str] = set()
    todo = [r for s in bp.steps if s.shared_from is None for r in (*s.uses, *s.next)]
    while todo:
        ref = todo.pop()
        if ref in index and index[ref].shared_from is not None and ref not in used:
            used.add(ref)
            todo += [*index[ref].uses, *index[ref].next]
    return [s for s in bp.steps if s.shared_from is None or s.id in used]


@needs_dot
@pytest.mark.parametrize("example", JOURNEYS, ids=lambda p: p.name.split(".")[0])
def test_svg_shows_every_step_in_the_blueprints_language(example: Path) -> None:
    bp = load_blueprint(str(example))
    root = ET.fromstring(render(Analysis(bp), RenderOptions(fmt="svg", lang=bp.language or "en")))
    text = "".join(e.text or "" for e in root.iter(f"{SVG}text"))
    squeezed = re.sub(r"\s+", "", text)
    for step in _drawn(bp):
        assert re.sub(r"\s+", "", step.title) in squeezed
    lanes = ["實體證據", "顧客行為", "前台", "後台", "支援流程", "互動線", "可視線", "內部互動線"]
    if bp.language == "en":
        lanes = ["Physical", "Customer", "Frontstage", "Backstage", "Support", "Line of interaction"]
    for word in lanes:
        assert word in text


# --- layout -------------------------------------------------------------------------------


def test_phases_are_columns_and_a_cell_holds_several_steps() -> None:
    d = build_diagram(Analysis(load_blueprint(str(SMALL))))
    assert [(c.key, c.width) for c in d.columns] == [("order", 1), ("pickup", 2)]
    assert d.slots["walk-in"] == (1, 0) and d.slots["wait-cup"] == (1, 1)
    # a lone step sits in the column of the step it connects to
    assert d.slots["call-name"] == d.slots["wait-cup"] == (1, 1)
    slots = [(s.lane, d.slots[s.id]) for s in d.steps]
    assert len(slots) == len(set(slots))  # no two steps share a cell slot


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name.split(".")[0])
def test_examples_keep_one_step_per_slot_and_phase_order(example: Path) -> None:
    bp = load_blueprint(str(example))
    d = build_diagram(Analysis(bp))
    assert [c.key for c in d.columns] == [p.id for p in bp.phases]
    slots = [(s.lane, d.slots[s.id]) for s in d.steps]
    assert len(slots) == len(set(slots))
    for s in d.steps:
        assert d.columns[d.slots[s.id][0]].key == s.phase


def test_dot_rows_run_top_to_bottom_in_blueprint_order() -> None:
    dot = render(Analysis(load_blueprint(str(SMALL))), RenderOptions(fmt="dot")).decode("utf-8")
    rows = re.findall(r"^    (\w+?)__lpad ", dot, re.M)
    assert rows == [
        "head",
        "evidence",
        "emotion",
        "customer",
        "line_customer",
        "frontstage",
        "line_frontstage",
        "backstage",
        "line_backstage",
        "support",
    ]


def test_a_blueprint_without_phases_is_one_column(write) -> None:  # type: ignore[no-untyped-def]
    path = write(
        "blueprint: 1\ntitle: T\nsteps:\n"
        "  - {id: a, lane: customer, title: A, next: [b]}\n"
        "  - {id: b, lane: frontstage, title: B, next: [c]}\n"
        "  - {id: c, lane: customer, title: C}\n"
    )
    d = build_diagram(Analysis(load_blueprint(str(path))))
    assert [(c.key, c.width) for c in d.columns] == [("", 2)]
    assert d.slots == {"a": (0, 0), "c": (0, 1), "b": (0, 0)}
    dot = render(Analysis(load_blueprint(str(path))), RenderOptions(fmt="dot")).decode("utf-8")
    assert "head__" not in dot


# --- risk on the picture ------------------------------------------------------------------


def test_worst_ap_and_residual_per_step() -> None:
    bp = load_blueprint(str(SMALL))
    take = step_risk(bp.step_index()["take-order"], "aiag-vda-2019")
    assert take is not None
    assert (take.ap, take.rpn, take.residual_ap, take.residual_rpn) == ("M", 216, "L", 36)
    call = step_risk(bp.step_index()["call-name"], "aiag-vda-2019")
    assert call is not None
    assert (call.ap, call.rpn, call.residual_ap) == ("H", 245, None)
    assert step_risk(bp.step_index()["brew"], "aiag-vda-2019") is None


def test_risk_marks_and_the_plain_blueprint() -> None:
    bp = load_blueprint(str(SMALL))
    dot = render(Analysis(bp), RenderOptions(fmt="dot")).decode("utf-8")
    assert "M→L" in dot and "⚠" in dot and "wait 6m &gt; 3m" in dot and "Customer<BR/>emotion" in dot
    assert 'fillcolor="#bd0026"' in dot  # H
    rpn = render(Analysis(bp), RenderOptions(fmt="dot", label="rpn")).decode("utf-8")
    assert "M→L  RPN 216→36" in rpn and "H  RPN 245" in rpn
    none = render(Analysis(bp), RenderOptions(fmt="dot", label="none")).decode("utf-8")
    assert "M→L" not in none and "⚠" in none
    plain = render(Analysis(bp), RenderOptions(fmt="dot", risk=False)).decode("utf-8")
    for mark in ("⚠", "#bd0026", "#fd8d3c", "wait 6m", "emotion", "high action priority"):
        assert mark not in plain
    assert "Order in the app" in plain and "Physical" in plain


FELT = (
    "blueprint: 1\ntitle: T\nsteps:\n"
    "  - {id: ask, lane: customer, title: Ask the desk, next: [answer]}\n"
    "  - {id: answer, lane: frontstage, title: Desk answers, uses: [db], next: [leave]}\n"
    "  - {id: leave, lane: customer, title: Leave with the answer}\n"
    "  - id: db\n    lane: support\n    title: Records\n"
    "    failures: [{mode: Stale record, severity: 9, occurrence: 9, detection: 9}]\n"
)


def _node(text: str, title: str) -> str:
    """The DOT or Mermaid line that draws the step titled ``title``."""
    return next(line for line in text.splitlines() if title in line)


def test_customer_steps_show_the_worst_ap_felt_there(write) -> None:  # type: ignore[no-untyped-def]
    bp = load_blueprint(str(write(FELT)))
    dot = render(Analysis(bp), RenderOptions(fmt="dot")).decode("utf-8")
    mmd = render(Analysis(bp), RenderOptions(fmt="mermaid")).decode("utf-8")
    # the support failure (S9 O9 D9: H, so F1) travels to `answer`, the desk both customer
    # steps face: both carry the felt glyph with the failure's number, no AP chip
    for title in ("Ask the desk", "Leave with the answer"):
        assert "◎ F1" in _node(dot, title) and "◎ F1" in _node(mmd, title)
    assert "felt here: failures of other steps" in dot  # the legend says what it means
    # felt_at says where instead: only there
    told = Analysis(
        load_blueprint(str(write(FELT.replace("detection: 9}", "detection: 9, felt_at: [leave]}"))))
    )
    told_dot = render(told, RenderOptions(fmt="dot")).decode("utf-8")
    told_mmd = render(told, RenderOptions(fmt="mermaid")).decode("utf-8")
    assert "◎ F1" in _node(told_dot, "Leave with the answer") and "◎ F1" in _node(
        told_mmd, "Leave with the answer"
    )
    assert "◎" not in _node(told_dot, "Ask the desk") and "◎" not in _node(told_mmd, "Ask the desk")
    zh = render(Analysis(bp), RenderOptions(fmt="mermaid", lang="zh-TW")).decode("utf-8")
    assert "<small>◎ F1</small>" in _node(zh, "Leave with the answer")
    for fmt in ("dot", "mermaid"):
        assert "◎" not in render(Analysis(bp), RenderOptions(fmt=fmt, risk=False)).decode("utf-8")


def test_profile_changes_the_ap(write) -> None:  # type: ignore[no-untyped-def]
    path = write(
        "blueprint: 1\ntitle: T\nsteps:\n"
        "  - {id: a, lane: customer, title: A,\n"
        "     failures: [{mode: M, severity: 2, occurrence: 8, detection: 5}]}\n"
    )
    code, output = code_and_output("render", str(path), "--format", "mermaid", "-o", "-")
    assert code == 0 and "class s_a apM" in output  # AIAG-VDA 2019: S2 O8 D5 is M
    code, output = code_and_output(
        "render", str(path), "--format", "mermaid", "-o", "-", "--profile", "sae-rm13004"
    )
    assert code == 0 and "class s_a apL" in output  # the SAE variant rates it L
    result = run_blueprint("render", str(path), "--format", "dot", "-o", "-", "--profile", "no-such-profile")
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1


# --- filters and scale --------------------------------------------------------------------


def test_phase_and_lane_filters() -> None:
    bp = load_blueprint(str(SMALL))
    d = build_diagram(Analysis(bp), phases=["pickup"], lanes=["customer", "backstage"])
    assert [s.id for s in d.steps] == ["brew", "walk-in", "wait-cup"]
    assert d.lanes == ("customer", "backstage")
    assert d.flows == (("walk-in", "wait-cup"),)  # edges to hidden steps are left out
    dot = render(Analysis(bp), RenderOptions(fmt="dot", phases=("pickup",), lanes=("customer", "backstage")))
    text = dot.decode("utf-8")
    # the lines between customer and backstage both stay, the frontstage band goes
    assert "Line of interaction" in text and "Line of visibility" in text and "Line of internal" not in text
    assert "<B>Frontstage</B>" not in text and "Order in the app" not in text


def test_unknown_phase_is_one_line_and_exit_2() -> None:
    result = run_blueprint("render", str(SMALL), "--phase", "nope", "--format", "dot", "-o", "-")
    assert result.returncode == 2
    assert result.stderr.strip() == (f"blueprint: no phase 'nope' in {SMALL} (phases: order, pickup)")


def _generated(steps: int) -> str:
    lanes = ("customer", "frontstage", "backstage", "support")
    out = ["blueprint: 1", "title: Generated", "phases:"]
    out += [f"  - {{id: p{p}, title: Phase {p}}}" for p in range(steps // 25)]
    out.append("steps:")
    for i in range(steps):
        step = f"  - {{id: s{i}, lane: {lanes[i % 4]}, phase: p{i // 25}, title: Step {i}"
        step += f", next: [s{i + 1}]" if i + 1 < steps else ""
        step += ", failures: [{mode: M, severity: 8, occurrence: 5, detection: 5}]" if i % 7 == 0 else ""
        out.append(step + "}")
    return "\n".join(out) + "\n"


@needs_dot
def test_a_500_step_blueprint_renders_and_large_ones_cap_dot_effort() -> None:
    bp = require_valid(load_bytes(_generated(500).encode(), "big.blueprint.yaml"))
    dot = render(Analysis(bp), RenderOptions(fmt="dot")).decode("utf-8")
    assert "nslimit=0.2" in dot and "mclimit=0.2" in dot
    svg = render(Analysis(bp), RenderOptions(fmt="svg"))
    root = ET.fromstring(svg)
    assert len(root.findall(f".//{SVG}g[@class='node']")) >= 500
    small = render(
        Analysis(require_valid(load_bytes(_generated(50).encode(), "s.yaml"))), RenderOptions(fmt="dot")
    )
    assert b"nslimit" not in small


# --- outputs ------------------------------------------------------------------------------


@needs_dot
def test_default_output_is_svg_beside_the_input_and_is_overwritten(tmp_path: Path) -> None:
    src = tmp_path / "coffee.blueprint.yaml"
    shutil.copy(SMALL, src)
    result = run_blueprint("render", str(src))
    assert result.returncode == 0, result.stderr
    out = tmp_path / "coffee.blueprint.svg"
    assert out.read_bytes().startswith(b"<?xml")
    assert result.stdout == "" and result.stderr == f"wrote {out}\n"
    out.write_text("old", encoding="utf-8")
    assert run_blueprint("render", str(src)).returncode == 0  # render overwrites its own output
    assert out.read_bytes().startswith(b"<?xml")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["coffee.blueprint.svg", "coffee.blueprint.yaml"]


def test_format_from_suffix_or_option(tmp_path: Path) -> None:
    code, _ = code_and_output("render", str(SMALL), "-o", str(tmp_path / "a.dot"))
    assert code == 0 and (tmp_path / "a.dot").read_text(encoding="utf-8").startswith("digraph")
    code, _ = code_and_output("render", str(SMALL), "-o", str(tmp_path / "a.mmd"))
    assert code == 0 and (tmp_path / "a.mmd").read_text(encoding="utf-8").startswith("flowchart LR")
    code, _ = code_and_output(
        "render", str(SMALL), "--format", "mermaid", "-o", str(tmp_path / "diagram.txt")
    )
    assert code == 0 and (tmp_path / "diagram.txt").read_text(encoding="utf-8").startswith("flowchart")
    src = tmp_path / "c.blueprint.yaml"
    shutil.copy(SMALL, src)
    code, _ = code_and_output("render", str(src), "--format", "mermaid")
    assert code == 0 and (tmp_path / "c.blueprint.mmd").exists()


def test_text_formats_to_standard_output() -> None:
    code, output = code_and_output("render", str(SMALL), "--format", "mermaid", "-o", "-")
    assert code == 0 and output.startswith("flowchart LR\n") and "wrote" not in output
    code, output = code_and_output("render", str(SMALL), "--format", "dot", "-o", "-")
    assert code == 0 and output.startswith("digraph blueprint {")


def test_usage_errors_exit_2() -> None:
    assert run_blueprint("render", str(SMALL), "-o", "x.jpeg").returncode == 2
    result = run_blueprint("render", str(SMALL), "-o", "-", "--format", "png")
    assert result.returncode == 2 and "binary" in result.stderr
    result = run_blueprint("render", str(SMALL), "-o", "/no/such/folder/x.dot")
    assert result.returncode == 2 and result.stderr.startswith("blueprint: cannot write")
    result = run_blueprint("render", "missing.blueprint.yaml", "--format", "dot")
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_chinese_labels_follow_the_blueprint_or_lang() -> None:
    zh = next(p for p in EXAMPLES if "telecom" in p.name)
    _, output = code_and_output("render", str(zh), "--format", "dot", "-o", "-")
    assert "顧客行為" in output and "互動線" in output and "圖例" in output
    _, output = code_and_output("render", str(zh), "--format", "dot", "-o", "-", "--lang", "en")
    assert "<B>Customer<BR/>actions</B>" in output and "顧客行為" not in output


# --- without Graphviz ---------------------------------------------------------------------


def _no_dot_env(tmp_path: Path) -> dict[str, str]:
    empty = tmp_path / "bin"
    empty.mkdir()
    return {**os.environ, "PATH": str(empty)}


@pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
def test_without_dot_image_formats_say_how_to_install_graphviz(tmp_path: Path, fmt: str) -> None:
    result = run_blueprint("render", str(SMALL), "-o", str(tmp_path / f"x.{fmt}"), env=_no_dot_env(tmp_path))
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert "apt-get install graphviz" in lines[0] and "brew install graphviz" in lines[0]
    assert not (tmp_path / f"x.{fmt}").exists()


def test_without_dot_dot_and_mermaid_still_work(tmp_path: Path) -> None:
    env = _no_dot_env(tmp_path)
    for name in ("x.dot", "x.mmd"):
        result = run_blueprint("render", str(SMALL), "-o", str(tmp_path / name), env=env)
        assert result.returncode == 0, result.stderr
        assert (tmp_path / name).stat().st_size > 1000


def test_without_dot_in_process(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from blueprint.errors import ToolMissingError

    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ToolMissingError, match="install Graphviz"):
        render(Analysis(load_blueprint(str(SMALL))), RenderOptions(fmt="svg"))


@needs_dot
def test_long_background_paint_is_split_for_dot() -> None:
    """dot reads quoted strings of at most 16 KiB; a long emotion curve must still draw."""
    from blueprint.render.dotattr import Band, DotGraph
    from blueprint.render.graphviz import draw

    graph = DotGraph(
        "digraph g {\n  a -> b;\n}\n",
        (Band("#eeeeee", "a", "b", ("a", "b")),),
        (("a", 1, "#ff0000"), ("b", -1, "#0000ff")) * 400,
    )
    svg = draw(graph, "svg").decode("utf-8")
    assert svg.count("<ellipse") >= 800

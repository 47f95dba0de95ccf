"""``blueprint graph``: golden outputs, the exports read back, determinism, errors, the examples.

Golden files live in ``tests/golden/graph/``. After an intended change of output,
regenerate them and review the diff::

    BLUEPRINT_REGEN=1 .venv/bin/pytest tests/output/test_graph_command.py
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import subprocess
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import yaml
from click.testing import CliRunner
from wcwidth import wcswidth

from blueprint.cli.main import cli
from blueprint.i18n import graph as catalogue
from tests.conftest import DATA, EXAMPLES, GOLDEN, ROOT, assert_golden
from tests.helpers import blueprint_cmd, stdout_in

GOLDEN_GRAPH = GOLDEN / "graph"
CLINIC = DATA / "graph" / "clinic.blueprint.yaml"
NAME = "clinic.blueprint.yaml"


def run(folder: Path, *args: str, text: str | None = None, code: int = 0) -> bytes:
    """``blueprint graph clinic.blueprint.yaml ARGS`` on ``text``, run in ``folder``; its standard output."""
    (folder / NAME).write_text(text if text is not None else CLINIC.read_text("utf-8"), encoding="utf-8")
    return stdout_in(folder, "graph", NAME, *args, code=code)


GOLDEN_CASES = {
    "clinic.txt": [],
    "clinic.zh-TW.txt": ["--lang", "zh-TW"],
    "clinic.top2.txt": ["--top", "2"],
    "clinic.json": ["--format", "json"],
    "clinic.graphml": ["--export", "graphml"],
    "clinic.graph.json": ["--export", "json"],
}


@pytest.mark.parametrize("golden", sorted(GOLDEN_CASES))
def test_golden(tmp_path: Path, golden: str) -> None:
    assert_golden(GOLDEN_GRAPH / golden, run(tmp_path, *GOLDEN_CASES[golden]))


def test_json_report_contract(tmp_path: Path) -> None:
    data = json.loads(run(tmp_path, "--format", "json"))
    assert list(data) == [
        "file",
        "title",
        "graph",
        "critical_touchpoints",
        "critical_touchpoints_total",
        "fail_points_per_phase",
        "wait_points",
        "time",
        "surfaces_at",
        "unfelt_failures",
    ]
    assert data["graph"] == {"steps": 10, "flow_edges": 7, "uses_edges": 5}
    top = data["critical_touchpoints"][0]
    # RPN before any action and after the done ones: calendar-outage went from 48 to 32
    assert (
        top["step"],
        top["customer_steps"],
        top["rpn_before_actions"],
        top["rpn_after_done_actions"],
        top["ap_h"],
    ) == ("records", ["call", "arrive", "pay"], 483, 467, 1)
    assert data["time"]["end_to_end"]["expected_s"] == 49 * 60
    assert data["time"]["end_to_end"]["over_s"] == 9 * 60
    assert data["wait_points"][0] == {
        "step": "call",
        "lane": "customer",
        "phase": "book",
        "expected_s": 600,
        "tolerance_s": 300,
        "over_s": 300,
    }
    assert data["surfaces_at"]["survey-ignored"] == ["pay"]
    assert data["unfelt_failures"] == [{"failure": "notes-late", "step": "file-notes"}]


def test_top_limits_touchpoints_and_zero_means_all(tmp_path: Path) -> None:
    assert len(json.loads(run(tmp_path, "--format", "json", "--top", "1"))["critical_touchpoints"]) == 1
    every = json.loads(run(tmp_path, "--format", "json", "--top", "0"))
    assert len(every["critical_touchpoints"]) == every["critical_touchpoints_total"] == 6


def test_graphml_export_reads_back_with_networkx(tmp_path: Path) -> None:
    run(tmp_path, "--export", "graphml", "-o", "clinic.graphml")
    g = nx.read_graphml(tmp_path / "clinic.graphml", force_multigraph=True)
    assert list(g.nodes) == [
        "call", "scheduler", "confirm-sms", "arrive", "consult",
        "pay", "survey", "file-notes", "calendar", "records",
    ]  # fmt: skip
    assert g.nodes["scheduler"] == {
        "lane": "frontstage",
        "phase": "book",
        "title": "Receptionist books a slot",
        "index": 1,
        "failures": 1,
        "felt_at": "call",
        "expected_s": 240,
        "tolerance_s": 300,
    }
    assert g.nodes["records"]["felt_at"] == "call arrive pay"
    kinds = sorted((u, v, d["kind"]) for u, v, d in g.edges(data=True))
    assert ("scheduler", "scheduler", "flow") in kinds
    assert ("records", "calendar", "uses") in kinds
    assert sum(k == "flow" for _, _, k in kinds) == 7 and sum(k == "uses" for _, _, k in kinds) == 5


def test_json_export_reads_back_with_networkx(tmp_path: Path) -> None:
    g = nx.node_link_graph(json.loads(run(tmp_path, "--export", "json")))
    assert g.is_directed() and g.is_multigraph()
    assert g.graph == {"title": "Clinic appointment"}
    assert g.nodes["calendar"]["felt_at"] == "call arrive"
    assert sorted(g.edges(keys=True))[:2] == [
        ("arrive", "consult", "flow"),
        ("calendar", "confirm-sms", "uses"),
    ]


def test_output_file_is_written_and_replaced(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    target.write_text("old", encoding="utf-8")
    assert run(tmp_path, "-o", "report.txt") == b""
    assert target.read_bytes() == (GOLDEN_GRAPH / "clinic.txt").read_bytes()


def test_output_into_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / NAME).write_text(CLINIC.read_text("utf-8"), encoding="utf-8")
    done = subprocess.run(
        [*blueprint_cmd(), "graph", NAME, "-o", "nowhere/out.graphml", "--export", "graphml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "does not exist" in done.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("blueprint: 1\ntitle: x\nsteps:\n  - {id: a, lane: customer, title: A, next: [b]}\n", "BP003"),
        ("blueprint: 1\ntitle: x\n", "steps"),
        ("[1, 2", ""),
    ],
)
def test_unusable_input_exits_2_with_one_line(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / NAME).write_text(text, encoding="utf-8")
    done = subprocess.run([*blueprint_cmd(), "graph", NAME], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.startswith(f"blueprint: {NAME}:") and done.stderr.count("\n") == 1
    assert message in done.stderr and "Traceback" not in done.stderr


def test_bad_profile_exits_2(tmp_path: Path) -> None:
    (tmp_path / NAME).write_text(CLINIC.read_text("utf-8"), encoding="utf-8")
    done = subprocess.run(
        [*blueprint_cmd(), "graph", NAME, "--profile", "no-such"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr


def test_help_has_examples() -> None:
    result = CliRunner().invoke(cli, ["graph", "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.output and "--export graphml" in result.output


def _shuffled(value: Any, rng: random.Random) -> Any:
    """The same document with the keys of every mapping in a random order."""
    if isinstance(value, dict):
        keys = list(value)
        rng.shuffle(keys)
        return {k: _shuffled(value[k], rng) for k in keys}
    if isinstance(value, list):
        return [_shuffled(v, rng) for v in value]
    return value


@pytest.mark.parametrize("args", [[], ["--format", "json"], ["--export", "graphml"], ["--export", "json"]])
def test_same_output_whatever_the_key_order(tmp_path: Path, args: list[str]) -> None:
    data = yaml.safe_load(CLINIC.read_text("utf-8"))
    expected = run(tmp_path, *args)
    for seed in range(4):
        text = yaml.safe_dump(_shuffled(data, random.Random(seed)), allow_unicode=True, sort_keys=False)
        assert run(tmp_path, *args, text=text) == expected, seed


def test_catalogue_languages_have_the_same_keys() -> None:
    assert set(catalogue.EN) == set(catalogue.ZH_TW)


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_fit_100_columns(path: Path, lang: str) -> None:
    result = CliRunner().invoke(cli, ["graph", str(path), "--lang", lang, "--top", "0"])
    assert result.exit_code == 0, result.output
    for line in result.output.splitlines():
        assert wcswidth(line) <= 100, line


def _report(name: str) -> dict[str, Any]:
    result = CliRunner().invoke(
        cli, ["graph", str(ROOT / "examples" / name), "--format", "json", "--top", "0"]
    )
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


def test_telecom_crm_case_is_the_system_most_touchpoints_depend_on() -> None:
    data = _report("telecom-sim-swap.blueprint.yaml")
    top = data["critical_touchpoints"][0]
    assert top["step"] == "crm-case"
    # felt where the customer faces the hotline, the store clerk and the care call
    assert top["customer_steps"] == ["call-hotline", "visit-store", "answer-survey"]
    assert top["dependents"] == ["hotline-advice", "log-case", "store-greet", "care-call"]
    # the file says where a stale cell status is felt: at home, still without a signal
    assert data["surfaces_at"]["stale-cell-status"] == ["confirm-at-home"]
    # the store looks up the case log: a missing note makes the clerk ask the customer again
    assert data["surfaces_at"]["case-note-missing"] == ["visit-store"]
    assert data["unfelt_failures"] == []
    waits = [w["step"] for w in data["wait_points"]]
    assert waits == ["call-hotline", "visit-store", "care-call", "hotline-advice"]


def test_fedex_scan_events_feed_every_later_touchpoint() -> None:
    data = _report("fedex-tracking.blueprint.yaml")
    top = data["critical_touchpoints"][0]
    assert top["step"] == "scan-events"
    assert top["customer_steps"] == ["book-shipment", "check-tracking", "call-centre", "receive-parcel"]
    assert len(top["dependents"]) == 8
    # a slow tracking site is felt on the tracking page and on the phone, not at the door
    assert data["surfaces_at"]["peak-load-slowdown"] == ["check-tracking", "call-centre"]
    assert data["surfaces_at"]["agent-sees-same-data"] == ["call-centre"]
    total = data["time"]["end_to_end"]
    assert (total["expected_s"], total["tolerance_s"]) == (4 * 3600 + 23 * 60, 4 * 3600 + 19 * 60)


def test_zappos_adviser_chat_ends_a_branch_and_is_felt_at_the_order() -> None:
    data = _report("zappos-returns.blueprint.yaml")
    assert data["surfaces_at"]["uneven-appeasements"] == ["order-shoes"]
    assert data["critical_touchpoints"][0]["step"] == "customer-profile"
    assert data["wait_points"][0]["step"] == "refund"


def test_new_car_dms_and_the_three_week_waits() -> None:
    data = _report("new-car-rattle.blueprint.yaml")
    assert data["critical_touchpoints"][0]["step"] == "dms"
    assert [w["step"] for w in data["wait_points"][:2]] == ["mgr-review", "collect-car"]
    assert data["surfaces_at"]["csat-survey.1"] == ["hear-decision"]


def test_premium_tour_guide_report_is_felt_in_the_reply() -> None:
    data = _report("premium-tour-meals.blueprint.yaml")
    assert data["critical_touchpoints"][0]["step"] == "supplier-contract"
    assert data["surfaces_at"]["guide-report.1"] == ["receive-reply"]
    assert data["unfelt_failures"] == []


def test_promo_card_hq_verify_is_the_worst_wait() -> None:
    data = _report("promo-card.blueprint.yaml")
    assert data["wait_points"][0] == {
        "step": "hq-verify",
        "lane": "backstage",
        "phase": "verify",
        "expected_s": 86400,
        "tolerance_s": 7200,
        "over_s": 79200,
    }
    assert data["surfaces_at"]["brief-miscommunication"] == ["receive-card", "call-shop"]  # felt_at
    assert data["surfaces_at"]["cvs-checkout.1"] == ["pay-with-card"]  # embarrassed at the till


def test_report_is_stdout_only_and_deterministic() -> None:
    args = ["graph", str(EXAMPLES[0]), "--format", "json"]
    first = subprocess.run([*blueprint_cmd(), *args], capture_output=True)
    second = subprocess.run([*blueprint_cmd(), *args], capture_output=True)
    assert first.returncode == 0 and first.stderr == b""
    assert first.stdout == second.stdout
    json.load(io.BytesIO(first.stdout))


@pytest.mark.slow
@pytest.mark.parametrize("args", [["--export", "graphml"], ["--export", "json"], ["--format", "json"]])
def test_same_bytes_under_any_hash_seed(args: list[str]) -> None:
    outs = {
        subprocess.run(
            [*blueprint_cmd(), "graph", str(CLINIC), *args],
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        ).stdout
        for seed in ("0", "1", "2")
    }
    assert len(outs) == 1


def test_colour_marks_ap_h_counts_and_time_over_tolerance_only_when_asked(tmp_path: Path) -> None:
    telecom = str(ROOT / "examples" / "telecom-sim-swap.blueprint.yaml")
    plain = CliRunner().invoke(cli, ["graph", telecom], color=True).output
    assert "\x1b[" not in plain  # through a pipe (the runner is one): plain text
    coloured = CliRunner().invoke(cli, ["graph", telecom, "--color", "always"], color=True).output
    red, yellow, reset = "\x1b[31m\x1b[1m", "\x1b[33m", "\x1b[0m"
    # network-status carries the one H failure: its count is red, the zeros stay plain
    assert "     0\n" in coloured and f"       508             292     {red}1{reset}\n" in coloured
    assert f"  {yellow}+5分 (x2.7){reset}\n" in coloured  # call-hotline: 8 minutes against 3
    assert f"{yellow}+1天26分{reset}" in coloured and f"{yellow}0秒" not in coloured
    # once the codes are taken out, the coloured text is the plain text, columns and all
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain
    written = tmp_path / "graph.txt"
    CliRunner().invoke(cli, ["graph", telecom, "--color", "always", "-o", str(written)])
    assert written.read_text(encoding="utf-8") == plain

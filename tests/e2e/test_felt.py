"""Where the customer feels it, said right: a hospital outpatient visit, checked by hand.

``tests/data/felt/outpatient.blueprint.yaml``: check-in (customer, arrive) -> registration
desk (frontstage, arrive; a card reader that fails) -> wait (customer, consult) -> ...;
the hospital information system is a support step without a phase.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from blueprint.analysis.core import Analysis
from blueprint.cli.main import cli
from blueprint.errors import ValidationError
from blueprint.load.loader import load_blueprint
from blueprint.render import RenderOptions, render
from blueprint.render.layout import build_diagram
from tests.conftest import DATA

OUTPATIENT = DATA / "felt" / "outpatient.blueprint.yaml"


def invoke(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == code, result.output
    return str(result.output)


@pytest.fixture(scope="module")
def fmea() -> dict[str, dict[str, Any]]:
    data = json.loads(invoke("fmea", str(OUTPATIENT), "--format", "json"))
    return {f["id"]: f for f in data["failures"]}


def test_card_reader_at_the_desk_is_felt_at_check_in(fmea: dict[str, dict[str, Any]]) -> None:
    # the desk faces check-in across the line of interaction (same phase, next to the desk);
    # the waiting room is the next phase: the old rule sent the failure there
    assert fmea["card-reader"]["surfaces_at"] == ["check-in"]
    assert fmea["card-reader"]["felt_at_given"] is False
    # a fee charged twice is felt while paying (the cashier's partner), not at the pharmacy
    assert fmea["overcharge"]["surfaces_at"] == ["pay"]


def test_felt_at_overrides_the_graph(fmea: dict[str, dict[str, Any]]) -> None:
    assert fmea["queue-mixup"]["surfaces_at"] == ["wait"]  # the graph would say check-in
    assert fmea["queue-mixup"]["felt_at_given"] is True
    # a wrong drug entered at prescription is felt when the drug is handed over
    assert fmea["wrong-drug"]["surfaces_at"] == ["collect-drugs"]
    table = invoke("fmea", str(OUTPATIENT), "--width", "200")
    row = next(line for line in table.splitlines() if line.startswith("F1  prescribe"))
    assert row.rstrip().endswith("collect-drugs")


def test_felt_at_in_the_diagram_and_the_graph_report() -> None:
    bp = load_blueprint(str(OUTPATIENT))
    felt = build_diagram(Analysis(bp)).felt
    assert felt["collect-drugs"].ap == "H"  # the wrong drug, felt there
    assert felt["wait"].ap == "L"  # the queue mix-up (S5 O3 D6: L)
    data = json.loads(invoke("graph", str(OUTPATIENT), "--format", "json"))
    assert data["surfaces_at"]["wrong-drug"] == ["collect-drugs"]


def test_felt_at_names_customer_steps_only(write: Any) -> None:
    text = OUTPATIENT.read_text(encoding="utf-8")
    desk = write(text.replace("felt_at: [wait]", "felt_at: [desk]"))
    out = invoke("check", str(desk), code=1)
    # the desk is felt at check-in: that is the suggestion
    assert re.search(
        r":35:19: BP015 error: felt_at names frontstage step 'desk'; the customer feels a failure at "
        r"customer steps: did you mean 'check-in'\?",
        out,
    ), out
    # an error that makes the file unusable for every other command, with the same line
    with pytest.raises(ValidationError, match=r":35:19: BP015 felt_at names frontstage step 'desk'"):
        load_blueprint(str(desk))
    typo = write(text.replace("felt_at: [wait]", "felt_at: [wiat]"), "typo.blueprint.yaml")
    out = invoke("check", str(typo), code=1)
    assert "BP003 error: felt_at names unknown step 'wiat', did you mean 'wait'?" in out
    zh = invoke("check", str(desk), "--lang", "zh-TW", code=1)
    assert "felt_at 指向前台步驟 'desk'" in zh


def test_a_support_step_without_a_phase_passes_check_and_others_do_not(write: Any) -> None:
    out = invoke("check", str(OUTPATIENT), code=1)
    assert "BP005" not in out  # his, the information system, serves every phase
    assert out.count(" error: ") == 1 and "BP007" in out  # only the unaddressed wrong drug
    text = OUTPATIENT.read_text(encoding="utf-8")
    loose = write(text.replace("    lane: support\n", "    lane: backstage\n"))
    assert "BP005 error: step 'his' has no phase" in invoke("check", str(loose), code=1)


def test_the_phase_less_support_step_draws_in_a_band_across_all_phases() -> None:
    bp = load_blueprint(str(OUTPATIENT))
    diagram = build_diagram(Analysis(bp))
    assert diagram.band == ("his",)
    assert [c.key for c in diagram.columns] == ["arrive", "consult", "leave"]  # no "(no phase)"
    assert diagram.slots["his"] == (0, 0)  # left-aligned
    # a page of one phase (render --phase, or --fit split by phase) shows the shared system too
    assert build_diagram(Analysis(bp), phases=["consult"]).band == ("his",)
    svg = render(Analysis(bp), RenderOptions(fmt="svg")).decode("utf-8")
    assert ">Support, all</text>" in svg and "(no phase)" not in svg
    boxes = {sid: _box(svg, sid) for sid in ("his", "check-in", "desk", "prescribe", "collect-drugs")}
    assert boxes["his"][0] == pytest.approx(boxes["check-in"][0], abs=1)  # under the first slot
    assert all(boxes["his"][3] > box[3] for sid, box in boxes.items() if sid != "his")  # lowest row


def _box(svg: str, step: str) -> tuple[float, float, float, float]:
    """``(x0, y0, x1, y1)`` of the first path of a step's node in Graphviz SVG."""
    group = svg.split(f'<g id="step&#45;{step.replace("-", "&#45;")}" class="node">', 1)[1]
    d = re.search(r'<path [^>]*d="([^"]+)"', group)
    assert d is not None
    points = [(float(x), float(y)) for x, y in re.findall(r"(-?[0-9.]+),(-?[0-9.]+)", d.group(1))]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def test_all_phases_in_tables(write: Any) -> None:
    graph = invoke("graph", str(OUTPATIENT))
    assert re.search(r"\n  All phases +1 +1 +60 +60 +0\n    his\n", graph), graph
    zh = invoke("graph", str(OUTPATIENT), "--lang", "zh-TW")
    assert "全部階段" in zh
    report = invoke("report", str(OUTPATIENT), "--format", "markdown", "-o", "-", "--today", "2026-05-01")
    assert "| Hospital information system<br>support · all phases |" in report


def test_planned_residual_in_json_table_report_and_worksheet(
    fmea: dict[str, dict[str, Any]], tmp_path: Path
) -> None:
    # overcharge: an open action revises O3 -> O1: S6 O1 D5, RPN 30, AP L; nothing done yet
    assert fmea["overcharge"]["residual"] is None
    assert fmea["overcharge"]["planned"] == {
        "severity": 6,
        "occurrence": 1,
        "detection": 5,
        "rpn": 30,
        "ap": "L",
    }
    # his-slow: done S5 O4 D3 (60, L), and in progress S5 O2 D3 (30, L)
    assert fmea["his-slow"]["residual"] == {
        "severity": 5,
        "occurrence": 4,
        "detection": 3,
        "rpn": 60,
        "ap": "L",
    }
    assert fmea["his-slow"]["planned"] == {
        "severity": 5,
        "occurrence": 2,
        "detection": 3,
        "rpn": 30,
        "ap": "L",
    }
    assert fmea["card-reader"]["planned"] is None
    table = invoke("fmea", str(OUTPATIENT), "--width", "200")
    assert "plan L" in table
    assert "plan: the AP once the open actions with revised ratings are done." in table
    md = invoke("report", str(OUTPATIENT), "--format", "markdown", "-o", "-", "--today", "2026-05-01")
    assert "_planned L, RPN 30_" in md
    html = invoke("report", str(OUTPATIENT), "--format", "html", "-o", "-", "--today", "2026-05-01")
    assert '<span class="sub planned">planned L, RPN 30</span>' in html
    sheet = tmp_path / "sheet.csv"
    invoke("export", str(OUTPATIENT), "-o", str(sheet))
    rows = list(csv.DictReader(io.StringIO(sheet.read_text(encoding="utf-8-sig"))))
    planned = {r["Failure ID"]: r["Planned AP"] for r in rows}
    assert planned["overcharge"] == "L" and planned["card-reader"] == ""


def test_h_failures_without_action_are_named() -> None:
    out = invoke("check", str(OUTPATIENT), code=1)
    assert out.splitlines()[-1] == (
        "1 file checked: 1 error, 0 warnings; "
        "H failure modes with no action and no justification (1): wrong-drug"
    )
    md = invoke("report", str(OUTPATIENT), "--format", "markdown", "-o", "-", "--today", "2026-05-01")
    assert "- 1 H failure mode has no action and no justification: wrong-drug." in md


def test_touchpoints_say_which_rpn_and_the_time_says_how_much_is_timed() -> None:
    data = json.loads(invoke("graph", str(OUTPATIENT), "--format", "json"))
    his = data["critical_touchpoints"][0]
    # his 90 (60 after its done action) + desk 30 + 90 + prescribe 210 + cashier 90 (open action)
    assert (his["step"], his["rpn_before_actions"], his["rpn_after_done_actions"]) == ("his", 510, 480)
    text = invoke("graph", str(OUTPATIENT))
    assert "RPN before  RPN after done" in text
    # check-in 5m against 3m, wait 40m against 30m; the other eight steps state no time
    assert "  End to end: 45m against 33m tolerated, 2 of 10 steps timed.\n" in text
    zh = invoke("graph", str(OUTPATIENT), "--lang", "zh-TW")
    assert "全程：預期 45分，可容忍 33分；10 個步驟中有 2 個標示時間。" in zh
    assert "40分" in zh and "40m" not in zh


def test_the_chinese_report_says_target_completion_date() -> None:
    md = invoke(
        "report",
        str(OUTPATIENT),
        "--format",
        "markdown",
        "-o",
        "-",
        "--today",
        "2026-05-01",
        "--lang",
        "zh-TW",
    )
    assert "| 目標完成日期 |" in md
    assert "計畫 L，RPN 30" in md


CHINESE = """\
blueprint: 1
title: 門診看診
steps:
  - {id: a, lane: customer, title: 掛號報到, next: [b], time: {expected: 1h30m, tolerance: 1h}}
  - {id: b, lane: frontstage, title: 櫃台讀卡,
     failures: [{mode: 讀卡失敗, severity: 3, occurrence: 5, detection: 2}]}
"""


def test_chinese_titles_give_chinese_chrome_before_lang(write: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "C.UTF-8")
    path = write(CHINESE)
    assert "嚴重度" in invoke("fmea", str(path)) or "失效模式" in invoke("fmea", str(path))
    assert "1小時30分" in invoke("graph", str(path))
    assert "Failure mode" in invoke("fmea", str(path), "--lang", "en")  # --lang still wins
    english = write(
        CHINESE.replace("title: 門診看診\n", "title: 門診看診\nlanguage: en\n"), "en.blueprint.yaml"
    )
    assert "Failure mode" in invoke("fmea", str(english))  # and so does language:
    mixed = write(CHINESE.replace("掛號報到", "Check in").replace("櫃台讀卡", "Desk"), "mixed.blueprint.yaml")
    assert "Failure mode" in invoke("fmea", str(mixed))  # one title in three: the environment decides


def test_felt_at_survives_a_worksheet_round_trip(write: Any, tmp_path: Path) -> None:
    src = write(
        "blueprint: 1\ntitle: T\nsteps:\n"
        "  - {id: c1, lane: customer, title: C1, next: [f1],\n"
        "     failures: [{id: c1f, mode: M, severity: 2, occurrence: 2, detection: 2}]}\n"
        "  - {id: f1, lane: frontstage, title: F1, next: [c2],\n"
        "     failures: [{id: f1f, mode: M, severity: 3, occurrence: 3, detection: 3, felt_at: [c2]}]}\n"
        "  - {id: c2, lane: customer, title: C2,\n"
        "     failures: [{id: c2f, mode: M, severity: 4, occurrence: 4, detection: 4}]}\n"
    )
    sheet, back = tmp_path / "s.xlsx", tmp_path / "back.blueprint.yaml"
    invoke("export", str(src), "-o", str(sheet))
    invoke("import", str(sheet), "-o", str(back))
    data = json.loads(invoke("fmea", str(back), "--format", "json"))
    f1f = next(f for f in data["failures"] if f["id"] == "f1f")
    assert (f1f["surfaces_at"], f1f["felt_at_given"]) == (["c2"], True)

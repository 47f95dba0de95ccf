"""Failure chains said in full: where each chain is felt, its planned residual, its cost.

The pharmacy of ``tests/data/pharmacy-chains.blueprint.yaml`` with a customer step after the
counter (taking the medicine at home) where the look-alike chain of the wrong drug is felt
(``felt_at`` on that cause), and an open action with revised ratings on that cause.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from blueprint.analysis.core import Analysis
from blueprint.cli.main import cli
from blueprint.load.loader import load_blueprint
from blueprint.render.layout import build_diagram
from tests.helpers import PHARMACY, entry


def invoke(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == code, result.output
    return str(result.output)


def pharmacy() -> dict[str, Any]:
    """The pharmacy as data, with the 'take-home' customer step after the counter."""
    from ruamel.yaml import YAML

    data: dict[str, Any] = YAML(typ="safe").load(PHARMACY.read_text(encoding="utf-8"))
    collect, dispense = data["steps"][0], data["steps"][1]
    collect["next"] = ["take-home"]
    data["steps"].insert(1, {"id": "take-home", "lane": "customer", "title": "Take the medicine at home"})
    look_alike = dispense["failures"][0]["causes"][0]
    look_alike["felt_at"] = ["take-home"]
    look_alike["actions"] = [
        {
            "title": "Separate look-alike shelves",
            "status": "open",
            "revised": {"severity": 10, "occurrence": 1, "detection": 7},
        }
    ]
    return data


def write(tmp_path: Path, data: dict[str, Any], name: str = "p.blueprint.yaml") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")  # JSON is YAML
    return path


@pytest.fixture
def felt(tmp_path: Path) -> Path:
    return write(tmp_path, pharmacy())


def causes(path: Path) -> dict[str, dict[str, Any]]:
    data = json.loads(invoke("fmea", str(path), "--format", "json"))
    wrong = next(f for f in data["failures"] if f["id"] == "wrong-drug")
    return {"": wrong, **{c["id"]: c for c in wrong["causes"]}}


def test_a_cause_says_where_its_chain_is_felt_and_the_mode_is_felt_at_all_of_them(felt: Path) -> None:
    got = causes(felt)
    # the counter faces 'collect' across the line of interaction: the other chains are felt there
    assert (got["look-alike"]["surfaces_at"], got["look-alike"]["felt_at_given"]) == (["take-home"], True)
    assert (got["wrong-drug.2"]["surfaces_at"], got["wrong-drug.2"]["felt_at_given"]) == (["collect"], False)
    assert got["label-printer"]["surfaces_at"] == ["collect"]
    # the mode: every chain's place, in file order (take-home comes after collect in the file)
    assert (got[""]["surfaces_at"], got[""]["felt_at_given"]) == (["collect", "take-home"], True)


def test_a_failure_felt_at_is_the_default_of_its_causes(tmp_path: Path) -> None:
    data = pharmacy()
    data["steps"][2]["failures"][0]["felt_at"] = ["take-home"]
    del data["steps"][2]["failures"][0]["causes"][0]["felt_at"]
    data["steps"][2]["failures"][0]["causes"][2]["felt_at"] = ["collect"]
    got = causes(write(tmp_path, data))
    assert got["look-alike"]["surfaces_at"] == ["take-home"]  # the failure's
    assert got["wrong-drug.2"]["surfaces_at"] == ["take-home"]  # the failure's
    assert got["label-printer"]["surfaces_at"] == ["collect"]  # its own wins
    assert all(got[k]["felt_at_given"] for k in got)


def test_each_chain_row_of_the_table_and_csv_says_where_it_is_felt(felt: Path) -> None:
    table = invoke("fmea", str(felt), "--width", "220")
    rows = {line.split()[0]: line for line in table.splitlines() if line[:1] == "F" and line[1:2].isdigit()}
    assert rows["F1"].rstrip().endswith("take-home")  # look-alike
    assert rows["F2"].rstrip().endswith("collect")  # wrong-drug.2
    text = invoke("fmea", str(felt), "--format", "csv").lstrip("\ufeff")
    by_ref = {r["ref"]: r for r in csv.DictReader(io.StringIO(text))}
    assert (by_ref["F1"]["surfaces_at"], by_ref["F1"]["felt_at_given"]) == ("take-home", "true")
    assert (by_ref["F2"]["surfaces_at"], by_ref["F2"]["felt_at_given"]) == ("collect", "false")


def test_the_diagram_marks_a_chain_only_where_it_is_felt(felt: Path) -> None:
    diagram = build_diagram(Analysis(load_blueprint(str(felt))))
    at_home = [c.ref for c in diagram.felt_at["take-home"]]
    at_collect = [c.ref for c in diagram.felt_at["collect"]]
    assert at_home == ["F1"]  # only the look-alike chain (S10 O4 D7, H)
    assert "F1" not in at_collect and "F2" in at_collect
    assert diagram.felt["take-home"].ap == "H"
    assert diagram.felt["collect"].ap == "M"  # wrong-drug.2 (M), wrong-dose (M), label-printer (L)


@pytest.mark.parametrize(
    ("target", "code", "text"),
    [
        ("take-hom", "BP003", "felt_at names unknown step 'take-hom', did you mean 'take-home'?"),
        ("dispense", "BP015", "felt_at names frontstage step 'dispense'"),
    ],
)
def test_a_cause_felt_at_names_customer_steps_only(tmp_path: Path, target: str, code: str, text: str) -> None:
    data = pharmacy()
    data["steps"][2]["failures"][0]["causes"][0]["felt_at"] = [target]
    path = write(tmp_path, data)
    out = invoke("check", str(path), code=1)
    line = next(x for x in out.splitlines() if f" {code} " in x)
    assert text in line
    # the item of the cause's felt_at list: the line of the target after "felt_at" in the JSON text
    lines = path.read_text().splitlines()
    key = next(i for i, x in enumerate(lines) if '"felt_at"' in x)
    want = next(i for i, x in enumerate(lines, start=1) if i > key and f'"{target}"' in x)
    assert line.startswith(f"{path}:{want}:")
    if code == "BP015":
        assert "did you mean 'collect'?" in line  # the counter's interaction partner
    result = entry("fmea", str(path))  # unusable for every other command: one line, exit 2
    assert result.exit_code == 2 and result.output.count("\n") == 1


def test_each_chain_has_its_planned_residual(felt: Path, tmp_path: Path) -> None:
    got = causes(felt)
    # look-alike: open action S10 O1 D7, RPN 70: S9-10 with O1 is L in the AIAG-VDA table
    assert got["look-alike"]["planned"] == {
        "severity": 10,
        "occurrence": 1,
        "detection": 7,
        "rpn": 70,
        "ap": "L",
    }
    # wrong-drug.2: an open action without revised ratings and a done one: nothing planned
    assert got["wrong-drug.2"]["planned"] is None
    assert got["label-printer"]["planned"] is None
    # the mode once the plan is done: its worst chain is then wrong-drug.2 at its residual
    # (S10 O2 D5 after the done action, RPN 100, M)
    assert got[""]["planned"] == {"severity": 10, "occurrence": 2, "detection": 5, "rpn": 100, "ap": "M"}
    table = invoke("fmea", str(felt), "--width", "220")
    f1 = next(line for line in table.splitlines() if line.startswith("F1 "))
    assert "plan L" in table.split("F1 ", 1)[1].split("\nF2 ", 1)[0] and "plan L" not in f1.split("H", 1)[0]
    text = invoke("fmea", str(felt), "--format", "csv").lstrip("\ufeff")
    by_ref = {r["ref"]: r for r in csv.DictReader(io.StringIO(text))}
    assert (by_ref["F1"]["planned_occurrence"], by_ref["F1"]["planned_ap"]) == ("1", "L")
    assert by_ref["F2"]["planned_ap"] == ""
    md = invoke("fmea", str(felt), "--format", "markdown")
    f1_md = next(line for line in md.splitlines() if line.startswith("| F1 "))
    assert "plan L" in f1_md
    html = invoke("fmea", str(felt), "--format", "html")
    assert "plan L" in html
    report = invoke("report", str(felt), "--format", "markdown", "-o", "-", "--today", "2026-05-01")
    assert "F1 H O4 D7, planned L, RPN 70: Look-alike packages side by side" in report
    sheet = tmp_path / "sheet.csv"
    invoke("export", str(felt), "-o", str(sheet))
    rows = list(csv.DictReader(io.StringIO(sheet.read_text(encoding="utf-8-sig"))))
    planned = {(r["Failure ID"], r["Cause ID"]): r["Planned AP"] for r in rows}
    assert planned["wrong-drug", "look-alike"] == "L"
    assert planned["wrong-drug", "wrong-drug.2"] == ""


def test_the_report_says_where_each_chain_is_felt_when_they_differ(felt: Path) -> None:
    report = invoke("report", str(felt), "--format", "markdown", "-o", "-", "--today", "2026-05-01")
    assert "Look-alike packages side by side (felt at Take the medicine at home)" in report
    assert "Prescription typed in the wrong field (felt at Collect the medicine)" in report

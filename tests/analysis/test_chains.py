"""Failure chains: a mode with several causes, each rated and gated on its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from blueprint.analysis.core import Analysis
from blueprint.cli.main import cli
from blueprint.load.loader import load_bytes, load_file, require_valid
from blueprint.rules import Options, run_rules
from tests.helpers import pharmacy_text

CHAINS = pharmacy_text()


def _load(text: str):
    return require_valid(load_bytes(text.encode("utf-8"), "p.blueprint.yaml"))


def test_each_cause_is_a_chain_with_its_own_ap_and_the_mode_takes_the_worst() -> None:
    scored = Analysis(_load(CHAINS)).scored[0]
    # S10 with O/D (4,7), (3,5), (1,2): the AIAG-VDA table gives H, M and L
    assert [(c.id, c.ap, c.rpn) for c in scored.chains] == [
        ("look-alike", "H", 280),
        ("wrong-drug.2", "M", 150),
        ("label-printer", "L", 20),
    ]
    assert (scored.ap, scored.rpn, scored.ratings.occurrence, scored.ratings.detection) == ("H", 280, 4, 7)


def test_bp007_only_at_the_h_cause_without_action_and_an_action_clears_it(tmp_path: Path) -> None:
    path = tmp_path / "p.blueprint.yaml"
    path.write_text(CHAINS, encoding="utf-8")
    found = [f for f in run_rules(load_file(str(path)), Options()) if f.code == "BP007"]
    assert [(f.line, f.code) for f in found] == [(20, "BP007")]  # the look-alike cause's entry
    assert "look-alike" in found[0].message
    fixed = CHAINS.replace(
        "            occurrence: 4\n            detection: 7\n",
        "            occurrence: 4\n            detection: 7\n"
        "            actions: [{title: Separate look-alike shelves, status: open}]\n",
    )
    path.write_text(fixed, encoding="utf-8")
    assert not [f for f in run_rules(load_file(str(path)), Options()) if f.code == "BP007"]


def test_the_table_shows_a_row_per_chain_under_the_mode(tmp_path: Path) -> None:
    path = tmp_path / "p.blueprint.yaml"
    path.write_text(CHAINS, encoding="utf-8")
    out = CliRunner().invoke(cli, ["fmea", str(path), "--format", "markdown"]).output
    rows = [line for line in out.splitlines() if line.startswith("| F")][:3]
    # numbered by AP, severity, RPN: F3 is wrong-dose (S10 O4 D1, AP M, RPN 40), a mode of its own
    assert [row.split(" | ")[0] for row in rows] == ["| F1", "| F2", "| F4"]
    assert rows[0].count("Wrong drug handed over") == 1 and "↳ Look-alike packages side by side" in rows[0]
    assert "Wrong drug" not in rows[1] and "↳ Prescription typed in the wrong field" in rows[1]
    assert [" H " in rows[0], " M " in rows[1], " L " in rows[2]] == [True, True, True]


def test_json_lists_the_chains_and_the_mode_carries_the_worst(tmp_path: Path) -> None:
    path = tmp_path / "p.blueprint.yaml"
    path.write_text(CHAINS, encoding="utf-8")
    data = json.loads(CliRunner().invoke(cli, ["fmea", str(path), "--format", "json"]).output)
    failure = data["failures"][0]
    assert (failure["occurrence"], failure["detection"], failure["rpn"], failure["ap"]) == (4, 7, 280, "H")
    assert failure["cause"] == "Look-alike packages side by side"
    assert [c["id"] for c in failure["causes"]] == ["look-alike", "wrong-drug.2", "label-printer"]
    assert [c["ap"] for c in failure["causes"]] == ["H", "M", "L"]
    assert failure["causes"][1]["actions"][0]["title"] == "Barcode scan at the counter"


def test_the_occurrence_shares_of_the_causes_combine() -> None:
    """Affected share 1 - Π(1 - p_c): O4, O3, O1 are 1, 0.5 and 0.01 per thousand."""
    text = CHAINS + "economics: {customers: 100000, revenue_per_customer: 100}\n"
    scored = Analysis(_load(text)).scored[0]
    from blueprint.analysis.economics import breakdown

    share = breakdown(scored_bp := _load(text), scored_bp.failures[0]).share
    assert share == pytest.approx(1 - (1 - 0.001) * (1 - 0.0005) * (1 - 0.00001))
    # at risk = customers x share x lost share x revenue (TARP 'over $100' defaults)
    lost = (1 - 0.05) * (1 - 0.09) + 0.05 * 0.5 * (1 - 0.54) + 0.05 * 0.5 * (1 - 0.19)
    assert scored.at_risk == pytest.approx(100000 * share * lost * 100)


def test_revised_severity_of_one_cause_applies_to_the_whole_mode() -> None:
    text = CHAINS.replace(
        "revised: {severity: 10, occurrence: 2, detection: 5}",
        "revised: {severity: 8, occurrence: 2, detection: 2}",
    )
    scored = Analysis(_load(text)).scored[0]
    residuals = {c.id: c.residual for c in scored.chains}
    assert (residuals["wrong-drug.2"].severity, residuals["wrong-drug.2"].occurrence) == (8, 2)
    # the other causes keep their O and D but take the mode's revised severity
    assert (residuals["look-alike"].severity, residuals["look-alike"].occurrence) == (8, 4)


@pytest.mark.parametrize("key", ["occurrence", "cause", "actions"])
def test_chain_fields_on_the_mode_are_a_clear_schema_error(key: str) -> None:
    value = {"occurrence": "5", "cause": "x", "actions": "[]"}[key]
    text = CHAINS.replace("        severity: 10\n", f"        severity: 10\n        {key}: {value}\n", 1)
    loaded = load_bytes(text.encode("utf-8"), "p.blueprint.yaml")
    (problem,) = loaded.problems
    assert "move them into a cause" in problem.msg.text("en")
    assert loaded.source.pos(problem.path, key=problem.at_key)[0] == 19


def test_a_cause_id_shares_the_one_id_namespace() -> None:
    text = CHAINS.replace("id: label-printer", "id: dispense")
    found = [f for f in run_rules(load_bytes(text.encode("utf-8"), "p.blueprint.yaml")) if f.code == "BP002"]
    assert len(found) == 1 and "dispense" in found[0].message

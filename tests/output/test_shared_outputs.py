"""``fmea`` on journeys that include shared files: the shared failures that reach each
journey, with that journey's money; ``from:`` reuse; the marks in every format."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DATA
from tests.helpers import invoke_ok

SHARED = DATA / "shared"


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "shop"
    shutil.copytree(SHARED, folder)
    return folder


def _failures(path: Path, *args: str) -> dict[str, dict[str, Any]]:
    data = json.loads(invoke_ok("fmea", str(path), "--format", "json", *args))
    return {f["id"]: f for f in data["failures"]}


def test_each_journey_lists_the_shared_failures_that_reach_it() -> None:
    booking = _failures(SHARED / "booking.blueprint.yaml")
    visit = _failures(SHARED / "visit.blueprint.yaml")
    # booking uses the records and the gateway; the visit only the records
    assert sorted(booking) == ["card-declined-std", "charged-twice-here", "crm-down", "double-charge"]
    assert sorted(visit) == ["crm-down"]
    assert booking["crm-down"]["surfaces_at"] == ["order"] and visit["crm-down"]["surfaces_at"] == ["arrive"]
    for f in (booking["crm-down"], booking["double-charge"], visit["crm-down"]):
        assert f["shared_from"] == "tests/data/shared/systems.blueprint.yaml"
        assert (f["from"], f["overrides"]) == (None, [])
    assert booking["charged-twice-here"]["shared_from"] is None


def test_the_money_at_risk_is_each_journeys_own() -> None:
    booking = _failures(SHARED / "booking.blueprint.yaml")["crm-down"]
    visit = _failures(SHARED / "visit.blueprint.yaml")["crm-down"]
    # same failure, same share of customers, same severity band: money scales with the
    # journey's customers x revenue (10,000 x 500 against 4,000 x 300)
    assert booking["at_risk"] / visit["at_risk"] == pytest.approx(10_000 * 500 / (4_000 * 300))


def test_a_rating_changed_in_the_shared_file_changes_every_journey(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    journeys = [folder / "booking.blueprint.yaml", folder / "visit.blueprint.yaml"]
    before = [_failures(j)["crm-down"] for j in journeys]
    assert [(f["occurrence"], f["rpn"], f["ap"]) for f in before] == [(6, 378, "H")] * 2
    shared = folder / "systems.blueprint.yaml"
    shared.write_text(shared.read_text().replace("occurrence: 6", "occurrence: 2", 1), encoding="utf-8")
    after = [_failures(j)["crm-down"] for j in journeys]
    assert [(f["occurrence"], f["rpn"]) for f in after] == [(2, 9 * 2 * 7)] * 2
    assert all(
        a["at_risk"] == b["at_risk"] for a, b in zip(after, before, strict=True)
    )  # affected is unchanged
    table = invoke_ok("fmea", str(journeys[1]))
    assert " 9  2  7  126 " in table


def test_the_same_journey_written_in_one_file_scores_the_same(tmp_path: Path) -> None:
    """Propagation through included steps is the rule on one graph: inline the shared steps
    (without the failure reusing one) and every score and place is the same."""
    shared = (SHARED / "systems.blueprint.yaml").read_text()
    steps = shared.split("steps:\n", 1)[1]
    booking = (SHARED / "booking.blueprint.yaml").read_text()
    booking = booking.replace("include: [systems.blueprint.yaml]\n", "")
    booking = booking.split("    failures:\n      - id: charged-twice-here")[0]
    booking = booking.replace("economics:", "") + steps
    booking += "economics: {customers: 10000, revenue_per_customer: 500, currency: EUR}\n"
    inline = tmp_path / "inline.blueprint.yaml"
    inline.write_text(booking, encoding="utf-8")
    one = _failures(inline)
    included = _failures(SHARED / "booking.blueprint.yaml")
    included.pop("charged-twice-here")
    keys = ("surfaces_at", "severity", "occurrence", "detection", "rpn", "ap", "at_risk")
    assert {i: [f[k] for k in keys] for i, f in one.items()} == {
        i: [f[k] for k in keys] for i, f in included.items()
    }


def test_a_reused_failure_takes_the_shared_one_and_overrides_what_it_says() -> None:
    f = _failures(SHARED / "booking.blueprint.yaml")["charged-twice-here"]
    assert (f["from"], f["overrides"]) == ("double-charge", ["occurrence"])
    assert (f["step"], f["mode"], f["effect"]) == (
        "confirm",
        "Card charged twice",
        "The customer is charged twice",
    )
    assert f["cause"] == "Retry without idempotency key"
    assert f["controls"] == {"prevention": "None", "detection": "Daily reconciliation"}
    assert (f["severity"], f["occurrence"], f["detection"]) == (8, 2, 5)
    assert (f["rpn"], f["ap"]) == (80, "M")
    assert [a["title"] for a in f["actions"]] == ["Idempotency keys on retries"]


def test_the_table_marks_shared_and_reused_rows_in_both_languages() -> None:
    path = str(SHARED / "booking.blueprint.yaml")
    table = invoke_ok("fmea", path)
    assert table.count("⇄ shared") == 4  # crm-down, double-charge, card-declined-std and the note
    assert "↺ double-" in table and "occurrence" in table
    assert "⇄ shared: a failure of a shared system this journey includes" in table
    chinese = invoke_ok("fmea", path, "--lang", "zh-TW", "--format", "markdown")
    assert chinese.count("⇄ 共用") == 4  # three rows and the note
    assert "↺ double-charge；本檔：occurrence" in chinese
    visit = invoke_ok("fmea", str(SHARED / "visit.blueprint.yaml"), "--format", "markdown")
    assert "↺" not in visit.split("\n- ")[0] and visit.count("⇄ shared") == 2  # the row and the note


def test_html_rows_and_csv_columns_say_it_too() -> None:
    path = str(SHARED / "booking.blueprint.yaml")
    html = invoke_ok("fmea", path, "--format", "html")
    assert '<tr id="failure-crm-down" class="shared">' in html
    assert '<tr id="failure-charged-twice-here" class="reused">' in html
    assert "Card charged twice<br>↺ double-charge; here: occurrence" in html
    text = invoke_ok("fmea", path, "--format", "csv").lstrip("\ufeff")
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(text))}
    assert (rows["charged-twice-here"]["from"], rows["charged-twice-here"]["overrides"]) == (
        "double-charge",
        "occurrence",
    )
    assert rows["charged-twice-here"]["shared_from"] == ""
    assert rows["crm-down"]["shared_from"] == "tests/data/shared/systems.blueprint.yaml"
    assert rows["crm-down"]["mode"] == "Customer records unavailable"  # the mark is for people only

"""``blueprint portfolio`` on journeys that include a shared file: the hospital example, and
copies of it changed the way a consultant would change them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

import blueprint.load.include as include
from tests.conftest import ROOT
from tests.helpers import entry, invoke

HOSPITAL = ROOT / "examples" / "hospital"
SHARED = "hospital-systems.blueprint.yaml"
JOURNEYS = ["admission", "appointment-booking", "outpatient-visit"]


def _json(*args: str) -> dict[str, Any]:
    result = invoke(*args, catch=False)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _by_id(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {x["id"]: x for x in data["failures"]}


@pytest.fixture
def hospital(tmp_path: Path) -> Path:
    folder = tmp_path / "hospital"
    shutil.copytree(HOSPITAL, folder)
    return folder


def test_a_shared_failure_is_one_row_with_every_journey_and_their_money_summed() -> None:
    data = _json("portfolio", str(HOSPITAL), "--format", "json")
    assert [j["file"].rsplit("/", 1)[-1] for j in data["portfolio"]] == [
        f"{n}.blueprint.yaml" for n in JOURNEYS
    ]
    ids = [x["id"] for x in data["failures"]]
    assert len(ids) == len(set(ids))
    singles = [_json("fmea", str(HOSPITAL / f"{n}.blueprint.yaml"), "--format", "json") for n in JOURNEYS]
    for x in data["failures"]:
        # each journey's own fmea lists the failure where the portfolio says it reaches
        seen = [(s["file"], f) for s in singles for f in s["failures"] if f["id"] == x["id"]]
        assert [j["file"] for j in x["journeys"]] == [file for file, _ in seen]
        assert [j["at_risk"] for j in x["journeys"]] == [f["at_risk"] for _, f in seen]
        assert [j["ref"] for j in x["journeys"]] == [f["ref"] for _, f in seen]
        assert [j["surfaces_at"] for j in x["journeys"]] == [f["surfaces_at"] for _, f in seen]
        assert x["at_risk_total"] == pytest.approx(sum(f["at_risk"] for _, f in seen), abs=0.01)
    reg = _by_id(data)["reg-system-down"]
    assert reg["shared"] and reg["file"].endswith(SHARED) and len(reg["journeys"]) == 3
    assert _by_id(data)["bed-status-stale"]["journeys"][0]["title"] == "住院：從入院到出院"
    assert len(_by_id(data)["bed-status-stale"]["journeys"]) == 1  # only admission relies on the beds


def test_from_overrides_show_in_json_and_table() -> None:
    data = _json("portfolio", str(HOSPITAL), "--format", "json")
    kiosk = _by_id(data)["kiosk-card-read-fail"]
    shared = _by_id(data)["card-read-fail"]
    assert (kiosk["from"], kiosk["overrides"]) == ("card-read-fail", ["controls", "occurrence"])
    assert kiosk["occurrence"] == 2 and shared["occurrence"] == 6
    assert kiosk["mode"] == shared["mode"] and kiosk["severity"] == shared["severity"]
    assert not kiosk["shared"] and kiosk["file"].endswith("appointment-booking.blueprint.yaml")
    table = invoke("portfolio", str(HOSPITAL), "--lang", "en", "--width", "200", catch=False).output
    assert "↺ card-read-fail; here: controls, occurrence" in table


def test_a_rating_changed_in_the_shared_file_changes_every_journey(hospital: Path) -> None:
    before = _by_id(_json("portfolio", str(hospital), "--format", "json"))["reg-system-down"]
    shared = hospital / SHARED
    text = shared.read_text(encoding="utf-8")
    shared.write_text(text.replace("        severity: 7\n", "        severity: 9\n", 1), encoding="utf-8")
    include.clear_cache()
    after = _by_id(_json("portfolio", str(hospital), "--format", "json"))["reg-system-down"]
    assert (before["severity"], after["severity"]) == (7, 9)
    assert len(after["journeys"]) == 3
    for n in JOURNEYS:
        single = _by_id(_json("fmea", str(hospital / f"{n}.blueprint.yaml"), "--format", "json"))
        assert single["reg-system-down"]["severity"] == 9
    # serious failures lose more customers: every journey's money went up
    assert all(
        a["at_risk"] > b["at_risk"] for a, b in zip(after["journeys"], before["journeys"], strict=True)
    )


def test_each_shared_file_is_read_once(hospital: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for k in range(20):
        shutil.copy(hospital / "admission.blueprint.yaml", hospital / f"copy-{k:02}.blueprint.yaml")
    reads: list[str] = []
    real = include._read

    def counting(path: str, shown: str) -> Any:
        reads.append(path)
        return real(path, shown)

    monkeypatch.setattr(include, "_read", counting)
    include.clear_cache()
    data = _json("portfolio", str(hospital), "--format", "json", "--jobs", "1")
    assert len(data["portfolio"]) == 23
    assert reads == [str((hospital / SHARED).resolve())]


def test_jobs_give_the_same_bytes_with_includes(hospital: Path) -> None:
    for k in range(16):
        name = f"{JOURNEYS[k % 3]}.blueprint.yaml"
        shutil.copy(hospital / name, hospital / f"c{k:02}.blueprint.yaml")
    args = ("portfolio", str(hospital), "--format", "json")
    one = invoke(*args, "--jobs", "1", catch=False).stdout_bytes
    two = invoke(*args, "--jobs", "2", catch=False).stdout_bytes
    assert one == two and len(json.loads(one)["portfolio"]) == 19


def test_the_shared_file_alone_is_no_portfolio() -> None:
    result = entry("portfolio", str(HOSPITAL / SHARED), "--lang", "en")
    assert result.exit_code == 2
    assert "no journeys in" in result.stderr


def test_fail_on_h_finds_the_one_h_failure() -> None:
    result = entry("portfolio", str(HOSPITAL), "--fail-on", "H", "--lang", "en", "--format", "json")
    assert result.exit_code == 1
    h = [x["id"] for x in json.loads(result.stdout)["failures"] if x["ap"] == "H"]
    assert result.stderr == f"{len(h)} failure modes at or above AP H\n"

"""``blueprint portfolio`` as a user runs it: every format read back by a real parser, the
money checked against each journey's own ``fmea --format json``, the gate, -o and --jobs."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from blueprint.common.paths import display_path
from tests.conftest import ROOT
from tests.helpers import entry, invoke

TW = ["premium-tour-meals", "promo-card", "telecom-sim-swap"]  # the examples in TWD
FILES = [str(ROOT / "examples" / f"{name}.blueprint.yaml") for name in TW]

SHARED_FILE = """\
blueprint: 1
kind: shared
title: Shared systems
steps:
  - id: his
    lane: support
    title: Hospital information system
    failures:
      - {id: his-down, mode: HIS down, effect: No records, severity: 9, occurrence: 4, detection: 6}
"""


def _json(*args: str) -> dict:  # type: ignore[type-arg]
    result = invoke(*args, catch=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_json_lists_every_failure_once_with_its_journey_and_the_fmea_contract() -> None:
    data = _json("portfolio", *FILES, "--format", "json")
    assert [j["file"].rsplit("/", 1)[-1] for j in data["portfolio"]] == [f"{n}.blueprint.yaml" for n in TW]
    singles = {d["file"]: d for d in (_json("fmea", f, "--format", "json") for f in FILES)}
    expected = {(d["file"], x["id"]): x for d in singles.values() for x in d["failures"]}
    got = {(x["file"], x["id"]): x for x in data["failures"]}
    assert got.keys() == expected.keys()
    for key, x in got.items():
        single = expected[key]
        # every field of the fmea contract is there, with the same values but the rank and refs
        assert set(single) <= set(x)
        for field in ("mode", "severity", "occurrence", "detection", "rpn", "ap", "residual", "actions"):
            assert x[field] == single[field], (key, field)
        assert x["journeys"] == [
            {
                "file": key[0],
                "title": singles[key[0]]["blueprint"],
                "ref": single["ref"],
                "surfaces_at": single["surfaces_at"],
                "at_risk": single["at_risk"],
            }
        ]
        assert x["at_risk_total"] == single["at_risk"]
    assert [x["rank"] for x in data["failures"]] == list(range(1, len(got) + 1))
    totals = sum(d["totals"]["at_risk_upper_bound"] for d in singles.values())
    assert data["at_risk_total"] == pytest.approx(totals, abs=0.05)


def test_the_json_matrix_counts_the_chains_of_the_ranking() -> None:
    data = _json("portfolio", *FILES, "--format", "json")
    cells = [[0] * 10 for _ in range(10)]
    for x in data["failures"]:
        for c in x["causes"]:
            cells[10 - x["severity"]][c["occurrence"] - 1] += 1
    assert data["matrix"]["rows"] == "severity 10..1"
    assert data["matrix"]["columns"] == "occurrence 1..10"
    assert data["matrix"]["cells"] == cells


def test_csv_reads_back_row_for_row() -> None:
    result = invoke("portfolio", *FILES, "--format", "csv", catch=False)
    raw = result.stdout_bytes
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    data = _json("portfolio", *FILES, "--format", "json")
    assert [(r["rank"], r["id"], r["ap"]) for r in rows] == [
        (str(x["rank"]), x["id"], x["ap"]) for x in data["failures"]
    ]
    assert all(r["journeys_reached"] == "1" and r["currency"] == "TWD" for r in rows)


def test_table_and_markdown_show_the_ranking_summary_and_matrix() -> None:
    table = invoke("portfolio", *FILES, "--lang", "en", "--width", "160", catch=False).output
    folder = display_path(str(ROOT / "examples"))
    assert table.startswith(f"Portfolio of 3 journeys in {folder}/ (AP profile: aiag-vda-2019)")
    assert "3 journeys, 18 failure modes (0 from shared files): H 9, M 6, L 3." in table
    assert "Risk matrix: portfolio" in table
    md = invoke("portfolio", *FILES, "--format", "markdown", "--lang", "zh-TW", catch=False).output
    rows = [line for line in md.splitlines() if line.startswith("| ") and line[2:3].isdigit()]
    assert len(rows) == 18
    assert len([line for line in md.splitlines() if line.startswith("| **")]) == 10  # the matrix's rows
    assert f"**{folder}/ 中的 3 條旅程組合（AP 表：aiag-vda-2019）**" in md


def test_a_shared_file_is_not_a_journey_and_a_folder_of_only_shared_files_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "systems.blueprint.yaml").write_text(SHARED_FILE, encoding="utf-8")
    result = entry("portfolio", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == f"blueprint: no journeys in {tmp_path} (shared files are not journeys)\n"
    shutil.copy(FILES[0], tmp_path / "z.blueprint.yaml")
    data = _json("portfolio", str(tmp_path), "--format", "json")
    assert [j["title"] for j in data["portfolio"]] == ["高價團餐食客訴"]


def test_fail_on_exits_1_after_writing_when_a_failure_is_at_or_above_the_level(tmp_path: Path) -> None:
    text = (ROOT / "examples" / "promo-card.blueprint.yaml").read_text(encoding="utf-8")
    data = _json("portfolio", FILES[1], "--format", "json")
    aps = {x["ap"] for x in data["failures"]}
    assert aps == {"H", "M", "L"}
    for level, code in (("H", 1), ("M", 1), ("L", 1), ("none", 0)):
        result = entry("portfolio", FILES[1], "--fail-on", level, "--format", "json", "--lang", "en")
        assert result.exit_code == code, (level, result.output)
        assert json.loads(result.stdout)["failures"]  # the output is written first
        if code:
            n = sum("HML".index(x["ap"]) <= "HML".index(level) for x in data["failures"])
            assert result.stderr == f"{n} failure modes at or above AP {level}\n"
    assert text  # the example is untouched


def test_o_writes_the_file_and_says_so(tmp_path: Path) -> None:
    target = tmp_path / "p.json"
    target.write_text("old", encoding="utf-8")
    result = entry("portfolio", *FILES, "--format", "json", "-o", str(target), "--lang", "en")
    assert result.exit_code == 0
    assert result.stderr == f"wrote {target}\n"
    assert json.loads(target.read_text(encoding="utf-8"))["failures"]


def test_jobs_gives_the_same_bytes_as_one_process(tmp_path: Path) -> None:
    for n in range(18):  # enough files for worker processes
        shutil.copy(FILES[n % 3], tmp_path / f"j{n:02}.blueprint.yaml")
    one = invoke("portfolio", str(tmp_path), "--format", "json", "--jobs", "1", catch=False).stdout_bytes
    two = invoke("portfolio", str(tmp_path), "--format", "json", "--jobs", "2", catch=False).stdout_bytes
    assert one == two
    assert len(json.loads(one)["portfolio"]) == 18


def test_the_file_name_order_does_not_depend_on_the_order_given() -> None:
    forward = invoke("portfolio", *FILES, "--format", "json", catch=False).stdout_bytes
    backward = invoke("portfolio", *reversed(FILES), "--format", "json", catch=False).stdout_bytes
    assert forward == backward


def test_a_missing_path_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = entry("portfolio", str(tmp_path / "nope.blueprint.yaml"))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "nope.blueprint.yaml" in result.stderr


def test_different_currencies_are_a_usage_error() -> None:
    usd = str(ROOT / "examples" / "fedex-tracking.blueprint.yaml")
    result = entry("portfolio", FILES[0], usd, "--lang", "en")
    assert result.exit_code == 2
    assert "different currencies" in result.stderr and "(USD)" in result.stderr

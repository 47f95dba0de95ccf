"""Journeys that include shared files: a shared file's findings once, at its own lines; ids
defined in two files are BP002 naming both; the journey's own findings stay on it."""

from __future__ import annotations

import contextlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from blueprint.load.loader import load_file
from blueprint.rules import Options, run_rules
from tests.conftest import DATA
from tests.helpers import invoke

Write = Callable[..., Path]

SYSTEMS = """\
blueprint: 1
kind: shared
title: Systems
steps:
  - id: crm
    lane: support
    title: Customer records
    failures:
      - {id: crm-down, mode: Records unavailable, severity: 9, occurrence: 6, detection: 7}
"""

JOURNEY = """\
blueprint: 1
title: Visit {n}
include: [systems.blueprint.yaml]
steps:
  - {{id: arrive, lane: customer, title: Arrive, next: [greet]}}
  - {{id: greet, lane: frontstage, title: Greet, uses: [crm, crn]}}
"""


def _folder(tmp_path: Path, journeys: int = 3) -> Path:
    (tmp_path / "systems.blueprint.yaml").write_text(SYSTEMS, encoding="utf-8")
    for n in range(journeys):
        (tmp_path / f"visit{n}.blueprint.yaml").write_text(JOURNEY.format(n=n), encoding="utf-8")
    return tmp_path


def _check_json(folder: Path, *args: str) -> list[dict[str, object]]:
    with contextlib.chdir(folder):
        result = invoke("check", "--format", "json", *args)
    assert result.exit_code == 1, result.output
    found: list[dict[str, object]] = json.loads(result.stdout)
    return found


@pytest.mark.parametrize("jobs", ["1", "4"])
def test_a_folder_reports_the_shared_files_finding_once(tmp_path: Path, jobs: str) -> None:
    found = _check_json(_folder(tmp_path, 20), ".", "--jobs", jobs)
    shared = [f for f in found if f["path"] == "systems.blueprint.yaml"]
    assert [(f["code"], f["line"], f["col"]) for f in shared] == [("BP007", 9, 9)]
    # each journey keeps its own finding: 'uses' of a missing id, at its own line
    own = sorted(f["path"] for f in found if f["code"] == "BP003")
    assert own == sorted(f"visit{n}.blueprint.yaml" for n in range(20))
    assert all(f["line"] == 6 for f in found if f["code"] == "BP003")


def test_journeys_named_one_by_one_bring_their_shared_file_once(tmp_path: Path) -> None:
    found = _check_json(_folder(tmp_path), "visit0.blueprint.yaml", "visit2.blueprint.yaml")
    assert sorted((f["path"], f["code"]) for f in found) == [
        ("systems.blueprint.yaml", "BP007"),
        ("visit0.blueprint.yaml", "BP003"),
        ("visit2.blueprint.yaml", "BP003"),
    ]


def test_sarif_and_github_name_the_shared_file(tmp_path: Path) -> None:
    folder = _folder(tmp_path, 2)
    with contextlib.chdir(folder):
        sarif = json.loads(invoke("check", "--format", "sarif", ".").stdout)
        github = invoke("check", "--format", "github", ".").stdout
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]
    ]
    assert uris.count("systems.blueprint.yaml") == 1
    assert github.count("file=systems.blueprint.yaml,line=9") == 1


def test_the_journey_alone_reports_no_shared_finding(tmp_path: Path) -> None:
    folder = _folder(tmp_path, 1)
    loaded = load_file(str(folder / "visit0.blueprint.yaml"), "visit0.blueprint.yaml")
    codes = [(f.path, f.code) for f in run_rules(loaded, Options())]
    assert codes == [("visit0.blueprint.yaml", "BP003")]  # crn; crm-down's BP007 is the shared file's


def test_an_id_in_the_journey_and_a_shared_file_is_bp002_naming_both(write: Write) -> None:
    write(SYSTEMS, "systems.blueprint.yaml")
    text = JOURNEY.format(n=1).replace("crm, crn", "crm") + "  - {id: crm, lane: support, title: Own CRM}\n"
    path = write(text, "j.blueprint.yaml")
    found = run_rules(load_file(str(path), "j.blueprint.yaml"), Options())
    dup = [f for f in found if f.code == "BP002"]
    assert len(dup) == 1
    assert (dup[0].path, dup[0].line) == ("j.blueprint.yaml", 7)
    assert (
        "'crm'" in dup[0].message
        and "systems.blueprint.yaml" in dup[0].message
        and "line 5" in dup[0].message
    )


def test_a_failure_id_of_two_shared_files_is_bp002_at_the_second_include(write: Write) -> None:
    write(SYSTEMS, "systems.blueprint.yaml")
    write(SYSTEMS.replace("id: crm\n", "id: crm2\n"), "more.blueprint.yaml")
    text = JOURNEY.format(n=1).replace("crm, crn", "crm, crm2")
    text = text.replace(
        "include: [systems.blueprint.yaml]", "include:\n  - systems.blueprint.yaml\n  - more.blueprint.yaml"
    )
    path = write(text, "j.blueprint.yaml")
    found = [f for f in run_rules(load_file(str(path), "j.blueprint.yaml"), Options()) if f.code == "BP002"]
    assert [(f.line, f.col) for f in found] == [(5, 5)]
    assert "more.blueprint.yaml" in found[0].message and "systems.blueprint.yaml" in found[0].message
    assert "'crm-down'" in found[0].message and "line 9" in found[0].message


def test_bp002_in_chinese(write: Write) -> None:
    write(SYSTEMS, "systems.blueprint.yaml")
    text = JOURNEY.format(n=1).replace("crm, crn", "crm") + "  - {id: crm, lane: support, title: Own CRM}\n"
    path = write(text, "j.blueprint.yaml")
    dup = [f for f in run_rules(load_file(str(path), "j.blueprint.yaml"), Options()) if f.code == "BP002"]
    assert dup[0].text_in("zh-TW").endswith("systems.blueprint.yaml 第 5 行使用過")


def test_the_data_folder_checks_its_shared_finding_once(tmp_path: Path) -> None:
    shutil.copytree(DATA / "shared", tmp_path / "shop")
    found = _check_json(tmp_path, "shop", "shop/booking.blueprint.yaml")
    assert [(f["path"], f["code"]) for f in found] == [("shop/systems.blueprint.yaml", "BP007")]

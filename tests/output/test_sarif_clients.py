"""SARIF as code scanning and Microsoft's SARIF Multitool see it.

Every result has its own fingerprint (code scanning merges results that share one), and
the log names the tool's home page and each rule's help page. The Multitool's
``validate`` with the SARIF and GitHub rule kinds reports nothing.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from blueprint.cli.main import cli
from tests.conftest import EXAMPLES
from tests.tools import MULTITOOL, require

FORCE = ("--log", "ForceOverwrite")
DUPLICATE = """\
blueprint: 1
title: Twins
steps:
  - id: a
    lane: customer
    title: A
  - id: a
    lane: customer
    title: B
"""


def sarif(runner: CliRunner, *args: str) -> dict[str, Any]:
    result = runner.invoke(cli, ["check", "--format", "sarif", *args])
    assert result.exit_code in (0, 1), result.output
    log: dict[str, Any] = json.loads(result.stdout)
    return log


def prints(log: dict[str, Any]) -> list[tuple[str, int, str]]:
    return [
        (
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["partialFingerprints"]["blueprint/v1"],
        )
        for r in log["runs"][0]["results"]
    ]


def test_results_of_a_duplicated_id_have_their_own_fingerprints(
    runner: CliRunner, write, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(DUPLICATE)
    monkeypatch.chdir(path.parent)
    got = prints(sarif(runner, path.name))
    bp006 = [p for p in got if p[0] == "BP006"]
    assert [line for _, line, _ in bp006] == [4, 7]
    assert len({p for _, _, p in got}) == len(got)
    # stable: an unrelated edit above keeps every alert's fingerprint
    path.write_text(DUPLICATE.replace("title: Twins", "title: Twins\nscenario: S"), encoding="utf-8")
    after = prints(sarif(runner, path.name))
    assert [(code, line + 1, p) for code, line, p in got] == after


def test_fingerprints_are_unique_across_every_example(runner: CliRunner) -> None:
    got = prints(sarif(runner, "--fail-on", "L", *map(str, EXAMPLES)))
    assert got and len({p for _, _, p in got}) == len(got)


def test_log_links_the_tool_and_each_rule(runner: CliRunner, write) -> None:
    driver = sarif(runner, str(write(DUPLICATE)))["runs"][0]["tool"]["driver"]
    assert driver["informationUri"].startswith("https://")
    assert all(rule["helpUri"].startswith("https://") for rule in driver["rules"])


def test_sarif_multitool_validate_reports_nothing(
    runner: CliRunner, write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    require(MULTITOOL.is_file(), "the SARIF Multitool (npm @microsoft/sarif-multitool)")
    path = write(DUPLICATE)
    monkeypatch.chdir(path.parent)
    log = sarif(runner, "--fail-on", "L", path.name, *map(str, EXAMPLES))
    (tmp_path / "in.sarif").write_text(json.dumps(log), encoding="utf-8")
    done = subprocess.run(
        [str(MULTITOOL), "validate", "in.sarif", "-o", "out.sarif", "--rule-kind", "Sarif;Gh", *FORCE],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={"DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))
    found = [(r["ruleId"], r.get("message")) for r in report["runs"][0].get("results") or []]
    assert found == [], found

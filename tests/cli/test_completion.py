"""Shell completion (bash, zsh, fish) through Click, with the ids of the blueprint being edited."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from click.shell_completion import BashComplete, ZshComplete

from blueprint.cli.main import cli
from blueprint.rules import all_rules
from tests.conftest import ROOT
from tests.helpers import blueprint_cmd

EXAMPLE = str(ROOT / "examples" / "telecom-sim-swap.blueprint.yaml")


def complete(shell: str, words: str, cword: int | None = None) -> subprocess.CompletedProcess[str]:
    """What the shell's completion script would get for the command line ``words``."""
    parts = words.split(" ")
    env = os.environ | {
        "_BLUEPRINT_COMPLETE": f"{shell}_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(parts) - 1 if cword is None else cword),
    }
    if shell == "fish":
        env["COMP_CWORD"] = parts[-1]  # fish passes the word being completed
    return subprocess.run(
        blueprint_cmd(), capture_output=True, text=True, encoding="utf-8", env=env, timeout=60
    )


def values(result: subprocess.CompletedProcess[str]) -> list[str]:
    """The completed values in bash's ``type,value`` lines."""
    assert result.returncode == 0, result.stderr
    return [line.split(",", 1)[1] for line in result.stdout.splitlines() if line.startswith("plain,")]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_each_shell_gets_its_script(shell: str) -> None:
    result = subprocess.run(
        blueprint_cmd(),
        capture_output=True,
        text=True,
        env=os.environ | {"_BLUEPRINT_COMPLETE": f"{shell}_source"},
        timeout=60,
    )
    assert result.returncode == 0
    assert "_BLUEPRINT_COMPLETE" in result.stdout
    assert {"bash": "complete -o nosort -F", "zsh": "#compdef blueprint", "fish": "complete --no-files"}[
        shell
    ] in result.stdout


def test_command_names_complete() -> None:
    assert values(complete("bash", "blueprint ch")) == ["check"]
    assert {"check", "fmea", "graph", "explain"} <= set(values(complete("bash", "blueprint ")))


def test_failure_ids_complete_from_the_file_argument() -> None:
    found = values(complete("bash", f"blueprint fmea {EXAMPLE} --explain "))
    assert found == [
        "advice-without-diagnosis",
        "case-note-missing",
        "clerk-blames-hotline",
        "swap-fraud",
        "activate-sim.1",  # a failure without id: is named <step-id>.<n>
        "stale-cell-status",
    ]
    assert values(complete("bash", f"blueprint fmea {EXAMPLE} --explain a")) == [
        "advice-without-diagnosis",
        "activate-sim.1",
    ]
    # options between the file and the one being completed do not matter
    assert "swap-fraud" in values(complete("bash", f"blueprint fmea {EXAMPLE} --top 3 --explain s"))


def test_zsh_and_fish_show_the_failure_mode_next_to_the_id() -> None:
    zsh = complete("zsh", f"blueprint fmea {EXAMPLE} --explain adv").stdout.splitlines()
    assert zsh == ["plain", "advice-without-diagnosis", "未查基地台狀態即建議換卡"]
    fish = complete("fish", f"blueprint fmea {EXAMPLE} --explain adv").stdout
    assert fish == "plain,advice-without-diagnosis\t未查基地台狀態即建議換卡\n"


def test_phase_ids_lanes_languages_and_rule_codes_complete() -> None:
    assert values(complete("bash", f"blueprint fmea {EXAMPLE} --phase ")) == [
        "report",
        "store",
        "verify",
        "followup",
    ]
    assert values(complete("bash", f"blueprint fmea {EXAMPLE} --lane b")) == ["backstage"]
    assert values(complete("bash", f"blueprint graph {EXAMPLE} --lang z")) == ["zh-TW"]
    assert values(complete("bash", "blueprint explain BP00")) == [
        r.code for r in all_rules() if r.code.startswith("BP00")
    ]
    assert values(complete("bash", "blueprint explain unknown-")) == ["unknown-reference"]


def test_files_complete_as_files() -> None:
    assert complete("bash", "blueprint fmea ").stdout == "file,\n"


@pytest.mark.parametrize(
    "words",
    [
        "blueprint fmea missing.blueprint.yaml --explain ",
        f"blueprint fmea {ROOT / 'README.md'} --explain ",
        f"blueprint fmea {ROOT} --phase ",
        "blueprint fmea --explain ",
    ],
)
def test_completion_of_a_bad_command_line_is_silent(words: str) -> None:
    result = complete("bash", words)
    assert result.returncode == 0
    assert result.stderr == ""
    assert values(result) == []


def test_a_mistyped_command_does_not_print_an_error_while_completing() -> None:
    result = complete("bash", "blueprint chek x ")
    assert result.returncode == 0
    assert result.stderr == "" and "Error" not in result.stdout


def test_completion_through_clicks_api(tmp_path: Path) -> None:
    path = tmp_path / "t.blueprint.yaml"
    path.write_text(
        "blueprint: 1\ntitle: T\nphases: [{id: visit, title: 到店}]\nsteps:\n"
        "  - id: pay\n    lane: customer\n    phase: visit\n    title: 付款\n"
        "    failures:\n      - {mode: 刷卡失敗, severity: 5, occurrence: 3, detection: 2}\n"
        "      - {id: slow, mode: 排隊太久, severity: 4, occurrence: 6, detection: 2}\n",
        encoding="utf-8",
    )
    bash = BashComplete(cli, {}, "blueprint", "_BLUEPRINT_COMPLETE")
    items = bash.get_completions(["fmea", str(path), "--explain"], "")
    assert [(i.value, i.help) for i in items] == [("pay.1", "刷卡失敗"), ("slow", "排隊太久")]
    zsh = ZshComplete(cli, {}, "blueprint", "_BLUEPRINT_COMPLETE")
    assert [i.value for i in zsh.get_completions(["fmea", str(path), "--phase"], "v")] == ["visit"]
    # even a file that breaks the format completes what it can
    path.write_text(
        path.read_text(encoding="utf-8").replace("lane: customer", "lane: custmer"), encoding="utf-8"
    )
    assert [i.value for i in bash.get_completions(["fmea", str(path), "--explain"], "s")] == ["slow"]

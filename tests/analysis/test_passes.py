"""One analysis per run: a report computes the propagation once and parses the profile once.

Each output used to recompute what it needed (a report ran the propagation pass four
times and parsed a user profile file 22 times); the counters below are the contract.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import blueprint.analysis.ap
import blueprint.analysis.graph
import blueprint.report
from blueprint.cli.main import cli
from tests.helpers import require_tool

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "telecom-sim-swap.blueprint.yaml"
COUNTED = {
    "propagation": (blueprint.analysis.graph, "_felt_sets"),
    "adjacency": (blueprint.analysis.graph, "_build_adjacency"),
    "profile parse": (blueprint.analysis.ap, "_parse"),
    "report": (blueprint.report, "build_report"),
}


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    counter: Counter[str] = Counter()

    def counting(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            counter[name] += 1
            return real(*args, **kwargs)

        return wrapper

    for name, (module, attr) in COUNTED.items():
        monkeypatch.setattr(module, attr, counting(name, getattr(module, attr)))
    return counter


@pytest.fixture
def house_profile(tmp_path: Path) -> Path:
    """A user profile file (the shipped table under another name): parsing it is what counts."""
    shipped = json.loads((ROOT / "blueprint/analysis/profiles/aiag-vda-2019.json").read_text())
    shipped["name"] = "house"
    path = tmp_path / "house.json"
    path.write_text(json.dumps(shipped), encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", [".html", ".md"])
def test_a_report_runs_each_pass_once(
    calls: Counter[str], house_profile: Path, tmp_path: Path, suffix: str
) -> None:
    if suffix == ".html":
        require_tool("dot")
    out = tmp_path / f"r{suffix}"
    args = ["report", str(EXAMPLE), "-o", str(out), "--profile", str(house_profile)]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert calls == Counter({"propagation": 1, "adjacency": 1, "profile parse": 1, "report": 1})


@pytest.mark.parametrize(
    "command",
    [
        ["fmea", "--format", "json"],
        ["graph", "--format", "json"],
        ["render", "--format", "mermaid", "-o", "-"],
    ],
)
def test_other_commands_run_each_pass_once(
    calls: Counter[str], house_profile: Path, command: list[str]
) -> None:
    args = [command[0], str(EXAMPLE), *command[1:], "--profile", str(house_profile)]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert calls["propagation"] == 1
    assert calls["adjacency"] == 1
    assert calls["profile parse"] == 1

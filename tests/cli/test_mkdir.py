"""``--mkdir`` on the commands that write a file: render, report, export, portfolio, fmea, plan,
graph, import."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from blueprint.cli.main import cli
from tests.conftest import ROOT, blueprint_cmd

GOOD = "examples/fedex-tracking.blueprint.yaml"


@pytest.mark.parametrize(
    ("args", "out"),
    [
        (["render", GOOD, "--format", "mermaid"], "a/b/d.mmd"),
        (["report", GOOD, "--today", "2026-10-15"], "a/b/r.html"),
        (["export", GOOD], "a/b/w.csv"),
        (["portfolio", GOOD, "--format", "json"], "a/b/p.json"),
        (["fmea", GOOD, "--format", "markdown"], "a/b/f.md"),
        (["plan", GOOD, "--budget", "100000"], "a/b/p.txt"),
        (["graph", GOOD, "--format", "json"], "a/b/g.json"),
    ],
)
def test_mkdir_creates_the_folders_and_the_error_names_it(tmp_path: Path, args: list[str], out: str) -> None:
    args = [str(ROOT / a) if a == GOOD else a for a in args]
    target = tmp_path / out
    refused = subprocess.run([*blueprint_cmd(), *args, "-o", str(target)], capture_output=True, text=True)
    assert refused.returncode == 2
    assert refused.stderr.endswith("does not exist (--mkdir creates it)\n")
    assert refused.stderr.count("\n") == 1
    assert not (tmp_path / "a").exists()
    done = CliRunner().invoke(cli, [*args, "-o", str(target), "--mkdir"])
    assert done.exit_code == 0, done.output
    assert target.is_file() and target.stat().st_size > 0


def test_import_takes_mkdir_too(tmp_path: Path) -> None:
    sheet = tmp_path / "w.csv"
    assert CliRunner().invoke(cli, ["export", str(ROOT / GOOD), "-o", str(sheet)]).exit_code == 0
    target = tmp_path / "a" / "b" / "i.blueprint.yaml"
    refused = subprocess.run(
        [*blueprint_cmd(), "import", str(sheet), "-o", str(target)], capture_output=True, text=True
    )
    assert refused.returncode == 2
    assert refused.stderr.endswith("does not exist (--mkdir creates it)\n")
    assert not (tmp_path / "a").exists()
    done = CliRunner().invoke(cli, ["import", str(sheet), "-o", str(target), "--mkdir"])
    assert done.exit_code == 0, done.output
    assert target.read_text(encoding="utf-8").startswith("# yaml-language-server")

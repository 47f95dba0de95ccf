"""``check --jobs``: many files in worker processes, same output as one process."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from blueprint.cli.main import cli
from blueprint.rules.checker import PARALLEL_MIN_FILES
from tests.conftest import EXAMPLES


def test_parallel_check_matches_sequential_output(tmp_path: Path) -> None:
    count = PARALLEL_MIN_FILES * 2
    for i in range(count):
        shutil.copy(EXAMPLES[i % len(EXAMPLES)], tmp_path / f"f{i:03d}.blueprint.yaml")
    # one broken file in the middle keeps its place in the output
    (tmp_path / "f010.blueprint.yaml").write_text(
        "blueprint: 1\ntitle: T\nsteps:\n  - {id: a, lane: custmer, title: A}\n", encoding="utf-8"
    )
    runner = CliRunner()
    one = runner.invoke(cli, ["check", "--lang", "en", "-j", "1", str(tmp_path)])
    two = runner.invoke(cli, ["check", "--lang", "en", "--jobs", "2", str(tmp_path)])
    assert one.exit_code == two.exit_code == 1
    assert one.output == two.output
    assert f"{count} files checked: 1 error, 0 warnings" in two.output
    assert "f010.blueprint.yaml:4:19: BP001" in two.output

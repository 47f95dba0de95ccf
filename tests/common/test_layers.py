"""The layers contract holds, and it would catch an import that points up."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).parent / "lint-imports"


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [str(LINT), "--no-cache", "--config", str(tree / "pyproject.toml")],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the package and its contract, to break on purpose."""
    if not LINT.exists():
        pytest.fail("lint-imports is not installed (pip install -e '.[test]')")
    shutil.copytree(ROOT / "blueprint", tmp_path / "blueprint", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_package_keeps_its_layers(tree: Path) -> None:
    done = _lint(tree)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 kept, 0 broken" in done.stdout


@pytest.mark.parametrize(
    ("module", "upward"),
    [
        ("model.py", "from blueprint.cli.main import cli"),
        ("analysis/fmea.py", "from blueprint.output.style import paint"),
        ("load/loader.py", "from blueprint.rules import run_rules"),
    ],
)
def test_an_upward_import_breaks_the_contract(tree: Path, module: str, upward: str) -> None:
    path = tree / "blueprint" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{upward}  # noqa\n", encoding="utf-8")
    done = _lint(tree)
    assert done.returncode == 1, done.stdout + done.stderr
    importer = "blueprint." + module.removesuffix(".py").replace("/", ".")
    assert importer in done.stdout and "BROKEN" in done.stdout

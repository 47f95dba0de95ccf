"""``.pre-commit-hooks.yaml``: each hook's entry, run as pre-commit runs it, on good and bad files."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from blueprint.cli.commands.init import template_text
from tests.conftest import ROOT
from tests.helpers import BIN

GOOD = template_text("en")
UNFORMATTED = GOOD.replace(
    "  - {id: book, title: Book}\n  - {id: visit", "- {id: book, title: Book}\n- {id: visit"
)
BROKEN = "blueprint: 1\ntitle: [open\n"


def hooks() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return {h["id"]: h for h in data}


def run_hook(hook_id: str, *files: Path) -> subprocess.CompletedProcess[str]:
    """What pre-commit does: the entry, then the matching file names, with the tool on PATH."""
    hook = hooks()[hook_id]
    matching = [f for f in files if re.search(hook["files"], f.name)]
    bindir = str(BIN.parent) if BIN.exists() else str(Path(shutil.which("blueprint") or "x").parent)
    env = {**os.environ, "PATH": bindir + os.pathsep + os.environ.get("PATH", "")}
    argv = [*shlex.split(hook["entry"]), *hook.get("args", []), *(str(f) for f in matching)]
    cwd = files[0].parent
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


def test_hooks_are_declared_for_blueprint_files() -> None:
    found = hooks()
    assert set(found) == {"blueprint-check", "blueprint-fmt"}
    for hook in found.values():
        assert hook["language"] == "python"
        assert re.search(hook["files"], "examples/x.blueprint.yaml")
        assert not re.search(hook["files"], "config.yaml")
        assert not re.search(hook["files"], "x.blueprint.yaml.bak")
    assert found["blueprint-check"]["entry"] == "blueprint check"
    assert found["blueprint-fmt"]["entry"] == "blueprint fmt"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_check_hook_passes_a_good_file(tmp_path: Path) -> None:
    done = run_hook("blueprint-check", write(tmp_path, "good.blueprint.yaml", GOOD))
    assert done.returncode == 0, done.stdout + done.stderr


def test_check_hook_fails_a_bad_file(tmp_path: Path) -> None:
    good = write(tmp_path, "good.blueprint.yaml", GOOD)
    bad = write(tmp_path, "bad.blueprint.yaml", GOOD.replace("next: [take-booking]", "next: [take-bookng]"))
    done = run_hook("blueprint-check", good, bad)
    assert done.returncode == 1
    assert "bad.blueprint.yaml:" in done.stdout and "BP003" in done.stdout


def test_check_hook_fails_an_unreadable_file(tmp_path: Path) -> None:
    done = run_hook("blueprint-check", write(tmp_path, "broken.blueprint.yaml", BROKEN))
    assert done.returncode == 2


def test_fmt_hook_leaves_a_formatted_file_alone(tmp_path: Path) -> None:
    good = write(tmp_path, "good.blueprint.yaml", GOOD)
    done = run_hook("blueprint-fmt", good)
    assert done.returncode == 0, done.stderr
    assert good.read_text(encoding="utf-8") == GOOD  # unchanged: pre-commit passes


def test_fmt_hook_rewrites_an_unformatted_file(tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.blueprint.yaml", UNFORMATTED)
    done = run_hook("blueprint-fmt", bad)
    assert done.returncode == 0, done.stderr
    # pre-commit fails a hook that modified files; the rewrite is the formatted file
    assert bad.read_text(encoding="utf-8") == GOOD
    assert "reformatted bad.blueprint.yaml" in done.stdout


def test_fmt_hook_fails_a_file_it_cannot_read(tmp_path: Path) -> None:
    broken = write(tmp_path, "broken.blueprint.yaml", BROKEN)
    done = run_hook("blueprint-fmt", broken)
    assert done.returncode == 2
    assert broken.read_text(encoding="utf-8") == BROKEN


@pytest.mark.parametrize("hook_id", ["blueprint-check", "blueprint-fmt"])
def test_hooks_ignore_other_files(tmp_path: Path, hook_id: str) -> None:
    other = write(tmp_path, "notes.yaml", "just: notes\n")
    good = write(tmp_path, "good.blueprint.yaml", GOOD)
    assert run_hook(hook_id, other, good).returncode == 0
    assert other.read_text(encoding="utf-8") == "just: notes\n"

"""A headless Neovim, configured as docs/editors.md says, shows ``check``'s findings."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.helpers import require_tool
from tests.lsp.client import server_command
from tests.lsp.test_server import COFFEE, check_json

ROOT = Path(__file__).resolve().parents[2]


def test_neovim_shows_checks_findings_for_a_broken_file(tmp_path: Path) -> None:
    nvim = require_tool("nvim")
    out = tmp_path / "diagnostics.txt"
    env = {
        **os.environ,
        "PLUGIN": str(ROOT / "editors" / "neovim" / "blueprint.lua"),
        "SERVER": "\t".join(server_command()),
        "FILE": str(COFFEE),
        "OUT": str(out),
    }
    script = ROOT / "tests" / "data" / "lsp" / "nvim_diagnostics.lua"
    done = subprocess.run(
        [nvim, "--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", f"luafile {script}"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert done.returncode == 0, done.stderr
    shown = []
    for line in out.read_text(encoding="utf-8").splitlines():
        row, col, code, message = line.split(":", 3)
        shown.append((int(row), int(col), code, message))
    expected = [(f["line"], f["col"], f["code"], f["message"]) for f in check_json(COFFEE)]
    assert sorted(shown) == sorted(expected)

"""Both Mermaid forms of every example, read by Mermaid's own parser (``@mermaid-js/mermaid-cli``).

``mmdc`` renders in the system Chromium (``PUPPETEER_EXECUTABLE_PATH``); ``.ci/run``
installs it from ``tools/node`` (``npm ci``). Skipped where it is not installed, except
in CI, where a missing tool fails.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from blueprint.cli.main import cli
from tests.conftest import EXAMPLES, ROOT

MMDC = ROOT / "tools" / "node" / "node_modules" / ".bin" / "mmdc"
SHARED = ROOT / "tests" / "data" / "shared" / "visit.blueprint.yaml"


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _tools() -> tuple[Path, str]:
    chromium = _chromium()
    if MMDC.exists() and chromium:
        return MMDC, chromium
    if os.environ.get("CI"):
        pytest.fail("mermaid-cli or Chromium is missing: .ci/run installs them (tools/node, system-deps)")
    pytest.skip("mermaid-cli (npm ci in tools/node) or Chromium is not installed")


def _mermaid(example: Path, form: str) -> str:
    args = ["render", str(example), "--format", "mermaid", "--mermaid", form, "-o", "-"]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _mmdc(tmp_path: Path, diagrams: list[str]) -> subprocess.CompletedProcess[bytes]:
    mmdc, chromium = _tools()
    source = tmp_path / "all.md"
    source.write_text("".join(f"```mermaid\n{d}```\n\n" for d in diagrams), encoding="utf-8")
    config = tmp_path / "puppeteer.json"
    config.write_text('{"args": ["--no-sandbox"]}', encoding="utf-8")
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": chromium, "PUPPETEER_SKIP_DOWNLOAD": "1"}
    command = [str(mmdc), "-p", str(config), "-i", str(source), "-o", str(tmp_path / "out.md"), "-e", "svg"]
    return subprocess.run(command, capture_output=True, timeout=300, env=env, check=False)


def test_both_forms_of_every_example_parse_with_mermaid(tmp_path: Path) -> None:
    forms = ("flowchart", "swimlane")
    sources = [*EXAMPLES, SHARED]  # and a journey that includes a shared file
    diagrams = [_mermaid(example, form) for example in sources for form in forms]
    assert all(d.startswith(("flowchart LR", "swimlane-beta LR")) for d in diagrams)
    done = _mmdc(tmp_path, diagrams)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    kinds = []
    for i in range(1, len(diagrams) + 1):
        svg = (tmp_path / f"out-{i}.svg").read_text(encoding="utf-8")
        kinds.append(re.search(r'aria-roledescription="([^"]+)"', svg).group(1))  # type: ignore[union-attr]
    # Mermaid drew each as the diagram it was asked for: a flowchart, then swimlanes
    assert kinds == ["flowchart-v2", "swimlane"] * len(sources)
    # the lanes are Mermaid's swimlanes, the F-numbers on the fail points
    telecom = (
        tmp_path / f"out-{2 * EXAMPLES.index(ROOT / 'examples' / 'telecom-sim-swap.blueprint.yaml') + 2}.svg"
    )
    text = telecom.read_text(encoding="utf-8")
    assert "支援流程" in text and "F1" in text
    # the included shared step is drawn with its mark in both forms
    for i in (len(diagrams) - 1, len(diagrams)):
        assert "⇄ shared, from systems" in (tmp_path / f"out-{i}.svg").read_text(encoding="utf-8")


def test_a_broken_diagram_fails_mermaids_parser(tmp_path: Path) -> None:
    """The check above can fail: Mermaid rejects a swimlane diagram with a broken node."""
    done = _mmdc(tmp_path, ["swimlane-beta LR\n  A --> B(\n"])
    assert done.returncode != 0

"""Helpers shared by the tests: running ``blueprint``, and requiring the tools a test needs.

Three ways to run the command, from the cheapest to the most faithful:

- ``invoke(*args)``: the Click command in this process (``CliRunner``); fast, and an
  unexpected exception reaches the test with its traceback unless ``catch=True``.
- ``entry(*args)``: the real entry point, ``blueprint.cli.main.main``, in this process: errors
  become one line and an exit code, as a user sees them.
- ``run_blueprint(*args)``: the installed console command in a subprocess: real exit codes,
  real standard streams, real environment.

External tools (Graphviz ``dot``, Chromium, ``git``, Neovim): ``require_tool(name)`` in a test or
fixture, or ``@pytest.mark.requires(name)`` on a test, module or parameter. Without the tool
the test is skipped; with ``BLUEPRINT_REQUIRE_TOOLS=1`` (set by ``.ci/run``) it fails instead,
so CI never passes by skipping.
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import shutil
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn

import pytest
from click.testing import CliRunner, Result

#: a pharmacy counter: one failure mode with three causes (failure chains) and two failures
#: in the one-chain shorthand; read by the tests of chains, the risk matrix and the worksheet
PHARMACY = Path(__file__).resolve().parent / "data" / "pharmacy-chains.blueprint.yaml"


def pharmacy_text() -> str:
    """The text of :data:`PHARMACY`."""
    return PHARMACY.read_text(encoding="utf-8")


#: the console command installed next to this interpreter
BIN = Path(sys.executable).parent / "blueprint"
#: set to 1 (CI does) to make a missing tool a failure instead of a skip
REQUIRE_TOOLS = "BLUEPRINT_REQUIRE_TOOLS"
#: the external tools the tests use: the names each may be installed under, and what installs it
TOOLS: dict[str, tuple[tuple[str, ...], str]] = {
    "dot": (("dot",), "Graphviz (scripts/system-deps.sh)"),
    "chromium": (
        ("chromium", "chromium-browser", "google-chrome", "chrome"),
        "Chromium (scripts/system-deps.sh --with-browser)",
    ),
    "git": (("git",), "git"),
    "nvim": (("nvim",), "Neovim (scripts/system-deps.sh --with-browser)"),
}


def find_tool(name: str) -> str | None:
    """The path of the external tool ``name`` (a key of ``TOOLS``), or None."""
    names, _ = TOOLS[name]
    for candidate in names:
        found = shutil.which(candidate)
        if found:
            return found
    return None


def require_tool(name: str) -> str:
    """The path of tool ``name``; without it skip the test, or fail it when ``BLUEPRINT_REQUIRE_TOOLS=1``."""
    found = find_tool(name)
    if found:
        return found
    missing(f"{name} is not installed: install {TOOLS[name][1]}")


def missing(message: str) -> NoReturn:
    """Something a test needs is missing: skip the test, or fail it when ``BLUEPRINT_REQUIRE_TOOLS=1``."""
    if os.environ.get(REQUIRE_TOOLS) == "1":
        pytest.fail(f"{message} ({REQUIRE_TOOLS}=1: a missing tool is a failure)", pytrace=False)
    pytest.skip(message)


#: mark a test (or a parameter, or a module's ``pytestmark``) as needing Graphviz ``dot``
needs_dot = pytest.mark.requires("dot")


def blueprint_cmd() -> list[str]:
    """The installed console command, or ``python -m blueprint``."""
    if BIN.exists():
        return [str(BIN)]
    found = shutil.which("blueprint")
    return [found] if found else [sys.executable, "-m", "blueprint"]


def invoke(*args: str, catch: bool = True, color: bool = False) -> Result:
    """``blueprint ARGS`` through Click in this process; ``catch=False`` lets exceptions through."""
    from blueprint.cli.main import cli

    return CliRunner().invoke(cli, list(args), catch_exceptions=catch, color=color)


def invoke_ok(*args: str) -> str:
    """``blueprint ARGS`` in this process; asserts exit 0 and returns what it printed."""
    result = invoke(*args, catch=False)
    assert result.exit_code == 0, result.output
    return result.output


def code_and_output(*args: str) -> tuple[int, str]:
    """``blueprint ARGS`` in this process: (exit code, what it printed)."""
    result = invoke(*args)
    return result.exit_code, result.output


def stdout_in(folder: Path, *args: str, code: int = 0) -> bytes:
    """``blueprint ARGS`` run in ``folder`` (relative paths resolve there); asserts the exit code and
    returns standard output as bytes."""
    with contextlib.chdir(folder):
        result = invoke(*args, catch=False)
    assert result.exit_code == code, result.output
    return result.stdout_bytes


class _Main:
    """Lets ``CliRunner`` drive ``blueprint.cli.main.main``: the entry point with its error mapping."""

    name = "blueprint"

    def main(self, args: Sequence[str], prog_name: str, **_: Any) -> None:
        from blueprint.cli.main import main

        main(list(args))


def entry(*args: str, color: bool = False) -> Result:
    """Run ``blueprint ARGS`` as a user would (exit codes and messages from ``main``), in this process."""
    return CliRunner().invoke(_Main(), list(args), prog_name="blueprint", color=color)  # type: ignore[arg-type]


def entry_code(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Run the real entry point, which must exit: (exit code, standard output and standard error)."""
    from blueprint.cli.main import main

    with pytest.raises(SystemExit) as exc:
        main(list(args))
    code = exc.value.code
    assert isinstance(code, int)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def run_blueprint(
    *args: str, env: Mapping[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """The installed command in a subprocess: real exit codes and messages, text in UTF-8."""
    return subprocess.run(
        [*blueprint_cmd(), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=None if env is None else dict(env),
        timeout=timeout,
    )


# -- text as it appears in a drawing ---------------------------------------------------------


def visible(text: str) -> str:
    """What a drawing must show of ``text``: no whitespace, no control characters.

    Titles wrap across lines (and a tab or a line break is a space to the eye), so the
    comparison ignores every kind of whitespace.
    """
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cc")


_TAG = re.compile(r"<[^<>]*>")


def dot_text(dot: str) -> str:
    """The visible text of DOT labels: markup dropped, entities and backslashes decoded."""
    return visible(html.unescape(_TAG.sub("", dot)).replace("\\\\", "\\"))


_MERMAID_ENTITY = re.compile(r"#(\d+|[A-Za-z]+);")


def mermaid_decode(text: str) -> str:
    """Mermaid's entity codes (``#35;``, ``#quot;``) back to characters."""

    def one(m: re.Match[str]) -> str:
        code = m.group(1)
        return chr(int(code)) if code.isdigit() else html.unescape(f"&{code};")

    return _MERMAID_ENTITY.sub(one, text)


def mermaid_labels(text: str) -> str:
    """The visible text of every quoted Mermaid label (our own tags dropped)."""
    labels = re.findall(r'\["([^"\n]*)"\]', text)
    return visible(mermaid_decode(" ".join(_TAG.sub(" ", label) for label in labels)))


def svg_text(svg: bytes) -> str:
    root = ET.fromstring(svg)
    return visible("".join(root.itertext()))

"""A bug in the tool is told apart from bad input: one line asking to report it, exit 3.

The full traceback appears only with ``--debug`` (or ``BLUEPRINT_DEBUG=1``). Ctrl-C is
exit 130 with one word, and a reader that stops early (``blueprint fmea x | head -1``)
ends the command quietly.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import click
import pytest

import blueprint.load.source
from tests.conftest import ROOT
from tests.helpers import blueprint_cmd, entry

EXAMPLE = str(ROOT / "examples" / "telecom-sim-swap.blueprint.yaml")
CRASH = "RuntimeError: the parser fell over"

# every command that reads a blueprint, as a user runs it
COMMANDS = [
    ["check", "-j", "1", "--isolated", EXAMPLE],
    ["fmea", EXAMPLE],
    ["fmea", EXAMPLE, "--format", "json"],
    ["graph", EXAMPLE],
    ["render", EXAMPLE, "--format", "mermaid", "-o", "-"],
    ["report", EXAMPLE, "--format", "markdown", "-o", "-", "--today", "2026-01-01"],
    ["diff", EXAMPLE, EXAMPLE],
    ["fmt", "--check", EXAMPLE],
    ["portfolio", "-j", "1", EXAMPLE],
]


@pytest.fixture
def crashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The YAML reader raises an exception no command expects: a bug."""

    def parse_text(text: str, path: str) -> None:
        raise RuntimeError("the parser fell over")

    monkeypatch.setattr(blueprint.load.source, "parse_text", parse_text)


@pytest.mark.usefixtures("crashing")
@pytest.mark.parametrize("argv", COMMANDS, ids=[" ".join(c[:1] + c[2:3]) for c in COMMANDS])
def test_a_crash_is_one_line_asking_for_a_report_and_exit_3(argv: list[str]) -> None:
    result = entry(*argv)
    assert result.exit_code == 3, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("blueprint: internal error")
    assert CRASH in lines[0]
    assert "This is a bug; please report it" in lines[0] and "--debug" in lines[0]


@pytest.mark.usefixtures("crashing")
def test_debug_shows_the_full_traceback() -> None:
    result = entry("--debug", "fmea", EXAMPLE)
    assert result.exit_code == 3
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert f"\n{CRASH}\n" in result.stderr
    assert 'parse_text\n    raise RuntimeError("the parser fell over")' in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("blueprint: internal error")


@pytest.mark.usefixtures("crashing")
def test_the_environment_variable_also_shows_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BLUEPRINT_DEBUG", "1")
    result = entry("render", EXAMPLE, "--format", "dot", "-o", "-")
    assert result.exit_code == 3
    assert "Traceback (most recent call last):" in result.stderr


def test_the_crash_line_shows_control_characters_escaped(monkeypatch: pytest.MonkeyPatch) -> None:
    def parse_text(text: str, path: str) -> None:
        raise KeyError("\x1b]0;pwned\x07 key\nsecond line")

    monkeypatch.setattr(blueprint.load.source, "parse_text", parse_text)
    result = entry("fmea", EXAMPLE)
    assert result.exit_code == 3
    assert len(result.stderr.strip().splitlines()) == 1
    assert "\x1b" not in result.stderr and "\\x1b]0;pwned\\x07 key\\nsecond line" in result.stderr


def test_bad_input_is_exit_2_not_a_bug(tmp_path: Path) -> None:
    path = tmp_path / "bad.blueprint.yaml"
    path.write_text('blueprint: 1\ntitle: "\\e[2J"\ntitle: again\nsteps: []\n', encoding="utf-8")
    result = entry("fmea", str(path))
    assert result.exit_code == 2
    assert result.stderr == f"blueprint: {path}:3:1: duplicate key 'title' (first at line 2)\n"


def test_an_error_message_quoting_the_file_cannot_drive_the_terminal(tmp_path: Path) -> None:
    path = tmp_path / "bad.blueprint.yaml"
    path.write_text('blueprint: 1\n"\\e[2J\\e]0;x\\a": 1\n"\\e[2J\\e]0;x\\a": 2\n', encoding="utf-8")
    result = entry("fmea", str(path), color=True)
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "duplicate key '\\x1b[2J\\x1b]0;x\\x07'" in result.stderr


def test_ctrl_c_is_exit_130_with_one_word(monkeypatch: pytest.MonkeyPatch) -> None:
    def parse_text(text: str, path: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(blueprint.load.source, "parse_text", parse_text)
    result = entry("fmea", EXAMPLE)
    assert result.exit_code == 130
    assert "interrupted" in result.stderr and "Traceback" not in result.output


# -- a reader that goes away -------------------------------------------------------------------


def test_a_closed_standard_output_ends_the_command_quietly(monkeypatch: pytest.MonkeyPatch) -> None:
    def echo(*args: object, **kwargs: object) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(click, "echo", echo)
    result = entry("fmea", EXAMPLE)
    assert result.exit_code == 0
    assert result.stderr == ""


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A blueprint whose outputs are far longer than a pipe's buffer."""
    lines = ["blueprint: 1", "title: Big", "steps:"]
    for i in range(300):
        lines += [f"  - id: s{i}", "    lane: frontstage", f"    title: Step number {i}", "    failures:"]
        for j in range(3):
            lines += [
                f"      - mode: Failure {i}-{j}, described at some length so the table is long",
                "        effect: The customer waits and calls again",
                "        severity: 5",
                "        occurrence: 5",
                "        detection: 5",
            ]
    path = tmp_path_factory.mktemp("big") / "big.blueprint.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "args",
    [
        ("fmea", "{f}"),
        ("fmea", "{f}", "--format", "json"),
        ("render", "{f}", "--format", "dot", "-o", "-"),
        ("graph", "{f}", "--export", "json"),
        ("schema",),
    ],
    ids=lambda a: " ".join(x for x in a if x != "{f}"),
)
def test_piping_into_head_exits_quietly(big: Path, args: tuple[str, ...]) -> None:
    argv = [*blueprint_cmd(), *(a.replace("{f}", str(big)) for a in args)]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()  # what `head -1` reads, then it goes away
    proc.stdout.close()
    err = proc.stderr.read()
    proc.stderr.close()
    code = proc.wait(timeout=60)
    assert first
    assert err == b"", err.decode()
    assert code == 0


def test_head_in_a_shell_pipeline(big: Path) -> None:
    command = " ".join(blueprint_cmd()) + f' fmea {big} | head -1; echo "status=${{PIPESTATUS[0]}}" >&2'
    proc = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=60)
    assert proc.stdout.count("\n") == 1
    assert proc.stderr == "status=0\n"

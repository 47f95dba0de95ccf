"""``fmt`` never changes what a file means or what ``check`` reports.

YAML 1.1 readers (PyYAML, older editors) take ``yes``, ``on``, ``1_0.5`` and
``2027-1-5 10:00:00`` for booleans, numbers and timestamps; the loader (YAML 1.2 core)
reads them as text. ``fmt`` keeps them text and writes them quoted, so every reader
agrees. Every run compares the result with the file (the loaded data, and the findings
with every gate at its strictest) and refuses, leaving the file untouched, when they differ.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml as pyyaml
from click.testing import CliRunner

from blueprint.cli.main import cli, main
from blueprint.load import fmt
from blueprint.load.fmt import format_text
from blueprint.load.source import parse_text
from tests.conftest import blueprint_cmd

#: plain scalars that YAML 1.1 and YAML 1.2 read differently
TRICKY = [
    "yes", "no", "on", "off", "y", "n", "Yes", "NO", "On",
    "1_0.5", "1_000", "0b101", "1:20", "190:20:30", "0x_1F", ".5_0",
    "2027-1-5 10:00:00", "2027-01-05T10:00:00Z", "2001-12-14 21:59:43.10 -5",
    "1e3x", "010x", "0o19",
]  # fmt: skip

TEMPLATE = """\
blueprint: 1
title: {v}
steps:
  - id: a
    title: {v}
    lane: customer
    evidence:
      - {v}
    failures:
      - mode: {v}
        cause: {v}
        occurrence: 3
        severity: 4
        detection: 2
"""


@pytest.mark.parametrize("value", TRICKY)
def test_yaml_1_1_scalars_keep_their_meaning_and_are_quoted(value: str) -> None:
    text = TEMPLATE.format(v=value)
    before = parse_text(text, "t").data
    assert before["title"] == value  # text to the loader (YAML 1.2 core)
    out = format_text(text)
    assert parse_text(out, "t").data == before
    # an independent YAML 1.1 reader sees the same text
    seen = pyyaml.safe_load(out)
    assert seen["title"] == value and seen["steps"][0]["failures"][0]["mode"] == value
    assert seen["steps"][0]["evidence"] == [value]


SUPPRESSED = """\
blueprint: 1
title: t
steps:
  - id: a
    title: A
    evidence: [e]
    next: [b]
    lane: customer
  # blueprint: ignore[BP006] the status page is drawn for completeness
  - id: lonely
    title: Status page
    lane: support
  - id: b
    lane: frontstage
    title: B
    failures:
      - mode: m
        severity: 9
        occurrence: 9
        detection: 9
        id: f1
      # blueprint: ignore[BP007] accepted by the client
      - mode: n
        severity: 9
        occurrence: 9
        detection: 9
        id: f2
"""


def check_output(runner: CliRunner, path: Path) -> str:
    return str(runner.invoke(cli, ["check", str(path)]).stdout)


def test_suppression_comments_stay_with_what_they_silence(runner: CliRunner, write) -> None:
    path = write(SUPPRESSED)
    before = check_output(runner, path)
    assert "BP006" not in before and before.count("BP007") == 1
    assert runner.invoke(cli, ["fmt", str(path)]).exit_code == 0
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[lines.index("  - id: lonely") - 1].strip().startswith("# blueprint: ignore[BP006]")
    assert lines[lines.index("      - id: f2") - 1].strip().startswith("# blueprint: ignore[BP007]")
    assert check_output(runner, path) == before


def refused(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    before = path.read_bytes()
    with pytest.raises(SystemExit) as exc:
        main(["fmt", str(path)])
    assert exc.value.code == 2
    assert path.read_bytes() == before
    err: str = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1  # one line: the refusal
    return err


def test_a_layout_that_would_change_the_data_is_refused(
    write, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(SUPPRESSED)
    real = fmt.format_text
    monkeypatch.setattr(fmt, "format_text", lambda t, p="": real(t, p).replace("title: B", "title: true"))
    err = refused(path, capsys)
    assert f"{path}:15:12: not formatted: the new layout would change what this value means" in err


def test_a_layout_that_would_change_the_findings_is_refused(
    write, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(SUPPRESSED)
    monkeypatch.setattr(fmt, "_comments_to_next_item", lambda seq, i: None)
    err = refused(path, capsys)
    assert f"{path}:10:9: not formatted: the new layout would change what 'check' reports (BP006 " in err


def test_library_warnings_do_not_reach_the_terminal(write) -> None:
    path = write(
        "blueprint: 1\ntitle: &t first\nscenario: &t second\ncustomer: *t\nsteps:\n"
        "  - {id: a, title: A, lane: customer, evidence: [e]}\n"
    )
    done = subprocess.run(
        [*blueprint_cmd(), "fmt", "--check", str(path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode in (0, 1)
    assert "Warning" not in done.stderr and "site-packages" not in done.stderr, done.stderr

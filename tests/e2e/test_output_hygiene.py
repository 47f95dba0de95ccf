"""What the tool prints and writes stays inert and its failures stay one line.

Markdown (the report, ``fmea`` and ``diff``) drops C1 controls (CSI ``U+009B``, NEL)
and turns the Unicode line separators into line breaks, as the terminal does; ``@name``
at a word start notifies no one in a pull-request comment; a profile name with an escape
character cannot act on the terminal; an output name the system refuses and a full disk
are one-line errors (exit 2); a terminal that cannot encode Chinese gets ``?`` instead of
a crash; ``diff`` refuses an oversized git blob before reading it.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from blueprint.cli.main import cli, main
from tests.conftest import EXAMPLES, blueprint_cmd

HOSTILE = """\
blueprint: 1
title: "Ti\\u009b31mtle \\u0085nel \\u2028ls \\u2029ps @octocat, @org/team; mail a@b.com"
steps:
  - id: a
    lane: customer
    title: "Ask \\u009b2J @someone"
    evidence: [e]
    next: [b]
  - id: b
    lane: frontstage
    title: Answer
    failures:
      - id: f
        mode: "Wrong\\u2028answer @dev"
        effect: "(@reviewer)"
        severity: 9
        occurrence: 9
        detection: 9
"""
RAW = ("\x9b", "\x85", "\u2028", "\u2029")


def assert_inert(markdown: str) -> None:
    assert not any(ch in markdown for ch in RAW), [ch for ch in RAW if ch in markdown]
    # GitHub notifies no one from a fenced code block (the Mermaid diagram)
    markdown = re.sub(r"(?ms)^```.*?^```$", "", markdown)
    for name in ("octocat", "org/team", "someone", "dev", "reviewer"):
        if name in markdown:
            assert f"@{name}" not in markdown and f"@&#8203;{name}" in markdown
    if "b.com" in markdown:
        assert "a@b.com" in markdown  # an address is not a mention


def test_markdown_report_and_fmea_markdown_are_inert(runner: CliRunner, write, tmp_path: Path) -> None:
    path = write(HOSTILE)
    out = tmp_path / "r.md"
    result = runner.invoke(cli, ["report", str(path), "-o", str(out), "--today", "2026-01-01"])
    assert result.exit_code == 0, result.output
    report = out.read_text(encoding="utf-8")
    assert_inert(report)
    assert "Wrong<br>answer" in report
    result = runner.invoke(cli, ["fmea", "--format", "markdown", str(path)])
    assert result.exit_code == 0
    assert_inert(result.stdout)


def test_diff_markdown_is_inert(runner: CliRunner, write) -> None:
    old = write(HOSTILE.replace("severity: 9", "severity: 2"), "old.blueprint.yaml")
    new = write(HOSTILE, "new.blueprint.yaml")
    result = runner.invoke(cli, ["diff", str(old), str(new), "--format", "markdown"])
    assert "Wrong" in result.stdout, result.output
    assert_inert(result.stdout)


def test_terminal_table_drops_the_same_characters(runner: CliRunner, write) -> None:
    result = runner.invoke(cli, ["fmea", str(write(HOSTILE))])
    assert not any(ch in result.stdout for ch in RAW)
    assert " ".join(result.stdout.splitlines()[0].split()).startswith("Ti31mtle nel ls ps @octocat")


def test_a_profile_name_with_an_escape_character_prints_safely(
    runner: CliRunner, write, tmp_path: Path
) -> None:
    rows = [{"s": [1, 10], "o": [1, 10], "d": [1, 10], "ap": "L"}]
    profile = tmp_path / "p.json"
    profile.write_text(json.dumps({"name": "evil\x1b[2J\x1b]0;pwn\x07", "rows": rows}), encoding="utf-8")
    for fmt in ("table", "markdown", "json"):
        result = runner.invoke(cli, ["fmea", "--profile", str(profile), "--format", fmt, str(EXAMPLES[0])])
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout
        assert "evil" in result.stdout and "x1b" in result.stdout  # shown as a visible escape


def one_line_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exc:
        main(args)
    assert exc.value.code == 2
    err: str = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "internal error" not in err, err
    return err


@pytest.mark.parametrize(
    "args",
    [
        ["fmea", "--format", "csv", "-o", "{long}.csv"],
        ["report", "-o", "{long}.md"],
        ["render", "--format", "mermaid", "-o", "{long}.mmd"],
        ["export", "-o", "{long}.xlsx"],
        ["graph", "--format", "json", "-o", "{long}.json"],
    ],
)
def test_a_file_name_too_long_is_a_one_line_error(
    args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    long = str(tmp_path / ("a" * 300))
    err = one_line_exit_2([*(a.format(long=long) for a in args), str(EXAMPLES[0])], capsys)
    assert "File name too long" in err


def test_a_full_disk_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.fsync

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    target = tmp_path / "r.md"
    err = one_line_exit_2(["report", str(EXAMPLES[0]), "-o", str(target)], capsys)
    monkeypatch.setattr(os, "fsync", real)
    assert "No space left on device" in err
    assert list(tmp_path.iterdir()) == []  # no partial file, no temporary file


def test_a_terminal_that_cannot_encode_chinese_gets_question_marks() -> None:
    chinese = next(p for p in EXAMPLES if "language: zh-TW" in p.read_text(encoding="utf-8"))
    env = {**os.environ, "PYTHONIOENCODING": "latin-1"}
    done = subprocess.run(
        [*blueprint_cmd(), "fmea", str(chinese)], capture_output=True, env=env, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert b"?" in done.stdout and b"Traceback" not in done.stderr


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@needs_git
def test_diff_refuses_an_oversized_git_blob_before_reading_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t"}
    env["GIT_COMMITTER_EMAIL"] = "t@t"
    big = tmp_path / "big.blueprint.yaml"
    big.write_text(EXAMPLES[0].read_text(encoding="utf-8") + "# padding\n" * 2000, encoding="utf-8")
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "big"]):
        subprocess.run(["git", *args], cwd=tmp_path, env=env, check=True, capture_output=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("blueprint.load.source.MAX_BYTES", 10_000)
    calls: list[list[str]] = []
    real_run = subprocess.run

    def recording(cmd: list[str], *a: Any, **k: Any) -> Any:
        calls.append(list(cmd))
        return real_run(cmd, *a, **k)

    monkeypatch.setattr(subprocess, "run", recording)
    err = one_line_exit_2(["diff", "HEAD:big.blueprint.yaml", str(EXAMPLES[0])], capsys)
    assert "larger than" in err or "MB" in err
    assert not any(c[:2] == ["git", "show"] for c in calls)

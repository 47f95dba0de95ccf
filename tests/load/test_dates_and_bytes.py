"""Dates are dates, and a NUL byte is reported where it stands."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from blueprint.cli.main import cli, main

ACTION = """\
blueprint: 1
title: t
steps:
  - id: a
    lane: customer
    title: A
    evidence: [e]
    failures:
      - mode: m
        severity: 9
        occurrence: 9
        detection: 9
        actions:
          - title: fix it
            due: {due}
"""


@pytest.mark.parametrize("due", ["2027-13-45", "2027-02-30", "2026-02-29", "2027-00-10", "2027-04-31"])
def test_a_due_date_not_in_the_calendar_is_bp001_at_its_line(runner: CliRunner, write, due: str) -> None:
    path = write(ACTION.format(due=due))
    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 1
    assert f"{path}:15:18: BP001 error: steps[0].failures[0].actions[0].due: due '{due}'" in result.stdout
    assert result.stdout.count("BP001") == 1


@pytest.mark.parametrize("due", ["2028-02-29", "2027-12-31", "'2027-01-05'"])
def test_real_dates_pass(runner: CliRunner, write, due: str) -> None:
    assert runner.invoke(cli, ["check", str(write(ACTION.format(due=due)))]).exit_code == 0


def test_fmt_refuses_a_bad_date_with_its_line_and_column(write, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(ACTION.format(due="2027-13-45"))
    before = path.read_bytes()
    with pytest.raises(SystemExit) as exc:
        main(["fmt", str(path)])
    assert exc.value.code == 2
    assert f"{path}:15:18: " in capsys.readouterr().err
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("raw", "where"),
    [
        (b'blueprint: 1\ntitle: "ab\x00c"\n', "2:11"),
        (b"\x00blueprint: 1\n", "1:1"),
        ("blueprint: 1\ntitle: 門號\x00\n".encode(), "2:10"),
        (b"blueprint: 1\ntitle: t\n# " + b"x" * 9000 + b'\nother: "a\x00"\n', "4:10"),
    ],
)
def test_a_nul_byte_is_reported_at_its_line_and_column(
    runner: CliRunner, write, raw: bytes, where: str
) -> None:
    path = write(raw)
    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 2
    assert result.stdout.startswith(f"{path}:{where}: BP000 error: ")


def test_the_title_block_date_is_a_date_too(runner: CliRunner, write) -> None:
    text = ACTION.format(due="2027-01-05").replace("title: t\n", "title: t\nmeta:\n  date: 2027-02-30\n", 1)
    result = runner.invoke(cli, ["check", str(write(text))])
    assert result.exit_code == 1
    assert ":4:9: BP001 error: meta.date: date '2027-02-30' is not a date in the calendar" in result.stdout

"""Inputs built to hang or exhaust the tool: each is one line, exit 2, within a second or so.

Blueprints, AP profiles and configuration files are read only from regular files, with a
bound (a FIFO nobody writes to, ``/dev/zero`` behind a symbolic link); deep nesting,
numbers of thousands of digits and tables too large to be a profile are refused before
any work.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from blueprint.cli.config import MAX_PATTERNS
from tests.conftest import ROOT, blueprint_cmd

EXAMPLE = ROOT / "examples" / "telecom-sim-swap.blueprint.yaml"
#: generous for a loaded CI machine; a hang is cut off at TIMEOUT and fails
QUICK = 5.0
TIMEOUT = 30


def refused(*args: str, cwd: Path) -> str:
    """Run, and return what it printed (standard output, then error) after checking exit 2,
    the time it took, and that no traceback was printed."""
    start = time.monotonic()
    done = subprocess.run(
        [*blueprint_cmd(), *args], cwd=cwd, capture_output=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL
    )
    took = time.monotonic() - start
    err = done.stdout.decode() + done.stderr.decode()
    assert done.returncode == 2, (done.returncode, err)
    assert took < QUICK, took
    assert "Traceback" not in err and "internal error" not in err, err
    return err


@pytest.fixture
def here(tmp_path: Path) -> Path:
    (tmp_path / "x.blueprint.yaml").write_bytes(EXAMPLE.read_bytes())
    return tmp_path


# -- blueprints -----------------------------------------------------------------------------


def test_check_on_a_fifo_does_not_wait(here: Path) -> None:
    os.mkfifo(here / "pipe.blueprint.yaml")
    err = refused("check", "pipe.blueprint.yaml", cwd=here)
    assert "pipe.blueprint.yaml:1:1: BP000 error: not a regular file" in err


@pytest.mark.parametrize("command", ["fmea", "render", "graph", "report", "fmt", "export", "diff"])
def test_every_command_reading_a_blueprint_refuses_a_fifo(here: Path, command: str) -> None:
    os.mkfifo(here / "pipe.blueprint.yaml")
    extra = {"export": ["-o", "out.csv"], "diff": ["x.blueprint.yaml"], "render": ["--format", "dot"]}
    err = refused(command, "pipe.blueprint.yaml", *extra.get(command, []), cwd=here)
    assert "not a regular file" in err


def test_a_blueprint_linked_to_dev_zero_is_refused(here: Path) -> None:
    (here / "zero.blueprint.yaml").symlink_to("/dev/zero")
    assert "not a regular file" in refused("check", "zero.blueprint.yaml", cwd=here)


# -- AP profiles ----------------------------------------------------------------------------


def _profile(here: Path, name: str, text: str) -> str:
    (here / name).write_text(text, encoding="utf-8")
    return name


def test_profile_nested_deeply(here: Path) -> None:
    name = _profile(here, "deep.json", "[" * 100_000 + "]" * 100_000)
    err = refused("fmea", "x.blueprint.yaml", "--profile", name, cwd=here)
    assert err == "blueprint: deep.json: not valid JSON for a profile: nested too deeply\n"


def test_profile_number_of_thousands_of_digits(here: Path) -> None:
    row = '{"s": [1, 1' + "0" * 5000 + '], "o": [1, 10], "d": [1, 10], "ap": "H"}'
    name = _profile(here, "digits.json", '{"rows": [' + row + "]}")
    err = refused("fmea", "x.blueprint.yaml", "--profile", name, cwd=here)
    assert "a number of 5001 digits" in err


def test_profile_with_more_rows_than_cells(here: Path) -> None:
    rows = [{"s": [1, 10], "o": [1, 10], "d": [1, 10], "ap": "H"}] * 1001
    name = _profile(here, "rows.json", json.dumps({"rows": rows}))
    err = refused("fmea", "x.blueprint.yaml", "--profile", name, cwd=here)
    assert '"rows" has 1001 rows; the table has only 1000 cells' in err


def test_profile_too_large(here: Path) -> None:
    rows = [{"s": [1, 10], "o": [1, 10], "d": [1, 10], "ap": "H"}] * 200_000
    name = _profile(here, "huge.json", json.dumps({"rows": rows}))
    assert "larger than 1024 KB" in refused("fmea", "x.blueprint.yaml", "--profile", name, cwd=here)


def test_profile_fifo_and_dev_zero(here: Path) -> None:
    os.mkfifo(here / "fifo.json")
    (here / "zero.json").symlink_to("/dev/zero")
    for name in ("fifo.json", "zero.json"):
        err = refused("fmea", "x.blueprint.yaml", "--profile", name, cwd=here)
        assert f"{name}: not a regular file" in err


# -- configuration --------------------------------------------------------------------------


def _config(here: Path, text: str | bytes) -> None:
    data = text.encode("utf-8") if isinstance(text, str) else text
    (here / ".blueprint.toml").write_bytes(data)


def test_config_nested_deeply(here: Path) -> None:
    _config(here, "a = " + "[" * 5000 + "]" * 5000 + "\n")
    assert "invalid TOML: nested too deeply" in refused("check", "x.blueprint.yaml", cwd=here)


def test_config_number_of_thousands_of_digits(here: Path) -> None:
    _config(here, "max-rpn = 1" + "0" * 5000 + "\n")
    assert "a number with too many digits" in refused("check", "x.blueprint.yaml", cwd=here)


def test_config_with_a_byte_order_mark_is_read(here: Path) -> None:
    _config(here, b'\xef\xbb\xbffail-on = "none"\n')
    done = subprocess.run([*blueprint_cmd(), "check", "x.blueprint.yaml"], cwd=here, capture_output=True)
    assert done.returncode == 0, done.stderr  # the example has M findings; fail-on none passes them
    _config(here, b'\xef\xbb\xbffail-on = "nonsense"\n')
    assert "fail-on must be one of" in refused("check", "x.blueprint.yaml", cwd=here)


def test_config_with_too_many_exclude_patterns(here: Path) -> None:
    patterns = ", ".join(f'"*a{i}*b*c*d*e"' for i in range(MAX_PATTERNS + 1))
    _config(here, f"exclude = [{patterns}]\n")
    assert "exclude takes at most" in refused("check", "x.blueprint.yaml", cwd=here)


def test_config_fifo_named_on_the_command_line(here: Path) -> None:
    os.mkfifo(here / "c.toml")
    err = refused("check", "x.blueprint.yaml", "--config", "c.toml", cwd=here)
    assert "c.toml: not a regular file" in err


def test_a_huge_jobs_count_starts_no_more_workers_than_cpus(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import concurrent.futures

    from blueprint.rules import Options, checker

    started: list[int] = []

    class Pool(concurrent.futures.ThreadPoolExecutor):
        def __init__(self, max_workers: int, mp_context: object = None) -> None:
            started.append(max_workers)
            super().__init__(max_workers)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Pool)
    paths = [str(EXAMPLE)] * 40
    reports = list(checker.check_files(paths, Options(), jobs=100_000))
    assert len(reports) == 40
    assert started == [min(40, checker.default_jobs())] or (checker.default_jobs() < 2 and not started)

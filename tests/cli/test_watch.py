"""``--watch``: one line per rebuild, the error line on a broken file, Ctrl-C exits 0."""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from blueprint.cli.watch import build_once, watch
from blueprint.errors import LoadError
from tests.conftest import EXAMPLES
from tests.helpers import blueprint_cmd

WAIT = 20.0  # seconds: an upper bound for a file event to arrive, never a sleep

REBUILT = re.compile(r"^rebuilt (.+) in \d+\.\d\d s$")


def test_build_once_says_what_it_built_or_what_went_wrong() -> None:
    assert REBUILT.match(build_once(lambda: "out.html"))
    assert REBUILT.match(build_once(lambda: "out.html")).group(1) == "out.html"  # type: ignore[union-attr]

    def broken() -> str:
        raise LoadError("expected a mapping", "x.blueprint.yaml", 3, 1)

    assert build_once(broken) == "blueprint: x.blueprint.yaml:3:1: expected a mapping"
    assert build_once(lambda: "報告.html", "zh-TW").startswith("已於 ")


@pytest.fixture
def watched(tmp_path: Path) -> Iterator[tuple[Path, queue.Queue[str], list[int]]]:
    """A file watched in a thread; the lines it prints arrive on a queue. Stopped at the end."""
    path = tmp_path / "x.blueprint.yaml"
    path.write_text("v1", encoding="utf-8")
    lines: queue.Queue[str] = queue.Queue()
    builds: list[int] = []
    stop = threading.Event()

    def rebuild() -> str:
        text = path.read_text(encoding="utf-8")
        builds.append(len(text))
        if "bad" in text:
            raise LoadError("not a blueprint", str(path), 1, 1)
        return "out.html"

    thread = threading.Thread(
        target=watch, args=(path, rebuild), kwargs={"echo": lines.put, "stop_event": stop}
    )
    thread.start()
    try:
        yield path, lines, builds
    finally:
        stop.set()
        thread.join(timeout=WAIT)
        assert not thread.is_alive()


def test_watch_rebuilds_on_every_change_and_survives_a_broken_file(
    watched: tuple[Path, queue.Queue[str], list[int]],
) -> None:
    path, lines, builds = watched
    assert REBUILT.match(lines.get(timeout=WAIT)), "the first build happens at once"
    assert lines.get(timeout=WAIT).startswith("watching ")
    path.write_text("v2 bad", encoding="utf-8")
    assert lines.get(timeout=WAIT) == f"blueprint: {path}:1:1: not a blueprint"
    path.write_text("v3 fixed", encoding="utf-8")
    assert REBUILT.match(lines.get(timeout=WAIT)), "a fixed file builds again: the loop kept watching"
    assert builds[-1] == len("v3 fixed")


def test_watch_follows_a_save_by_rename_and_ignores_other_files(
    watched: tuple[Path, queue.Queue[str], list[int]],
) -> None:
    path, lines, builds = watched
    lines.get(timeout=WAIT)
    lines.get(timeout=WAIT)
    (path.parent / "other.txt").write_text("not watched", encoding="utf-8")
    fresh = path.parent / ".x.blueprint.yaml.swp"
    fresh.write_text("v2 saved by rename", encoding="utf-8")
    os.replace(fresh, path)  # how many editors save
    assert REBUILT.match(lines.get(timeout=WAIT))
    assert builds[-1] == len("v2 saved by rename")
    path.write_text("v3 second save", encoding="utf-8")
    assert REBUILT.match(lines.get(timeout=WAIT)), "the watch goes on after the rename"
    assert builds[-1] == len("v3 second save")


def start_watching(*args: str) -> tuple[subprocess.Popen[str], queue.Queue[str]]:
    """Start ``blueprint ARGS`` in the background; its standard error lines arrive in a queue."""
    proc = subprocess.Popen(
        [*blueprint_cmd(), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    lines: queue.Queue[str] = queue.Queue()
    stderr = proc.stderr
    assert stderr is not None
    threading.Thread(target=lambda: [lines.put(line.rstrip("\n")) for line in stderr], daemon=True).start()
    return proc, lines


def test_report_watch_rewrites_the_report_and_exits_0_on_ctrl_c(tmp_path: Path) -> None:
    source = tmp_path / "t.blueprint.yaml"
    shutil.copy(next(p for p in EXAMPLES if p.name.startswith("telecom")), source)
    out = tmp_path / "t.md"
    proc, lines = start_watching("report", str(source), "-o", str(out), "--today", "2026-11-26", "--watch")
    try:
        first = lines.get(timeout=WAIT)
        assert re.match(rf"^(rebuilt|已於) .*{re.escape(str(out))}", first), first
        lines.get(timeout=WAIT)  # watching ...
        assert "門號無訊號換SIM卡" in out.read_text(encoding="utf-8")
        source.write_text(
            source.read_text(encoding="utf-8").replace("門號無訊號換SIM卡", "換卡改版"), "utf-8"
        )
        assert str(out) in lines.get(timeout=WAIT)
        assert "換卡改版" in out.read_text(encoding="utf-8")
        source.write_text("blueprint: 1\ntitle: [unclosed\n", encoding="utf-8")
        error = lines.get(timeout=WAIT)
        assert error.startswith(f"blueprint: {source}:"), error
        assert "換卡改版" in out.read_text(encoding="utf-8"), "a broken file leaves the last good report"
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=WAIT)
    assert proc.returncode == 0
    assert "Traceback" not in proc.stdout.read()  # type: ignore[union-attr]


def test_render_watch_redraws_on_change(tmp_path: Path) -> None:
    source = tmp_path / "t.blueprint.yaml"
    shutil.copy(next(p for p in EXAMPLES if p.name.startswith("fedex")), source)
    out = tmp_path / "t.mmd"
    proc, lines = start_watching("render", str(source), "-o", str(out), "--watch")
    try:
        assert REBUILT.match(lines.get(timeout=WAIT))
        lines.get(timeout=WAIT)  # watching ...
        source.write_text(source.read_text(encoding="utf-8").replace("Parcel tracking", "Parcels"), "utf-8")
        assert REBUILT.match(lines.get(timeout=WAIT))
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=WAIT)
    assert proc.returncode == 0

"""Where ``-o`` may write: never over an input of the same run, special files as they are.

- ``-o`` naming the blueprint (or the worksheet, or the profile) read by the same run is
  refused with exit 2 and the file stays byte for byte, even with ``--force``, also
  through a hard link or a symbolic link.
- A character device, a FIFO and ``/dev/stdout`` are written as they are, never replaced
  by a regular file: ``-o /dev/stdout >> README.md`` appends, into a pipe works.
- ``-o -`` is standard output for the text formats.
- SIGTERM while the temporary file exists removes it, as Ctrl-C does.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.conftest import ROOT, blueprint_cmd

EXAMPLE = ROOT / "examples" / "telecom-sim-swap.blueprint.yaml"
IN = "in.blueprint.yaml"


def cli(*args: str, cwd: Path, **kw: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*blueprint_cmd(), *args], cwd=cwd, capture_output=True, timeout=60, **kw)  # type: ignore[call-overload, no-any-return]


@pytest.fixture
def here(tmp_path: Path) -> Path:
    shutil.copy(EXAMPLE, tmp_path / IN)
    return tmp_path


# -- never over an input ------------------------------------------------------------------

SAME_AS_INPUT = [
    ("fmea", IN, "-o", IN),
    ("fmea", IN, "--format", "json", "-o", IN),
    ("report", IN, "--format", "markdown", "-o", IN),
    ("report", IN, "--format", "html", "-o", IN),
    ("graph", IN, "-o", IN),
    ("graph", IN, "--export", "graphml", "-o", IN),
    ("render", IN, "--format", "dot", "-o", IN),
    ("render", IN, "--format", "mermaid", "-o", IN),
    ("portfolio", IN, "-o", IN),
    ("portfolio", ".", "--format", "json", "-o", IN),
    ("plan", IN, "--budget", "1000", "-o", IN),
    ("plan", IN, "--budget", "1000", "--format", "json", "-o", IN),
    ("deck", IN, "-o", IN),
]


@pytest.mark.parametrize("args", SAME_AS_INPUT, ids=lambda a: " ".join(a[:3]))
def test_output_naming_the_input_is_refused(here: Path, args: tuple[str, ...]) -> None:
    before = (here / IN).read_bytes()
    done = cli(*args, cwd=here)
    assert done.returncode == 2, done.stderr
    line = done.stderr.decode()
    assert line.count("\n") == 1 and "an input of this command" in line, line
    assert (here / IN).read_bytes() == before


def test_a_hard_link_or_symbolic_link_to_the_input_is_refused(here: Path) -> None:
    before = (here / IN).read_bytes()
    os.link(here / IN, here / "hard.md")
    (here / "soft.md").symlink_to(here / IN)
    for name in ("hard.md", "soft.md"):
        done = cli("report", IN, "-o", name, cwd=here)
        assert done.returncode == 2, done.stderr
        assert b"an input of this command" in done.stderr
    assert (here / IN).read_bytes() == before


def test_export_onto_its_blueprint_is_refused_even_with_force(here: Path) -> None:
    before = (here / IN).read_bytes()
    os.link(here / IN, here / "sheet.csv")  # the same file under a worksheet's name
    done = cli("export", IN, "-o", "sheet.csv", "--force", cwd=here)
    assert done.returncode == 2, done.stderr
    assert b"an input of this command" in done.stderr
    assert (here / IN).read_bytes() == before


def test_import_onto_its_worksheet_is_refused_even_with_force(here: Path) -> None:
    assert cli("export", IN, "-o", "w.xlsx", cwd=here).returncode == 0
    before = (here / "w.xlsx").read_bytes()
    done = cli("import", "w.xlsx", "-o", "w.xlsx", "--force", cwd=here)
    assert done.returncode == 2, done.stderr
    assert b"an input of this command" in done.stderr
    assert (here / "w.xlsx").read_bytes() == before


def test_the_profile_read_is_an_input_too(here: Path) -> None:
    profile = ROOT / "blueprint" / "analysis" / "profiles" / "sae-rm13004.json"
    shutil.copy(profile, here / "ours.json")
    before = (here / "ours.json").read_bytes()
    done = cli("fmea", IN, "--profile", "ours.json", "--format", "json", "-o", "ours.json", cwd=here)
    assert done.returncode == 2, done.stderr
    assert (here / "ours.json").read_bytes() == before


# -- special files --------------------------------------------------------------------------


def _null_device(folder: Path) -> Path:
    """A character device that discards what is written: a private copy of /dev/null where
    this process may create one (so that a broken build never replaces the system's), else
    /dev/null itself, which a process that cannot create devices cannot replace either."""
    node = folder / "null"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (PermissionError, OSError):
        return Path("/dev/null")
    return node


def test_a_device_stays_a_device(here: Path) -> None:
    device = _null_device(here)
    for args in (("fmea", IN, "-o", str(device)), ("graph", IN, "-o", str(device))):
        done = cli(*args, cwd=here)
        assert done.returncode == 0, done.stderr
        assert stat.S_ISCHR(os.stat(device).st_mode)
    assert not [p for p in device.parent.iterdir() if p.name.endswith(".tmp")]


def test_dev_stdout_appended_by_the_shell_keeps_what_was_there(here: Path) -> None:
    readme = here / "README.md"
    readme.write_text("# Our service\n\nIntro kept.\n", encoding="utf-8")
    command = " ".join(blueprint_cmd()) + f" render {IN} --format mermaid -o /dev/stdout >> README.md"
    done = subprocess.run(command, shell=True, cwd=here, capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    text = readme.read_text(encoding="utf-8")
    assert text.startswith("# Our service\n\nIntro kept.\nflowchart LR\n")
    expected = cli("render", IN, "--format", "mermaid", "-o", "-", cwd=here).stdout.decode()
    assert text == "# Our service\n\nIntro kept.\n" + expected


def test_dev_stdout_into_a_pipe(here: Path) -> None:
    expected = cli("fmea", IN, "--format", "json", cwd=here).stdout
    done = cli("fmea", IN, "--format", "json", "-o", "/dev/stdout", cwd=here)  # stdout is a pipe
    assert done.returncode == 0, done.stderr
    assert done.stdout == expected


def test_a_fifo_is_written_not_replaced(here: Path) -> None:
    fifo = here / "out.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    done = cli("graph", IN, "--format", "json", "-o", str(fifo), cwd=here)
    reader.join(30)
    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert got and got[0] == cli("graph", IN, "--format", "json", cwd=here).stdout


@pytest.mark.parametrize(
    "args",
    [
        ("fmea", IN, "--format", "csv"),
        ("graph", IN, "--format", "json"),
        ("render", IN, "--format", "dot"),
        ("report", IN, "--format", "markdown", "--today", "2026-01-01"),
        ("plan", IN, "--budget", "100000", "--format", "markdown"),
    ],
    ids=lambda a: a[0],
)
def test_dash_is_standard_output(here: Path, args: tuple[str, ...]) -> None:
    done = cli(*args, "-o", "-", cwd=here)
    assert done.returncode == 0, done.stderr
    assert not (here / "-").exists()
    assert cli(*args, "-o", "file.out", cwd=here).returncode == 0
    assert done.stdout == (here / "file.out").read_bytes() != b""


def test_import_to_standard_output(here: Path) -> None:
    assert cli("export", IN, "-o", "w.csv", cwd=here).returncode == 0
    done = cli("import", "w.csv", "-o", "-", "--lang", "en", cwd=here)
    assert done.returncode == 0, done.stderr
    assert not (here / "-").exists()
    assert cli("import", "w.csv", "-o", "file.yaml", cwd=here).returncode == 0
    assert done.stdout == (here / "file.yaml").read_bytes()
    assert b"Wrote" in done.stderr  # the messages go to standard error


# -- SIGTERM --------------------------------------------------------------------------------

# os.fsync of the temporary file sends the process SIGTERM: the signal arrives at the
# moment the temporary file exists, every time
_TERM_DURING_WRITE = """
import os, signal, sys
real_fsync = os.fsync
def fsync(fd):
    real_fsync(fd)
    os.kill(os.getpid(), signal.SIGTERM)
os.fsync = fsync
from blueprint.cli.main import main
main(sys.argv[1:])
"""


@pytest.mark.parametrize("out", ["out.xlsx", "out.csv"])
def test_sigterm_while_writing_leaves_no_temporary_file(here: Path, out: str) -> None:
    (here / out).write_bytes(b"old")
    done = subprocess.run(
        [sys.executable, "-c", _TERM_DURING_WRITE, "export", IN, "-o", out, "--force"],
        cwd=here,
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 128 + signal.SIGTERM, done.stderr
    assert done.stderr.decode().strip() == "blueprint: terminated"
    assert sorted(p.name for p in here.iterdir()) == sorted([IN, out])
    assert (here / out).read_bytes() == b"old"

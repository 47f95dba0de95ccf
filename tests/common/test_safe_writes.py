"""Every command that writes a file does so safely.

- Atomically: a failure in the middle of a write (the disk fills, the rename fails, the
  user presses Ctrl-C) leaves the old file intact, or no file, and no temporary file.
- Files people edit afterwards (``init``, ``import``, ``export``) are never overwritten
  without ``--force``; generated outputs (``render``, ``report``, ``fmea -o``, ``graph -o``)
  are replaced, as a compiler replaces its output.
- A missing folder is a clear one-line error with exit code 2.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import blueprint.common.io
from blueprint.common.io import write_atomic
from blueprint.errors import OutputError
from tests.conftest import ROOT
from tests.helpers import entry, needs_dot

EXAMPLE = ROOT / "examples" / "telecom-sim-swap.blueprint.yaml"
TODAY = ("--today", "2026-01-01")
IN = "in.blueprint.yaml"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with a blueprint, a worksheet and a file to format."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(EXAMPLE, tmp_path / "in.blueprint.yaml")
    assert entry("export", "in.blueprint.yaml", "-o", "sheet.csv").exit_code == 0
    messy = EXAMPLE.read_text(encoding="utf-8").replace("blueprint: 1\n", "blueprint:   1\n", 1)
    (tmp_path / "messy.blueprint.yaml").write_text(messy, encoding="utf-8")
    return tmp_path


# (name, argv writing to OUT, the file written) for every command that writes
WRITERS: list[tuple[str, list[str], str]] = [
    ("render dot", ["render", IN, "-o", "out.dot"], "out.dot"),
    ("render mermaid", ["render", IN, "-o", "out.mmd"], "out.mmd"),
    ("report md", ["report", IN, "-o", "out.md", *TODAY], "out.md"),
    ("fmea -o", ["fmea", IN, "--format", "csv", "-o", "out.csv"], "out.csv"),
    ("graph -o", ["graph", IN, "-o", "out.txt"], "out.txt"),
    (
        "graph --export -o",
        ["graph", IN, "--export", "graphml", "-o", "out.graphml"],
        "out.graphml",
    ),
    ("init", ["init", "out.blueprint.yaml", "--force"], "out.blueprint.yaml"),
    ("export csv", ["export", IN, "-o", "out.csv", "--force"], "out.csv"),
    ("export xlsx", ["export", IN, "-o", "out.xlsx", "--force"], "out.xlsx"),
    ("import", ["import", "sheet.csv", "-o", "out.blueprint.yaml", "--force"], "out.blueprint.yaml"),
    ("fmt", ["fmt", "messy.blueprint.yaml"], "messy.blueprint.yaml"),
]
#: the writers that run Graphviz: their cases require dot
DOT_WRITERS: list[tuple[str, list[str], str]] = [
    ("render svg", ["render", IN, "-o", "out.svg"], "out.svg"),
    ("report html", ["report", IN, "-o", "out.html", *TODAY], "out.html"),
    ("report md + svg", ["report", IN, "-o", "out.md", "--diagram", "svg", *TODAY], "out.md"),
]


def cases(writers: list[tuple[str, list[str], str]]) -> list[Any]:
    """``writers`` as parameters named by the writer, those that run Graphviz marked as needing it."""
    return [pytest.param(*w, id=w[0], marks=needs_dot if w in DOT_WRITERS else ()) for w in writers]


def listing(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_every_writer_works_when_nothing_fails(here: Path) -> None:
    for _name, argv, out in WRITERS:
        result = entry(*argv)
        assert result.exit_code == 0, (argv, result.output)
        assert (here / out).stat().st_size > 0
    assert not [name for name in listing(here) if name.endswith(".tmp")]


@needs_dot
def test_every_writer_running_graphviz_works_when_nothing_fails(here: Path) -> None:
    for _name, argv, out in DOT_WRITERS:
        result = entry(*argv)
        assert result.exit_code == 0, (argv, result.output)
        assert (here / out).stat().st_size > 0
    assert not [name for name in listing(here) if name.endswith(".tmp")]


def failing(exc: BaseException) -> Callable[..., None]:
    def boom(*args: object, **kwargs: object) -> None:
        raise exc

    return boom


FAILURES = {
    "rename fails (disk full)": ("replace", OSError(28, "No space left on device")),
    "flush to disk fails": ("fsync", OSError(5, "Input/output error")),
    "interrupted (Ctrl-C)": ("fsync", KeyboardInterrupt()),
}


@pytest.mark.parametrize("failure", list(FAILURES), ids=list(FAILURES))
@pytest.mark.parametrize(("name", "argv", "out"), cases(WRITERS + DOT_WRITERS))
def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary_file(
    here: Path, monkeypatch: pytest.MonkeyPatch, name: str, argv: list[str], out: str, failure: str
) -> None:
    target = here / out
    if name != "fmt":
        target.write_bytes(b"the old contents\n")
    old = target.read_bytes()
    before = listing(here)
    function, exc = FAILURES[failure]
    monkeypatch.setattr(blueprint.common.io.os, function, failing(exc))
    result = entry(*argv)
    monkeypatch.undo()
    assert "Traceback" not in result.output
    assert target.read_bytes() == old, "the old file must survive a failed write"
    assert listing(here) == before, "no temporary or partial file is left"
    if isinstance(exc, KeyboardInterrupt):
        assert result.exit_code == 130
        assert "interrupted" in result.stderr
    else:
        assert result.exit_code == 2, result.output
        # one line naming the file (report --diagram svg writes its drawing first)
        assert result.stderr.startswith("blueprint: cannot write ")
        assert result.stderr.strip().endswith(str(exc.strerror))
        assert len(result.stderr.strip().splitlines()) == 1
        assert "internal error" not in result.stderr


@pytest.mark.parametrize(("name", "argv", "out"), cases(WRITERS[:6]))
def test_a_failed_first_write_leaves_no_file_at_all(
    here: Path, monkeypatch: pytest.MonkeyPatch, name: str, argv: list[str], out: str
) -> None:
    before = listing(here)
    monkeypatch.setattr(blueprint.common.io.os, "replace", failing(OSError(13, "Permission denied")))
    result = entry(*argv)
    monkeypatch.undo()
    assert result.exit_code == 2, result.output
    assert listing(here) == before


# -- overwriting ------------------------------------------------------------------------------

EDITED = [
    ("init", ["init", "out.blueprint.yaml"]),
    ("export csv", ["export", "in.blueprint.yaml", "-o", "out.blueprint.yaml.csv"]),
    ("export xlsx", ["export", "in.blueprint.yaml", "-o", "out.xlsx"]),
    ("import", ["import", "sheet.csv", "-o", "out.blueprint.yaml"]),
]


@pytest.mark.parametrize(("name", "argv"), EDITED, ids=[e[0] for e in EDITED])
def test_files_people_edit_are_not_overwritten_without_force(here: Path, name: str, argv: list[str]) -> None:
    target = here / argv[-1]
    target.write_bytes(b"my own work\n")
    result = entry(*argv)
    assert result.exit_code == 2, result.output
    assert target.read_bytes() == b"my own work\n"
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not [n for n in listing(here) if n.endswith(".tmp")]
    forced = entry(*argv, "--force")
    assert forced.exit_code == 0, forced.output
    assert target.read_bytes() != b"my own work\n"


@pytest.mark.parametrize(("name", "argv"), EDITED, ids=[e[0] for e in EDITED])
def test_a_symbolic_link_counts_as_an_existing_file(here: Path, name: str, argv: list[str]) -> None:
    (here / "elsewhere").write_bytes(b"my own work\n")
    (here / argv[-1]).symlink_to(here / "elsewhere")
    assert entry(*argv).exit_code == 2
    assert (here / "elsewhere").read_bytes() == b"my own work\n"


GENERATED = [w for w in WRITERS + DOT_WRITERS if w[0].split()[0] in ("render", "report", "fmea", "graph")]


@pytest.mark.parametrize(("name", "argv", "out"), cases(GENERATED))
def test_generated_outputs_are_replaced_without_force(
    here: Path, name: str, argv: list[str], out: str
) -> None:
    target = here / out
    target.write_bytes(b"an old rendering\n")
    result = entry(*argv)
    assert result.exit_code == 0, result.output
    assert target.read_bytes() != b"an old rendering\n"


def test_an_existing_files_permissions_are_kept(here: Path) -> None:
    target = here / "messy.blueprint.yaml"
    target.chmod(0o640)
    assert entry("fmt", str(target)).exit_code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_new_file_gets_the_usual_permissions(here: Path) -> None:
    umask = os.umask(0o022)
    try:
        assert entry("render", "in.blueprint.yaml", "-o", "new.dot").exit_code == 0
    finally:
        os.umask(umask)
    assert stat.S_IMODE((here / "new.dot").stat().st_mode) == 0o644


def test_formatting_through_a_symbolic_link_keeps_the_link(here: Path) -> None:
    real = here / "shared" / "service.blueprint.yaml"
    real.parent.mkdir()
    shutil.move(here / "messy.blueprint.yaml", real)
    link = here / "service.blueprint.yaml"
    link.symlink_to(real)
    assert entry("fmt", str(link)).exit_code == 0
    assert link.is_symlink(), "the link is still a link"
    assert entry("fmt", "--check", str(real)).exit_code == 0, "the file it points to was formatted"


# -- missing folders --------------------------------------------------------------------------


OUTPUTS = [w for w in WRITERS + DOT_WRITERS if w[0] != "fmt"]  # fmt rewrites files that exist


@pytest.mark.parametrize(("name", "argv", "out"), cases(OUTPUTS))
def test_a_missing_folder_is_a_clear_one_line_error(here: Path, name: str, argv: list[str], out: str) -> None:
    moved = [("no/such/" + a if a == out else a) for a in argv]
    before = listing(here)
    result = entry(*moved)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("blueprint: "), result.stderr
    assert "folder 'no/such' does not exist" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert listing(here) == before


def test_a_folder_as_the_output_is_refused(here: Path) -> None:
    (here / "out.dot").mkdir()
    result = entry("render", "in.blueprint.yaml", "-o", "out.dot")
    assert result.exit_code == 2
    assert "it is a folder" in result.stderr


# -- the primitive itself ------------------------------------------------------------------------


def test_write_atomic_without_force_never_replaces_a_file_that_appears_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "new.yaml"
    real_fsync = os.fsync

    def someone_else_writes(fd: int) -> None:
        real_fsync(fd)
        target.write_bytes(b"written by someone else\n")

    monkeypatch.setattr(blueprint.common.io.os, "fsync", someone_else_writes)
    with pytest.raises(OutputError, match="already exists"):
        write_atomic(target, "ours\n", force=False)
    assert target.read_bytes() == b"written by someone else\n"
    assert listing(tmp_path) == {"new.yaml"}


def test_write_atomic_without_hard_links_still_refuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(blueprint.common.io.os, "link", failing(OSError(1, "Operation not permitted")))
    target = write_atomic(tmp_path / "a.yaml", "one\n", force=False)
    assert target.read_text() == "one\n"
    with pytest.raises(OutputError, match="already exists"):
        write_atomic(tmp_path / "a.yaml", "two\n", force=False)
    assert listing(tmp_path) == {"a.yaml"}


def test_write_atomic_in_a_folder_it_may_not_write_is_an_output_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a read-only folder, as root would not feel one: creating the temporary file fails
    monkeypatch.setattr(
        blueprint.common.io.tempfile, "mkstemp", failing(PermissionError(13, "Permission denied"))
    )
    with pytest.raises(OutputError, match=r"cannot write .*x\.svg: Permission denied"):
        write_atomic(tmp_path / "x.svg", b"<svg/>")
    assert listing(tmp_path) == set()

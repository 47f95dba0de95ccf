"""The terminal: colour only where it helps, clean text in pipes, progress, help that teaches."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from blueprint.cli.commands._common import use_color
from blueprint.cli.main import LazyGroup, cli
from blueprint.cli.progress import progress
from tests.conftest import ROOT
from tests.helpers import blueprint_cmd, run_blueprint

ZH_EXAMPLE = ROOT / "examples" / "telecom-sim-swap.blueprint.yaml"
EN_EXAMPLE = ROOT / "examples" / "fedex-tracking.blueprint.yaml"
ESC = "\x1b["
COLOR_VARS = ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "CLICOLOR")


@pytest.fixture(autouse=True)
def _no_colour_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in COLOR_VARS:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


# -- when to colour


def test_colour_follows_the_flags_then_the_environment_then_the_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tty, pipe = FakeTerminal(), io.StringIO()
    assert use_color("auto", stream=tty) and not use_color("auto", stream=pipe)
    assert use_color("always", stream=pipe)
    assert not use_color("never", stream=tty)
    assert not use_color("always", no_color=True, stream=tty)  # --no-color wins over --color always
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color("auto", stream=tty)
    assert use_color("always", stream=pipe)  # the command line wins over the environment
    monkeypatch.setenv("NO_COLOR", "")  # an empty NO_COLOR means nothing
    assert use_color("auto", stream=tty)
    for var, value, expected in [
        ("FORCE_COLOR", "1", True),
        ("CLICOLOR_FORCE", "1", True),
        ("CLICOLOR_FORCE", "0", False),
    ]:
        monkeypatch.setenv(var, value)
        assert use_color("auto", stream=pipe) is expected, var
        monkeypatch.delenv(var)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color("auto", stream=pipe)  # NO_COLOR wins over FORCE_COLOR
    monkeypatch.delenv("FORCE_COLOR")
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert not use_color("auto", stream=tty)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setenv("CLICOLOR", "0")
    assert not use_color("auto", stream=tty)


def broken_file(tmp_path: Path) -> Path:
    path = tmp_path / "broken.blueprint.yaml"
    path.write_text(
        "blueprint: 1\ntitle: 門號\nlanguage: zh-TW\nsteps:\n"
        "  - {id: call, lane: customer, title: 致電, next: [advise]}\n"
        "  - {id: advice, lane: frontstage, title: 建議}\n",
        encoding="utf-8",
    )
    return path


def unformatted_file(tmp_path: Path) -> Path:
    path = tmp_path / "ugly.blueprint.yaml"
    path.write_text(
        "blueprint: 1\ntitle:   T\nsteps:\n- {id: a, lane: customer, title: A}\n", encoding="utf-8"
    )
    return path


def raised_file(tmp_path: Path) -> Path:
    path = tmp_path / "raised.blueprint.yaml"
    path.write_text(
        ZH_EXAMPLE.read_text(encoding="utf-8").replace("severity: 6", "severity: 9"), encoding="utf-8"
    )
    return path


def human_commands(tmp_path: Path) -> list[list[str]]:
    """A command line for each way every command prints for people."""
    return [
        ["check", str(ZH_EXAMPLE)],
        ["check", str(broken_file(tmp_path))],
        ["fmea", str(ZH_EXAMPLE)],
        ["fmea", str(EN_EXAMPLE), "--format", "markdown"],
        ["fmea", str(ZH_EXAMPLE), "--explain", "advice-without-diagnosis"],
        ["graph", str(ZH_EXAMPLE)],
        ["diff", str(ZH_EXAMPLE), str(raised_file(tmp_path))],
        ["fmt", "--check", str(unformatted_file(tmp_path))],
        ["fmt", "--diff", str(unformatted_file(tmp_path))],
        ["explain"],
        ["explain", "BP007"],
        ["init", str(tmp_path / "new.blueprint.yaml")],
        ["schema"],
        ["--help"],
        ["fmea", "--help"],
    ]


@pytest.mark.slow
def test_piped_output_is_clean_text(tmp_path: Path) -> None:
    for args in human_commands(tmp_path):
        result = run_blueprint(*args)
        assert result.returncode in (0, 1), (args, result.stderr)
        assert result.stdout, args
        assert ESC not in result.stdout, args
        assert "\r" not in result.stdout + result.stderr, args


@pytest.mark.slow
def test_colour_always_survives_a_pipe_for_ci_logs(tmp_path: Path) -> None:
    for args in (
        ["check", str(broken_file(tmp_path))],
        ["fmea", str(ZH_EXAMPLE)],
        ["diff", str(ZH_EXAMPLE), str(raised_file(tmp_path))],
        ["fmt", "--diff", str(unformatted_file(tmp_path))],
        ["explain", "BP007"],
    ):
        assert ESC in run_blueprint(*args, "--color", "always").stdout, args
        assert ESC in run_blueprint(*args, env=os.environ | {"FORCE_COLOR": "1"}).stdout, args
        assert ESC not in run_blueprint(*args, "--color", "always", "--no-color").stdout, args
        assert (
            ESC not in run_blueprint(*args, env=os.environ | {"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout
        ), args


def test_machine_formats_are_never_coloured(tmp_path: Path) -> None:
    broken = str(broken_file(tmp_path))
    for args in (
        ["check", broken, "--format", "json"],
        ["check", broken, "--format", "sarif"],
        ["check", broken, "--format", "github"],
        ["fmea", str(ZH_EXAMPLE), "--format", "json"],
        ["fmea", str(ZH_EXAMPLE), "--format", "csv"],
    ):
        assert ESC not in run_blueprint(*args, "--color", "always").stdout, args


def drain(leader: int) -> bytes:
    """Everything written to a pseudo-terminal until its other end closes."""
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # the other end closed
            break
        if not data:
            break
        chunks.append(data)
    return b"".join(chunks)


def on_a_terminal(args: list[str], **env: str) -> str:
    """Standard output of the command when it is a terminal (a pseudo-terminal)."""
    import pty

    leader, follower = pty.openpty()
    environ = {k: v for k, v in os.environ.items() if k not in COLOR_VARS} | env
    with subprocess.Popen(
        [*blueprint_cmd(), *args], stdout=follower, stderr=subprocess.DEVNULL, env=environ
    ) as proc:
        os.close(follower)
        output = drain(leader)
        proc.wait(timeout=120)
    os.close(leader)
    return output.decode("utf-8")


def test_colour_on_a_terminal_unless_no_color(tmp_path: Path) -> None:
    broken = str(broken_file(tmp_path))
    coloured = on_a_terminal(["check", broken])
    assert "\x1b[31m\x1b[1m錯誤\x1b[0m" in coloured  # error, red and bold
    assert ESC not in on_a_terminal(["check", broken], NO_COLOR="1")
    assert ESC not in on_a_terminal(["check", broken, "--no-color"])
    table = on_a_terminal(["fmea", str(ZH_EXAMPLE), "--width", "100"])
    assert "\x1b[31m\x1b[1mH" in table.replace("\x1b[1m\x1b[31m", "\x1b[31m\x1b[1m")  # AP H, red and bold


# -- progress


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_progress_waits_a_second_draws_one_line_and_erases_it() -> None:
    tty, clock = FakeTerminal(), Clock()
    with progress(200, "checking", stream=tty, clock=clock) as bar:
        for _ in range(50):
            bar.advance()
        assert tty.getvalue() == ""  # quick work shows nothing
        clock.now = 1.5
        bar.advance()
        drawn = tty.getvalue()
        assert drawn == "\rchecking 51/200 (25%)"
        bar.advance()  # redraws are spaced out
        assert tty.getvalue() == drawn
        clock.now = 2.0
        bar.advance(99)
        assert tty.getvalue().endswith("\rchecking 151/200 (75%)")
    assert tty.getvalue().endswith("\r" + " " * len("checking 151/200 (75%)") + "\r")


def test_progress_erases_its_line_when_the_work_fails() -> None:
    tty, clock = FakeTerminal(), Clock()
    with pytest.raises(RuntimeError), progress(None, "rendering", stream=tty, clock=clock) as bar:
        clock.now = 3.0
        bar.set_label("rendering (dot)")
        raise RuntimeError
    assert tty.getvalue() == "\rrendering (dot) 3s\r" + " " * len("rendering (dot) 3s") + "\r"


def test_progress_is_silent_off_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    clock = Clock()
    with progress(10, "checking", clock=clock, background=True) as bar:
        clock.now = 5.0
        bar.advance(10)
        assert not bar.active
    assert capsys.readouterr() == ("", "")


def test_progress_fits_the_terminal_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "20")
    tty, clock = FakeTerminal(), Clock()
    with progress(None, "檢查中" * 10, stream=tty, clock=clock) as bar:
        clock.now = 2.0
        bar.advance()
        line = tty.getvalue()
    assert line.startswith("\r檢查中檢查中檢查") and line.split("\r")[1].endswith("…")


def test_check_of_many_files_keeps_progress_off_stdout(tmp_path: Path) -> None:
    for i in range(40):
        (tmp_path / f"f{i:02d}.blueprint.yaml").write_text(
            ZH_EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8"
        )
    result = run_blueprint("check", str(tmp_path))
    assert result.returncode == 0
    assert result.stdout == "已檢查 40 個檔案：沒有問題\n"
    assert result.stderr == ""


#: runs the command with the progress line drawn at once (no second of waiting), so a
#: test sees it whatever the speed of the machine
AT_ONCE = """\
import contextlib, sys
import blueprint.cli.progress as p
real = p.progress
@contextlib.contextmanager
def at_once(total, label, **kw):
    with real(total, label, **(kw | {"delay": 0.0})) as bar:
        bar.set_label(label)
        yield bar
p.progress = at_once
from blueprint.cli.main import main
main(sys.argv[1:])
"""


def stderr_on_a_terminal(tmp_path: Path, args: list[str], **env: str) -> tuple[int, str, str]:
    """(exit code, standard output, standard error) with standard error a pseudo-terminal."""
    import pty

    leader, follower = pty.openpty()
    environ = {k: v for k, v in os.environ.items() if k not in (*COLOR_VARS, "LANG", "LC_ALL")} | env
    out_path = tmp_path / "stdout.txt"
    with (
        out_path.open("wb") as out,
        subprocess.Popen(
            [sys.executable, "-c", AT_ONCE, *args], stdout=out, stderr=follower, env=environ
        ) as proc,
    ):
        os.close(follower)
        output = drain(leader)
        code = proc.wait(timeout=120)
    os.close(leader)
    return code, out_path.read_text(encoding="utf-8"), output.decode("utf-8")


def drawn_and_erased(stderr: str, label: str) -> bool:
    """Whether the progress line ``label ...`` was drawn and then wiped from the terminal."""
    from wcwidth import wcswidth

    start = stderr.find("\r" + label + " ")
    if start < 0:
        return False
    pieces = stderr[start + 1 :].split("\r")
    drawn = [p for p in pieces if p.startswith(label)]
    blanks = [len(p) for p in pieces if p and not p.strip(" ")]
    # the line is wiped with at least as many spaces as the widest state it was drawn in
    return bool(blanks) and max(blanks) >= max(wcswidth(p) for p in drawn)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_render_report_export_and_import_show_progress_on_a_terminal_only(tmp_path: Path) -> None:
    sheet = tmp_path / "fmea.xlsx"
    runs = [
        (["render", str(ZH_EXAMPLE), "-o", str(tmp_path / "d.svg")], "繪製圖表中", "已寫入"),
        (["report", str(ZH_EXAMPLE), "-o", str(tmp_path / "r.html")], "產生報告中", "已寫入"),
        (["export", str(ZH_EXAMPLE), "-o", str(sheet)], "寫入工作表中", "已寫入"),
        (["export", str(ZH_EXAMPLE), "-o", str(tmp_path / "f.csv")], "寫入工作表中", "已寫入"),
        (["import", str(sheet), "-o", str(tmp_path / "i.blueprint.yaml")], "讀取工作表中", "已寫入"),
    ]
    for args, label, done in runs:
        code, out, err = stderr_on_a_terminal(tmp_path, args, LANG="zh_TW.UTF-8")
        assert code == 0, (args, err)
        assert drawn_and_erased(err, label), (args, err)
        assert "\r" not in out and label not in out, args
        assert done in out + err, args
        assert "Wrote" not in out + err  # messages in the blueprint's (or worksheet's) language
        elsewhere = Path(args[-1]).with_name("piped-" + Path(args[-1]).name)
        piped = run_blueprint(*args[:-1], str(elsewhere), env=os.environ | {"LANG": "zh_TW.UTF-8"})
        assert piped.returncode == 0 and "\r" not in piped.stderr + piped.stdout, args


# -- help


def command_names() -> list[str]:
    group = cli
    assert isinstance(group, LazyGroup)
    return group.list_commands(click.Context(group))


@pytest.mark.parametrize("name", command_names())
def test_every_commands_help_has_a_purpose_and_real_examples(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    purpose = lines[2].strip()
    assert purpose and purpose[0].isupper(), purpose
    assert "Examples:" in result.output
    examples = [
        ln.strip() for ln in lines[lines.index("  Examples:") :] if ln.strip().startswith("blueprint ")
    ]
    assert len(examples) >= 2, result.output
    assert all(ln.split()[1] == name for ln in examples), examples


@pytest.mark.parametrize("name", command_names())
def test_every_command_for_people_takes_the_same_colour_options(name: str) -> None:
    if name in ("schema", "lsp"):  # prints JSON only; speaks JSON-RPC only
        return
    output = CliRunner().invoke(cli, [name, "--help"]).output
    assert "--color [auto|always|never]" in output and "--no-color" in output, name
    assert "--lang [en|zh-TW]" in output, name


def test_the_command_list_shows_each_purpose_whole() -> None:
    output = CliRunner().invoke(cli, ["--help"]).output
    listing = output[output.index("Commands:") :]
    assert "..." not in listing
    for name in command_names():
        assert f"\n  {name} " in listing


def test_unknown_commands_and_options_suggest_the_nearest() -> None:
    runner = CliRunner()
    wrong_command = runner.invoke(cli, ["chek", "x"])
    assert wrong_command.exit_code == 2
    assert "Did you mean 'check'?" in wrong_command.output
    wrong_option = runner.invoke(cli, ["check", "--fromat", "json", "x"])
    assert wrong_option.exit_code == 2
    assert "Did you mean '--format'?" in wrong_option.output
    wrong_fmea_option = runner.invoke(cli, ["fmea", str(ZH_EXAMPLE), "--min-aps", "H"])
    assert "Did you mean '--min-ap'?" in wrong_fmea_option.output


HEAVY = ("networkx", "jsonschema", "jsonschema_rs", "ruamel", "tabulate", "graphviz", "openpyxl", "wcwidth")


@pytest.mark.parametrize("args", [["--version"], ["--help"]])
def test_version_and_help_import_nothing_heavy(args: list[str]) -> None:
    code = (
        "import sys, contextlib, io\n"
        "from blueprint.cli.main import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    cli.main({args!r}, prog_name='blueprint', standalone_mode=False)\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


#: as AT_ONCE, and every change of label is drawn (no time between redraws, no redrawing
#: thread), so a test sees each stage whatever the speed of the machine
EVERY_LABEL = """\
import contextlib, sys
import blueprint.cli.progress as p
real = p.progress
p.INTERVAL = 0.0
@contextlib.contextmanager
def every_label(total, label, **kw):
    with real(total, label, **(kw | {"delay": 0.0, "background": False})) as bar:
        bar.set_label(label)
        yield bar
p.progress = every_label
from blueprint.cli.main import main
main(sys.argv[1:])
"""


def labels_on_a_terminal(args: list[str], **env: str) -> list[str]:
    """The labels the progress line showed, in order, with standard error a pseudo-terminal."""
    import pty

    leader, follower = pty.openpty()
    environ = {k: v for k, v in os.environ.items() if k not in (*COLOR_VARS, "LANG", "LC_ALL")} | env
    with subprocess.Popen(
        [sys.executable, "-c", EVERY_LABEL, *args], stdout=subprocess.DEVNULL, stderr=follower, env=environ
    ) as proc:
        os.close(follower)
        output = drain(leader)
        assert proc.wait(timeout=120) == 0
    os.close(leader)
    import re

    # a drawn line is "\rlabel 0s" (padded); the erased line is blank, the closing message is no such line
    drawn = (re.fullmatch(r"(.+) [0-9]+s", line.strip()) for line in output.decode().split("\r"))
    return [m.group(1) for m in drawn if m]


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_report_progress_says_rendering_while_each_diagram_is_drawn(tmp_path: Path) -> None:
    html = ["report", str(ZH_EXAMPLE), "-o", str(tmp_path / "r.html")]
    assert labels_on_a_terminal(html, LANG="zh_TW.UTF-8") == ["產生報告中", *["繪製圖表中", "產生報告中"] * 2]
    markdown = ["report", str(EN_EXAMPLE), "-o", str(tmp_path / "r.md")]
    assert labels_on_a_terminal(markdown) == ["writing the report", "rendering", "writing the report"]

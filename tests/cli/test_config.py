"""Configuration: ``[tool.blueprint]`` or ``.blueprint.toml`` found upward; flags win; clear errors."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from blueprint.cli.config import Config, find_config, load_config
from blueprint.cli.main import cli
from tests.conftest import examples
from tests.helpers import code_and_output, entry_code

# AP M (S5 O6 D5) with no action: passes the default gate H, fails --fail-on M
MEDIUM = """\
blueprint: 1
title: Returns
steps:
  - id: send-back
    lane: customer
    title: Send the parcel back
    next: [refund]
  - id: refund
    lane: frontstage
    title: Refund the order
    failures:
      - id: slow-refund
        mode: Refund takes weeks
        severity: 5
        occurrence: 6
        detection: 5
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "r.blueprint.yaml").write_text(MEDIUM, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_no_configuration_is_an_empty_one(project: Path) -> None:
    assert find_config(project) is None
    assert load_config(project) == Config()


def test_pyproject_sets_the_gate(runner: CliRunner, project: Path) -> None:
    assert code_and_output("check", "r.blueprint.yaml")[0] == 0
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.blueprint]\nfail-on = "M"\n')
    code, out = code_and_output("check", "r.blueprint.yaml")
    assert code == 1 and "BP007" in out


def test_command_line_flag_wins(runner: CliRunner, project: Path) -> None:
    (project / ".blueprint.toml").write_text('fail-on = "M"\n')
    assert code_and_output("check", "r.blueprint.yaml")[0] == 1
    assert code_and_output("check", "r.blueprint.yaml", "--fail-on", "H")[0] == 0
    assert code_and_output("check", "r.blueprint.yaml", "--isolated")[0] == 0


def test_dotfile_wins_over_pyproject_in_the_same_folder(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.blueprint]\nfail-on = "L"\n')
    (project / ".blueprint.toml").write_text('fail-on = "M"\n')
    assert load_config().fail_on == "M"


def test_nearest_configuration_wins(runner: CliRunner, project: Path, monkeypatch) -> None:
    (project / ".blueprint.toml").write_text('fail-on = "M"\n')
    sub = project / "team"
    sub.mkdir()
    (sub / "pyproject.toml").write_text('[tool.blueprint]\nfail-on = "none"\nmax-rpn = 500\n')
    monkeypatch.chdir(sub)
    config = load_config()
    assert (config.fail_on, config.max_rpn) == ("none", 500)
    assert code_and_output("check", "../r.blueprint.yaml")[0] == 0


def test_pyproject_without_the_table_is_passed_over(project: Path, monkeypatch) -> None:
    (project / ".blueprint.toml").write_text('fail-on = "M"\n')
    sub = project / "pkg"
    sub.mkdir()
    (sub / "pyproject.toml").write_text(
        '[project]\nname = "blueprint-notes"\n[tool.ruff]\nline-length = 100\n'
    )
    monkeypatch.chdir(sub)
    assert find_config() == project / ".blueprint.toml"


def test_max_rpn_and_disable_by_code_or_name(runner: CliRunner, project: Path) -> None:
    (project / ".blueprint.toml").write_text("max-rpn = 100\n")
    code, out = code_and_output("check", "r.blueprint.yaml")
    assert code == 1 and "BP008" in out and "RPN 150" in out
    (project / ".blueprint.toml").write_text('max-rpn = 100\ndisable = ["rpn-limit"]\n')
    assert code_and_output("check", "r.blueprint.yaml") == (0, "1 file checked: no problems\n")
    # a flag replaces the configured list
    code, out = code_and_output("check", "r.blueprint.yaml", "--disable", "BP006")
    assert code == 1 and "BP008" in out


def test_exclude_globs(runner: CliRunner, project: Path) -> None:
    drafts = project / "drafts"
    drafts.mkdir()
    (drafts / "d.blueprint.yaml").write_text("blueprint: 1\ntitle: [broken\n")
    assert code_and_output("check", ".")[0] == 2
    (project / ".blueprint.toml").write_text('exclude = ["drafts/*"]\n')
    assert code_and_output("check", ".") == (0, "1 file checked: no problems\n")
    # a flag replaces the configured patterns
    assert code_and_output("check", "--exclude", "nothing", ".")[0] == 2


def test_exclude_is_relative_to_the_configuration_file(runner: CliRunner, project: Path, monkeypatch) -> None:
    drafts = project / "drafts"
    drafts.mkdir()
    (drafts / "d.blueprint.yaml").write_text("blueprint: 1\ntitle: [broken\n")
    (drafts / "ok.blueprint.yaml").write_text(MEDIUM)
    (project / ".blueprint.toml").write_text('exclude = ["drafts/d.blueprint.yaml"]\n')
    monkeypatch.chdir(drafts)
    assert code_and_output("check", ".") == (0, "1 file checked: no problems\n")


def test_profile_is_relative_to_the_configuration_file(runner: CliRunner, project: Path, monkeypatch) -> None:
    table = json.loads(
        resources.files("blueprint.analysis.profiles").joinpath("aiag-vda-2019.json").read_text()
    )
    for row in table["rows"]:
        row["ap"] = "H"  # a strict house profile: everything needs an action
    (project / "profiles").mkdir()
    (project / "profiles" / "strict.json").write_text(json.dumps(table))
    (project / ".blueprint.toml").write_text('profile = "profiles/strict.json"\n')
    sub = project / "sub"
    sub.mkdir()
    monkeypatch.chdir(sub)
    code, out = code_and_output("check", "../r.blueprint.yaml")
    assert code == 1 and "action priority H" in out
    assert code_and_output("check", "../r.blueprint.yaml", "--profile", "aiag-vda-2019")[0] == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'fail_on = "M"\n',
            ".blueprint.toml:1: unknown key 'fail_on' in the configuration, did you mean 'fail-on'?",
        ),
        ('\nfail-on = "X"\n', ".blueprint.toml:2: fail-on must be one of H, M, L, none, not 'X'"),
        ("max-rpn = 0\n", ".blueprint.toml:1: max-rpn must be a whole number from 1 to 1000, not 0"),
        ('max-rpn = "100"\n', ".blueprint.toml:1: max-rpn must be a whole number from 1 to 1000, not '100'"),
        ('disable = "BP006"\n', ".blueprint.toml:1: disable must be a list of text values"),
        ('disable = ["BP066"]\n', ".blueprint.toml:1: disable names no rule 'BP066', did you mean 'BP006'?"),
        ("exclude = [1]\n", ".blueprint.toml:1: exclude must be a list of text values"),
        ('fail-on = "M"\nfail-on = "H"\n', ".blueprint.toml:2:14: invalid TOML: Cannot overwrite a value"),
        ("fail-on = \n", ".blueprint.toml:1:11: invalid TOML: Invalid value"),
    ],
)
def test_bad_configuration_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], project: Path, text: str, message: str
) -> None:
    (project / ".blueprint.toml").write_text(text)
    code, out = entry_code(capsys, "check", "r.blueprint.yaml")
    assert code == 2
    assert out.startswith(f"blueprint: {message}"), out
    assert out.count("\n") == 1


def test_unknown_key_in_pyproject_names_the_table_and_line(
    capsys: pytest.CaptureFixture[str], project: Path
) -> None:
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.blueprint]\nmax_rpn = 100\n')
    assert entry_code(capsys, "check", "r.blueprint.yaml") == (
        2,
        "blueprint: pyproject.toml:5: unknown key 'max_rpn' in [tool.blueprint], did you mean 'max-rpn'?\n",
    )


def test_explicit_config_file(runner: CliRunner, capsys: pytest.CaptureFixture[str], project: Path) -> None:
    (project / "ci.toml").write_text('fail-on = "M"\n')
    assert code_and_output("check", "--config", "ci.toml", "r.blueprint.yaml")[0] == 1
    code, out = entry_code(capsys, "check", "--config", "missing.toml", "r.blueprint.yaml")
    assert (code, out) == (2, "blueprint: missing.toml: no such configuration file\n")


def test_fmt_honours_exclude(runner: CliRunner, project: Path) -> None:
    drafts = project / "drafts"
    drafts.mkdir()
    (drafts / "d.blueprint.yaml").write_text("blueprint: 1\ntitle: [broken\n")
    (project / ".blueprint.toml").write_text('exclude = ["drafts"]\n')
    result = runner.invoke(cli, ["fmt", "--check", "."])
    assert result.exit_code == 0, result.output


@settings(max_examples=examples(150), deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abfilmnorx-_=[]\"'#\n 019.,{}tH")), max_size=80))
def test_any_text_is_a_configuration_or_one_config_error(text: str) -> None:
    import tempfile

    from blueprint.cli.config import read_config
    from blueprint.errors import ConfigError

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ".blueprint.toml"
        path.write_text(text, encoding="utf-8")
        try:
            config = read_config(path)
        except ConfigError as exc:
            assert "\n" not in str(exc)
        else:
            assert config.path == str(path)


def test_the_configured_profile_applies_to_every_scoring_command(tmp_path, monkeypatch) -> None:
    """S9 O2 D7 is H in the AIAG-VDA table and L in SAE RM13004: the project picks the table."""
    import json as _json

    from click.testing import CliRunner

    from blueprint.cli.main import cli

    (tmp_path / "pyproject.toml").write_text('[tool.blueprint]\nprofile = "sae-rm13004"\n', encoding="utf-8")
    (tmp_path / "s.blueprint.yaml").write_text(
        "blueprint: 1\ntitle: T\nsteps:\n  - {id: a, lane: customer, title: A, next: [b]}\n"
        "  - id: b\n    lane: frontstage\n    title: B\n    failures:\n"
        "      - {mode: M, severity: 9, occurrence: 2, detection: 7, justification: accepted}\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    configured = _json.loads(runner.invoke(cli, ["fmea", "s.blueprint.yaml", "--format", "json"]).output)
    assert (configured["profile"], configured["failures"][0]["ap"]) == ("sae-rm13004", "L")
    flagged = runner.invoke(
        cli, ["fmea", "s.blueprint.yaml", "--format", "json", "--profile", "aiag-vda-2019"]
    )
    assert _json.loads(flagged.output)["failures"][0]["ap"] == "H"


@pytest.mark.parametrize("command", [["fmea", "--format", "json"], ["graph", "--format", "json"], ["check"]])
def test_every_scoring_command_takes_config_and_isolated(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    """One precedence rule everywhere: the flag, else --config's file (or none with --isolated),
    else the nearest configuration file."""
    example = Path(__file__).resolve().parents[2] / "examples" / "telecom-sim-swap.blueprint.yaml"
    (tmp_path / ".blueprint.toml").write_text('profile = "no-such-profile.json"\n', encoding="utf-8")
    (tmp_path / "other.toml").write_text('profile = "sae-rm13004"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = [command[0], str(example), *command[1:]]
    found = entry_code(capsys, *args)
    assert found[0] == 2 and "no-such-profile.json" in found[1]
    isolated = entry_code(capsys, *[*args, "--isolated"])
    assert isolated[0] in (0, 1), isolated[1]
    chosen = entry_code(capsys, *[*args, "--config", "other.toml"])
    assert chosen[0] in (0, 1), chosen[1]
    if command[0] == "fmea":
        assert json.loads(chosen[1])["profile"] == "sae-rm13004"
        assert json.loads(isolated[1])["profile"] == "aiag-vda-2019"
    flag = entry_code(capsys, *[*args, "--config", "other.toml", "--profile", "aiag-vda-2019"])
    assert flag[0] in (0, 1), flag[1]

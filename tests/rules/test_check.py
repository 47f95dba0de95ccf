"""``blueprint check``: the examples pass, each foundation rule fires where it should."""

from __future__ import annotations

import json
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from click.testing import CliRunner

from blueprint.cli.main import cli
from blueprint.load.loader import load_file
from tests.conftest import (
    EXAMPLE_FILES,
    EXAMPLES,
    HOSPITAL,
    HOSPITAL_JOURNEYS,
    HOSPITAL_SHARED,
    JOURNEYS,
    ROOT,
)
from tests.helpers import blueprint_cmd, code_and_output

HEAD = "blueprint: 1\ntitle: T\n"


def test_there_are_six_examples_in_two_languages() -> None:
    assert len(EXAMPLES) >= 6
    languages = [load_file(str(p)).source.data.get("language") for p in EXAMPLES]
    assert languages.count("zh-TW") >= 4
    assert languages.count("en") >= 2


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_each_example_is_clean(runner: CliRunner, path: Path) -> None:
    code, out = code_and_output("check", "--lang", "en", str(path))
    assert code == 0, out
    # a journey that includes a shared file checks that file too
    files = 1 + len(load_file(str(path)).shared)
    assert out == ("1 file" if files == 1 else f"{files} files") + " checked: no problems\n"


def test_the_hospital_portfolio_is_clean_and_its_shared_file_is_checked_once() -> None:
    code, out = code_and_output("check", "--lang", "en", str(HOSPITAL))
    assert code == 0, out
    assert out == f"{len(HOSPITAL_JOURNEYS) + len(HOSPITAL_SHARED)} files checked: no problems\n"
    assert len(HOSPITAL_SHARED) == 1 and len(HOSPITAL_JOURNEYS) >= 2
    for journey in HOSPITAL_JOURNEYS:
        loaded = load_file(str(journey))
        assert [sf.display.rsplit("/", 1)[-1] for sf in loaded.shared] == [HOSPITAL_SHARED[0].name]
        assert loaded.source.data.get("language") == "zh-TW"


def test_summary_speaks_the_blueprints_language(runner: CliRunner) -> None:
    zh = next(p for p in EXAMPLES if "telecom" in p.name)
    code, out = code_and_output("check", str(zh))
    assert (code, out) == (0, "已檢查 1 個檔案：沒有問題\n")


@pytest.mark.parametrize("path", JOURNEYS, ids=lambda p: p.name)
def test_each_example_uses_the_whole_method(path: Path) -> None:
    """Phases, all four lanes, evidence, flow and dependency edges, failures with actions."""
    bp = load_file(str(path)).blueprint
    assert bp is not None
    assert bp.phases
    assert {s.lane for s in bp.steps} == {"customer", "frontstage", "backstage", "support"}
    assert any(s.evidence for s in bp.steps)
    assert any(s.next for s in bp.steps) and any(s.uses for s in bp.steps)
    assert len(bp.failures) >= 4
    assert any(f.actions for f in bp.failures)
    assert any(f.residual for f in bp.failures)


def test_folder_is_checked_in_sorted_order(runner: CliRunner) -> None:
    code, out = code_and_output("check", str(ROOT / "examples"))
    assert code == 0
    assert out.strip().endswith(f"{len(EXAMPLE_FILES)} files checked: no problems")


def test_findings_are_sorted_and_summarised(runner: CliRunner, write) -> None:
    path = write(
        HEAD + "phases:\n  - {id: p1, title: P1}\nsteps:\n"
        "  - {id: a, lane: customer, phase: p1, title: A, next: [b, zz]}\n"
        "  - {id: b, lane: frontstage, phase: p2, title: B}\n"
        "  - {id: c, lane: backstage, title: C}\n"
        "  - {id: a, lane: backstage, phase: p1, title: D, uses: [c]}\n"
    )
    code, out = code_and_output("check", str(path))
    lines = [ln for ln in out.splitlines() if " BP00" in ln] + [out.splitlines()[-1]]
    codes = [ln.split(" ")[1] for ln in lines[:-1]]
    assert code == 1
    assert codes == ["BP003", "BP004", "BP005", "BP002"]
    assert lines[0].endswith("next names unknown step 'zz'")
    assert [ln.rsplit(".yaml:", 1)[1].split(":")[0] for ln in lines[:-1]] == ["6", "7", "8", "9"]
    assert "phase 'p2' is not declared in phases" in lines[1]
    assert lines[-1].startswith("1 file checked: 4 errors, ")


def test_isolated_step_is_a_warning_and_exit_0(runner: CliRunner, write) -> None:
    path = write(
        HEAD + "steps:\n  - {id: a, lane: customer, title: A, next: [b]}\n"
        "  - {id: b, lane: frontstage, title: B}\n  - {id: lonely, lane: support, title: C}\n"
    )
    code, out = code_and_output("check", str(path))
    assert code == 0
    assert "BP006 warning: step 'lonely' is isolated" in out
    assert out.splitlines()[-1] == "1 file checked: 0 errors, 1 warning"


def test_high_risk_without_action_or_justification(runner: CliRunner, write) -> None:
    base = (
        HEAD + "steps:\n  - {id: a, lane: customer, title: A, next: [b]}\n"
        "  - id: b\n    lane: frontstage\n    title: B\n    failures:\n"
        "      - mode: Card empty\n        severity: 8\n        occurrence: 7\n        detection: 8\n"
    )
    code, out = code_and_output("check", str(write(base)))
    assert code == 1
    assert "t.blueprint.yaml:9:9: BP007 error: failure 'b.1' has action priority H (S8 O7 D8)" in out
    justified = base + "        justification: Accepted by the board until the new card stock arrives\n"
    assert code_and_output("check", str(write(justified)))[0] == 0
    dropped = base + "        actions:\n          - {title: Fix, status: dropped}\n"
    assert code_and_output("check", str(write(dropped)))[0] == 1
    planned = base + "        actions:\n          - {title: Fix, status: open}\n"
    assert code_and_output("check", str(write(planned)))[0] == 0


def test_schema_errors_name_path_line_and_nearest_word(runner: CliRunner, write) -> None:
    path = write(HEAD + "steps:\n  - id: a\n    lane: custmer\n    title: A\n    nxt: [a]\n")
    code, out = code_and_output("check", str(path))
    assert code == 1
    assert (
        "t.blueprint.yaml:5:11: BP001 error: steps[0].lane: unknown lane 'custmer', did you mean 'customer'?"
        in out
    )
    assert (
        "t.blueprint.yaml:7:5: BP001 error: steps[0].nxt: unknown key 'nxt' in steps[0], did you mean 'next'?"
        in out
    )


def test_json_format_is_a_list_of_findings(runner: CliRunner, write) -> None:
    path = write(HEAD + "steps:\n  - {id: a, lane: customer, title: A, next: [nowhere]}\n")
    result = runner.invoke(cli, ["check", "--format", "json", str(path)])
    assert result.exit_code == 1
    data = [f for f in json.loads(result.output) if f["code"] == "BP003"]
    assert data[0]["code"] == "BP003" and data[0]["line"] == 4 and data[0]["severity"] == "error"
    assert set(data[0]) == {"path", "line", "col", "code", "name", "severity", "message"}


def test_unreadable_file_gives_exit_2_even_with_clean_files(runner: CliRunner, write) -> None:
    bad = write("blueprint: 1\ntitle: [\n", "bad.blueprint.yaml")
    code, out = code_and_output("check", str(bad), str(EXAMPLES[0]))
    assert code == 2
    assert "BP000" in out


def test_no_blueprint_files_in_folder_is_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    code, out = code_and_output("check", str(tmp_path))
    assert code == 2
    assert "no *.blueprint.yaml files" in out


def test_schema_command_prints_the_schema(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["properties"]["blueprint"] == {
        "const": 1,
        "description": "Format version; this is version 1.",
    }
    assert result.output == (ROOT / "schemas" / "blueprint.schema.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_validate_against_the_schema_with_jsonschema(path: Path) -> None:
    """The schema file on its own (what an editor uses) accepts every example."""
    import jsonschema

    schema = json.loads((ROOT / "schemas" / "blueprint.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(load_file(str(path)).source.data, schema)
    assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../schemas/")


def test_python_dash_m_and_version() -> None:
    proc = subprocess.run([sys.executable, "-m", "blueprint", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0
    assert proc.stdout.startswith("blueprint ")
    proc = subprocess.run([*blueprint_cmd(), "--help"], capture_output=True, text=True)
    assert "check" in proc.stdout and proc.returncode == 0


@pytest.mark.slow
def test_built_wheel_installs_and_checks_in_a_fresh_venv(tmp_path: Path) -> None:
    """The wheel carries the schema: a fresh venv runs check on an example."""
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("*.whl"))
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    # dependencies come from the test environment; the package itself only from the wheel
    site = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    deps = [p for p in sys.path if p.endswith("site-packages")]
    Path(site, "deps.pth").write_text("\n".join(deps) + "\n", encoding="utf-8")
    subprocess.run(
        [str(py), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)],
        check=True,
        capture_output=True,
    )
    probe = subprocess.run(
        [
            str(py),
            "-c",
            "import blueprint, importlib.resources as r; print(blueprint.__file__); "
            "print(r.files('blueprint').joinpath('schemas/blueprint.schema.json').is_file())",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    )
    assert str(env_dir) in probe.stdout and probe.stdout.strip().endswith("True")
    proc = subprocess.run(
        [str(env_dir / "bin" / "blueprint"), "check", str(EXAMPLES[0])],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr

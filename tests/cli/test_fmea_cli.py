"""``blueprint fmea`` on the command line: filters, options, errors (one line, exit 2)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from blueprint.cli.main import cli
from tests.analysis.test_fmea import COFFEE, MILK_S9_O2_D7
from tests.conftest import EXAMPLES, ROOT
from tests.helpers import run_blueprint


@pytest.fixture
def coffee(tmp_path: Path) -> Path:
    path = tmp_path / "coffee.blueprint.yaml"
    path.write_text(COFFEE, encoding="utf-8")
    return path


def fmea_json(path: Path, *args: str) -> dict[str, object]:
    result = CliRunner().invoke(cli, ["fmea", str(path), "--format", "json", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.output)
    return data


def ids(data: dict[str, object]) -> list[str]:
    failures = data["failures"]
    assert isinstance(failures, list)
    return [f["id"] for f in failures]


def test_filters_by_lane_phase_and_min_ap(coffee: Path) -> None:
    assert ids(fmea_json(coffee, "--lane", "support")) == ["pos-down", "card-declined"]
    assert ids(fmea_json(coffee, "--lane", "support", "--lane", "backstage")) == [
        "make-drink.1",
        "pos-down",
        "card-declined",
        "cup-not-sealed",
    ]
    assert ids(fmea_json(coffee, "--phase", "order")) == ["pos-down", "card-declined", "wrong-order"]
    assert ids(fmea_json(coffee, "--min-ap", "H")) == ["make-drink.1"]
    assert "wrong-order" not in ids(fmea_json(coffee, "--min-ap", "m"))
    assert len(ids(fmea_json(coffee, "--min-ap", "L"))) == 7


def test_ranks_stay_those_of_the_whole_blueprint_after_filtering(coffee: Path) -> None:
    data = fmea_json(coffee, "--lane", "support")
    failures = data["failures"]
    assert isinstance(failures, list)
    assert [f["rank"] for f in failures] == [2, 3]


def test_top_and_sort(coffee: Path) -> None:
    assert ids(fmea_json(coffee, "--top", "2")) == ["make-drink.1", "pos-down"]
    assert ids(fmea_json(coffee, "--sort", "risk", "--top", "2")) == ["wrong-order", "late-call"]
    assert ids(fmea_json(coffee, "--sort", "severity", "--top", "1")) == ["make-drink.1"]


def test_table_summary_counts_everything_listed_when_cut_by_top(coffee: Path) -> None:
    result = CliRunner().invoke(cli, ["fmea", str(coffee), "--top", "1", "--width", "100"])
    assert "7 failure modes: 1 H, 5 M, 1 L. Showing the top 1." in result.output
    assert "1 H failure mode has no action and no justification: make-drink.1." in result.output
    # upper bound 45,472.5 + 1,792.5 + 757.875 + 3,585 + 896.25 + 1,792.5 + 179.25 (test_fmea.py)
    assert "54,476 EUR if no customer met two failures (the upper bound)" in result.output
    assert "11,277 EUR upper bound" in result.output


def test_no_match_says_so(coffee: Path) -> None:
    result = CliRunner().invoke(cli, ["fmea", str(coffee), "--lane", "customer"])
    assert result.exit_code == 0
    assert "No failure modes match." in result.output


def test_profile_option(coffee: Path, tmp_path: Path) -> None:
    coffee.write_text(MILK_S9_O2_D7, encoding="utf-8")
    assert fmea_json(coffee)["profile"] == "aiag-vda-2019"
    assert ids(fmea_json(coffee, "--min-ap", "H")) == ["make-drink.1"]
    data = fmea_json(coffee, "--profile", "sae-rm13004", "--min-ap", "H")
    assert data["profile"] == "sae-rm13004" and ids(data) == []


def test_color_only_when_asked_or_on_a_terminal(coffee: Path) -> None:
    def out(*args: str) -> str:
        return CliRunner().invoke(cli, ["fmea", str(coffee), *args]).output

    assert "\x1b[" not in out()  # not a terminal
    coloured = out("--color", "always")
    assert "\x1b[31m\x1b[1mH\x1b[0m" in coloured  # AP H in bold red
    assert "\x1b[33mM\x1b[0m" in coloured and "\x1b[32mL\x1b[0m" in coloured
    assert "\x1b[" not in out("--color", "always", "--no-color")
    assert "\x1b[" not in out("--color", "always", "--format", "csv")


def test_output_file(coffee: Path, tmp_path: Path) -> None:
    target = tmp_path / "fmea.csv"
    result = CliRunner().invoke(cli, ["fmea", str(coffee), "--format", "csv", "-o", str(target)])
    assert result.exit_code == 0 and result.output == ""
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")


def test_explain_prints_the_calculation(coffee: Path) -> None:
    result = CliRunner().invoke(cli, ["fmea", str(coffee), "--explain", "make-drink.1"])
    assert result.exit_code == 0
    assert "no 'affected' given, so occurrence O4 = 1 per 1,000" in result.output
    assert "P = N x p = 10,000 x 0.001 = 10 customers" in result.output
    assert "at risk = 8.9625 x 200 = 1,792.5 EUR per year" in result.output


def one_line_error(proc: subprocess.CompletedProcess[str], *words: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    for word in words:
        assert word in lines[0]


def test_sort_risk_without_economics_is_one_line_exit_2(coffee: Path) -> None:
    coffee.write_text(COFFEE.split("economics:")[0], encoding="utf-8")
    one_line_error(
        run_blueprint("fmea", str(coffee), "--sort", "risk"),
        "--sort risk needs an economics block in the blueprint",
    )


def test_explain_unknown_id_suggests_the_nearest(coffee: Path) -> None:
    one_line_error(
        run_blueprint("fmea", str(coffee), "--explain", "wrong-ordr"),
        "no failure 'wrong-ordr'",
        "wrong-order",
    )


def test_explain_without_economics(coffee: Path) -> None:
    coffee.write_text(COFFEE.split("economics:")[0], encoding="utf-8")
    one_line_error(run_blueprint("fmea", str(coffee), "--explain", "wrong-order"), "economics")


def test_unknown_phase(coffee: Path) -> None:
    one_line_error(run_blueprint("fmea", str(coffee), "--phase", "serv"), "no phase 'serv'", "serve")


def test_usage_errors_speak_the_blueprints_language(coffee: Path) -> None:
    telecom = str(ROOT / "examples" / "telecom-sim-swap.blueprint.yaml")
    phase = run_blueprint("fmea", telecom, "--phase", "repor")
    one_line_error(phase, "--phase：沒有階段 'repor'，是否應為 'report'？")
    unknown = run_blueprint("fmea", telecom, "--explain", "zzz")
    one_line_error(unknown, "--explain：沒有失效模式 'zzz'（現有：advice-without-diagnosis、")
    english = run_blueprint("fmea", telecom, "--phase", "zzz", "--lang", "en")
    one_line_error(english, "--phase: no phase 'zzz' (known: report, store, verify, followup)")
    coffee.write_text(COFFEE.split("economics:")[0].replace("language: en\n", ""), encoding="utf-8")
    one_line_error(
        run_blueprint("fmea", str(coffee), "--sort", "risk", "--lang", "zh-TW"), "--sort risk 需要藍圖中有"
    )


def test_chinese_summary_joins_its_sentences_without_a_space() -> None:
    telecom = str(ROOT / "examples" / "telecom-sim-swap.blueprint.yaml")
    result = CliRunner().invoke(cli, ["fmea", telecom, "--top", "3", "--width", "100"])
    assert "6 個失效模式：H 2 個、M 3 個、L 1 個。僅列出前 3 個。\n" in result.output


def test_bad_profile(coffee: Path, tmp_path: Path) -> None:
    one_line_error(run_blueprint("fmea", str(coffee), "--profile", "nope"), "nope")
    gap = tmp_path / "gap.json"
    gap.write_text('{"rows": [{"s": [1, 10], "o": [1, 10], "d": [1, 9], "ap": "L"}]}')
    one_line_error(run_blueprint("fmea", str(coffee), "--profile", str(gap)), "no row covers")


def test_invalid_blueprint_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.blueprint.yaml"
    bad.write_text(COFFEE.replace("severity: 9", "severity: 11"), encoding="utf-8")
    one_line_error(run_blueprint("fmea", str(bad)), "bad.blueprint.yaml:")


def test_help_has_examples() -> None:
    result = CliRunner().invoke(cli, ["fmea", "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.output and "--explain" in result.output


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json", "html"])
def test_every_format_on_every_example(example: Path, fmt: str) -> None:
    result = CliRunner().invoke(cli, ["fmea", str(example), "--format", fmt], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout_bytes


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_every_example_failure_can_be_explained(example: Path) -> None:
    data = fmea_json(example)
    for fid in ids(data):
        result = CliRunner().invoke(
            cli, ["fmea", str(example), "--explain", fid, "--lang", "en"], catch_exceptions=False
        )
        assert result.exit_code == 0
        failure = next(f for f in data["failures"] if f["id"] == fid)  # type: ignore[attr-defined]
        found = re.search(r"^  at risk = .* = ([0-9,.]+) ", result.output, re.MULTILINE)
        assert found is not None, result.output
        assert float(found.group(1).replace(",", "")) == pytest.approx(failure["at_risk"], abs=0.005), fid


def test_lane_choices_are_the_model_lanes() -> None:
    from blueprint.cli.commands.fmea import LANES as OPTION_LANES
    from blueprint.vocabulary import LANES

    assert OPTION_LANES == LANES


def test_catalogue_has_the_same_keys_in_both_languages() -> None:
    from blueprint.i18n import fmea

    assert set(fmea.EN) == set(fmea.ZH_TW)
    for key, text in fmea.EN.items():
        assert text.count("{") == fmea.ZH_TW[key].count("{"), key


def doc_examples() -> list[tuple[str, str]]:
    """The ``$ blueprint fmea ...`` blocks of docs/fmea.md whose files exist, with their output."""
    import re

    doc = (ROOT / "docs" / "fmea.md").read_text(encoding="utf-8")
    found = re.findall(r"```console\n\$ (blueprint fmea .*?)\n(.*?)```", doc, re.S)
    return [(cmd, out) for cmd, out in found if (ROOT / cmd.split()[2]).exists() and ".json" not in cmd]


@pytest.mark.parametrize(("command", "expected"), doc_examples())
def test_docs_show_real_output(command: str, expected: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import shlex

    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", "100")
    result = CliRunner().invoke(cli, shlex.split(command)[1:], catch_exceptions=False)
    assert result.output == expected


def test_a_blueprint_without_failures(tmp_path: Path) -> None:
    path = tmp_path / "e.blueprint.yaml"
    path.write_text("blueprint: 1\ntitle: Empty\nsteps:\n  - {id: a, lane: customer, title: A}\n")
    result = CliRunner().invoke(cli, ["fmea", str(path)])
    assert result.exit_code == 0 and "The blueprint has no failure modes." in result.output
    assert (
        json.loads(CliRunner().invoke(cli, ["fmea", str(path), "--format", "json"]).output)["failures"] == []
    )

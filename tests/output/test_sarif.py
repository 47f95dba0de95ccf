"""``check --format sarif|github|json``: machine formats for CI, SARIF valid against 2.1.0."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from blueprint.cli.main import cli
from blueprint.output.github import escape_data, escape_property
from blueprint.rules import all_rules
from tests.conftest import DATA, EXAMPLES

SCHEMA = DATA / "sarif-2.1.0.json"

# two errors (an unknown reference, an unaddressed AP H risk) and one warning (isolated step)
BAD = """\
blueprint: 1
title: Hotline
steps:
  - id: call
    lane: customer
    title: Call the hotline
    next: [advise, answr]
  - id: advise
    lane: frontstage
    title: Agent advises a SIM swap
    failures:
      - id: no-diagnosis
        mode: Advice without diagnosis
        severity: 8
        occurrence: 7
        detection: 8
  - id: lonely
    lane: support
    title: Network status
"""


def check(runner: CliRunner, *args: str) -> tuple[int, str]:
    result = runner.invoke(cli, ["check", *args])
    return result.exit_code, result.stdout


def sarif(runner: CliRunner, *args: str) -> dict[str, Any]:
    code, out = check(runner, "--format", "sarif", *args)
    assert code in (0, 1), out
    log: dict[str, Any] = json.loads(out)
    return log


@pytest.fixture
def validator() -> Any:
    from jsonschema import Draft7Validator

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema)


def test_vendored_schema_is_the_sarif_2_1_0_schema() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    assert schema["properties"]["version"]["enum"] == ["2.1.0"]
    assert "reportingDescriptor" in schema["definitions"]


def test_sarif_with_findings_validates(runner: CliRunner, write, validator: Any, monkeypatch) -> None:
    path = write(BAD)
    monkeypatch.chdir(path.parent)
    log = sarif(runner, path.name)
    errors = sorted(validator.iter_errors(log), key=str)
    assert not errors, [e.message for e in errors]
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    assert len(log["runs"]) == 1


def test_sarif_of_every_example_validates(runner: CliRunner, validator: Any) -> None:
    log = sarif(runner, "--fail-on", "L", *map(str, EXAMPLES))
    assert not list(validator.iter_errors(log))
    assert log["runs"][0]["results"], "--fail-on L gives findings on the examples"


def test_driver_lists_every_rule(runner: CliRunner, write) -> None:
    log = sarif(runner, str(write(BAD)))
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "blueprint"
    assert driver["version"]
    rules = driver["rules"]
    assert [r["id"] for r in rules] == [r.code for r in all_rules()]
    for descriptor, rule in zip(rules, all_rules(), strict=True):
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"]
        assert not descriptor["shortDescription"]["text"].startswith("BP")
        assert descriptor["fullDescription"]["text"]
        assert descriptor["help"]["text"].startswith(rule.code)
        assert "```yaml" in descriptor["help"]["markdown"]
        assert descriptor["defaultConfiguration"]["level"] == rule.severity.value


def test_results_match_the_text_findings(runner: CliRunner, write, monkeypatch) -> None:
    path = write(BAD)
    monkeypatch.chdir(path.parent)
    _, text = check(runner, path.name)
    log = sarif(runner, path.name)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    seen = []
    for r in log["runs"][0]["results"]:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        loc = r["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == "t.blueprint.yaml"
        region = loc["region"]
        where = f"{region['startLine']}:{region['startColumn']}"
        seen.append(f"{where}: {r['ruleId']} {r['level']}: {r['message']['text']}")
        assert len(r["partialFingerprints"]["blueprint/v1"]) == 64
    # the text ends with the summary, which names the H failures without action
    assert "; H failure modes with no action and no justification (1): " in text.splitlines()[-1]
    assert seen == [line.split(":", 1)[1] for line in text.splitlines()[:-1]]
    assert {r["ruleId"] for r in log["runs"][0]["results"]} == {"BP003", "BP007", "BP006"}
    assert {r["level"] for r in log["runs"][0]["results"]} == {"error", "warning"}


def test_uri_is_relative_with_forward_slashes(runner: CliRunner, tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.blueprint.yaml").write_text(BAD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    log = sarif(runner, "a")
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]
    }
    assert uris == {"a/b/x.blueprint.yaml"}


def test_fingerprints_survive_unrelated_lines_moving(runner: CliRunner, write, monkeypatch) -> None:
    path = write(BAD)
    monkeypatch.chdir(path.parent)

    def prints() -> dict[str, tuple[int, str]]:
        log = sarif(runner, path.name)
        return {
            r["ruleId"]: (
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
                r["partialFingerprints"]["blueprint/v1"],
            )
            for r in log["runs"][0]["results"]
        }

    before = prints()
    path.write_text(
        "# a comment\n# and another\n" + BAD.replace("title: Hotline", "title: Hotline\nscenario: S")
    )
    after = prints()
    for code in before:
        assert after[code][0] == before[code][0] + 3  # moved down three lines
        assert after[code][1] == before[code][1]  # same alert for code scanning


def test_fingerprints_differ_between_findings(runner: CliRunner, write) -> None:
    log = sarif(runner, str(write(BAD)))
    prints = [r["partialFingerprints"]["blueprint/v1"] for r in log["runs"][0]["results"]]
    assert len(set(prints)) == len(prints)


def test_machine_formats_print_only_their_format(runner: CliRunner, write) -> None:
    path = str(write(BAD))
    for fmt in ("sarif", "json"):
        code, out = check(runner, "--format", fmt, path)
        assert code == 1
        json.loads(out)  # nothing but the document
    code, out = check(runner, "--format", "github", path)
    assert code == 1
    assert all(line.startswith(("::error ", "::warning ")) for line in out.splitlines())


def test_clean_file_gives_empty_results(runner: CliRunner) -> None:
    code, out = check(runner, "--format", "sarif", str(EXAMPLES[0]))
    assert code == 0
    assert json.loads(out)["runs"][0]["results"] == []
    code, out = check(runner, "--format", "github", str(EXAMPLES[0]))
    assert (code, out) == (0, "")


def test_sarif_is_deterministic(runner: CliRunner, write) -> None:
    path = str(write(BAD))
    assert check(runner, "--format", "sarif", path) == check(runner, "--format", "sarif", path)


def test_unreadable_file_is_a_result_and_exit_2(runner: CliRunner, write, validator: Any) -> None:
    path = write('blueprint: 1\ntitle: "open\n', "broken.blueprint.yaml")
    code, out = check(runner, "--format", "sarif", str(path))
    assert code == 2
    log = json.loads(out)
    assert not list(validator.iter_errors(log))
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["BP000"]


def test_github_annotations(runner: CliRunner, write, monkeypatch) -> None:
    path = write(BAD)
    monkeypatch.chdir(path.parent)
    _, out = check(runner, "--format", "github", path.name)
    lines = out.splitlines()
    assert lines[0].startswith("::error file=t.blueprint.yaml,line=7,col=")
    assert ",title=BP003::next names unknown step 'answr'" in lines[0]
    assert any(
        line.startswith("::warning file=t.blueprint.yaml,") and "title=BP006" in line for line in lines
    )


def test_github_escaping_follows_the_workflow_command_rules() -> None:
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    # a message may keep ':' and ','; only properties escape them
    assert escape_data("a: b, c") == "a: b, c"


def test_github_escapes_paths_with_commas(runner: CliRunner, tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "a,b:c.blueprint.yaml").write_text(BAD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    _, out = check(runner, "--format", "github", ".")
    assert out.splitlines()[0].startswith("::error file=a%2Cb%3Ac.blueprint.yaml,line=")

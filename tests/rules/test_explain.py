"""``blueprint explain``: every rule is documented from its own docstring."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from blueprint.cli.main import cli
from blueprint.rules import all_rules

CODES = [r.code for r in all_rules()]


def test_codes_are_unique_and_stable_in_form() -> None:
    assert len(CODES) == len(set(CODES))
    assert all(len(c) == 5 and c.startswith("BP") and c[2:].isdigit() for c in CODES)
    names = [r.name for r in all_rules()]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("code", CODES)
def test_every_rule_explains_itself_with_bad_and_good_snippets(code: str) -> None:
    result = CliRunner().invoke(cli, ["explain", code])
    assert result.exit_code == 0
    rule = next(r for r in all_rules() if r.code == code)
    assert result.output.startswith(f"{code} {rule.name} ({rule.severity.value})")
    assert "\nBad" in result.output and "\nGood:" in result.output
    assert rule.doc.startswith(f"{code} {rule.name}:")


def test_explain_by_name_and_listing() -> None:
    runner = CliRunner()
    by_name = runner.invoke(cli, ["explain", "unknown-reference"])
    assert by_name.output.startswith("BP003 unknown-reference (error)")
    listing = runner.invoke(cli, ["explain"]).output.splitlines()
    assert [ln.split()[0] for ln in listing] == CODES


def test_unknown_rule_suggests_the_nearest() -> None:
    result = CliRunner().invoke(cli, ["explain", "unknown-referense"])
    assert result.exit_code == 2
    assert "did you mean 'unknown-reference'?" in result.output

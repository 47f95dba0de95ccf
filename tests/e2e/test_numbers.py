"""Every numeric field against the numbers YAML can write.

YAML gives ``.inf``, ``.nan``, ``1e400`` and integers of any length; JSON Schema's
``integer`` accepts ``1.0``. The rule (docs/format.md): a number must be finite with at
most 15 digits, else BP001 at its line; a whole-number float (``5.0``) is that whole
number wherever a whole number is wanted, as every JSON Schema validator says; and no
command fails inside or prints a non-number (``Infinity``, ``NaN``) in JSON.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from click.testing import CliRunner

from blueprint.cli.main import cli
from blueprint.errors import BlueprintError

#: every numeric field of the format, as a template line holding ``{v}``; the value of
#: the others is one that is valid
FIELDS = {
    "emotion": 1,
    "severity": 7,
    "occurrence": 4,
    "detection": 3,
    "revised_severity": 5,
    "revised_occurrence": 2,
    "revised_detection": 2,
    "affected": 0.25,
    "customers": 1000,
    "revenue_per_customer": 80,
    "complaint_rate": 0.1,
    "resolved_rate": 0.5,
    "silent": 0.5,
    "unresolved": 0.3,
    "resolved": 0.8,
}
TEMPLATE = """\
blueprint: 1
title: Numbers
steps:
  - id: ask
    lane: customer
    title: Ask
    next: [answer]
    emotion: {emotion}
  - id: answer
    lane: frontstage
    title: Answer
    failures:
      - id: wrong
        mode: Wrong answer
        severity: {severity}
        occurrence: {occurrence}
        detection: {detection}
        affected: {affected}
        actions:
          - title: Script the answer
            status: done
            revised:
              severity: {revised_severity}
              occurrence: {revised_occurrence}
              detection: {revised_detection}
economics:
  customers: {customers}
  revenue_per_customer: {revenue_per_customer}
  complaint_rate: {complaint_rate}
  resolved_rate: {resolved_rate}
  retention:
    silent: {silent}
    unresolved: {unresolved}
    resolved: {resolved}
"""
#: values no field accepts: BP001 at the field's line
UNUSABLE = [".inf", "-.inf", ".nan", ".NaN", "1e400", "-1e400", "9" * 5000, "-" + "9" * 5000, "1" * 16]
#: values that may be in range or not, but never break a command
OTHER = ["1.0", "2.0", "1.5", "0", "-0.0", "1e300", "0x10", "0o7", "1e-300", "999999999999999"]
WHOLE = {"emotion", "severity", "occurrence", "detection", "revised_severity"}


def document(field: str, value: str) -> tuple[str, int]:
    values = {k: str(v) for k, v in FIELDS.items()}
    values[field] = value
    text = TEMPLATE.format(**values)
    line = next(i for i, ln in enumerate(TEMPLATE.splitlines(), 1) if "{" + field + "}" in ln)
    return text, line


def run(runner: CliRunner, *args: str) -> tuple[int, str]:
    """Exit code (as the entry point gives it) and standard output of one command."""
    result = runner.invoke(cli, list(args))
    code = result.exit_code
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        assert isinstance(result.exception, BlueprintError), (args, repr(result.exception))
        code = result.exception.exit_code
    assert code in (0, 1, 2), (args, result.output)
    return code, result.stdout


def strict_json(text: str) -> Any:
    def refuse(word: str) -> Any:
        raise AssertionError(f"not JSON: {word}")

    return json.loads(text, parse_constant=refuse)


def test_the_template_is_valid(runner: CliRunner, write) -> None:
    path = write(document("emotion", "1")[0])
    assert run(runner, "check", str(path))[0] == 0


@pytest.mark.parametrize("field", sorted(FIELDS))
@pytest.mark.parametrize("value", UNUSABLE)
def test_unusable_numbers_are_bp001_at_their_line(runner: CliRunner, write, field: str, value: str) -> None:
    text, line = document(field, value)
    path = write(text)
    code, out = run(runner, "check", str(path))
    assert code == 1
    assert re.search(rf":{line}:\d+: BP001 error: ", out), out
    for args in (["fmea", "--format", "json"], ["render", "--format", "mermaid", "-o", "-"]):
        code, _ = run(runner, *args, str(path))
        assert code == 2


@pytest.mark.parametrize("field", sorted(FIELDS))
@pytest.mark.parametrize("value", OTHER)
def test_other_numbers_never_break_a_command(
    runner: CliRunner, write, tmp_path, field: str, value: str
) -> None:
    path = write(document(field, value)[0])
    checked, out = run(runner, "check", str(path))
    fmea_code, fmea_out = run(runner, "fmea", "--format", "json", str(path))
    if checked == 0:
        data = strict_json(fmea_out)
        assert fmea_code == 0
        for failure in data["failures"]:
            for key in ("severity", "occurrence", "detection", "rpn"):
                assert type(failure[key]) is int
        run(runner, "render", "--format", "mermaid", "-o", "-", str(path))
        code, _ = run(runner, "report", str(path), "-o", str(tmp_path / "r.md"), "--today", "2026-01-01")
        assert code == 0
    else:
        assert "BP001" in out and fmea_code == 2


@pytest.mark.parametrize("field", sorted(WHOLE))
def test_a_whole_number_float_is_that_whole_number(runner: CliRunner, write, field: str) -> None:
    whole = write(document(field, "2")[0], "a.blueprint.yaml")
    as_int = run(runner, "fmea", "--format", "json", str(whole))
    as_float = run(
        runner, "fmea", "--format", "json", str(write(document(field, "2.0")[0], "b.blueprint.yaml"))
    )
    assert as_int[0] == as_float[0] == 0
    assert strict_json(as_int[1])["failures"] == strict_json(as_float[1])["failures"]
    code, out = run(runner, "check", str(write(document(field, "2.5")[0], "c.blueprint.yaml")))
    assert code == 1 and "BP001" in out

"""The risk gates of ``blueprint check``: BP007 (``--fail-on``) and BP008 (``--max-rpn``).

Cells used (AIAG & VDA 2019): S9 O4 D7 = H (RPN 252); S9 O2 D7 = H, but L in SAE
RM13004; S7 O3 D5 = M (RPN 105); S6 O5 D4 = L (RPN 120); S5 O4 D5 = L (RPN 100).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from blueprint.cli.main import cli


def blueprint(s: int, o: int, d: int, extra: str = "") -> str:
    """One customer step flowing to a frontstage step with one failure (at line 9)."""
    return (
        "blueprint: 1\n"
        "title: Gate\n"
        "steps:\n"
        "  - {id: ask, lane: customer, title: Asks, next: [serve]}\n"
        "  - id: serve\n"
        "    lane: frontstage\n"
        "    title: Serves\n"
        "    failures:\n"
        "      - mode: Wrong answer\n"
        f"        severity: {s}\n"
        f"        occurrence: {o}\n"
        f"        detection: {d}\n"
        f"{extra}"
    )


def action(status: str, revised: str = "") -> str:
    text = f"        actions:\n          - title: Fix it\n            status: {status}\n"
    if revised:
        text += f"            revised: {{{revised}}}\n"
    return text


JUSTIFIED = "        justification: Accepted by the service owner, see the risk register\n"


def check(tmp_path: Path, text: str, *args: str) -> tuple[int, list[str]]:
    """Exit code and the BP007/BP008 lines of ``blueprint check``."""
    path = tmp_path / "g.blueprint.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(path), *args])
    lines = [line for line in result.output.splitlines() if " BP007 " in line or " BP008 " in line]
    return result.exit_code, lines


def test_h_without_action_fails_at_the_failures_line(tmp_path: Path) -> None:
    code, lines = check(tmp_path, blueprint(9, 4, 7))
    assert code == 1
    assert len(lines) == 1
    assert lines[0].endswith(
        "g.blueprint.yaml:9:9: BP007 error: failure 'serve.1' has action priority H (S9 O4 D7) "
        "but no action and no justification"
    )


@pytest.mark.parametrize("status", ["open", "in-progress", "done"])
def test_a_live_action_addresses_an_h(tmp_path: Path, status: str) -> None:
    assert check(tmp_path, blueprint(9, 4, 7, action(status))) == (0, [])


def test_a_dropped_action_does_not(tmp_path: Path) -> None:
    code, lines = check(tmp_path, blueprint(9, 4, 7, action("dropped")))
    assert code == 1 and "BP007" in lines[0]


def test_a_justification_addresses_an_h(tmp_path: Path) -> None:
    assert check(tmp_path, blueprint(9, 4, 7, JUSTIFIED)) == (0, [])


@pytest.mark.parametrize(
    ("ratings", "gate", "fails"),
    [
        ((9, 4, 7), "H", True),
        ((7, 3, 5), "H", False),
        ((7, 3, 5), "M", True),
        ((6, 5, 4), "M", False),
        ((6, 5, 4), "L", True),
        ((9, 4, 7), "none", False),
        ((9, 4, 7), "h", True),
    ],
)
def test_fail_on_threshold(tmp_path: Path, ratings: tuple[int, int, int], gate: str, fails: bool) -> None:
    code, lines = check(tmp_path, blueprint(*ratings), "--fail-on", gate)
    assert (code == 1) is fails
    assert bool(lines) is fails


def test_the_gate_follows_the_profile(tmp_path: Path) -> None:
    assert check(tmp_path, blueprint(9, 2, 7))[0] == 1
    assert check(tmp_path, blueprint(9, 2, 7), "--profile", "sae-rm13004") == (0, [])


def test_max_rpn_gate(tmp_path: Path) -> None:
    code, lines = check(tmp_path, blueprint(6, 5, 4), "--max-rpn", "100")  # AP L, RPN 120
    assert code == 1
    assert len(lines) == 1
    assert lines[0].endswith(
        "g.blueprint.yaml:9:9: BP008 error: failure 'serve.1' has RPN 120 over the limit 100, "
        "and no open action or justification"
    )


def test_max_rpn_is_a_strict_limit(tmp_path: Path) -> None:
    assert check(tmp_path, blueprint(5, 4, 5), "--max-rpn", "100") == (0, [])  # RPN exactly 100


def test_max_rpn_is_off_by_default(tmp_path: Path) -> None:
    assert check(tmp_path, blueprint(6, 5, 4)) == (0, [])


@pytest.mark.parametrize("extra", [action("open"), action("in-progress"), JUSTIFIED])
def test_max_rpn_passes_with_an_action_or_justification(tmp_path: Path, extra: str) -> None:
    assert check(tmp_path, blueprint(6, 5, 4, extra), "--max-rpn", "100") == (0, [])


def test_max_rpn_fails_when_only_dropped_actions(tmp_path: Path) -> None:
    code, lines = check(tmp_path, blueprint(6, 5, 4, action("dropped")), "--max-rpn", "100")
    assert code == 1 and "BP008" in lines[0]


def test_done_action_still_over_the_limit_fails_the_rpn_gate(tmp_path: Path) -> None:
    # BP007 is satisfied by the (live) done action; BP008 compares the residual RPN 9x4x7=252
    text = blueprint(9, 4, 7, action("done", "severity: 9, occurrence: 4, detection: 7"))
    code, lines = check(tmp_path, text, "--max-rpn", "100")
    assert code == 1
    assert len(lines) == 1 and "BP008" in lines[0] and "residual RPN 252 over the limit 100" in lines[0]


def test_done_action_under_the_limit_passes_the_rpn_gate(tmp_path: Path) -> None:
    text = blueprint(9, 4, 7, action("done", "severity: 9, occurrence: 2, detection: 3"))  # 54
    assert check(tmp_path, text, "--max-rpn", "100") == (0, [])


def test_both_gates_report_the_same_failure(tmp_path: Path) -> None:
    code, lines = check(tmp_path, blueprint(9, 4, 7), "--max-rpn", "200")
    assert code == 1
    assert [line.split(": ")[1].split()[0] for line in lines] == ["BP007", "BP008"]


def test_gate_findings_in_json(tmp_path: Path) -> None:
    import json

    path = tmp_path / "g.blueprint.yaml"
    path.write_text(blueprint(9, 4, 7), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(path), "--format", "json"])
    assert result.exit_code == 1
    assert '"BP007"' in result.output
    json.loads(result.output)

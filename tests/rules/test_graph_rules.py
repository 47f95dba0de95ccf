"""The graph lint rules BP010-BP014: crafted negative files, the examples, the rule docs."""

from __future__ import annotations

import re
import subprocess
import textwrap
from pathlib import Path

import pytest

from blueprint.findings import Severity
from blueprint.load.loader import load_bytes, load_file
from blueprint.rules import rule_by_code, run_rules
from tests.conftest import DATA, EXAMPLES, ROOT
from tests.helpers import blueprint_cmd

DATA = DATA / "graph"
GRAPH_CODES = ("BP010", "BP011", "BP012", "BP013", "BP014")


def findings(path: Path, codes: tuple[str, ...] = GRAPH_CODES) -> list[tuple[int, int, str, str]]:
    loaded = load_file(str(path))
    return [(f.line, f.col, f.code, f.message) for f in run_rules(loaded, codes=codes)]


def test_bp010_uses_cycle_once_per_tangle_at_its_first_step() -> None:
    assert findings(DATA / "bp010-uses-cycle.blueprint.yaml") == [
        (
            16,
            20,
            "BP010",
            "uses loop: booking uses payments, payments uses booking (also in the loop: ledger)",
        ),
        (28, 12, "BP010", "step 'audit' uses itself"),
    ]


def test_bp011_uses_toward_the_customer() -> None:
    got = findings(DATA / "bp011-uses-toward-customer.blueprint.yaml")
    assert [(line, col, code) for line, col, code, _ in got] == [(17, 23, "BP011"), (21, 12, "BP011")]
    assert "backstage step 'register' uses frontstage step 'acknowledge'" in got[0][3]
    assert "support step 'claims-db' uses customer step 'submit-claim'" in got[1][3]


def test_bp012_backward_flow_at_the_next_item() -> None:
    got = findings(DATA / "bp012-backward-flow.blueprint.yaml")
    assert [(line, col, code) for line, col, code, _ in got] == [(23, 21, "BP012")]
    assert "'pack' -> 'confirm'" in got[0][3]


def test_bp013_unserved_interaction_for_each_customer_step_of_the_phase() -> None:
    got = findings(DATA / "bp013-unserved-interaction.blueprint.yaml")
    assert [(line, col, code) for line, col, code, _ in got] == [(8, 9, "BP013"), (13, 9, "BP013")]
    assert "phase 'arrive'" in got[0][3]


def test_bp014_unreached_frontstage() -> None:
    got = findings(DATA / "bp014-unreached-frontstage.blueprint.yaml")
    assert [(line, col, code) for line, col, code, _ in got] == [(18, 9, "BP014"), (26, 9, "BP014")]
    assert "'welcome'" in got[0][3] and "'upsell'" in got[1][3]


def test_crafted_files_trip_only_their_own_rule() -> None:
    for path in sorted(DATA.glob("bp0*.blueprint.yaml")):
        code = path.name[:5].upper()
        loaded = load_file(str(path))
        assert not loaded.problems, path
        assert {f.code for f in run_rules(loaded)} == {code}, path


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_graph_rules_quiet_on_examples(path: Path) -> None:
    assert findings(path) == []


def test_check_on_examples_exits_0_without_warnings() -> None:
    done = subprocess.run([*blueprint_cmd(), "check", str(ROOT / "examples")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout
    assert "warning" not in done.stdout and done.stdout.strip().endswith("no problems")


def test_severities() -> None:
    severities = {code: rule_by_code(code).severity for code in GRAPH_CODES}  # type: ignore[union-attr]
    assert severities == {
        "BP010": Severity.ERROR,
        "BP011": Severity.ERROR,
        "BP012": Severity.WARNING,
        "BP013": Severity.WARNING,
        "BP014": Severity.WARNING,
    }


def test_graph_rules_tolerate_unknown_references_and_repeated_ids() -> None:
    text = textwrap.dedent(
        """\
        blueprint: 1
        title: Broken
        steps:
          - {id: a, lane: customer, title: A, next: [ghost, b]}
          - {id: b, lane: frontstage, title: B, uses: [nobody]}
          - {id: a, lane: support, title: Again, uses: [a]}
        """
    )
    got = run_rules(load_bytes(text.encode(), "t.blueprint.yaml"))
    assert {f.code for f in got} >= {"BP002", "BP003"}


def _snippet_blueprint(snippet: str) -> bytes:
    """A rule doc's YAML snippet as a whole file: a bare list of steps or phases and steps."""
    body = textwrap.dedent(snippet).strip("\n")
    if body.lstrip().startswith("- "):
        body = "steps:\n" + textwrap.indent(body, "  ")
    return f"blueprint: 1\ntitle: Doc example\n{body}\n".encode()


@pytest.mark.parametrize("code", GRAPH_CODES)
def test_rule_doc_examples_bad_fires_good_is_quiet(code: str) -> None:
    rule = rule_by_code(code)
    assert rule is not None
    assert re.match(rf"{code} [a-z-]+: \S", rule.summary)
    assert rule.summary.startswith(f"{code} {rule.name}:")
    bad = re.search(r"Bad::\n(.*?)\nGood::", rule.doc, re.S)
    good = re.search(r"Good::\n(.*)$", rule.doc, re.S)
    assert bad and good
    bad_loaded = load_bytes(_snippet_blueprint(bad.group(1)), "bad.blueprint.yaml")
    good_loaded = load_bytes(_snippet_blueprint(good.group(1)), "good.blueprint.yaml")
    assert not bad_loaded.problems and not good_loaded.problems
    assert [f.code for f in run_rules(bad_loaded, codes=(code,))] != []
    assert run_rules(good_loaded, codes=(code,)) == []

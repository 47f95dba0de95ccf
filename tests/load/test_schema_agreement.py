"""The two schema validators agree, and a rejected file always gets a finding.

``check`` asks the compiled validator (jsonschema-rs) "valid?" and words the messages
with python-jsonschema. Where they disagreed (Python's ``$`` matches before a final
newline), a file the schema forbids passed with "no problems". ajv, in its default
strict mode, is the third, independent opinion.
"""

from __future__ import annotations

import copy
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from blueprint.load import schema
from blueprint.load.loader import load_bytes
from blueprint.load.source import read_source
from tests.conftest import EXAMPLES, ROOT
from tests.tools import node_module

SCHEMA_FILE = ROOT / "schemas" / "blueprint.schema.json"
EXAMPLE_DATA = [read_source(str(p)).data for p in EXAMPLES]

STEP = "steps:\n  - id: a\n    lane: customer\n    title: A\n    evidence: [e]\n"
NEWLINE_CASES = [
    ('steps:\n  - id: "a\\n"\n    lane: customer\n    title: A\n    evidence: [e]\n', 4),
    (
        "steps:\n  - id: a\n    lane: customer\n    title: A\n    evidence: [e]\n"
        "    failures:\n      - {mode: m, severity: 2, occurrence: 2, detection: 2,\n"
        '         actions: [{title: x, due: "2026-01-01\\n"}]}\n',
        10,
    ),
    (
        STEP + '    time: {expected: "6m\\n"}\n',
        8,
    ),
]


@pytest.mark.parametrize(("body", "line"), NEWLINE_CASES)
def test_a_trailing_newline_the_schema_forbids_is_reported(body: str, line: int) -> None:
    loaded = load_bytes(("blueprint: 1\ntitle: t\n" + body).encode(), "nl.blueprint.yaml")
    assert loaded.problems, "the schema forbids a newline at the end of ids, dates and durations"
    assert loaded.source.pos(loaded.problems[0].path)[0] == line


def test_dollar_means_end_of_text_as_in_ecma_262() -> None:
    assert schema.ecma_pattern("^[a-z]+$") == "^[a-z]+\\Z"
    assert schema.ecma_pattern("^[$]\\$$") == "^[$]\\$\\Z"


def _leaves(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in _leaves(v, (*path, k))]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in _leaves(v, (*path, i))]
    return [path]


MUTANTS = st.one_of(
    st.sampled_from(["\n", " ", "\t", "x\n", "\r\n", "1", "-", "\u00e9"]),
    st.text(max_size=6),
)
VALUES = st.one_of(
    st.integers(-20, 20),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.sampled_from([1.0, 2.5, 0.0, -1.0, 10**13, "2026-02-30", "2026-13-01", "1h30m", "a.b", None, True]),
    st.text(max_size=8),
)


@given(
    which=st.integers(0, len(EXAMPLE_DATA) - 1),
    pick=st.integers(0, 10**6),
    how=st.sampled_from(["append", "prepend", "replace"]),
    extra=MUTANTS,
    value=VALUES,
)
def test_whenever_the_fast_validator_rejects_a_finding_is_reported(
    which: int, pick: int, how: str, extra: str, value: Any
) -> None:
    data = copy.deepcopy(EXAMPLE_DATA[which])
    leaves = _leaves(data)
    path = leaves[pick % len(leaves)]
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    old = parent[path[-1]]
    if how == "replace" or not isinstance(old, str):
        parent[path[-1]] = value
    else:
        parent[path[-1]] = old + extra if how == "append" else extra + old
    fast = schema._fast_validator().is_valid(data)
    precise = list(schema._validator().iter_errors(data))
    assert fast == (not precise), f"validators disagree at {path}: {parent[path[-1]]!r}"
    if not fast:
        assert schema.validate(data)


AJV_SCRIPT = r"""
const Ajv2020 = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats").default;
const fs = require("fs");
const ajv = new Ajv2020({allErrors: true});  // ajv's default strict mode
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(process.argv[2], "utf8")));
const docs = JSON.parse(fs.readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(docs.map((d) => validate(d))));
"""


def _ajv_verdicts(docs: list[Any], tmp_path: Path) -> list[bool]:
    modules = node_module("ajv").parent
    node_module("ajv-formats")
    script = tmp_path / "ajv-check.js"
    script.write_text(AJV_SCRIPT, encoding="utf-8")
    done = subprocess.run(
        ["node", str(script), str(SCHEMA_FILE)],
        input=json.dumps(docs),
        capture_output=True,
        text=True,
        env={"NODE_PATH": str(modules), "PATH": "/usr/bin:/bin:/usr/local/bin"},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    verdicts: list[bool] = json.loads(done.stdout)
    return verdicts


def test_ajv_in_strict_mode_compiles_the_schema_and_agrees(tmp_path: Path) -> None:
    docs: list[Any] = list(EXAMPLE_DATA)
    for body, _ in NEWLINE_CASES:
        docs.append(load_bytes(("blueprint: 1\ntitle: t\n" + body).encode(), "x").source.data)
    bad_date = copy.deepcopy(EXAMPLE_DATA[0])
    for step in bad_date["steps"]:
        for failure in step.get("failures") or []:
            for action in failure.get("actions") or []:
                action["due"] = "2027-02-30"
    docs.append(bad_date)
    verdicts = _ajv_verdicts(docs, tmp_path)
    ours = [not schema.validate(d) for d in docs]
    assert verdicts == ours
    assert all(ours[: len(EXAMPLE_DATA)]) and not any(ours[len(EXAMPLE_DATA) :])

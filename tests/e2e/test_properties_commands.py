"""Property tests of every command over generated blueprints (``tests/strategies.py``).

Each command runs through the real entry point (``blueprint.cli.main.main``: the error
mapping, exit codes and output streams a user sees) on blueprints with random lanes,
phases, loops, dependencies, failures and hostile text, and must keep its promise:

- ``check`` never crashes: exit 0, 1 or 2 and never a traceback, in every format;
- ``fmea --format json`` ranks every failure once, with RPN = S x O x D and the Action
  Priority of the AIAG-VDA table (expanded here from ``tests/data``, not ``blueprint.analysis.ap``);
- ``render`` gives DOT that Graphviz parses, Mermaid and SVG that are well formed, each
  holding every step's title as text;
- ``fmt`` is idempotent and keeps the meaning; ``diff A A`` reports nothing;
- the order of keys in the file changes no byte of ``fmea`` JSON and CSV, DOT or Mermaid;
- no control character from the file reaches the reader of a table, Markdown, HTML or
  Mermaid;
- damaged files (generated ones cut or garbled, and the mutation corpus of
  ``tests/rules/test_mutations.py``) get one clean line from every command, never a traceback.

The default profile keeps this file to well under a minute; ``HYPOTHESIS_PROFILE=thorough``
runs twenty times as many examples (see docs/limits.md).
"""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from hypothesis import given, settings
from hypothesis import strategies as st

from blueprint.load.loader import load_blueprint
from tests.conftest import DATA, examples
from tests.helpers import dot_text, entry, mermaid_labels, needs_dot, require_tool, svg_text, visible
from tests.strategies import blueprints, shuffled, to_yaml

AP_ORDER = {"H": 0, "M": 1, "L": 2}


def write(folder: Path, data: dict[str, Any], name: str = "gen.blueprint.yaml") -> Path:
    path = folder / name
    path.write_text(to_yaml(data), encoding="utf-8")
    return path


def no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output, result.output
    assert "internal error" not in result.output, result.output


# -- an independent Action Priority table ------------------------------------------------


@cache
def reference_ap() -> dict[tuple[int, int, int], str]:
    """Every (S, O, D) -> AP, expanded from the handbook's ranges in tests/data."""
    rows = json.loads((DATA / "ap-aiag-vda-2019.json").read_text(encoding="utf-8"))["rows"]
    table: dict[tuple[int, int, int], str] = {}
    for row in rows:
        for s in range(row["s"][0], row["s"][1] + 1):
            for o in range(row["o"][0], row["o"][1] + 1):
                for d in range(row["d"][0], row["d"][1] + 1):
                    assert (s, o, d) not in table, "the reference rows overlap"
                    table[(s, o, d)] = row["ap"]
    assert len(table) == 1000
    return table


def test_the_reference_table_is_complete() -> None:
    counts = {ap: sum(v == ap for v in reference_ap().values()) for ap in "HML"}
    assert counts == {"H": 318, "M": 214, "L": 468}  # as the handbook's table counts them


def titles(data: dict[str, Any]) -> list[str]:
    return [step["title"] for step in data["steps"]]


def balanced(dot: str) -> bool:
    """Brackets and braces outside quoted strings and HTML labels pair up."""
    depth = {"{": 0, "[": 0}
    closing = {"}": "{", "]": "["}
    i, n = 0, len(dot)
    while i < n:
        ch = dot[i]
        if ch == '"':
            i += 1
            while i < n and dot[i] != '"':
                i += 2 if dot[i] == "\\" else 1
        elif ch == "<":
            level = 1
            while level and i + 1 < n:
                i += 1
                level += {"<": 1, ">": -1}.get(dot[i], 0)
        elif ch in depth:
            depth[ch] += 1
        elif ch in closing:
            depth[closing[ch]] -= 1
            if depth[closing[ch]] < 0:
                return False
        i += 1
    return all(v == 0 for v in depth.values())


# -- check ---------------------------------------------------------------------------------


@pytest.mark.slow
@settings(max_examples=examples(50))
@given(
    data=blueprints(),
    fmt=st.sampled_from(["text", "json", "sarif", "github"]),
    gate=st.sampled_from("HMLN"),
)
def test_check_never_crashes_whatever_the_format(
    tmp_path_factory: pytest.TempPathFactory, data: dict[str, Any], fmt: str, gate: str
) -> None:
    path = write(tmp_path_factory.mktemp("check"), data)
    fail_on = "none" if gate == "N" else gate
    result = entry("check", "--isolated", "-j", "1", "--format", fmt, "--fail-on", fail_on, str(path))
    no_traceback(result)
    assert result.exit_code in (0, 1), result.output  # a valid file is never "unusable"
    if fmt in ("json", "sarif"):
        json.loads(result.stdout)
    if fmt == "github":
        assert all(line.startswith(("::error ", "::warning ")) for line in result.stdout.splitlines())


@st.composite
def damaged(draw: st.DrawFn) -> bytes:
    """A generated blueprint with one random cut, byte flip or inserted junk."""
    raw = to_yaml(draw(blueprints(max_steps=4))).encode("utf-8")
    at = draw(st.integers(0, len(raw)))
    how = draw(st.sampled_from(["cut", "flip", "insert"]))
    if how == "cut":
        return raw[:at]
    if how == "flip":
        return raw[:at] + bytes([draw(st.integers(0, 255))]) + raw[at + 1 :]
    junk = draw(st.sampled_from([b"\t", b": ", b"- ", b"&a ", b"*a", b"!!python/object ", b"[", b"{", b"'"]))
    return raw[:at] + junk + raw[at:]


@pytest.mark.slow
@settings(max_examples=examples(80))
@given(raw=damaged())
def test_check_on_damaged_files_exits_0_1_or_2_with_one_line_per_problem(
    tmp_path_factory: pytest.TempPathFactory, raw: bytes
) -> None:
    path = tmp_path_factory.mktemp("damaged") / "gen.blueprint.yaml"
    path.write_bytes(raw)
    result = entry("check", "--isolated", "-j", "1", str(path))
    no_traceback(result)
    assert result.exit_code in (0, 1, 2), result.output
    for line in result.stdout.splitlines()[:-1]:
        assert line.startswith(f"{path}:"), line


@settings(max_examples=examples(30))
@given(raw=damaged(), command=st.sampled_from(["fmea", "render", "graph", "report", "fmt"]))
def test_other_commands_refuse_damaged_files_cleanly(
    tmp_path_factory: pytest.TempPathFactory, raw: bytes, command: str
) -> None:
    folder = tmp_path_factory.mktemp("damaged")
    path = folder / "gen.blueprint.yaml"
    path.write_bytes(raw)
    extra = {
        "render": ["--format", "mermaid", "-o", "-"],
        "report": ["--format", "markdown", "-o", "-", "--today", "2026-01-01"],
        "fmt": ["--check"],
    }.get(command, [])
    result = entry(command, str(path), *extra)
    no_traceback(result)
    assert result.exit_code in (0, 1, 2), result.output
    if result.exit_code == 2 and command != "fmt":
        assert result.stderr.startswith("blueprint: "), result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


# -- fmea ----------------------------------------------------------------------------------


def expected_residual(failure: dict[str, Any]) -> dict[str, int] | None:
    """The revised ratings of the last done action that has them."""
    done = [a["revised"] for a in failure.get("actions", []) if a["status"] == "done" and "revised" in a]
    return done[-1] if done else None


@pytest.mark.slow
@settings(max_examples=examples(60))
@given(data=blueprints())
def test_fmea_ranks_every_failure_once_with_the_reference_rpn_and_ap(
    tmp_path_factory: pytest.TempPathFactory, data: dict[str, Any]
) -> None:
    path = write(tmp_path_factory.mktemp("fmea"), data)
    result = entry("fmea", str(path), "--format", "json")
    no_traceback(result)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    listed = doc["failures"]
    written = {
        f["id"]: (f, step, (si, fi))
        for si, step in enumerate(data["steps"])
        for fi, f in enumerate(step.get("failures", []))
    }
    assert sorted(f["id"] for f in listed) == sorted(written)
    assert [f["rank"] for f in listed] == list(range(1, len(written) + 1))
    table = reference_ap()
    for item in listed:
        source, step, _ = written[item["id"]]
        s, o, d = source["severity"], source["occurrence"], source["detection"]
        assert (item["severity"], item["occurrence"], item["detection"]) == (s, o, d)
        assert item["rpn"] == s * o * d
        assert item["ap"] == table[(s, o, d)]
        assert item["step"] == step["id"] and item["lane"] == step["lane"]
        assert item["mode"] == source["mode"]
        revised = expected_residual(source)
        if revised is None:
            assert item["residual"] is None
        else:
            rs, ro, rd = revised["severity"], revised["occurrence"], revised["detection"]
            assert item["residual"] == {
                "severity": rs,
                "occurrence": ro,
                "detection": rd,
                "rpn": rs * ro * rd,
                "ap": table[(rs, ro, rd)],
            }
    # the default order: AP, then severity and RPN descending, then file order
    keys = [(AP_ORDER[f["ap"]], -f["severity"], -f["rpn"], written[f["id"]][2]) for f in listed]
    assert keys == sorted(keys)


# -- render --------------------------------------------------------------------------------


@pytest.mark.slow
@needs_dot
@settings(max_examples=examples(50))
@given(data=blueprints(), plain=st.booleans())
def test_render_dot_and_mermaid_are_well_formed_and_hold_every_title(
    tmp_path_factory: pytest.TempPathFactory, data: dict[str, Any], plain: bool
) -> None:
    path = write(tmp_path_factory.mktemp("render"), data)
    risk = ["--no-risk"] if plain else []
    dot = entry("render", str(path), "--format", "dot", "-o", "-", *risk)
    mermaid = entry("render", str(path), "--format", "mermaid", "-o", "-", *risk)
    for result in (dot, mermaid):
        no_traceback(result)
        assert result.exit_code == 0, result.output
    assert dot.stdout.startswith("digraph ") and balanced(dot.stdout)
    canon = subprocess.run(
        [require_tool("dot"), "-Tcanon"], input=dot.stdout, capture_output=True, text=True, timeout=60
    )
    # layout warnings (spline routing) are Graphviz's business; a syntax error is ours
    assert canon.returncode == 0 and "Error" not in canon.stderr, canon.stderr
    dot_visible, mermaid_visible = dot_text(dot.stdout), mermaid_labels(mermaid.stdout)
    for title in titles(data):
        assert visible(title) in dot_visible, title
        assert visible(title) in mermaid_visible, title
    lines = mermaid.stdout.splitlines()
    assert lines[0].startswith("flowchart ")
    # one statement per line: a title never breaks out of its label
    assert all(line.count('["') == line.count('"]') for line in lines)
    assert "<script" not in mermaid.stdout.lower()


@needs_dot
@settings(max_examples=examples(15))
@given(data=blueprints(max_steps=5))
def test_render_svg_is_xml_without_script_holding_every_title(
    tmp_path_factory: pytest.TempPathFactory, data: dict[str, Any]
) -> None:
    folder = tmp_path_factory.mktemp("svg")
    path = write(folder, data)
    out = folder / "out.svg"
    result = entry("render", str(path), "-o", str(out))
    no_traceback(result)
    assert result.exit_code == 0, result.output
    svg = out.read_bytes()
    root = ET.fromstring(svg)
    for element in root.iter():
        assert not element.tag.lower().endswith("script")
        assert not any(name.lower().startswith("on") for name in element.attrib)
    text = svg_text(svg)
    for title in titles(data):
        assert visible(title) in text, title


# -- fmt -----------------------------------------------------------------------------------


def meaning(value: Any) -> Any:
    """A model as plain data without positions (what formatting may change)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: meaning(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name not in ("line", "col", "path")
        }
    if isinstance(value, list | tuple):
        return [meaning(v) for v in value]
    if isinstance(value, dict):
        return {k: meaning(v) for k, v in value.items()}
    return value


@pytest.mark.slow
@settings(max_examples=examples(50))
@given(data=blueprints(), seed=st.integers(0, 10_000))
def test_fmt_is_idempotent_and_keeps_the_meaning(
    tmp_path_factory: pytest.TempPathFactory, data: dict[str, Any], seed: int
) -> None:
    path = write(tmp_path_factory.mktemp("fmt"), shuffled(data, seed))
    before = meaning(load_blueprint(str(path)))
    first = entry("fmt", str(path))
    no_traceback(first)
    assert first.exit_code == 0, first.output
    once = path.read_bytes()
    assert meaning(load_blueprint(str(path))) == before
    second = entry("fmt", "--check", str(path))
    assert second.exit_code == 0, second.output
    entry("fmt", str(path))
    assert path.read_bytes() == once


# -- diff ----------------------------------------------------------------------------------


@pytest.mark.slow
@settings(max_examples=examples(40))
@given(data=blueprints(), seed=st.integers(0, 10_000))
def test_diff_of_a_file_with_itself_reports_nothing(
    tmp_path_factory: pytest.TempPathFactory, data: dict[str, Any], seed: int
) -> None:
    folder = tmp_path_factory.mktemp("diff")
    a = write(folder, data, "a.blueprint.yaml")
    b = write(folder, shuffled(data, seed), "b.blueprint.yaml")  # the same blueprint, keys moved
    for old, new in ((a, a), (a, b)):
        result = entry("diff", str(old), str(new), "--fail-on-increase", "--format", "json")
        no_traceback(result)
        assert result.exit_code == 0, result.output
        doc = json.loads(result.stdout)
        assert doc["failures"] == {"added": [], "removed": [], "changed": []}
        assert doc["steps"] == {"added": [], "removed": []}
        assert doc["totals"]["before"] == doc["totals"]["after"]
        assert doc["increase"]["any"] is False
    table = entry("diff", str(a), str(a), "--fail-on-increase", "--lang", "en")
    assert table.exit_code == 0 and "No change" in table.stdout


# -- key order -----------------------------------------------------------------------------


@pytest.mark.slow
@settings(max_examples=examples(40))
@given(data=blueprints(), seed=st.integers(0, 10_000))
def test_key_order_changes_no_byte_of_fmea_json_dot_or_mermaid(
    tmp_path_factory: pytest.TempPathFactory, data: dict[str, Any], seed: int
) -> None:
    folder = tmp_path_factory.mktemp("order")
    (folder / "a").mkdir()
    (folder / "b").mkdir()
    write(folder / "a", data)
    write(folder / "b", shuffled(data, seed))
    outputs: dict[str, list[bytes]] = {}
    for side in ("a", "b"):
        with pytest.MonkeyPatch.context() as mp:
            mp.chdir(folder / side)
            for name, args in (
                ("json", ("fmea", "gen.blueprint.yaml", "--format", "json")),
                ("csv", ("fmea", "gen.blueprint.yaml", "--format", "csv")),
                ("dot", ("render", "gen.blueprint.yaml", "--format", "dot", "-o", "-")),
                ("mermaid", ("render", "gen.blueprint.yaml", "--format", "mermaid", "-o", "-")),
            ):
                result = entry(*args)
                assert result.exit_code == 0, result.output
                outputs.setdefault(name, []).append(result.stdout_bytes)
    for name, (first, second) in outputs.items():
        assert first == second, name


# -- terminal ------------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@settings(max_examples=examples(30))
@given(data=blueprints())
def test_no_control_character_from_the_file_reaches_the_reader(
    tmp_path_factory: pytest.TempPathFactory, data: dict[str, Any]
) -> None:
    path = write(tmp_path_factory.mktemp("tty"), data)
    for args in (
        ("fmea", str(path), "--color", "never"),
        ("fmea", str(path), "--format", "markdown"),
        ("fmea", str(path), "--format", "html"),
        ("render", str(path), "--format", "mermaid", "-o", "-"),
    ):
        result = entry(*args, color=True)  # click strips nothing: every byte is the command's
        assert result.exit_code == 0, result.output
        assert _CONTROL.search(result.stdout) is None, (args, result.stdout)


# -- the mutation corpus through the other commands ---------------------------------------------

_READERS = (
    ("fmea", "--format", "json"),
    ("render", "--format", "mermaid", "-o", "-"),
    ("graph", "--format", "json"),
    ("report", "--format", "markdown", "-o", "-", "--today", "2026-01-01"),
)


def _mutation_cases() -> list[tuple[str, bytes, int | None, tuple[str, ...]]]:
    from tests.rules.test_mutations import CASES

    return [
        (f"{example.stem}:{m[0]}", m[1], m[2], _READERS[i % len(_READERS)])
        for i, (example, m) in enumerate(CASES)
    ]


@pytest.mark.parametrize("case", _mutation_cases(), ids=lambda c: f"{c[3][0]}-{c[0]}")
def test_damaged_examples_through_the_other_commands(
    tmp_path: Path, case: tuple[str, bytes, int | None, tuple[str, ...]]
) -> None:
    """What ``check`` reports as a finding, the other commands refuse in one line naming it."""
    _name, content, line, (command, *options) = case
    path = tmp_path / "damaged.blueprint.yaml"
    path.write_bytes(content)
    result = entry(command, str(path), *options)
    no_traceback(result)
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 2:
        assert result.stderr.startswith(f"blueprint: {path}"), result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        if line is not None:
            assert result.stderr.startswith(f"blueprint: {path}:{line}:"), result.stderr
    elif line is not None:
        pytest.fail(f"a file with a problem at line {line} was accepted")

"""Mutation corpus: every example, systematically damaged, gets a clean finding at the
right line, never an exception. The generator lives here so the corpus follows the
examples as they change."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from blueprint.rules import Options
from blueprint.rules.checker import check_file
from tests.conftest import EXAMPLES

Mutation = tuple[str, bytes, int | None, str]  # name, content, expected line, expected code


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def mutations(path: Path) -> Iterator[Mutation]:
    lines = _lines(path)
    text = "".join(lines)

    def joined(new: list[str]) -> bytes:
        return "".join(new).encode("utf-8")

    # change a type: a rating becomes a word, a float, a quoted number
    for i, line in enumerate(lines):
        m = re.match(r"^(\s+)(severity|occurrence|detection): (\d+)\s*$", line)
        if m:
            for bad in ("high", "7.5", '"5"', "11", "0", "true"):
                new = lines.copy()
                new[i] = f"{m.group(1)}{m.group(2)}: {bad}\n"
                yield (f"type-{m.group(2)}-{bad}@{i + 1}", joined(new), i + 1, "BP001")
            break
    # delete a key: every required key of the first step in block style
    for i, line in enumerate(lines):
        m = re.match(r"^(\s+)(lane|title|mode): ", line)
        if m and not line.lstrip().startswith("- "):
            new = lines[:i] + lines[i + 1 :]
            yield (f"delete-{m.group(2)}@{i + 1}", joined(new), None, "BP001")
    # duplicate a key: the line repeated right after itself
    for i, line in enumerate(lines):
        if re.match(r"^\s+(title|lane|severity): ", line) and not line.lstrip().startswith("- "):
            new = [*lines[: i + 1], line, *lines[i + 1 :]]
            yield (f"duplicate-key@{i + 1}", joined(new), i + 2, "BP000")
            break
    # swap an id: a step renamed, its references now dangle
    for i, line in enumerate(lines):
        m = re.match(r"^(\s+)- id: (\S+)\s*$", line)
        if m and re.search(rf"[\[ ,]{re.escape(m.group(2))}[,\]]", text):
            new = lines.copy()
            new[i] = f"{m.group(1)}- id: {m.group(2)}-renamed\n"
            yield (f"swap-id-{m.group(2)}", joined(new), None, "BP003")
            break
    # insert a tab in the indentation of lines at 25%, 50%, 75%
    for frac in (0.25, 0.5, 0.75):
        i = int(len(lines) * frac)
        while not lines[i].startswith("  "):
            i += 1
        new = lines.copy()
        new[i] = "\t" + lines[i].lstrip(" ")
        yield (f"tab@{i + 1}", joined(new), i + 1, "BP000")
    # break the encoding: a lone byte that is not UTF-8
    for frac in (0.1, 0.5, 0.9):
        i = int(len(lines) * frac)
        raw = [ln.encode("utf-8") for ln in lines]
        raw[i] = raw[i].rstrip(b"\n") + b"\xff\n"
        yield (f"encoding@{i + 1}", b"".join(raw), i + 1, "BP000")
    # truncate at every 10% of the bytes (may or may not still be a valid blueprint)
    data = text.encode("utf-8")
    for tenth in range(1, 10):
        yield (f"truncate-{tenth * 10}%", data[: len(data) * tenth // 10], None, "")


CASES = [(p, m) for p in EXAMPLES for m in mutations(p)]


@pytest.mark.parametrize(("example", "mutation"), CASES, ids=[f"{p.stem}:{m[0]}" for p, m in CASES])
def test_damaged_example_gets_a_clean_finding(tmp_path: Path, example: Path, mutation: Mutation) -> None:
    _name, content, line, code = mutation
    target = tmp_path / example.name
    target.write_bytes(content)
    report = check_file(str(target), Options())  # must not raise
    if not code:  # truncation: any outcome but a crash, and findings are well-formed
        for f in report.findings:
            assert f.line >= 1 and f.col >= 1 and "\n" not in f.message
        return
    codes = {f.code for f in report.findings}
    assert code in codes, [f.text() for f in report.findings]
    hit = [f for f in report.findings if f.code == code]
    if line is not None:
        assert hit[0].line == line, hit[0].text()
    assert all(f.line >= 1 and "\n" not in f.message for f in report.findings)


def test_the_corpus_covers_every_kind_of_damage() -> None:
    kinds = {m[0].split("@")[0].split("-")[0] for _, m in CASES}
    assert kinds >= {"type", "delete", "duplicate", "swap", "tab", "encoding", "truncate"}
    assert len(CASES) > 100

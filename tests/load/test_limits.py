"""The documented limits (docs/limits.md) and the safety guarantees behind them.

- A file larger than 50 MB is refused before it is parsed, without reading past the limit.
- Mappings and lists nest at most 64 levels; a text is at most 10,000 characters.
- YAML aliases may add at most 100,000 nodes: a billion-laughs document is refused
  without being expanded.
- Nothing from a file is ever run: no YAML tag builds an object, ``diff`` passes no
  option to git, and no command opens a network connection.
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest

import blueprint.load.source
from blueprint.errors import LoadError
from blueprint.load.loader import load_bytes
from blueprint.load.source import MAX_ALIAS_NODES, MAX_BYTES, MAX_DEPTH, parse_bytes
from tests.conftest import ROOT
from tests.helpers import entry, require_tool

EXAMPLE = ROOT / "examples" / "telecom-sim-swap.blueprint.yaml"
HEAD = "blueprint: 1\ntitle: T\nsteps:\n  - {id: a, lane: customer, title: A}\n"


def test_the_documented_limits() -> None:
    assert MAX_BYTES == 50 * 1024 * 1024
    assert MAX_DEPTH == 64
    assert MAX_ALIAS_NODES == 100_000
    doc = (ROOT / "docs" / "limits.md").read_text(encoding="utf-8")
    for words in ("50 MB", "64 levels", "100,000", "10,000 characters", "exit code", "--force"):
        assert words in doc, words


# -- size --------------------------------------------------------------------------------------


def test_a_file_over_50_mb_is_refused_before_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.blueprint.yaml"
    with open(path, "wb") as fh:  # sparse: 50 MB and one byte of nothing, never written
        fh.write(b"blueprint: 1\n")
        fh.truncate(MAX_BYTES + 1)

    def parse_text(text: str, path: str) -> None:
        raise AssertionError("the file was parsed")

    monkeypatch.setattr(blueprint.load.source, "parse_text", parse_text)
    for argv in (["check", "--isolated", str(path)], ["fmea", str(path)]):
        result = entry(*argv)
        assert result.exit_code == 2, result.output
        assert "file larger than 50 MB; refusing to read it" in result.output


def test_the_reader_never_reads_past_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(blueprint.load.source, "MAX_BYTES", 1024)
    path = tmp_path / "big.blueprint.yaml"
    path.write_bytes(HEAD.encode() + b"# " + b"x" * 100_000 + b"\n")
    sizes: list[int] = []
    real_parse_bytes = blueprint.load.source.parse_bytes

    def spy(raw: bytes, shown: str) -> Any:
        sizes.append(len(raw))
        return real_parse_bytes(raw, shown)

    monkeypatch.setattr(blueprint.load.source, "parse_bytes", spy)
    with pytest.raises(LoadError, match="larger than"):
        blueprint.load.source.read_source(str(path))
    assert sizes == [1025]


def test_a_file_just_under_the_limit_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = HEAD.encode()
    monkeypatch.setattr(blueprint.load.source, "MAX_BYTES", len(raw))
    assert parse_bytes(raw, "t.yaml").data["title"] == "T"
    with pytest.raises(LoadError, match="larger than"):
        parse_bytes(raw + b"\n", "t.yaml")


# -- nesting -----------------------------------------------------------------------------------


def nested(levels: int) -> bytes:
    """A document whose deepest list is ``levels`` deep, counting the top mapping as one."""
    inner = levels - 1
    return (HEAD + "evidence: " + "[" * inner + "]" * inner + "\n").encode()


def test_64_levels_are_read_65_are_refused() -> None:
    assert parse_bytes(nested(MAX_DEPTH), "t.yaml").data is not None
    with pytest.raises(LoadError, match="nesting deeper than 64 levels") as err:
        parse_bytes(nested(MAX_DEPTH + 1), "t.yaml")
    assert err.value.line == 5


def test_deep_mappings_too() -> None:
    doc = HEAD + "x: " + "{a: " * MAX_DEPTH + "1" + "}" * MAX_DEPTH + "\n"
    with pytest.raises(LoadError, match="nesting deeper"):
        parse_bytes(doc.encode(), "t.yaml")


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_absurd_nesting_is_refused_without_a_crash(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "deep.blueprint.yaml"
    path.write_text(HEAD + "x: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    result = entry("check", "--isolated", str(path))
    assert result.exit_code == 2, result.output
    assert "nesting deeper than 64 levels" in result.stdout
    assert "Traceback" not in result.output and "RecursionError" not in result.output


# -- text length ---------------------------------------------------------------------------------


def test_a_text_over_10000_characters_is_a_finding(tmp_path: Path) -> None:
    path = tmp_path / "long.blueprint.yaml"
    path.write_text(HEAD.replace("title: A", "title: " + "字" * 10_001), encoding="utf-8")
    result = entry("check", "--isolated", str(path))
    assert result.exit_code == 1
    assert "BP001" in result.stdout and "steps[0].title" in result.stdout
    path.write_text(HEAD.replace("title: A", "title: " + "字" * 10_000), encoding="utf-8")
    assert entry("check", "--isolated", str(path)).exit_code == 0


# -- aliases -------------------------------------------------------------------------------------


def laughs(levels: int = 10, width: int = 10) -> bytes:
    """The billion-laughs document: each level lists the previous one ``width`` times."""
    lines = ["blueprint: 1", "lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels):
        lines.append(f"lol{i}: &lol{i} [" + ", ".join([f"*lol{i - 1}"] * width) + "]")
    lines += [f"title: *lol{levels - 1}", "steps: []"]
    return ("\n".join(lines) + "\n").encode()


def test_a_billion_laughs_is_refused_without_expanding(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    real = blueprint.load.source._Composer.node

    def counting(self: Any, *args: Any) -> Any:
        nonlocal calls
        calls += 1
        return real(self, *args)

    monkeypatch.setattr(blueprint.load.source._Composer, "node", counting)
    with pytest.raises(LoadError, match="aliases expand to more than 100000 nodes"):
        parse_bytes(laughs(), "lol.yaml")
    # one step per node written in the file (about a hundred), none per expanded node (10^10)
    assert calls < 200


def test_the_billion_laughs_on_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "lol.blueprint.yaml"
    path.write_bytes(laughs())
    for argv in (["check", "--isolated", str(path)], ["render", str(path), "--format", "mermaid", "-o", "-"]):
        result = entry(*argv)
        assert result.exit_code == 2, result.output
        assert "alias bomb" in result.output


def test_many_aliases_to_a_large_anchor_are_refused() -> None:
    anchor = "big: &big [" + ", ".join(["x"] * 1_000) + "]\n"
    doc = HEAD + anchor + "many: [" + ", ".join(["*big"] * 200) + "]\n"
    with pytest.raises(LoadError, match="alias bomb"):
        parse_bytes(doc.encode(), "t.yaml")


def test_ordinary_aliases_are_fine() -> None:
    doc = """\
blueprint: 1
title: T
steps:
  - id: a
    lane: frontstage
    title: A
    failures:
      - mode: One
        controls: &usual {prevention: checklist, detection: audit}
        severity: 5
        occurrence: 5
        detection: 5
      - mode: Two
        controls: *usual
        severity: 4
        occurrence: 4
        detection: 4
"""
    loaded = load_bytes(doc.encode(), "t.yaml")
    assert loaded.problems == []
    assert loaded.blueprint is not None
    assert [f.prevention for f in loaded.blueprint.failures] == ["checklist", "checklist"]


# -- nothing run, nothing fetched ---------------------------------------------------------------


@pytest.mark.parametrize(
    "tag", ["!!python/object/apply:os.system ['touch PWNED']", "!!python/name:os.system", "!include x.yaml"]
)
def test_no_yaml_tag_builds_anything(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tag: str) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "tag.blueprint.yaml"
    path.write_text(HEAD.replace("title: T", f"title: {tag}"), encoding="utf-8")
    result = entry("fmea", str(path))
    assert result.exit_code == 2
    assert "is not allowed in a blueprint" in result.stderr
    assert not (tmp_path / "PWNED").exists()


def test_diff_passes_no_option_to_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.blueprint.yaml").write_text(HEAD, encoding="utf-8")
    result = entry("diff", "--", "--output=pwned:a.blueprint.yaml", "a.blueprint.yaml")
    assert result.exit_code == 2
    assert "'--output=pwned' is not a git revision" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.blueprint.yaml"]


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Any attempt to reach the network fails the test (and is recorded)."""
    attempts: list[str] = []

    def refuse(name: str) -> Any:
        def blocked(*args: object, **kwargs: object) -> Any:
            attempts.append(name)
            raise OSError(f"network access attempted: socket.{name}")

        return blocked

    for name in ("socket", "create_connection", "getaddrinfo", "gethostbyname", "socketpair"):
        monkeypatch.setattr(socket, name, refuse(name))
    return attempts


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--isolated", "-j", "1", "{x}"],
        ["check", "--isolated", "-j", "1", "--format", "sarif", "{x}"],
        ["fmea", "{x}", "--format", "json"],
        ["graph", "{x}"],
        ["render", "{x}", "-o", "{out}.svg"],
        ["render", "{x}", "-o", "{out}.mmd"],
        ["report", "{x}", "-o", "{out}.html", "--today", "2026-01-01"],
        ["report", "{x}", "-o", "{out}.md", "--today", "2026-01-01"],
        ["export", "{x}", "-o", "{out}.xlsx"],
        ["diff", "{x}", "{x}"],
        ["schema"],
    ],
    ids=lambda a: " ".join(x for x in a if not x.startswith(("{", "-")))[:30],
)
def test_no_command_touches_the_network(tmp_path: Path, offline: list[str], argv: list[str]) -> None:
    if "{out}.svg" in argv or "{out}.html" in argv:
        require_tool("dot")
    args = [a.replace("{x}", str(EXAMPLE)).replace("{out}", str(tmp_path / "out")) for a in argv]
    result = entry(*args)
    assert result.exit_code == 0, result.output
    assert offline == []


def test_the_html_report_fetches_nothing(tmp_path: Path) -> None:
    import re

    require_tool("dot")
    out = tmp_path / "r.html"
    assert entry("report", str(EXAMPLE), "-o", str(out), "--today", "2026-01-01").exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:|//)""", page, flags=re.I)
    assert not re.search(r"url\(\s*['\"]?\s*(https?:|//)", page, flags=re.I)
    assert "@import" not in page

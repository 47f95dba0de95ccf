"""``blueprint lsp`` driven over stdio by a real LSP client (pygls's LanguageClient).

Every expectation is independent of the server: findings come from ``blueprint check
--format json`` run as a separate process, ranges from the file's own text, scores
from the hand-computed ratings of the test file.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types

from tests.conftest import blueprint_cmd
from tests.lsp_client import Client

DATA = Path(__file__).parent / "data" / "lsp"
COFFEE = DATA / "coffee.blueprint.yaml"


def run(scenario: Callable[[Client], Awaitable[None]], cwd: Path | None = None) -> None:
    """Start a server, run ``scenario`` against it, shut it down cleanly."""

    async def main() -> None:
        client = Client()
        await client.start(cwd=str(cwd) if cwd else None)
        try:
            await scenario(client)
        finally:
            await client.stop()

    asyncio.run(main())


def check_json(path: Path) -> list[dict[str, Any]]:
    done = subprocess.run([*blueprint_cmd(), "check", "--format", "json", str(path)], capture_output=True, text=True)
    assert done.returncode in (0, 1, 2), done.stderr
    found: list[dict[str, Any]] = json.loads(done.stdout)
    return found


def as_findings(diags: list[types.Diagnostic]) -> list[tuple[int, int, str, str]]:
    """(line, col, code, message), 1-based as ``check`` prints them (the files are ASCII)."""
    return sorted((d.range.start.line + 1, d.range.start.character + 1, str(d.code), d.message) for d in diags)


def pos(text: str, needle: str, nth: int = 0, offset: int = 0) -> types.Position:
    """The position of the ``nth`` occurrence of ``needle`` in ``text`` (ASCII), plus ``offset``."""
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    index += offset
    line = text.count("\n", 0, index)
    return types.Position(line, index - (text.rfind("\n", 0, index) + 1))


def doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri)


def test_diagnostics_are_exactly_checks_findings_and_clear_after_an_edit(tmp_path: Path) -> None:
    text = COFFEE.read_text(encoding="utf-8")
    expected = sorted((f["line"], f["col"], f["code"], f["message"]) for f in check_json(COFFEE))
    assert {e[2] for e in expected} >= {"BP003", "BP004", "BP007"}
    fixed = text.replace("[tak-order]", "[take-order]").replace("phase: serv\n", "phase: serve\n")
    fixed = fixed.replace("        detection: 8\n", "        detection: 8\n        justification: Barista repeats the order\n")
    fixed_file = tmp_path / "fixed.blueprint.yaml"
    fixed_file.write_text(fixed, encoding="utf-8")
    expected_after = sorted((f["line"], f["col"], f["code"], f["message"]) for f in check_json(fixed_file))

    async def scenario(client: Client) -> None:
        uri = COFFEE.as_uri()
        client.open(uri, text)
        diags = await client.diagnostics_for(uri)
        assert as_findings(diags) == expected
        lines = text.split("\n")
        for d in diags:  # each range covers the offending token, as the file spells it
            token = lines[d.range.start.line][d.range.start.character : d.range.end.character]
            assert token, d
            if d.code == "BP003":
                assert token == "tak-order"
                assert d.code_description is not None and d.code_description.href.endswith("BP003")
            if d.code == "BP004":
                assert token == "serv"
        assert {d.severity for d in diags if d.code == "BP006"} == {types.DiagnosticSeverity.Warning}
        client.change(uri, fixed)
        assert as_findings(await client.diagnostics_for(uri)) == expected_after
        assert not [f for f in expected_after if f[2] in ("BP003", "BP004", "BP007")]

    run(scenario)


def test_incremental_edits_give_checks_findings(tmp_path: Path) -> None:
    """Typing inside one step (the server re-parses only that step) matches check on the file."""
    text = COFFEE.read_text(encoding="utf-8")
    start = pos(text, "[tak-order]", offset=1)
    end = types.Position(start.line, start.character + len("tak-order"))
    steps = ["take-order", "take-ordr", "brew"]

    async def scenario(client: Client) -> None:
        uri = COFFEE.as_uri()
        client.open(uri, text)
        await client.diagnostics_for(uri)
        current, old_end = text, end
        for word in steps:
            client.change(uri, word, types.Range(start, old_end))
            old_end = types.Position(start.line, start.character + len(word))
            current = current.replace(current.split("\n")[start.line], current.split("\n")[start.line][: start.character] + word + "]", 1)
            file = tmp_path / "edited.blueprint.yaml"
            file.write_text(current, encoding="utf-8")
            expected = sorted((f["line"], f["col"], f["code"], f["message"]) for f in check_json(file))
            assert as_findings(await client.diagnostics_for(uri)) == expected, word

    run(scenario)

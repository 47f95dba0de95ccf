"""``blueprint lsp`` driven over stdio by a real LSP client (pygls's LanguageClient).

Every expectation is independent of the server: findings come from ``blueprint check
--format json`` run as a separate process, ranges from the file's own text, scores
from the hand-computed ratings of the test file.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types

from tests.conftest import DATA as TESTS_DATA
from tests.conftest import blueprint_cmd
from tests.lsp.client import Client

DATA = TESTS_DATA / "lsp"
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
    done = subprocess.run(
        [*blueprint_cmd(), "check", "--format", "json", str(path)], capture_output=True, text=True
    )
    assert done.returncode in (0, 1, 2), done.stderr
    found: list[dict[str, Any]] = json.loads(done.stdout)
    return found


def as_findings(diags: list[types.Diagnostic]) -> list[tuple[int, int, str, str]]:
    """(line, col, code, message), 1-based as ``check`` prints them (the files are ASCII)."""
    return sorted(
        (d.range.start.line + 1, d.range.start.character + 1, str(d.code), d.message) for d in diags
    )


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
    fixed = fixed.replace(
        "        detection: 8\n", "        detection: 8\n        justification: Barista repeats the order\n"
    )
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
            current = current.replace(
                current.split("\n")[start.line],
                current.split("\n")[start.line][: start.character] + word + "]",
                1,
            )
            file = tmp_path / "edited.blueprint.yaml"
            file.write_text(current, encoding="utf-8")
            expected = sorted((f["line"], f["col"], f["code"], f["message"]) for f in check_json(file))
            assert as_findings(await client.diagnostics_for(uri)) == expected, word

    run(scenario)


def test_a_broken_file_publishes_the_parse_error_and_keeps_the_last_good_analysis(tmp_path: Path) -> None:
    text = COFFEE.read_text(encoding="utf-8")
    broken = text.replace("title: Brew the coffee", 'title: "Brew the coffee')
    file = tmp_path / "broken.blueprint.yaml"
    file.write_text(broken, encoding="utf-8")
    expected = sorted((f["line"], f["col"], f["code"], f["message"]) for f in check_json(file))
    assert [e[2] for e in expected] == ["BP000"]

    async def scenario(client: Client) -> None:
        uri = COFFEE.as_uri()
        client.open(uri, text)
        await client.diagnostics_for(uri)
        client.change(uri, broken)
        assert as_findings(await client.diagnostics_for(uri)) == expected
        hover = await client.lsp.text_document_hover_async(
            types.HoverParams(text_document=doc(uri), position=pos(broken, "occurrence: 7"))
        )
        assert hover is not None and "RPN 448" in str(hover.contents)
        symbols = await client.lsp.text_document_document_symbol_async(
            types.DocumentSymbolParams(text_document=doc(uri))
        )
        assert symbols and len(symbols) == 7

    run(scenario)


def test_project_configuration_applies_as_on_the_command_line(tmp_path: Path) -> None:
    (tmp_path / ".blueprint.toml").write_text(
        'fail-on = "none"\ndisable = ["isolated-step"]\n', encoding="utf-8"
    )
    file = tmp_path / "coffee.blueprint.yaml"
    text = COFFEE.read_text(encoding="utf-8")
    file.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [*blueprint_cmd(), "check", "--format", "json", file.name],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    expected = sorted((f["line"], f["col"], f["code"], f["message"]) for f in json.loads(done.stdout))
    assert not {"BP006", "BP007"} & {e[2] for e in expected}

    async def scenario(client: Client) -> None:
        uri = file.as_uri()
        client.open(uri, text)
        assert as_findings(await client.diagnostics_for(uri)) == expected
        # the configuration changes; saving the file applies it
        (tmp_path / ".blueprint.toml").write_text('disable = ["BP003", "BP004"]\n', encoding="utf-8")
        client.forget(uri)
        client.lsp.text_document_did_save(types.DidSaveTextDocumentParams(text_document=doc(uri)))
        codes = {str(d.code) for d in await client.diagnostics_for(uri)}
        assert "BP007" in codes and not codes & {"BP003", "BP004"}

    run(scenario)


@pytest.mark.slow
def test_positions_follow_the_negotiated_encoding() -> None:
    text = (
        "blueprint: 1\ntitle: 咖啡 😀\nsteps:\n"
        "  - {id: a, lane: customer, title: 點餐😀, evidence: [單], next: [bb]}\n"
        "  - {id: b, lane: frontstage, title: 出餐}\n"
    )
    line = text.split("\n")[3]
    chars = line.index("[bb]") + 1

    async def scenario_for(encoding: str, expected: int) -> None:
        client = Client()
        result = await client.start(encodings=[encoding])
        try:
            assert result.capabilities.position_encoding == encoding
            uri = "file:///tmp/encoding.blueprint.yaml"
            client.open(uri, text)
            diags = [d for d in await client.diagnostics_for(uri) if d.code == "BP003"]
            assert [(d.range.start.line, d.range.start.character) for d in diags] == [(3, expected)]
            assert diags[0].range.end.character - diags[0].range.start.character == 2
        finally:
            await client.stop()

    prefix = line[:chars]
    for encoding, expected in (
        ("utf-8", len(prefix.encode("utf-8"))),
        ("utf-16", len(prefix.encode("utf-16-le")) // 2),
        ("utf-32", len(prefix)),
    ):
        asyncio.run(scenario_for(encoding, expected))


def hostile_cases() -> list[tuple[str, bytes]]:
    """The hardening corpus: the hostile file, the bad-input cases, every seventh mutation."""
    from tests.load.test_bad_input import CASES
    from tests.rules.test_mutations import CASES as MUTATIONS

    out = [("hostile", (TESTS_DATA / "hostile.blueprint.yaml").read_bytes())]
    out += [(name, c if isinstance(c, bytes) else c.encode("utf-8")) for name, c, *_ in CASES]
    out += [(f"{path.name}:{m[0]}", m[1]) for path, m in MUTATIONS[::7]]
    return out


def test_hostile_files_give_diagnostics_never_a_crash(tmp_path: Path) -> None:
    """The hardening corpus: each file gets check's findings (text files) and the server lives on."""
    from blueprint.rules import Options
    from blueprint.rules.checker import check_file

    cases = hostile_cases()

    async def scenario(client: Client) -> None:
        for n, (name, raw) in enumerate(cases):
            file = tmp_path / f"case{n}.blueprint.yaml"
            file.write_bytes(raw)
            text = raw.decode("utf-8", "surrogateescape")
            uri = file.as_uri()
            client.open(uri, text)
            diags = await client.diagnostics_for(uri)
            if re.search("[\udc80-\udcff]", text):
                assert diags, name  # bytes that are not UTF-8: a BP000 finding
                continue
            expected = [(f.line, f.col, f.code) for f in check_file(str(file), Options()).findings]
            got = [(d.range.start.line + 1, str(d.code)) for d in diags]  # messages: in the file's language
            last = len(re.split(r"\r\n|\r|\n", text))  # a position past the end is shown on the last line
            assert sorted(got) == sorted((min(e[0], last), e[2]) for e in expected), name
            await client.lsp.text_document_hover_async(
                types.HoverParams(text_document=doc(uri), position=types.Position(line=5, character=3))
            )
            await client.lsp.text_document_document_symbol_async(
                types.DocumentSymbolParams(text_document=doc(uri))
            )
            client.lsp.text_document_did_close(types.DidCloseTextDocumentParams(text_document=doc(uri)))
            assert client.alive, name
            assert not client.stderr, (name, "".join(client.stderr))

    run(scenario)


def test_without_pygls_the_command_says_how_to_install_it() -> None:
    hide = (
        "import sys\n"
        "class Hide:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('pygls', 'lsprotocol'):\n"
        "            raise ImportError(name)\n"
        "sys.meta_path.insert(0, Hide())\n"
        "from blueprint.cli import main\n"
        "main(['lsp'])\n"
    )
    done = subprocess.run([sys.executable, "-c", hide], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "blueprint: the language server needs pygls; install it with: pip install 'blueprint-fmea[lsp]'"
    ]

"""The requests an editor makes of ``blueprint lsp``, over stdio with a real client.

Expected values are independent of the server: scores and money from ``blueprint fmea
--format json`` in another process and from the ratings in the file, ranges from the
file's own text, formatting from ``blueprint fmt``, fixes judged by ``blueprint check``.
"""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types

from tests.conftest import ROOT, blueprint_cmd
from tests.helpers import needs_dot
from tests.lsp.client import Client
from tests.lsp.test_server import COFFEE, check_json, doc, pos, run


def fixed_text() -> str:
    text = COFFEE.read_text(encoding="utf-8")
    return text.replace("[tak-order]", "[take-order]").replace("phase: serv\n", "phase: serve\n")


def apply(text: str, edits: list[types.TextEdit]) -> str:
    """Apply edits (positions in an ASCII text) from the last to the first."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)

    def at(p: types.Position) -> int:
        return min(offsets[min(p.line, len(lines))] + p.character, len(text))

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: at(edit.range.start)] + edit.new_text + text[at(edit.range.end) :]
    return text


def hover_text(result: types.Hover | None) -> str:
    assert result is not None and isinstance(result.contents, types.MarkupContent)
    return result.contents.value.replace("\\", "")


def test_hover_on_a_failure_and_on_a_step(tmp_path: Path) -> None:
    text = fixed_text()
    file = tmp_path / "coffee.blueprint.yaml"
    file.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [*blueprint_cmd(), "fmea", "--format", "json", str(file)], capture_output=True, text=True
    )
    facts = {f["id"]: f for f in json.loads(done.stdout)["failures"]}

    async def scenario(client: Client) -> None:
        uri = file.as_uri()
        client.open(uri, text)
        await client.diagnostics_for(uri)
        params = types.HoverParams(text_document=doc(uri), position=pos(text, "occurrence: 7"))
        shown = hover_text(await client.lsp.text_document_hover_async(params))
        assert "wrong-drink" in shown and "S 8 · O 7 · D 8 · RPN 448 · AP H" in shown
        assert f"{facts['wrong-drink']['at_risk']:,.0f} EUR" in shown  # 53,775 EUR a year
        assert "Customer takes the cup (hand-over)" in shown
        assert "Residual: none yet" in shown
        params = types.HoverParams(text_document=doc(uri), position=pos(text, "mode: Till is down"))
        shown = hover_text(await client.lsp.text_document_hover_async(params))
        assert "S 6 · O 3 · D 2 · RPN 36" in shown
        assert (
            f"Residual (done actions): S 6 · O 3 · D 1 · RPN 18 · AP {facts['till-down']['residual']['ap']}"
            in shown
        )
        assert "Planned residual (open actions): S 6 · O 1 · D 1 · RPN 6" in shown
        params = types.HoverParams(text_document=doc(uri), position=pos(text, "Customer takes the cup"))
        shown = hover_text(await client.lsp.text_document_hover_async(params))
        felt = [f for f in facts.values() if "hand-over" in f["surfaces_at"]]
        assert f"Failures felt here: {len(felt)}, worst AP H" in shown
        assert all(f["id"] in shown for f in felt)

    run(scenario)


def token_at(text: str, location: types.Location) -> str:
    r = location.range
    return text.split("\n")[r.start.line][r.start.character : r.end.character]


def test_definition_and_references_follow_ids() -> None:
    text = COFFEE.read_text(encoding="utf-8")

    async def scenario(client: Client) -> None:
        uri = COFFEE.as_uri()
        client.open(uri, text)
        await client.diagnostics_for(uri)
        lsp = client.lsp
        at_ref = pos(text, "next: [brew]", offset=8)
        found = await lsp.text_document_definition_async(
            types.DefinitionParams(text_document=doc(uri), position=at_ref)
        )
        assert isinstance(found, list) and len(found) == 1
        assert found[0].range.start == pos(text, "id: brew", offset=4) and token_at(text, found[0]) == "brew"
        at_phase = pos(text, "phase: order", nth=1, offset=8)
        found = await lsp.text_document_definition_async(
            types.DefinitionParams(text_document=doc(uri), position=at_phase)
        )
        assert isinstance(found, list) and found[0].range.start == pos(text, "{id: order", offset=5)
        uses = pos(text, "uses: [till]", offset=8)
        found = await lsp.text_document_definition_async(
            types.DefinitionParams(text_document=doc(uri), position=uses)
        )
        assert isinstance(found, list) and found[0].range.start == pos(text, "id: till", offset=4)
        refs = await lsp.text_document_references_async(
            types.ReferenceParams(
                text_document=doc(uri),
                position=pos(text, "id: brew", offset=5),
                context=types.ReferenceContext(include_declaration=True),
            )
        )
        assert refs is not None
        assert sorted((r.range.start.line, token_at(text, r)) for r in refs) == [
            (pos(text, "[brew]").line, "brew"),
            (pos(text, "id: brew").line, "brew"),
        ]
        refs = await lsp.text_document_references_async(
            types.ReferenceParams(
                text_document=doc(uri),
                position=at_phase,
                context=types.ReferenceContext(include_declaration=False),
            )
        )
        assert refs is not None and len(refs) == text.count("phase: order")

    run(scenario)


def test_navigation_into_included_files(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "shop.blueprint.yaml").write_text(
        "blueprint: 1\ntitle: Shop systems\nsteps:\n  - id: pos\n    lane: support\n    title: Till\n"
        "    failures:\n      - {id: card-declined-std, mode: Card declined,"
        " severity: 6, occurrence: 3, detection: 4}\n",
        encoding="utf-8",
    )
    text = (
        "blueprint: 1\ntitle: Shop\ninclude: [shared/shop.blueprint.yaml]\nsteps:\n"
        "  - id: pay\n    lane: customer\n    title: Pay\n    uses: [pos]\n    failures:\n"
        "      - id: card-declined\n        from: card-declined-std\n"
    )
    journey = tmp_path / "journey.blueprint.yaml"

    async def scenario(client: Client) -> None:
        uri = journey.as_uri()
        client.open(uri, text)
        await client.diagnostics_for(uri)
        want = [
            (pos(text, "shared/shop", offset=2), (shared / "shop.blueprint.yaml").as_uri(), 0),
            (pos(text, "[pos]", offset=1), (shared / "shop.blueprint.yaml").as_uri(), 3),
            (pos(text, "card-declined-std", offset=3), (shared / "shop.blueprint.yaml").as_uri(), 7),
        ]
        for where, target, line in want:
            params = types.DefinitionParams(text_document=doc(uri), position=where)
            found = await client.lsp.text_document_definition_async(params)
            assert isinstance(found, list) and found, where
            assert found[0].uri == target and found[0].range.start.line == line

    run(scenario)


def labels(result: Any) -> set[str]:
    items = result.items if isinstance(result, types.CompletionList) else result
    return {i.label for i in items}


def test_completion_offers_ids_lanes_statuses_and_keys() -> None:
    base = fixed_text()
    schema = json.loads((ROOT / "schemas" / "blueprint.schema.json").read_text())
    failure_keys = set(schema["$defs"]["failure"]["properties"])
    cases = [
        (
            base.replace("lane: backstage", "lane: ba"),
            "lane: ba",
            8,
            {"customer", "frontstage", "backstage", "support"},
        ),
        (base.replace("status: open", "status: "), "status: ", 8, {"open", "in-progress", "done", "dropped"}),
        (
            base.replace("next: [brew]", "next: [br]"),
            "next: [br",
            9,
            {"ask", "take-order", "brew", "hand-over", "till"},
        ),
        (base.replace("phase: serve\n", "phase: s\n", 1), "phase: s\n", 8, {"order", "serve"}),
        (
            base.replace("        detection: 8\n", "        detection: 8\n        sev\n"),
            "        sev",
            11,
            failure_keys,
        ),
    ]

    async def scenario(client: Client) -> None:
        uri = COFFEE.as_uri()
        client.open(uri, base)
        await client.diagnostics_for(uri)
        for text, needle, offset, expected in cases:
            client.change(uri, text)
            params = types.CompletionParams(text_document=doc(uri), position=pos(text, needle, offset=offset))
            assert labels(await client.lsp.text_document_completion_async(params)) == expected, needle

    run(scenario)


def test_document_symbols_outline_phases_steps_and_failures() -> None:
    text = COFFEE.read_text(encoding="utf-8")

    async def scenario(client: Client) -> None:
        uri = COFFEE.as_uri()
        client.open(uri, text)
        await client.diagnostics_for(uri)
        found = await client.lsp.text_document_document_symbol_async(
            types.DocumentSymbolParams(text_document=doc(uri))
        )
        assert found is not None
        tops = [(s.name, s.kind) for s in found if isinstance(s, types.DocumentSymbol)]
        assert [name for name, _ in tops] == [
            "order",
            "serve",
            "ask",
            "take-order",
            "brew",
            "hand-over",
            "till",
        ]
        brew = next(s for s in found if isinstance(s, types.DocumentSymbol) and s.name == "brew")
        assert [c.name for c in brew.children or []] == ["wrong-drink"]
        assert brew.range.start.line == pos(text, "- id: brew").line
        assert brew.range.end.line == pos(text, "detection: 8").line

    run(scenario)


@pytest.mark.slow
def test_code_actions_fix_what_check_reports(tmp_path: Path) -> None:
    text = COFFEE.read_text(encoding="utf-8")

    async def scenario(client: Client) -> None:
        uri = COFFEE.as_uri()
        client.open(uri, text)
        diags = await client.diagnostics_for(uri)
        for code, title_part in (
            ("BP003", "Replace with 'take-order'"),
            ("BP004", "Replace with 'serve'"),
            ("BP007", "action stub"),
        ):
            d = next(d for d in diags if d.code == code)
            params = types.CodeActionParams(
                text_document=doc(uri), range=d.range, context=types.CodeActionContext(diagnostics=[d])
            )
            actions = await client.lsp.text_document_code_action_async(params)
            assert actions, code
            action = next(a for a in actions if isinstance(a, types.CodeAction) and title_part in a.title)
            assert action.edit is not None and action.edit.changes is not None
            fixed = apply(text, list(action.edit.changes[uri]))
            file = tmp_path / f"{code}.blueprint.yaml"
            file.write_text(fixed, encoding="utf-8")
            after = check_json(file)
            assert code not in {f["code"] for f in after}, (code, fixed)
            assert not [f for f in after if f["code"] in ("BP000", "BP001")]
            assert len(after) == len(diags) - 1 or code == "BP003"

    run(scenario)


def test_a_lane_typo_is_replaced_with_the_suggestion(tmp_path: Path) -> None:
    text = fixed_text().replace("lane: backstage", "lane: backstag")

    async def scenario(client: Client) -> None:
        uri = (tmp_path / "typo.blueprint.yaml").as_uri()
        client.open(uri, text)
        diags = await client.diagnostics_for(uri)
        assert [(d.code, d.range.start) for d in diags] == [("BP001", pos(text, "backstag"))]
        params = types.CodeActionParams(
            text_document=doc(uri), range=diags[0].range, context=types.CodeActionContext(diagnostics=diags)
        )
        actions = await client.lsp.text_document_code_action_async(params)
        assert actions and isinstance(actions[0], types.CodeAction)
        assert actions[0].title == "Replace with 'backstage'"
        assert actions[0].edit is not None and actions[0].edit.changes is not None
        assert apply(text, list(actions[0].edit.changes[uri])) == fixed_text()

    run(scenario)


def test_formatting_gives_what_blueprint_fmt_writes(tmp_path: Path) -> None:
    text = fixed_text().replace("  - id: ask\n    lane: customer\n", "  - lane: customer\n    id: ask\n")
    file = tmp_path / "coffee.blueprint.yaml"
    file.write_text(text, encoding="utf-8")
    subprocess.run([*blueprint_cmd(), "fmt", str(file)], check=True, capture_output=True)
    expected = file.read_text(encoding="utf-8")
    assert expected != text

    async def scenario(client: Client) -> None:
        uri = file.as_uri()
        client.open(uri, text)
        await client.diagnostics_for(uri)
        params = types.DocumentFormattingParams(
            text_document=doc(uri), options=types.FormattingOptions(tab_size=2, insert_spaces=True)
        )
        edits = await client.lsp.text_document_formatting_async(params)
        assert edits and apply(text, list(edits)) == expected
        client.change(uri, expected)
        await client.diagnostics_for(uri)
        assert not await client.lsp.text_document_formatting_async(params)

    run(scenario)


@needs_dot
def test_render_svg_request_gives_the_diagram() -> None:
    text = fixed_text()

    async def scenario(client: Client) -> None:
        uri = COFFEE.as_uri()
        client.open(uri, text)
        await client.diagnostics_for(uri)
        result = await client.lsp.protocol.send_request_async("blueprint/renderSvg", {"uri": uri})
        svg = result.svg if hasattr(result, "svg") else result["svg"]
        assert svg, result
        root = ET.fromstring(svg)
        assert root.tag.endswith("svg")
        assert "Brew the coffee" in "".join(root.itertext())

    run(scenario)


def test_hover_on_a_cause_shows_its_chain_with_the_planned_residual_the_table_shows(tmp_path: Path) -> None:
    from tests.helpers import pharmacy_text

    text = pharmacy_text().replace(
        "              - {title: Barcode scan at the counter, owner: Pharmacy lead, status: open}",
        "              - {title: Barcode scan at the counter, owner: Pharmacy lead, status: open,\n"
        "                 revised: {severity: 10, occurrence: 1, detection: 2}}",
    )
    file = tmp_path / "p.blueprint.yaml"
    file.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [*blueprint_cmd(), "fmea", "--format", "json", str(file)], capture_output=True, text=True
    )
    wrong = next(f for f in json.loads(done.stdout)["failures"] if f["id"] == "wrong-drug")
    typed = next(c for c in wrong["causes"] if c["id"] == "wrong-drug.2")
    assert typed["planned"] is not None

    def planned(p: dict[str, Any]) -> str:
        return f"S {p['severity']} · O {p['occurrence']} · D {p['detection']} · RPN {p['rpn']} · AP {p['ap']}"

    async def scenario(client: Client) -> None:
        uri = file.as_uri()
        client.open(uri, text)
        await client.diagnostics_for(uri)
        at_cause = pos(text, "cause: Prescription typed in the wrong field")
        shown = hover_text(await client.lsp.text_document_hover_async(types.HoverParams(doc(uri), at_cause)))
        assert "Failure chain wrong-drug.2" in shown
        assert "S 10 · O 3 · D 5 · RPN 150" in shown  # the chain's own ratings
        assert f"Planned residual (open actions): {planned(typed['planned'])}" in shown
        at_mode = pos(text, "mode: Wrong drug handed over")
        shown = hover_text(await client.lsp.text_document_hover_async(types.HoverParams(doc(uri), at_mode)))
        assert "Failure chain" not in shown
        assert f"Planned residual (open actions): {planned(wrong['planned'])}" in shown

    run(scenario)

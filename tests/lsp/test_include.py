"""The language server on a journey that includes a shared file: the journey's own
diagnostics (as ``check`` gives them for that file), none of the shared file's, also while typing."""

from __future__ import annotations

import shutil
from pathlib import Path

from lsprotocol import types

from tests.conftest import DATA
from tests.lsp.client import Client
from tests.lsp.test_server import pos, run


def test_diagnostics_of_a_journey_with_include(tmp_path: Path) -> None:
    shutil.copytree(DATA / "shared", tmp_path / "shop")
    journey = tmp_path / "shop" / "visit.blueprint.yaml"
    text = journey.read_text(encoding="utf-8")

    async def scenario(client: Client) -> None:
        uri = journey.as_uri()
        client.open(uri, text)
        assert await client.diagnostics_for(uri) == []  # the shared file's BP007 is its own
        start = pos(text, "[crm]", offset=1)
        end = types.Position(start.line, start.character + 3)
        client.change(uri, "crn", types.Range(start, end))  # typing inside one step
        diags = await client.diagnostics_for(uri)
        assert [(d.code, d.range.start.line) for d in diags] == [("BP003", start.line)]
        assert "did you mean 'crm'" in diags[0].message
        client.change(uri, text)
        assert await client.diagnostics_for(uri) == []
        assert client.alive

    run(scenario)

"""A real LSP client over stdio for the tests and the benchmark (pygls's client, via pytest-lsp)."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.client import LanguageClient

ROOT = Path(__file__).resolve().parents[2]


def server_command() -> list[str]:
    """``blueprint lsp`` from the installed console command, else ``python -m blueprint``."""
    script = Path(sys.executable).with_name("blueprint")
    return [str(script), "lsp"] if script.exists() else [sys.executable, "-m", "blueprint", "lsp"]


class Client:
    """A started server with the documents this client opened; waits for their diagnostics."""

    def __init__(self) -> None:
        self.lsp = LanguageClient("blueprint-tests", "1")
        self.diagnostics: dict[str, tuple[int | None, list[types.Diagnostic]]] = {}
        self.versions: dict[str, int] = {}
        self.changed = asyncio.Event()
        self.messages: list[str] = []

        @self.lsp.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def publish(params: types.PublishDiagnosticsParams) -> None:
            self.diagnostics[params.uri] = (params.version, list(params.diagnostics))
            self.changed.set()

        @self.lsp.feature(types.WINDOW_SHOW_MESSAGE)
        def show(params: types.ShowMessageParams) -> None:
            self.messages.append(params.message)

        @self.lsp.feature(types.WINDOW_LOG_MESSAGE)
        def log(params: types.LogMessageParams) -> None:
            self.messages.append(params.message)

    async def start(
        self, cwd: str | None = None, encodings: list[str] | None = None
    ) -> types.InitializeResult:
        command = server_command()
        await self.lsp.start_io(command[0], *command[1:], cwd=cwd)
        self.stderr: list[str] = []
        self.drain = asyncio.create_task(self._drain())
        general = types.GeneralClientCapabilities(position_encodings=encodings) if encodings else None
        result = await self.lsp.initialize_async(
            types.InitializeParams(
                capabilities=types.ClientCapabilities(general=general),
                root_uri=ROOT.as_uri(),
            )
        )
        self.lsp.initialized(types.InitializedParams())
        return result

    async def _drain(self) -> None:
        """Read the server's standard error (a full pipe would block the server)."""
        server = self.lsp._server
        assert server is not None and server.stderr is not None
        while line := await server.stderr.readline():
            self.stderr.append(line.decode("utf-8", "replace"))

    async def stop(self) -> None:
        await self.lsp.shutdown_async(None)
        self.lsp.exit(None)
        await self.lsp.stop()

    @property
    def alive(self) -> bool:
        server = self.lsp._server
        return server is not None and server.returncode is None

    def open(self, uri: str, text: str) -> None:
        self.versions[uri] = 1
        self.lsp.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)
            )
        )

    def change(self, uri: str, text: str, where: types.Range | None = None) -> None:
        """Replace the whole text, or ``where`` with ``text`` (an incremental change)."""
        self.versions[uri] += 1
        event: Any = (
            types.TextDocumentContentChangeWholeDocument(text=text)
            if where is None
            else types.TextDocumentContentChangePartial(range=where, text=text)
        )
        self.lsp.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
                content_changes=[event],
            )
        )

    async def diagnostics_for(self, uri: str, timeout: float = 60.0) -> list[types.Diagnostic]:
        """The diagnostics published for the document's latest version."""

        async def wait() -> list[types.Diagnostic]:
            while True:
                got = self.diagnostics.get(uri)
                if got is not None and got[0] == self.versions.get(uri):
                    return got[1]
                self.changed.clear()
                await self.changed.wait()

        return await asyncio.wait_for(wait(), timeout)

    def forget(self, uri: str) -> None:
        self.diagnostics.pop(uri, None)

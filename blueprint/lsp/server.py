"""The pygls server: documents in, diagnostics out, and the requests an editor makes.

Every handler works on the document's latest :class:`~blueprint.lsp.state.Snapshot`
(analysed on open and save, and after a short pause on change) or, while the text does
not parse, on the last one that did. A handler never lets an exception reach the client
as a crash: it logs the problem and answers nothing.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from blueprint import __version__
from blueprint.i18n import t
from blueprint.lsp import features
from blueprint.lsp.settings import Settings, SettingsFor, defaults
from blueprint.lsp.state import Snapshot, analyse

#: seconds without a change before a changed document is analysed
DEBOUNCE = 0.015
#: seconds without work before the cyclic garbage collector runs once
IDLE_COLLECT = 5.0
#: the custom request an editor's preview sends: ``{"uri"}`` -> ``{"svg", "error"}``
RENDER_SVG = "blueprint/renderSvg"

log = logging.getLogger(__name__)
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(eq=False)
class Document:
    """What the server keeps for one open document."""

    uri: str
    path: str
    display: str
    settings: Settings
    snapshot: Snapshot | None = None
    #: the latest snapshot that parsed as a blueprint (requests fall back to it)
    good: Snapshot | None = None
    pending: asyncio.Task[None] | None = None
    told: bool = False


class BlueprintServer(LanguageServer):
    """The language server with its open documents."""

    def __init__(self, settings_for: SettingsFor = defaults) -> None:
        super().__init__(
            "blueprint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental
        )
        self.documents: dict[str, Document] = {}
        self.settings_for = settings_for
        self.idle: asyncio.TimerHandle | None = None

    @property
    def encoding(self) -> str:
        value = self.workspace.position_encoding
        return str(getattr(value, "value", value) or "utf-16")

    def open(self, uri: str) -> Document:
        from blueprint.common.paths import display_path

        path = to_fs_path(uri) or uri
        doc = Document(uri, path, display_path(path), self.settings_for(path))
        self.documents[uri] = doc
        return doc

    def refresh(self, doc: Document) -> Snapshot:
        """Analyse the document's current text now and publish its diagnostics."""
        if doc.pending is not None:
            doc.pending.cancel()
            doc.pending = None
        text_doc = self.workspace.get_text_document(doc.uri)
        previous = doc.snapshot if doc.snapshot is not None and doc.snapshot.source is not None else doc.good
        snap = analyse(text_doc.source, doc.display, doc.settings.options, previous)
        doc.snapshot = snap
        if snap.loaded is not None:
            doc.good = snap
        if snap.crash:
            self.window_log_message(types.LogMessageParams(type=types.MessageType.Error, message=snap.crash))
        self.publish(doc, text_doc.version)
        self.notice(doc)
        self.collect_later()
        return snap

    def publish(self, doc: Document, version: int | None) -> None:
        snap = doc.snapshot
        if snap is None:
            return
        lang = (doc.good or snap).language
        diags = [] if doc.settings.excluded else features.diagnostics(snap, self.encoding, lang)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=doc.uri, diagnostics=diags, version=version)
        )

    def notice(self, doc: Document) -> None:
        if doc.settings.problem and not doc.told:
            doc.told = True
            text = t("lsp.config", "en", reason=doc.settings.problem)
            self.window_show_message(types.ShowMessageParams(type=types.MessageType.Warning, message=text))

    def later(self, doc: Document) -> None:
        """Analyse after :data:`DEBOUNCE` seconds unless another change comes first."""
        if doc.pending is not None:
            doc.pending.cancel()

        async def run() -> None:
            await asyncio.sleep(DEBOUNCE)
            doc.pending = None
            self.refresh(doc)

        doc.pending = asyncio.get_running_loop().create_task(run())

    def current(self, uri: str) -> Document | None:
        """The document with any pending change analysed."""
        doc = self.documents.get(uri)
        if doc is not None and (doc.pending is not None or doc.snapshot is None):
            self.refresh(doc)
        return doc

    def collect_later(self) -> None:
        """Collect cycles once when idle, then freeze what survives (the analysis is acyclic)."""
        if self.idle is not None:
            self.idle.cancel()

        def collect() -> None:
            gc.collect()
            gc.freeze()

        self.idle = asyncio.get_running_loop().call_later(IDLE_COLLECT, collect)


def guarded(default: Any = None) -> Callable[[F], F]:
    """Log any exception of a handler and answer ``default``: text never stops the server."""

    def wrap(handler: F) -> F:
        if asyncio.iscoroutinefunction(handler):

            @functools.wraps(handler)
            async def run_async(*args: Any) -> Any:
                try:
                    return await handler(*args)
                except Exception:
                    log.exception("%s failed", handler.__name__)
                    return default

            return run_async  # type: ignore[return-value]

        @functools.wraps(handler)
        def run(*args: Any) -> Any:
            try:
                return handler(*args)
            except Exception:
                log.exception("%s failed", handler.__name__)
                return default

        return run  # type: ignore[return-value]

    return wrap


def build_server(settings_for: SettingsFor = defaults) -> BlueprintServer:
    """The server with every feature registered."""
    server = BlueprintServer(settings_for)
    features.register(server, guarded)
    return server


def run(settings_for: SettingsFor = defaults) -> None:
    """Serve on standard input and output until the client says exit."""
    logging.basicConfig(level=logging.WARNING, format="blueprint lsp: %(message)s")
    build_server(settings_for).start_io()

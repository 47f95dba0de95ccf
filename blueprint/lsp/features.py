"""The LSP features, each answered from a document's snapshot."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from lsprotocol import types

from blueprint.i18n import msg, t
from blueprint.lsp import diagnostics as diag
from blueprint.lsp.ranges import cursor, path_range, token_range
from blueprint.lsp.text import split_lines, to_client

Handler = Callable[..., Any]
Decorator = Callable[[Handler], Handler]

if TYPE_CHECKING:
    from blueprint.load.source import Source
    from blueprint.lsp.navigation import Target
    from blueprint.lsp.server import BlueprintServer, Document
    from blueprint.lsp.state import Snapshot


def diagnostics(snap: Snapshot, encoding: str, lang: str) -> list[types.Diagnostic]:
    return diag.diagnostics(snap.findings, snap.lines, encoding, lang)


def _parsed(doc: Document | None) -> Snapshot | None:
    """The latest snapshot with a parsed document, else the last good one."""
    if doc is None:
        return None
    if doc.snapshot is not None and doc.snapshot.source is not None:
        return doc.snapshot
    return doc.good


def _modelled(doc: Document | None) -> Snapshot | None:
    """The latest snapshot with a model, else the last good one that had one."""
    if doc is None:
        return None
    for snap in (doc.snapshot, doc.good):
        if snap is not None and snap.blueprint is not None:
            return snap
    return None


def _location(uri: str, lines: list[str], source: Source, path: Any, encoding: str) -> types.Location:
    line, col = source.pos(path)
    return types.Location(uri=uri, range=token_range(lines, line, col, encoding))


def _definitions(
    server: BlueprintServer, doc: Document, snap: Snapshot, target: Target
) -> list[types.Location]:
    from pygls.uris import from_fs_path

    from blueprint.lsp import navigation as nav

    enc = server.encoding
    if target.kind == "file":
        path = nav.include_path(doc.path, target.name)
        start = types.Position(0, 0)
        return [types.Location(uri=from_fs_path(path) or path, range=types.Range(start, start))]
    assert snap.source is not None
    found = [
        types.Location(uri=doc.uri, range=path_range(snap, p, enc))
        for p in nav.definitions(snap.source, target)
    ]
    if not found:
        for path, source in nav.included(snap, doc.path):
            lines = split_lines(source.text)
            uri = from_fs_path(path) or path
            found += [_location(uri, lines, source, p, enc) for p in nav.definitions(source, target)]
    return found


def did_open(ls: BlueprintServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.refresh(ls.open(params.text_document.uri))


def did_change(ls: BlueprintServer, params: types.DidChangeTextDocumentParams) -> None:
    doc = ls.documents.get(params.text_document.uri) or ls.open(params.text_document.uri)
    ls.later(doc)


def did_save(ls: BlueprintServer, params: types.DidSaveTextDocumentParams) -> None:
    doc = ls.documents.get(params.text_document.uri) or ls.open(params.text_document.uri)
    doc.settings = ls.settings_for(doc.path)  # the configuration may have changed too
    ls.refresh(doc)


def did_close(ls: BlueprintServer, params: types.DidCloseTextDocumentParams) -> None:
    doc = ls.documents.pop(params.text_document.uri, None)
    if doc is not None and doc.pending is not None:
        doc.pending.cancel()
    ls.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[])
    )


def hover(ls: BlueprintServer, params: types.HoverParams) -> types.Hover | None:
    from blueprint.lsp.hover import hover as make

    snap = _modelled(ls.current(params.text_document.uri))
    if snap is None:
        return None
    line, _ = cursor(snap, params.position, ls.encoding)
    return make(snap, line)


def definition(ls: BlueprintServer, params: types.DefinitionParams) -> list[types.Location] | None:
    from blueprint.lsp.navigation import target_at

    doc = ls.current(params.text_document.uri)
    snap = _parsed(doc)
    if doc is None or snap is None:
        return None
    target = target_at(snap, *cursor(snap, params.position, ls.encoding))
    return _definitions(ls, doc, snap, target) or None if target is not None else None


def references(ls: BlueprintServer, params: types.ReferenceParams) -> list[types.Location] | None:
    from blueprint.lsp import navigation as nav

    doc = ls.current(params.text_document.uri)
    snap = _parsed(doc)
    if doc is None or snap is None or snap.source is None:
        return None
    target = nav.target_at(snap, *cursor(snap, params.position, ls.encoding))
    if target is None or target.kind == "file":
        return None
    paths = list(nav.definitions(snap.source, target)) if params.context.include_declaration else []
    paths += nav.references(snap.source, target)
    return [types.Location(uri=doc.uri, range=path_range(snap, p, ls.encoding)) for p in paths]


def completion(ls: BlueprintServer, params: types.CompletionParams) -> types.CompletionList | None:
    from blueprint.lsp.completion import complete

    doc = ls.documents.get(params.text_document.uri)
    snap = _parsed(doc)
    lines = split_lines(ls.workspace.get_text_document(params.text_document.uri).source)
    row = min(max(0, params.position.line), len(lines) - 1)
    from blueprint.lsp.text import from_client

    col = from_client(lines[row], params.position.character, ls.encoding)
    data = snap.source.data if snap is not None and snap.source is not None else None
    return types.CompletionList(is_incomplete=False, items=complete(lines, row, col, data))


def document_symbol(ls: BlueprintServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
    from blueprint.lsp.symbols import symbols

    snap = _parsed(ls.current(params.text_document.uri))
    return symbols(snap, ls.encoding) if snap is not None else []


def code_action(ls: BlueprintServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
    from blueprint.lsp.actions import code_actions

    doc = ls.current(params.text_document.uri)
    if doc is None or doc.snapshot is None:
        return None
    return code_actions(doc.snapshot, doc.uri, params.range, ls.encoding) or None


def formatting(ls: BlueprintServer, params: types.DocumentFormattingParams) -> list[types.TextEdit] | None:
    doc = ls.current(params.text_document.uri)
    if doc is None or doc.snapshot is None:
        return None
    return _format(ls, doc, doc.snapshot)


async def render_svg(ls: BlueprintServer, params: Any) -> dict[str, Any]:
    doc = ls.current(str(getattr(params, "uri", "")))
    snap = _modelled(doc)
    if snap is None or snap.loaded is None:
        return {"svg": None, "error": t("lsp.cannot_render", "en", reason="not a usable blueprint")}
    return await asyncio.to_thread(_render, snap)


def register(server: BlueprintServer, guarded: Callable[..., Decorator]) -> None:
    """Register every feature on ``server``, each handler wrapped by ``guarded``."""
    from blueprint.lsp.server import RENDER_SVG

    completion_options = types.CompletionOptions(trigger_characters=[" ", "[", ",", "-"])
    action_options = types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix])
    table: list[tuple[str, Any, Handler, Any]] = [
        (types.TEXT_DOCUMENT_DID_OPEN, None, did_open, None),
        (types.TEXT_DOCUMENT_DID_CHANGE, None, did_change, None),
        (types.TEXT_DOCUMENT_DID_SAVE, None, did_save, None),
        (types.TEXT_DOCUMENT_DID_CLOSE, None, did_close, None),
        (types.TEXT_DOCUMENT_HOVER, None, hover, None),
        (types.TEXT_DOCUMENT_DEFINITION, None, definition, None),
        (types.TEXT_DOCUMENT_REFERENCES, None, references, None),
        (types.TEXT_DOCUMENT_COMPLETION, completion_options, completion, None),
        (types.TEXT_DOCUMENT_DOCUMENT_SYMBOL, None, document_symbol, []),
        (types.TEXT_DOCUMENT_CODE_ACTION, action_options, code_action, None),
        (types.TEXT_DOCUMENT_FORMATTING, None, formatting, None),
        (RENDER_SVG, None, render_svg, {"svg": None, "error": "internal error"}),
    ]
    for method, options, handler, default in table:
        server.feature(method, options)(guarded(default)(handler))


def _format(ls: BlueprintServer, doc: Document, snap: Snapshot) -> list[types.TextEdit] | None:
    from blueprint.errors import BlueprintError
    from blueprint.load.fmt import format_text
    from blueprint.load.loader import require_valid

    text = snap.text
    try:
        if snap.loaded is None:
            first = snap.findings[0].text_in(snap.language) if snap.findings else None
            raise BlueprintError.worded(msg("lsp.not_blueprint")) if first is None else BlueprintError(first)
        require_valid(snap.loaded)
        formatted = format_text(text.replace("\r\n", "\n"), doc.display)
    except BlueprintError as exc:
        message = t("lsp.cannot_format", snap.language, reason=exc.text_in(snap.language))
        ls.window_show_message(types.ShowMessageParams(type=types.MessageType.Warning, message=message))
        return None
    if "\r\n" in text:
        formatted = formatted.replace("\n", "\r\n")
    if formatted == text:
        return []
    last = len(snap.lines) - 1
    end = types.Position(last, to_client(snap.lines[last], len(snap.lines[last]), ls.encoding))
    return [types.TextEdit(range=types.Range(types.Position(0, 0), end), new_text=formatted)]


def _render(snap: Snapshot) -> dict[str, Any]:
    from blueprint.errors import BlueprintError
    from blueprint.load.loader import require_valid
    from blueprint.render import RenderOptions, render

    assert snap.loaded is not None
    try:
        require_valid(snap.loaded)
        if snap.analysis is None:
            raise BlueprintError.worded(msg("lsp.unusable"))
        svg = render(snap.analysis, RenderOptions(fmt="svg", lang=snap.language))
    except BlueprintError as exc:
        return {
            "svg": None,
            "error": t("lsp.cannot_render", snap.language, reason=exc.text_in(snap.language)),
        }
    return {"svg": svg.decode("utf-8"), "error": None}

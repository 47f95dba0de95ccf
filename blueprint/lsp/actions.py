"""Code actions: did-you-mean replacements and an action stub for an unaddressed H risk."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lsprotocol import types

from blueprint.i18n import t
from blueprint.lsp.diagnostics import diagnostic, suggestion
from blueprint.lsp.ranges import token_range
from blueprint.lsp.text import to_client

if TYPE_CHECKING:
    from blueprint.findings import Finding
    from blueprint.lsp.state import Snapshot
    from blueprint.model import Failure

#: the rule whose findings get an action stub
UNADDRESSED = "BP007"


def _overlaps(a: types.Range, b: types.Range) -> bool:
    return (a.start.line, a.start.character) <= (b.end.line, b.end.character) and (
        b.start.line,
        b.start.character,
    ) <= (a.end.line, a.end.character)


def code_actions(snap: Snapshot, uri: str, wanted: types.Range, encoding: str) -> list[types.CodeAction]:
    """The fixes for the findings whose token overlaps ``wanted``."""
    lang = snap.language
    out = []
    for finding in snap.findings:
        where = token_range(snap.lines, finding.line, finding.col, encoding)
        if not _overlaps(where, wanted):
            continue
        diag = diagnostic(finding, snap.lines, encoding, lang)
        hint = suggestion(finding)
        if hint is not None:
            edit = types.TextEdit(range=where, new_text=hint)
            out.append(_action(t("lsp.action.replace", lang, hint=hint), uri, [edit], diag, preferred=True))
        if finding.code == UNADDRESSED:
            stub = action_stub(snap, finding, encoding)
            if stub is not None:
                failure_id = finding.key
                out.append(_action(t("lsp.action.stub", lang, id=failure_id), uri, [stub], diag))
    return out


def _action(
    title: str, uri: str, edits: list[types.TextEdit], diag: types.Diagnostic, *, preferred: bool = False
) -> types.CodeAction:
    return types.CodeAction(
        title=title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diag],
        is_preferred=preferred or None,
        edit=types.WorkspaceEdit(changes={uri: edits}),
    )


def _failure(snap: Snapshot, failure_id: str) -> Failure | None:
    bp = snap.blueprint
    if bp is None:
        return None
    return next((f for f in bp.failures if f.id == failure_id), None)


def action_stub(snap: Snapshot, finding: Finding, encoding: str) -> types.TextEdit | None:
    """An edit adding ``actions: [{title, status: open}]`` to the failure, in block style."""
    failure = _failure(snap, finding.key)
    bp = snap.blueprint
    if failure is None or bp is None or snap.source is None:
        return None
    step = bp.step_index()[failure.step]
    path = ("steps", step.index, "failures", failure.index - 1)
    data: Any = snap.source.data["steps"][step.index]["failures"][failure.index - 1]
    row, col = failure.line - 1, failure.col - 1
    if snap.lines[row][col : col + 1] in ("{", "["):
        return None  # a flow mapping: no place for a block of lines
    title = t("lsp.action.title", snap.language)
    if "actions" in data:
        first = snap.source.positions.get((*path, "actions", 0))
        if not data["actions"] or first is None or snap.lines[first[0] - 1][first[1] - 1] in "{[":
            return None
        dash = " " * (first[1] - 3)
        text = f"{dash}- title: {title}\n{dash}  status: open\n"
        return _insert(snap.lines, first[0] - 1, text, encoding)
    indent = " " * col
    text = f"{indent}actions:\n{indent}  - title: {title}\n{indent}    status: open\n"
    return _insert(snap.lines, _end_row(snap.lines, row, col) + 1, text, encoding)


def _end_row(lines: list[str], row: int, indent: int) -> int:
    """The last row of the mapping whose keys start at ``indent`` and whose first key is on ``row``."""
    last = row
    for below in range(row + 1, len(lines)):
        stripped = lines[below].lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        if len(lines[below]) - len(stripped) < indent:
            break
        last = below
    return last


def _insert(lines: list[str], row: int, text: str, encoding: str) -> types.TextEdit:
    if row >= len(lines):  # after the last line, which has no line break of its own
        row = len(lines) - 1
        here = types.Position(row, to_client(lines[row], len(lines[row]), encoding))
        return types.TextEdit(range=types.Range(here, here), new_text="\n" + text.rstrip("\n"))
    here = types.Position(row, 0)
    return types.TextEdit(range=types.Range(here, here), new_text=text)

"""Find ```` ```blueprint ```` fences in Markdown and read what each one holds.

A block holds a path and ``name: value`` option lines, or the blueprint's YAML itself
(recognised by its ``blueprint:`` version key); options may also follow the word
``blueprint`` on the fence line as ``name=value``. Fences of other languages are skipped
whole, so a page can show a blueprint block inside a longer fence as an example.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from blueprint.docs.options import EmbedError
from blueprint.i18n import msg

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*?)[ \t]*$")
_OPTION = re.compile(r"^(?P<name>[a-z_]+)[ \t]*:[ \t]*(?P<value>.*)$")
_VERSION = re.compile(r"^blueprint[ \t]*:")


@dataclass(frozen=True)
class Block:
    """One blueprint fence: where it is (0-based line indexes) and what it holds."""

    start: int  # the opening fence line
    end: int  # the closing fence line (the last line when the fence is never closed)
    indent: str
    info: str  # what follows ``blueprint`` on the fence line
    body: tuple[str, ...]  # the lines inside, without the fence's indentation


@dataclass(frozen=True)
class Request:
    """A block read: a path or YAML text, and the options as written."""

    options: dict[str, str]
    path: str | None = None
    text: str | None = None
    text_line: int = 0  # 0-based index in the block's body of the YAML's first line


def _is_blueprint(info: str) -> bool:
    word = info.split(maxsplit=1)[0] if info.strip() else ""
    return word in ("blueprint", "{blueprint}", "{.blueprint}")


def _closes(line: str, fence: str) -> bool:
    m = _FENCE.match(line)
    return bool(m and not m["info"] and m["fence"][0] == fence[0] and len(m["fence"]) >= len(fence))


def find_blocks(lines: list[str]) -> list[Block]:
    """Every top-level blueprint fence in ``lines``, in order."""
    out: list[Block] = []
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if m is None:
            i += 1
            continue
        end = i + 1
        while end < len(lines) and not _closes(lines[end], m["fence"]):
            end += 1
        if _is_blueprint(m["info"]):
            indent = m["indent"]
            body = tuple(
                line[len(indent) :] if line.startswith(indent) else line.lstrip()
                for line in lines[i + 1 : end]
            )
            info = m["info"].split(maxsplit=1)
            out.append(Block(i, min(end, len(lines) - 1), indent, info[1] if len(info) > 1 else "", body))
        i = end + 1
    return out


def _info_options(info: str) -> dict[str, str]:
    options: dict[str, str] = {}
    for word in info.split():
        name, eq, value = word.partition("=")
        if not eq:
            raise EmbedError.worded(msg("docs.option.line", text=word))
        options[name] = value
    return options


def read_block(block: Block) -> Request:
    """What ``block`` asks for; a malformed block raises :class:`EmbedError`."""
    options = _info_options(block.info)
    body = list(block.body)
    if any(_VERSION.match(line) for line in body):
        first = next(i for i, line in enumerate(body) if line.strip())
        return Request(options, text="\n".join(body) + "\n", text_line=first)
    path: str | None = None
    for line in body:
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        m = _OPTION.match(stripped)
        if m is not None and not (path is None and m["name"] == "path"):
            options[m["name"]] = m["value"]
        elif path is None and m is not None:
            path = m["value"].strip()
        elif path is None:
            path = stripped
        else:
            raise EmbedError.worded(msg("docs.option.line", text=stripped))
    if not path:
        raise EmbedError.worded(msg("docs.nothing"))
    return Request(options, path=path)

"""YAML text -> plain Python data with a position for every value.

The document is composed straight from the parser's event stream (the C parser from
``ruamel.yaml.clib`` when installed, else ruamel's pure-Python parser). Building plain
dicts, lists and scalars ourselves is both safe and fast: no tag is ever constructed
into an object (only the core schema's scalars are resolved), duplicate keys are an
error, and aliases are bounded so an alias bomb is refused without being expanded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from blueprint.common.gcpause import paused_gc
from blueprint.errors import LoadError
from blueprint.i18n import Msg, msg

#: files larger than this are refused before parsing
MAX_BYTES = 50 * 1024 * 1024
#: mappings and sequences nested deeper than this are refused
MAX_DEPTH = 64
#: the number of nodes aliases may add, on top of the document's own
MAX_ALIAS_NODES = 100_000

Path = tuple[str | int, ...]

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT10 = re.compile(r"^[-+]?[0-9]+$")
_INT8 = re.compile(r"^0o[0-7]+$")
_INT16 = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")

_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "map", "seq")}


#: a plain scalar starting with none of these is text (most scalars: ids, titles)
_SPECIAL_START = frozenset("0123456789+-.~nNtTfF")
#: integers beyond this magnitude (more than 15 digits) are not numbers the tool uses
MAX_INT = 10**15 - 1


class BadNumber(str):
    """A plain scalar that YAML reads as a number no calculation can use: ``.inf``,
    ``.nan``, ``1e400`` or an integer of more than 15 digits. It stays the text the
    file says, so the schema rejects it wherever a number is wanted (BP001 at its line)
    and no arithmetic or JSON output ever meets a non-finite value."""

    __slots__ = ()


def _number(value: str, number: int | float) -> Any:
    if isinstance(number, int):
        return number if -MAX_INT <= number <= MAX_INT else BadNumber(value)
    return number if number - number == 0.0 else BadNumber(value)  # false for inf and nan


def resolve_plain(value: str) -> Any:
    """Resolve an unquoted scalar with the YAML 1.2 core schema (dates stay text)."""
    if value and value[0] not in _SPECIAL_START:
        return value
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT10.match(value):
        return _number(value, int(value)) if len(value) <= 20 else BadNumber(value)
    if _INT8.match(value):
        return _number(value, int(value[2:], 8)) if len(value) <= 24 else BadNumber(value)
    if _INT16.match(value):
        return _number(value, int(value[2:], 16)) if len(value) <= 16 else BadNumber(value)
    if _FLOAT.match(value):
        return _number(value, float(value))
    if _INF.match(value) or _NAN.match(value):
        return BadNumber(value)
    return value


@dataclass
class Source:
    """A parsed YAML file: its data and where every value and key stands."""

    path: str
    text: str
    data: Any
    #: 1-based (line, col) of each value, by its path in the document
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    #: 1-based (line, col) of each mapping key, by the path of its value
    key_positions: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def pos(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """The position of ``path``, or of its nearest ancestor that has one."""
        p = tuple(path)
        while True:
            if key and p in self.key_positions:
                return self.key_positions[p]
            if p in self.positions:
                return self.positions[p]
            if not p:
                return (1, 1)
            p = p[:-1]


def _event_source(text: str) -> Callable[[], Any]:
    """A function returning the next parser event (the C parser when installed)."""
    try:
        from _ruamel_yaml import CParser
    except ImportError:  # pragma: no cover - pure-Python fallback
        from ruamel.yaml import YAML

        stream: Iterator[Any] = iter(YAML(typ="safe", pure=True).parse(text))
        return stream.__next__
    get: Callable[[], Any] = CParser(text).get_event
    return get


class _Composer:
    """Builds plain data from events, recording positions as it goes.

    The hot loop compares event classes by identity (both parsers build the classes of
    ``ruamel.yaml.events``) and pulls events with one bound call each.
    """

    def __init__(self, source: Source, get: Callable[[], Any]) -> None:
        from ruamel.yaml import events as ev

        self.src = source
        self.get = get
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.alias_nodes = 0
        self.ev = ev

    def fail(self, message: Msg, where: tuple[int, int]) -> LoadError:
        return LoadError.worded(message, self.src.path, where[0], where[1])

    def check_tag(self, event: Any) -> str | None:
        tag = event.tag
        if tag is None or tag in ("!", "?"):
            return None
        if tag not in _ALLOWED_TAGS:
            shown = "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag
            raise self.fail(msg("load.tag", tag=shown), _mark(event))
        return str(tag)

    def compose(self) -> Any:
        """Compose the single document of the stream (``None`` for an empty stream)."""
        ev = self.ev
        data: Any = None
        documents = 0
        while True:
            event = self.get()
            cls = type(event)
            if cls is ev.StreamEndEvent:
                return data
            if cls is ev.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise self.fail(msg("load.second_document"), _mark(event))
                data, _ = self.node(self.get(), (), 1)

    def node(self, event: Any, path: Path, depth: int) -> tuple[Any, int]:
        """Compose one node; returns its value and its size in nodes (for alias bounds)."""
        ev = self.ev
        cls = type(event)
        mark = event.start_mark
        where = (mark.line + 1, mark.column + 1)
        if depth > MAX_DEPTH:
            raise self.fail(msg("load.too_deep", depth=MAX_DEPTH), where)
        self.src.positions[path] = where
        if cls is ev.AliasEvent:
            anchor = event.anchor
            if anchor not in self.anchors:
                raise self.fail(msg("load.unknown_alias", anchor=str(anchor)), where)
            value, size = self.anchors[anchor]
            self.alias_nodes += size
            if self.alias_nodes > MAX_ALIAS_NODES:
                raise self.fail(msg("load.alias_bomb", limit=MAX_ALIAS_NODES), where)
            return value, size
        tag = None if event.tag is None else self.check_tag(event)
        if cls is ev.ScalarEvent:
            if tag is None and event.implicit[0] and not event.style:
                value = resolve_plain(event.value)  # the common case: a plain scalar
            else:
                value = self.scalar(event, tag)
            size = 1
        elif cls is ev.SequenceStartEvent:
            items: list[Any] = []
            size = 1
            get = self.get
            while True:
                child = get()
                if type(child) is ev.SequenceEndEvent:
                    break
                item, n = self.node(child, (*path, len(items)), depth + 1)
                items.append(item)
                size += n
            value = items
        elif cls is ev.MappingStartEvent:
            value, size = self.mapping(path, depth)
        else:  # pragma: no cover - the parser never yields another node start
            raise AssertionError(f"unexpected YAML event {cls.__name__}")
        anchor = event.anchor
        if anchor is not None:
            self.anchors[anchor] = (value, size)
        return value, size

    def mapping(self, path: Path, depth: int) -> tuple[dict[str, Any], int]:
        ev = self.ev
        get = self.get
        key_positions = self.src.key_positions
        result: dict[str, Any] = {}
        size = 1
        while True:
            key_event = get()
            cls = type(key_event)
            if cls is ev.MappingEndEvent:
                break
            mark = key_event.start_mark
            where = (mark.line + 1, mark.column + 1)
            if cls is not ev.ScalarEvent:
                raise self.fail(msg("load.key_not_text"), where)
            if key_event.tag is not None:
                self.check_tag(key_event)
            key = str(key_event.value)
            child_path = (*path, key)
            if key in result:
                first = key_positions[child_path]
                raise self.fail(msg("load.duplicate_key", key=key, first=first[0]), where)
            key_positions[child_path] = where
            value, n = self.node(get(), child_path, depth + 1)
            result[key] = value
            size += n + 1
        return result, size

    def scalar(self, event: Any, tag: str | None) -> Any:
        text = str(event.value)
        if tag is None:
            plain = bool(event.implicit[0]) and not event.style
            return resolve_plain(text) if plain else text
        kind = tag[len(_CORE) :]
        if kind == "str":
            return text
        value = resolve_plain(text)
        wanted: Any = {"int": int, "float": (int, float), "bool": bool, "null": type(None)}.get(kind)
        if wanted is None or not isinstance(value, wanted) or (kind == "int" and isinstance(value, bool)):
            raise self.fail(msg("load.bad_core_tag", text=text, kind=kind), _mark(event))
        return float(value) if kind == "float" else value


def _mark(event: Any) -> tuple[int, int]:
    m = event.start_mark
    return (m.line + 1, m.column + 1)


def _decode(raw: bytes, path: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        raise LoadError.worded(msg("load.not_utf8", byte=f"{raw[exc.start]:02x}"), path, line, col) from None


def parse_text(text: str, path: str) -> Source:
    """Parse YAML text into a :class:`Source`; raises :class:`LoadError` on any problem."""
    with paused_gc():
        return _parse(text, path)


def _parse(text: str, path: str) -> Source:
    from ruamel.yaml.error import YAMLError

    src = Source(path=path, text=text, data=None)
    try:
        src.data = _Composer(src, _event_source(text)).compose()
    except RecursionError:
        raise LoadError.worded(msg("load.too_deep", depth=MAX_DEPTH), path) from None
    except YAMLError as exc:
        position = getattr(exc, "position", None)
        if position is not None and not hasattr(exc, "problem_mark"):  # a ReaderError
            before = text[:position]
            line = before.count("\n") + 1
            col = position - (before.rfind("\n") + 1) + 1
            reason = getattr(exc, "reason", "unacceptable character")
            raise LoadError.worded(msg("load.bad_character", reason=str(reason)), path, line, col) from None
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        message = f"invalid YAML: {problem}"
        context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and context_mark is not None and context_mark is not mark:
            message += f" ({context} at line {context_mark.line + 1})"
        if mark is None:
            raise LoadError(message, path) from None
        lines = text.splitlines()
        if mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
            raise LoadError.worded(msg("load.tab"), path, mark.line + 1, mark.column + 1) from None
        raise LoadError(message, path, mark.line + 1, mark.column + 1) from None
    return src


def read_source(path: str, display: str | None = None) -> Source:
    """Read, decode and parse the YAML file at ``path`` (shown as ``display``)."""
    shown = display or path
    from blueprint.common.io import NotRegularFileError, read_regular

    try:
        raw = read_regular(path, MAX_BYTES)
    except FileNotFoundError:
        raise LoadError.worded(msg("load.no_file"), shown) from None
    except IsADirectoryError:
        raise LoadError.worded(msg("load.folder"), shown) from None
    except NotRegularFileError:
        raise LoadError.worded(msg("load.not_regular"), shown) from None
    except OSError as exc:
        raise LoadError.worded(msg("load.cannot_read", reason=exc.strerror or str(exc)), shown) from None
    return parse_bytes(raw, shown)


def parse_bytes(raw: bytes, path: str) -> Source:
    """Decode and parse raw file contents (size limit, UTF-8, YAML)."""
    if len(raw) > MAX_BYTES:
        raise LoadError.worded(msg("load.too_large", mb=MAX_BYTES // (1024 * 1024)), path)
    nul = raw.find(b"\x00", 0, 8192)
    if nul >= 0 and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        before = raw[:nul]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise LoadError.worded(msg("load.binary"), path, line, col)
    return parse_text(_decode(raw, path), path)


def scalar_spans(text: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """(start, end) of every scalar, as 0-based (line, col): a ``#`` in one is not a comment."""
    from ruamel.yaml import YAML

    spans = []
    try:
        for token in YAML(typ="safe", pure=True).scan(text):
            if type(token).__name__ == "ScalarToken":
                s, e = token.start_mark, token.end_mark
                spans.append(((s.line, s.column), (e.line, e.column)))
    except Exception:
        pass
    return spans

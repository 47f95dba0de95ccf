"""Validation against ``schemas/blueprint.schema.json``, the one source of truth.

Messages name the path in the document (``steps[3].failures[0].severity``) and, for
unknown keys and enum values, the nearest valid word.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path as FsPath
from typing import Any

from blueprint.common.suggest import nearest
from blueprint.i18n import Msg, Param, msg
from blueprint.load.source import BadNumber, Path

SCHEMA_NAME = "blueprint.schema.json"


def schema_text() -> str:
    """The schema as shipped: inside the installed package, or the checkout's ``schemas/``."""
    packaged = resources.files("blueprint").joinpath("schemas", SCHEMA_NAME)
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    return (FsPath(__file__).resolve().parents[2] / "schemas" / SCHEMA_NAME).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The parsed JSON Schema."""
    result: dict[str, Any] = json.loads(schema_text())
    return result


def ecma_pattern(pattern: str) -> str:
    """A schema ``pattern`` for Python's ``re`` with ECMA-262 meaning.

    In JSON Schema (ECMA-262) ``$`` matches only at the very end of the text; in Python
    it also matches before a final newline, so ``"a\\n"`` would pass ``^[a-z]+$``.
    Every ``$`` that is neither escaped nor inside a character class becomes ``\\Z``.
    """
    out: list[str] = []
    escaped = in_class = False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "$":
            out.append("\\Z")
            continue
        out.append(ch)
    return "".join(out)


@lru_cache(maxsize=64)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(ecma_pattern(pattern))


def _pattern_keyword(validator: Any, pattern: str, instance: Any, _schema: Any) -> Iterator[Any]:
    from jsonschema.exceptions import ValidationError as SchemaError

    if validator.is_type(instance, "string") and not _compiled(pattern).search(instance):
        yield SchemaError(f"{instance!r} does not match {pattern!r}")


@lru_cache(maxsize=1)
def _validator() -> Any:
    """The precise validator (python-jsonschema), with the compiled validator's semantics:
    ECMA-262 patterns and the ``date`` format checked."""
    from jsonschema import Draft202012Validator, FormatChecker, validators

    checker = FormatChecker(["date"])
    cls = validators.extend(Draft202012Validator, {"pattern": _pattern_keyword})
    return cls(schema(), format_checker=checker)


@lru_cache(maxsize=1)
def _fast_validator() -> Any:
    """The compiled validator (jsonschema-rs), or None where it is not installed."""
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - a platform without its wheel
        return None
    return jsonschema_rs.validator_for(schema(), validate_formats=True)


@dataclass(frozen=True)
class Problem:
    """One schema violation: where (path, and whether the key is meant) and what.

    ``message`` is English; ``msg`` is the same message as a catalogue entry
    (``blueprint/i18n/rules.py``), for output in the reader's language.
    """

    path: Path
    message: str
    at_key: bool = False
    #: for unknown keys, the suggested key; for missing keys, the missing key
    subject: str = ""
    msg: Msg | None = field(default=None, compare=False)


def _problem(path: Path, message: Msg, *, at_key: bool = False, subject: str = "") -> Problem:
    return Problem(path, message.text("en"), at_key=at_key, subject=subject, msg=message)


def dotted(path: Path) -> str:
    """``('steps', 3, 'severity')`` -> ``steps[3].severity``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _describe(value: Any) -> Msg:
    """The offending value, as a message says it: "the text 'high'"."""
    if isinstance(value, bool):
        return msg("schema.value.bool", value=str(value).lower())
    if value is None:
        return msg("schema.value.null")
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return msg("schema.value.text", value=shown)
    if isinstance(value, float):
        return msg("schema.value.number", value=f"{value:g}")
    if isinstance(value, int):
        return msg("schema.value.number", value=str(value))
    if isinstance(value, list):
        return msg("schema.value.list")
    return msg("schema.value.mapping")


_TYPE_WORDS = ("integer", "number", "string", "array", "object", "boolean", "null")

#: what each of the schema's patterns means, by catalogue key (the schema's
#: ``description`` says the same to editors)
_PATTERN_HINTS = {
    "^[A-Za-z0-9][A-Za-z0-9_.-]*$": "schema.hint.id",
    "^([0-9]+(\\.[0-9]+)?[smhdw])+$": "schema.hint.duration",
    "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$": "schema.hint.date",
}


def _type_words(wanted: str | list[str]) -> Param:
    """ "a whole number or text": the wanted types, as one message."""
    words: list[Param] = [
        msg(f"schema.word.{w}") if w in _TYPE_WORDS else w
        for w in ([wanted] if isinstance(wanted, str) else wanted)
    ]
    phrase = words[-1]
    for word in reversed(words[:-1]):
        phrase = msg("schema.or", a=word, b=phrase)
    return phrase


def _pattern_hint(error: Any) -> Msg:
    key = _PATTERN_HINTS.get(str(error.validator_value))
    return msg(key) if key else msg("schema.hint.match", pattern=str(error.validator_value))


def _field(path: Path) -> str:
    for part in reversed(path):
        if isinstance(part, str):
            return part
    return "value"


def _where(path: Path) -> Param:
    return msg("schema.top") if not path else dotted(path)


def _unknown_keys(error: Any, path: Path, name: str) -> list[Problem]:
    """One problem per key the schema does not allow, with the nearest allowed key."""
    allowed = sorted(error.schema.get("properties", {}))
    out = []
    for key in sorted(k for k in error.instance if k not in allowed):
        hint = nearest(key, allowed)
        m = (
            msg("schema.unknown_key.hint", key=key, where=_where(path), hint=hint)
            if hint
            else msg("schema.unknown_key", key=key, where=_where(path), allowed=tuple(allowed))
        )
        out.append(_problem((*path, key), m, at_key=True, subject=f"unknown:{hint}"))
    return out


def _not_a_choice(error: Any, path: Path, name: str) -> list[Problem]:
    """A value outside an enum: the nearest choice, else the list of them."""
    value = error.instance
    choices = tuple(str(c) for c in error.validator_value)
    if isinstance(value, str):
        hint = nearest(value, list(choices))
        if hint:
            return [_problem(path, msg("schema.enum.hint", name=name, value=value, hint=hint))]
        return [_problem(path, msg("schema.enum.list", name=name, value=value, choices=choices))]
    return [_problem(path, msg("schema.enum.type", name=name, choices=choices, value=_describe(value)))]


def _wrong_type(error: Any, path: Path, name: str) -> list[Problem]:
    """A value of the wrong type; a number too large to read, or a quoted integer, said so."""
    value = error.instance
    if isinstance(value, BadNumber):
        shown = value if len(value) <= 24 else value[:21] + "..."
        return [_problem(path, msg("schema.number", name=name, value=shown))]
    wanted = error.validator_value
    quoted = wanted == "integer" and isinstance(value, str) and value.strip().isdigit()
    key = "schema.type.quoted" if quoted else "schema.type"
    return [_problem(path, msg(key, name=name, words=_type_words(wanted), value=_describe(value)))]


def _out_of_range(error: Any, path: Path, name: str) -> list[Problem]:
    lo = error.schema.get("minimum")
    hi = error.schema.get("maximum")
    rng = (
        f"{lo}-{hi}" if lo is not None and hi is not None else (f">= {lo}" if lo is not None else f"<= {hi}")
    )
    return [_problem(path, msg("schema.range", name=name, value=str(error.instance), range=rng))]


def _missing_keys(error: Any, path: Path, name: str) -> list[Problem]:
    missing = [k for k in error.validator_value if k not in error.instance]
    return [
        _problem(
            path, msg("schema.required", key=k, where=_where(path)), at_key=bool(path), subject=f"missing:{k}"
        )
        for k in missing
    ]


def _simple(error: Any, path: Path, name: str) -> list[Problem]:
    """The checks whose message needs only the field, the value or the schema's number."""
    kind, value, n = error.validator, error.instance, error.validator_value
    if kind == "const":
        return [_problem(path, msg("schema.const", name=name, expected=repr(n), value=_describe(value)))]
    if kind == "not" and isinstance(value, dict) and "causes" in value:
        keys = tuple(k for k in ("cause", "controls", "occurrence", "detection", "actions") if k in value)
        return [_problem((*path, keys[0]), msg("schema.chain.move", keys=keys), at_key=True)]
    if kind == "pattern":
        return [_problem(path, msg("schema.pattern", name=name, value=str(value), hint=_pattern_hint(error)))]
    if kind == "format":
        return [_problem(path, msg("schema.date", name=name, value=str(value)), subject="format")]
    if kind == "minLength":
        return [_problem(path, msg("schema.empty", name=name))]
    if kind == "maxLength":
        return [_problem(path, msg("schema.too_long", name=name, n=n))]
    if kind == "minItems":
        return [_problem(path, msg("schema.min_items", name=name, n=n))]
    return [_problem(path, msg("schema.other", text=error.message))]


#: the validator keyword -> the problems of one error of that kind (``_simple`` for the rest)
_BY_KIND: dict[str, Callable[[Any, Path, str], list[Problem]]] = {
    "additionalProperties": _unknown_keys,
    "enum": _not_a_choice,
    "type": _wrong_type,
    "minimum": _out_of_range,
    "maximum": _out_of_range,
    "required": _missing_keys,
}


def _problems_of(error: Any) -> list[Problem]:
    path: Path = tuple(error.absolute_path)
    return _BY_KIND.get(error.validator, _simple)(error, path, _field(path))


def validate(data: Any) -> list[Problem]:
    """Every schema violation in ``data``.

    The compiled validator answers "valid?" about a hundred times faster; only an invalid
    document goes through the precise validator, which words the messages.
    """
    fast = _fast_validator()
    try:
        if fast is not None and fast.is_valid(data):
            return []
    except ValueError:  # a value it cannot take (a BadNumber): the precise validator words it
        pass
    errors = _validator().iter_errors(data)
    problems = [p for e in errors for p in _problems_of(e)]
    if not problems:  # the two validators disagree: never let a rejected file pass
        problems = [_problem((), msg("schema.unmatched"))]
    # a misspelt required key is one mistake, not two: keep only "did you mean"
    typos = {
        (p.path[:-1], p.subject[len("unknown:") :]) for p in problems if p.subject.startswith("unknown:")
    }
    # a date that breaks the pattern is not also reported as not in the calendar
    worded = {p.path for p in problems if p.subject != "format"}
    return [
        p
        for p in problems
        if not (p.subject.startswith("missing:") and (p.path, p.subject[len("missing:") :]) in typos)
        and not (p.subject == "format" and p.path in worded)
    ]

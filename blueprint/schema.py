"""Validation against ``schemas/blueprint.schema.json``, the one source of truth.

Messages name the path in the document (``steps[3].failures[0].severity``) and, for
unknown keys and enum values, the nearest valid word.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path as FsPath
from typing import Any

from blueprint.yamlsrc import Path

SCHEMA_NAME = "blueprint.schema.json"


def schema_text() -> str:
    """The schema as shipped: inside the installed package, or the checkout's ``schemas/``."""
    packaged = resources.files("blueprint").joinpath("schemas", SCHEMA_NAME)
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    return (FsPath(__file__).resolve().parent.parent / "schemas" / SCHEMA_NAME).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The parsed JSON Schema."""
    result: dict[str, Any] = json.loads(schema_text())
    return result


@lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema())


@lru_cache(maxsize=1)
def _fast_validator() -> Any:
    """The compiled validator (jsonschema-rs), or None where it is not installed."""
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - a platform without its wheel
        return None
    return jsonschema_rs.validator_for(schema())


@dataclass(frozen=True)
class Problem:
    """One schema violation: where (path, and whether the key is meant) and what."""

    path: Path
    message: str
    at_key: bool = False
    #: for unknown keys, the suggested key; for missing keys, the missing key
    subject: str = ""


def dotted(path: Path) -> str:
    """``('steps', 3, 'severity')`` -> ``steps[3].severity``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def nearest(word: str, choices: list[str]) -> str | None:
    """The closest valid word, if one is close enough to be a likely typo."""
    found = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not found:
        lowered = {c.lower().replace("_", "-"): c for c in choices}
        return lowered.get(word.lower().replace("_", "-").replace(" ", "-"))
    return found[0]


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if value is None:
        return "nothing (null)"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text '{shown}'"
    if isinstance(value, float):
        return f"the number {value:g}"
    if isinstance(value, int):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


_TYPE_WORDS = {
    "integer": "a whole number",
    "number": "a number",
    "string": "text",
    "array": "a list",
    "object": "a mapping",
    "boolean": "true or false",
}


def _field(path: Path) -> str:
    for part in reversed(path):
        if isinstance(part, str):
            return part
    return "value"


def _problems_of(error: Any) -> list[Problem]:
    path: Path = tuple(error.absolute_path)
    kind = error.validator
    value = error.instance
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        out = []
        for key in sorted(k for k in value if k not in allowed):
            hint = nearest(key, allowed)
            where = "the top level" if not path else dotted(path)
            msg = f"unknown key '{key}' in {where}"
            msg += f", did you mean '{hint}'?" if hint else f" (allowed: {', '.join(allowed)})"
            out.append(Problem((*path, key), msg, at_key=True, subject=f"unknown:{hint}"))
        return out
    if kind == "enum":
        choices = [str(c) for c in error.validator_value]
        name = _field(path)
        if isinstance(value, str):
            hint = nearest(value, choices)
            msg = f"unknown {name} '{value}'"
            msg += f", did you mean '{hint}'?" if hint else f" (one of: {', '.join(choices)})"
        else:
            msg = f"{name} must be one of {', '.join(choices)}, not {_describe(value)}"
        return [Problem(path, msg)]
    if kind == "const":
        return [Problem(path, f"{_field(path)} must be {error.validator_value!r}, not {_describe(value)}")]
    if kind == "type":
        wanted = error.validator_value
        words = " or ".join(_TYPE_WORDS.get(w, w) for w in ([wanted] if isinstance(wanted, str) else wanted))
        msg = f"{_field(path)} must be {words}, not {_describe(value)}"
        if wanted == "integer" and isinstance(value, str) and value.strip().isdigit():
            msg += " (write it without quotes)"
        return [Problem(path, msg)]
    if kind in ("minimum", "maximum"):
        lo = error.schema.get("minimum")
        hi = error.schema.get("maximum")
        rng = (
            f"{lo}-{hi}"
            if lo is not None and hi is not None
            else (f">= {lo}" if lo is not None else f"<= {hi}")
        )
        return [Problem(path, f"{_field(path)} {value} is out of range ({rng})")]
    if kind == "required":
        missing = [k for k in error.validator_value if k not in value]
        where = "the top level" if not path else dotted(path)
        return [
            Problem(path, f"missing required key '{k}' in {where}", at_key=bool(path), subject=f"missing:{k}")
            for k in missing
        ]
    if kind == "pattern":
        hint = error.schema.get("x-pattern-hint", f"it must match {error.validator_value}")
        return [Problem(path, f"{_field(path)} '{value}' is not valid: {hint}")]
    if kind == "minLength":
        return [Problem(path, f"{_field(path)} must not be empty")]
    if kind == "maxLength":
        return [Problem(path, f"{_field(path)} is longer than {error.validator_value} characters")]
    if kind == "minItems":
        return [Problem(path, f"{_field(path)} needs at least {error.validator_value} item(s)")]
    return [Problem(path, error.message)]


def validate(data: Any) -> list[Problem]:
    """Every schema violation in ``data``.

    The compiled validator answers "valid?" about a hundred times faster; only an invalid
    document goes through the precise validator, which words the messages.
    """
    fast = _fast_validator()
    if fast is not None and fast.is_valid(data):
        return []
    errors = _validator().iter_errors(data)
    problems = [p for e in errors for p in _problems_of(e)]
    # a misspelt required key is one mistake, not two: keep only "did you mean"
    typos = {
        (p.path[:-1], p.subject[len("unknown:") :]) for p in problems if p.subject.startswith("unknown:")
    }
    return [
        p
        for p in problems
        if not (p.subject.startswith("missing:") and (p.path, p.subject[len("missing:") :]) in typos)
    ]

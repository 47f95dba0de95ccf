"""What a blueprint block in a documentation page asks for, parsed and checked.

The same options serve the MkDocs fence (``name: value`` lines after the path, or
``name=value`` words after ``blueprint`` on the fence line) and the Sphinx directive
(``:name: value`` fields): :func:`parse_options` takes them as plain strings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from blueprint.errors import BlueprintError
from blueprint.i18n import msg
from blueprint.vocabulary import LANGS

VIEWS = ("diagram", "fmea", "report", "matrix")
FITS = ("width", "none")
SECTIONS = ("summary", "diagram", "failures", "matrix", "actions", "touchpoints", "waits")
OPTIONS = ("view", "phase", "top", "fit", "lang", "today", "profile", "section")


class EmbedError(BlueprintError):
    """A block that cannot be turned into a drawing or a table (an option, a path, the file)."""


@dataclass(frozen=True)
class EmbedOptions:
    """One block's choices; the defaults draw the whole diagram at the page's width."""

    view: str = "diagram"
    phases: tuple[str, ...] = ()
    top: int | None = None
    fit: str = "width"
    lang: str = "en"
    today: dt.date | None = None
    profile: str = "aiag-vda-2019"
    sections: tuple[str, ...] = field(default=SECTIONS)


def _words(value: str) -> tuple[str, ...]:
    return tuple(w for w in value.replace(",", " ").split() if w)


def _choice(key: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise EmbedError.worded(msg(f"docs.option.{key}", value=value, choices=", ".join(choices)))
    return value


def _top(value: str) -> int:
    if not value.isdigit() or int(value) < 1 or len(value) > 6:
        raise EmbedError.worded(msg("docs.option.top", value=value))
    return int(value)


def _fit(value: str) -> str:
    text = value.lower()
    if text in ("true", "yes", "on", "width"):
        return "width"
    if text in ("false", "no", "off", "none"):
        return "none"
    raise EmbedError.worded(msg("docs.option.fit", value=value))


def _today(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise EmbedError.worded(msg("docs.option.today", value=value)) from None


def parse_options(raw: dict[str, str], defaults: EmbedOptions | None = None) -> EmbedOptions:
    """Options from ``name -> text``; an unknown name or a bad value raises :class:`EmbedError`."""
    base = defaults or EmbedOptions()
    values: dict[str, Any] = {}
    for name, text in raw.items():
        value = text.strip().strip("\"'")
        if name == "view":
            values["view"] = _choice("view", value, VIEWS)
        elif name == "phase":
            values["phases"] = _words(value)
        elif name == "top":
            values["top"] = _top(value)
        elif name == "fit":
            values["fit"] = _fit(value)
        elif name == "lang":
            values["lang"] = _choice("lang", value, LANGS)
        elif name == "today":
            values["today"] = _today(value)
        elif name == "profile":
            values["profile"] = value
        elif name == "section":
            values["sections"] = tuple(_choice("section", w, SECTIONS) for w in _words(value))
        else:
            raise EmbedError.worded(msg("docs.option.unknown", name=name, known=", ".join(OPTIONS)))
    return replace(base, **values)

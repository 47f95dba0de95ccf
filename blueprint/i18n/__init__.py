"""Message catalogues: English and Traditional Chinese (Taiwan).

Each area of the tool keeps its messages in one module here (``common``, ``rules``,
``fmea``...) with two dicts, ``EN`` and ``ZH_TW``, that must have the same keys and the
same ``{placeholders}`` per key; a test checks it. Keys are dotted: ``"check.summary"``.
Machine formats never use them.

A message that must be worded later, in a language not known yet (a finding is made
before the output language is chosen), is a :class:`Msg`: a key and its values, where a
value may itself be a :class:`Msg` or a tuple of them (a list, joined the way the
language joins lists).
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from dataclasses import dataclass
from functools import lru_cache
from typing import Union

from blueprint.vocabulary import LANGS

#: a value in a message: plain text or a number, another message, or a list of either
Param = Union[str, int, float, "Msg", tuple[Union[str, int, float, "Msg"], ...]]


@lru_cache(maxsize=1)
def catalogues() -> dict[str, dict[str, str]]:
    """All messages by language, merged from every area module."""
    merged: dict[str, dict[str, str]] = {"en": {}, "zh-TW": {}}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        mod = importlib.import_module(f"{__name__}.{info.name}")
        merged["en"].update(mod.EN)
        merged["zh-TW"].update(mod.ZH_TW)
    return merged


def t(key: str, lang: str = "en", /, **values: object) -> str:
    """The message ``key`` in ``lang``, formatted with ``values`` (English as a fallback)."""
    cat = catalogues()
    text = cat.get(lang, cat["en"]).get(key) or cat["en"][key]
    return text.format(**values) if values else text


@dataclass(frozen=True)
class Msg:
    """A catalogue message with its values, to be worded in any language later.

    Hashable and picklable, so findings that carry one can be compared, deduplicated
    and sent back from worker processes.
    """

    key: str
    params: tuple[tuple[str, Param], ...] = ()

    def text(self, lang: str = "en") -> str:
        """The message in ``lang``."""
        return t(self.key, lang, **{name: render_param(value, lang) for name, value in self.params})


def msg(key: str, /, **params: Param) -> Msg:
    """A :class:`Msg` with its values in a stable (sorted) order."""
    return Msg(key, tuple(sorted(params.items())))


def render_param(value: Param, lang: str) -> str:
    """One message value as text in ``lang``: messages worded, lists joined."""
    if isinstance(value, Msg):
        return value.text(lang)
    if isinstance(value, tuple):
        return t("list.sep", lang).join(render_param(v, lang) for v in value)
    return str(value)


def env_lang() -> str | None:
    """``zh-TW`` when the environment asks for Traditional Chinese, else None.

    The first of ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that is set decides, as in
    POSIX locale resolution.
    """
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            if value.startswith(("zh_TW", "zh_Hant", "zh-TW", "zh-Hant")):
                return "zh-TW"
            return None
    return None


def normal_lang(value: str | None) -> str | None:
    """A language name in its canonical spelling (``zh-tw`` -> ``zh-TW``), or None."""
    if not value:
        return None
    return {lang.lower(): lang for lang in LANGS}.get(value.strip().lower().replace("_", "-"))


def resolve_lang(option: str | None, blueprint_language: str | None = None) -> str:
    """``--lang`` first, then the blueprint's ``language:``, then the environment, then English."""
    for choice in (option, blueprint_language, env_lang()):
        found = normal_lang(choice)
        if found is not None:
            return found
    return "en"


_UNITS = (("d", 86400), ("h", 3600), ("m", 60), ("s", 1))
_ZH_UNITS = {"d": "天", "h": "小時", "m": "分", "s": "秒"}


def duration(seconds: float, lang: str = "en") -> str:
    """A duration in whole units: ``1h30m`` in English, ``1小時30分`` in Chinese (``0s``, ``0秒``)."""
    names = _ZH_UNITS if lang == "zh-TW" else {u: u for u, _ in _UNITS}
    rest = round(seconds)
    out = ""
    for unit, size in _UNITS:
        if rest >= size:
            out += f"{rest // size}{names[unit]}"
            rest %= size
    return out or f"0{names['s']}"


def plural(key: str, n: int, lang: str = "en") -> str:
    """A counted phrase: catalogue entries hold ``singular|plural``."""
    one, _, many = t(key, lang, n=n).partition("|")
    return one if n == 1 or not many else many

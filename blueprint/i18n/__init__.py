"""Message catalogues: English and Traditional Chinese (Taiwan).

Each area of the tool keeps its messages in one module here (``common``, ``check``,
``fmea``...) with two dicts, ``EN`` and ``ZH_TW``, that must have the same keys; a test
checks it. Keys are dotted: ``"check.summary"``. Machine formats never use them.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from functools import lru_cache

LANGS = ("en", "zh-TW")


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


def env_lang() -> str | None:
    """``zh-TW`` when the environment asks for Traditional Chinese, else None."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            if value.startswith(("zh_TW", "zh_Hant", "zh-TW", "zh-Hant")):
                return "zh-TW"
            return None
    return None


def resolve_lang(option: str | None, blueprint_language: str | None = None) -> str:
    """``--lang`` first, then the blueprint's ``language:``, then the environment, then English."""
    for choice in (option, blueprint_language, env_lang()):
        if choice in LANGS:
            return choice
    return "en"


def plural(key: str, n: int, lang: str = "en") -> str:
    """A counted phrase: catalogue entries hold ``singular|plural``."""
    one, _, many = t(key, lang, n=n).partition("|")
    return one if n == 1 or not many else many

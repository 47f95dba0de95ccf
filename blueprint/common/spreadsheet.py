"""Spreadsheet cells no office suite runs as formulas, and back."""

from __future__ import annotations

from typing import Final

_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r", "'")


def neutralise(text: str) -> str:
    """A CSV text cell no spreadsheet runs: a leading ``'`` before ``= + - @``, tab or CR.

    Text cells only (numbers are written as numbers), and text that looks like a number
    (``-2``) too: it stays the text it is. Text that already starts with ``'`` gets one
    more, so that :func:`unneutralise` gives back exactly what was written.
    """
    return "'" + text if text.startswith(_FORMULA_START) else text


def unneutralise(text: str) -> str:
    """Undo :func:`neutralise`: drop one leading ``'``."""
    return text[1:] if text.startswith("'") else text

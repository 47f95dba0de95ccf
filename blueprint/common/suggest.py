""" "Did you mean": the one way the tool suggests a valid word for a mistyped one."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

#: how close a word must be to count as a likely typo (difflib's ratio)
CUTOFF = 0.6


def nearest(word: str, choices: Iterable[str]) -> str | None:
    """The closest valid word, if one is close enough to be a likely typo.

    A word that differs only in case, ``_`` for ``-`` or spaces counts as close too
    (``Front_Stage`` for ``frontstage``).
    """
    options = list(choices)
    found = difflib.get_close_matches(word, options, n=1, cutoff=CUTOFF)
    if found:
        return found[0]
    lowered = {c.lower().replace("_", "-"): c for c in options}
    return lowered.get(word.lower().replace("_", "-").replace(" ", "-"))

"""``from: ID``: a failure that reuses a standard failure of an included shared file.

The shared failure's written keys (mode, effect, causes, ratings, actions...) are the
base; every key the journey's failure writes itself, but ``id`` and ``from``, overrides
the shared one. The failure keeps its own id, and its reused causes are named after it
(``<failure-id>.<n>``), as the ids of one file are unique.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from blueprint.errors import ValidationError
from blueprint.i18n import msg

#: the keys of the one-chain shorthand, which a failure with ``causes:`` does not carry
CHAIN_KEYS = ("cause", "controls", "occurrence", "detection", "actions")

#: what an unknown ``from`` id stands on until BP003 has it corrected
_UNKNOWN: dict[str, Any] = {"mode": "", "severity": 1, "occurrence": 1, "detection": 1}

Where = tuple[str, tuple[int, int]]


def reused(
    written: dict[str, Any], standards: Mapping[str, dict[str, Any]], where: Where
) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The data of a failure, with a ``from:`` one's shared keys merged in, and its overrides.

    ``where`` is the file and position of the failure, for the one error this can raise:
    chain keys written over a shared failure with ``causes:`` (say ``causes:`` instead).
    """
    if "from" not in written:
        return written, ()
    own = {k: v for k, v in written.items() if k not in ("id", "from")}
    base = standards.get(str(written["from"]), _UNKNOWN)
    merged = {k: v for k, v in base.items() if k != "id"}
    if "causes" in merged:  # the shared causes' ids are the shared file's: these are named after this failure
        merged["causes"] = [{k: v for k, v in c.items() if k != "id"} for c in merged["causes"]]
    if "causes" in own:
        merged = {k: v for k, v in merged.items() if k not in CHAIN_KEYS}
    elif "causes" in merged:
        mixed = tuple(k for k in CHAIN_KEYS if k in own)
        if mixed:
            path, (line, col) = where
            message = msg("load.from.chained", id=str(written["from"]), keys=mixed)
            raise ValidationError.worded(message, path, line, col)
    merged.update(own)
    if "id" in written:
        merged["id"] = written["id"]
    merged["from"] = written["from"]
    return merged, tuple(sorted(own))

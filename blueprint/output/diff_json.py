"""``blueprint diff --format json``: the risk change as its stable JSON contract."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from blueprint.output.views import DiffView


def render(view: DiffView) -> str:
    """``Diff.as_dict()`` as indented JSON, non-ASCII text kept as is."""
    return json.dumps(view.diff.as_dict(), ensure_ascii=False, indent=2) + "\n"

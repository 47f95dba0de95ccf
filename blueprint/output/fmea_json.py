"""``blueprint fmea --format json``: the stable JSON contract (see ``blueprint.analysis.fmea.fmea_json``)."""

from __future__ import annotations

import json

from blueprint.output.fmea_view import FmeaView


def render(view: FmeaView) -> str:
    """The contract as indented JSON, keys in their fixed order, non-ASCII text kept as is."""
    from blueprint.analysis.fmea import fmea_json

    data = fmea_json(view.bp, list(view.shown), view.file, profile=view.profile)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

"""``blueprint portfolio --format json``: the portfolio's JSON contract.

``{"portfolio": [{"file", "title"}], "profile", "currency", "failures": [...], "matrix": {...}}``.
Each failure carries every field of the ``fmea`` JSON contract
(:func:`blueprint.output.fmea_json.failure_json`), with ``rank`` its place in the
portfolio, then ``file`` (where it is written), ``shared``, ``from`` and ``overrides``,
``journeys`` (each journey it reaches: ``file``, ``title``, ``ref`` (its number in that
journey's own table and diagram), ``surfaces_at``, ``at_risk``)
and ``at_risk_total``. For a failure that reaches several journeys, ``surfaces_at`` lists
the customer steps of them all (each id once), and ``at_risk``, ``residual_at_risk`` and
``at_risk_parts`` are the sums over the journeys. ``matrix`` is the risk matrix of the
failures' chains (as ``fmea --matrix --format json`` gives it). ``rank`` and the ``ref``
of the failure and its causes are its places in the portfolio.

The text keeps one failure on a line: the C encoder writes it (a thousand journeys give a
hundred thousand failures), and a diff of two runs names the failures that changed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from blueprint.analysis.portfolio import Entry, Portfolio
    from blueprint.output.portfolio import PortfolioView


def _money(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


def _parts(e: Entry) -> dict[str, float | None] | None:
    found = [r.scored.money for r in e.reaches if r.scored.money is not None]
    if not found:
        return None
    return {
        "lost_revenue": _money(sum(m.lost_revenue for m in found)),
        "incident_cost": _money(sum(m.incident_cost for m in found)),
    }


def entry_json(e: Entry) -> dict[str, Any]:
    """One failure: the ``fmea`` contract's fields, then the portfolio's."""
    from blueprint.output.fmea_json import failure_json

    data = failure_json(e.scored, e.rank)
    f = e.scored.failure
    data["ref"] = e.ref
    for chain, number in zip(data["causes"], e.chain_numbers, strict=True):
        chain["ref"] = f"F{number}"
    total = _money(e.at_risk_total)
    if len(e.reaches) != 1 or e.reaches[0].scored is not e.scored:
        # felt in several journeys (or none): the per-journey fields become sums and unions
        data["surfaces_at"] = list(e.surfaces_at)
        data["at_risk"] = total
        data["residual_at_risk"] = _money(e.residual_at_risk_total)
        data["at_risk_parts"] = _parts(e)
    data.setdefault("from", f.from_id)
    data.setdefault("overrides", list(f.overrides))
    data["file"] = e.origin
    data["shared"] = e.shared
    data["journeys"] = [
        {
            "file": r.journey.file,
            "title": r.journey.title,
            "ref": r.scored.ref,
            "surfaces_at": list(r.scored.surfaces_at),
            "at_risk": _money(r.scored.at_risk),
        }
        for r in e.reaches
    ]
    data["at_risk_total"] = total
    return data


_ONE_LINE = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))


def _items(key: str, items: Iterator[dict[str, Any]], last: bool = False) -> Iterator[str]:
    """``"key": [`` then one item a line (the C encoder: fast, and a diff shows the failure that
    changed), then ``]``."""
    yield f"  {json.dumps(key)}: ["
    first = True
    for item in items:
        yield ("\n    " if first else ",\n    ") + _ONE_LINE.encode(item)
        first = False
    yield ("\n  ]" if not first else "]") + ("\n" if last else ",\n")


def chunks(p: Portfolio) -> Iterator[str]:
    """The contract's text, piece by piece: each failure is encoded as soon as it is made, so a
    portfolio of a thousand journeys never holds all of them as data at once."""
    yield "{\n"
    yield from _items("portfolio", ({"file": j.file, "title": j.title} for j in p.journeys))
    for key, value in (("profile", p.profile), ("currency", p.currency)):
        yield f"  {json.dumps(key)}: {_ONE_LINE.encode(value)},\n"
    yield from _items("failures", (entry_json(e) for e in p.entries))
    yield f'  "at_risk_total": {_ONE_LINE.encode(_money(p.at_risk_total))},\n'
    yield from _matrix(p.matrix.to_json())
    yield "}\n"


def _matrix(data: dict[str, Any]) -> Iterator[str]:
    """``"matrix": {...}`` with each row of a grid (``cells``, ``highest_ap``) on a line of its own."""
    lines = []
    for key, value in data.items():
        if isinstance(value, list):
            rows = ",\n".join(f"      {_ONE_LINE.encode(row)}" for row in value)
            lines.append(f"    {json.dumps(key)}: [\n{rows}\n    ]")
        else:
            lines.append(f"    {json.dumps(key)}: {_ONE_LINE.encode(value)}")
    yield '  "matrix": {\n' + ",\n".join(lines) + "\n  }\n"


def render(view: PortfolioView) -> str:
    """The contract as JSON: the top level indented, one failure (one journey) a line."""
    return "".join(chunks(view.portfolio))

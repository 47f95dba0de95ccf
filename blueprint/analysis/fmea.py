"""FMEA scores for every failure mode: RPN, criticality, Action Priority, residual risk, ranking.

``score`` gives one :class:`Scored` per failure in file order; ``rank`` orders them (AP
first by default, as the AIAG & VDA handbook asks, since equal RPNs hide very different
risks); ``fmea_json`` turns a ranking into the stable JSON contract other tools read.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Final

from blueprint.analysis.ap import AP_ORDER, DEFAULT_PROFILE, ProfileRef, load_profile
from blueprint.errors import SortError
from blueprint.model import Blueprint, Failure, Ratings, Step

__all__ = ["SORTS", "Scored", "SortError", "fmea_json", "rank", "score"]

SORTS: Final[tuple[str, ...]] = ("ap", "rpn", "severity", "risk")
"""The orders :func:`rank` knows."""

RISK_NEEDS_ECONOMICS: Final = "--sort risk needs an economics block in the blueprint"


@dataclass(frozen=True)
class Scored:
    """One failure mode with its scores; ``rank`` is its 1-based place once ranked (0 before)."""

    failure: Failure
    step: Step
    ap: str
    rpn: int
    criticality: int
    residual: Ratings | None
    residual_ap: str | None
    residual_rpn: int | None
    surfaces_at: tuple[str, ...]  # customer step ids, file order
    at_risk: float | None  # money at risk per year, None without economics
    residual_at_risk: float | None
    rank: int = 0
    number: int = 0  # place in the default (AP) order of the whole file: F1, F2, ...

    @property
    def ref(self) -> str:
        """The failure's reference in every output and on the diagram: ``F1``, ``F2``..."""
        return ref(self.number)

    @property
    def id(self) -> str:
        return self.failure.id

    @property
    def ratings(self) -> Ratings:
        return self.failure.ratings

    @property
    def needs_action(self) -> bool:
        """AP H with neither a live action nor a justification (what ``check`` gates on)."""
        return self.ap == "H" and not (self.failure.has_live_action or self.failure.justification)


def score(
    bp: Blueprint,
    profile: ProfileRef = DEFAULT_PROFILE,
    *,
    reached: dict[str, tuple[str, ...]] | None = None,
) -> list[Scored]:
    """Score every failure of ``bp`` with the AP ``profile`` (name or JSON file), in file order.

    A bad profile raises :class:`blueprint.analysis.ap.ProfileError`. ``reached`` is
    :func:`~blueprint.analysis.graph.surfaces_at` when already computed.
    """
    from blueprint.analysis.economics import at_risk
    from blueprint.analysis.graph import surfaces_at

    table = load_profile(profile)
    steps = bp.step_index()
    if reached is None:
        reached = surfaces_at(bp)
    out = []
    for f in bp.failures:
        r = f.ratings
        res = f.residual
        out.append(
            Scored(
                failure=f,
                step=steps[f.step],
                ap=table.ap(r.severity, r.occurrence, r.detection),
                rpn=r.rpn,
                criticality=r.criticality,
                residual=res,
                residual_ap=None if res is None else table.ap(res.severity, res.occurrence, res.detection),
                residual_rpn=None if res is None else res.rpn,
                surfaces_at=tuple(reached.get(f.id, ())),
                at_risk=at_risk(bp, f),
                residual_at_risk=None if res is None else at_risk(bp, f, res),
            )
        )
    return numbered(out)


def ref(number: int) -> str:
    """``F`` and a failure's number (the same mark for a failure chain once it is numbered)."""
    return f"F{number}"


def numbered(scored: list[Scored]) -> list[Scored]:
    """``scored`` in its own order, each given its place in the default order as ``number``.

    The numbers depend on the whole file only (never on a filter or on ``--sort``), so a
    table, the report, the worksheet, the deck and the diagram all call a failure the same.
    """
    places = {id(s): i for i, s in enumerate(sorted(scored, key=_sort_key("ap")), start=1)}
    return [replace(s, number=places[id(s)]) for s in scored]


def _file_order(s: Scored) -> tuple[int, int]:
    return (s.step.index, s.failure.index)


def _sort_key(sort: str) -> Any:
    """The key function for ``sort``; every order ends in file order, so ties are stable."""
    if sort == "ap":
        return lambda s: (AP_ORDER[s.ap], -s.ratings.severity, -s.rpn, _file_order(s))
    if sort == "rpn":
        return lambda s: (-s.rpn, AP_ORDER[s.ap], -s.ratings.severity, _file_order(s))
    if sort == "severity":
        return lambda s: (-s.ratings.severity, AP_ORDER[s.ap], -s.rpn, _file_order(s))
    return lambda s: (-(s.at_risk or 0.0), AP_ORDER[s.ap], -s.ratings.severity, -s.rpn, _file_order(s))


def rank(scored: list[Scored], sort: str = "ap") -> list[Scored]:
    """Order ``scored`` and number it from 1 (``Scored.rank``).

    ``ap`` (default): AP H, M, L, then severity, then RPN, both descending, then file
    order. ``rpn``: RPN, then AP, severity. ``severity``: severity, then AP, RPN. ``risk``:
    money at risk, then AP, severity, RPN; raises :class:`SortError` when any failure has
    no money at risk (no ``economics:`` block).
    """
    if sort not in SORTS:
        raise SortError(f"unknown sort '{sort}' (expected {', '.join(SORTS)})")
    if sort == "risk" and any(s.at_risk is None for s in scored):
        raise SortError(RISK_NEEDS_ECONOMICS)
    ordered = sorted(scored, key=_sort_key(sort))
    return [replace(s, rank=i) for i, s in enumerate(ordered, start=1)]


def _money(x: float | None) -> float | None:
    """Money rounded to cents, so JSON carries no float noise."""
    return None if x is None else round(x, 2)


def failure_json(s: Scored, position: int) -> dict[str, Any]:
    """One failure of the JSON contract (keys in a fixed order)."""
    f = s.failure
    r = f.ratings
    residual = None
    if s.residual is not None:
        residual = {
            "severity": s.residual.severity,
            "occurrence": s.residual.occurrence,
            "detection": s.residual.detection,
            "rpn": s.residual_rpn,
            "ap": s.residual_ap,
        }
    actions = [
        {
            "title": a.title,
            "owner": a.owner,
            "due": a.due,
            "status": a.status,
            "revised": None
            if a.revised is None
            else {
                "severity": a.revised.severity,
                "occurrence": a.revised.occurrence,
                "detection": a.revised.detection,
            },
        }
        for a in f.actions
    ]
    return {
        "rank": s.rank or position,
        "ref": s.ref,
        "id": f.id,
        "step": f.step,
        "lane": s.step.lane,
        "phase": s.step.phase,
        "mode": f.mode,
        "effect": f.effect,
        "cause": f.cause,
        "controls": {"prevention": f.prevention, "detection": f.detection_control},
        "severity": r.severity,
        "occurrence": r.occurrence,
        "detection": r.detection,
        "rpn": s.rpn,
        "criticality": s.criticality,
        "ap": s.ap,
        "residual": residual,
        "actions": actions,
        "justification": f.justification,
        "surfaces_at": list(s.surfaces_at),
        "at_risk": _money(s.at_risk),
        "residual_at_risk": _money(s.residual_at_risk),
    }


def fmea_json(
    bp: Blueprint, ranked: list[Scored], file: str, *, profile: ProfileRef = DEFAULT_PROFILE
) -> dict[str, Any]:
    """The JSON contract: ``{"blueprint", "file", "profile", "currency", "failures"}``.

    ``failures`` keeps the order of ``ranked``; ``profile`` is the AP profile's name
    (a user file's ``name``, else its file stem); ``currency`` is null without economics.
    """
    return {
        "blueprint": bp.title,
        "file": file,
        "profile": load_profile(profile).name,
        "currency": (bp.economics.currency or None) if bp.economics is not None else None,
        "failures": [failure_json(s, i) for i, s in enumerate(ranked, start=1)],
    }

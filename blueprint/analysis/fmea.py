"""FMEA scores for every failure mode: RPN, criticality, Action Priority, residual risk, ranking.

``score`` gives one :class:`Scored` per failure in file order, with a :class:`Chain` per
cause; ``rank`` orders them (AP first by default, as the AIAG & VDA handbook asks, since
equal RPNs hide very different risks). The JSON contract is :mod:`blueprint.output.fmea_json`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Final

from blueprint.analysis.ap import AP_ORDER, DEFAULT_PROFILE, Profile, ProfileRef, load_profile
from blueprint.errors import SortError
from blueprint.i18n import msg
from blueprint.model import Blueprint, Cause, Failure, Ratings, Step

if TYPE_CHECKING:
    from blueprint.analysis.economics import Breakdown, ChainMoney

__all__ = ["SORTS", "Chain", "Scored", "SortError", "rank", "score"]

SORTS: Final[tuple[str, ...]] = ("ap", "rpn", "severity", "risk")
"""The orders :func:`rank` knows."""


@dataclass(frozen=True)
class Chain:
    """One failure chain scored: the mode's severity with one cause's occurrence and detection."""

    cause: Cause
    ratings: Ratings
    ap: str
    rpn: int
    residual: Ratings | None
    residual_ap: str | None
    residual_rpn: int | None
    #: AP H with no live action on this cause and no justification (on the cause or the mode)
    needs_action: bool
    number: int = 0  # place of the chain in the default order of the whole file
    #: the residual once this chain's open and in-progress actions with revised ratings are done
    planned: Ratings | None = None
    planned_ap: str | None = None
    #: customer step ids where this chain is felt, file order
    surfaces_at: tuple[str, ...] = ()
    #: ``surfaces_at`` is the file's own ``felt_at`` (the cause's, else the failure's)
    felt_at_given: bool = False
    #: this chain's part of its mode's money at risk (None without economics)
    money: ChainMoney | None = None

    @property
    def ref(self) -> str:
        return ref(self.number)

    @property
    def id(self) -> str:
        return self.cause.id


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
    money: Breakdown | None = None  # the money model's numbers, None without economics
    number: int = 0  # place in the default (AP) order of the whole file: F1, F2, ...
    #: the failure chains, in file order (one for a failure without ``causes:``)
    chains: tuple[Chain, ...] = ()
    #: the residual once the open and in-progress actions with revised ratings are done
    planned: Ratings | None = None
    planned_ap: str | None = None

    @property
    def ref(self) -> str:
        """The failure's reference in every output and on the diagram: ``F1``, ``F2``..."""
        return ref(self.number)

    @property
    def id(self) -> str:
        return self.failure.id

    @property
    def worst(self) -> Chain | None:
        """The worst chain: by AP, then RPN, then file order."""
        if not self.chains:
            return None
        return min(self.chains, key=lambda c: (AP_ORDER[c.ap], -c.rpn, c.cause.index))

    @property
    def ratings(self) -> Ratings:
        """The ratings of the worst chain (the failure's own for the shorthand form)."""
        worst = self.worst
        return self.failure.ratings if worst is None else worst.ratings

    @property
    def needs_action(self) -> bool:
        """Some chain is AP H with neither a live action nor a justification (what ``check`` gates on)."""
        if self.chains:
            return any(c.needs_action for c in self.chains)
        return self.ap == "H" and not (self.failure.has_live_action or self.failure.justification)

    def ranked_chains(self) -> list[Chain]:
        """The chains in the default order (AP, then RPN, then file order): how tables list them."""
        return sorted(self.chains, key=lambda c: (AP_ORDER[c.ap], -c.rpn, c.cause.index))


def score(
    bp: Blueprint,
    profile: ProfileRef = DEFAULT_PROFILE,
    *,
    reached: dict[str, tuple[str, ...]] | None = None,
    chains_reached: dict[tuple[str, str], tuple[str, ...]] | None = None,
) -> list[Scored]:
    """Score every failure of ``bp`` with the AP ``profile`` (name or JSON file), in file order.

    A bad profile raises :class:`blueprint.analysis.ap.ProfileError`. ``reached`` is
    :func:`~blueprint.analysis.graph.surfaces_at` and ``chains_reached``
    :func:`~blueprint.analysis.graph.chain_surfaces` when already computed.
    """
    from blueprint.analysis.economics import at_risk, breakdown
    from blueprint.analysis.graph import chain_surfaces, step_surfaces, surfaces_at

    table = load_profile(profile)
    steps = bp.step_index()
    if reached is None or chains_reached is None:
        by_step = step_surfaces(bp)
        reached = reached if reached is not None else surfaces_at(bp, by_step=by_step)
        chains_reached = chains_reached if chains_reached is not None else chain_surfaces(bp, by_step=by_step)
    out = []
    for f in bp.failures:
        money = None if bp.economics is None else breakdown(bp, f)
        parts = money.chains if money is not None else (None,) * len(f.causes)
        chains = tuple(
            _chain(f, c, table, chains_reached.get((f.id, c.id), ()), part)
            for c, part in zip(f.causes, parts, strict=True)
        )
        worst = min(chains, key=lambda c: (AP_ORDER[c.ap], -c.rpn, c.cause.index))
        res = worst.residual
        any_residual = any(c.residual is not None for c in chains)
        planned = planned_of(chains, table)
        out.append(
            Scored(
                failure=f,
                step=steps[f.step],
                ap=worst.ap,
                rpn=worst.rpn,
                criticality=worst.ratings.criticality,
                residual=res,
                residual_ap=worst.residual_ap,
                residual_rpn=worst.residual_rpn,
                surfaces_at=tuple(reached.get(f.id, ())),
                at_risk=None if money is None else money.at_risk,
                residual_at_risk=None if not any_residual else at_risk(bp, f, res or worst.ratings),
                chains=chains,
                planned=None if planned is None else planned[0],
                planned_ap=None if planned is None else planned[1],
                money=money,
            )
        )
    return numbered(out)


def _sod(r: Ratings) -> tuple[int, int, int]:
    return (r.severity, r.occurrence, r.detection)


def planned_of(chains: tuple[Chain, ...], table: Profile) -> tuple[Ratings, str] | None:
    """A mode's planned ratings and AP: its worst chain once every chain's planned actions
    are done (a chain with none keeps its residual, else current, ratings); None when no
    chain has a planned action. For a failure written without ``causes:``: its planned."""
    if all(c.planned is None for c in chains):
        return None
    after = []
    for c in chains:
        r = c.planned or c.residual or c.ratings
        after.append((AP_ORDER[table.ap(*_sod(r))], -r.rpn, c.cause.index, r))
    r = min(after, key=lambda x: x[:3])[3]
    return r, table.ap(*_sod(r))


def _chain(
    failure: Failure, cause: Cause, table: Profile, felt: tuple[str, ...], money: ChainMoney | None
) -> Chain:
    r = failure.chain_ratings(cause)
    res = failure.chain_residual(cause)
    planned = failure.chain_planned(cause)
    ap = table.ap(r.severity, r.occurrence, r.detection)
    addressed = cause.has_live_action or bool(cause.justification) or bool(failure.justification)
    return Chain(
        cause=cause,
        ratings=r,
        ap=ap,
        rpn=r.rpn,
        residual=res,
        residual_ap=None if res is None else table.ap(*_sod(res)),
        residual_rpn=None if res is None else res.rpn,
        needs_action=ap == "H" and not addressed,
        planned=planned,
        planned_ap=None if planned is None else table.ap(*_sod(planned)),
        surfaces_at=felt,
        felt_at_given=failure.chain_felt_at(cause) is not None,
        money=money,
    )


def ref(number: int) -> str:
    """``F`` and a failure's number (the same mark for a failure chain once it is numbered)."""
    return f"F{number}"


def numbered(scored: list[Scored]) -> list[Scored]:
    """``scored`` in its own order, each given its place in the default order as ``number``.

    The numbers depend on the whole file only (never on a filter or on ``--sort``), so a
    table, the report, the worksheet, the deck and the diagram all call a failure the same.
    """
    every = [(s, c) for s in scored for c in s.chains]
    order = sorted(
        every,
        key=lambda sc: (
            AP_ORDER[sc[1].ap],
            -sc[1].ratings.severity,
            -sc[1].rpn,
            *_file_order(sc[0]),
            sc[1].cause.index,
        ),
    )
    places = {id(c): i for i, (_, c) in enumerate(order, start=1)}
    out = []
    for s in scored:
        chains = tuple(replace(c, number=places[id(c)]) for c in s.chains)
        worst = s.worst
        number = places[id(worst)] if worst is not None else 0
        out.append(replace(s, chains=chains, number=number))
    return out


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
        raise SortError.worded(msg("fmea.error.sort", sort=sort, sorts=tuple(SORTS)))
    if sort == "risk" and any(s.at_risk is None for s in scored):
        raise SortError.worded(msg("fmea.error.risk"))
    ordered = sorted(scored, key=_sort_key(sort))
    return [replace(s, rank=i) for i, s in enumerate(ordered, start=1)]

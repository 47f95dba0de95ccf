"""The funded plan (``blueprint plan --budget N``): the open actions worth paying for.

Candidates are the open and in-progress actions with a ``cost`` and ``revised`` ratings.
Funding a set of actions gives each failure its *planned* ratings: each rating is the
lowest of the failure's current ratings (after done actions) and the revised ratings of
its funded actions (one action may lower the occurrence, another the detection). The
plan maximises what it removes within the budget:

- ``money``: the journey estimate of money at risk (:mod:`blueprint.analysis.money`);
  it is not a sum over actions (two failures met by one customer lose him once), so the
  solver (:mod:`blueprint.analysis.knapsack`) evaluates it as it is;
- ``rpn``: the sum of RPNs (the objective when the blueprint has no economics).

Up to :data:`EXACT_LIMIT` candidate actions (and at most :data:`MAX_PER_FAILURE` on one
failure) the plan is exact; beyond, greedy by removal per cost, kept when the best single
action does better (at least half the optimum when removals add up, as RPNs do).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from blueprint.analysis.ap import DEFAULT_PROFILE, ProfileRef, load_profile
from blueprint.analysis.knapsack import MAX_CELLS, Group, Option, exact_cells, greedy, objective, solve
from blueprint.model import Action, Blueprint, Failure, Ratings

__all__ = ["EXACT_LIMIT", "Chosen", "NotChosen", "Plan", "make_plan"]

EXACT_LIMIT: Final = 400
MAX_PER_FAILURE: Final = 8
OPEN: Final = ("open", "in-progress")
_TOL: Final = 1e-9

ApFn = Callable[[int, int, int], str]


@dataclass(frozen=True)
class Chosen:
    """A funded action: ``removed`` is what it removes on top of the funded actions ranked above it."""

    failure: Failure
    action: Action
    cost: float
    removed: float
    ap_before: str
    ap_after: str
    must: bool = False

    @property
    def ratio(self) -> float:
        return self.removed / self.cost if self.cost > 0 else float("inf")


@dataclass(frozen=True)
class NotChosen:
    """An open action left out, and why: ``no_revised``, ``no_cost``, ``no_gain``, ``over_budget``,
    ``must_over_budget``."""

    failure: Failure
    action: Action
    reason: str


@dataclass(frozen=True)
class Plan:
    """The funded plan and its totals, in the objective's unit (money per year, or RPN)."""

    budget: float
    objective: str  # "money" or "rpn"
    fallback: bool  # rpn because the blueprint has no economics
    method: str  # "exact" or "greedy"
    candidates: int
    chosen: tuple[Chosen, ...]
    not_chosen: tuple[NotChosen, ...]
    before: float
    after: float
    planned: dict[str, Ratings]  # failure id -> planned ratings, for the failures the plan changes
    must_missed: tuple[NotChosen, ...] = ()
    must: str | None = None  # the AP --must funds first

    @property
    def cost(self) -> float:
        return sum(c.cost for c in self.chosen)

    @property
    def removed(self) -> float:
        return self.before - self.after


def _lower(base: Ratings, actions: tuple[Action, ...]) -> Ratings:
    """Each rating at the lowest of ``base`` and the actions' revised ratings."""
    s, o, d = base.severity, base.occurrence, base.detection
    for a in actions:
        if a.revised is not None:
            s, o, d = min(s, a.revised.severity), min(o, a.revised.occurrence), min(d, a.revised.detection)
    return Ratings(s, o, d)


class _Model:
    """The objective of one blueprint: ``(s, b)`` of a failure at some ratings, and ``K``."""

    def __init__(self, bp: Blueprint, objective: str) -> None:
        self.bp = bp
        self.money = objective == "money"
        econ = bp.economics
        self.k = econ.customers * econ.revenue_per_customer if self.money and econ is not None else 0.0

    def journey(self, funded: set[tuple[str, int]]) -> float:
        """The objective (journey estimate, or total RPN) with the ``funded`` (failure id, index) actions."""
        groups = []
        for f in self.bp.failures:
            idx = tuple(i for i in range(len(f.actions)) if (f.id, i) in funded)
            acts = tuple(f.actions[i] for i in idx)
            groups.append(Group((self.option(f, (), 0.0, _lower(f.residual or f.ratings, acts), idx),)))
        return self.k - objective(self.k, groups, [0] * len(groups))

    def option(
        self, f: Failure, picks: tuple[int, ...], cost: float, ratings: Ratings, funded: tuple[int, ...] = ()
    ) -> Option:
        """``(s, b)`` of ``f`` at its planned ``ratings``, ``funded`` (else ``picks``) its funded actions."""
        if not self.money:
            return Option(picks, cost, 1.0, float(ratings.rpn))
        from blueprint.analysis.economics import breakdown, breakdown_at, chained_share, lowered_occurrences

        if f.chained:  # each funded action lowers its own cause's occurrence
            lowered: dict[str, int] = {}
            index = 0
            for cause in f.causes:
                for a in cause.actions:
                    if index in (funded or picks) and a.revised is not None:
                        o = min(lowered.get(cause.id, 10), a.revised.occurrence)
                        lowered[cause.id] = o
                    index += 1
            share, weights = chained_share(f, lowered), lowered_occurrences(f, lowered)
            b = breakdown_at(self.bp, f, share, "scale", ratings.severity, weights)
        else:
            b = breakdown(self.bp, f, ratings)
        n = self.bp.economics.customers if self.bp.economics is not None else 0.0
        survive = 1.0 - min(1.0, b.lost / n) if n > 0 else 1.0
        return Option(picks, cost, survive, b.incident_cost)


def _group(model: _Model, f: Failure, cands: list[int], forced: set[int]) -> Group:
    """Every subset of ``cands`` (action indices) that holds ``forced``, the empty one first."""
    base = f.residual or f.ratings
    options = []
    for r in range(len(cands) + 1):
        for picks in itertools.combinations(cands, r):
            if not forced <= set(picks):
                continue
            acts = tuple(f.actions[i] for i in picks)
            cost = sum(f.actions[i].cost or 0.0 for i in picks if i not in forced)  # forced ones are paid
            options.append(model.option(f, picks, cost, _lower(base, acts)))
    return Group(tuple(options))


def make_plan(
    bp: Blueprint,
    budget: float,
    *,
    objective_name: str | None = None,
    must: str | None = None,
    profile: ProfileRef = DEFAULT_PROFILE,
) -> Plan:
    """The best set of open actions within ``budget`` (see the module docstring).

    ``objective_name`` is ``money`` (the default with economics) or ``rpn`` (the only one
    without); ``must`` (``"H"``) funds first, cheapest first, every action that lowers a
    failure of that AP.
    """
    goal = "rpn" if bp.economics is None else objective_name or "money"
    model = _Model(bp, goal)
    ap_of = load_profile(profile).ap
    cands = {f.id: [i for i, a in enumerate(f.actions) if _candidate(a)] for f in bp.failures}
    forced, missed = _musts(bp, cands, budget, ap_of, must)
    usable = {fid: [i for i in idx if (fid, i) not in missed] for fid, idx in cands.items()}
    groups = [_group(model, f, usable[f.id], forced.get(f.id, set())) for f in bp.failures]
    count = sum(len(v) for v in cands.values())
    # a budget beyond what every candidate costs buys nothing more: the table need not be larger
    spendable = min(budget, sum(g.options[-1].cost for g in groups))
    exact = (
        sum(len(v) for v in usable.values()) <= EXACT_LIMIT
        and max((len(v) for v in usable.values()), default=0) <= MAX_PER_FAILURE
        and exact_cells(groups, spendable) <= MAX_CELLS
    )
    paid = sum(
        bp.failures[n].actions[i].cost or 0.0 for n, f in enumerate(bp.failures) for i in forced.get(f.id, ())
    )
    choice, _ = (solve if exact else greedy)(model.k, groups, max(0.0, min(budget, spendable) - paid))
    funded = {
        (f.id, i) for f, g, j in zip(bp.failures, groups, choice, strict=True) for i in g.options[j].picks
    }
    musts = {(fid, i) for fid, idx in forced.items() for i in idx}
    chosen = _attribute(bp, model, funded, ap_of, musts)
    not_chosen = _left_out(bp, model, funded, missed)
    planned = {}
    for f in bp.failures:
        acts = tuple(a for i, a in enumerate(f.actions) if (f.id, i) in funded)
        if acts:
            planned[f.id] = _lower(f.residual or f.ratings, acts)
    return Plan(
        budget=budget,
        objective=goal,
        fallback=bp.economics is None,
        method="exact" if exact else "greedy",
        candidates=count,
        chosen=chosen,
        not_chosen=not_chosen,
        before=model.journey(set()),
        after=model.journey(funded),
        planned=planned,
        must_missed=tuple(n for n in not_chosen if n.reason == "must_over_budget"),
        must=must.upper() if must else None,
    )


def _candidate(a: Action) -> bool:
    return a.status in OPEN and a.cost is not None and a.revised is not None


def _musts(
    bp: Blueprint, cands: dict[str, list[int]], budget: float, ap_of: ApFn, must: str | None
) -> tuple[dict[str, set[int]], set[tuple[str, int]]]:
    """The actions ``--must`` funds first (cheapest first, then file order) and those left over."""
    forced: dict[str, set[int]] = {}
    missed: set[tuple[str, int]] = set()
    if must is None:
        return forced, missed
    wanted = []
    for n, f in enumerate(bp.failures):
        base = f.residual or f.ratings
        if ap_of(base.severity, base.occurrence, base.detection) != must.upper():
            continue
        for i in cands[f.id]:
            if _lower(base, (f.actions[i],)).rpn < base.rpn:
                wanted.append((f.actions[i].cost or 0.0, n, i, f.id))
    left = budget
    for cost, _, i, fid in sorted(wanted):
        if cost <= left + _TOL:
            forced.setdefault(fid, set()).add(i)
            left -= cost
        else:
            missed.add((fid, i))
    return forced, missed


def _attribute(
    bp: Blueprint, model: _Model, funded: set[tuple[str, int]], ap_of: ApFn, musts: set[tuple[str, int]]
) -> tuple[Chosen, ...]:
    """The funded actions, best removal per cost alone first; each row's removal on top of those above."""
    alone = model.journey(set())
    keyed = []
    for n, f in enumerate(bp.failures):
        for i, a in enumerate(f.actions):
            if (f.id, i) in funded:
                gain = alone - model.journey({(f.id, i)})
                cost = a.cost or 0.0
                keyed.append((-(gain / cost) if cost > 0 else float("-inf"), n, i, f, a))
    keyed.sort(key=lambda k: k[:3])
    out = []
    done: set[tuple[str, int]] = set()
    last = alone
    for _, _, i, f, a in keyed:
        done.add((f.id, i))
        now = model.journey(done)
        base = f.residual or f.ratings
        after = _lower(base, (a,))
        out.append(
            Chosen(
                f,
                a,
                a.cost or 0.0,
                last - now,
                ap_of(base.severity, base.occurrence, base.detection),
                ap_of(after.severity, after.occurrence, after.detection),
                (f.id, i) in musts,
            )
        )
        last = now
    return tuple(out)


def _left_out(
    bp: Blueprint, model: _Model, funded: set[tuple[str, int]], missed: set[tuple[str, int]]
) -> tuple[NotChosen, ...]:
    """Every open action not funded, in file order, with its reason."""
    out = []
    now = model.journey(funded)
    for f in bp.failures:
        for i, a in enumerate(f.actions):
            if a.status not in OPEN or (f.id, i) in funded:
                continue
            if a.revised is None:
                reason = "no_revised"
            elif a.cost is None:
                reason = "no_cost"
            elif (f.id, i) in missed:
                reason = "must_over_budget"
            elif now - model.journey(funded | {(f.id, i)}) <= _TOL * (1 + abs(now)):
                reason = "no_gain"
            else:
                reason = "over_budget"
            out.append(NotChosen(f, a, reason))
    return tuple(out)

"""What the graph tells a consultant: critical touchpoints, fail points, wait points, time.

Pure functions over a :class:`~blueprint.model.Blueprint`; ``blueprint graph`` prints them.

- **Critical touchpoints**: every step behind the line of interaction, ranked by how many
  customer steps would feel a failure of it (its own failure, carried through ``uses``
  to the steps that rely on it and then along the flow, by the rule of
  :func:`blueprint.analysis.graph.surfaces_at`). The risk beside it is the risk of the failure
  modes recorded at the step and at every step that relies on it: their count, the sum
  of their current RPNs and how many have Action Priority H. "Current" ratings are the
  revised ratings of the last done action, else the initial ones.
- **Time**: the flow graph with its loops cut (a depth-first walk in file order drops
  every ``next`` edge back to a step still on the walk), then the longest path by
  expected time, end to end and inside each phase.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from blueprint.analysis.ap import DEFAULT_PROFILE, ProfileRef, load_profile
from blueprint.analysis.graph import Adjacency, adjacency, step_surfaces

if TYPE_CHECKING:
    from blueprint.model import Blueprint, Failure, Ratings, Step

__all__ = [
    "PathTime",
    "PhaseFailPoints",
    "Touchpoint",
    "WaitPoint",
    "critical_touchpoints",
    "current_ratings",
    "fail_points_by_phase",
    "journey_times",
    "unfelt_failures",
    "wait_points",
]


def current_ratings(failure: Failure) -> Ratings:
    """The revised ratings of the last done action, else the initial ratings.

    For a mode with several causes: the chain whose current RPN is highest.
    """
    if failure.chained:
        now = (failure.chain_residual(c) or failure.chain_ratings(c) for c in failure.causes)
        return max(now, key=lambda r: r.rpn)
    return failure.residual or failure.ratings


@dataclass(frozen=True)
class Touchpoint:
    """A step and the customer steps that would feel its failure."""

    step: str
    lane: str
    phase: str | None
    title: str
    #: customer steps where a failure of this step surfaces, file order
    customer_steps: tuple[str, ...]
    #: steps that rely on it through ``uses``, transitively, file order
    dependents: Sequence[str]
    #: failure modes at the step and its dependents
    failures: int
    #: sum of their current RPNs (after done actions: the last done action's revised
    #: ratings, else the initial ones)
    rpn: int
    #: how many of them have (current) Action Priority H
    high: int
    #: sum of their RPNs before any action (the initial ratings)
    rpn_before: int = 0


def critical_touchpoints(
    bp: Blueprint,
    profile: ProfileRef = DEFAULT_PROFILE,
    graph: Any = None,
    *,
    felt: dict[str, tuple[str, ...]] | None = None,
    adj: Adjacency | None = None,
) -> list[Touchpoint]:
    """Non-customer steps whose failure some customer step would feel, most felt first.

    Ranked by the number of customer steps, then summed RPN, then AP H count, then the
    number of dependents, then file order.
    """
    from blueprint.analysis.reliance import Relying, reliance_totals

    table = load_profile(profile)
    felt = felt if felt is not None else step_surfaces(bp, graph)
    adj = adj if adj is not None else adjacency(bp, graph)
    steps = bp.step_index()
    weights = []
    for sid in adj.ids:
        rpn = high = 0
        for f in steps[sid].failures:
            r = current_ratings(f)
            rpn += r.rpn
            high += table.ap(r.severity, r.occurrence, r.detection) == "H"
        weights.append((len(steps[sid].failures), rpn, high, sum(f.ratings.rpn for f in steps[sid].failures)))
    # counts and sums over the steps relying on each one, never a set per step
    counts, totals = reliance_totals(adj.used_by, weights)
    out = []
    for i, sid in enumerate(adj.ids):
        step = steps[sid]
        if step.lane == "customer" or not felt[sid]:
            continue
        relying = Relying(adj, i, counts[i])
        out.append(Touchpoint(sid, step.lane, step.phase, step.title, felt[sid], relying, *totals[i]))
    out.sort(key=lambda t: (-len(t.customer_steps), -t.rpn, -t.high, -len(t.dependents), steps[t.step].index))
    return out


@dataclass(frozen=True)
class PhaseFailPoints:
    """The fail points (steps with failure modes) of one phase."""

    phase: str | None
    title: str
    steps: tuple[str, ...]
    failures: int
    #: sum and maximum of the current RPNs, and how many have Action Priority H
    rpn: int
    max_rpn: int
    high: int


def _groups(bp: Blueprint) -> list[tuple[str | None, str, list[Step]]]:
    """Steps by phase, in phase order; steps without a declared phase last, as one group."""
    declared = {p.id: p.title for p in bp.phases}
    groups: dict[str | None, list[Step]] = {p.id: [] for p in bp.phases}
    for step in bp.steps:
        key = step.phase if step.phase in declared else None
        groups.setdefault(key, []).append(step)
    return [(key, declared.get(key, "") if key else "", members) for key, members in groups.items()]


def fail_points_by_phase(bp: Blueprint, profile: ProfileRef = DEFAULT_PROFILE) -> list[PhaseFailPoints]:
    """One entry per phase in phase order (an empty phase too), then steps with no phase."""
    table = load_profile(profile)
    out = []
    for key, title, members in _groups(bp):
        failures = [f for s in members for f in s.failures]
        ratings = [current_ratings(f) for f in failures]
        if key is None and not members:
            continue
        out.append(
            PhaseFailPoints(
                phase=key,
                title=title,
                steps=tuple(s.id for s in members if s.failures),
                failures=len(failures),
                rpn=sum(r.rpn for r in ratings),
                max_rpn=max((r.rpn for r in ratings), default=0),
                high=sum(table.ap(r.severity, r.occurrence, r.detection) == "H" for r in ratings),
            )
        )
    return out


@dataclass(frozen=True)
class WaitPoint:
    """A step whose expected time exceeds the customer's tolerance (seconds)."""

    step: str
    lane: str
    phase: str | None
    title: str
    expected: float
    tolerance: float

    @property
    def over(self) -> float:
        return self.expected - self.tolerance


def wait_points(bp: Blueprint) -> list[WaitPoint]:
    """Wait points, the worst (expected / tolerance) first, then in file order."""
    out = [
        WaitPoint(s.id, s.lane, s.phase, s.title, s.time.expected, s.time.tolerance)
        for s in bp.steps
        if s.time is not None and s.time.expected is not None and s.time.tolerance is not None
        if s.time.expected > s.time.tolerance
    ]
    index = {s.id: s.index for s in bp.steps}
    return sorted(out, key=lambda w: (-w.expected / max(w.tolerance, 1e-9), index[w.step]))


def unfelt_failures(
    bp: Blueprint, graph: Any = None, *, surfaces: dict[str, tuple[str, ...]] | None = None
) -> list[Failure]:
    """Failure modes that surface at no customer step, in file order: neither the graph nor a
    ``felt_at`` (of the failure or of one of its causes) places them."""
    from blueprint.analysis.graph import surfaces_at

    where = surfaces if surfaces is not None else surfaces_at(bp, graph)
    return [f for f in bp.failures if not where.get(f.id)]


@dataclass(frozen=True)
class PathTime:
    """The longest flow path by expected time, against what the customer tolerates (seconds).

    ``tolerance`` sums, over the path's steps that state an expected time, their
    tolerance, or their expected time when they state none (no stated limit, nothing
    over it). ``timed`` counts those steps.
    """

    phase: str | None
    title: str
    path: tuple[str, ...]
    expected: float
    tolerance: float
    timed: int

    @property
    def over(self) -> float:
        return self.expected - self.tolerance


def _forward_flow(bp: Blueprint, graph: Any) -> tuple[list[str], list[list[int]]]:
    """Step ids and the flow edges left once every loop is cut (depth-first, file order)."""
    adj = adjacency(bp, graph)
    n = len(adj.ids)
    state = [0] * n  # 0 unseen, 1 on the walk, 2 done
    kept: list[list[int]] = [[] for _ in range(n)]
    for root in range(n):
        if state[root]:
            continue
        state[root] = 1
        work = [(root, 0)]
        while work:
            v, i = work[-1]
            if i < len(adj.flow[v]):
                work[-1] = (v, i + 1)
                w = adj.flow[v][i]
                if state[w] == 1:
                    continue  # a back edge closes a loop: cut it
                kept[v].append(w)
                if state[w] == 0:
                    state[w] = 1
                    work.append((w, 0))
                continue
            state[v] = 2
            work.pop()
    return list(adj.ids), kept


def _longest(nodes: list[int], succ: list[list[int]], weight: list[float], last: list[bool]) -> list[int]:
    """The heaviest path through ``nodes`` (a DAG), then the one with most steps.

    Among equals, the path ending at a ``last`` step (a customer step: the journey ends
    with the customer), then the earliest in file order.
    """
    inside = set(nodes)
    indegree = {v: 0 for v in nodes}
    for v in nodes:
        for w in succ[v]:
            if w in inside:
                indegree[w] += 1
    ready = [v for v in nodes if indegree[v] == 0]
    heapq.heapify(ready)
    best: dict[int, tuple[float, int]] = {v: (weight[v], 1) for v in nodes}
    back: dict[int, int] = {}
    while ready:
        v = heapq.heappop(ready)
        for w in succ[v]:
            if w not in inside:
                continue
            candidate = (best[v][0] + weight[w], best[v][1] + 1)
            if candidate > best[w] or (candidate == best[w] and w in back and v < back[w]):
                best[w] = candidate
                back[w] = v
            indegree[w] -= 1
            if indegree[w] == 0:
                heapq.heappush(ready, w)
    if not nodes:
        return []
    end = min(nodes, key=lambda v: (-best[v][0], -best[v][1], not last[v], v))
    path = [end]
    while path[-1] in back:
        path.append(back[path[-1]])
    return path[::-1]


def journey_times(bp: Blueprint, graph: Any = None) -> tuple[list[PathTime], PathTime]:
    """Per phase (phase order, then steps with no phase) and end to end, the longest flow path."""
    ids, succ = _forward_flow(bp, graph)
    steps = bp.step_index()
    times = [steps[sid].time for sid in ids]
    weight = [t.expected if t is not None and t.expected is not None else 0.0 for t in times]
    customer = [steps[sid].lane == "customer" for sid in ids]

    def measure(phase: str | None, title: str, nodes: list[int]) -> PathTime:
        path = _longest(nodes, succ, weight, customer)
        expected = tolerance = 0.0
        timed = 0
        for v in path:
            t = times[v]
            if t is not None and t.expected is not None:
                timed += 1
                expected += t.expected
                tolerance += t.tolerance if t.tolerance is not None else t.expected
        return PathTime(phase, title, tuple(ids[v] for v in path), expected, tolerance, timed)

    pos = {sid: i for i, sid in enumerate(ids)}
    phases = []
    for key, title, members in _groups(bp):
        nodes = sorted({pos[s.id] for s in members})
        if key is None and not nodes:
            continue
        phases.append(measure(key, title, nodes))
    return phases, measure(None, "", list(range(len(ids))))

"""The blueprint as a graph: flow and dependency edges, and where each failure surfaces.

The graph (:func:`build_graph`) is a :class:`networkx.MultiDiGraph` (a subclass of
``networkx.DiGraph``) whose nodes are step ids, in file order, with the attributes
``lane``, ``phase`` (``None`` without one), ``title`` and ``index`` (0-based file
position). Each edge has exactly one ``kind``, which is also its key:

- ``"flow"``: ``A -> B`` when ``B`` is in ``A.next``;
- ``"uses"``: ``B -> A`` when ``B`` is in ``A.uses`` -- the direction a failure travels.

Both kinds may join the same pair of steps, which is why the graph is a multigraph:
``graph.edges(keys=True)`` lists ``(source, target, kind)`` once per edge, and
``graph.has_edge(a, b, "flow")`` asks for one kind. Targets that name no step are left
out (``check`` reports them as BP003); a repeated step id keeps its first step.

Propagation (:func:`surfaces_at`) works on plain index lists, not on networkx, so that it
stays linear on blueprints of tens of thousands of steps: every per-step answer is
computed once, over the strongly connected components of the flow and dependency graphs,
so flow loops (retry, rework) and even dependency cycles terminate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from blueprint.analysis.scc import EMPTY as _EMPTY
from blueprint.analysis.scc import components, reach_union
from blueprint.common.gcpause import paused_gc

if TYPE_CHECKING:
    from blueprint.model import Blueprint, Failure

__all__ = [
    "Adjacency",
    "UsesLoop",
    "adjacency",
    "build_graph",
    "chain_surfaces",
    "components",
    "dependents",
    "felt_where",
    "flow_reached_from_customers",
    "reach_union",
    "step_surfaces",
    "surfaces_at",
    "uses_cycles",
]


def build_graph(bp: Blueprint) -> Any:
    """The blueprint's graph: a ``networkx.MultiDiGraph`` of steps with flow and uses edges."""
    import networkx as nx

    graph = nx.MultiDiGraph(title=bp.title)
    steps = _kept_steps(bp)
    for step in steps:
        graph.add_node(step.id, lane=step.lane, phase=step.phase, title=step.title, index=step.index)
    # every flow edge first, so each step's flow successors keep the order 'next' gives them
    for step in steps:
        for target in step.next:
            if target in graph and not graph.has_edge(step.id, target, "flow"):
                graph.add_edge(step.id, target, key="flow", kind="flow")
    for step in steps:
        for used in step.uses:
            if used in graph and not graph.has_edge(used, step.id, "uses"):
                graph.add_edge(used, step.id, key="uses", kind="uses")
    return graph


def _kept_steps(bp: Blueprint) -> list[Any]:
    """Steps in file order, the first of each id only (a repeat is BP002's business)."""
    seen: set[str] = set()
    kept = []
    for step in bp.steps:
        if step.id not in seen:
            seen.add(step.id)
            kept.append(step)
    return kept


@dataclass(frozen=True)
class Adjacency:
    """The graph as index lists: node ``i`` is the ``i``-th distinct step in file order."""

    ids: tuple[str, ...]
    lanes: tuple[str, ...]
    #: each step's phase id (``None`` without one)
    phases: tuple[str | None, ...]
    #: flow successors (``next``), in the order written, without repeats
    flow: tuple[tuple[int, ...], ...]
    #: for each step, the steps that use it (the direction a failure travels)
    used_by: tuple[tuple[int, ...], ...]

    def position(self) -> dict[str, int]:
        """Step id -> node index."""
        return {sid: i for i, sid in enumerate(self.ids)}

    def names(self, nodes: frozenset[int] | set[int]) -> tuple[str, ...]:
        """Step ids of ``nodes``, in file order."""
        return tuple(self.ids[i] for i in sorted(nodes))


def adjacency(bp: Blueprint, graph: Any = None) -> Adjacency:
    """Index lists for ``bp``, read from ``graph`` when one is given, else straight from ``bp``.

    ``graph`` may be the networkx multigraph of :func:`build_graph` or an :class:`Adjacency`
    already made (which is returned as it is: the :class:`~blueprint.analysis.Analysis` of a
    run builds it once).
    """
    if isinstance(graph, Adjacency):
        return graph
    if graph is not None:
        return _adjacency_from_graph(graph)
    return _build_adjacency(bp)


def _build_adjacency(bp: Blueprint) -> Adjacency:
    steps = _kept_steps(bp)
    pos = {s.id: i for i, s in enumerate(steps)}
    used_by: list[list[int]] = [[] for _ in steps]
    flow = []
    for i, step in enumerate(steps):
        flow.append(tuple(dict.fromkeys(pos[t] for t in step.next if t in pos)))
        for used in dict.fromkeys(step.uses):
            if used in pos:
                used_by[pos[used]].append(i)
    return Adjacency(
        ids=tuple(s.id for s in steps),
        lanes=tuple(s.lane for s in steps),
        phases=tuple(s.phase for s in steps),
        flow=tuple(flow),
        used_by=tuple(tuple(u) for u in used_by),
    )


def _adjacency_from_graph(graph: Any) -> Adjacency:
    nodes = sorted(graph.nodes(data=True), key=lambda item: item[1]["index"])
    pos = {sid: i for i, (sid, _) in enumerate(nodes)}
    flow: list[list[int]] = [[] for _ in nodes]
    used_by: list[list[int]] = [[] for _ in nodes]
    for source, target, kind in graph.edges(keys=True):
        if kind == "flow":
            flow[pos[source]].append(pos[target])
        else:
            used_by[pos[source]].append(pos[target])
    return Adjacency(
        ids=tuple(sid for sid, _ in nodes),
        lanes=tuple(str(attrs["lane"]) for _, attrs in nodes),
        phases=tuple(attrs["phase"] for _, attrs in nodes),
        flow=tuple(tuple(f) for f in flow),
        used_by=tuple(tuple(sorted(u)) for u in used_by),
    )


def _union(parts: Sequence[frozenset[int]]) -> frozenset[int]:
    """The union of ``parts``, reusing the one set when only one is not empty."""
    distinct = {id(p): p for p in parts if p}
    if len(distinct) == 1:
        return next(iter(distinct.values()))
    return frozenset().union(*distinct.values()) if distinct else _EMPTY


def _first_customers(adj: Adjacency, customer: list[bool]) -> list[frozenset[int]]:
    """For every step, the first customer steps downstream along ``next`` (crossing any other lane)."""
    n = len(adj.ids)
    inner = [() if customer[v] else tuple(w for w in adj.flow[v] if not customer[w]) for v in range(n)]
    direct = [_EMPTY if customer[v] else frozenset(w for w in adj.flow[v] if customer[w]) for v in range(n)]
    return reach_union(inner, direct)


def _frontstage_felt(adj: Adjacency, customer: list[bool], felt: list[frozenset[int]]) -> None:
    """Fill ``felt`` for frontstage steps: their interaction partners, else as the rule falls back."""
    n = len(adj.ids)
    joined: list[set[int]] = [set() for _ in range(n)]
    for v in range(n):
        if adj.lanes[v] == "frontstage":
            joined[v].update(w for w in adj.flow[v] if customer[w])
        elif customer[v]:
            for w in adj.flow[v]:
                if adj.lanes[w] == "frontstage":
                    joined[w].add(v)
    first: list[frozenset[int]] | None = None
    shared: dict[frozenset[int], frozenset[int]] = {}
    for v in range(n):
        if adj.lanes[v] != "frontstage":
            continue
        phase = adj.phases[v]
        found = frozenset(c for c in joined[v] if adj.phases[c] == phase) or frozenset(joined[v])
        if not found:
            if first is None:
                first = _first_customers(adj, customer)
            found = first[v]
        felt[v] = shared.setdefault(found, found)


def _felt_sets(adj: Adjacency) -> list[frozenset[int]]:
    """For every step, the customer steps where a failure of that step is felt (node sets).

    Customer steps first (themselves), then frontstage steps (:func:`_frontstage_felt`),
    then backstage and support steps in two passes over strongly connected components:
    the first frontstage or customer steps downstream along ``next`` (through backstage
    and support steps), then the steps that use them (through backstage and support steps).
    """
    n = len(adj.ids)
    customer = [lane == "customer" for lane in adj.lanes]
    felt: list[frozenset[int]] = [frozenset((v,)) if customer[v] else _EMPTY for v in range(n)]
    _frontstage_felt(adj, customer, felt)
    behind = [lane in ("backstage", "support") for lane in adj.lanes]
    along = [tuple(w for w in adj.flow[v] if behind[w]) if behind[v] else () for v in range(n)]
    met = [_union([felt[w] for w in adj.flow[v] if not behind[w]]) if behind[v] else _EMPTY for v in range(n)]
    downstream = reach_union(along, met)
    users = [tuple(u for u in adj.used_by[v] if behind[u]) if behind[v] else () for v in range(n)]
    seed = [
        _union([downstream[v], *(felt[u] for u in adj.used_by[v] if not behind[u])]) if behind[v] else _EMPTY
        for v in range(n)
    ]
    carried = reach_union(users, seed)
    return [carried[v] if behind[v] else felt[v] for v in range(n)]


def step_surfaces(bp: Blueprint, graph: Any = None) -> dict[str, tuple[str, ...]]:
    """Step id -> the customer steps (file order) where a failure of that step is felt."""
    with paused_gc():
        adj = adjacency(bp, graph)
        felt = _felt_sets(adj)
        named: dict[int, tuple[str, ...]] = {}
        out = {}
        for i, sid in enumerate(adj.ids):
            key = id(felt[i])
            if key not in named:
                named[key] = adj.names(felt[i])
            out[sid] = named[key]
        return out


def surfaces_at(
    bp: Blueprint, graph: Any = None, *, by_step: dict[str, tuple[str, ...]] | None = None
) -> dict[str, tuple[str, ...]]:
    """Failure id -> the customer steps where the customer feels it, in file order.

    A failure with ``felt_at`` is felt where its author says (:func:`felt_where`); any
    other is felt where a failure of its step is (:func:`step_surfaces`), by the rule:

    1. at X itself, when X is a customer step;
    2. when X is frontstage, at its interaction partners: the customer steps in X's
       phase joined to X by a ``next`` edge in either direction; without any, the
       customer steps joined to X by ``next`` in any phase; without any, the first
       customer steps reached downstream along ``next``;
    3. when X is backstage or support, wherever it is felt at each of the first
       frontstage or customer steps reached downstream along ``next`` (through backstage
       and support steps) and at each step that uses X (directly or through other
       backstage and support steps).

    A mode whose causes say where they are felt (``felt_at`` on a cause) is felt where its
    chains are (:func:`chain_surfaces`), all of them together.

    Failures reaching no customer step map to an empty tuple. Every failure id of ``bp``
    is a key, in file order. ``by_step`` is :func:`step_surfaces` when already computed.
    """
    with paused_gc():
        if by_step is None:
            by_step = step_surfaces(bp, graph)
        order: dict[str, int] = {}
        out: dict[str, tuple[str, ...]] = {}
        for step in bp.steps:
            for failure in step.failures:
                if any(c.felt_at is not None for c in failure.causes):
                    order = order or {sid: i for i, sid in enumerate(by_step)}
                    chains = _chains_felt(failure, by_step[step.id], order)
                    out.setdefault(failure.id, felt_where([sid for felt in chains for sid in felt], order))
                elif failure.felt_at is not None:
                    order = order or {sid: i for i, sid in enumerate(by_step)}
                    out.setdefault(failure.id, felt_where(failure.felt_at, order))
                else:
                    out.setdefault(failure.id, by_step[step.id])
        return out


def chain_surfaces(
    bp: Blueprint, graph: Any = None, *, by_step: dict[str, tuple[str, ...]] | None = None
) -> dict[tuple[str, str], tuple[str, ...]]:
    """(failure id, cause id) -> the customer steps where that failure chain is felt, file order.

    A chain is felt where its cause's ``felt_at`` says, else where its failure's says, else
    where a failure of its step is (:func:`step_surfaces`). A failure written without
    ``causes:`` has one chain, whose cause id is the failure's id.
    """
    if by_step is None:
        by_step = step_surfaces(bp, graph)
    order = {sid: i for i, sid in enumerate(by_step)}
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    for step in bp.steps:
        for failure in step.failures:
            felt = _chains_felt(failure, by_step[step.id], order)
            for cause, where in zip(failure.causes, felt, strict=True):
                out.setdefault((failure.id, cause.id), where)
    return out


def _chains_felt(failure: Failure, computed: tuple[str, ...], order: dict[str, int]) -> list[tuple[str, ...]]:
    """Where each chain of ``failure`` is felt, in the order of its causes."""
    out = []
    for cause in failure.causes:
        given = failure.chain_felt_at(cause)
        out.append(computed if given is None else felt_where(given, order))
    return out


def felt_where(felt_at: Sequence[str], order: dict[str, int]) -> tuple[str, ...]:
    """An author's ``felt_at`` list (of a failure, or of anything else that carries one)
    as surfaces are given: known step ids, file order (``order``: id -> position), once each."""
    return tuple(sorted({sid for sid in felt_at if sid in order}, key=order.__getitem__))


def dependents(bp: Blueprint, graph: Any = None) -> dict[str, tuple[str, ...]]:
    """Step id -> the steps that rely on it through ``uses``, transitively (file order, not itself)."""
    with paused_gc():
        adj = adjacency(bp, graph)
        closure = reach_union(adj.used_by, [frozenset((v,)) for v in range(len(adj.ids))])
        return {sid: adj.names(closure[i] - {i}) for i, sid in enumerate(adj.ids)}


@dataclass(frozen=True)
class UsesLoop:
    """Steps that depend on each other in a loop through ``uses``."""

    #: a shortest loop: each step uses the next, the last uses the first
    steps: tuple[str, ...]
    #: every step tangled with it (the loop's strongly connected component), file order
    tangle: tuple[str, ...]


def uses_cycles(bp: Blueprint, graph: Any = None) -> list[UsesLoop]:
    """One dependency loop per tangle of steps that use each other, in file order.

    Each loop starts at the first step of its tangle in file order and is a shortest loop
    through it (``("a", "b")``: a uses b and b uses a; ``("a",)``: a uses itself).
    """
    adj = adjacency(bp, graph)
    n = len(adj.ids)
    uses: list[list[int]] = [[] for _ in range(n)]
    for target in range(n):
        for user in adj.used_by[target]:
            uses[user].append(target)
    comps, comp_of = components(uses)
    loops = []
    for comp in comps:
        start = min(comp)
        if len(comp) == 1 and start not in uses[start]:
            continue
        loop = _shortest_loop(start, uses, comp_of)
        loops.append((start, UsesLoop(tuple(adj.ids[v] for v in loop), adj.names(set(comp)))))
    return [loop for _, loop in sorted(loops, key=lambda item: item[0])]


def flow_reached_from_customers(bp: Blueprint, graph: Any = None) -> frozenset[str]:
    """The steps some customer step leads to through ``next``, directly or through other steps."""
    adj = adjacency(bp, graph)
    seen = [False] * len(adj.ids)
    queue = [w for v, lane in enumerate(adj.lanes) if lane == "customer" for w in adj.flow[v]]
    for v in queue:
        if not seen[v]:
            seen[v] = True
            queue.extend(w for w in adj.flow[v] if not seen[w])
    return frozenset(adj.ids[v] for v in range(len(adj.ids)) if seen[v])


def _shortest_loop(start: int, succ: list[list[int]], comp_of: list[int]) -> list[int]:
    """The shortest path from ``start`` back to itself inside its component (BFS)."""
    if start in succ[start]:
        return [start]
    parent = {start: start}
    queue = [start]
    for v in queue:
        for w in succ[v]:
            if w == start:
                path = [v]
                while path[-1] != start:
                    path.append(parent[path[-1]])
                return path[::-1]
            if w not in parent and comp_of[w] == comp_of[start]:
                parent[w] = v
                queue.append(w)
    raise AssertionError("a component with more than one step has a loop through each step")

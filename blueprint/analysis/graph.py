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

from blueprint.common.gcpause import paused_gc

if TYPE_CHECKING:
    from blueprint.model import Blueprint

__all__ = [
    "Adjacency",
    "UsesLoop",
    "adjacency",
    "build_graph",
    "components",
    "dependents",
    "flow_reached_from_customers",
    "reach_union",
    "step_surfaces",
    "surfaces_at",
    "uses_cycles",
]

_EMPTY: frozenset[int] = frozenset()


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
        flow=tuple(tuple(f) for f in flow),
        used_by=tuple(tuple(sorted(u)) for u in used_by),
    )


def components(succ: Sequence[Sequence[int]]) -> tuple[list[list[int]], list[int]]:
    """Strongly connected components (Tarjan, iterative), sinks first.

    Returns the components, each a list of nodes, in reverse topological order (every
    edge leaving a component points to one listed earlier), and each node's component
    number.
    """
    n = len(succ)
    order = [-1] * n
    low = [0] * n
    comp_of = [-1] * n
    stack: list[int] = []
    comps: list[list[int]] = []
    counter = 0
    for root in range(n):
        if order[root] != -1:
            continue
        order[root] = low[root] = counter
        counter += 1
        if not succ[root]:  # most steps: a component of their own, no walk needed
            comp_of[root] = len(comps)
            comps.append([root])
            continue
        stack.append(root)
        path = [root]
        iters = [iter(succ[root])]
        while path:
            v = path[-1]
            for w in iters[-1]:
                if order[w] == -1:
                    order[w] = low[w] = counter
                    counter += 1
                    if not succ[w]:
                        comp_of[w] = len(comps)
                        comps.append([w])
                        continue
                    stack.append(w)
                    path.append(w)
                    iters.append(iter(succ[w]))
                    break
                if comp_of[w] == -1 and order[w] < low[v]:
                    low[v] = order[w]
            else:
                path.pop()
                iters.pop()
                if path and low[v] < low[path[-1]]:
                    low[path[-1]] = low[v]
                if low[v] == order[v]:
                    comp: list[int] = []
                    while True:
                        w = stack.pop()
                        comp_of[w] = len(comps)
                        comp.append(w)
                        if w == v:
                            break
                    comps.append(comp)
    return comps, comp_of


def reach_union(succ: Sequence[Sequence[int]], seed: Sequence[frozenset[int]]) -> list[frozenset[int]]:
    """For every node, the union of ``seed`` over the nodes it reaches (itself included).

    One pass over the components, sinks first: each component's answer is computed once
    from its members' seeds and its successors' answers, and shared by its members. When
    a component adds nothing to a single successor's answer, it reuses that frozenset, so
    long chains cost no copies.
    """
    comps, comp_of = components(succ)
    value: list[frozenset[int]] = [_EMPTY] * len(comps)
    for c, members in enumerate(comps):
        parts: dict[int, frozenset[int]] = {}
        for v in members:
            if seed[v]:
                parts[id(seed[v])] = seed[v]
            for w in succ[v]:
                other = comp_of[w]
                if other != c and value[other]:
                    parts[id(value[other])] = value[other]
        if len(parts) == 1:
            value[c] = next(iter(parts.values()))
        elif parts:
            value[c] = frozenset().union(*parts.values())
    return [value[comp_of[v]] for v in range(len(succ))]


def _felt_sets(adj: Adjacency) -> list[frozenset[int]]:
    """For every step, the customer steps where a failure of that step is felt (node sets)."""
    n = len(adj.ids)
    customer = [lane == "customer" for lane in adj.lanes]
    # the flow walk stops at customer steps: it only crosses non-customer ones
    inner = [() if customer[v] else tuple(w for w in adj.flow[v] if not customer[w]) for v in range(n)]
    direct = [_EMPTY if customer[v] else frozenset(w for w in adj.flow[v] if customer[w]) for v in range(n)]
    first = reach_union(inner, direct)
    # a frontstage step with no customer step downstream is felt where customers enter it
    entered: list[set[int]] = [set() for _ in range(n)]
    for c in range(n):
        if customer[c]:
            for w in adj.flow[c]:
                if adj.lanes[w] == "frontstage" and not first[w]:
                    entered[w].add(c)
    reach = first
    if any(entered):
        seed = [direct[v] | entered[v] if entered[v] else direct[v] for v in range(n)]
        reach = reach_union(inner, seed)
    own = [frozenset((v,)) if customer[v] else reach[v] for v in range(n)]
    return reach_union(adj.used_by, own)


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

    For a failure at step X, take X and every step that depends on X through ``uses``,
    transitively. Each such step Y that is in the customer lane surfaces the failure at Y.
    From any other Y, follow the flow (``next``) and stop at the first customer step on
    every path: those steps are where it surfaces. When the walk from Y meets a frontstage
    step (Y included) with no customer step anywhere downstream, the failure surfaces at
    the customer steps that flow directly into that frontstage step. Failures reaching no
    customer step map to an empty tuple. Every failure id of ``bp`` is a key, in file order.
    ``by_step`` is :func:`step_surfaces` when already computed.
    """
    with paused_gc():
        if by_step is None:
            by_step = step_surfaces(bp, graph)
        out: dict[str, tuple[str, ...]] = {}
        for step in bp.steps:
            for failure in step.failures:
                out.setdefault(failure.id, by_step[step.id])
        return out


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

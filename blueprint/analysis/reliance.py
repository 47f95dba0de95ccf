"""Who relies on each step through ``uses``, transitively, in memory linear on chains.

The set of steps relying on a step can be as large as the blueprint, so keeping one per
step is quadratic: a 50,000-step ``uses`` chain would hold 1.25 billion entries. The
critical touchpoints need only how many steps rely on each one and the sums of their
risk, so :func:`reliance_totals` computes those over the condensation of the ``used_by``
graph, sinks first: a component with one successor component adds its own to that
successor's totals (exact, as the two are disjoint); only a component with several
successors, where the same steps could be counted twice, forms the actual set. The
names of the steps relying on one step (:func:`relying_names`) are walked on demand.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from blueprint.analysis.graph import Adjacency, components

__all__ = ["Relying", "reliance_totals", "relying_names"]


def reliance_totals(
    used_by: Sequence[Sequence[int]], weights: Sequence[tuple[int, ...]]
) -> tuple[list[int], list[tuple[int, ...]]]:
    """For every node: how many nodes reach it through ``used_by`` (itself excluded) and the
    sums of ``weights`` over it and them.

    ``weights`` gives each node a tuple of the same length. Memory stays linear on chains
    and trees; time is linear there too, and proportional to the sets formed elsewhere.
    """
    comps, comp_of = components(used_by)
    width = len(weights[0]) if weights else 0
    count = [0] * len(comps)
    total: list[tuple[int, ...]] = [()] * len(comps)
    parent = [-1] * len(comps)  # the one successor component a chain link adds itself to
    sets: dict[int, frozenset[int]] = {}  # the components whose reach was formed
    for c, members in enumerate(comps):
        succ = {comp_of[w] for v in members for w in used_by[v]} - {c}
        own = [sum(weights[v][k] for v in members) for k in range(width)]
        if len(succ) <= 1:
            count[c] = len(members)
            if succ:
                (s,) = succ
                parent[c] = s
                count[c] += count[s]
                own = [a + b for a, b in zip(own, total[s], strict=True)]
            total[c] = tuple(own)
            continue
        reach = frozenset(members).union(*(_reach(s, comps, parent, sets) for s in sorted(succ)))
        sets[c] = reach
        count[c] = len(reach)
        total[c] = tuple(sum(weights[v][k] for v in reach) for k in range(width))
    return [count[comp_of[v]] - 1 for v in range(len(used_by))], [
        total[comp_of[v]] for v in range(len(used_by))
    ]


def _reach(
    c: int, comps: list[list[int]], parent: list[int], sets: dict[int, frozenset[int]]
) -> frozenset[int]:
    """The nodes of component ``c`` and all it reaches: up its chain of links to a formed set."""
    if c in sets:
        return sets[c]
    nodes: list[int] = []
    while c != -1 and c not in sets:
        nodes += comps[c]
        c = parent[c]
    return frozenset(nodes).union(sets[c]) if c != -1 else frozenset(nodes)


def relying_names(adj: Adjacency, node: int) -> tuple[str, ...]:
    """The steps that rely on ``node`` through ``uses``, transitively, in file order, not itself."""
    seen = {node}
    todo = [node]
    while todo:
        for w in adj.used_by[todo.pop()]:
            if w not in seen:
                seen.add(w)
                todo.append(w)
    seen.discard(node)
    return adj.names(seen)


class Relying(Sequence[str]):
    """The steps relying on one step, in file order: counted up front, named when first read."""

    def __init__(self, adj: Adjacency, node: int, count: int) -> None:
        self._adj = adj
        self._node = node
        self._count = count
        self._names: tuple[str, ...] | None = None

    def _all(self) -> tuple[str, ...]:
        if self._names is None:
            self._names = relying_names(self._adj, self._node)
        return self._names

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: Any) -> Any:
        return self._all()[index]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Relying):
            return self._all() == other._all()
        return isinstance(other, tuple) and self._all() == other

    def __hash__(self) -> int:
        return hash(self._all())

    def __repr__(self) -> str:
        return repr(self._all())

"""Strongly connected components and a one-pass union over what each node reaches.

Plain index lists (node ``i``'s successors are ``succ[i]``), no networkx: these are the
passes that keep failure propagation linear on blueprints of tens of thousands of steps.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["EMPTY", "components", "reach_union"]

EMPTY: frozenset[int] = frozenset()


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
    value: list[frozenset[int]] = [EMPTY] * len(comps)
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

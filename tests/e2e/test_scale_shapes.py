"""The shapes that were scale cliffs stay near-linear: long ``next`` chains, deep ``uses``
chains and large worksheets.

Time and memory are measured as a ratio between a size and four times that size in the
same test (the machines are shared and noisy): linear work gives about 4, quadratic 16,
cubic 64. The faster algorithms are also checked against the simple ones they replaced,
on generated graphs.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from blueprint.analysis.core import Analysis
from blueprint.analysis.reliance import Relying, reliance_totals
from blueprint.analysis.touchpoints import critical_touchpoints
from blueprint.load.loader import load_bytes, require_valid
from blueprint.model import Blueprint, Step
from blueprint.render import RenderOptions, to_dot_text
from blueprint.render.layout import _flow_order, build_diagram
from blueprint.render.mermaid import to_mermaid
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from shapes import next_chain, uses_chain, worksheet_csv

#: 4x the size may cost at most this many times the time or memory (linear: 4)
RATIO = 9.0


def _bp(text: str) -> Blueprint:
    return require_valid(load_bytes(text.encode("utf-8"), "shape.blueprint.yaml"))


def _analysis(text: str) -> Analysis:
    return Analysis(_bp(text))


def _seconds(work: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def _peak(work: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _ratio(
    measure: Callable[[Callable[[], object]], float], make: Callable[[int], Callable[[], object]], n: int
) -> float:
    small, large = make(n), make(4 * n)
    return measure(large) / max(measure(small), 1e-6)


# -- long next chains: the layout's flow order ------------------------------------------------


def test_dot_on_a_long_next_chain_is_near_linear() -> None:
    def make(n: int) -> Callable[[], object]:
        return lambda: to_dot_text(_analysis(next_chain(n)), RenderOptions(fmt="dot"))

    assert _ratio(_seconds, make, 400) < RATIO  # was cubic: 2,000 steps took 10 s


def test_mermaid_on_a_long_next_chain_is_near_linear() -> None:
    def make(n: int) -> Callable[[], object]:
        return lambda: to_mermaid(build_diagram(_analysis(next_chain(n))), RenderOptions(fmt="mermaid"))

    assert _ratio(_seconds, make, 400) < RATIO


def test_a_3000_step_chain_draws_in_seconds() -> None:
    analysis = _analysis(next_chain(3000))
    assert _seconds(lambda: to_dot_text(analysis, RenderOptions(fmt="dot")), repeat=1) < 20  # was minutes


def _old_flow_order(cell: list[Step], flows: Sequence[tuple[str, str]]) -> list[Step]:
    """The flow order as it was first written (cubic), the reference for the heap version."""
    ids = {s.id for s in cell}
    preds: dict[str, set[str]] = {s.id: set() for s in cell}
    for a, b in flows:
        if a in ids and b in ids and a != b:
            preds[b].add(a)
    done: list[Step] = []
    left = list(cell)
    while left:
        ready = [s for s in left if not (preds[s.id] - {d.id for d in done})]
        pick = ready[0] if ready else left[0]
        done.append(pick)
        left.remove(pick)
    return done


@given(
    st.integers(1, 12).flatmap(
        lambda n: st.tuples(
            st.just(n), st.lists(st.tuples(st.integers(0, n + 2), st.integers(0, n + 2)), max_size=30)
        )
    )
)
def test_flow_order_is_the_one_it_replaced(case: tuple[int, list[tuple[int, int]]]) -> None:
    n, edges = case
    cell = [
        Step(f"s{i}", "customer", "t", None, (), None, None, (), (), None, None, (), index=i)
        for i in range(n)
    ]
    flows = [(f"s{a}", f"s{b}") for a, b in edges]  # some name steps outside the cell
    assert [s.id for s in _flow_order(cell, flows)] == [s.id for s in _old_flow_order(cell, flows)]


# -- deep uses chains: who relies on each step --------------------------------------------------


def test_touchpoints_on_a_deep_uses_chain_take_linear_memory() -> None:
    def make(n: int) -> Callable[[], object]:
        bp = _bp(uses_chain(n))
        return lambda: critical_touchpoints(bp)

    assert _ratio(lambda w: float(_peak(w)), make, 1000) < RATIO  # was quadratic: 8,000 deep took 1.7 GB


def test_touchpoints_on_a_deep_uses_chain_count_every_step_relying() -> None:
    bp = _bp(uses_chain(300))
    top = {t.step: t for t in critical_touchpoints(bp)}
    assert len(top["u299"].dependents) == 300  # the customer step and u0 .. u298
    assert top["u299"].dependents[0] == "c"
    assert top["u0"].dependents == ("c",)
    assert top["u299"].failures == 300


def _brute(
    used_by: list[list[int]], weights: list[tuple[int, ...]]
) -> tuple[list[int], list[tuple[int, ...]]]:
    counts, totals = [], []
    for v in range(len(used_by)):
        seen, todo = {v}, [v]
        while todo:
            for w in used_by[todo.pop()]:
                if w not in seen:
                    seen.add(w)
                    todo.append(w)
        counts.append(len(seen) - 1)
        totals.append(tuple(sum(weights[u][k] for u in seen) for k in range(2)))
    return counts, totals


@given(
    st.integers(1, 14).flatmap(
        lambda n: st.tuples(
            st.lists(st.lists(st.integers(0, n - 1), max_size=3), min_size=n, max_size=n),
            st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), min_size=n, max_size=n),
        )
    )
)
def test_reliance_totals_match_brute_force(case: tuple[list[list[int]], list[tuple[int, int]]]) -> None:
    used_by, weights = case  # any graph: cycles, diamonds, self-loops, repeats
    assert reliance_totals(used_by, weights) == _brute(used_by, weights)


def test_relying_names_are_counted_before_they_are_listed() -> None:
    from blueprint.analysis.graph import adjacency

    adj = adjacency(_bp(uses_chain(5)))
    relying = Relying(adj, adj.ids.index("u4"), 5)
    assert len(relying) == 5 and relying._names is None
    assert list(relying) == ["c", "u0", "u1", "u2", "u3"]


# -- large worksheets -----------------------------------------------------------------------


def test_import_of_a_large_worksheet_is_near_linear(tmp_path: Path) -> None:
    from blueprint.worksheet.importer import import_worksheet

    def make(n: int) -> Callable[[], object]:
        path = tmp_path / f"w{n}.csv"
        path.write_text(worksheet_csv(n), encoding="utf-8")
        return lambda: import_worksheet(str(path))

    assert _ratio(lambda w: _seconds(w, repeat=1), make, 300) < RATIO  # was 381 s for 100,000 rows

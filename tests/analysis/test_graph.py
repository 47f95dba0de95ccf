"""The graph and where failures surface: hand-built cases, then a reference check on random graphs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from blueprint.analysis.graph import (
    adjacency,
    build_graph,
    components,
    dependents,
    flow_reached_from_customers,
    step_surfaces,
    surfaces_at,
    uses_cycles,
)
from blueprint.analysis.touchpoints import critical_touchpoints, journey_times
from blueprint.load.build import build
from blueprint.load.loader import load_blueprint
from blueprint.model import Blueprint
from tests.conftest import EXAMPLES, examples

LANE = {"c": "customer", "f": "frontstage", "b": "backstage", "s": "support"}


def make(*steps: dict[str, Any], phases: list[str] | None = None) -> Blueprint:
    """A blueprint from step dicts; every step gets one failure, id ``<step>.1``."""
    data: dict[str, Any] = {"blueprint": 1, "title": "t", "steps": []}
    if phases:
        data["phases"] = [{"id": p, "title": p.title()} for p in phases]
    for s in steps:
        s = dict(s)
        s.setdefault("title", s["id"])
        s.setdefault("failures", [{"mode": "m", "severity": 5, "occurrence": 5, "detection": 5}])
        data["steps"].append(s)
    return build(data, "t.blueprint.yaml", lambda path: (1, 1))


def step(sid: str, lane: str, next: tuple[str, ...] = (), uses: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"id": sid, "lane": LANE[lane], "next": list(next), "uses": list(uses)}


def felt(bp: Blueprint, sid: str) -> tuple[str, ...]:
    return surfaces_at(bp)[f"{sid}.1"]


# -- the graph ----------------------------------------------------------------------------


def test_build_graph_nodes_and_both_edge_kinds() -> None:
    bp = make(
        step("order", "c", next=["confirm"]),
        step("confirm", "f", next=["ship"], uses=["shop"]),
        step("ship", "b", uses=["shop"], next=["shop"]),
        step("shop", "s"),
    )
    g = build_graph(bp)
    assert isinstance(g, nx.DiGraph)
    assert list(g.nodes) == ["order", "confirm", "ship", "shop"]
    assert g.nodes["confirm"] == {"lane": "frontstage", "phase": None, "title": "confirm", "index": 1}
    edges = sorted(g.edges(keys=True))
    assert edges == [
        ("confirm", "ship", "flow"),
        ("order", "confirm", "flow"),
        ("ship", "shop", "flow"),
        ("shop", "confirm", "uses"),
        ("shop", "ship", "uses"),
    ]
    # ship -> shop (flow) and shop -> ship (uses) are both kept, each with its kind
    assert g.edges["ship", "shop", "flow"]["kind"] == "flow"
    assert g.edges["shop", "ship", "uses"]["kind"] == "uses"


def test_same_pair_joined_by_flow_and_uses_keeps_both() -> None:
    bp = make(
        step("a", "f", next=["b"]), step("b", "b"), step("c", "f", uses=["d"], next=["d"]), step("d", "b")
    )
    g = build_graph(bp)
    assert sorted(g.edges(keys=True)) == [("a", "b", "flow"), ("c", "d", "flow"), ("d", "c", "uses")]
    bp2 = make(step("x", "f", next=["y"]), step("y", "b", uses=["x"]))
    assert sorted(build_graph(bp2).edges("x", keys=True)) == [("x", "y", "flow"), ("x", "y", "uses")]


def test_unknown_targets_and_repeated_ids_are_skipped() -> None:
    bp = make(
        step("a", "c", next=["nowhere", "b"], uses=["ghost"]), step("b", "f"), step("a", "s", next=["b"])
    )
    g = build_graph(bp)
    assert list(g.nodes) == ["a", "b"]
    assert g.nodes["a"]["lane"] == "customer"
    assert list(g.edges(keys=True)) == [("a", "b", "flow")]


def test_adjacency_from_graph_equals_adjacency_from_blueprint() -> None:
    bp = make(
        step("c1", "c", next=["f1"]),
        step("f1", "f", next=["c2", "b1"], uses=["s1"]),
        step("b1", "b", next=["s2", "f1"], uses=["s1", "s2"]),
        step("c2", "c"),
        step("s1", "s", uses=["s2"]),
        step("s2", "s"),
    )
    assert adjacency(bp) == adjacency(bp, build_graph(bp))
    assert surfaces_at(bp) == surfaces_at(bp, build_graph(bp))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_same_answers_with_or_without_a_networkx_graph(path: Path) -> None:
    bp = load_blueprint(str(path))
    graph = build_graph(bp)
    assert adjacency(bp) == adjacency(bp, graph)
    assert surfaces_at(bp) == surfaces_at(bp, graph)
    assert journey_times(bp) == journey_times(bp, graph)
    assert critical_touchpoints(bp) == critical_touchpoints(bp, graph=graph)


def test_components_sinks_first() -> None:
    succ = [[1], [2], [1, 3], [], [4]]  # 0 -> (1 <-> 2) -> 3; 4 loops on itself
    comps, comp_of = components(succ)
    assert sorted(map(sorted, comps)) == [[0], [1, 2], [3], [4]]
    assert comp_of[3] < comp_of[1] < comp_of[0]
    for v, targets in enumerate(succ):
        for w in targets:
            assert comp_of[w] <= comp_of[v]


def test_components_deep_chain_does_not_recurse() -> None:
    n = 50_000
    comps, _ = components([[i + 1] for i in range(n - 1)] + [[0]])
    assert len(comps) == 1 and len(comps[0]) == n


# -- where a failure surfaces ---------------------------------------------------------------


def test_frontstage_is_felt_at_its_interaction_partners() -> None:
    bp = make(
        step("c1", "c", next=["f1"]),
        step("f1", "f", next=["b1"]),
        step("b1", "b", next=["f2"]),
        step("f2", "f", next=["c2"]),
        step("c2", "c", next=["f3"]),
        step("f3", "f", next=["c3"]),
        step("c3", "c"),
    )
    assert felt(bp, "f1") == ("c1",)  # c1 flows into f1: the customer faces it there
    assert felt(bp, "b1") == ("c2",)  # b1 hands over to f2, which faces c2
    assert felt(bp, "f3") == ("c2", "c3")  # joined both ways, the same (no) phase


def test_card_reader_at_the_registration_desk_is_felt_at_check_in() -> None:
    bp = make(
        {**step("check-in", "c", next=["desk"]), "phase": "arrive"},
        {**step("desk", "f", next=["wait"], uses=["reader"]), "phase": "arrive"},
        {**step("wait", "c"), "phase": "consult"},
        {**step("reader", "s"), "phase": "arrive"},
        phases=["arrive", "consult"],
    )
    # version 1 of the rule said "wait", the first customer step downstream
    assert felt(bp, "desk") == ("check-in",)
    assert felt(bp, "reader") == ("check-in",)


def test_frontstage_fallbacks_in_order() -> None:
    """Same phase first, then any phase joined by next, then the first customer steps downstream."""
    same = make(
        {**step("c1", "c", next=["f"]), "phase": "p1"},
        {**step("f", "f", next=["c2"]), "phase": "p2"},
        {**step("c2", "c"), "phase": "p2"},
        phases=["p1", "p2"],
    )
    assert felt(same, "f") == ("c2",)
    other = make(
        {**step("c1", "c", next=["f"]), "phase": "p1"},
        {**step("f", "f", next=["c2"]), "phase": "p2"},
        {**step("c2", "c"), "phase": "p3"},
        phases=["p1", "p2", "p3"],
    )
    assert felt(other, "f") == ("c1", "c2")
    downstream = make(
        step("f", "f", next=["b"]),
        step("b", "b", next=["f2"]),
        step("f2", "f", next=["c1"]),
        step("c1", "c"),
        step("c2", "c"),
    )
    assert felt(downstream, "f") == ("c1",)


def test_failure_on_a_customer_step_surfaces_there() -> None:
    bp = make(step("c1", "c", next=["f1"]), step("f1", "f", next=["c2"]), step("c2", "c"))
    assert felt(bp, "c1") == ("c1",)
    assert felt(bp, "c2") == ("c2",)


def test_retry_loop_in_flow_terminates() -> None:
    bp = make(
        step("c1", "c", next=["f1"]),
        step("f1", "f", next=["f1", "b1"]),  # retry on itself
        step("b1", "b", next=["f1", "c2"]),  # rework back to f1
        step("c2", "c", next=["c1"]),  # the customer starts over
    )
    assert felt(bp, "f1") == ("c1",)
    assert felt(bp, "b1") == ("c1", "c2")  # through f1 (faced at c1) and straight to c2


def test_backstage_loop_with_no_way_out_is_felt_where_its_frontstage_step_is() -> None:
    bp = make(step("c1", "c", next=["f1"]), step("f1", "f", next=["b1"]), step("b1", "b", next=["f1"]))
    assert felt(bp, "f1") == ("c1",)
    assert felt(bp, "b1") == ("c1",)


def test_diamond() -> None:
    bp = make(
        step("c1", "c", next=["f1"]),
        step("f1", "f", next=["b2", "b1"]),
        step("b1", "b", next=["f2"]),
        step("b2", "b", next=["f2", "c3"]),
        step("f2", "f", next=["c2"]),
        step("c3", "c"),
        step("c2", "c"),
    )
    assert felt(bp, "f1") == ("c1",)
    assert felt(bp, "b1") == ("c2",)
    assert felt(bp, "b2") == ("c3", "c2")  # file order, not the order of 'next'


def test_support_system_used_by_several_frontstage_steps() -> None:
    bp = make(
        step("c1", "c", next=["f1"]),
        step("f1", "f", uses=["crm"], next=["c2"]),
        step("c2", "c", next=["f2"]),
        step("f2", "f", next=["c3"]),
        step("c3", "c", next=["f3"]),
        step("f3", "f", uses=["crm"], next=["c4"]),
        step("c4", "c"),
        step("crm", "s"),
    )
    assert felt(bp, "crm") == ("c1", "c2", "c3", "c4")
    assert felt(bp, "f2") == ("c2", "c3")


def test_frontstage_step_at_the_end_of_the_journey() -> None:
    bp = make(
        step("c1", "c", next=["f1"]),
        step("f1", "f", next=["c2"]),
        step("c2", "c", next=["survey"]),
        step("c3", "c", next=["survey"]),
        step("survey", "f", uses=["tool"]),
        step("tool", "s"),
        step("b1", "b", next=["survey"]),
    )
    assert felt(bp, "survey") == ("c2", "c3")
    assert felt(bp, "tool") == ("c2", "c3")
    assert felt(bp, "b1") == ("c2", "c3")


def test_backstage_step_with_no_customer_downstream_surfaces_nowhere() -> None:
    bp = make(
        step("c1", "c", next=["f1"]),
        step("f1", "f", next=["b1"]),
        step("b1", "b", next=["b2"]),
        step("b2", "b"),
    )
    assert felt(bp, "b1") == ()
    assert felt(bp, "b2") == ()
    assert felt(bp, "f1") == ("c1",)


def test_transitive_uses_chain() -> None:
    bp = make(
        step("c1", "c", next=["f1"]),
        step("f1", "f", uses=["api"], next=["c2"]),
        step("c2", "c", next=["f2"]),
        step("f2", "f", uses=["cache"], next=["c3"]),
        step("c3", "c"),
        step("api", "s", uses=["db"]),
        step("cache", "s", uses=["db"]),
        step("db", "s"),
    )
    assert felt(bp, "db") == ("c1", "c2", "c3")
    assert felt(bp, "api") == ("c1", "c2")


def test_uses_is_followed_only_through_backstage_and_support() -> None:
    bp = make(
        step("c1", "c", next=["f1"]),
        step("f1", "f", uses=["api"], next=["c2"]),
        step("c2", "c", next=["f2"]),
        step("f2", "f", uses=["f1"], next=["c3"]),  # odd (BP011 says so), but a graph all the same
        step("c3", "c"),
        step("api", "s"),
    )
    assert felt(bp, "api") == ("c1", "c2")  # not c3: f2 relies on f1, a frontstage step


def test_uses_felt_by_a_dependent_customer_step_and_its_flow() -> None:
    bp = make(
        step("c1", "c", uses=["kiosk"], next=["f1"]),
        step("f1", "f", next=["c2"]),
        step("c2", "c"),
        step("kiosk", "s"),
    )
    assert felt(bp, "kiosk") == ("c1",)


def test_uses_cycle_terminates() -> None:
    bp = make(
        step("c1", "c", next=["f1"]),
        step("f1", "f", uses=["a"], next=["c2"]),
        step("c2", "c"),
        step("a", "s", uses=["b"]),
        step("b", "s", uses=["a"]),
    )
    assert felt(bp, "a") == ("c1", "c2")
    assert felt(bp, "b") == ("c1", "c2")


def test_deep_uses_chain_stays_small() -> None:
    """8,000 support systems each used by the next, the last by one desk: one shared answer."""
    n = 8_000
    chain = [step(f"s{i}", "s", uses=[f"s{i - 1}"] if i else []) for i in range(n)]
    bp = make(step("c1", "c", next=["f1"]), step("f1", "f", uses=[f"s{n - 1}"]), *chain)
    felt_at = step_surfaces(bp)
    assert felt_at["s0"] == ("c1",)
    assert len({id(v) for v in felt_at.values()}) <= 3  # shared, not one copy per step


def test_every_failure_id_is_a_key_in_file_order() -> None:
    rated = {"mode": "m", "severity": 1, "occurrence": 1, "detection": 1}
    data = {
        "blueprint": 1,
        "title": "t",
        "steps": [
            {"id": "b1", "lane": "backstage", "title": "x", "failures": [rated, rated]},
            {"id": "c1", "lane": "customer", "title": "y", "failures": [{"id": "named", **rated}]},
        ],
    }
    bp = build(data, "t", lambda path: (1, 1))
    assert surfaces_at(bp) == {"b1.1": (), "b1.2": (), "named": ("c1",)}


def test_step_surfaces_and_dependents() -> None:
    bp = make(
        step("c1", "c", next=["f1"]),
        step("f1", "f", uses=["api"], next=["c2"]),
        step("c2", "c"),
        step("api", "s", uses=["db"]),
        step("db", "s"),
    )
    both = ("c1", "c2")
    assert step_surfaces(bp) == {"c1": ("c1",), "f1": both, "c2": ("c2",), "api": both, "db": both}
    assert dependents(bp) == {"c1": (), "f1": (), "c2": (), "api": ("f1",), "db": ("f1", "api")}


def test_uses_cycles_one_per_tangle_at_first_step() -> None:
    bp = make(
        step("x", "s", uses=["y"]),
        step("p", "s", uses=["q", "p"]),
        step("q", "s", uses=["r"]),
        step("r", "s", uses=["p"]),
        step("y", "s", uses=["x"]),
        step("solo", "s", uses=["solo"]),
        step("free", "s", uses=["x"]),
    )
    loops = uses_cycles(bp)
    assert [loop.steps for loop in loops] == [("x", "y"), ("p",), ("solo",)]
    assert loops[1].tangle == ("p", "q", "r")


def test_flow_reached_from_customers() -> None:
    bp = make(
        step("c1", "c", next=["f1"]),
        step("f1", "f", next=["b1"]),
        step("b1", "b", next=["f2"]),
        step("f2", "f"),
        step("f3", "f", next=["c1"]),
        step("f4", "f", next=["f4"]),
    )
    assert flow_reached_from_customers(bp) == {"f1", "b1", "f2"}


# -- a reference check: the linear algorithm against the rule, walked step by step ----------


def reference(bp: Blueprint) -> dict[str, tuple[str, ...]]:
    """The propagation rule (version 2), walked naively for every step (obviously right, slow)."""
    steps: dict[str, Any] = {}
    for s in bp.steps:
        steps.setdefault(s.id, s)
    order = list(steps)
    customers = [sid for sid in order if steps[sid].lane == "customer"]
    behind = {"backstage", "support"}

    def first(start: str, crossing: set[str], stop: set[str]) -> set[str]:
        """Steps in lanes ``stop`` first met along ``next`` from ``start``, crossing lanes ``crossing``."""
        found, seen, todo = set(), {start}, [start]
        while todo:
            for w in steps[todo.pop()].next:
                if w not in steps:
                    continue
                if steps[w].lane in stop:
                    found.add(w)
                elif steps[w].lane in crossing and w not in seen:
                    seen.add(w)
                    todo.append(w)
        return found

    def joined(x: str) -> set[str]:
        return {c for c in customers if c in steps[x].next or x in steps[c].next}

    def users_through_behind(x: str) -> set[str]:
        """Steps that use ``x``, directly or through backstage and support steps."""
        found: set[str] = set()
        todo = [x]
        while todo:
            v = todo.pop()
            for u in order:
                if v in steps[u].uses and u not in found:
                    found.add(u)
                    if steps[u].lane in behind:
                        todo.append(u)
        return found

    def where(x: str, path: frozenset[str]) -> set[str]:
        lane = steps[x].lane
        if lane == "customer":
            return {x}
        if lane == "frontstage":
            partners = joined(x)
            same = {c for c in partners if steps[c].phase == steps[x].phase}
            if same or partners:
                return same or partners
            return first(x, {"frontstage", "backstage", "support"}, {"customer"})
        hit: set[str] = set()
        for y in first(x, behind, {"customer", "frontstage"}) | users_through_behind(x):
            if y not in path:  # a step met again on the way adds nothing new
                hit |= where(y, path | {y})
        return hit

    out = {}
    for s in bp.steps:
        hit = where(s.id, frozenset({s.id}))
        for failure in s.failures:
            out.setdefault(failure.id, tuple(sorted(hit, key=order.index)))
    return out


@st.composite
def random_blueprints(draw: Any) -> Blueprint:
    n = draw(st.integers(1, 12))
    ids = [f"s{i}" for i in range(n)]
    phases = ["p1", "p2", "p3"]
    steps = []
    for sid in ids:
        lane = draw(st.sampled_from("cfbs"))
        nxt = draw(st.lists(st.sampled_from(ids), max_size=3, unique=True))
        uses = draw(st.lists(st.sampled_from(ids), max_size=2, unique=True))
        s = step(sid, lane, next=nxt, uses=uses)
        phase = draw(st.sampled_from([None, *phases]))
        if phase is not None:
            s["phase"] = phase
        steps.append(s)
    return make(*steps, phases=phases)


@pytest.mark.slow
@settings(max_examples=examples(300), deadline=None)
@given(random_blueprints())
def test_linear_propagation_matches_the_rule_walked_naively(bp: Blueprint) -> None:
    assert surfaces_at(bp) == reference(bp)
    assert surfaces_at(bp, build_graph(bp)) == reference(bp)


@pytest.mark.parametrize("n", [1, 2])
def test_tiny_blueprints(n: int) -> None:
    bp = make(*[step(f"s{i}", "b") for i in range(n)])
    assert surfaces_at(bp) == {f"s{i}.1": () for i in range(n)}

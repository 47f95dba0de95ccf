"""The portfolio: each failure once, shared failures with every journey they reach, ranked as fmea ranks.

The journeys are loaded from text; a step is made a shared file's step the way the loader
marks one (``Step.shared_from``), so these tests hold whatever the include syntax does.
Money is checked against hand calculations: with every retention rate 0, each affected
customer is lost, so a failure's money at risk is customers x affected x revenue.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import replace

import pytest

from blueprint.analysis.ap import AP_ORDER, load_profile
from blueprint.analysis.core import Analysis
from blueprint.analysis.portfolio import CurrencyMismatch, Journey, build_portfolio, journey_of
from blueprint.load.loader import load_bytes, require_valid
from blueprint.model import Blueprint
from tests.analysis.test_ap import ORACLE

SHARED = "shared/his.blueprint.yaml"

JOURNEY = """\
blueprint: 1
title: {title}
steps:
  - {{id: arrive, lane: customer, title: Arrive, next: [desk]}}
  - id: desk
    lane: frontstage
    title: Front desk
    uses: [his]
    failures:
      - {{id: {own}, mode: Desk closed, effect: Wait, affected: 0.2,
          severity: {s}, occurrence: {o}, detection: {d}}}
  - id: his
    lane: support
    title: Hospital information system
    failures:
      - {{id: his-down, mode: HIS down, effect: No records, affected: 0.1,
          severity: 9, occurrence: 4, detection: 6}}
economics:
  customers: {customers}
  revenue_per_customer: {revenue}
  currency: TWD
  retention: {{silent: 0, unresolved: 0, resolved: 0}}
"""


def journey_bp(
    path: str, title: str, own: str, sod: tuple[int, int, int], customers: int, revenue: int
) -> Blueprint:
    text = JOURNEY.format(
        title=title, own=own, s=sod[0], o=sod[1], d=sod[2], customers=customers, revenue=revenue
    )
    return require_valid(load_bytes(text.encode("utf-8"), path))


def shared(bp: Blueprint, step_id: str, origin: str = SHARED) -> Blueprint:
    """``bp`` with ``step_id`` marked as a step of the shared file ``origin``."""
    return replace(
        bp, steps=tuple(replace(s, shared_from=origin) if s.id == step_id else s for s in bp.steps)
    )


def journey(bp: Blueprint) -> Journey:
    return journey_of(Analysis(bp), bp.path)


@pytest.fixture
def two() -> list[Journey]:
    a = shared(journey_bp("b/visit.blueprint.yaml", "Visit", "desk-closed", (6, 5, 5), 1000, 100), "his")
    b = shared(journey_bp("a/booking.blueprint.yaml", "Booking", "slot-lost", (7, 3, 4), 3000, 10), "his")
    return [journey(a), journey(b)]


def test_a_shared_failure_is_listed_once_with_every_journey_and_its_money_summed(two: list[Journey]) -> None:
    p = build_portfolio(two, "aiag-vda-2019")
    assert [j.file for j in p.journeys] == ["a/booking.blueprint.yaml", "b/visit.blueprint.yaml"]
    by_id = {(e.origin, e.scored.failure.id): e for e in p.entries}
    assert sorted(by_id) == [
        ("a/booking.blueprint.yaml", "slot-lost"),
        ("b/visit.blueprint.yaml", "desk-closed"),
        (SHARED, "his-down"),
    ]
    his = by_id[SHARED, "his-down"]
    assert his.shared and [r.journey.title for r in his.reaches] == ["Booking", "Visit"]
    # hand: booking 3000 x 0.1 x 10 = 3,000; visit 1000 x 0.1 x 100 = 10,000
    assert [r.at_risk for r in his.reaches] == [pytest.approx(3000), pytest.approx(10000)]
    assert his.at_risk_total == pytest.approx(13000)
    assert [r.surfaces_at for r in his.reaches] == [("arrive",), ("arrive",)]
    own = by_id["b/visit.blueprint.yaml", "desk-closed"]
    assert not own.shared and [r.journey.title for r in own.reaches] == ["Visit"]
    assert own.at_risk_total == pytest.approx(1000 * 0.2 * 100)
    # the whole portfolio: 3,000 + 10,000 + 20,000 + 3000 x 0.2 x 10
    assert p.at_risk_total == pytest.approx(3000 + 10000 + 20000 + 6000)
    assert p.currency == "TWD" and p.shared == 1


def test_a_journey_that_includes_a_shared_step_but_never_relies_on_it_is_not_reached() -> None:
    text = JOURNEY.format(title="Lab", own="x", s=3, o=3, d=3, customers=10, revenue=10)
    text = text.replace("uses: [his]", "uses: []")
    lab = shared(require_valid(load_bytes(text.encode(), "c/lab.blueprint.yaml")), "his")
    visit = shared(journey_bp("b/visit.blueprint.yaml", "Visit", "y", (3, 3, 3), 10, 10), "his")
    p = build_portfolio([journey(lab), journey(visit)], "aiag-vda-2019")
    his = next(e for e in p.entries if e.scored.failure.id == "his-down")
    assert [r.journey.title for r in his.reaches] == ["Visit"]


def test_the_same_id_in_two_journeys_own_steps_is_two_failures(two: list[Journey]) -> None:
    a = journey_bp("a.blueprint.yaml", "A", "same", (5, 5, 5), 10, 10)
    b = journey_bp("b.blueprint.yaml", "B", "same", (5, 5, 5), 10, 10)
    p = build_portfolio([journey(a), journey(b)], "aiag-vda-2019")
    assert sorted((e.origin, e.scored.failure.id) for e in p.entries) == [
        ("a.blueprint.yaml", "his-down"),
        ("a.blueprint.yaml", "same"),
        ("b.blueprint.yaml", "his-down"),
        ("b.blueprint.yaml", "same"),
    ]


def _expected_order(journeys: list[Journey]) -> list[tuple[str, str]]:
    """Brute force from the reference AP table: AP, then severity, then RPN (descending), then file."""
    seen: dict[tuple[str, str], tuple[int, int, int]] = {}
    for j in sorted(journeys, key=lambda j: j.file):
        for s in j.scored:
            key = (s.step.shared_from or j.file, s.failure.id)
            r = s.failure.ratings
            seen.setdefault(key, (r.severity, r.occurrence, r.detection))
    order = sorted(
        seen, key=lambda k: (AP_ORDER[ORACLE[seen[k]]], -seen[k][0], -seen[k][0] * seen[k][1] * seen[k][2], k)
    )
    return order


def test_the_ranking_is_fmeas_default_order_over_all_journeys() -> None:
    rng = random.Random(16)
    journeys = []
    for n in range(6):
        sod = (rng.randint(1, 10), rng.randint(1, 10), rng.randint(1, 10))
        bp = journey_bp(f"j{n}.blueprint.yaml", f"J{n}", f"own-{n}", sod, 100, 10)
        journeys.append(journey(shared(bp, "his") if n % 2 else bp))
    p = build_portfolio(journeys, "aiag-vda-2019")
    assert [(e.origin, e.scored.failure.id) for e in p.entries] == _expected_order(journeys)
    assert [e.rank for e in p.entries] == list(range(1, len(p.entries) + 1))
    assert [e.scored.ap for e in p.entries] == [
        ORACLE[(e.scored.ratings.severity, e.scored.ratings.occurrence, e.scored.ratings.detection)]
        for e in p.entries
    ]


def test_the_matrix_counts_match_the_ranking(two: list[Journey]) -> None:
    p = build_portfolio(two, "aiag-vda-2019")
    for s, o in itertools.product(range(1, 11), range(1, 11)):
        chains = [
            c
            for e in p.entries
            for c in e.scored.chains
            if (c.ratings.severity, c.ratings.occurrence) == (s, o)
        ]
        assert p.matrix.count(s, o) == len(chains)
        best = min((AP_ORDER[c.ap] for c in chains), default=None)
        assert p.matrix.ap(s, o) == (None if best is None else "HML"[best])
    assert p.matrix.total == 3  # the shared failure counts once
    assert p.matrix.count(9, 4) == 1


def test_the_order_of_the_journeys_given_does_not_matter(two: list[Journey]) -> None:
    assert build_portfolio(two, "x") == build_portfolio(list(reversed(two)), "x")


def test_money_in_two_currencies_is_refused() -> None:
    a = journey_bp("a.blueprint.yaml", "A", "x", (5, 5, 5), 10, 10)
    b = journey_bp("b.blueprint.yaml", "B", "y", (5, 5, 5), 10, 10)
    b = replace(b, economics=replace(b.economics, currency="USD")) if b.economics else b
    with pytest.raises(CurrencyMismatch, match=r"a.blueprint.yaml \(TWD\), b.blueprint.yaml \(USD\)"):
        build_portfolio([journey(a), journey(b)], "x")


def test_a_profile_changes_the_ranking_as_it_changes_fmea(two: list[Journey]) -> None:
    sae = load_profile("sae-rm13004")
    bps = [
        shared(journey_bp("b/visit.blueprint.yaml", "Visit", "desk-closed", (6, 5, 5), 1000, 100), "his"),
        shared(journey_bp("a/booking.blueprint.yaml", "Booking", "slot-lost", (7, 3, 4), 3000, 10), "his"),
    ]
    p = build_portfolio([journey_of(Analysis(bp, sae), bp.path) for bp in bps], sae.name)
    for e in p.entries:
        r = e.scored.ratings
        assert e.scored.ap == sae.ap(r.severity, r.occurrence, r.detection)

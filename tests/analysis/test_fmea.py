"""The FMEA engine: scores, residual risk and ranking, checked by hand on a small coffee bar.

Hand table (AIAG & VDA 2019 AP, RPN = S x O x D, criticality = S x O; money at risk with
the default rates is p x 10,000 x 0.89625 x 200 = p x 1,792,500):

    failure          S O D  RPN crit AP  residual             p        at risk
    wrong-order      6 5 4  120  30  L   6 2 3 = 36 L         0.03     53,775 (residual 2,688.75)
    make-drink.1     9 4 7  252  36  H   -                    0.001     1,792.5
    cup-not-sealed   7 3 5  105  21  M   - (justified)        0.0005      896.25
    late-call        8 5 3  120  40  M   -                    0.002     3,585
    wrong-name       8 3 5  120  24  M   -                    0.0005      896.25
    pos-down         8 4 5  160  32  M   -                    0.001     1,792.5
    card-declined    8 2 8  128  16  M   - (dropped only)     0.0001      179.25
"""

from __future__ import annotations

from pathlib import Path

import pytest

from blueprint.analysis.fmea import Scored, SortError, rank, score
from blueprint.errors import BlueprintError
from blueprint.load.loader import load_blueprint
from blueprint.model import Blueprint, Ratings

COFFEE = """\
blueprint: 1
title: Coffee to go
scenario: A commuter orders a latte to take away
language: en
phases:
  - {id: order, title: Order}
  - {id: serve, title: Serve}
steps:
  - id: place-order
    lane: customer
    phase: order
    title: Orders at the counter
    next: [take-order]
  - id: take-order
    lane: frontstage
    phase: order
    title: Barista keys in the order
    uses: [pos]
    next: [make-drink]
    failures:
      - id: wrong-order
        mode: Order keyed in wrong
        effect: Customer gets a drink they did not order
        cause: Noisy counter, no read-back
        controls: {prevention: Read the order back, detection: Name and drink on the cup}
        severity: 6
        occurrence: 5
        detection: 4
        affected: 0.03
        actions:
          - title: Order screen facing the customer
            owner: Store manager
            due: 2026-05-01
            status: done
            revised: {severity: 6, occurrence: 2, detection: 3}
  - id: make-drink
    lane: backstage
    phase: serve
    title: Barista makes the drink
    next: [hand-over]
    failures:
      - mode: Milk left out of the fridge too long
        effect: Customer drinks spoiled milk
        cause: No timer on the milk jug
        severity: 9
        occurrence: 4
        detection: 7
      - id: cup-not-sealed
        mode: Lid not pressed on
        effect: Coffee spills on the customer
        severity: 7
        occurrence: 3
        detection: 5
        justification: Lids are checked at hand-over; the residual risk is accepted
  - id: hand-over
    lane: frontstage
    phase: serve
    title: Barista calls the name and hands over
    next: [pick-up]
    failures:
      - id: late-call
        mode: Drink waits unseen on the counter
        effect: Customer waits and the drink goes cold
        severity: 8
        occurrence: 5
        detection: 3
        actions:
          - {title: Pick-up shelf with a light, owner: Store manager, status: in-progress}
      - id: wrong-name
        mode: Name misread | wrong customer takes the drink
        effect: |-
          Customer leaves without a drink
          and has to queue again
        severity: 8
        occurrence: 3
        detection: 5
        actions:
          - {title: Order number on the cup, status: open}
  - id: pick-up
    lane: customer
    phase: serve
    title: Picks up the drink
    evidence: [Cup with name]
  - id: pos
    lane: support
    phase: order
    title: Till and card terminal
    failures:
      - id: pos-down
        mode: Till freezes at the morning peak
        effect: Queue grows while the till restarts
        severity: 8
        occurrence: 4
        detection: 5
        actions:
          - {title: Offline card mode, owner: IT, due: 2026-09-30, status: open}
          - {title: New till, status: dropped}
      - id: card-declined
        mode: Card terminal declines good cards
        effect: Customer pays twice or walks away
        severity: 8
        occurrence: 2
        detection: 8
        actions:
          - {title: Replace the terminal, status: dropped}
economics:
  customers: 10000
  revenue_per_customer: 200
  currency: EUR
"""

#: make-drink.1 at S9 O2 D7: H in AIAG-VDA 2019, L in SAE RM13004
MILK_S9_O2_D7 = COFFEE.replace(
    "        severity: 9\n        occurrence: 4\n", "        severity: 9\n        occurrence: 2\n"
)
assert MILK_S9_O2_D7 != COFFEE

FILE_ORDER = [
    "wrong-order",
    "make-drink.1",
    "cup-not-sealed",
    "late-call",
    "wrong-name",
    "pos-down",
    "card-declined",
]


def load(tmp_path: Path, text: str = COFFEE, name: str = "coffee.blueprint.yaml") -> Blueprint:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_blueprint(str(path))


@pytest.fixture
def coffee(tmp_path: Path) -> Blueprint:
    return load(tmp_path)


def by_id(scored: list[Scored]) -> dict[str, Scored]:
    return {s.id: s for s in scored}


def ids(scored: list[Scored]) -> list[str]:
    return [s.id for s in scored]


def test_score_keeps_file_order_and_default_ids(coffee: Blueprint) -> None:
    scored = score(coffee)
    assert ids(scored) == FILE_ORDER
    assert all(s.rank == 0 for s in scored)


@pytest.mark.parametrize(
    ("fid", "rpn", "crit", "ap"),
    [
        ("wrong-order", 120, 30, "L"),
        ("make-drink.1", 252, 36, "H"),
        ("cup-not-sealed", 105, 21, "M"),
        ("late-call", 120, 40, "M"),
        ("wrong-name", 120, 24, "M"),
        ("pos-down", 160, 32, "M"),
        ("card-declined", 128, 16, "M"),
    ],
)
def test_rpn_criticality_and_ap_by_hand(coffee: Blueprint, fid: str, rpn: int, crit: int, ap: str) -> None:
    s = by_id(score(coffee))[fid]
    assert (s.rpn, s.criticality, s.ap) == (rpn, crit, ap)


def test_residual_comes_from_the_last_done_action_with_revised_ratings(coffee: Blueprint) -> None:
    scored = by_id(score(coffee))
    wrong = scored["wrong-order"]
    assert wrong.residual == Ratings(6, 2, 3)
    assert (wrong.residual_rpn, wrong.residual_ap) == (36, "L")
    for fid in FILE_ORDER[1:]:  # open, in-progress, dropped or no actions: no residual
        assert scored[fid].residual is None
        assert scored[fid].residual_rpn is None and scored[fid].residual_ap is None
        assert scored[fid].residual_at_risk is None


def test_last_done_action_wins_and_open_ones_give_no_residual(tmp_path: Path) -> None:
    text = COFFEE.replace(
        "            revised: {severity: 6, occurrence: 2, detection: 3}\n",
        "            revised: {severity: 6, occurrence: 2, detection: 3}\n"
        "          - title: Second fix\n            status: done\n"
        "            revised: {severity: 5, occurrence: 1, detection: 2}\n"
        "          - title: Planned\n            status: open\n"
        "            revised: {severity: 1, occurrence: 1, detection: 1}\n",
    )
    wrong = by_id(score(load(tmp_path, text)))["wrong-order"]
    assert wrong.residual == Ratings(5, 1, 2)
    assert (wrong.residual_rpn, wrong.residual_ap) == (10, "L")


def test_money_at_risk_by_hand(coffee: Blueprint) -> None:
    # customers x revenue = 2,000,000; the share of affected customers lost follows the
    # severity: S8-10 0.95 x 0.91 + 0.025 x 0.46 + 0.025 x 0.81 = 0.89625 (TARP "over $100"),
    # S5-7 0.95 x 0.77 + 0.025 x 0.38 + 0.025 x 0.675 = 0.757875 (the mean of the two rows)
    scored = by_id(score(coffee))
    expected = {
        "wrong-order": 0.03 * 0.757875 * 2e6,  # S6, affected 0.03: 45,472.5
        "make-drink.1": 0.001 * 0.89625 * 2e6,  # S9 O4: 1,792.5
        "cup-not-sealed": 0.0005 * 0.757875 * 2e6,  # S7 O3: 757.875
        "late-call": 3_585,
        "wrong-name": 896.25,
        "pos-down": 1_792.5,
        "card-declined": 179.25,
    }
    for fid, money in expected.items():
        assert scored[fid].at_risk == pytest.approx(money), fid
    # O5 -> O2 scales the file's 0.03 by 0.1 / 2
    assert scored["wrong-order"].residual_at_risk == pytest.approx(0.0015 * 0.757875 * 2e6)


def test_surfaces_at_comes_from_the_graph(coffee: Blueprint) -> None:
    scored = by_id(score(coffee))
    assert scored["make-drink.1"].surfaces_at == ("pick-up",)
    assert all(isinstance(step, str) for s in scored.values() for step in s.surfaces_at)


def test_needs_action_is_h_without_live_action_or_justification(coffee: Blueprint) -> None:
    flagged = [s.id for s in score(coffee) if s.needs_action]
    assert flagged == ["make-drink.1"]


def test_default_rank_ap_then_severity_then_rpn_then_file_order(coffee: Blueprint) -> None:
    ranked = rank(score(coffee))
    # late-call and wrong-name tie on AP M, S8, RPN 120: file order decides
    assert ids(ranked) == [
        "make-drink.1",
        "pos-down",
        "card-declined",
        "late-call",
        "wrong-name",
        "cup-not-sealed",
        "wrong-order",
    ]
    assert [s.rank for s in ranked] == list(range(1, 8))


def test_rank_by_rpn_breaks_ties_by_ap_then_severity(coffee: Blueprint) -> None:
    # 120 three times: late-call and wrong-name (M, S8, file order), then wrong-order (L)
    assert ids(rank(score(coffee), "rpn")) == [
        "make-drink.1",
        "pos-down",
        "card-declined",
        "late-call",
        "wrong-name",
        "wrong-order",
        "cup-not-sealed",
    ]


def test_rank_by_severity(coffee: Blueprint) -> None:
    assert ids(rank(score(coffee), "severity")) == [
        "make-drink.1",
        "pos-down",
        "card-declined",
        "late-call",
        "wrong-name",
        "cup-not-sealed",
        "wrong-order",
    ]


def test_rank_by_risk_breaks_ties_by_ap_then_severity(coffee: Blueprint) -> None:
    # 1,792.5 twice: make-drink.1 (H) before pos-down (M); 896.25 twice: S8 before S7
    assert ids(rank(score(coffee), "risk")) == [
        "wrong-order",
        "late-call",
        "make-drink.1",
        "pos-down",
        "wrong-name",
        "cup-not-sealed",
        "card-declined",
    ]


def test_rank_is_independent_of_input_order(coffee: Blueprint) -> None:
    scored = score(coffee)
    for sort in ("ap", "rpn", "severity", "risk"):
        assert ids(rank(list(reversed(scored)), sort)) == ids(rank(scored, sort))


def test_risk_sort_without_economics_is_a_clear_error(tmp_path: Path) -> None:
    bp = load(tmp_path, COFFEE.split("economics:")[0])
    scored = score(bp)
    assert all(s.at_risk is None and s.residual_at_risk is None for s in scored)
    with pytest.raises(SortError, match="--sort risk needs an economics block") as info:
        rank(scored, "risk")
    assert isinstance(info.value, BlueprintError)
    assert str(info.value) == "--sort risk needs an economics block in the blueprint"


def test_unknown_sort_is_an_error(coffee: Blueprint) -> None:
    with pytest.raises(SortError, match="unknown sort"):
        rank(score(coffee), "cost")


def test_profile_changes_the_ap_of_the_cells_rm13004_differs_in(tmp_path: Path) -> None:
    # S9 O2 D7 is H in AIAG-VDA 2019 and L in SAE RM13004
    bp = load(tmp_path, MILK_S9_O2_D7)
    assert by_id(score(bp))["make-drink.1"].ap == "H"
    assert by_id(score(bp, "sae-rm13004"))["make-drink.1"].ap == "L"


def test_user_profile_file(tmp_path: Path, coffee: Blueprint) -> None:
    path = tmp_path / "all-m.json"
    path.write_text('{"name": "all-m", "rows": [{"s": [1, 10], "o": [1, 10], "d": [1, 10], "ap": "M"}]}')
    assert {s.ap for s in score(coffee, str(path))} == {"M"}

"""Cost per incident on a cause: each failure chain's incidents cost their own amount.

Worked by hand (the example of docs/economics.md): 10,000 customers a year at 200 EUR;
a wrong drug (S9, the serious band) met by 0.3% of the customers, with two causes: look-alike
packages (O4: 1 per 1,000) and a typing slip (O3: 0.5 per 1,000). The customers who meet
the mode are shared among the causes by their occurrence shares: 1/1.5 = 2/3 and 1/3.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from blueprint.analysis.core import Analysis
from blueprint.analysis.economics import breakdown
from blueprint.load.loader import load_bytes, require_valid
from tests.helpers import invoke_ok

WRONG_DRUG = """\
blueprint: 1
title: Pharmacy
steps:
  - {id: collect, lane: customer, title: Collect the medicine}
  - id: dispense
    lane: frontstage
    title: Dispense
    next: [collect]
    failures:
      - id: wrong-drug
        mode: Wrong drug handed over
        severity: 9
        affected: 0.003
        cost_per_incident: 300
        causes:
          - {id: look-alike, cause: Look-alike packages, occurrence: 4, detection: 7, cost_per_incident: 1500}
          - {id: typed, cause: Typed in the wrong field, occurrence: 3, detection: 5}
      - id: slow
        mode: Queue at the counter
        severity: 3
        occurrence: 9
        detection: 2
        affected: 0.1
economics: {customers: 10000, revenue_per_customer: 200, currency: EUR, cost_per_incident: 5}
"""


def _bp(text: str = WRONG_DRUG):
    return require_valid(load_bytes(text.encode("utf-8"), "p.blueprint.yaml"))


def test_each_chain_costs_its_own_rate_and_the_mode_adds_them_up() -> None:
    bp = _bp()
    b = breakdown(bp, bp.failures[0])
    # P = 10,000 x 0.003 = 30; look-alike meets 20 of them, the typing slip 10
    assert b.met == pytest.approx(30)
    assert [c.met for c in b.chains] == pytest.approx([20, 10])
    # serious band: lost = 30 x 0.89625 = 26.8875 customers, 5,377.5 EUR of revenue
    assert b.lost_revenue == pytest.approx(5377.5)
    # incidents: 20 x 1,500 (the cause's own) + 10 x 300 (the failure's, over the default 5)
    assert [(c.per_incident, c.source) for c in b.chains] == [(1500, "cause"), (300, "file")]
    assert b.incident_cost == pytest.approx(33000)
    assert b.per_incident == pytest.approx(1100)  # 33,000 / 30
    assert b.at_risk == pytest.approx(38377.5)
    # each chain: its share of the lost revenue plus its own incidents
    assert [c.at_risk for c in b.chains] == pytest.approx([3585 + 30000, 1792.5 + 3000])


def test_precedence_cause_then_failure_then_economics() -> None:
    bp = _bp(WRONG_DRUG.replace("        cost_per_incident: 300\n", ""))
    b = breakdown(bp, bp.failures[0])
    assert [(c.per_incident, c.source) for c in b.chains] == [(1500, "cause"), (5, "default")]
    assert b.incident_cost == pytest.approx(20 * 1500 + 10 * 5)
    slow = breakdown(bp, bp.failures[1])  # no cost of its own: the economics default
    assert (slow.per_incident, slow.incident_cost) == (5, pytest.approx(1000 * 5))


def test_json_splits_each_chain_and_the_mode(tmp_path: Path) -> None:
    path = tmp_path / "p.blueprint.yaml"
    path.write_text(WRONG_DRUG, encoding="utf-8")
    data = json.loads(invoke_ok("fmea", str(path), "--format", "json"))
    wrong = next(f for f in data["failures"] if f["id"] == "wrong-drug")
    assert wrong["at_risk"] == 38377.5
    assert wrong["at_risk_parts"] == {"lost_revenue": 5377.5, "incident_cost": 33000.0}
    look, typed = wrong["causes"]
    assert (look["cost_per_incident"], look["at_risk"]) == (1500, 33585.0)
    assert look["at_risk_parts"] == {"lost_revenue": 3585.0, "incident_cost": 30000.0}
    assert (typed["cost_per_incident"], typed["at_risk"]) == (None, 4792.5)


def test_explain_shows_each_chain_rate_and_the_incident_costs(tmp_path: Path) -> None:
    path = tmp_path / "p.blueprint.yaml"
    path.write_text(WRONG_DRUG, encoding="utf-8")
    out = invoke_ok("fmea", str(path), "--explain", "wrong-drug")
    assert (
        "k = 1,500 EUR per customer meeting the chain 'look-alike', 0.6667 of those who meet the mode" in out
    )
    assert "(the cause's cost_per_incident)" in out
    assert "k = 300 EUR per customer meeting the chain 'typed', 0.3333" in out
    assert "(the failure's cost_per_incident)" in out
    assert (
        "incident costs = P x (w x k, chain by chain) = 30 x (0.6667 x 1,500 + 0.3333 x 300) = 33,000 EUR"
        in out
    )
    assert "at risk = 5,377.5 + 33,000 = 38,377.5 EUR per year" in out
    zh = invoke_ok("fmea", str(path), "--explain", "wrong-drug", "--lang", "zh-TW")
    assert "失效鏈「look-alike」" in zh and "失效原因的 cost_per_incident" in zh


def test_a_severe_chain_with_its_compensation_outranks_a_frequent_trivial_failure_by_money() -> None:
    ranked = Analysis(_bp()).ranked("risk")
    # slow: 1,000 customers x 0.6195 x 200 = 123,900 + 1,000 x 5 = 128,900: without costs the
    # queue (met by a hundred times more customers) would rank first
    assert [s.id for s in ranked] == ["slow", "wrong-drug"]
    priced = WRONG_DRUG.replace("cost_per_incident: 1500}", "cost_per_incident: 10000}")
    assert [s.id for s in Analysis(_bp(priced)).ranked("risk")] == ["wrong-drug", "slow"]


PLAN = """\
blueprint: 1
title: Pharmacy plan
steps:
  - {id: collect, lane: customer, title: Collect the medicine}
  - id: dispense
    lane: frontstage
    title: Dispense
    next: [collect]
    failures:
      - id: wrong-drug
        mode: Wrong drug handed over
        severity: 9
        cost_per_incident: 300
        causes:
          - id: look-alike
            cause: Look-alike packages
            occurrence: 7
            detection: 7
            cost_per_incident: 20000
            actions:
              - {title: Separate shelves, status: open, cost: 40, revised: {severity: 9, occurrence: 4,
                 detection: 7}}
              - {title: Tall-man labels, status: open, cost: 25, revised: {severity: 9, occurrence: 5,
                 detection: 6}}
          - id: typed
            cause: Typed in the wrong field
            occurrence: 8
            detection: 5
            actions:
              - {title: Barcode scan, status: open, cost: 30, revised: {severity: 9, occurrence: 3,
                 detection: 5}}
      - id: slow
        mode: Queue at the counter
        severity: 4
        occurrence: 9
        detection: 2
        actions:
          - {title: Second counter, status: open, cost: 35, revised: {severity: 4, occurrence: 6,
             detection: 2}}
economics: {customers: 10000, revenue_per_customer: 100, cost_per_incident: 2}
"""

#: failures per 1,000 by occurrence (the classic scale) and TARP's rows by severity band
SCALE = {10: 100, 9: 50, 8: 20, 7: 10, 6: 5, 5: 2, 4: 1, 3: 0.5, 2: 0.1, 1: 0.01}
KEEP = {"minor": (0.37, 0.46, 0.70), "moderate": (0.23, 0.325, 0.62), "serious": (0.09, 0.19, 0.54)}


def _journey_by_hand(chosen: set[str]) -> float:
    """The journey estimate of PLAN with the ``chosen`` actions done, from the formulas."""
    n, revenue, c, r = 10000, 100, 0.05, 0.5

    def lost_share(severity: int) -> float:
        silent, unresolved, resolved = KEEP[
            "minor" if severity <= 4 else "serious" if severity >= 8 else "moderate"
        ]
        return (1 - c) * (1 - silent) + c * r * (1 - resolved) + c * (1 - r) * (1 - unresolved)

    look = min([7, *(o for t, o in (("Separate shelves", 4), ("Tall-man labels", 5)) if t in chosen)])
    typed = 3 if "Barcode scan" in chosen else 8
    shares = [SCALE[look] / 1000, SCALE[typed] / 1000]
    p_drug = 1 - (1 - shares[0]) * (1 - shares[1])
    k_drug = (shares[0] * 20000 + shares[1] * 300) / sum(shares)  # each cause's part of the customers
    p_slow = SCALE[6 if "Second counter" in chosen else 9] / 1000
    survive = (1 - p_drug * lost_share(9)) * (1 - p_slow * lost_share(4))
    return n * revenue * (1 - survive) + n * p_drug * k_drug + n * p_slow * 2


@pytest.mark.parametrize("budget", [0, 30, 40, 55, 65, 70, 100, 130])
def test_the_plan_weighs_each_chains_cost_per_incident_as_brute_force_does(budget: float) -> None:
    import itertools

    from blueprint.analysis.plan import make_plan

    costs = {"Separate shelves": 40, "Tall-man labels": 25, "Barcode scan": 30, "Second counter": 35}
    best = min(
        _journey_by_hand(set(subset))
        for k in range(len(costs) + 1)
        for subset in itertools.combinations(costs, k)
        if sum(costs[t] for t in subset) <= budget
    )
    plan = make_plan(_bp(PLAN), budget)
    assert plan.before == pytest.approx(_journey_by_hand(set()), rel=1e-9)
    assert plan.after == pytest.approx(best, rel=1e-9)
    assert plan.cost <= budget

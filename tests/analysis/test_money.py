"""Retention by severity, cost per incident and the journey estimate, against hand calculations.

TARP's rows (docs/economics.md): "under $5" keeps 0.37 silent / 0.46 unresolved / 0.70
resolved, "over $100" keeps 0.09 / 0.19 / 0.54. With c = 0.05 and r = 0.5 the share of
affected customers lost is ``0.95 (1 - silent) + 0.025 (1 - resolved) + 0.025 (1 - unresolved)``:

- S1-4:  0.95 x 0.63 + 0.025 x 0.30 + 0.025 x 0.54  = 0.5985 + 0.0075 + 0.0135 = 0.6195
- S5-7:  the mean rows 0.23 / 0.325 / 0.62: 0.7315 + 0.0095 + 0.016875 = 0.757875
- S8-10: 0.8645 + 0.0115 + 0.02025 = 0.89625
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from blueprint.analysis.economics import breakdown, explain
from blueprint.analysis.money import totals
from blueprint.load.loader import load_blueprint
from blueprint.model import Blueprint

ECON = "economics:\n  customers: 10000\n  revenue_per_customer: 200\n  currency: EUR\n"
Q = {"minor": 0.6195, "moderate": 0.757875, "serious": 0.89625}


def make(tmp_path: Path, failures: list[str], economics: str = ECON) -> Blueprint:
    """A blueprint whose one frontstage step has ``failures`` (YAML flow mappings)."""
    body = "".join(f"      - {f}\n" for f in failures)
    text = (
        "blueprint: 1\ntitle: Clinic\nsteps:\n"
        "  - {id: arrive, lane: customer, title: Arrive, next: [treat]}\n"
        f"  - id: treat\n    lane: frontstage\n    title: Treat\n    failures:\n{body}{economics}"
    )
    path = tmp_path / "c.blueprint.yaml"
    path.write_text(text, encoding="utf-8")
    return load_blueprint(str(path))


def rated(fid: str, s: int, o: int, extra: str = "") -> str:
    return f"{{id: {fid}, mode: M {fid}, severity: {s}, occurrence: {o}, detection: 5{extra}}}"


def test_an_s10_failure_loses_a_larger_share_than_an_s3_one(tmp_path: Path) -> None:
    bp = make(tmp_path, [rated("drug", 10, 5, ", affected: 0.01"), rated("card", 3, 5, ", affected: 0.01")])
    drug, card = (breakdown(bp, f) for f in bp.failures)
    assert drug.met == card.met == 100
    assert drug.lost / drug.met == pytest.approx(Q["serious"])
    assert card.lost / card.met == pytest.approx(Q["minor"])
    assert (drug.band, card.band) == ("serious", "minor")
    assert drug.at_risk == pytest.approx(100 * 0.89625 * 200) and card.at_risk == pytest.approx(
        100 * 0.6195 * 200
    )


@pytest.mark.parametrize(
    ("s", "band"), [(1, "minor"), (4, "minor"), (5, "moderate"), (7, "moderate"), (8, "serious")]
)
def test_bands_by_severity_and_the_middle_one_is_the_mean_of_the_two_rows(
    tmp_path: Path, s: int, band: str
) -> None:
    bp = make(tmp_path, [rated("f", s, 5, ", affected: 0.01")])
    b = breakdown(bp, bp.failures[0])
    assert b.band == band
    assert b.lost / b.met == pytest.approx(Q[band])
    if band == "moderate":
        assert (b.retention.silent, b.retention.unresolved, b.retention.resolved) == pytest.approx(
            ((0.37 + 0.09) / 2, (0.46 + 0.19) / 2, (0.70 + 0.54) / 2)
        )


def test_a_file_with_retention_keeps_one_set_for_every_severity(tmp_path: Path) -> None:
    econ = ECON + "  retention: {silent: 0.09, unresolved: 0.19, resolved: 0.54}\n"
    bp = make(tmp_path, [rated("a", 2, 5, ", affected: 0.01"), rated("b", 9, 5, ", affected: 0.01")], econ)
    for f in bp.failures:
        b = breakdown(bp, f)
        assert b.band == "" and b.lost / b.met == pytest.approx(Q["serious"])


def test_retention_by_severity_from_the_file(tmp_path: Path) -> None:
    econ = (
        ECON
        + "  retention_by_severity:\n    - {min: 1, max: 6, silent: 0.5, unresolved: 0.5, resolved: 0.5}\n"
    )
    bp = make(tmp_path, [rated("a", 6, 5, ", affected: 0.01"), rated("b", 9, 5, ", affected: 0.01")], econ)
    a, b = (breakdown(bp, f) for f in bp.failures)
    assert a.band == "S1-6" and a.lost / a.met == pytest.approx(0.5)
    assert b.band == "serious"  # not covered by the file: its default band


def test_cost_per_incident_lets_a_severe_rare_failure_outrank_a_frequent_trivial_one(tmp_path: Path) -> None:
    trivial = rated("card-retry", 3, 8)  # 20 per 1,000
    severe = rated("wrong-drug", 10, 2)  # 0.1 per 1,000
    without = make(tmp_path, [trivial, severe])
    money = {f.id: breakdown(without, f).at_risk for f in without.failures}
    assert money["card-retry"] > money["wrong-drug"]  # 200 met x 0.6195 x 200 = 24,780 vs 179.25
    with_cost = make(tmp_path, [trivial, rated("wrong-drug", 10, 2, ", cost_per_incident: 40000")])
    b = breakdown(with_cost, with_cost.failures[1])
    assert b.incident_cost == pytest.approx(1 * 40000)  # 10,000 x 0.0001 = 1 patient
    assert b.at_risk == pytest.approx(179.25 + 40000)
    assert b.at_risk > breakdown(with_cost, with_cost.failures[0]).at_risk == pytest.approx(24780)


def test_the_economics_default_cost_per_incident_and_a_failures_own(tmp_path: Path) -> None:
    econ = ECON + "  cost_per_incident: 10\n"
    bp = make(
        tmp_path,
        [rated("a", 5, 5, ", affected: 0.01"), rated("b", 5, 5, ", affected: 0.01, cost_per_incident: 0")],
        econ,
    )
    a, b = (breakdown(bp, f) for f in bp.failures)
    assert (a.per_incident, a.incident_cost) == (10, 1000)
    assert (b.per_incident, b.incident_cost) == (0, 0)  # the failure's own 0 wins over the default


def test_explain_names_the_band_and_the_incident_costs(tmp_path: Path) -> None:
    bp = make(tmp_path, [rated("f", 3, 5, ", affected: 0.01, cost_per_incident: 25")])
    text = "\n".join(explain(bp, bp.failures[0]))
    assert "severity S3: retention band S1-4, TARP 'under $5' row (minor problems)" in text
    assert "silent = 0.37" in text and "default, TARP 'under $5' row" in text
    assert "k = 25 EUR per affected customer" in text
    assert "lost revenue = 61.95 x 200 = 12,390 EUR per year" in text
    assert "incident costs = P x k = 100 x 25 = 2,500 EUR per year" in text
    assert "at risk = 12,390 + 2,500 = 14,890 EUR per year" in text
    zh = "\n".join(explain(bp, bp.failures[0], "zh-TW"))
    assert "留存率級距" in zh and "事件成本" in zh


def test_journey_estimate_is_below_the_upper_bound_when_two_failures_reach_customers(tmp_path: Path) -> None:
    bp = make(
        tmp_path,
        [rated("a", 9, 5, ", affected: 0.2"), rated("b", 3, 5, ", affected: 0.1, cost_per_incident: 5")],
    )
    t = totals(bp, bp.failures)
    # a loses 0.2 x 0.89625 = 0.17925 of all customers, b 0.1 x 0.6195 = 0.06195
    lost = 1 - (1 - 0.17925) * (1 - 0.06195)
    assert t.journey == pytest.approx(10000 * 200 * lost + 1000 * 5)
    assert t.upper_bound == pytest.approx(10000 * 200 * (0.17925 + 0.06195) + 1000 * 5)
    assert t.journey < t.upper_bound
    assert t.residual_journey is None


def test_one_failure_journey_equals_its_money(tmp_path: Path) -> None:
    bp = make(tmp_path, [rated("a", 9, 5, ", affected: 0.2")])
    t = totals(bp, bp.failures)
    assert t.journey == pytest.approx(t.upper_bound)


def test_residual_totals_follow_the_done_actions(tmp_path: Path) -> None:
    done = ", actions: [{title: Fix, status: done, revised: {severity: 9, occurrence: 2, detection: 5}}]"
    bp = make(tmp_path, [rated("a", 9, 5, done), rated("b", 5, 4)])
    t = totals(bp, bp.failures)
    # a: O5 -> O2, 2/1,000 -> 0.1/1,000; b unchanged at O4 = 1/1,000
    xa, xb = 0.0001 * 0.89625, 0.001 * 0.757875
    assert t.residual_upper_bound == pytest.approx(2e6 * (xa + xb))
    assert t.residual_journey == pytest.approx(2e6 * (1 - (1 - xa) * (1 - xb)))
    assert math.isclose(t.upper_bound, 2e6 * (0.002 * 0.89625 + xb))

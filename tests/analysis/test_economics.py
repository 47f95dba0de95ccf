"""Money at risk (TARP market-damage model) against hand calculations.

With the default rates (complaint 0.05, resolved 0.5) and a serious failure (S8-10, TARP's
"over $100" row: retention 0.09 / 0.19 / 0.54) a customer who meets it is lost with
probability

    0.95 x 0.91 + 0.05 x 0.5 x 0.46 + 0.05 x 0.5 x 0.81 = 0.8645 + 0.0115 + 0.02025 = 0.89625

so with 10,000 customers and 200 a year each, money at risk is p x 1,792,500.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from blueprint.analysis.economics import (
    OCCURRENCE_PER_THOUSAND,
    EconomicsError,
    affected_share,
    at_risk,
    breakdown,
    explain,
    format_number,
)
from blueprint.load.loader import load_blueprint
from blueprint.model import Blueprint, Failure, Ratings

ECONOMICS = "economics:\n  customers: 10000\n  revenue_per_customer: 200\n  currency: EUR\n"


def blueprint(tmp_path: Path, failures: str, economics: str = ECONOMICS) -> Blueprint:
    """A two-step blueprint whose frontstage step has ``failures`` (YAML, indented 6)."""
    text = (
        "blueprint: 1\ntitle: Money\nsteps:\n"
        "  - {id: visit, lane: customer, title: Visit, next: [serve]}\n"
        "  - id: serve\n    lane: frontstage\n    title: Serve\n    failures:\n"
        f"{failures}{economics}"
    )
    path = tmp_path / "m.blueprint.yaml"
    path.write_text(text, encoding="utf-8")
    return load_blueprint(str(path))


def failure_yaml(s: int, o: int, d: int, extra: str = "") -> str:
    return (
        f"      - id: f\n        mode: M\n        severity: {s}\n        occurrence: {o}\n"
        f"        detection: {d}\n{extra}"
    )


DONE_O2 = (
    "        actions:\n"
    "          - title: Fix\n            status: done\n"
    "            revised: {severity: 8, occurrence: 2, detection: 3}\n"
)


def only(bp: Blueprint) -> Failure:
    (f,) = bp.failures
    return f


def test_occurrence_scale_is_the_classic_per_thousand_table() -> None:
    assert OCCURRENCE_PER_THOUSAND == {
        10: 100,
        9: 50,
        8: 20,
        7: 10,
        6: 5,
        5: 2,
        4: 1,
        3: 0.5,
        2: 0.1,
        1: 0.01,
    }


def test_explicit_affected_with_default_rates(tmp_path: Path) -> None:
    bp = blueprint(tmp_path, failure_yaml(8, 5, 4, "        affected: 0.03\n"))
    b = breakdown(bp, only(bp))
    assert b.share == 0.03 and b.share_source == "affected"
    assert b.met == pytest.approx(300)
    assert b.lost_silent == pytest.approx(300 * 0.95 * 0.91)  # 259.35
    assert b.lost_resolved == pytest.approx(300 * 0.05 * 0.5 * 0.46)  # 3.45
    assert b.lost_unresolved == pytest.approx(300 * 0.05 * 0.5 * 0.81)  # 6.075
    assert b.lost == pytest.approx(268.875)
    assert b.at_risk == pytest.approx(53_775)
    assert at_risk(bp, only(bp)) == pytest.approx(53_775)


@pytest.mark.parametrize(
    ("o", "expected"),
    [
        (10, 179_250),
        (9, 89_625),
        (8, 35_850),
        (7, 17_925),
        (6, 8_962.5),
        (5, 3_585),
        (4, 1_792.5),
        (3, 896.25),
        (2, 179.25),
        (1, 17.925),
    ],
)
def test_occurrence_fallback_when_affected_is_absent(tmp_path: Path, o: int, expected: float) -> None:
    bp = blueprint(tmp_path, failure_yaml(9, o, 5))
    share, source = affected_share(only(bp))
    assert source == "scale"
    assert share == pytest.approx(OCCURRENCE_PER_THOUSAND[o] / 1000)
    assert at_risk(bp, only(bp)) == pytest.approx(expected)


def test_rates_from_the_file_replace_the_defaults(tmp_path: Path) -> None:
    econ = (
        "economics:\n  customers: 10000\n  revenue_per_customer: 200\n"
        "  complaint_rate: 0.2\n  resolved_rate: 0.75\n"
        "  retention: {silent: 0.5, unresolved: 0.1, resolved: 0.9}\n"
    )
    bp = blueprint(tmp_path, failure_yaml(6, 5, 4, "        affected: 0.01\n"), econ)
    # P = 100; lost = 100 x (0.8 x 0.5 + 0.2 x 0.75 x 0.1 + 0.2 x 0.25 x 0.9) = 100 x 0.46 = 46
    b = breakdown(bp, only(bp))
    assert (b.lost_silent, b.lost_resolved, b.lost_unresolved) == pytest.approx((40, 1.5, 4.5))
    assert b.at_risk == pytest.approx(46 * 200)


def test_partial_retention_keeps_the_other_defaults(tmp_path: Path) -> None:
    econ = "economics:\n  customers: 1000\n  revenue_per_customer: 10\n  retention: {silent: 0.5}\n"
    bp = blueprint(tmp_path, failure_yaml(6, 5, 4, "        affected: 0.1\n"), econ)
    # P = 100; 100 x (0.95 x 0.5 + 0.0115 + 0.02025) = 50.675 customers
    assert at_risk(bp, only(bp)) == pytest.approx(506.75)


def test_residual_scales_an_explicit_affected_by_the_scale_ratio(tmp_path: Path) -> None:
    bp = blueprint(tmp_path, failure_yaml(8, 5, 4, "        affected: 0.03\n" + DONE_O2))
    f = only(bp)
    assert f.residual == Ratings(8, 2, 3)
    share, source = affected_share(f, f.residual)
    assert source == "scaled"
    assert share == pytest.approx(0.03 * 0.1 / 2)  # O5 = 2 per 1,000, O2 = 0.1 per 1,000
    assert at_risk(bp, f, f.residual) == pytest.approx(0.0015 * 1_792_500)  # 2,688.75


def test_residual_without_affected_uses_the_scale_of_the_residual_occurrence(tmp_path: Path) -> None:
    bp = blueprint(tmp_path, failure_yaml(8, 5, 4, DONE_O2))
    f = only(bp)
    share, source = affected_share(f, f.residual)
    assert (share, source) == (pytest.approx(0.0001), "scale")
    assert at_risk(bp, f, f.residual) == pytest.approx(179.25)


def test_residual_share_never_exceeds_one(tmp_path: Path) -> None:
    worse = (
        "        actions:\n          - title: Oops\n            status: done\n"
        "            revised: {severity: 6, occurrence: 10, detection: 3}\n"
    )
    bp = blueprint(tmp_path, failure_yaml(6, 1, 4, "        affected: 0.5\n" + worse))
    f = only(bp)
    assert affected_share(f, f.residual) == (1.0, "scaled")


def test_no_economics_gives_none_and_explain_refuses(tmp_path: Path) -> None:
    bp = blueprint(tmp_path, failure_yaml(6, 5, 4), economics="")
    assert at_risk(bp, only(bp)) is None
    with pytest.raises(EconomicsError, match="economics"):
        explain(bp, only(bp))


def test_zero_customers_is_zero_money(tmp_path: Path) -> None:
    econ = "economics:\n  customers: 0\n  revenue_per_customer: 200\n"
    bp = blueprint(tmp_path, failure_yaml(6, 5, 4), econ)
    assert at_risk(bp, only(bp)) == 0


def test_explain_shows_every_number_of_the_hand_calculation(tmp_path: Path) -> None:
    bp = blueprint(tmp_path, failure_yaml(8, 5, 4, "        affected: 0.03\n" + DONE_O2))
    text = "\n".join(explain(bp, only(bp)))
    for expected in [
        "N = 10,000",
        "p = 0.03",
        "c = 0.05, complaint rate (default, Kotler & Keller",
        "r = 0.5,",
        "silent = 0.09, loyalty kept by customers who did not complain (default, TARP 'over $100' row)",
        "unresolved = 0.19",
        "resolved = 0.54",
        "revenue = 200 EUR",
        "P = N x p = 10,000 x 0.03 = 300 customers",
        "= 300 x 0.95 x 0.91 = 259.35",
        "= 300 x 0.05 x 0.5 x 0.46 = 3.45",
        "= 300 x 0.05 x 0.5 x 0.81 = 6.075",
        "lost = 259.35 + 3.45 + 6.075 = 268.875 customers",
        "at risk = 268.875 x 200 = 53,775 EUR per year",
        "occurrence O5 -> O2",
        "p = 0.03 x 0.1/2",
        "= 0.0015",
        "at risk = 2,688.75 EUR per year (51,086.25 EUR less)",
        "survey-stated",
        "upper bound",
    ]:
        assert expected in text, expected


def test_explain_names_the_file_as_the_source_of_set_rates(tmp_path: Path) -> None:
    econ = "economics:\n  customers: 100\n  revenue_per_customer: 1\n  complaint_rate: 0.2\n"
    bp = blueprint(tmp_path, failure_yaml(6, 4, 4), econ)
    text = "\n".join(explain(bp, only(bp)))
    assert "c = 0.2, complaint rate (from the blueprint)" in text
    assert "r = 0.5, share of complaints resolved to the customer's satisfaction (default" in text
    assert "no 'affected' given, so occurrence O4 = 1 per 1,000" in text
    assert "Residual" not in text


def test_explain_in_chinese(tmp_path: Path) -> None:
    bp = blueprint(tmp_path, failure_yaml(8, 5, 4, "        affected: 0.03\n"))
    text = "\n".join(explain(bp, only(bp), "zh-TW"))
    assert "抱怨率" in text and "TARP" in text and "53,775" in text and "上限" in text


@pytest.mark.parametrize(
    ("x", "text"),
    [
        (0, "0"),
        (4322.5, "4,322.5"),
        (253.125, "253.125"),
        (11203.124999999, "11,203.125"),
        (32_265_000.0, "32,265,000"),
        (0.0004, "0.0004"),
        (0.00001, "0.00001"),
        (1 - 0.54, "0.46"),
    ],
)
def test_numbers_read_without_float_noise(x: float, text: str) -> None:
    assert format_number(x) == text


def test_explain_names_a_rate_from_the_file_even_when_it_equals_the_default(tmp_path) -> None:
    from blueprint.analysis.economics import explain
    from blueprint.load.loader import load_blueprint

    path = tmp_path / "e.blueprint.yaml"
    path.write_text(
        "blueprint: 1\ntitle: T\nsteps:\n  - id: a\n    lane: customer\n    title: A\n    failures:\n"
        "      - {mode: M, severity: 5, occurrence: 5, detection: 5}\n"
        "economics: {customers: 1000, revenue_per_customer: 10, complaint_rate: 0.05}\n",
        encoding="utf-8",
    )
    bp = load_blueprint(str(path))
    lines = explain(bp, bp.failures[0])
    complaint = next(ln for ln in lines if ln.strip().startswith("c = "))
    resolved = next(ln for ln in lines if ln.strip().startswith("r = "))
    assert "from the blueprint" in complaint
    assert "default" in resolved

"""``--uncertainty``: seeded draws, the same figures twice, P10 < P50 < P90, and fast enough."""

from __future__ import annotations

import json
import math
import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from blueprint.analysis.uncertainty import share_band, simulate
from blueprint.cli.main import cli
from blueprint.load.loader import load_blueprint
from tests.conftest import ROOT

TELECOM = str(ROOT / "examples" / "telecom-sim-swap.blueprint.yaml")


def test_same_figures_twice_and_ordered_quantiles() -> None:
    bp = load_blueprint(TELECOM)
    a = simulate(bp, bp.failures, draws=2000, seed=7)
    b = simulate(bp, bp.failures, draws=2000, seed=7)
    assert a == b
    assert a.journey.p10 < a.journey.p50 < a.journey.p90
    for q in a.failures.values():
        assert q.p10 < q.p50 < q.p90
    assert simulate(bp, bp.failures, draws=2000, seed=8) != a


def test_the_journey_median_sits_near_the_point_estimate() -> None:
    from blueprint.analysis.money import totals

    bp = load_blueprint(TELECOM)
    point = totals(bp, bp.failures).journey
    q = simulate(bp, bp.failures, draws=4000).journey
    assert q.p10 < point < q.p90


def test_occurrence_shares_are_drawn_between_the_neighbouring_ratings(tmp_path: Path) -> None:
    path = tmp_path / "o.blueprint.yaml"
    path.write_text(
        "blueprint: 1\ntitle: T\nsteps:\n  - id: s\n    lane: customer\n    title: S\n    failures:\n"
        "      - {id: a, mode: A, severity: 5, occurrence: 5, detection: 5}\n"
        "      - {id: b, mode: B, severity: 5, occurrence: 5, detection: 5, affected: 0.04}\n"
        "      - {id: c, mode: C, severity: 5, occurrence: 1, detection: 5}\n"
        "      - {id: d, mode: D, severity: 5, occurrence: 10, detection: 5}\n"
        "economics: {customers: 1000, revenue_per_customer: 10}\n",
        encoding="utf-8",
    )
    a, b, c, d = load_blueprint(str(path)).failures
    assert share_band(a) == pytest.approx((0.001, 0.005))  # O4 = 1, O6 = 5 per 1,000
    assert share_band(b) == pytest.approx((0.02, 0.1))  # 0.04 moved by the same factors (1/2, 5/2)
    assert share_band(c) == pytest.approx((0.000001, 0.0001))  # a step as wide as O1 -> O2
    assert share_band(d) == pytest.approx((0.05, 0.2))


def test_cli_json_carries_the_quantiles_on_failures_and_totals() -> None:
    out = CliRunner().invoke(cli, ["fmea", TELECOM, "--format", "json", "--uncertainty", "--draws", "1000"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    for f in data["failures"]:
        assert f["at_risk_p10"] < f["at_risk_p50"] < f["at_risk_p90"]
    t = data["totals"]
    assert t["at_risk_journey_p10"] < t["at_risk_journey_p50"] < t["at_risk_journey_p90"]
    again = CliRunner().invoke(cli, ["fmea", TELECOM, "--format", "json", "--uncertainty", "--draws", "1000"])
    assert again.output == out.output


def test_uncertainty_without_economics_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from blueprint.cli.main import main

    path = tmp_path / "n.blueprint.yaml"
    path.write_text(
        "blueprint: 1\ntitle: T\nsteps:\n  - id: s\n    lane: customer\n    title: S\n    failures:\n"
        "      - {id: a, mode: A, severity: 5, occurrence: 5, detection: 5}\n",
        encoding="utf-8",
    )
    for command in ("fmea", "report", "plan"):
        args = [command, str(path), "--uncertainty", *(["--budget", "10"] if command == "plan" else [])]
        with pytest.raises(SystemExit) as exit_info:
            main(args)
        err = capsys.readouterr().err
        assert exit_info.value.code == 2, (command, err)
        assert err.count("\n") == 1 and "economics" in err and "Traceback" not in err


def test_500_failures_within_two_seconds(tmp_path: Path) -> None:
    lines = [
        "blueprint: 1",
        "title: Big",
        "steps:",
        "  - id: s",
        "    lane: customer",
        "    title: S",
        "    failures:",
    ]
    for i in range(500):
        s, o = 1 + i % 10, 1 + (i * 7) % 10
        lines.append(f"      - {{id: f{i}, mode: M{i}, severity: {s}, occurrence: {o}, detection: 5}}")
    lines.append("economics: {customers: 100000, revenue_per_customer: 50}")
    path = tmp_path / "big.blueprint.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    bp = load_blueprint(str(path))
    start = time.perf_counter()
    u = simulate(bp, bp.failures)
    took = time.perf_counter() - start
    assert u.draws == 10_000 and len(u.failures) == 500
    assert took < 2.0, f"{took:.2f} s"
    assert math.isfinite(u.journey.p90)


BOUNDED = """\
blueprint: 1
title: T
steps:
  - id: s
    lane: customer
    title: S
    failures:
      - {id: minor, mode: A, severity: 3, occurrence: 6, detection: 5}
      - {id: serious, mode: B, severity: 9, occurrence: 6, detection: 5}
economics:
  customers: 100000
  revenue_per_customer: 50
  retention_by_severity:
    - {min: 1, max: 4, silent: 0.37, unresolved: 0.46, resolved: 0.70,
       bounds: {silent: [0.30, 0.50], resolved: [0.65, 0.60]}}
    - {min: 8, max: 10, silent: 0.09, unresolved: 0.19, resolved: 0.54,
       bounds: {silent: [0.05, 0.15], unresolved: [0.10, 0.30], resolved: [0.40, 0.70]}}
"""


def test_retention_bounds_set_in_the_file_hold_every_draw(tmp_path: Path) -> None:
    import numpy as np

    from blueprint.analysis.uncertainty import rate_draws

    path = tmp_path / "b.blueprint.yaml"
    path.write_text(BOUNDED, encoding="utf-8")
    econ = load_blueprint(str(path)).economics
    assert econ is not None
    minor, serious = econ.retention_for(3), econ.retention_for(9)
    # the two ends may come in either order; a rate without bounds keeps the relative spread
    assert (minor.bound("silent"), minor.bound("resolved"), minor.bound("unresolved")) == (
        (0.30, 0.50),
        (0.60, 0.65),
        None,
    )
    rng = np.random.default_rng(3)
    for keep, key, (lo, hi) in [
        (serious, "silent", (0.05, 0.15)),  # 0.09 +/- 25% would be 0.0675..0.1125
        (serious, "unresolved", (0.10, 0.30)),
        (serious, "resolved", (0.40, 0.70)),
        (minor, "silent", (0.30, 0.50)),
        (minor, "resolved", (0.60, 0.65)),  # the rate itself (0.70) lies outside: the bounds win
        (minor, "unresolved", (0.46 * 0.75, 0.46 * 1.25)),  # no bounds: +/- retention_spread
    ]:
        drawn = rate_draws(econ, keep, key, rng, 20000)
        assert lo <= drawn.min() and drawn.max() <= hi, (key, lo, hi)
        width = hi - lo  # the draws fill the range: uniform, not bunched at the rate
        assert drawn.min() < lo + 0.01 * width and drawn.max() > hi - 0.01 * width


def test_retention_bounds_give_the_same_figures_twice_and_change_them(tmp_path: Path) -> None:
    path = tmp_path / "b.blueprint.yaml"
    path.write_text(BOUNDED, encoding="utf-8")
    bp = load_blueprint(str(path))
    a = simulate(bp, bp.failures, draws=3000, seed=5)
    assert a == simulate(bp, bp.failures, draws=3000, seed=5)
    for q in (*a.failures.values(), a.journey):
        assert q.p10 < q.p50 < q.p90
    # without bounds the serious band's rates move by 25% only: a narrower spread of money
    plain = tmp_path / "p.blueprint.yaml"
    plain.write_text(re.sub(r",\n +bounds: \{.*\}\}\n", "}\n", BOUNDED), encoding="utf-8")
    bp_plain = load_blueprint(str(plain))
    assert bp_plain.economics is not None and bp_plain.economics.retention_for(9).bounds == ()
    b = simulate(bp_plain, bp_plain.failures, draws=3000, seed=5)
    width = a.failures["serious"].p90 / a.failures["serious"].p10
    assert width > b.failures["serious"].p90 / b.failures["serious"].p10
    out = CliRunner().invoke(
        cli, ["fmea", str(path), "--format", "json", "--uncertainty", "--draws", "2000", "--seed", "9"]
    )
    again = CliRunner().invoke(
        cli, ["fmea", str(path), "--format", "json", "--uncertainty", "--draws", "2000", "--seed", "9"]
    )
    assert out.exit_code == 0, out.output
    assert out.output == again.output
    assert (
        json.loads(out.output)["totals"]["at_risk_journey_p10"]
        < json.loads(out.output)["totals"]["at_risk_journey_p90"]
    )

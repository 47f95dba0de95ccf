"""``--uncertainty``: seeded draws, the same figures twice, P10 < P50 < P90, and fast enough."""

from __future__ import annotations

import json
import math
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

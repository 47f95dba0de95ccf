"""``blueprint plan``: the funded set is the one brute force finds, including when the best
ratio first is not the best plan; reasons, ``--must``, the RPN objective, the outputs."""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from blueprint.analysis.money import totals
from blueprint.analysis.plan import make_plan
from blueprint.cli.main import cli
from blueprint.load.loader import load_blueprint
from blueprint.model import Blueprint, Ratings
from tests.conftest import ROOT

FEDEX = str(ROOT / "examples" / "fedex-tracking.blueprint.yaml")


def write(
    tmp_path: Path, failures: list[tuple[str, int, int, str, list[str]]], econ: bool = True
) -> Blueprint:
    """Failures as (id, S, O, extra keys, actions as flow mappings)."""
    lines = ["blueprint: 1", "title: Plan", "steps:", "  - id: s", "    lane: customer", "    title: S"]
    lines.append("    failures:")
    for fid, s, o, extra, actions in failures:
        lines.append(f"      - {{id: {fid}, mode: M, severity: {s}, occurrence: {o}, detection: 6{extra}}}")
        if actions:
            lines[-1] = lines[-1][:-1] + ", actions: [" + ", ".join(actions) + "]}"
    if econ:
        lines.append("economics: {customers: 10000, revenue_per_customer: 100, currency: EUR}")
    path = tmp_path / "p.blueprint.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_blueprint(str(path))


def act(title: str, cost: float | None, s: int, o: int, d: int, status: str = "open") -> str:
    cost_part = "" if cost is None else f", cost: {cost}"
    revised = f"{{severity: {s}, occurrence: {o}, detection: {d}}}"
    return f"{{title: {title}, status: {status}{cost_part}, revised: {revised}}}"


def journey_after(bp: Blueprint, chosen: set[tuple[str, int]]) -> float:
    """The journey estimate with the ``chosen`` (failure id, action index) actions done, by definition."""
    planned: dict[str, Ratings] = {}
    for f in bp.failures:
        r = f.residual or f.ratings
        for i, a in enumerate(f.actions):
            if (f.id, i) in chosen and a.revised is not None:
                r = Ratings(
                    min(r.severity, a.revised.severity),
                    min(r.occurrence, a.revised.occurrence),
                    min(r.detection, a.revised.detection),
                )
        planned[f.id] = r
    t = totals(bp, bp.failures, planned)
    assert t.residual_journey is not None
    return t.residual_journey


def brute_force(bp: Blueprint, budget: float) -> float:
    """The lowest journey estimate over every affordable set of open actions with cost and ratings."""
    cands = [
        (f.id, i, a.cost)
        for f in bp.failures
        for i, a in enumerate(f.actions)
        if a.status in ("open", "in-progress") and a.cost is not None and a.revised is not None
    ]
    best = journey_after(bp, set())
    for r in range(1, len(cands) + 1):
        for subset in itertools.combinations(cands, r):
            if sum(c for _, _, c in subset) <= budget + 1e-9:
                best = min(best, journey_after(bp, {(fid, i) for fid, i, _ in subset}))
    return best


def best_ratio_first(bp: Blueprint, budget: float) -> float:
    """Fund actions by money removed alone per cost, highest first, while they fit."""
    base = journey_after(bp, set())
    cands = []
    for f in bp.failures:
        for i, a in enumerate(f.actions):
            if a.status == "open" and a.cost:
                cands.append(((base - journey_after(bp, {(f.id, i)})) / a.cost, f.id, i, a.cost))
    chosen: set[tuple[str, int]] = set()
    left = budget
    for _, fid, i, cost in sorted(cands, reverse=True):
        if cost <= left:
            chosen.add((fid, i))
            left -= cost
    return journey_after(bp, chosen)


def test_best_ratio_first_is_not_optimal_here_and_plan_is(tmp_path: Path) -> None:
    # A (O6 -> O2: 5 -> 0.1 per 1,000) removes 0.0049 of the customers' loss for 60; B and C
    # (affected 0.004 scaled by 0.1/5) remove 0.00392 each for 50: less per unit, more together
    bp = write(
        tmp_path,
        [
            ("a", 8, 6, "", [act("A", 60, 8, 2, 6)]),
            ("b", 8, 6, ", affected: 0.004", [act("B", 50, 8, 2, 6)]),
            ("c", 8, 6, ", affected: 0.004", [act("C", 50, 8, 2, 6)]),
        ],
    )
    plan = make_plan(bp, 100)
    assert sorted(c.action.title for c in plan.chosen) == ["B", "C"]
    assert plan.method == "exact"
    assert plan.after == pytest.approx(brute_force(bp, 100))
    assert best_ratio_first(bp, 100) > plan.after + 1  # A alone leaves more at risk


def _random_blueprint(tmp_path: Path, rng: random.Random) -> Blueprint:
    failures = []
    for n in range(rng.randint(1, 5)):
        s, o = rng.randint(1, 10), rng.randint(2, 10)
        extra = ""
        if rng.random() < 0.4:
            extra += f", affected: {rng.choice([0.001, 0.01, 0.05, 0.2])}"
        if rng.random() < 0.3:
            extra += f", cost_per_incident: {rng.choice([5, 50, 500])}"
        actions = []
        for k in range(rng.randint(0, 3)):
            status = rng.choice(["open", "open", "in-progress", "done", "dropped"])
            cost = rng.choice([None, 10, 20, 25, 30, 40, 55, 70])
            actions.append(
                act(f"a{n}{k}", cost, rng.randint(1, s), rng.randint(1, o), rng.randint(1, 6), status)
            )
        failures.append((f"f{n}", s, o, extra, actions))
    return write(tmp_path, failures)


@pytest.mark.parametrize("seed", range(60))
def test_plan_finds_what_brute_force_finds(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    bp = _random_blueprint(tmp_path, rng)
    budget = rng.choice([0, 15, 30, 50, 75, 100, 160])
    plan = make_plan(bp, budget)
    assert plan.cost <= budget
    assert plan.after == pytest.approx(brute_force(bp, budget), rel=1e-9, abs=1e-6)
    assert plan.before == pytest.approx(journey_after(bp, set()))
    assert sum(c.removed for c in plan.chosen) == pytest.approx(plan.removed, abs=1e-6)


def test_rpn_objective_and_the_fallback_without_economics(tmp_path: Path) -> None:
    failures = [
        ("a", 6, 5, "", [act("detect", 30, 6, 5, 2), act("prevent", 40, 6, 2, 6)]),
        ("b", 4, 4, "", [act("cheap", 10, 4, 4, 3)]),
    ]
    bp = write(tmp_path, failures, econ=False)
    plan = make_plan(bp, 40, objective_name="money")
    assert (plan.objective, plan.fallback) == ("rpn", True)
    # RPN: a 6x5x6 = 180, b 4x4x6 = 96. detect -> 60 (-120), prevent -> 72 (-108), cheap -> 48 (-48)
    assert plan.before == 276
    assert sorted(c.action.title for c in plan.chosen) == ["cheap", "detect"]
    assert plan.after == 276 - 120 - 48
    money = make_plan(write(tmp_path, failures), 40)
    assert money.objective == "money"
    reasons = {n.action.title: n.reason for n in money.not_chosen}
    assert reasons["detect"] == "no_gain"  # detection does not change money at risk


def test_reasons_for_actions_left_out(tmp_path: Path) -> None:
    bp = write(
        tmp_path,
        [
            (
                "a",
                8,
                6,
                "",
                [
                    act("fits", 10, 8, 3, 6),
                    act("dear", 500, 8, 1, 6),
                    "{title: vague, status: open, cost: 5}",
                    act("free-form", None, 8, 2, 6),
                    act("old", 5, 8, 3, 6, "done"),
                ],
            )
        ],
    )
    plan = make_plan(bp, 50)
    reasons = {n.action.title: n.reason for n in plan.not_chosen}
    assert reasons == {
        "dear": "over_budget",
        "vague": "no_revised",
        "free-form": "no_cost",
        "fits": "no_gain",
    }
    assert plan.chosen == () and plan.removed == 0  # the done action already brought O to 3


def test_must_h_funds_the_actions_on_h_failures_first(tmp_path: Path) -> None:
    bp = write(
        tmp_path,
        [
            ("h", 9, 4, "", [act("h-fix", 60, 9, 2, 6), act("h-dear", 80, 9, 1, 6)]),  # S9 O4 D6: AP H
            ("l", 3, 8, ", affected: 0.5", [act("l-fix", 50, 3, 2, 6)]),  # S3 O8 D6: AP M
        ],
    )
    assert [c.action.title for c in make_plan(bp, 100).chosen] == ["l-fix"]
    plan = make_plan(bp, 100, must="H")
    assert [c.action.title for c in plan.chosen] == ["h-fix"]
    assert plan.chosen[0].must and plan.chosen[0].ap_before == "H"
    assert [n.action.title for n in plan.must_missed] == ["h-dear"]


def test_cli_formats_and_languages(tmp_path: Path) -> None:
    run = CliRunner().invoke
    table = run(cli, ["plan", FEDEX, "--budget", "500000", "--width", "120"])
    assert table.exit_code == 0, table.output
    assert "Method: exact" in table.output and "Publish a customs-hold event" in table.output
    assert "(no cost given)" in table.output
    data = json.loads(run(cli, ["plan", FEDEX, "--budget", "500000", "--format", "json"]).output)
    assert list(data) == [
        "budget", "objective", "method", "currency", "chosen", "not_chosen", "cost", "removed",
        "at_risk_before", "at_risk_after",
    ]  # fmt: skip
    assert list(data["chosen"][0]) == [
        "failure",
        "cause",
        "action",
        "cost",
        "removed",
        "ap_before",
        "ap_after",
        "must",
    ]
    assert data["cost"] <= 500000 and data["removed"] == pytest.approx(
        data["at_risk_before"] - data["at_risk_after"], abs=0.02
    )
    md = run(cli, ["plan", FEDEX, "--budget", "500000", "--format", "markdown", "--lang", "zh-TW"]).output
    assert "| # | 措施 | 失效 |" in md and "方法：精確解" in md
    with_q = json.loads(
        run(
            cli, ["plan", FEDEX, "--budget", "500000", "--format", "json", "--uncertainty", "--draws", "500"]
        ).output
    )
    assert with_q["at_risk_after_p10"] < with_q["at_risk_after_p50"] < with_q["at_risk_after_p90"]
    assert with_q["at_risk_after_p50"] < with_q["at_risk_before_p50"]


def test_text_from_the_file_is_inert_in_markdown(tmp_path: Path) -> None:
    bp_text = (
        "blueprint: 1\ntitle: '<b>T</b>'\nsteps:\n  - id: s\n    lane: customer\n    title: S\n"
        "    failures:\n"
        "      - id: a\n        mode: M\n        severity: 8\n        occurrence: 6\n        detection: 6\n"
        "        actions:\n"
        "          - {title: '<script>x</script> | [l](http://e) *b*', cost: 5, status: open,"
        " revised: {severity: 8, occurrence: 2, detection: 6}}\n"
        "economics: {customers: 100, revenue_per_customer: 10}\n"
    )
    path = tmp_path / "h.blueprint.yaml"
    path.write_text(bp_text, encoding="utf-8")
    md = CliRunner().invoke(cli, ["plan", str(path), "--budget", "10", "--format", "markdown"]).output
    assert "<script>" not in md and "<b>" not in md and "[l](http" not in md
    assert "&lt;script&gt;" in md and "\\|" in md


def _many(tmp_path: Path, n_failures: int, per_failure: int) -> Blueprint:
    rng = random.Random(n_failures)
    failures = []
    for n in range(n_failures):
        s, o = rng.randint(1, 10), rng.randint(3, 10)
        actions = [
            act(f"a{n}-{k}", rng.choice([500, 1000, 1500, 2500, 4000]), s, rng.randint(1, o - 1), 6)
            for k in range(per_failure)
        ]
        failures.append((f"f{n}", s, o, "", actions))
    return write(tmp_path, failures)


def test_two_hundred_actions_are_planned_exactly_and_quickly(tmp_path: Path) -> None:
    import time

    bp = _many(tmp_path, 100, 2)
    start = time.perf_counter()
    plan = make_plan(bp, 60000)
    took = time.perf_counter() - start
    assert plan.method == "exact" and plan.candidates == 200
    assert plan.cost <= 60000 and plan.removed > 0
    assert took < 20, f"{took:.1f} s"


def test_beyond_the_exact_limit_the_plan_is_greedy_and_says_so(tmp_path: Path) -> None:
    bp = _many(tmp_path, 205, 2)
    plan = make_plan(bp, 60000)
    assert plan.method == "greedy" and plan.candidates == 410
    assert plan.cost <= 60000 and plan.removed > 0
    out = CliRunner().invoke(cli, ["plan", bp.path, "--budget", "60000"]).output
    assert "Method: greedy by removed per cost (410 actions" in out

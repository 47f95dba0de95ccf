"""The graph analyses on the clinic blueprint, checked against hand calculations.

The clinic (tests/data/graph/clinic.blueprint.yaml)::

    call (customer, 10m/5m) -> scheduler (front, 4m/5m, retries itself) -> confirm-sms (front)
      -> arrive (customer, 20m/15m) -> consult (front, 15m, no tolerance) -> pay (customer)
      -> survey (front, end of the journey)
    file-notes (backstage, no flow)
    scheduler, confirm-sms use calendar; consult, file-notes, calendar use records

Current RPNs: double-booking 7x6x4 = 168 (AP H), consult.1 6x3x4 = 72, survey-ignored 3x5x5 = 75,
notes-late 4x6x5 = 120, calendar-outage 8x3x2 revised by a done action to 8x2x2 = 32,
records-slow 5x5x3 = 75.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from blueprint.analysis.graph import surfaces_at
from blueprint.analysis.touchpoints import (
    critical_touchpoints,
    fail_points_by_phase,
    journey_times,
    unfelt_failures,
    wait_points,
)
from blueprint.load.build import build
from blueprint.load.loader import load_blueprint
from blueprint.model import Blueprint
from tests.conftest import DATA

CLINIC = DATA / "graph" / "clinic.blueprint.yaml"


@pytest.fixture(scope="module")
def clinic() -> Blueprint:
    return load_blueprint(str(CLINIC))


def test_surfaces(clinic: Blueprint) -> None:
    assert surfaces_at(clinic) == {
        "double-booking": ("call",),  # the scheduler's interaction partner: call flows into it
        "consult.1": ("arrive", "pay"),  # joined both ways in the same phase
        "survey-ignored": ("pay",),  # pay flows into the survey
        "notes-late": (),
        "calendar-outage": ("call", "arrive"),  # used by scheduler (call) and confirm-sms (arrive)
        "records-slow": ("call", "arrive", "pay"),  # consult, and calendar's users through it
    }


def test_critical_touchpoints(clinic: Blueprint) -> None:
    got = [
        (t.step, t.customer_steps, t.dependents, t.failures, t.rpn_before, t.rpn, t.high)
        for t in critical_touchpoints(clinic)
    ]
    assert got == [
        # records: its own 75, consult 72, file-notes 120, calendar 32 (48 before its done
        # action), scheduler 168 (H)
        ("records", ("call", "arrive", "pay"),
         ("scheduler", "confirm-sms", "consult", "file-notes", "calendar"), 5, 483, 467, 1),
        ("calendar", ("call", "arrive"), ("scheduler", "confirm-sms"), 2, 216, 200, 1),
        ("consult", ("arrive", "pay"), (), 1, 72, 72, 0),
        ("scheduler", ("call",), (), 1, 168, 168, 1),
        ("survey", ("pay",), (), 1, 75, 75, 0),
        ("confirm-sms", ("arrive",), (), 0, 0, 0, 0),
    ]  # fmt: skip
    # file-notes reaches no customer step; customer steps are not listed


def test_fail_points_by_phase(clinic: Blueprint) -> None:
    got = [
        (p.phase, p.title, p.steps, p.failures, p.rpn, p.max_rpn, p.high)
        for p in fail_points_by_phase(clinic)
    ]
    assert got == [
        ("book", "Booking", ("scheduler", "calendar"), 2, 168 + 32, 168, 1),
        ("visit", "Visit", ("consult", "survey", "file-notes", "records"), 4, 72 + 75 + 120 + 75, 120, 0),
    ]


def test_wait_points_worst_first(clinic: Blueprint) -> None:
    got = [(w.step, w.expected, w.tolerance, w.over) for w in wait_points(clinic)]
    assert got == [("call", 600, 300, 300), ("arrive", 1200, 900, 300)]


def test_journey_times(clinic: Blueprint) -> None:
    phases, total = journey_times(clinic)
    assert [(p.phase, p.path, p.expected, p.tolerance, p.timed) for p in phases] == [
        ("book", ("call", "scheduler", "confirm-sms"), 14 * 60, 10 * 60, 2),
        # consult states no tolerance: it counts as tolerated at its 15 minutes
        ("visit", ("arrive", "consult", "pay", "survey"), 35 * 60, 30 * 60, 2),
    ]
    assert total.path == ("call", "scheduler", "confirm-sms", "arrive", "consult", "pay", "survey")
    assert (total.expected, total.tolerance, total.over, total.timed) == (49 * 60, 40 * 60, 9 * 60, 4)


def test_unfelt_failures(clinic: Blueprint) -> None:
    assert [f.id for f in unfelt_failures(clinic)] == ["notes-late"]


@pytest.mark.parametrize(
    "said",
    [
        "        felt_at: [pay]\n",  # on the failure
        # on a cause
        "        causes:\n          - {cause: Backlog, occurrence: 6, detection: 5, felt_at: [pay]}\n",
    ],
)
def test_a_failure_its_file_says_is_felt_is_not_unfelt(tmp_path: Path, said: str) -> None:
    text = CLINIC.read_text(encoding="utf-8")
    where = "        severity: 4\n        occurrence: 6\n        detection: 5\n  - id: calendar\n"
    assert where in text
    rated = "        occurrence: 6\n        detection: 5\n" if "causes" not in said else ""
    path = tmp_path / "clinic.blueprint.yaml"
    path.write_text(text.replace(where, "        severity: 4\n" + rated + said + "  - id: calendar\n"))
    bp = load_blueprint(str(path))
    assert "notes-late" not in [f.id for f in unfelt_failures(bp)]
    assert surfaces_at(bp)["notes-late"] == ("pay",)


def _bp(steps: list[dict[str, object]], phases: list[str] | None = None) -> Blueprint:
    data: dict[str, object] = {"blueprint": 1, "title": "t", "steps": steps}
    if phases:
        data["phases"] = [{"id": p, "title": p} for p in phases]
    return build(data, "t", lambda path: (1, 1))


def test_longest_path_cuts_loops_and_prefers_the_heavier_branch() -> None:
    bp = _bp(
        [
            {"id": "a", "lane": "customer", "title": "a", "next": ["b", "c"], "time": {"expected": "1m"}},
            {"id": "b", "lane": "frontstage", "title": "b", "next": ["d", "a"], "time": {"expected": "5m"}},
            {"id": "c", "lane": "frontstage", "title": "c", "next": ["d"], "time": {"expected": "9m"}},
            {"id": "d", "lane": "customer", "title": "d", "next": ["d"],
             "time": {"expected": "2m", "tolerance": "1m"}},
        ]
    )  # fmt: skip
    phases, total = journey_times(bp)
    assert total.path == ("a", "c", "d")
    assert (total.expected, total.tolerance) == (12 * 60, 11 * 60)
    assert len(phases) == 1 and phases[0].phase is None  # no phases: one group, the whole blueprint


def test_no_times_and_no_flow() -> None:
    bp = _bp([{"id": "x", "lane": "support", "title": "x"}, {"id": "y", "lane": "backstage", "title": "y"}])
    _, total = journey_times(bp)
    assert total.timed == 0 and total.expected == 0 and len(total.path) == 1
    assert wait_points(bp) == [] and critical_touchpoints(bp) == []


def test_empty_phase_is_listed() -> None:
    bp = _bp([{"id": "x", "lane": "customer", "title": "x", "phase": "b"}], phases=["a", "b"])
    assert [(p.phase, p.steps) for p in fail_points_by_phase(bp)] == [("a", ()), ("b", ())]
    phases, _ = journey_times(bp)
    assert [(p.phase, p.path) for p in phases] == [("a", ()), ("b", ("x",))]

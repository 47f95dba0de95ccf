"""``kind: shared``: a file of shared systems needs no customer steps, phases or connections."""

from __future__ import annotations

from blueprint.load.loader import load_bytes, require_valid
from blueprint.rules import Options, run_rules

SHARED = """\
blueprint: 1
kind: shared
title: Hospital systems
steps:
  - id: his
    lane: support
    title: Hospital information system
    failures:
      - {id: his-down, mode: HIS outage, effect: No record, severity: 7, occurrence: 3, detection: 2}
  - id: pharmacy-system
    lane: support
    title: Pharmacy system
  - id: front-desk
    lane: frontstage
    title: Registration desk
"""


def _codes(text: str) -> list[str]:
    loaded = load_bytes(text.encode("utf-8"), "s.blueprint.yaml")
    return sorted(f.code for f in run_rules(loaded, Options()))


def test_a_shared_file_is_not_judged_as_a_journey() -> None:
    assert _codes(SHARED) == []
    assert require_valid(load_bytes(SHARED.encode(), "s.blueprint.yaml")).kind == "shared"


def test_the_same_steps_as_a_journey_are_isolated_and_unreached() -> None:
    codes = _codes(SHARED.replace("kind: shared\n", ""))
    assert codes.count("BP006") == 3, "three steps with no edge at all"
    assert "BP014" in codes, "a frontstage step no customer step reaches"
    assert _codes(SHARED.replace("kind: shared", "kind: journey")) == codes


def test_an_unknown_kind_is_a_schema_error() -> None:
    assert _codes(SHARED.replace("kind: shared", "kind: library")) == ["BP001"]

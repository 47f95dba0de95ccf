"""``from: ID``: a failure reusing a failure of an included shared file, overriding keys."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from blueprint.errors import ValidationError
from blueprint.load.fmt import format_text
from blueprint.load.loader import load_blueprint, load_file
from blueprint.model import Blueprint, Failure
from blueprint.rules import Options, run_rules

Write = Callable[..., Path]

SYSTEMS = """\
blueprint: 1
kind: shared
title: Systems
steps:
  - id: pay-gw
    lane: support
    title: Payment gateway
    failures:
      - id: declined-std
        mode: Card wrongly declined
        effect: The customer cannot pay
        severity: 6
        affected: 0.01
        causes:
          - {id: timeout, cause: Gateway timeout, occurrence: 5, detection: 6}
          - {id: bins, cause: Stale card ranges, occurrence: 3, detection: 8}
      - id: double-charge
        mode: Card charged twice
        effect: The customer pays twice
        cause: Retry without key
        controls: {prevention: None, detection: Reconciliation}
        severity: 8
        occurrence: 4
        detection: 5
        actions:
          - {title: Idempotency keys, status: open}
"""

JOURNEY = """\
blueprint: 1
title: Pay
include: [systems.blueprint.yaml]
steps:
  - {{id: pay, lane: customer, title: Pay, next: [till]}}
  - id: till
    lane: frontstage
    title: Take the card
    uses: [pay-gw]
    failures:
{failures}"""


def _load(write: Write, failures: str) -> Blueprint:
    write(SYSTEMS, "systems.blueprint.yaml")
    return load_blueprint(str(write(JOURNEY.format(failures=failures), "j.blueprint.yaml")))


def _own(bp: Blueprint) -> tuple[Failure, ...]:
    return bp.own_failures


def test_a_bare_from_takes_everything_and_keeps_its_own_id(write: Write) -> None:
    (f,) = _own(_load(write, "      - {id: charged-twice, from: double-charge}\n"))
    assert (f.id, f.step, f.from_id, f.overrides) == ("charged-twice", "till", "double-charge", ())
    assert (f.mode, f.effect, f.cause) == (
        "Card charged twice",
        "The customer pays twice",
        "Retry without key",
    )
    assert (f.prevention, f.detection_control) == ("None", "Reconciliation")
    assert (f.ratings.severity, f.ratings.occurrence, f.ratings.detection) == (8, 4, 5)
    assert [a.title for a in f.actions] == ["Idempotency keys"]


def test_keys_written_here_override_and_are_listed(write: Write) -> None:
    text = "      - from: double-charge\n        occurrence: 2\n        effect: Refund by hand\n"
    (f,) = _own(_load(write, text))
    assert f.id == "till.1"  # the generated id, as for any failure
    assert f.overrides == ("effect", "occurrence")
    assert (f.ratings.occurrence, f.effect, f.mode) == (2, "Refund by hand", "Card charged twice")


def test_a_chained_standard_keeps_its_causes_and_local_causes_replace_them(write: Write) -> None:
    (f,) = _own(_load(write, "      - {id: declined, from: declined-std, severity: 7}\n"))
    assert [c.id for c in f.causes] == ["declined.1", "declined.2"]  # own ids, under its own id
    assert [(c.cause, c.occurrence) for c in f.causes] == [("Gateway timeout", 5), ("Stale card ranges", 3)]
    assert f.ratings.severity == 7 and f.overrides == ("severity",)
    text = (
        "      - id: declined\n        from: declined-std\n        causes:\n"
        "          - {cause: Reader, occurrence: 2, detection: 3}\n"
    )
    (g,) = _own(_load(write, text))
    assert [(c.cause, c.occurrence, c.detection) for c in g.causes] == [("Reader", 2, 3)]


def test_an_occurrence_over_a_chained_standard_is_refused_at_the_failure(write: Write) -> None:
    with pytest.raises(ValidationError) as caught:
        _load(write, "      - {id: declined, from: declined-std, occurrence: 2}\n")
    assert caught.value.line == 11
    assert "override them with 'causes:', not with occurrence" in caught.value.message


def test_an_unknown_from_is_bp003_with_did_you_mean(write: Write) -> None:
    write(SYSTEMS, "systems.blueprint.yaml")
    path = write(JOURNEY.format(failures="      - {id: x, from: double-charg}\n"), "j.blueprint.yaml")
    found = [f for f in run_rules(load_file(str(path), "j.blueprint.yaml"), Options()) if f.code == "BP003"]
    assert [(f.line, f.col) for f in found] == [(11, 23)]
    assert (
        found[0].message == "from names unknown shared failure 'double-charg', did you mean 'double-charge'?"
    )
    with pytest.raises(ValidationError, match="did you mean 'double-charge'"):
        load_blueprint(str(path))


def test_without_from_a_failure_still_needs_its_mode_and_ratings(write: Write) -> None:
    write(SYSTEMS, "systems.blueprint.yaml")
    path = write(JOURNEY.format(failures="      - {id: x, occurrence: 2}\n"), "j.blueprint.yaml")
    codes = sorted(f.message for f in run_rules(load_file(str(path)), Options()) if f.code == "BP001")
    assert any("'mode'" in c for c in codes) and any("'severity'" in c for c in codes)


def test_fmt_keeps_include_and_from() -> None:
    text = JOURNEY.format(failures="      - occurrence: 2\n        from: double-charge\n        id: x\n")
    out = format_text(text)
    assert "include: [systems.blueprint.yaml]" in out
    assert "      - id: x\n        from: double-charge\n        occurrence: 2\n" in out

"""Property tests over generated blueprints: the loader and ``check``."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blueprint.load.loader import load_bytes
from blueprint.rules import Options
from blueprint.rules.checker import check_file
from tests.conftest import examples
from tests.strategies import blueprints, shuffled, to_yaml

SETTINGS = settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(blueprints())
def test_generated_blueprints_load_with_their_text_intact(data: dict) -> None:
    loaded = load_bytes(to_yaml(data).encode("utf-8"), "gen.blueprint.yaml")
    assert loaded.problems == []
    bp = loaded.blueprint
    assert bp is not None
    assert bp.title == data["title"]
    assert [s.title for s in bp.steps] == [s["title"] for s in data["steps"]]
    assert len(bp.failures) == sum(len(s.get("failures", [])) for s in data["steps"])


@SETTINGS
@given(blueprints(), st.sampled_from(["H", "M", "L", "NONE"]))
def test_check_never_crashes_and_findings_are_well_formed(
    tmp_path_factory: pytest.TempPathFactory, data: dict, gate: str
) -> None:
    path = tmp_path_factory.mktemp("p") / "gen.blueprint.yaml"
    path.write_text(to_yaml(data), encoding="utf-8")
    report = check_file(str(path), Options(fail_on=gate))
    assert not report.unreadable
    for f in report.findings:
        assert f.line >= 1 and f.col >= 1
        assert "\n" not in f.message
        assert f.code.startswith("BP")


@pytest.mark.slow
@SETTINGS
@given(blueprints(), st.integers(0, 1000))
def test_key_order_does_not_change_findings(
    tmp_path_factory: pytest.TempPathFactory, data: dict, seed: int
) -> None:
    folder = tmp_path_factory.mktemp("k")
    a, b = folder / "a.blueprint.yaml", folder / "b.blueprint.yaml"
    a.write_text(to_yaml(data), encoding="utf-8")
    b.write_text(to_yaml(shuffled(data, seed)), encoding="utf-8")
    codes_a = sorted((f.code, f.key) for f in check_file(str(a), Options()).findings)
    codes_b = sorted((f.code, f.key) for f in check_file(str(b), Options()).findings)
    assert codes_a == codes_b

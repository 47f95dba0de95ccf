"""Shared fixtures and paths: the examples, a CLI runner, a helper to write blueprints, the
``requires`` marker. Functions that run ``blueprint`` live in ``tests/helpers.py``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

from tests.helpers import BIN, blueprint_cmd, require_tool

__all__ = ["BIN", "blueprint_cmd"]  # also importable from here, as before

#: the folder of the tests, its shared data and its golden files, and the repository
TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data"
GOLDEN = TESTS / "golden"
ROOT = TESTS.parent
#: the example journeys that stand alone (``examples/*.blueprint.yaml``)
EXAMPLES = sorted((ROOT / "examples").glob("*.blueprint.yaml"))
#: the hospital portfolio: a shared systems file (``kind: shared``) and journeys including it
HOSPITAL = ROOT / "examples" / "hospital"
HOSPITAL_SHARED = [
    p for p in sorted(HOSPITAL.glob("*.blueprint.yaml")) if "\nkind: shared\n" in p.read_text("utf-8")
]
HOSPITAL_JOURNEYS = [p for p in sorted(HOSPITAL.glob("*.blueprint.yaml")) if p not in HOSPITAL_SHARED]
#: every example journey: those that stand alone, then those that include shared files
JOURNEYS = [*EXAMPLES, *HOSPITAL_JOURNEYS]
#: every example file below ``examples/`` (what ``blueprint check examples/`` reads), shared ones too
EXAMPLE_FILES = sorted((ROOT / "examples").rglob("*.blueprint.yaml"))

# Hypothesis profiles. The default keeps the whole suite to a few minutes; run
# ``HYPOTHESIS_PROFILE=thorough pytest tests/e2e/test_properties_commands.py`` (or the whole
# suite) before a release for many more generated cases.
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")
#: how many times more examples the thorough profile tries
THOROUGH_FACTOR = 20
_QUIET = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large]
settings.register_profile("default", deadline=None, suppress_health_check=_QUIET)
settings.register_profile(
    "thorough", max_examples=100 * THOROUGH_FACTOR, deadline=None, suppress_health_check=_QUIET
)
settings.load_profile(PROFILE)


def examples(n: int) -> int:
    """``n`` generated cases under the default profile, many more under ``thorough``."""
    return n * THOROUGH_FACTOR if PROFILE == "thorough" else n


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def write(tmp_path: Path):
    """Write text (or bytes) to a file in tmp_path and return its path."""

    def _write(content: str | bytes, name: str = "t.blueprint.yaml") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write


def pytest_runtest_setup(item: pytest.Item) -> None:
    """``@pytest.mark.requires("dot")``: skip without the tool, fail with ``BLUEPRINT_REQUIRE_TOOLS=1``."""
    for mark in item.iter_markers("requires"):
        for name in mark.args:
            require_tool(name)


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see English and no colour settings unless they ask otherwise."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "CLICOLOR"):
        monkeypatch.delenv(var, raising=False)
    os.environ.setdefault("COLUMNS", "100")


@pytest.fixture(autouse=True)
def _fresh_includes() -> None:
    """Each test reads the shared files it includes afresh (a run keeps them once read)."""
    from blueprint.load.include import clear_cache

    clear_cache()


def assert_golden(path: Path, got: bytes) -> None:
    """``got`` equals the golden file; ``BLUEPRINT_REGEN=1`` rewrites it (review the diff)."""
    if os.environ.get("BLUEPRINT_REGEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(got)
    assert path.exists(), f"missing golden file {path}; run with BLUEPRINT_REGEN=1"
    assert got == path.read_bytes(), f"{path.name} differs (BLUEPRINT_REGEN=1 to regenerate after review)"

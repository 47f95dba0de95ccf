"""``include:``: a journey uses the steps of shared files (``kind: shared``), read once per run."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from blueprint.common.paths import display_path
from blueprint.errors import LoadError, ValidationError
from blueprint.load import include
from blueprint.load.loader import load_blueprint, load_file
from tests.conftest import DATA
from tests.helpers import entry

SHARED = DATA / "shared"

SYSTEMS = """\
blueprint: 1
kind: shared
title: Systems
steps:
  - id: crm
    lane: support
    title: Customer records
    failures:
      - {id: crm-down, mode: Records unavailable, severity: 7, occurrence: 4, detection: 3}
"""

JOURNEY = """\
blueprint: 1
title: Visit
include:
  - {target}
steps:
  - {{id: arrive, lane: customer, title: Arrive, next: [greet]}}
  - {{id: greet, lane: frontstage, title: Greet, uses: [crm]}}
"""

Write = Callable[..., Path]


def _journey(write: Write, target: str = "systems.blueprint.yaml", name: str = "j.blueprint.yaml") -> Path:
    return write(JOURNEY.format(target=target), name)


def test_the_shared_steps_follow_the_journeys_own_with_their_file_and_lines() -> None:
    bp = load_blueprint(str(SHARED / "booking.blueprint.yaml"), "booking.blueprint.yaml")
    assert [s.id for s in bp.steps] == ["order", "confirm", "crm", "pay-gw"]
    shown = display_path(str(SHARED / "systems.blueprint.yaml"))  # as findings show paths
    assert [s.shared_from for s in bp.steps] == [None, None, shown, shown]
    assert bp.includes == (shown,)
    pay = bp.steps[3]
    # the line of '- id: pay-gw' and of its second failure, in the shared file
    lines = (SHARED / "systems.blueprint.yaml").read_text().splitlines()
    assert lines[pay.line - 1].strip() == "- id: pay-gw"
    assert lines[pay.failures[1].line - 1].strip() == "- id: double-charge"
    assert [s.id for s in bp.own_steps] == ["order", "confirm"]


def test_a_folder_path_relative_to_the_journey(write: Write, tmp_path: Path) -> None:
    (tmp_path / "shared").mkdir()
    write(SYSTEMS, "shared/systems.blueprint.yaml")
    (tmp_path / "journeys").mkdir()
    path = _journey(write, "../shared/systems.blueprint.yaml", "journeys/j.blueprint.yaml")
    bp = load_blueprint(str(path))
    assert bp.step("crm") is not None and bp.step("crm").shared_from.endswith("shared/systems.blueprint.yaml")  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("target", "setup", "expected"),
    [
        ("nowhere.blueprint.yaml", "", "no such file"),
        ("broken.blueprint.yaml", 'blueprint: 1\ntitle: "open\n', "broken.blueprint.yaml:3:1: invalid YAML"),
        ("invalid.blueprint.yaml", SYSTEMS.replace("severity: 7", "severity: 70"), "it breaks the format at"),
        (
            "journey.blueprint.yaml",
            SYSTEMS.replace("kind: shared\n", ""),
            "it is not a shared file (kind: shared)",
        ),
        (
            "nested.blueprint.yaml",
            SYSTEMS.replace("kind: shared\n", "kind: shared\ninclude: [other.blueprint.yaml]\n"),
            "it includes files itself, and includes are one level deep",
        ),
    ],
)
def test_a_bad_include_is_one_line_at_its_entry(
    write: Write, tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str, setup: str, expected: str
) -> None:
    if setup:
        write(setup, target)
    path = _journey(write, target)
    with pytest.raises(LoadError) as caught:
        load_file(str(path), "j.blueprint.yaml")
    assert (caught.value.line, caught.value.col) == (4, 5)  # the entry under 'include:'
    said = f"cannot include '{target}': "
    assert caught.value.message.startswith(said) and expected in caught.value.message
    result = entry("fmea", str(path))
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and f"j.blueprint.yaml:4:5: {said}" in lines[0]


def test_the_errors_are_worded_in_chinese_too(write: Write) -> None:
    path = _journey(write, "nowhere.blueprint.yaml")
    result = entry("fmea", "--lang", "zh-TW", str(path))
    assert result.exit_code == 2
    assert "無法引入 'nowhere.blueprint.yaml'：檔案不存在" in result.output


def test_the_same_file_twice_is_refused(write: Write) -> None:
    write(SYSTEMS, "systems.blueprint.yaml")
    path = write(
        JOURNEY.format(target="systems.blueprint.yaml\n  - ./systems.blueprint.yaml"), "j.blueprint.yaml"
    )
    with pytest.raises(LoadError) as caught:
        load_file(str(path))
    assert (caught.value.line, caught.value.col) == (5, 5)
    assert "'./systems.blueprint.yaml' is already included at line 4" in caught.value.message


def test_a_shared_file_that_includes_is_refused_at_its_own_include(write: Write) -> None:
    path = write(
        SYSTEMS.replace("kind: shared\n", "kind: shared\ninclude: [x.blueprint.yaml]\n"), "s.blueprint.yaml"
    )
    with pytest.raises(LoadError) as caught:
        load_file(str(path))
    assert caught.value.line == 3
    assert "includes are one level deep" in caught.value.message


def test_a_shared_files_own_broken_reference_makes_the_journey_unusable_at_its_line(write: Write) -> None:
    write(
        SYSTEMS.replace("title: Customer records", "title: Records\n    uses: [nothere]"),
        "systems.blueprint.yaml",
    )
    path = _journey(write)
    with pytest.raises(ValidationError) as caught:
        load_blueprint(str(path))
    assert caught.value.path is not None and caught.value.path.endswith("systems.blueprint.yaml")
    assert caught.value.line == 8 and "BP003" in caught.value.message


def test_each_shared_file_is_read_once_for_many_journeys(
    write: Write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(SYSTEMS, "systems.blueprint.yaml")
    journeys = [_journey(write, name=f"j{n}.blueprint.yaml") for n in range(20)]
    read: list[str] = []
    real = include.read_source

    def counting(path: str, display: str | None = None) -> object:
        read.append(path)
        return real(path, display)

    monkeypatch.setattr(include, "read_source", counting)
    include.clear_cache()
    models = [load_blueprint(str(j)) for j in journeys]
    assert len(read) == 1
    assert all(m.step("crm") is not None for m in models)
    # an edit is seen: the file is read again once its size or time changes
    write(SYSTEMS.replace("occurrence: 4", "occurrence: 10"), "systems.blueprint.yaml")
    again = load_blueprint(str(journeys[0]))
    assert len(read) == 2
    assert again.step("crm").failures[0].ratings.occurrence == 10  # type: ignore[union-attr]


def test_a_symlinked_path_is_the_same_file(write: Write, tmp_path: Path) -> None:
    write(SYSTEMS, "systems.blueprint.yaml")
    (tmp_path / "alias.blueprint.yaml").symlink_to(tmp_path / "systems.blueprint.yaml")
    path = write(
        JOURNEY.format(target="systems.blueprint.yaml\n  - alias.blueprint.yaml"), "j.blueprint.yaml"
    )
    with pytest.raises(LoadError, match="already included at line 4"):
        load_file(str(path))


def test_the_example_folder_copy_loads(tmp_path: Path) -> None:
    for name in ("systems", "booking", "visit"):
        shutil.copy(SHARED / f"{name}.blueprint.yaml", tmp_path)
    bp = load_blueprint(str(tmp_path / "visit.blueprint.yaml"))
    assert bp.step("crm") is not None


def test_next_may_name_a_shared_step_too(write: Write) -> None:
    write(SYSTEMS, "systems.blueprint.yaml")
    path = write(JOURNEY.format(target="systems.blueprint.yaml").replace("uses: [crm]", "next: [crm]"))
    bp = load_blueprint(str(path))
    assert bp.step("greet").next == ("crm",)  # type: ignore[union-attr]

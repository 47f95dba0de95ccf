"""Action Priority profiles: every cell of the AIAG & VDA table, the RM13004 variant, user files.

The oracle is ``tests/data/ap-aiag-vda-2019.json``, a verbatim copy of the shared reference
table, expanded here by code that does not share anything with ``blueprint.analysis.ap``.
"""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from blueprint.analysis.ap import (
    AP_ORDER,
    BUILTIN_PROFILES,
    DEFAULT_PROFILE,
    Profile,
    ProfileError,
    ap_at_least,
    load_profile,
)
from blueprint.errors import BlueprintError, ConfigError
from tests.conftest import DATA, examples

ORACLE_PATH = DATA / "ap-aiag-vda-2019.json"
ORACLE_DATA: dict[str, Any] = json.loads(ORACLE_PATH.read_text(encoding="utf-8"))

Cell = tuple[int, int, int]


def expand(rows: list[dict[str, Any]]) -> dict[Cell, str]:
    """Each (s, o, d) covered by the rows, with its letter; fails on any overlap."""
    cells: dict[Cell, str] = {}
    for row in rows:
        for s in range(row["s"][0], row["s"][1] + 1):
            for o in range(row["o"][0], row["o"][1] + 1):
                for d in range(row["d"][0], row["d"][1] + 1):
                    assert (s, o, d) not in cells, f"oracle overlaps at {(s, o, d)}"
                    cells[(s, o, d)] = row["ap"]
    return cells


ORACLE = expand(ORACLE_DATA["rows"])
ALL_CELLS = [(s, o, d) for s in range(1, 11) for o in range(1, 11) for d in range(1, 11)]


def box(s: tuple[int, int], o: tuple[int, int], d: tuple[int, int]) -> set[Cell]:
    """Every cell of an inclusive S x O x D range."""
    return {
        (si, oi, di)
        for si in range(s[0], s[1] + 1)
        for oi in range(o[0], o[1] + 1)
        for di in range(d[0], d[1] + 1)
    }


# The README's "cells that many tools get wrong", typed by hand:
# (S range, O range, D range, AP in aiag-vda-2019, AP in sae-rm13004).
TRICKY = [
    ((9, 10), (1, 1), (1, 10), "L", "L"),  # "S >= 9 is always H"
    ((10, 10), (2, 2), (2, 2), "L", "L"),
    ((9, 9), (5, 5), (1, 1), "M", "M"),
    ((9, 10), (2, 3), (7, 10), "H", "L"),
    ((9, 10), (2, 3), (5, 6), "M", "L"),
    ((2, 3), (8, 10), (7, 10), "M", "L"),
    ((2, 3), (8, 10), (5, 6), "M", "L"),
    ((4, 6), (6, 7), (1, 1), "L", "L"),  # one public tool gives M
]
TRICKY_CASES = [
    pytest.param(profile, s, o, d, want, id=f"{profile}-S{s}-O{o}-D{d}-{want}")
    for s_rng, o_rng, d_rng, aiag, rm in TRICKY
    for (s, o, d) in sorted(box(s_rng, o_rng, d_rng))
    for profile, want in (("aiag-vda-2019", aiag), ("sae-rm13004", rm))
]
RM13004_GROUPS = (
    box((9, 10), (2, 3), (7, 10))
    | box((9, 10), (2, 3), (5, 6))
    | box((2, 3), (8, 10), (7, 10))
    | box((2, 3), (8, 10), (5, 6))
)


# --- the built-in tables ---------------------------------------------------------------


def test_oracle_covers_every_cell_once() -> None:
    assert len(ORACLE) == 1000
    assert set(ORACLE) == set(ALL_CELLS)


def test_aiag_vda_2019_matches_the_reference_in_all_1000_cells() -> None:
    profile = load_profile("aiag-vda-2019")
    wrong = [(cell, profile.ap(*cell), ORACLE[cell]) for cell in ALL_CELLS]
    wrong = [w for w in wrong if w[1] != w[2]]
    assert wrong == []


def test_aiag_vda_2019_counts() -> None:
    profile = load_profile("aiag-vda-2019")
    assert Counter(profile.ap(*cell) for cell in ALL_CELLS) == {"H": 318, "M": 214, "L": 468}
    assert Counter(profile.table) == {"H": 318, "M": 214, "L": 468}
    assert Counter(ORACLE.values()) == {"H": 318, "M": 214, "L": 468}


def test_table_index_layout() -> None:
    profile = load_profile("aiag-vda-2019")
    for s, o, d in ALL_CELLS:
        assert profile.table[(s - 1) * 100 + (o - 1) * 10 + (d - 1)] == ORACLE[(s, o, d)]


@pytest.mark.parametrize(("profile", "s", "o", "d", "want"), TRICKY_CASES)
def test_tricky_cells(profile: str, s: int, o: int, d: int, want: str) -> None:
    assert load_profile(profile).ap(s, o, d) == want


def test_tricky_cases_cover_every_combination_of_each_row() -> None:
    # 20 + 1 + 1 + 16 + 8 + 24 + 12 + 6 cells, each for both profiles
    assert len(TRICKY_CASES) == 2 * 88


def test_rm13004_differs_in_exactly_the_four_groups() -> None:
    aiag = load_profile("aiag-vda-2019")
    rm = load_profile("sae-rm13004")
    differ = {cell for cell in ALL_CELLS if aiag.ap(*cell) != rm.ap(*cell)}
    assert differ == RM13004_GROUPS
    assert len(differ) == 60
    assert {rm.ap(*cell) for cell in differ} == {"L"}
    assert Counter(rm.table) == {"H": 318 - 16, "M": 214 - 44, "L": 468 + 60}


def test_packaged_files_have_the_reference_shape() -> None:
    folder = resources.files("blueprint.analysis.profiles")
    aiag = json.loads(folder.joinpath("aiag-vda-2019.json").read_text(encoding="utf-8"))
    rm = json.loads(folder.joinpath("sae-rm13004.json").read_text(encoding="utf-8"))
    assert aiag == ORACLE_DATA
    assert rm["name"] == "sae-rm13004"
    assert "RM13004" in rm["title"]
    assert "L" in rm["note"]
    assert rm.keys() == aiag.keys()
    assert [(r["s"], r["o"], r["d"]) for r in rm["rows"]] == [(r["s"], r["o"], r["d"]) for r in aiag["rows"]]


def test_builtins() -> None:
    assert BUILTIN_PROFILES == ("aiag-vda-2019", "sae-rm13004")
    assert DEFAULT_PROFILE == "aiag-vda-2019"
    for name in BUILTIN_PROFILES:
        profile = load_profile(name)
        assert profile.name == name
        assert profile.title
        assert len(profile.table) == 1000
        assert load_profile(name) is profile  # cached
    assert "'H'" not in repr(load_profile(DEFAULT_PROFILE))  # the 1,000 cells stay out of repr


# --- ratings and ordering --------------------------------------------------------------


@pytest.mark.parametrize(
    ("s", "o", "d"),
    [(0, 5, 5), (11, 5, 5), (5, 0, 5), (5, 11, 5), (5, 5, 0), (5, 5, 11), (-1, 1, 1)],
)
def test_out_of_range_ratings_raise_value_error(s: int, o: int, d: int) -> None:
    for name in BUILTIN_PROFILES:
        with pytest.raises(ValueError, match="must be an integer from 1 to 10"):
            load_profile(name).ap(s, o, d)


@pytest.mark.parametrize("bad", [5.0, "5", True, None])
def test_non_integer_ratings_raise_value_error(bad: Any) -> None:
    with pytest.raises(ValueError, match="severity must be an integer from 1 to 10"):
        load_profile(DEFAULT_PROFILE).ap(bad, 5, 5)


def test_ap_order_and_at_least() -> None:
    assert AP_ORDER == {"H": 0, "M": 1, "L": 2}
    assert sorted("LHMLH", key=AP_ORDER.__getitem__) == list("HHMLL")
    expected = {
        ("H", "H"): True,
        ("H", "M"): True,
        ("H", "L"): True,
        ("M", "H"): False,
        ("M", "M"): True,
        ("M", "L"): True,
        ("L", "H"): False,
        ("L", "M"): False,
        ("L", "L"): True,
    }
    for (ap, threshold), want in expected.items():
        assert ap_at_least(ap, threshold) is want, (ap, threshold)
    with pytest.raises(ValueError):
        ap_at_least("X", "M")
    with pytest.raises(ValueError):
        ap_at_least("H", "h")


def test_profile_rejects_a_bad_table() -> None:
    with pytest.raises(ValueError, match="999 cells"):
        Profile(name="x", title="x", table=("L",) * 999)
    with pytest.raises(ValueError, match="not only H, M, L"):
        Profile(name="x", title="x", table=("L",) * 999 + ("X",))


# --- user profiles ---------------------------------------------------------------------


def write(tmp_path: Path, data: Any, name: str = "custom.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return str(path)


def rows_copy() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(json.dumps(ORACLE_DATA["rows"]))
    return rows


def error_for(path: str) -> ProfileError:
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    err = info.value
    assert "\n" not in str(err)
    assert err.path == path
    assert str(err).startswith(path)
    return err


def test_profile_error_is_a_blueprint_config_error() -> None:
    assert issubclass(ProfileError, ConfigError)
    assert issubclass(ProfileError, BlueprintError)


def test_valid_user_profile_loads(tmp_path: Path) -> None:
    rows = rows_copy()
    rows[14]["ap"] = "M"  # S 9-10, O 2-3, D 2-4
    assert rows[14]["s"] == [9, 10] and rows[14]["d"] == [2, 4]
    path = write(tmp_path, {"name": "oem-x", "title": "OEM X table", "note": "n", "rows": rows})
    profile = load_profile(path)
    assert profile.name == "oem-x"
    assert profile.title == "OEM X table"
    assert profile.ap(10, 3, 4) == "M"
    assert profile.ap(10, 3, 5) == "M"
    assert profile.ap(10, 1, 4) == "L"
    changed = {c for c in ALL_CELLS if profile.ap(*c) != ORACLE[c]}
    assert changed == box((9, 10), (2, 3), (2, 4))


def test_user_profile_name_and_title_default_to_file_stem(tmp_path: Path) -> None:
    path = write(tmp_path, {"rows": rows_copy()}, name="oem-y.json")
    profile = load_profile(path)
    assert (profile.name, profile.title) == ("oem-y", "oem-y")
    assert profile.table == load_profile("aiag-vda-2019").table


def test_user_profile_accepts_a_utf8_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_text(json.dumps({"rows": rows_copy()}), encoding="utf-8-sig")
    assert load_profile(str(path)).table == load_profile("aiag-vda-2019").table


def test_gap(tmp_path: Path) -> None:
    rows = rows_copy()
    removed = rows.pop(43)
    assert removed == {"s": [4, 6], "o": [4, 5], "d": [5, 6], "ap": "L"}
    path = write(tmp_path, {"name": "holey", "rows": rows})
    err = error_for(path)
    assert err.message == "no row covers S=4 O=4 D=5 (and 11 more cells)"
    assert str(err) == f"{path}: no row covers S=4 O=4 D=5 (and 11 more cells)"


def test_gap_of_one_cell(tmp_path: Path) -> None:
    rows = rows_copy()
    rows[-1] = {"s": [1, 1], "o": [1, 9], "d": [1, 10], "ap": "L"}
    rows.append({"s": [1, 1], "o": [10, 10], "d": [1, 9], "ap": "L"})
    path = write(tmp_path, {"rows": rows})
    assert error_for(path).message == "no row covers S=1 O=10 D=10"


def test_gap_in_one_row_axis(tmp_path: Path) -> None:
    rows = rows_copy()
    rows[-1] = {"s": [1, 1], "o": [1, 10], "d": [1, 9], "ap": "L"}
    path = write(tmp_path, {"rows": rows})
    assert error_for(path).message == "no row covers S=1 O=1 D=10 (and 9 more cells)"


def test_empty_rows_is_a_gap(tmp_path: Path) -> None:
    path = write(tmp_path, {"rows": []})
    assert error_for(path).message == "no row covers S=1 O=1 D=1 (and 999 more cells)"


def test_overlap(tmp_path: Path) -> None:
    rows = rows_copy()
    assert rows[12] == {"s": [9, 10], "o": [2, 3], "d": [7, 10], "ap": "H"}
    rows.append({"s": [9, 9], "o": [2, 2], "d": [7, 7], "ap": "L"})
    path = write(tmp_path, {"rows": rows})
    err = error_for(path)
    assert err.message == "rows 13 and 70 both cover S=9 O=2 D=7"
    assert str(err) == f"{path}: rows 13 and 70 both cover S=9 O=2 D=7"


def test_overlap_counts_all_overlapping_cells(tmp_path: Path) -> None:
    rows = rows_copy()
    rows[-1] = {"s": [1, 2], "o": [1, 10], "d": [1, 10], "ap": "L"}
    path = write(tmp_path, {"rows": rows})
    assert error_for(path).message == "rows 68 and 69 both cover S=2 O=1 D=1 (and 99 more cells)"


@pytest.mark.parametrize("letter", ["X", "h", "", "HM", 1, None])
def test_bad_ap_letter(tmp_path: Path, letter: Any) -> None:
    rows = rows_copy()
    rows[4]["ap"] = letter
    path = write(tmp_path, {"rows": rows})
    shown = json.dumps(letter)
    assert error_for(path).message == f'row 5: "ap" must be "H", "M" or "L", got {shown}'


@pytest.mark.parametrize(
    ("axis", "value", "message"),
    [
        ("s", [0, 2], 'row 3: "s" range [0, 2] is outside 1..10'),
        ("o", [8, 11], 'row 3: "o" range [8, 11] is outside 1..10'),
        ("d", [-1, 4], 'row 3: "d" range [-1, 4] is outside 1..10'),
        ("d", [4, 2], 'row 3: "d" range [4, 2] is backwards (lo > hi)'),
        ("s", [9], 'row 3: "s" must be a [lo, hi] pair of integers, got [9]'),
        ("s", [9, 10, 11], 'row 3: "s" must be a [lo, hi] pair of integers, got [9, 10, 11]'),
        ("s", 9, 'row 3: "s" must be a [lo, hi] pair of integers, got 9'),
        ("o", [8.0, 10], 'row 3: "o" must be a [lo, hi] pair of integers, got [8.0, 10]'),
        ("o", ["8", "10"], 'row 3: "o" must be a [lo, hi] pair of integers, got ["8", "10"]'),
        ("d", [True, 4], 'row 3: "d" must be a [lo, hi] pair of integers, got [true, 4]'),
        (
            "d",
            {"lo": 2, "hi": 4},
            'row 3: "d" must be a [lo, hi] pair of integers, got {"lo": 2, "hi": 4}',
        ),
    ],
)
def test_bad_range(tmp_path: Path, axis: str, value: Any, message: str) -> None:
    rows = rows_copy()
    rows[2][axis] = value
    path = write(tmp_path, {"rows": rows})
    assert error_for(path).message == message


def test_non_json(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text(
        '{\n  "name": "broken",\n  "rows": [\n'
        '    {"s": [1, 10], "o": [1, 10],, "d": [1, 10], "ap": "L"}\n  ]\n}\n',
        encoding="utf-8",
    )
    err = error_for(str(path))
    assert (err.line, err.col) == (4, 33)
    assert err.message == "not valid JSON: Expecting property name enclosed in double quotes"
    assert str(err) == f"{path}:4:33: not valid JSON: Expecting property name enclosed in double quotes"


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(b'{"name": "caf\xe9"}')
    assert error_for(str(path)).message.startswith("not valid JSON: not UTF-8 text")


def test_duplicate_key(tmp_path: Path) -> None:
    path = tmp_path / "dup.json"
    path.write_text('{"rows": [{"s": [1, 10], "o": [1, 10], "d": [1, 10], "ap": "L", "ap": "H"}]}')
    assert error_for(str(path)).message == 'duplicate key "ap" in a JSON object'


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], 'must be a JSON object with "rows", not an array'),
        ("rows", 'must be a JSON object with "rows", not a string'),
        (None, 'must be a JSON object with "rows", not null'),
        (
            {"name": "x"},
            'missing "rows": a list of {"s": [lo, hi], "o": [lo, hi], "d": [lo, hi], "ap": "H"}',
        ),
        ({"rows": {"s": [1, 10]}}, '"rows" must be a list, not an object'),
        ({"row": []}, 'unknown key "row" (expected "name", "title", "note", "rows")'),
        ({"name": 7, "rows": []}, '"name" must be a non-empty string, got 7'),
        ({"title": "", "rows": []}, '"title" must be a non-empty string, got ""'),
    ],
)
def test_bad_top_level(tmp_path: Path, data: Any, message: str) -> None:
    path = write(tmp_path, data)
    assert error_for(path).message == message


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "H",
            'row 2 must be an object like {"s": [9, 10], "o": [2, 3], "d": [7, 10], "ap": "H"}, not a string',
        ),
        (
            [[9, 10], [8, 10], [5, 6], "H"],
            'row 2 must be an object like {"s": [9, 10], "o": [2, 3], "d": [7, 10], "ap": "H"}, not an array',
        ),
        ({"s": [9, 10], "o": [8, 10], "ap": "H"}, 'row 2: missing "d"'),
        (
            {"s": [9, 10], "o": [8, 10], "D": [5, 6], "ap": "H"},
            'row 2: unknown key "D" (expected "s", "o", "d", "ap")',
        ),
    ],
)
def test_bad_row(tmp_path: Path, row: Any, message: str) -> None:
    rows = rows_copy()
    rows[1] = row
    path = write(tmp_path, {"rows": rows})
    assert error_for(path).message == message


def test_long_values_are_cut_short(tmp_path: Path) -> None:
    rows = rows_copy()
    rows[0]["ap"] = "x" * 500
    path = write(tmp_path, {"rows": rows})
    message = error_for(path).message
    assert message == 'row 1: "ap" must be "H", "M" or "L", got "' + "x" * 36 + "..."
    assert len(message) < 100


def test_unknown_name_that_is_not_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ProfileError) as info:
        load_profile("aiag-vda-2020")
    err = info.value
    assert str(err) == (
        'unknown AP profile "aiag-vda-2020": not a built-in (aiag-vda-2019, sae-rm13004) and no such file'
    )
    assert err.path is None
    missing = str(tmp_path / "nope.json")
    with pytest.raises(ProfileError, match="no such file"):
        load_profile(missing)


def test_a_directory_is_not_a_profile(tmp_path: Path) -> None:
    err = error_for(str(tmp_path))
    assert err.message.startswith("cannot read AP profile: ")


def test_builtin_name_wins_over_a_file_of_that_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sae-rm13004").write_text("not json", encoding="utf-8")
    assert load_profile("sae-rm13004").name == "sae-rm13004"


@pytest.fixture(scope="module")
def shuffle_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("shuffled")


@settings(max_examples=examples(25), deadline=None)
@given(order=st.permutations(range(len(ORACLE_DATA["rows"]))))
def test_row_order_does_not_matter(shuffle_dir: Path, order: list[int]) -> None:
    rows = rows_copy()
    path = write(shuffle_dir, {"rows": [rows[i] for i in order]}, name="shuffled.json")
    assert load_profile(path).table == load_profile("aiag-vda-2019").table

"""The loader: positions, safety, duplicate keys, scalars, limits."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blueprint.errors import LoadError
from blueprint.load.loader import load_bytes
from blueprint.load.source import MAX_DEPTH, parse_bytes, parse_text, resolve_plain
from tests.conftest import examples


def test_positions_are_one_based_for_values_and_keys() -> None:
    src = parse_text("a: 1\nb:\n  - x\n  - {k: v}\n", "f")
    assert src.pos(("a",)) == (1, 4)
    assert src.pos(("a",), key=True) == (1, 1)
    assert src.pos(("b", 0)) == (3, 5)
    assert src.pos(("b", 1, "k")) == (4, 9)
    # an unknown path falls back to its nearest ancestor
    assert src.pos(("b", 1, "missing")) == (4, 5)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("7", 7),
        ("-3", -3),
        ("0x1f", 31),
        ("7.5", 7.5),
        ("true", True),
        ("False", False),
        ("~", None),
        ("null", None),
        ("yes", "yes"),  # YAML 1.2: not a boolean
        ("2027-01-15", "2027-01-15"),  # dates stay text
        ("1_000", "1_000"),
    ],
)
def test_plain_scalars_follow_yaml_1_2_core(text: str, value: object) -> None:
    assert resolve_plain(text) == value
    assert type(resolve_plain(text)) is type(value)


def test_quoted_numbers_stay_text() -> None:
    assert parse_text("a: \"5\"\nb: '7'\n", "f").data == {"a": "5", "b": "7"}


def test_duplicate_key_names_both_lines() -> None:
    with pytest.raises(LoadError) as err:
        parse_text("title: a\nsteps: []\ntitle: b\n", "f")
    assert (err.value.line, err.value.col) == (3, 1)
    assert "duplicate key 'title' (first at line 1)" in err.value.message


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system ['echo hacked > /tmp/hacked']\n",
        "a: !!python/name:os.system\n",
        "a: !custom 1\n",
        "a: !!binary aGVsbG8=\n",
    ],
)
def test_tags_are_refused_and_nothing_runs(text: str) -> None:
    with pytest.raises(LoadError) as err:
        parse_text(text, "f")
    assert "tag" in err.value.message
    assert err.value.line == 1


def test_core_tags_are_allowed() -> None:
    assert parse_text("a: !!str 5\nb: !!int '7'\n", "f").data == {"a": "5", "b": 7}


def test_alias_bomb_is_refused_quickly() -> None:
    levels = ["a: &a [x,x,x,x,x,x,x,x,x]"]
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        levels.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    text = "blueprint: 1\n" + "\n".join(levels) + "\ntitle: *i\nsteps: *i\n"
    start = time.perf_counter()
    with pytest.raises(LoadError) as err:
        parse_text(text, "bomb")
    assert time.perf_counter() - start < 1.0
    assert "alias" in err.value.message


def test_small_aliases_are_fine() -> None:
    data = parse_text("base: &b {lane: customer}\nother: *b\n", "f").data
    assert data["other"] == {"lane": "customer"}


def test_deep_nesting_is_refused() -> None:
    with pytest.raises(LoadError) as err:
        parse_text("a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n", "f")
    assert "nesting" in err.value.message


def test_invalid_utf8_names_line_and_column() -> None:
    with pytest.raises(LoadError) as err:
        parse_bytes(b"blueprint: 1\ntitle: caf\xe9\n", "f")
    assert (err.value.line, err.value.col) == (2, 11)
    assert "UTF-8" in err.value.message


def test_bom_is_accepted() -> None:
    assert parse_bytes(b"\xef\xbb\xbfa: 1\n", "f").data == {"a": 1}


def test_second_document_is_refused() -> None:
    with pytest.raises(LoadError) as err:
        parse_text("a: 1\n---\nb: 2\n", "f")
    assert err.value.line == 2


@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_any_bytes_load_or_fail_cleanly(raw: bytes) -> None:
    """Whatever the bytes, the loader returns or raises LoadError; nothing else."""
    try:
        load_bytes(raw, "fuzz.blueprint.yaml")
    except LoadError as exc:
        assert "\n" not in str(exc)


_yaml_chars = st.sampled_from([*"abc: -[]{}\n\t'\"#&*!|>%@`,?1234567890.~", "門", "號", "😀", "\u202e"])


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(_yaml_chars, max_size=120).map("".join))
def test_yaml_like_text_loads_or_fails_cleanly(text: str) -> None:
    try:
        load_bytes(("blueprint: 1\n" + text).encode("utf-8"), "fuzz.blueprint.yaml")
    except LoadError as exc:
        assert exc.line is None or exc.line >= 1
        assert "\n" not in str(exc)


_ids = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)
_texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x85\u2028\u2029\ufeff"),
    min_size=1,
    max_size=30,
)


@settings(max_examples=examples(100), deadline=None)
@given(
    st.dictionaries(_ids, st.one_of(_texts, st.integers(-5, 50), st.lists(_texts, max_size=3)), max_size=6)
)
def test_values_round_trip_through_yaml_with_positions(data: dict[str, object]) -> None:
    """Data dumped by a YAML emitter loads back equal, with a position for every key."""
    import io

    from ruamel.yaml import YAML

    buf = io.StringIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.allow_unicode = True
    yaml.default_flow_style = False
    yaml.dump(data, buf)
    src = parse_text(buf.getvalue(), "f")
    assert src.data == data
    for key in data:
        line, col = src.pos((key,), key=True)
        assert buf.getvalue().splitlines()[line - 1][col - 1 :].lstrip("'\"").startswith(key)


def test_the_pure_python_parser_gives_the_same_data_and_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where ruamel.yaml.clib is missing the pure parser takes over, with the same results."""
    import builtins
    import gc

    text = "a: [1, x, 2.5]\nb: {c: d}\n"
    fast = parse_text(text, "f")
    real_import = builtins.__import__

    def no_clib(name: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name == "_ruamel_yaml":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_clib)
    slow = parse_text(text, "f")
    assert (slow.data, slow.positions, slow.key_positions) == (fast.data, fast.positions, fast.key_positions)
    with pytest.raises(LoadError) as err:
        parse_text("a: 1\na: 2\n", "f")
    assert (err.value.line, err.value.message) == (2, "duplicate key 'a' (first at line 1)")
    assert gc.isenabled()

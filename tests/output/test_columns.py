"""Text in terminal columns (``blueprint.output.columns``): width, wrapping, fitting a table."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from wcwidth import wcswidth

from blueprint.output.columns import NO_LINE_START, clip, display_width, fit, layout, wrap, wrap_cells


def test_a_chinese_character_takes_two_columns() -> None:
    assert display_width("abc") == 3
    assert display_width("失效模式") == 8
    assert display_width("SIM卡") == 5
    assert display_width("one\n失效模式\nx") == 8  # the widest line
    assert display_width("e\u0301") == 1  # an accent adds nothing


def test_chinese_wraps_one_character_at_a_time() -> None:
    assert wrap("新卡開通延遲顧客數小時", 8) == ["新卡開通", "延遲顧客", "數小時"]
    assert wrap("SIM卡開通系統", 8) == ["SIM卡開", "通系統"]


def test_closing_punctuation_never_starts_a_line() -> None:
    # the comma takes the character before it along
    assert wrap("新卡開通延遲，顧客數小時無法通話", 12) == ["新卡開通延", "遲，顧客數小", "時無法通話"]
    # a closing quote and a comma go down together with the character before them
    assert wrap("內含100元」，未說明儲值卡", 10) == ["內含100", "元」，未說", "明儲值卡"]
    # a number before the comma goes along too
    assert wrap("但餘額為0，顧客在便利商店", 10) == ["但餘額為", "0，顧客在", "便利商店"]
    assert wrap("客服「一點都不專業」", 10) == ["客服「一點", "都不專業」"]


def test_ids_break_after_hyphens() -> None:
    assert wrap("advice-without-diagnosis", 16) == ["advice-without-", "diagnosis"]
    assert wrap("swap-fraud-renamed-with-a-long-hyphenated-name", 24) == [
        "swap-fraud-renamed-with-",
        "a-long-hyphenated-name",
    ]
    assert wrap("network-status", 8) == ["network-", "status"]


def test_english_breaks_at_spaces_and_runs_of_space_count_once() -> None:
    assert wrap("Pickup scan missed", 12) == ["Pickup scan", "missed"]
    assert wrap("  Pickup   scan\tmissed  ", 12) == ["Pickup scan", "missed"]
    assert wrap("café crème brûlée", 6) == ["café", "crème", "brûlée"]


def test_a_word_wider_than_the_column_is_cut_and_the_text_goes_on_after_it() -> None:
    assert wrap("miscommunication", 8) == ["miscommu", "nication"]
    assert wrap("abcdefghijkl mn", 8) == ["abcdefgh", "ijkl mn"]


def test_each_line_of_the_text_wraps_on_its_own() -> None:
    assert wrap("network-status\n支援流程", 8) == ["network-", "status", "支援流程"]
    assert wrap("a\n\nb", 5) == ["a", "", "b"]
    assert wrap("", 5) == [""]


def test_even_wrapping_leaves_no_lone_last_character() -> None:
    assert wrap("未查基地台狀態即建議換卡", 22) == ["未查基地台狀態即建議換", "卡"]
    assert wrap("未查基地台狀態即建議換卡", 22, even=True) == ["未查基地台狀", "態即建議換卡"]
    # evening out never cuts a word that the width left whole
    assert wrap("adviser-chat", 8, even=True) == ["adviser-", "chat"]
    # nor sends punctuation to the start of a line
    assert wrap("業務口頭形容「餐餐都是特色料理」，超出合約餐標", 16, even=True) == [
        "業務口頭形容",
        "「餐餐都是特",
        "色料理」，超",
        "出合約餐標",
    ]


def test_accents_and_joined_emoji_stay_with_their_character() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    # the family takes two columns, as tabulate counts it
    assert wrap(f"emoji {family} family", 9) == [f"emoji {family}", "family"]
    assert wrap(family * 2, 2) == [family, family]
    assert wrap("字\u0301字\u0301字\u0301", 4) == ["字\u0301字\u0301", "字\u0301"]


def test_clip_cuts_to_the_width_with_an_ellipsis() -> None:
    assert clip("一二三四五", 6) == "一二…"
    assert clip("abc", 6) == "abc"
    assert clip("abcdefgh", 6) == "abcde…"


TEXT = st.text(alphabet=st.sampled_from("ab -，。」中文字x\tSIM0é"), max_size=60)


@given(TEXT, st.integers(min_value=2, max_value=30), st.booleans())
def test_lines_fit_and_keep_every_character(text: str, width: int, even: bool) -> None:
    lines = wrap(text, width, even)
    assert all(wcswidth(line) <= width for line in lines)
    assert all(line == line.strip() for line in lines)
    assert "".join(lines).replace(" ", "") == "".join(text.split())


@given(
    st.lists(st.text(alphabet=st.sampled_from("中文字開通x0"), min_size=1, max_size=6), max_size=10),
    st.integers(min_value=4, max_value=30),
    st.booleans(),
)
def test_a_comma_between_words_never_starts_a_line(words: list[str], width: int, even: bool) -> None:
    lines = wrap("，".join(words), width, even)
    assert not any(line[:1] in NO_LINE_START for line in lines[1:]), lines


HEADERS = ["Failure", "Failure mode", "RPN"]
ROWS = [
    ["advice-without-diagnosis", "Advice to swap the SIM card given without checking the signal map", "252"],
    ["swap-fraud", "Identity check skipped", "100"],
]


def test_fit_narrows_the_widest_of_a_stage_first_and_stops_at_the_floors() -> None:
    # one stage: the mode (widest) gives way alone until it is as narrow as the id
    assert fit(HEADERS, ROWS, 60, [{1: 10, 0: 10}]) == {0: 24, 1: 29}
    # text first, down to its floor; then the id
    assert fit(HEADERS, ROWS, 50, [{1: 20}, {0: 10}]) == {0: 23, 1: 20}
    # floors hold even when the table cannot fit; never narrower than the header
    assert fit(HEADERS, ROWS, 20, [{1: 4}, {0: 4}]) == {0: 7, 1: 12}
    # a table that fits keeps its natural widths
    assert fit(HEADERS, ROWS, 200, [{1: 10}]) == {1: 65}


@pytest.mark.parametrize("width", [40, 60, 80, 100])
def test_a_fitted_table_fits_its_width(width: int) -> None:
    stages = [{1: 16}, {0: 12}]
    sizes = fit(HEADERS, ROWS, width, stages, pad=2, even=True)
    table = layout([wrap_cells(r, sizes, even=True) for r in ROWS], HEADERS, pad=2)
    assert max(wcswidth(line) for line in table.split("\n")) <= width, table
    assert "advice-without-" in table and "diagnosis" in table


def test_layout_spaces_rows_apart_only_when_one_wraps() -> None:
    table = layout([["a", "1"], ["b", "2"]], ["Key", "N"]).split("\n")
    assert table == ["Key  N", "---  -", "a    1", "b    2"]
    table = layout([["a\nb", "1"], ["c", "2"]], ["Key", "N"], ["left", "right"]).split("\n")
    assert table == ["Key  N", "---  -", "a    1", "b", "", "c    2"]
    # tabulate's own padding makes a column two wider than its header
    assert layout([["a", "1"]], ["Key", "N"], pad=2).split("\n")[0] == "Key    N"


def test_a_word_too_wide_to_go_down_with_its_comma_gives_its_last_character() -> None:
    # found by the property above: "000" and "，" do not fit 4 columns together
    assert wrap("000，0", 4) == ["00", "0，0"]


def test_an_opening_bracket_never_ends_a_line() -> None:
    lines = wrap("門市人員當著顧客的面批評客服「一點都不專業」，顧客", 6)
    assert not any(line.endswith("「") for line in lines)
    assert "".join(lines) == "門市人員當著顧客的面批評客服「一點都不專業」，顧客"
    assert "「一點" in lines

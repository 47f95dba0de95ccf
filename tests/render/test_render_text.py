"""Text in diagrams: wrapping, escaping, hostile titles, determinism whatever the key order."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blueprint.analysis.core import Analysis
from blueprint.load.loader import load_blueprint, load_bytes, require_valid
from blueprint.model import Blueprint
from blueprint.render import RenderOptions, render
from blueprint.render.text import balanced_wrap, dot_string, html, mermaid, safe_id, text_width, wrap
from tests.conftest import EXAMPLES, GOLDEN
from tests.helpers import needs_dot
from tests.strategies import blueprints, shuffled, to_yaml

HOSTILE = GOLDEN / "render" / "hostile.blueprint.yaml"
SMALL = GOLDEN / "render" / "small.blueprint.yaml"
SVG = "{http://www.w3.org/2000/svg}"
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- wrapping -----------------------------------------------------------------------------


def test_cjk_wraps_at_fourteen_full_width_characters() -> None:
    title = "客服建議至門市免費換卡並且順便檢查手機設定與帳單內容"
    lines = wrap(title)
    assert "".join(lines) == title
    assert [len(x) for x in lines] == [14, 12]


def test_latin_wraps_between_words() -> None:
    lines = wrap("Recipient gets the parcel; shipper sees the delivered status")
    assert lines == ["Recipient gets the parcel;", "shipper sees the delivered", "status"]


def test_closing_punctuation_never_starts_a_line() -> None:
    lines = wrap("一二三四五六七八九十一二三四，五六七")
    assert not lines[1].startswith("，")
    assert lines[0].endswith("，")


def test_emoji_sequences_and_accents_stay_whole() -> None:
    family = "👨\u200d👩\u200d👧"
    for lines in (wrap("一二三四五六七八九十一二三" + family + " x"), wrap("e\u0301" * 40)):
        assert all(not ln.startswith(("\u200d", "\u0301")) for ln in lines)
    assert any(family in ln for ln in wrap("一二三四五六七八九十一二三" + family))


def test_newlines_in_a_title_are_line_breaks() -> None:
    assert wrap("Line\nbreak\r\nand\ttab") == ["Line", "break", "and tab"]


@given(st.text(max_size=200))
def test_wrapping_keeps_every_visible_character(text: str) -> None:
    squeeze = re.compile(r"\s+")
    assert squeeze.sub("", "".join(wrap(text))) == squeeze.sub("", text)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60))
def test_wrapped_lines_fit_unless_one_word_is_wider(text: str) -> None:
    for line in wrap(text, 14):
        assert text_width(line) <= 14 + 2 or " " not in line.strip()


def test_mermaid_labels_never_end_on_one_or_two_chinese_characters() -> None:
    assert wrap("致電客服反映手機經常無訊號", 12) == ["致電客服反映手機經常無訊", "號"]  # DOT keeps this
    assert balanced_wrap("致電客服反映手機經常無訊號", 12) == ["致電客服反映手", "機經常無訊號"]
    assert balanced_wrap("門號供裝與SIM卡開通系統", 12) == ["門號供裝與SIM", "卡開通系統"]
    assert balanced_wrap("Point-of-sale and order queue", 12) == wrap("Point-of-sale and order queue", 12)
    assert balanced_wrap("第一行\n二") == ["第一行", "二"]  # a line of its own is the writer's choice
    for example in EXAMPLES:
        text = render(Analysis(load_blueprint(str(example))), RenderOptions(fmt="mermaid")).decode("utf-8")
        assert not re.search(r"<br/>[\u4e00-\u9fff]{1,2}(<br/>|\")", text), example.name


@given(
    st.text(alphabet=st.sampled_from("中文字測試號，。 abc\n"), max_size=60),
    st.sampled_from([6.0, 12.0, 30.0]),
)
def test_balanced_wrapping_keeps_the_text_and_the_line_count(text: str, width: float) -> None:
    plain, balanced = wrap(text, width), balanced_wrap(text, width)
    squeeze = re.compile(r"\s+")
    assert squeeze.sub("", "".join(balanced)) == squeeze.sub("", "".join(plain))
    assert len(balanced) == len(plain)
    widest = max(width, *(text_width(line) for line in plain))
    assert all(text_width(line) <= widest for line in balanced)


# --- escaping -----------------------------------------------------------------------------


@given(st.text(max_size=80))
def test_html_escaping_is_well_formed_xml_text(text: str) -> None:
    element = ET.fromstring(f"<T>{html(text)}</T>")
    assert "\\" not in (element.text or "").replace("\\\\", "")  # every backslash doubled for dot
    assert not ET.fromstring(f"<T>{html(text)}</T>").findall("*")  # text, never elements


@given(st.text(max_size=80))
def test_dot_strings_cannot_be_left(text: str) -> None:
    quoted = dot_string(text)
    inner = quoted[1:-1]
    assert quoted[0] == quoted[-1] == '"'
    assert re.fullmatch(r'(?:[^"\\\n]|\\.)*', inner)


@given(st.one_of(st.text(max_size=80), st.sampled_from(["classDef x fill:#f00;", "lifestyle: #1; <b>"])))
def test_mermaid_labels_hold_no_syntax(text: str) -> None:
    escaped = mermaid(text)
    assert not set(re.sub(r"#\d+;", "", escaped)) & set('"<>&`#%;[]{}|\\\n\r')
    # Mermaid drops a ';' from lines matching /style.*:\S*#.*;/ (or classDef) before decoding
    assert "style" not in escaped and "classDef" not in escaped
    decoded = re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), escaped)
    # control characters (C0, DEL, C1) and the Unicode line separators become spaces
    blank = {chr(c) for c in (*range(32), *range(0x7F, 0xA0))} | {"\u2028", "\u2029"}
    assert decoded == "".join(" " if c in blank else c for c in text)


@given(st.text(max_size=20), st.text(max_size=20))
def test_safe_ids_are_plain_and_one_to_one(a: str, b: str) -> None:
    assert re.fullmatch(r"s_[A-Za-z0-9_]*", safe_id(a))
    assert (safe_id(a) == safe_id(b)) == (a == b)


# --- hostile file -------------------------------------------------------------------------


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_hostile_dot_keeps_text_as_text() -> None:
    bp = load_blueprint(str(HOSTILE))
    dot = render(Analysis(bp), RenderOptions(fmt="dot")).decode("utf-8")
    assert "<script>" not in dot and "<img" not in dot
    assert "&lt;script&gt;" in dot
    assert "\\\\N" in dot  # a title's \N stays a backslash and an N, not the node name
    # outside HTML labels every quote is escaped: count statements, not characters
    assert dot.count("digraph") == 1 and dot.rstrip().endswith("}")


@needs_dot
def test_hostile_svg_has_no_script_and_every_title_as_text() -> None:
    bp = load_blueprint(str(HOSTILE))
    svg = render(Analysis(bp), RenderOptions(fmt="svg"))
    root = ET.fromstring(svg)
    assert not [e for e in root.iter() if e.tag.split("}")[-1].lower() in ("script", "foreignobject")]
    assert not [a for e in root.iter() for a in e.attrib if a.lower().startswith("on")]
    everything = _squeeze("".join(e.text or "" for e in root.iter(f"{SVG}text")))
    for step in bp.steps:
        group = root.find(f".//{SVG}g[@id='step-{step.id}']")
        assert group is not None, step.id
        drawn = _squeeze("".join(e.text or "" for e in group.iter(f"{SVG}text")))
        assert _squeeze(step.title) in drawn
    for text in (bp.title, bp.scenario, *(p.title for p in bp.phases), *bp.steps[0].evidence):
        assert text is not None and _squeeze(text) in everything


def test_hostile_mermaid_is_one_statement_per_line() -> None:
    bp = load_blueprint(str(HOSTILE))
    text = render(Analysis(bp), RenderOptions(fmt="mermaid")).decode("utf-8")
    statement = re.compile(
        r'flowchart LR|  subgraph lane_[a-z]+\["[^"]*"\]|    s_\w+\["[^"]*"\]|  end'
        r"|  s_\w+ (-->|-\.->) s_\w+|  classDef ap[HML] [^\s;]+|  class s_\w+(,s_\w+)* ap[HML]"
    )
    for line in text.splitlines():
        assert statement.fullmatch(line), line
    labels = re.findall(r'\["([^"]*)"\]', text)
    decoded = " ".join(re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), x) for x in labels)
    for step in bp.steps:
        assert _squeeze(step.title.replace("\t", " ")) in _squeeze(decoded.replace("<br/>", ""))


@needs_dot
def test_a_bad_font_name_is_refused_and_a_good_one_named_in_svg(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from blueprint.cli.main import cli

    runner = CliRunner()
    bad = runner.invoke(cli, ["render", str(SMALL), "-o", str(tmp_path / "x.svg"), "--font", 'X" onload="y'])
    assert bad.exit_code == 2 and "font name" in bad.output
    good = runner.invoke(cli, ["render", str(SMALL), "-o", str(tmp_path / "x.svg"), "--font", "DejaVu Sans"])
    assert good.exit_code == 0, good.output
    svg = (tmp_path / "x.svg").read_text(encoding="utf-8")
    assert "font-family=\"'DejaVu Sans','PingFang TC','Microsoft JhengHei',sans-serif\"" in svg


# --- determinism --------------------------------------------------------------------------


def _load_text(text: str) -> Blueprint:
    return require_valid(load_bytes(text.encode("utf-8"), "gen.blueprint.yaml"))


@SETTINGS
@given(blueprints(), st.integers(0, 10_000))
def test_key_order_does_not_change_dot_or_mermaid(data: dict, seed: int) -> None:
    a, b = _load_text(to_yaml(data)), _load_text(to_yaml(shuffled(data, seed)))
    for fmt in ("dot", "mermaid"):
        assert render(Analysis(a), RenderOptions(fmt=fmt)) == render(Analysis(b), RenderOptions(fmt=fmt))


@SETTINGS
@given(blueprints())
def test_generated_blueprints_give_well_formed_dot_and_mermaid(data: dict) -> None:
    bp = _load_text(to_yaml(data))
    dot = render(Analysis(bp), RenderOptions(fmt="dot")).decode("utf-8")
    for label in re.findall(r"label=(<<.*?>>)[,\]]", dot):
        ET.fromstring(f"<L>{label[1:-1]}</L>")  # each HTML label is well-formed XML
    mmd = render(Analysis(bp), RenderOptions(fmt="mermaid")).decode("utf-8")
    assert all('"' not in x for x in re.findall(r'\["([^"]*)"\]', mmd))
    assert mmd.count("subgraph") == mmd.count("\n  end")


@needs_dot
def test_svg_is_byte_identical_whatever_the_key_order() -> None:
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load(SMALL.read_text(encoding="utf-8"))
    svgs = {
        render(Analysis(_load_text(to_yaml(shuffled(data, seed)))), RenderOptions(fmt="svg"))
        for seed in range(3)
    }
    assert len(svgs) == 1
    svg = svgs.pop().decode("utf-8")
    assert "Generated by graphviz" not in svg
    assert "font-family=\"'Noto Sans CJK TC','PingFang TC','Microsoft JhengHei',sans-serif\"" in svg


@needs_dot
@pytest.mark.parametrize("fmt", ["png", "pdf"])
def test_images_repeat_too(fmt: str) -> None:
    bp = load_blueprint(str(SMALL))
    first = render(Analysis(bp), RenderOptions(fmt=fmt))
    assert render(Analysis(bp), RenderOptions(fmt=fmt)) == first
    if fmt == "pdf":
        assert b"/CreationDate (D:19700101000000Z)" in first


@pytest.mark.parametrize("fmt", ["dot", "mermaid"])
def test_the_same_file_gives_the_same_bytes(fmt: str) -> None:
    bp = load_blueprint(str(SMALL))
    assert render(Analysis(bp), RenderOptions(fmt=fmt)) == render(
        Analysis(load_blueprint(str(SMALL))), RenderOptions(fmt=fmt)
    )


@pytest.mark.parametrize("fit", ["none", "slide"])
def test_a_step_title_in_dot_never_ends_on_a_lone_chinese_character(fit: str) -> None:
    """``門號供裝與SIM卡開通系 / 統`` on a slide: the last two lines are balanced instead."""
    from blueprint.render import to_dot_text

    telecom = next(p for p in EXAMPLES if p.name.startswith("telecom"))
    dot = to_dot_text(Analysis(load_blueprint(str(telecom))), RenderOptions(fmt="dot", fit=fit))
    titles = re.findall(r'<TD WIDTH="\d+"><FONT COLOR="#[0-9a-f]+" POINT-SIZE="[0-9.]+">(.*?)</FONT>', dot)
    assert any("門號供裝" in t for t in titles)
    for title in titles:
        last = title.split("<BR/>")[-1]
        assert "<BR/>" not in title or text_width(last) > 2, title

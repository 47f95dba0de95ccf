"""One file made to break every output (tests/data/hostile.blueprint.yaml), fed to each.

The file is a valid blueprint whose text holds markup, script, template syntax, Markdown,
spreadsheet formulas, terminal control sequences, GitHub workflow commands, a
right-to-left override, a zero-width joiner, emoji and a 5,000-character title. Every
output must keep all of it as text: no element or attribute from the input in SVG or
HTML, DOT that Graphviz parses, no raw HTML in Markdown, formulas neutralised in CSV and
xlsx, JSON and SARIF that give the text back exactly, one GitHub annotation per finding,
and no control character from the file reaching a terminal.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from blueprint.load.source import read_source
from tests.conftest import DATA, ROOT
from tests.helpers import (
    dot_text,
    entry,
    find_tool,
    mermaid_labels,
    needs_dot,
    require_tool,
    svg_text,
    visible,
)
from tests.strategies import to_yaml

HOSTILE = DATA / "hostile.blueprint.yaml"
DATA: dict[str, Any] = read_source(str(HOSTILE)).data

#: the control characters a terminal acts on (tab and line feed are layout)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: what a terminal must never receive from the file: ESC and BEL start sequences, CR rewrites
TERMINAL_SEQUENCES = ("\x1b]0;pwned", "\x1b[2J", "\x1b[31m", "\x07", "\x08", "\r")


def texts(node: Any = DATA) -> list[str]:
    """Every string in the hostile file, keys excluded."""
    if isinstance(node, dict):
        return [t for v in node.values() for t in texts(v)]
    if isinstance(node, list):
        return [t for v in node for t in texts(v)]
    return [node] if isinstance(node, str) else []


def failures() -> list[dict[str, Any]]:
    return [f for step in DATA["steps"] for f in step.get("failures", [])]


def ok(result: Result) -> Result:
    assert "Traceback" not in result.output, result.output
    assert result.exit_code == 0, result.output
    return result


def test_the_file_carries_every_kind_of_hostile_text() -> None:
    everything = "\n".join(texts())
    for piece in (
        "<script>alert(1)</script>",
        '"',
        "'",
        "\\",
        "&amp;",
        "\n",
        "\t",
        "]]>",
        "-->",
        "{{7*7}}",
        "${x}",
        "%0a",
        "|",
        "`",
        "=cmd|'/C calc'!A0",
        "+1",
        "-1",
        "@SUM(A1)",
        "\u202e",
        "\u200d",
        "😀",
        "\x1b",
    ):
        assert piece in everything, piece
    assert max(len(t) for t in texts()) == 5000
    assert ok(entry("check", "--isolated", str(HOSTILE))).stdout.endswith("no problems\n")


# -- diagrams ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def drawn(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The hostile file drawn in every format (SVG only with Graphviz: its tests require it)."""
    folder = tmp_path_factory.mktemp("drawn")
    out = {}
    for fmt, suffix in (
        ("dot", ".dot"),
        ("mermaid", ".mmd"),
        *((("svg", ".svg"),) if find_tool("dot") else ()),
    ):
        target = folder / f"h{suffix}"
        ok(entry("render", str(HOSTILE), "-o", str(target)))
        out[fmt] = target.read_bytes()
    return out


def step_titles() -> list[str]:
    return [step["title"] for step in DATA["steps"]]


@needs_dot
def test_svg_has_no_element_or_attribute_from_the_input(drawn: dict[str, bytes]) -> None:
    svg = drawn["svg"]
    root = ET.fromstring(svg)  # well-formed XML
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1].lower()
        assert tag not in ("script", "foreignobject", "iframe", "img", "image")
        for name, value in element.attrib.items():
            assert not name.rsplit("}", 1)[-1].lower().startswith("on"), (tag, name)
            assert "javascript:" not in value.lower()
    text = svg_text(svg)
    for title in step_titles():
        assert visible(title) in text, title[:60]
    assert b"<script" not in svg and b"<img" not in svg and b"<svg onload" not in svg


@needs_dot
def test_dot_parses_and_holds_every_title(drawn: dict[str, bytes]) -> None:
    canon = subprocess.run(
        [require_tool("dot"), "-Tcanon"], input=drawn["dot"], capture_output=True, timeout=60
    )
    assert canon.returncode == 0 and b"Error" not in canon.stderr, canon.stderr
    shown = dot_text(drawn["dot"].decode("utf-8"))
    for title in step_titles():
        assert visible(title) in shown, title[:60]


def test_mermaid_keeps_every_title_inside_its_label(drawn: dict[str, bytes]) -> None:
    text = drawn["mermaid"].decode("utf-8")
    shown = mermaid_labels(text)
    for title in step_titles():
        assert visible(title) in shown, title[:60]
    for line in text.splitlines():
        assert line.count('["') == line.count('"]'), line[:120]
        if '["' in line:  # a label: nothing in it may end it or start a statement
            label = line.split('["', 1)[1].rsplit('"]', 1)[0]
            bare = re.sub(r"#(\d+|[A-Za-z]+);", "", label)  # entity codes are inert
            assert not re.search(r'["`;\[\]{}|]|-->|%%', bare), label[:120]
    assert "<script" not in text and "click " not in text.replace("click s1 call", "")
    assert CONTROL.search(text) is None


# -- pages ---------------------------------------------------------------------------------


class Tags(HTMLParser):
    """Every start tag and attribute of a page, and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.data: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.data.append(data)


def parse_html(page: str) -> Tags:
    parser = Tags()
    parser.feed(page)
    parser.close()
    return parser


def test_fmea_html_fragment_is_inert_and_shows_the_text() -> None:
    page = ok(entry("fmea", str(HOSTILE), "--format", "html")).stdout
    parsed = parse_html(page)
    assert {tag for tag, _ in parsed.tags} <= {"table", "thead", "tbody", "tr", "th", "td", "br"}
    assert all(not name.startswith("on") for _, attrs in parsed.tags for name in attrs)
    text = "".join(parsed.data)
    for f in failures():
        assert visible(f["mode"]) in visible(text)
    assert CONTROL.search(page) is None  # not allowed in HTML


@needs_dot
def test_html_report_has_only_its_own_markup(tmp_path: Path) -> None:
    target = tmp_path / "r.html"
    ok(entry("report", str(HOSTILE), "-o", str(target), "--today", "2026-01-01"))
    page = target.read_text(encoding="utf-8")
    plain = ROOT / "examples" / "telecom-sim-swap.blueprint.yaml"
    ok(entry("report", str(plain), "-o", str(tmp_path / "plain.html"), "--today", "2026-01-01"))
    ours = parse_html((tmp_path / "plain.html").read_text(encoding="utf-8"))
    parsed = parse_html(page)
    assert {tag for tag, _ in parsed.tags} <= {tag for tag, _ in ours.tags} | {"br", "a", "span"}
    assert sum(tag == "script" for tag, _ in parsed.tags) == sum(tag == "script" for tag, _ in ours.tags)
    for tag, attrs in parsed.tags:
        assert not any(name.startswith("on") for name in attrs), tag
        assert "src" not in attrs and "javascript:" not in str(attrs.get("href", "")).lower()
    assert "<b>accepted</b>" not in page and "<img" not in page and "<svg onload" not in page
    assert visible(DATA["customer"]) in visible("".join(parsed.data))


def markdown_tags(text: str) -> set[str]:
    return {m.lower() for m in re.findall(r"<\s*/?\s*([A-Za-z][A-Za-z0-9-]*)", text)}


def test_fmea_markdown_has_no_markup_from_the_input() -> None:
    text = ok(entry("fmea", str(HOSTILE), "--format", "markdown")).stdout
    assert markdown_tags(text) <= {"br"}
    assert "{{" not in text and "{%" not in text and "`tick`" not in text
    assert CONTROL.search(text) is None
    rows = [line for line in text.splitlines() if line.startswith("|")]
    cells = {len(re.split(r"(?<!\\)\|", row)) for row in rows}
    assert len(cells) == 1, "a pipe from the input split a cell"
    # the text reads back: entities and backslash escapes undone give the input
    assert "=cmd\\|'/C calc'!A0" in text and "&amp;amp;" in text


def test_markdown_report_has_no_markup_from_the_input() -> None:
    text = ok(
        entry("report", str(HOSTILE), "-o", "-", "--format", "markdown", "--today", "2026-01-01")
    ).stdout
    outside = re.sub(r"^(`{3,})mermaid\n.*?^\1$", "", text, flags=re.S | re.M)
    assert markdown_tags(outside) <= {"br"}
    assert "{{" not in outside and "{%" not in outside
    # inside the diagram block: only the diagram's own tags (a risk step's label is in a span)
    assert markdown_tags(text) <= {"br", "b", "small", "span"}
    assert "<b>accepted" not in text and "<b>=$" not in text
    assert CONTROL.search(text) is None


# -- spreadsheets ----------------------------------------------------------------------------

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def csv_cells(raw: bytes) -> list[list[str]]:
    text = raw.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def assert_no_formula(rows: list[list[str]]) -> None:
    for row in rows:
        for cell in row:
            if cell.startswith(FORMULA_START):
                assert NUMBER.match(cell), f"a spreadsheet would run {cell!r}"


def test_fmea_csv_neutralises_every_formula() -> None:
    result = ok(entry("fmea", str(HOSTILE), "--format", "csv"))
    rows = csv_cells(result.stdout_bytes)
    assert_no_formula(rows)
    header = rows[0]
    by_id = {row[header.index("id")]: row for row in rows[1:]}
    formula = by_id["f-formula"]
    assert formula[header.index("mode")] == "'=cmd|'/C calc'!A0"
    assert formula[header.index("effect")] == "'+1"
    assert formula[header.index("prevention")] == "'@SUM(A1)"
    # everything else comes back exactly, line breaks and control characters included
    terminal = by_id["f-terminal"]
    source = next(f for f in failures() if f.get("id") == "f-terminal")
    assert terminal[header.index("mode")] == source["mode"]
    assert terminal[header.index("effect")] == source["effect"]


def test_export_csv_neutralises_every_formula(tmp_path: Path) -> None:
    target = tmp_path / "fmea.csv"
    ok(entry("export", str(HOSTILE), "-o", str(target), "--lang", "en"))
    rows = csv_cells(target.read_bytes())
    assert_no_formula(rows)
    flat = [cell for row in rows for cell in row]
    assert "'=cmd|'/C calc'!A0" in flat and "'+owner" in flat


def test_xlsx_stores_formula_like_text_as_text(tmp_path: Path) -> None:
    import openpyxl

    target = tmp_path / "fmea.xlsx"
    ok(entry("export", str(HOSTILE), "-o", str(target), "--lang", "en"))
    book = openpyxl.load_workbook(target)
    seen = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula: {cell.value!r}"
                if isinstance(cell.value, str):
                    seen.append(cell.value)
    assert "=cmd|'/C calc'!A0" in seen  # stored as a string cell: shown, never run
    assert '=HYPERLINK("http://evil.invalid","click")' in seen


def test_worksheet_round_trip_keeps_the_hostile_text(tmp_path: Path) -> None:
    sheet, back = tmp_path / "fmea.xlsx", tmp_path / "back.blueprint.yaml"
    ok(entry("export", str(HOSTILE), "-o", str(sheet)))
    ok(entry("import", str(sheet), "-o", str(back)))
    again = read_source(str(back)).data
    modes = sorted(f["mode"] for step in again["steps"] for f in step.get("failures", []))
    assert modes == sorted(f["mode"] for f in failures())


# -- machine formats -------------------------------------------------------------------------


def test_fmea_json_gives_the_text_back_exactly() -> None:
    doc = json.loads(ok(entry("fmea", str(HOSTILE), "--format", "json")).stdout)
    assert doc["blueprint"] == DATA["title"]
    assert doc["currency"] == DATA["economics"]["currency"]
    by_id = {f["id"]: f for f in doc["failures"]}
    for step in DATA["steps"]:
        for n, source in enumerate(step.get("failures", []), start=1):
            item = by_id[source.get("id", f"{step['id']}.{n}")]
            for key in ("mode", "effect", "cause"):
                assert item[key] == source.get(key), key
            assert [a["title"] for a in item["actions"]] == [a["title"] for a in source.get("actions", [])]


def test_graph_json_and_export_give_the_text_back_exactly() -> None:
    analysis = json.loads(ok(entry("graph", str(HOSTILE), "--format", "json")).stdout)
    assert analysis["title"] == DATA["title"]
    exported = json.loads(ok(entry("graph", str(HOSTILE), "--export", "json")).stdout)
    found = {t for t in texts(exported)}
    for title in step_titles():
        assert title in found


def test_graphml_is_xml_holding_the_text() -> None:
    graphml = ok(entry("graph", str(HOSTILE), "--export", "graphml")).stdout
    root = ET.fromstring(graphml.encode("utf-8"))
    values = {el.text for el in root.iter() if el.text}
    # XML 1.0 cannot carry most control characters: compare what it can
    for title in step_titles():
        assert CONTROL.sub("", title) in {CONTROL.sub("", v) for v in values}


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile file with hostile values where the schema refuses them: findings quote them."""
    data = json.loads(json.dumps(DATA))
    data["steps"][0]["lane"] = "\x1b]0;pwned\x07\x1b[2Jcustomer\n::error::injected %0A 100%"
    data["steps"][1]["next"] = ["\x1b[31mnowhere\r\n::warning::x"]
    data["steps"][2]["\u202eyek\nnew"] = "x"
    path = tmp_path_factory.mktemp("broken") / "broken.blueprint.yaml"
    path.write_text(to_yaml(data), encoding="utf-8")
    return path


def findings(path: Path, fmt: str, color: bool = False) -> Result:
    result = entry("check", "--isolated", "--format", fmt, str(path), color=color)
    assert "Traceback" not in result.output
    assert result.exit_code == 1, result.output
    return result


def test_json_and_sarif_findings_quote_the_text_exactly(broken: Path) -> None:
    lane = json.loads(findings(broken, "json").stdout)[0]["message"]
    assert "\x1b]0;pwned\x07\x1b[2Jcustomer\n::error::injected %0A 100%" in lane
    sarif = json.loads(findings(broken, "sarif").stdout)
    messages = [r["message"]["text"] for run_ in sarif["runs"] for r in run_["results"]]
    assert any("\x1b[31mnowhere\r\n::warning::x" in m for m in messages)


def test_github_annotations_are_one_line_each_with_no_injected_command(broken: Path) -> None:
    out = findings(broken, "github").stdout
    lines = out.splitlines()
    expected = json.loads(findings(broken, "json").stdout)
    assert len(lines) == len(expected)
    for line, finding in zip(lines, expected, strict=True):
        assert re.match(r"^::(error|warning) file=[^:,]*,line=\d+,col=\d+,title=BP\d{3}::", line), line
        message = line.split("::", 2)[2]
        assert "\r" not in message and CONTROL.search(message) is None
        decoded = message.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")
        # the message reads as the finding, its control characters spelled out
        for code in ("\x1b", "\x07", "\u202e"):
            decoded = decoded.replace(code.encode("unicode_escape").decode(), code)
        assert decoded == finding["message"]


def test_text_findings_show_control_characters_escaped_one_line_each(broken: Path) -> None:
    out = findings(broken, "text", color=True).stdout
    assert CONTROL.search(entry("check", "--isolated", "--no-color", str(broken), color=True).output) is None
    for sequence in TERMINAL_SEQUENCES:
        assert sequence not in re.sub(r"\x1b\[[0-9;]*m", "", out), repr(sequence)
    lines = out.splitlines()
    assert all(line.startswith(str(broken)) for line in lines[:-1])
    assert "\\x1b]0;pwned\\x07\\x1b[2Jcustomer\\n::error::injected" in out
    assert "\\u202eyek\\nnew" in out


# The runner passes every byte through (``color=True``: click strips nothing), and the
# commands that colour are told not to, so any control character came from the file.
@pytest.mark.parametrize(
    "args",
    [
        ("fmea", "{h}", "--color", "never"),
        ("fmea", "{h}", "--format", "markdown"),
        ("fmea", "{h}", "--format", "html"),
        ("fmea", "{h}", "--explain", "f-terminal"),
        ("check", "--isolated", "{h}", "--color", "never"),
        ("render", "{h}", "--format", "mermaid", "-o", "-"),
        ("report", "{h}", "--format", "markdown", "-o", "-", "--today", "2026-01-01"),
        ("diff", "{h}", "{h}", "--color", "never"),
    ],
    ids=lambda args: " ".join(a for a in args if a not in ("{h}", "--color", "never", "-o", "-"))[:40],
)
def test_no_control_character_from_the_file_reaches_the_terminal(args: tuple[str, ...]) -> None:
    result = ok(entry(*(a.replace("{h}", str(HOSTILE)) for a in args), color=True))
    assert CONTROL.search(result.output) is None, repr(CONTROL.search(result.output))


# Outputs that once let the file's control characters through (kept as regressions).
LEAKS = [
    pytest.param(("graph", "{h}", "--color", "never"), id="graph text"),
    pytest.param(("diff", "{h}", "{b}", "--color", "never"), id="diff table"),
    pytest.param(("diff", "{h}", "{b}", "--format", "markdown"), id="diff markdown"),
]


@pytest.mark.parametrize("args", LEAKS)
def test_former_leaks_of_control_characters_stay_closed(tmp_path: Path, args: tuple[str, ...]) -> None:
    changed = tmp_path / "b.blueprint.yaml"
    text = HOSTILE.read_text(encoding="utf-8")
    changed.write_text(text.replace("severity: 10", "severity: 9"), encoding="utf-8")
    argv = [a.replace("{h}", str(HOSTILE)).replace("{b}", str(changed)) for a in args]
    result = ok(entry(*argv, color=True))
    assert CONTROL.search(result.output) is None, repr(CONTROL.search(result.output))
    if "markdown" in args:
        assert markdown_tags(result.output) <= {"br"}


def test_fmt_error_lines_show_control_characters_escaped(tmp_path: Path) -> None:
    path = tmp_path / "dup.blueprint.yaml"
    path.write_text('blueprint: 1\n"\\e[2Jdup": 1\n"\\e[2Jdup": 2\n', encoding="utf-8")
    result = entry("fmt", str(path), color=True)
    assert result.exit_code == 2
    assert CONTROL.search(result.output) is None, repr(result.output)


def test_import_problem_lines_show_control_characters_escaped(tmp_path: Path) -> None:
    sheet = tmp_path / "fmea.csv"
    ok(entry("export", str(HOSTILE), "-o", str(sheet), "--lang", "en"))
    rows = csv_cells(sheet.read_bytes())
    rows[1][rows[0].index("Severity (S)")] = "\x1b]0;pwned\x07\x1b[2Jhigh"
    with open(sheet, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)
    result = entry("import", str(sheet), "-o", str(tmp_path / "back.blueprint.yaml"), color=True)
    assert result.exit_code == 2
    assert CONTROL.search(result.output) is None, repr(result.output)


@needs_dot
@pytest.mark.parametrize("title", ["]", "]]"])
def test_a_title_of_closing_brackets_can_be_drawn(tmp_path: Path, title: str) -> None:
    # Graphviz 2.43 reads an HTML-like label whose text is only "]" or "]]" as a syntax error
    path = tmp_path / "b.blueprint.yaml"
    path.write_text(
        f'blueprint: 1\ntitle: "{title}"\nsteps:\n  - {{id: a, lane: customer, title: "{title}"}}\n'
    )
    ok(entry("render", str(path), "-o", str(tmp_path / "b.svg")))

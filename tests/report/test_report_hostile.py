"""Hostile text in a blueprint stays text in both reports: no script, no markup, no broken table."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings

from blueprint.analysis.core import Analysis
from blueprint.cli.main import cli
from blueprint.load.loader import load_bytes, require_valid
from blueprint.model import Blueprint
from blueprint.report import build_report
from blueprint.report.assets import SCRIPT
from blueprint.report.html import to_html
from blueprint.report.markdown import WORD_JOINER, md, to_markdown
from tests.helpers import needs_dot
from tests.strategies import blueprints, to_yaml

TITLE = "<script>alert(1)</script> & \"quotes\" 'single' | pipe `tick` ]]> --> {{ x }}"
MODE = "<script>alert(7)</script>\nsecond | line `code`"
OWNER = "| owner | with pipes\nand newline"

HOSTILE = """\
blueprint: 1
title: "<script>alert(1)</script> & \\"quotes\\" 'single' | pipe `tick` ]]> --> {{ x }}"
scenario: "line one\\nline two <img src=x onerror=alert(2)> [link](javascript:alert(3)) # not a heading"
customer: "*bold* _em_ ~~strike~~ $x$ \\\\ back"
phases:
  - {id: p1, title: "</title><script>alert(4)</script>"}
steps:
  - id: s1
    lane: customer
    phase: p1
    title: "# heading\\n- list\\n1. ordered\\n<b>bold</b> | cell"
    evidence: ["<svg onload=alert(5)>"]
    time: {expected: 10m, tolerance: 1m}
    next: [s2]
  - id: s2
    lane: frontstage
    phase: p1
    title: "]]> --> <!-- comment {{ template }} {% tag %}"
    actor: "\\"><script>alert(6)</script>"
    uses: [s3]
    failures:
      - id: f1
        mode: "<script>alert(7)</script>\\nsecond | line `code`"
        effect: "</td></tr></table><script>alert(8)</script>"
        cause: "&amp; &lt; already-escaped"
        controls: {prevention: "' onmouseover='alert(9)", detection: "-->"}
        severity: 9
        occurrence: 5
        detection: 6
        actions:
          - title: "<iframe src=//evil></iframe>"
            owner: "| owner | with pipes\\nand newline"
            due: 2020-01-01
            status: open
          - {title: "`rm -rf` ${HOME}", owner: "<owner>", status: in-progress}
  - id: s3
    lane: support
    phase: p1
    title: "%%{init: {'theme':'dark'}}%% end"
    failures:
      - mode: "x --> y; click s1 call alert(10)"
        effect: "]]>"
        cause: "{{ 7*7 }}"
        controls: {prevention: none, detection: none}
        severity: 3
        occurrence: 3
        detection: 3
economics: {customers: 1000, revenue_per_customer: 100, currency: "<b>TWD</b>"}
"""

# what the report's own markup uses (HTML page and Graphviz SVG)
OUR_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "main", "footer", "nav", "section",
    "p", "h1", "h2", "h3", "dl", "dt", "dd", "div", "ul", "li", "span", "strong", "br", "a", "button",
    "figure", "table", "thead", "tbody", "tr", "th", "td", "script",
    "svg", "g", "path", "polygon", "polyline", "ellipse", "text",
}  # fmt: skip


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.texts: dict[str, list[str]] = {}
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in ("br", "meta"):
            self._open.append(tag)
        if tag == "script":
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._open:
            while self._open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self._open and self._open[-1] == "script":
            self.scripts[-1] += data
        for tag in self._open:
            self.texts.setdefault(tag, []).append(data)

    def text(self, tag: str) -> str:
        return "".join(self.texts.get(tag, []))


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def check_html(html: str) -> Page:
    """The invariants of any report page, whatever the blueprint says."""
    page = parse(html)
    assert page.scripts == [SCRIPT], "the only script is the report's own"
    assert {tag for tag, _ in page.tags} <= OUR_TAGS
    for tag, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs), f"<{tag}> has an event handler"
        assert "src" not in attrs
    return page


def unescaped_pipes(row: str) -> int:
    count, i = 0, 0
    while i < len(row):
        if row[i] == "\\":
            i += 2
            continue
        count += row[i] == "|"
        i += 1
    return count


def check_markdown(text: str) -> str:
    """No HTML from the input outside the Mermaid block; every table row as wide as its header."""
    outside = re.sub(r"^(`{3,})mermaid\n.*?^\1$", "", text, flags=re.S | re.M)
    assert set(re.findall(r"<[^>]*>", outside)) <= {"<br>"}
    assert "{{" not in outside and "{%" not in outside
    header = 0
    for line in outside.splitlines():
        if not line.startswith("|"):
            header = 0
            continue
        if not header:
            header = unescaped_pipes(line)
        assert unescaped_pipes(line) == header, line
    return outside


def load(text: str) -> Blueprint:
    return require_valid(load_bytes(text.encode("utf-8"), "t.blueprint.yaml"))


@needs_dot
def test_hostile_html_shows_every_string_as_text(write: object, tmp_path: Path) -> None:
    source = write(HOSTILE)  # type: ignore[operator]
    out = tmp_path / "r.html"
    result = CliRunner().invoke(cli, ["report", str(source), "-o", str(out), "--today", "2026-11-26"])
    assert result.exit_code == 0, result.output
    page = check_html(out.read_text(encoding="utf-8"))
    assert page.text("title") == TITLE
    assert page.text("h1") == TITLE
    assert "<script>alert(7)</script>" in page.text("tbody")
    assert "second | line `code`" in page.text("tbody")
    assert "| owner | with pipes" in page.text("h3")
    assert "' onmouseover='alert(9)" in page.text("tbody")
    assert "{{ 7*7 }}" in page.text("tbody") and "{{ 49 }}" not in page.text("tbody")


def test_hostile_markdown_has_no_markup_from_the_input(write: object, tmp_path: Path) -> None:
    source = write(HOSTILE)  # type: ignore[operator]
    out = tmp_path / "r.md"
    result = CliRunner().invoke(cli, ["report", str(source), "-o", str(out), "--today", "2026-11-26"])
    assert result.exit_code == 0, result.output
    outside = check_markdown(out.read_text(encoding="utf-8"))
    # the first heading: no "<" before a letter or "/" (a theme may unescape it into <title>)
    assert outside.startswith(f"# {md(TITLE).replace('&lt;', '&lt;' + WORD_JOINER)}\n")
    headings = [line for line in outside.splitlines() if line.startswith("#")]
    assert all(re.match(r"#{1,3} ", h) for h in headings)
    assert "### \\| owner \\| with pipes and newline (1)" in headings
    assert "\\[link\\](javascript:alert(3))" in outside, "no link"
    assert "\\*bold\\* \\_em\\_ &#126;&#126;strike&#126;&#126; &#36;x&#36;" in outside, (
        "no emphasis, strike or math"
    )


@pytest.mark.parametrize(
    ("text", "markdown"),
    [
        ("a | b", "a \\| b"),
        ("one\ntwo", "one<br>two"),
        ("<b>x</b> & y", "&lt;b&gt;x&lt;/b&gt; &amp; y"),
        ("# title #", "\\# title \\#"),
        ("- item", "\\- item"),
        ("1. first", "1\\. first"),
        ("---", "\\---"),
        ("{{ var }}", "&#123;&#123; var &#125;&#125;"),
        (
            "[a](b) *c* _d_ `e` ~f~ $g$ \\h",
            "\\[a\\](b) \\*c\\* \\_d\\_ \\`e\\` &#126;f&#126; &#36;g&#36; \\\\h",
        ),
        ("C# and -1 and +5m", "C# and -1 and +5m"),
    ],
)
def test_markdown_escaping(text: str, markdown: str) -> None:
    assert md(text) == markdown


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(blueprints())
def test_any_blueprint_text_stays_text(data: dict[str, object]) -> None:
    bp = load(to_yaml(data))
    report = build_report(
        Analysis(bp), source="t.blueprint.yaml", lang=str(data["language"]), today=dt.date(2026, 11, 26)
    )
    page = check_html(to_html(report, [("diagram-light", "<svg></svg>\n")]))
    title = bp.title.replace("\r\n", "\n").replace("\r", "\n")
    assert page.text("h1") == re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", " ", title).replace("\n", "")
    check_markdown(to_markdown(report, mermaid="flowchart LR\n"))

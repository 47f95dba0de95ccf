"""``blueprint report``: what the report says, the files it writes, and its errors."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from blueprint.analysis.core import Analysis
from blueprint.cli.main import cli
from blueprint.load.source import read_source
from blueprint.report.assets import SCRIPT
from tests.conftest import EXAMPLES, ROOT
from tests.helpers import blueprint_cmd, invoke, needs_dot

SHOP = """\
blueprint: 1
title: Coffee to go
scenario: A commuter buys a coffee on the way to work
customer: Commuter
phases:
  - {id: order, title: Order}
  - {id: pay, title: Pay}
steps:
  - id: ask
    lane: customer
    phase: order
    title: Ask for a coffee
    time: {expected: 5m, tolerance: 2m}
    next: [take]
  - id: take
    lane: frontstage
    phase: order
    title: Barista takes the order
    uses: [till]
    next: [pay]
    failures:
      - id: wrong-order
        mode: Order misheard
        effect: Wrong drink
        cause: Noisy counter
        controls: {prevention: Repeat the order back, detection: Customer checks the cup}
        severity: 8
        occurrence: 6
        detection: 7
        affected: 0.01
        actions:
          - {title: Order screen facing the customer, owner: Ops, due: 2026-01-31, status: open}
          - {title: Headsets for baristas, owner: IT, due: 2026-12-31, status: in-progress}
          - {title: Louder baristas, owner: Ops, status: dropped}
  - id: pay
    lane: customer
    phase: pay
    title: Pay at the till
  - id: till
    lane: support
    phase: pay
    title: Till system
    failures:
      - id: till-down
        mode: Till offline
        effect: Cannot pay by card
        cause: Single network link
        controls: {prevention: none, detection: Staff notice}
        severity: 9
        occurrence: 4
        detection: 5
      - id: slow-receipt
        mode: Receipt printer slow
        effect: Queue grows
        cause: Old printer
        controls: {prevention: Service contract, detection: Queue length}
        severity: 6
        occurrence: 3
        detection: 4
        actions:
          - title: New printer
            owner: Ops
            due: 2026-03-01
            status: done
            revised: {severity: 6, occurrence: 1, detection: 4}
          - {title: Paperless receipts, status: open}
economics:
  customers: 10000
  revenue_per_customer: 100
  currency: EUR
"""


@pytest.fixture
def shop(write: Any) -> Path:
    path: Path = write(SHOP, "shop.blueprint.yaml")
    return path


def test_summary_counts_and_money_by_hand(shop: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    assert invoke("report", str(shop), "-o", str(out), "--today", "2026-06-15", catch=False).exit_code == 0
    text = out.read_text(encoding="utf-8")
    summary = text.split("## Summary\n\n")[1].split("\n\n")[0].splitlines()
    # money: N = 10,000, revenue 100; c = 0.05, r = 0.5. S8-10 keep 0.09 / 0.54 / 0.19 -> lost per
    # customer met 0.89625; S5-7 keep 0.23 / 0.62 / 0.325 -> 0.757875.
    # wrong-order (S8) p = 0.01: 100 met -> 89.625 lost -> 8,962.5; till-down (S9) O4 = 1/1,000: 10 met
    # -> 896.25; slow-receipt (S6) O3 = 0.5/1,000: 5 met -> 3.789375 lost -> 378.9375, after its done
    # action O1 = 0.01/1,000: 0.1 met -> 7.57875. Upper bound 10,237.69, residual 9,866.33.
    # Journey: 1,000,000 x (1 - (1 - 0.0089625)(1 - 0.00089625)(1 - 0.0003789375)) = 10,225.92;
    # residual with 0.00000757875 for the last: 9,858.22.
    assert summary == [
        "- 4 steps: 2 fail points, 1 wait point.",
        "- 3 failure modes by action priority: 2 H, 0 M, 1 L.",
        "- 1 H failure mode has no action and no justification: till-down.",
        "- Money at risk: 10,226 EUR per year for the journey (failures independent, each customer lost "
        "once); 10,238 EUR if no customer met two failures (the upper bound).",
        "- Once the done actions take effect: 9,858 EUR for the journey, 9,866 EUR upper bound.",
        "- Retention rates are survey-stated repurchase intentions; the model and its caveats: "
        "docs/economics.md.",
        "- 3 open actions, 1 overdue on 2026-06-15.",
    ]


def test_action_plan_by_owner_owners_sorted_none_last_overdue_marked(shop: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    invoke("report", str(shop), "-o", str(out), "--today", "2026-06-15", catch=False)
    plan = out.read_text(encoding="utf-8").split("## Action plan\n\n")[1].split("\n## ")[0]
    assert re.findall(r"^### (.*)$", plan, re.M) == ["IT (1)", "Ops (1)", "No owner (1)"]
    rows = [line for line in plan.splitlines() if line.startswith("| ") and not line.startswith("| Action")]
    assert rows == [
        "| Headsets for baristas | F2 Order misheard<br>Barista takes the order | H | 2026-12-31 "
        "| in progress |",
        "| Order screen facing the customer | F2 Order misheard<br>Barista takes the order | H "
        "| 2026-01-31 **overdue** | open |",
        "| Paperless receipts | F3 Receipt printer slow<br>Till system | L | no date | open |",
    ]
    assert "Louder baristas" not in plan and "New printer" not in plan, (
        "dropped and done actions are not a plan"
    )
    later = tmp_path / "later.md"
    invoke("report", str(shop), "-o", str(later), "--today", "2027-01-01", catch=False)
    assert later.read_text(encoding="utf-8").count("**overdue**") == 2


def test_today_defaults_to_the_current_date(shop: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    invoke("report", str(shop), "-o", str(out), catch=False)
    assert f"overdue actions as of {date.today().isoformat()}" in out.read_text(encoding="utf-8")


def test_failure_table_follows_the_fmea_ranking(shop: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    invoke("report", str(shop), "-o", str(out), "--today", "2026-06-15", catch=False)
    table = out.read_text(encoding="utf-8").split("## Failure modes, ranked\n\n")[1].split("\n\n")[1]
    header, _, *rows = table.splitlines()
    assert header.startswith(
        "| \\# | Failure mode | Step | Current controls | S | O | D | RPN | AP | After actions"
    )
    assert header.endswith("| At risk per year (EUR) |")
    fmea = json.loads(CliRunner().invoke(cli, ["fmea", str(shop), "--format", "json"]).output)
    modes = [re.search(r"\*\*(.*?)\*\*", row).group(1) for row in rows]  # type: ignore[union-attr]
    assert (
        modes
        == [f["mode"] for f in fmea["failures"]]
        == ["Till offline", "Order misheard", "Receipt printer slow"]
    )
    assert rows[0].split(" | ")[10] == "**none**", "an H failure without action stands out"
    assert rows[2].split(" | ")[9:11] == ["L (RPN 24)", "1/2 done"]
    assert rows[1].endswith("| 8,963 |")


class Page(HTMLParser):
    """Elements, ids, scripts and text of an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)

    def ids(self) -> list[str]:
        return [a["id"] for _, a in self.tags if a.get("id")]  # type: ignore[misc]


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


@needs_dot
def test_html_is_self_contained_with_a_policy_naming_its_one_script(shop: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    assert invoke("report", str(shop), "-o", str(out), "--today", "2026-06-15", catch=False).exit_code == 0
    html = out.read_text(encoding="utf-8")
    page = parse(html)
    assert page.scripts == [SCRIPT]
    digest = base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()
    policy = next(
        a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    )
    assert policy is not None and f"script-src 'sha256-{digest}'" in policy and "default-src 'none'" in policy
    for tag, attrs in page.tags:
        assert "src" not in attrs, f"<{tag} src> would load something"
        href = attrs.get("href") or attrs.get("xlink:href") or ""
        assert href == "" or href.startswith("#"), f"<{tag} href={href}> leaves the page"
    assert "url(" not in html.replace("url(#", "") and "@import" not in html and "@font-face" not in html
    ids = page.ids()
    assert len(ids) == len(set(ids)), "two diagrams and the page share no id"
    svgs = [a for t, a in page.tags if t == "svg"]
    assert [a["class"] for a in svgs] == ["diagram-svg", "diagram-svg"], "light and dark diagrams"
    assert "<?xml" not in html and "<!DOCTYPE svg" not in html
    sections = [a["id"] for t, a in page.tags if t == "section"]
    assert sections == ["summary", "diagram", "failures", "matrix", "actions", "touchpoints", "waits"]
    assert next(a for t, a in page.tags if t == "html")["lang"] == "en"


@needs_dot
def test_html_in_chinese_and_a_light_only_theme(tmp_path: Path) -> None:
    example = next(p for p in EXAMPLES if p.name.startswith("telecom"))
    out = tmp_path / "r.html"
    assert (
        invoke(
            "report", str(example), "-o", str(out), "--today", "2026-11-26", "--theme", "light", catch=False
        ).exit_code
        == 0
    )
    page = parse(out.read_text(encoding="utf-8"))
    assert next(a for t, a in page.tags if t == "html")["lang"] == "zh-Hant"
    assert sum(t == "svg" for t, _ in page.tags) == 1
    text = "".join(page.text)
    for heading in (
        "摘要",
        "服務藍圖",
        "失效模式排序",
        "行動計畫",
        "關鍵接觸點",
        "等候點",
        "嚴重度 S",
        "行動優先等級 AP",
    ):
        assert heading in text


def _reorder(data: Any) -> Any:
    """The same document with every mapping's keys in reverse order."""
    if isinstance(data, dict):
        return {k: _reorder(data[k]) for k in reversed(list(data))}
    if isinstance(data, list):
        return [_reorder(x) for x in data]
    return data


@needs_dot
@pytest.mark.parametrize("suffix", [".html", ".md"])
def test_same_input_any_key_order_gives_identical_bytes(tmp_path: Path, suffix: str) -> None:
    example = next(p for p in EXAMPLES if p.name.startswith("fedex"))
    shuffled = tmp_path / "b" / example.name
    shuffled.parent.mkdir()
    data = read_source(str(example), str(example)).data
    shuffled.write_text(json.dumps(_reorder(data), ensure_ascii=False, default=str), encoding="utf-8")
    first, second, third = (tmp_path / f"{n}{suffix}" for n in ("1", "2", "3"))
    invoke("report", str(example), "-o", str(first), "--today", "2026-11-26", catch=False)
    invoke("report", str(example), "-o", str(second), "--today", "2026-11-26", catch=False)
    invoke("report", str(shuffled), "-o", str(third), "--today", "2026-11-26", catch=False)
    assert first.read_bytes() == second.read_bytes() == third.read_bytes()


@needs_dot
def test_markdown_with_an_svg_beside_it(shop: Path, tmp_path: Path) -> None:
    out = tmp_path / "my report.md"
    result = invoke(
        "report", str(shop), "-o", str(out), "--diagram", "svg", "--today", "2026-06-15", catch=False
    )
    assert result.exit_code == 0
    drawing = tmp_path / "my report.svg"
    assert drawing.read_bytes().lstrip().startswith(b"<?xml")
    assert "![Service blueprint: Coffee to go](my%20report.svg)" in out.read_text(encoding="utf-8")
    assert "```mermaid" not in out.read_text(encoding="utf-8")


def test_markdown_to_standard_output_with_mermaid(shop: Path) -> None:
    result = invoke(
        "report", str(shop), "--format", "markdown", "-o", "-", "--today", "2026-06-15", catch=False
    )
    assert result.exit_code == 0
    assert result.output.startswith("# Coffee to go\n")
    assert "```mermaid\nflowchart LR\n" in result.output


def test_the_report_replaces_its_own_output(shop: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    out.write_text("old", encoding="utf-8")
    assert invoke("report", str(shop), "-o", str(out), "--today", "2026-06-15", catch=False).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# Coffee to go")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "{tmp}/missing/r.html"], "folder '{tmp}/missing' does not exist"),
        (["-o", "{tmp}/r.txt"], "cannot tell the format from '.txt'"),
        (["-o", "{tmp}/r.html", "--diagram", "mermaid"], "--diagram mermaid needs --format markdown"),
        (["-o", "-", "--format", "markdown", "--diagram", "svg"], "writes a file beside the report"),
        (["-o", "{tmp}/r.md", "--today", "31/12/2026"], "'31/12/2026' is not a date like 2026-03-31"),
        (["-o", "{tmp}/r.md", "--profile", "no-such-profile"], "no-such-profile"),
        (["-o", "-", "--watch"], "--watch rewrites a file"),
    ],
)
def test_bad_requests_are_one_line_and_exit_2(
    shop: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    proc = subprocess.run([*blueprint_cmd(), "report", str(shop), *argv], capture_output=True, text=True)
    assert proc.returncode == 2, proc.stderr
    assert message.replace("{tmp}", str(tmp_path)) in proc.stderr
    assert "Traceback" not in proc.stderr


def test_docs_example_is_up_to_date(tmp_path: Path) -> None:
    """docs/examples/telecom-sim-swap.md is what the documented command writes today."""
    out = tmp_path / "telecom-sim-swap.md"
    example = ROOT / "examples" / "telecom-sim-swap.blueprint.yaml"
    assert (
        invoke(
            "report",
            str(example),
            "--format",
            "markdown",
            "-o",
            str(out),
            "--today",
            "2026-10-15",
            catch=False,
        ).exit_code
        == 0
    )
    committed = ROOT / "docs" / "examples" / "telecom-sim-swap.md"
    assert committed.read_text(encoding="utf-8") == out.read_text(encoding="utf-8"), (
        "regenerate: blueprint report examples/telecom-sim-swap.blueprint.yaml --format markdown "
        "-o docs/examples/telecom-sim-swap.md --today 2026-10-15"
    )


@pytest.mark.parametrize(
    ("fmt", "diagram", "theme", "drawings"),
    [
        pytest.param("html", "svg", "auto", 2, marks=needs_dot),  # a light and a dark diagram
        pytest.param("html", "svg", "light", 1, marks=needs_dot),
        pytest.param("markdown", "svg", "auto", 1, marks=needs_dot),
        ("markdown", "mermaid", "auto", 1),
    ],
)
def test_make_outputs_says_when_each_diagram_is_drawn(
    shop: Path, tmp_path: Path, fmt: str, diagram: str, theme: str, drawings: int
) -> None:
    from blueprint.load.loader import load_blueprint
    from blueprint.report.outputs import ReportOptions, make_outputs

    bp = load_blueprint(str(shop))
    opts = ReportOptions(fmt=fmt, diagram=diagram, theme=theme, today=date(2026, 3, 1))
    stages: list[str] = []
    files = make_outputs(Analysis(bp), opts, tmp_path / "r.out", "shop.blueprint.yaml", stage=stages.append)
    assert stages == ["render", "report"] * drawings
    assert files == make_outputs(
        Analysis(bp), opts, tmp_path / "r.out", "shop.blueprint.yaml"
    )  # nothing else changes

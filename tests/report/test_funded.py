"""``blueprint report --budget N``: the funded plan as a section, in both formats and languages."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from blueprint.cli.main import cli
from tests.conftest import ROOT

FEDEX = str(ROOT / "examples" / "fedex-tracking.blueprint.yaml")
TELECOM = str(ROOT / "examples" / "telecom-sim-swap.blueprint.yaml")


def report(*args: str) -> str:
    result = CliRunner().invoke(cli, ["report", *args, "-o", "-", "--today", "2026-10-15"])
    assert result.exit_code == 0, result.output
    return str(result.output)


def test_markdown_report_gains_the_funded_plan_only_with_a_budget() -> None:
    plain = report(FEDEX, "--format", "markdown")
    assert "## Funded plan" not in plain
    funded = report(FEDEX, "--format", "markdown", "--budget", "500000")
    section = funded.split("## Funded plan\n", 1)[1].split("\n## ", 1)[0]
    assert (
        "| 1 | Publish a customs-hold event that names the missing documents | customs-hold-hidden |"
        in section
    )
    assert "Method: exact" in section and "(no cost given)" in section
    assert (
        funded.index("## Action plan")
        < funded.index("## Funded plan")
        < funded.index("## Critical touchpoints")
    )


def test_html_report_section_and_table_of_contents(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = CliRunner().invoke(
        cli,
        ["report", FEDEX, "-o", str(out), "--budget", "500000", "--today", "2026-10-15", "--diagram", "svg"],
    )
    if result.exit_code != 0 and "dot" in result.output:
        raise AssertionError(result.output)
    html = out.read_text(encoding="utf-8")
    assert '<section id="funded" aria-labelledby="funded-h">' in html
    assert '<a href="#funded">Funded plan</a>' in html
    assert '<table class="funded">' in html


def test_chinese_report_names_the_section_in_chinese() -> None:
    text = report(TELECOM, "--format", "markdown", "--budget", "5000000")
    assert "## 資助計畫" in text and "網管告警與客服查詢系統介接" in text.split("## 資助計畫")[1]

"""``blueprint deck --budget N``: the funded plan's slides, checked against ``blueprint plan --format json``.

Each funded action's F-number is the number of the failure chain (``fmea --format json``)
whose actions hold it; the money and the reasons are the plan's JSON, formatted by hand.
The deck is opened with python-pptx and converted by LibreOffice Impress to PDF, whose
text (``pdftotext``) must hold every action of the plan.
"""

from __future__ import annotations

import json
import math
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES
from tests.deck.test_deck import CONVERT, _run, _table, _texts, _tool

pptx = pytest.importorskip("pptx")

#: example -> a budget that funds some actions and leaves others out
BUDGETS = {"fedex-tracking": "500000", "telecom-sim-swap": "1500000"}
REASONS = {
    "en": {
        "over_budget": "over budget",
        "no_revised": "no planned ratings",
        "no_cost": "no cost given",
        "no_gain": "removes nothing",
    },
    "zh-TW": {
        "over_budget": "超出預算",
        "no_revised": "沒有預計評分",
        "no_cost": "未填成本",
        "no_gain": "沒有減少",
    },
}
TITLES = {
    "en": ("Funded plan: budget", "Funded plan: the chosen actions", "Funded plan: open actions not chosen"),
    "zh-TW": ("資助計畫：預算", "資助計畫：選定的措施", "資助計畫：未選的措施"),
}


def _example(stem: str) -> Path:
    return next(p for p in EXAMPLES if p.name.startswith(stem))


def _money(x: float) -> str:
    return f"{math.floor(x + 0.5):,}"


def _refs(fmea: dict[str, Any]) -> dict[tuple[str, str], str]:
    """(failure id, action title) -> the F-number of the chain that holds the action."""
    out = {}
    for f in fmea["failures"]:
        for c in f["causes"]:
            for a in c["actions"]:
                out[(f["id"], a["title"])] = c["ref"]
    return out


@pytest.fixture(scope="module")
def funded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """stem -> (deck with --budget, deck without)."""
    folder = tmp_path_factory.mktemp("funded")
    out = {}
    for stem, budget in BUDGETS.items():
        example = _example(stem)
        with_plan, without = folder / f"{stem}.pptx", folder / f"{stem}-plain.pptx"
        _run("deck", str(example), "--budget", budget, "-o", str(with_plan))
        _run("deck", str(example), "-o", str(without))
        out[stem] = (with_plan, without)
    return out


@pytest.mark.parametrize("stem", sorted(BUDGETS))
def test_the_funded_plan_slides_tell_the_plan(funded: dict[str, tuple[Path, Path]], stem: str) -> None:
    example = _example(stem)
    plan = json.loads(_run("plan", str(example), "--budget", BUDGETS[stem], "--format", "json"))
    fmea = json.loads(_run("fmea", str(example), "--format", "json"))
    lang = "zh-TW" if stem.startswith("telecom") else "en"
    refs = _refs(fmea)
    deck = pptx.Presentation(str(funded[stem][0]))
    plain = pptx.Presentation(str(funded[stem][1]))
    slides = list(deck.slides)
    titles = [_texts(s)[0] if _texts(s) else "" for s in slides]
    head, chosen_title, left_title = TITLES[lang]
    # a summary, one slide of chosen actions and one of the others (both lists are short),
    # after the action plan and before the money slide
    assert len(slides) == len(plain.slides) + 3
    at = next(i for i, x in enumerate(titles) if x.startswith(head))
    assert titles[at + 1] == chosen_title and titles[at + 2] == left_title
    assert at + 3 == len(slides) - 1  # the money slide stays last
    assert not any(head in x for s in plain.slides for x in _texts(s))
    # the summary: the budget, the method and the totals of the plan
    summary = " ".join(_texts(slides[at]))
    assert f"{int(plan['budget']):,}" in summary and plan["currency"] in summary
    assert _money(plan["cost"]) in summary and _money(plan["removed"]) in summary
    assert _money(plan["at_risk_before"]) in summary and _money(plan["at_risk_after"]) in summary
    # the chosen actions in the plan's order: F-number, action, failure mode, cost, removed, AP
    modes = {f["id"]: f["mode"] for f in fmea["failures"]}
    rows = _table(slides[at + 1])[1:]
    assert [r[1] for r in rows] == [c["action"] for c in plan["chosen"]] and rows
    for row, c in zip(rows, plan["chosen"], strict=True):
        assert row[0] == refs[(c["failure"], c["action"])]
        assert row[2] == modes[c["failure"]]
        assert row[3:] == [_money(c["cost"]), _money(c["removed"]), f"{c['ap_before']}→{c['ap_after']}"]
    # every open action left out, with its reason
    rows = _table(slides[at + 2])[1:]
    expected = [
        [refs[(n["failure"], n["action"])], n["action"], modes[n["failure"]], REASONS[lang][n["reason"]]]
        for n in plan["not_chosen"]
    ]
    assert rows == expected and rows
    # the action plan numbers each action as the funded plan does: by its failure chain
    by_title = {action: ref for (_, action), ref in refs.items()}
    plan_title = {"en": "Action plan", "zh-TW": "行動計畫"}[lang]
    planned = [
        r for s, x in zip(slides, titles, strict=True) if x.startswith(plan_title) for r in _table(s)[1:]
    ]
    assert planned and all(row[0] == by_title[row[1]] for row in planned)


def test_libreoffice_shows_the_funded_plan(funded: dict[str, tuple[Path, Path]], tmp_path: Path) -> None:
    soffice, pdftotext, pdfinfo = _tool("soffice"), _tool("pdftotext"), _tool("pdfinfo")
    files = [str(pair[0]) for pair in funded.values()]
    profile = tmp_path / "lo-profile"
    done = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", *CONVERT, str(tmp_path), *files],
        capture_output=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    for stem, (deck, _) in funded.items():
        pdf = tmp_path / (deck.stem + ".pdf")
        info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, check=True).stdout.decode()
        pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
        assert pages == len(pptx.Presentation(str(deck)).slides)
        text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, check=True).stdout.decode()
        flat = "".join(text.split())
        plan = json.loads(_run("plan", str(_example(stem)), "--budget", BUDGETS[stem], "--format", "json"))
        for item in (*plan["chosen"], *plan["not_chosen"]):
            assert "".join(item["action"].split()) in flat, item["action"]


def test_a_long_plan_goes_on_to_further_slides_at_12_pt(tmp_path: Path) -> None:
    failures = "".join(
        f"      - id: f{i}\n        mode: Failure mode {i}\n        severity: {10 - i % 9}\n"
        f"        occurrence: 6\n        detection: 6\n        actions:\n"
        f"          - title: Action number {i}, described at some length so that its row wraps onto"
        f" a second line\n            status: open\n            cost: {100 + i}\n"
        f"            revised: {{severity: {10 - i % 9}, occurrence: 2, detection: 3}}\n"
        for i in range(30)
    )
    path = tmp_path / "many.blueprint.yaml"
    path.write_text(
        "blueprint: 1\ntitle: Many\nsteps:\n  - id: a\n    lane: backstage\n    title: A\n"
        f"    failures:\n{failures}",
        encoding="utf-8",
    )
    target = tmp_path / "m.pptx"
    _run("deck", str(path), "-o", str(target), "--budget", "100000")
    plan = json.loads(_run("plan", str(path), "--budget", "100000", "--format", "json"))
    assert len(plan["chosen"]) == 30 and plan["objective"] == "rpn"  # no economics: the RPN plan
    deck = pptx.Presentation(str(target))
    head = "Funded plan: the chosen actions"
    parts = [s for s in deck.slides if _texts(s) and _texts(s)[0].startswith(head)]
    assert len(parts) >= 2
    assert _texts(parts[0])[0] == f"Funded plan: the chosen actions (1 of {len(parts)})"
    rows = [r for s in parts for r in _table(s)[1:]]
    assert [r[1] for r in rows] == [c["action"] for c in plan["chosen"]]
    assert [r[4] for r in rows] == [f"{c['removed']:,}" for c in plan["chosen"]]
    for slide in parts:
        for shape in slide.shapes:
            if shape.has_table:
                sizes = {
                    run.font.size.pt
                    for row in shape.table.rows
                    for cell in row.cells
                    for para in cell.text_frame.paragraphs
                    for run in para.runs
                }
                assert min(sizes) >= 12

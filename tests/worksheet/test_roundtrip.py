"""export -> import -> fmea gives the same failures: on every example, as CSV and xlsx, in both languages.

"The same" is the whole ``fmea --format json`` record of each failure (ids, step, lane,
phase, texts, ratings, RPN, AP, residual, actions with status, owner, due and revised
ratings, justification, rank) except what a worksheet cannot carry: where the failure
surfaces (that needs the flow; ``felt_at`` comes back when it names steps the sheet lists)
and the money at risk (that needs the economics block).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from tests.conftest import EXAMPLES
from tests.helpers import invoke_ok, pharmacy_text
from tests.strategies import blueprints, to_yaml
from tests.worksheet.test_export import TRICKY

#: what only the blueprint's flow and economics give
#: money needs the economics block, which a worksheet does not carry
NOT_CARRIED = (
    "surfaces_at",
    "felt_at_given",
    "at_risk",
    "residual_at_risk",
    "at_risk_parts",
    "retention_band",
)


def failures(path: Path) -> list[dict[str, Any]]:
    data = json.loads(invoke_ok("fmea", str(path), "--format", "json"))
    out = data["failures"]
    for f in out:
        for key in NOT_CARRIED:
            del f[key]
        for cause in f["causes"]:
            for key in NOT_CARRIED:
                cause.pop(key, None)
    assert isinstance(out, list)
    return out


def round_trip(src: Path, tmp: Path, suffix: str, *export_args: str) -> Path:
    sheet = tmp / f"sheet{suffix}"
    back = tmp / "back.blueprint.yaml"
    invoke_ok("export", str(src), "-o", str(sheet), "--force", *export_args)
    invoke_ok("import", str(sheet), "-o", str(back), "--force")
    return back


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name.split(".")[0])
def test_every_example_survives_the_round_trip(tmp_path: Path, example: Path, suffix: str, lang: str) -> None:
    back = round_trip(example, tmp_path, suffix, "--lang", lang)
    assert failures(back) == failures(example)
    text = back.read_text(encoding="utf-8")
    assert f"language: {lang}\n" in text
    if suffix == ".xlsx":  # the workbook carries the title
        original = json.loads(invoke_ok("fmea", str(example), "--format", "json"))["blueprint"]
        assert json.loads(invoke_ok("fmea", str(back), "--format", "json"))["blueprint"] == original


def test_the_imported_file_exports_the_same_failure_rows(tmp_path: Path) -> None:
    """A second round trip changes nothing: the first one lost nothing it could carry."""
    example = EXAMPLES[0]
    back = round_trip(example, tmp_path, ".csv")
    again = tmp_path / "again"
    again.mkdir()
    twice = round_trip(back, again, ".csv")
    assert (
        back.read_text(encoding="utf-8").split("\n", 3)[3]
        == twice.read_text(encoding="utf-8").split("\n", 3)[3]
    )


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_formula_like_text_comes_back_as_text(tmp_path: Path, suffix: str) -> None:
    src = tmp_path / "tricky.blueprint.yaml"
    src.write_text(TRICKY, encoding="utf-8")
    back = round_trip(src, tmp_path, suffix)
    got = failures(back)
    assert got == failures(src)
    first = got[0]
    assert first["mode"] == '=HYPERLINK("http://x")'
    assert (first["effect"], first["cause"]) == ("+1", "-2")
    assert first["controls"] == {"prevention": "@SUM(A1)", "detection": "'quoted already"}
    assert (first["actions"][0]["title"], first["actions"][0]["owner"]) == ("=1+1", "-x")


CONTROL = """\
blueprint: 1
title: "Bell\\a and escapes"
steps:
  - id: s1
    lane: support
    title: "  padded title  "
    failures:
      - id: f1
        mode: "bell\\a escape\\e _x0041_ stays literal"
        effect: "line\\nbreak\\r\\nwindows\\ttab"
        cause: "\\rstarts with CR"
        severity: 3
        occurrence: 4
        detection: 5
"""


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_control_characters_and_escape_lookalikes_survive(tmp_path: Path, suffix: str) -> None:
    src = tmp_path / "control.blueprint.yaml"
    src.write_text(CONTROL, encoding="utf-8")
    back = round_trip(src, tmp_path, suffix)
    assert failures(back) == failures(src)
    assert failures(back)[0]["mode"] == "bell\a escape\x1b _x0041_ stays literal"


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=blueprints(max_steps=5))
def test_any_blueprint_survives_the_round_trip(tmp_path: Path, data: dict[str, Any]) -> None:
    from blueprint.analysis.fmea import score
    from blueprint.load.loader import load_blueprint
    from blueprint.output.fmea_json import fmea_json
    from blueprint.worksheet.importer import import_worksheet
    from blueprint.worksheet.layout import csv_bytes, header_texts, rows
    from blueprint.worksheet.xlsx import xlsx_bytes

    src = tmp_path / "any.blueprint.yaml"
    src.write_text(to_yaml(data), encoding="utf-8")
    bp = load_blueprint(str(src))

    def records(path: Path) -> list[dict[str, Any]]:
        loaded = load_blueprint(str(path))
        out = fmea_json(loaded, score(loaded), "x")["failures"]
        for f in out:
            for key in NOT_CARRIED:
                del f[key]
            for cause in f["causes"]:
                for key in NOT_CARRIED:
                    cause.pop(key, None)
        assert isinstance(out, list)
        return out

    expected = records(src)
    lang = data["language"]
    sheets = {
        "any.csv": csv_bytes(rows(bp, score(bp), lang, "aiag-vda-2019"), header_texts(lang)),
        "any.xlsx": xlsx_bytes(bp, score(bp), lang, "aiag-vda-2019"),
    }
    for name, payload in sheets.items():
        (tmp_path / name).write_bytes(payload)
        if not expected:
            continue  # a worksheet without failures has no header to find
        back = tmp_path / "back.blueprint.yaml"
        back.write_text(import_worksheet(str(tmp_path / name)).text, encoding="utf-8")
        assert records(back) == expected, name


def _chains(path: Path) -> list[tuple[object, ...]]:
    from blueprint.load.loader import load_blueprint

    bp = load_blueprint(str(path))
    return [
        (
            f.id,
            f.mode,
            f.ratings.severity,
            f.chained,
            tuple(
                (
                    c.id,
                    c.cause,
                    c.prevention,
                    c.detection_control,
                    c.occurrence,
                    c.detection,
                    *((a.title, a.owner, a.status, a.revised) for a in c.actions),
                )
                for c in f.causes
            ),
        )
        for f in bp.failures
    ]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_round_trip_keeps_every_failure_chain(tmp_path: Path, suffix: str) -> None:
    from click.testing import CliRunner

    from blueprint.cli.main import cli

    source = tmp_path / "p.blueprint.yaml"
    source.write_text(pharmacy_text(), encoding="utf-8")
    sheet = tmp_path / f"p{suffix}"
    back = tmp_path / "back.blueprint.yaml"
    runner = CliRunner()
    assert runner.invoke(cli, ["export", str(source), "-o", str(sheet)]).exit_code == 0
    result = runner.invoke(cli, ["import", str(sheet), "-o", str(back), "--title", "Pharmacy"])
    assert result.exit_code == 0, result.output
    assert _chains(back) == _chains(source)
    assert "causes:" in back.read_text(encoding="utf-8")


def _priced(tmp_path: Path) -> Path:
    """The pharmacy with costs: actions' ``cost``, the failures' and a cause's
    ``cost_per_incident``, and a cause felt at a step of its own."""
    text = (
        pharmacy_text()
        .replace(  # a failure at 'collect' puts it on the sheet, so a felt_at may name it
            "    title: Collect the medicine\n",
            "    title: Collect the medicine\n"
            "    failures: [{mode: Bag torn, severity: 2, occurrence: 2, detection: 2}]\n",
        )
        .replace(
            "        severity: 10\n        causes:\n",
            "        severity: 10\n        cost_per_incident: 300\n        causes:\n",
        )
        .replace(
            "            detection: 7\n",
            "            detection: 7\n"
            "            cost_per_incident: 1500.5\n"
            "            felt_at: [collect]\n",
            1,
        )
        .replace("owner: Pharmacy lead, status: open}", "owner: Pharmacy lead, status: open, cost: 12000}")
        .replace(
            "                revised: {severity: 10, occurrence: 2, detection: 5}\n",
            "                revised: {severity: 10, occurrence: 2, detection: 5}\n"
            "                cost: 2500\n",
        )
        .replace(
            "        detection: 2\n        actions:\n",
            "        detection: 2\n        cost_per_incident: 5\n"
            "        felt_at: [collect]\n        actions:\n",
        )
    )
    path = tmp_path / "priced.blueprint.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _costs(path: Path) -> list[tuple[object, ...]]:
    """Every cost and felt_at of a blueprint, from its model: failure, chains, actions."""
    from blueprint.load.loader import load_blueprint

    return [
        (
            f.id,
            f.cost_per_incident,
            f.felt_at,
            tuple(
                (c.id, c.cost_per_incident, f.chain_felt_at(c), tuple((a.title, a.cost) for a in c.actions))
                for c in f.causes
            ),
        )
        for f in load_blueprint(str(path)).failures
    ]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_round_trip_keeps_costs_and_where_each_chain_is_felt(tmp_path: Path, suffix: str) -> None:
    source = _priced(tmp_path)
    want = _costs(source)
    # the costs are in the file as written, and a chain's felt_at is its own or its failure's
    assert want[1][1] == 300 and want[1][3][0][1:3] == (1500.5, ("collect",))
    assert [a for c in want[1][3] for a in c[3]] == [
        ("Barcode scan at the counter", 12000),
        ("Tall-man lettering", 2500),
    ]
    assert want[3][1:3] == (5, ("collect",))
    back = round_trip(source, tmp_path, suffix)
    assert _costs(back) == want
    assert _chains(back) == _chains(source)
    text = back.read_text(encoding="utf-8")
    assert "cost_per_incident: 1500.5" in text and "cost: 12000" in text


def test_costs_survive_a_libreoffice_resave(tmp_path: Path) -> None:
    import os
    import subprocess

    from openpyxl import load_workbook

    from tests.tools import soffice

    office = soffice()
    source = _priced(tmp_path)
    sheet = tmp_path / "sheet.xlsx"
    invoke_ok("export", str(source), "-o", str(sheet))
    # the cells are numbers a spreadsheet can add up, under headers a reader finds by name
    ws = load_workbook(sheet, read_only=True)["Failures"]
    rows = list(ws.iter_rows(values_only=True))
    header = list(rows[2])
    cost, per_incident = header.index("Action cost"), header.index("Cost per incident")
    assert sorted(r[cost] for r in rows[3:] if r[cost] is not None) == [2500, 12000]
    assert 1500.5 in [r[per_incident] for r in rows[3:]]
    office_dir = tmp_path / "office"
    done = subprocess.run(
        [office, "--headless", "--convert-to", "xlsx", "--outdir", str(office_dir), str(sheet)],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "HOME": str(tmp_path / "home")},
    )
    assert done.returncode == 0 and (office_dir / "sheet.xlsx").is_file(), done.stderr
    back = tmp_path / "back.blueprint.yaml"
    invoke_ok("import", str(office_dir / "sheet.xlsx"), "-o", str(back), "--force")
    assert _costs(back) == _costs(source)

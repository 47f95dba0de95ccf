"""Worksheets re-saved by an office suite come back with the text the blueprint had.

Our export writes inline strings; an office suite re-saves them as shared strings, where
a literal ``_x0041_`` is stored as ``_x005F_x0041_``. openpyxl half-decodes shared
strings; the importer reads them raw and undoes the escapes exactly once.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from blueprint.cli.main import cli
from tests.tools import soffice

TRICKY = [
    "code _x0041_ here",
    "literal _x005F_ too",
    "bell \a and tab\tend",
    "門號 _x000D_ 無訊號",
    "__x0041__x",
]


def blueprint_with(texts: list[str]) -> str:
    failures = "".join(
        f"      - id: f{i}\n        mode: {json.dumps(t)}\n        effect: {json.dumps(t[::-1])}\n"
        f"        severity: 5\n        occurrence: 3\n        detection: 2\n"
        for i, t in enumerate(texts)
    )
    return (
        "blueprint: 1\ntitle: t\nsteps:\n  - id: a\n    lane: customer\n    title: A\n"
        "    evidence: [e]\n    failures:\n" + failures
    )


def modes(runner: CliRunner, path: Path) -> list[tuple[str, str]]:
    result = runner.invoke(cli, ["fmea", "--format", "json", str(path)])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return sorted((f["mode"], f["effect"]) for f in data["failures"])


def imported(runner: CliRunner, workbook: Path, out: Path) -> list[tuple[str, str]]:
    result = runner.invoke(cli, ["import", str(workbook), "-o", str(out), "--force"])
    assert result.exit_code == 0, result.output
    return modes(runner, out)


def test_escapes_survive_a_libreoffice_resave(runner: CliRunner, tmp_path: Path) -> None:
    office = soffice()
    source = tmp_path / "x.blueprint.yaml"
    source.write_text(blueprint_with(TRICKY), encoding="utf-8")
    expected = modes(runner, source)
    assert runner.invoke(cli, ["export", str(source), "-o", str(tmp_path / "x.xlsx")]).exit_code == 0
    assert imported(runner, tmp_path / "x.xlsx", tmp_path / "direct.blueprint.yaml") == expected
    resaved = tmp_path / "office"
    done = subprocess.run(
        [office, "--headless", "--convert-to", "xlsx", "--outdir", str(resaved), str(tmp_path / "x.xlsx")],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "HOME": str(tmp_path / "home")},
    )
    assert done.returncode == 0 and (resaved / "x.xlsx").is_file(), done.stderr
    assert imported(runner, resaved / "x.xlsx", tmp_path / "back.blueprint.yaml") == expected


def test_shared_strings_are_decoded_once(runner: CliRunner, tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()  # openpyxl saves text as shared strings, as office suites do
    ws = wb.active
    assert ws is not None
    ws.append(["Step", "Lane", "Failure mode", "Severity", "Occurrence", "Detection"])
    ws.append(["a", "customer", "code _x005F_x0041_ here and _x0007_ bell", 5, 3, 2])
    wb.save(tmp_path / "shared.xlsx")
    got = imported(runner, tmp_path / "shared.xlsx", tmp_path / "s.blueprint.yaml")
    assert [m for m, _ in got] == ["code _x0041_ here and \a bell"]


@pytest.mark.parametrize("text", TRICKY)
def test_export_then_import_keeps_the_text(runner: CliRunner, tmp_path: Path, text: str) -> None:
    source = tmp_path / "x.blueprint.yaml"
    source.write_text(blueprint_with([text]), encoding="utf-8")
    assert runner.invoke(cli, ["export", str(source), "-o", str(tmp_path / "x.xlsx")]).exit_code == 0
    assert imported(runner, tmp_path / "x.xlsx", tmp_path / "y.blueprint.yaml") == modes(runner, source)


def test_openpyxl_warnings_do_not_reach_the_terminal(tmp_path: Path) -> None:
    import io
    import zipfile

    from openpyxl import Workbook

    from tests.conftest import blueprint_cmd

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Step", "Lane", "Failure mode", "Severity", "Occurrence", "Detection"])
    ws.append(["a", "customer", "m", 5, 3, 2])
    plain = io.BytesIO()
    wb.save(plain)
    ext = b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}"></ext></extLst></worksheet>'
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain.getvalue())) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():  # a data-validation extension, as Excel writes one
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</worksheet>", ext)
            zout.writestr(item, data)
    (tmp_path / "ext.xlsx").write_bytes(out.getvalue())
    done = subprocess.run(
        [*blueprint_cmd(), "import", "ext.xlsx", "-o", "ext.blueprint.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Warning" not in done.stderr and "site-packages" not in done.stderr, done.stderr

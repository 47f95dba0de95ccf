"""``import`` reads within bounds: hostile worksheets are one line and exit 2, not gigabytes.

Each case runs under a 1 GB address-space cap and a time limit, so a worksheet that made
the import allocate its claimed area (one cell at XFD1048576, a merged range over the
whole sheet) fails here instead of exhausting the machine.
"""

from __future__ import annotations

import re
import resource
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from blueprint.worksheet.sheet import MAX_COLUMNS, MAX_FIELD_CHARS, MAX_ROWS
from tests.conftest import ROOT, blueprint_cmd

EXAMPLE = ROOT / "examples" / "telecom-sim-swap.blueprint.yaml"
CAP = 1024 * 1024 * 1024


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))


def run_import(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*blueprint_cmd(), "import", str(path), "-o", str(path.with_suffix(".blueprint.yaml")), "--force"],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_cap,
    )


def refused(path: Path) -> str:
    done = run_import(path)
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    assert not path.with_suffix(".blueprint.yaml").exists()
    return done.stderr


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    shutil.copy(EXAMPLE, tmp_path / "in.blueprint.yaml")
    out = tmp_path / "w.xlsx"
    done = subprocess.run(
        [*blueprint_cmd(), "export", str(tmp_path / "in.blueprint.yaml"), "-o", str(out)], capture_output=True
    )
    assert done.returncode == 0, done.stderr
    return out


def _merge(refs: str) -> object:
    """A change of the sheet XML that adds merged ranges to those the workbook has."""
    return lambda t: t.replace("</mergeCells>", refs + "</mergeCells>", 1)


def _patch(path: Path, part: str, change: object) -> None:
    """Rewrite one part of the xlsx (a zip archive) with ``change(text) -> text``."""
    with zipfile.ZipFile(path) as src:
        parts = {info.filename: src.read(info.filename) for info in src.infolist()}
    parts[part] = change(parts[part].decode("utf-8")).encode("utf-8")  # type: ignore[operator]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            dst.writestr(name, data)


def test_the_workbook_itself_imports(workbook: Path) -> None:
    done = run_import(workbook)
    assert done.returncode == 0, done.stderr


def test_one_cell_at_the_far_corner(workbook: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(workbook)
    wb.worksheets[0]["XFD1048576"] = "far away"
    wb.save(workbook)
    assert "the sheet spans 1,048,576 rows and 16,384 columns" in refused(workbook)


def test_one_far_cell_behind_a_small_dimension(workbook: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(workbook)
    wb.worksheets[0]["XFD20"] = "far right"
    wb.save(workbook)
    # the file claims a small sheet: the cells themselves are checked as they stream past
    _patch(workbook, "xl/worksheets/sheet1.xml", lambda t: re.sub(r'<dimension ref="[^"]*" ?/>', "", t))
    assert f"row 20 has cells beyond column {MAX_COLUMNS}" in refused(workbook)


def test_a_merged_range_over_the_whole_sheet_counts_only_the_table(workbook: Path) -> None:
    # from beside the table to the sheet's far corner: 17 billion cells claimed, none read
    _patch(workbook, "xl/worksheets/sheet1.xml", _merge('<mergeCell ref="AG4:XFD1048576"/>'))
    done = run_import(workbook)
    assert done.returncode == 0, done.stderr


def test_overlapping_merged_ranges(workbook: Path) -> None:
    refs = "".join(f'<mergeCell ref="A{r}:AB{r + 5}"/>' for r in range(4, 10))
    _patch(workbook, "xl/worksheets/sheet1.xml", _merge(refs))
    assert "merged ranges overlap" in refused(workbook)


def test_a_workbook_without_sheets(workbook: Path) -> None:
    _patch(workbook, "xl/workbook.xml", lambda t: re.sub(r"<sheets>.*</sheets>", "<sheets/>", t, flags=re.S))
    assert "the workbook has no sheets" in refused(workbook)


def test_a_csv_field_over_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "w.csv"
    huge = "x" * (MAX_FIELD_CHARS + 1)
    path.write_text(
        f"Step,Lane,Failure mode (FM),Severity (S),Occurrence (O),Detection (D)\na,customer,{huge},5,5,5\n",
        encoding="utf-8",
    )
    assert f"line 2: a field longer than {MAX_FIELD_CHARS:,} characters" in refused(path)


def test_a_csv_with_thousands_of_columns(tmp_path: Path) -> None:
    path = tmp_path / "w.csv"
    extra = ",".join(f"c{i}" for i in range(5000))
    path.write_text(
        f"Step,Lane,Failure mode (FM),Severity (S),Occurrence (O),Detection (D),{extra}\n"
        f"a,customer,m,5,5,5\n",
        encoding="utf-8",
    )
    assert f"row 1 has cells beyond column {MAX_COLUMNS}" in refused(path)


def test_a_csv_with_too_many_rows(tmp_path: Path) -> None:
    path = tmp_path / "w.csv"
    header = "Step,Lane,Failure mode (FM),Severity (S),Occurrence (O),Detection (D)\n"
    path.write_text(header + "a,customer,m,5,5,5\n" * MAX_ROWS, encoding="utf-8")
    assert f"more than {MAX_ROWS:,} rows" in refused(path)


def test_a_worksheet_that_is_a_fifo(tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "w.csv")
    assert "not a file" in refused(tmp_path / "w.csv")

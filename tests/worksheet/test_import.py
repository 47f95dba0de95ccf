"""``blueprint import``: worksheets made by hand or by ``export`` become blueprints.

Headers are matched in English, Chinese and common aliases; hand-made xlsx sheets with
title rows, merged cells and the AIAG-VDA form's repeated S/O/D headers are understood;
every bad row is listed with its row number and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blueprint.cli.main import cli
from blueprint.errors import BlueprintError
from blueprint.load.fmt import format_text
from blueprint.worksheet.importer import import_worksheet
from blueprint.worksheet.layout import match_headers
from tests.helpers import entry_code, invoke_ok

CHINESE_CSV = """\
步驟,泳道,失效模式,失效影響,嚴重度,發生度,難檢度,建議措施,負責人,狀態,完成日期
門市受理,前台,店員批評客服,顧客失去信任,7,6,8,訂定服務用語準則,通路營運處,已完成,2026/4/30
門市受理,前台,店員批評客服,顧客失去信任,7,6,8,神秘客劇本,品質管理部,未開始,2027-01-15
開通系統,支援流程,開通延遲,顧客無法通話,6,3,4,,,,
"""


def write_csv(tmp_path: Path, text: str, name: str = "sheet.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(("\ufeff" + text).encode("utf-8"))
    return path


def ok(src: Path, out: Path, *args: str) -> str:
    """``blueprint import SRC -o OUT ARGS``, which must succeed; what it printed."""
    return invoke_ok("import", str(src), "-o", str(out), *args)


def fails(capsys: pytest.CaptureFixture[str], src: Path, out: Path, *args: str) -> list[str]:
    """``blueprint import SRC -o OUT ARGS`` through the real entry point: exit 2; the lines it printed."""
    code, said = entry_code(capsys, "import", str(src), "-o", str(out), *args)
    assert code == 2
    return said.splitlines()


def fmea(path: Path) -> dict[str, Any]:
    result = CliRunner().invoke(cli, ["fmea", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


def by_id(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["id"]: f for f in data["failures"]}


# -- headers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Severity", "severity"),
        ("SEV", "severity"),
        ("s", "severity"),
        ("Severity (S)", "severity"),
        ("嚴重度", "severity"),
        ("嚴重度 S", "severity"),
        ("Occ.", "occurrence"),
        ("發生度", "occurrence"),
        ("Det", "detection"),
        ("難檢度 D", "detection"),
        ("Failure Mode", "mode"),
        ("failure_mode", "mode"),
        ("Mode", "mode"),
        ("失效模式", "mode"),
        ("Potential Effect(s) of Failure", "effect"),
        ("Failure Effects (FE)", "effect"),
        ("Owner (department)", "owner"),
        ("失效原因（FC）", "cause"),
        ("Current Detection Controls", "detection_control"),
        ("偵測控制", "detection_control"),
        ("預防控制", "prevention"),
        ("建議措施", "action"),
        ("負責人", "owner"),
        ("完成日期", "due"),
        ("Target completion date", "due"),
        ("Swim lane", "lane"),
        ("風險優先數 RPN", "rpn"),
        ("Action Priority", "ap"),
        ("Money at risk per year (USD)", "at_risk"),
    ],
)
def test_header_aliases(header: str, key: str) -> None:
    assert match_headers([header]).columns == {key: 0}


def test_repeated_rating_headers_are_the_revised_ones() -> None:
    match = match_headers(["Mode", "S", "O", "D", "AP", "Action", "S", "O", "D", "AP", "S"])
    assert match.columns == {
        "mode": 0,
        "severity": 1,
        "occurrence": 2,
        "detection": 3,
        "ap": 4,
        "action": 5,
        "revised_severity": 6,
        "revised_occurrence": 7,
        "revised_detection": 8,
        "revised_ap": 9,
    }
    assert match.ignored == ("S",)


# -- Chinese and hand-made sheets ----------------------------------------------------------


def test_chinese_headers_import(tmp_path: Path) -> None:
    src = write_csv(tmp_path, CHINESE_CSV)
    out = tmp_path / "out.blueprint.yaml"
    assert "已寫入" in ok(src, out)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=blueprint.schema.json\n")
    assert "language: zh-TW" in text
    data = fmea(out)
    assert [(f["id"], f["step"], f["lane"]) for f in data["failures"]] == [
        ("step-1.1", "step-1", "frontstage"),
        ("step-2.1", "step-2", "support"),
    ]
    first = data["failures"][0]
    assert (first["mode"], first["severity"], first["occurrence"], first["detection"]) == (
        "店員批評客服",
        7,
        6,
        8,
    )
    assert [(a["title"], a["status"], a["due"]) for a in first["actions"]] == [
        ("訂定服務用語準則", "done", "2026-04-30"),
        ("神秘客劇本", "open", "2027-01-15"),
    ]
    assert "title: 門市受理" in text


def test_messages_follow_the_headers_unless_lang_says_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = write_csv(tmp_path, CHINESE_CSV)
    monkeypatch.setenv("LANG", "en_US.UTF-8")  # the headers win over the environment
    chinese = ok(src, tmp_path / "a.blueprint.yaml")
    assert chinese.startswith("已寫入 ") and "2 個步驟、2 個失效模式、2 項措施。" in chinese
    english = ok(src, tmp_path / "b.blueprint.yaml", "--lang", "en")
    assert english.startswith("Wrote ") and "2 steps, 2 failure modes, 2 actions." in english
    assert "\x1b[" not in english + chinese


def test_english_aliases_and_ascii_names_give_readable_ids(tmp_path: Path) -> None:
    src = write_csv(
        tmp_path,
        "Process step,Swimlane,Failure Mode,Sev,Occ,Det,Recommended Action,Responsible,Status\n"
        "Take the order,Frontstage,Order keyed wrong,6,5,4,Read back,Store manager,In progress\n"
        ",,,,,,Screen facing customer,IT,closed\n",
    )
    out = tmp_path / "out.blueprint.yaml"
    ok(src, out, "--title", "Coffee to go")
    data = fmea(out)
    assert data["blueprint"] == "Coffee to go"
    [f] = data["failures"]
    assert (f["id"], f["step"]) == ("take-the-order.1", "take-the-order")
    assert [(a["title"], a["status"]) for a in f["actions"]] == [
        ("Read back", "in-progress"),
        ("Screen facing customer", "done"),
    ]
    assert "language: en" in out.read_text(encoding="utf-8")


def aiag_workbook(path: Path, rows: list[list[Any]], merge: tuple[str, ...] | list[str] = ()) -> Path:
    """A hand-made sheet: two title rows, a group row, the AIAG-VDA headers with S/O/D twice."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "PFMEA"
    ws.append(["Process FMEA, Coffee bar"])
    ws.append(["Planning and preparation"])
    ws.append(["Structure", None, None, "Failure analysis", None, None, "Risk analysis"])
    structure = ["Process step", "Lane", "Phase"]
    failure = ["Failure Effects (FE)", "Failure Mode (FM)", "Failure Cause (FC)"]
    optimisation = ["Action", "Responsible", "Target completion date", "Status", "S", "O", "D", "AP"]
    ws.append([*structure, *failure, "S", "O", "D", "AP", *optimisation, "Remarks"])
    for row in rows:
        ws.append(row)
    for ref in merge:
        ws.merge_cells(ref)
    wb.save(path)
    return path


DRINK = ["Make drink", "backstage", "serve", "Wrong drink", "Milk mixed up", "Unlabelled jugs"]


def test_hand_made_xlsx_with_title_rows_merged_cells_and_repeated_sod(tmp_path: Path) -> None:
    due = dt.datetime(2026, 5, 1)
    src = aiag_workbook(
        tmp_path / "pfmea.xlsx",
        [
            [*DRINK, 9.0, 4.0, 7.0, "H", "Label jugs", "Barista lead", due, "done", 9, 1, "5", "L", "a note"],
            [*[None] * 10, "Separate fridge", "Manager", None, "open"],
            ["Hand over", "frontstage", "serve", "Cold drink", "Drink waits", "No call-out", 4, 5, 3, "L"],
        ],
        merge=[f"{c}5:{c}6" for c in "ABCDEFGHI"],  # the failure's cells span its two action rows
    )
    out = tmp_path / "out.blueprint.yaml"
    result = CliRunner().invoke(cli, ["import", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "Ignored columns: Remarks." in result.stderr
    data = fmea(out)
    assert data["blueprint"] == "pfmea"
    f = by_id(data)["make-drink.1"]
    assert (f["severity"], f["occurrence"], f["detection"], f["ap"], f["phase"]) == (9, 4, 7, "H", "serve")
    revised = {"severity": 9, "occurrence": 1, "detection": 5}
    assert f["actions"] == [
        {
            "title": "Label jugs",
            "owner": "Barista lead",
            "due": "2026-05-01",
            "status": "done",
            "revised": revised,
            "cost": None,
        },
        {
            "title": "Separate fridge",
            "owner": "Manager",
            "due": None,
            "status": "open",
            "revised": None,
            "cost": None,
        },
    ]
    assert f["residual"]["ap"] == "L"
    assert by_id(data)["hand-over.1"]["lane"] == "frontstage"


def test_reads_the_failures_sheet_not_the_first(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "Notes"
    wb.active.append(["nothing here"])
    ws = wb.create_sheet("Failures")
    ws.append(["Step", "Lane", "Mode", "S", "O", "D"])
    ws.append(["greet", "frontstage", "Not greeted", 5, 5, 5])
    wb.save(tmp_path / "w.xlsx")
    ok(tmp_path / "w.xlsx", tmp_path / "out.blueprint.yaml")
    assert by_id(fmea(tmp_path / "out.blueprint.yaml"))["greet.1"]["mode"] == "Not greeted"


def test_semicolon_csv_and_percentages(tmp_path: Path) -> None:
    src = write_csv(tmp_path, "Step;Lane;Mode;S;O;D;Affected share\ngreet;customer;Lost;5;5;5;2%\n")
    out = tmp_path / "out.blueprint.yaml"
    ok(src, out)
    assert "affected: 0.02" in out.read_text(encoding="utf-8")


# -- the output ----------------------------------------------------------------------------


def test_output_is_fmt_clean_and_passes_check_with_only_flow_warnings(tmp_path: Path) -> None:
    src = write_csv(tmp_path, CHINESE_CSV)
    out = tmp_path / "out.blueprint.yaml"
    ok(src, out)
    text = out.read_text(encoding="utf-8")
    assert format_text(text) == text
    result = CliRunner().invoke(cli, ["check", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    findings = json.loads(result.output)
    assert {f["code"] for f in findings} <= {"BP006", "BP013", "BP014"}
    assert all(f["severity"] == "warning" for f in findings)


def test_title_defaults_to_the_file_name(tmp_path: Path) -> None:
    src = write_csv(tmp_path, CHINESE_CSV, "門市換卡.csv")
    result = import_worksheet(str(src))
    assert "title: 門市換卡\n" in result.text


# -- bad rows ------------------------------------------------------------------------------

BAD_CSV = """\
Step,Lane,Failure mode,Severity,Occurrence,Detection,Action,Status,Due date,Revised S
greet,frontstage,Guest not greeted,high,5,4,,,,
greet,frontstage,Wrong table,7.0,5,4,Train staff,maybe,31/03/2026,
seat,kitchen,Slow seating,5,11,4,,,,
pay,,Card declined,5,3,,,,,
tip,support,Tip lost,2,2,2,,,,3
"""


def test_bad_rows_are_all_listed_with_row_numbers_and_nothing_is_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    src = write_csv(tmp_path, BAD_CSV, "worksheet.csv")
    out = tmp_path / "out.blueprint.yaml"
    lines = fails(capsys, src, out)
    shown = str(src)
    lanes = "customer, frontstage, backstage, support (顧客行為, 前台, 後台, 支援流程)"
    statuses = "open, in-progress, done, dropped (未開始, 進行中, 已完成, 已放棄)"
    assert lines == [
        f"{shown}: row 2: severity 'high' is not a whole number 1-10",
        f"{shown}: row 3: due date '31/03/2026' is not a date YYYY-MM-DD",
        f"{shown}: row 3: status 'maybe' is not one of {statuses}",
        f"{shown}: row 4: lane 'kitchen' is not one of {lanes}",
        f"{shown}: row 4: occurrence '11' is not a whole number 1-10",
        f"{shown}: row 5: step 'pay' has no lane: customer, frontstage, backstage or support "
        "(顧客行為, 前台, 後台, 支援流程)",
        f"{shown}: row 5: detection is missing",
        f"{shown}: row 6: revised ratings need severity, occurrence and detection (missing: occurrence, "
        "detection)",
        f"{shown}: row 6: owner, due date, status or revised ratings given without an action",
        f"blueprint: {shown}: 9 problems in the worksheet; nothing written",
    ]
    assert not out.exists()


def test_bad_xlsx_rows_use_the_sheets_row_numbers(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    src = aiag_workbook(
        tmp_path / "worksheet.xlsx",
        [
            ["Make drink", "backstage", "serve", "Wrong drink", "Milk mixed up", "Jugs", 9, 4, 7],
            ["Hand over", "frontstage", "serve", "Cold drink", "Drink waits", "No call-out", "high", 7.5, 0],
        ],
    )
    lines = fails(capsys, src, tmp_path / "out.blueprint.yaml")
    assert lines[:3] == [
        f"{src}: row 6: severity 'high' is not a whole number 1-10",
        f"{src}: row 6: occurrence '7.5' is not a whole number 1-10",
        f"{src}: row 6: detection '0' is not a whole number 1-10",
    ]


def test_a_failure_that_disagrees_with_itself_names_both_rows(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    src = write_csv(
        tmp_path,
        "Step,Lane,Failure ID,Mode,S,O,D,Action\n"
        "greet,frontstage,no-greet,Not greeted,5,5,5,Train\n"
        "greet,frontstage,no-greet,,6,,,Sign at the door\n"
        "seat,frontstage,no-greet,Not greeted,5,5,5,Host\n",
    )
    lines = fails(capsys, src, tmp_path / "out.blueprint.yaml")
    assert lines[0].endswith("row 3: failure 'no-greet' has severity '6' here but '5' in row 2")
    assert lines[1].endswith("row 4: failure 'no-greet' is in step 'seat' here but 'greet' in row 2")


def test_missing_phase_once_phases_are_used(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    src = write_csv(
        tmp_path, "Phase,Step,Lane,Mode,S,O,D\norder,greet,frontstage,A,5,5,5\n,pay,frontstage,B,5,5,5\n"
    )
    lines = fails(capsys, src, tmp_path / "out.blueprint.yaml")
    assert "row 3: step 'pay' has no phase, but other rows name one" in lines[0]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("Name,Notes\nx,y\n", "no header row: none of the first 50 rows names a severity column"),
        ("Step,Mode,S,O,D\nx,y,1,1,1\n", "row 1: no column for Lane (泳道)"),
        ("Lane,Mode,S,O,D\nfrontstage,y,1,1,1\n", "no column for Step (步驟)"),
        ("Step,Lane,Mode,S,O,D\n,,,,,\n", "no failure rows below the header row (row 1)"),
    ],
)
def test_unusable_headers(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, message: str
) -> None:
    lines = fails(capsys, write_csv(tmp_path, content), tmp_path / "out.blueprint.yaml")
    assert message in "\n".join(lines)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("legacy.csv", "Step,Lane,Mode,S,O,D\n掛號,前台,x,1,1,1\n".encode("big5"), "not UTF-8 text"),
        ("old.xls", b"\xd0\xcf\x11\xe0rest", "old binary Excel file"),
        ("broken.xlsx", b"PK\x03\x04 not really a zip", "not a readable xlsx workbook"),
        ("missing.csv", None, "no such file"),
    ],
)
def test_unreadable_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    src = tmp_path / name
    if content is not None:
        src.write_bytes(content)
    [line] = fails(capsys, src, tmp_path / "out.blueprint.yaml")
    assert message in line


# -- files ---------------------------------------------------------------------------------


def test_refuses_to_overwrite_without_force(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    src = write_csv(tmp_path, CHINESE_CSV)
    out = tmp_path / "out.blueprint.yaml"
    out.write_text("my work\n", encoding="utf-8")
    [line] = fails(capsys, src, out)
    assert line.endswith("out.blueprint.yaml already exists; use --force to overwrite it")
    assert out.read_text(encoding="utf-8") == "my work\n"
    ok(src, out, "--force")
    assert "blueprint: 1" in out.read_text(encoding="utf-8")


def test_missing_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    [line] = fails(capsys, write_csv(tmp_path, CHINESE_CSV), tmp_path / "nowhere" / "out.blueprint.yaml")
    assert "folder" in line and "does not exist" in line


def test_catalogue_has_the_same_keys_in_both_languages() -> None:
    from blueprint.i18n import worksheet

    assert set(worksheet.EN) == set(worksheet.ZH_TW)
    for key, text in worksheet.EN.items():
        assert text.count("{") == worksheet.ZH_TW[key].count("{"), key


def test_help_has_examples() -> None:
    result = CliRunner().invoke(cli, ["import", "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.output and "blueprint import fmea.xlsx" in result.output


# -- any text ------------------------------------------------------------------------------

cell = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.sampled_from(["7", "7.0", "0", "11", "-1", "1e1", "nan", "前台", "done", "2026-02-30", "=1+1", "'x"]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(cell, min_size=9, max_size=9), min_size=1, max_size=5))
def test_any_cells_give_a_blueprint_or_a_clear_error(tmp_path: Path, rows: list[list[str | None]]) -> None:
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["Step", "Lane", "Failure ID", "Mode", "S", "O", "D", "Action", "Due date"])
    writer.writerows([["" if c is None else c for c in row] for row in rows])
    src = tmp_path / "any.csv"
    src.write_text(buf.getvalue(), encoding="utf-8")
    try:
        result = import_worksheet(str(src))
    except BlueprintError:
        return
    assert format_text(result.text) == result.text

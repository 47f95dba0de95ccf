"""``blueprint export``: the FMEA worksheet as xlsx and CSV, read back the way a user meets it.

The xlsx is opened with openpyxl and checked as a working sheet: sheets, title, group and
header rows, frozen panes, filter range, AP fills, column widths, Chinese text, data
types. The CSV is checked byte by byte (BOM, header, CRLF). Formula-like text never
becomes a formula; outputs are byte-identical for the same input.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from blueprint.cli.main import cli
from blueprint.worksheet.layout import COLUMNS, header_texts, text_width
from tests.conftest import EXAMPLES, ROOT
from tests.helpers import entry_code, invoke_ok
from tests.strategies import shuffled, to_yaml

TELECOM = ROOT / "examples" / "telecom-sim-swap.blueprint.yaml"
ZAPPOS = ROOT / "examples" / "zappos-returns.blueprint.yaml"
KEYS = [c.key for c in COLUMNS]


def doc_headers(lang: str, currency: str) -> list[str]:
    """The column headers as docs/worksheet.md's column table lists them for users (A, B, ...),
    in ``lang`` (``en``: the "English header" column, else the "Chinese header" one)."""
    text = (ROOT / "docs" / "worksheet.md").read_text(encoding="utf-8")
    table = text.split("### Columns", 1)[1].split("\n\n", 2)[1]
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in table.splitlines()[2:]]
    assert [r[0] for r in rows][:3] == ["A", "B", "C"], "the table starts at column A"
    return [r[2 if lang == "en" else 3].replace("(CUR)", f"({currency})") for r in rows]


FORMULAS = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "'quoted already"]

TRICKY = f"""\
blueprint: 1
title: Tricky cells
language: en
steps:
  - id: pay
    lane: frontstage
    title: Takes the payment
    failures:
      - id: f-hyperlink
        mode: '{FORMULAS[0]}'
        effect: '+1'
        cause: '-2'
        controls: {{prevention: '@SUM(A1)', detection: "'quoted already"}}
        severity: 9
        occurrence: 4
        detection: 7
        actions:
          - {{title: '=1+1', owner: '-x', due: 2026-05-01, status: open}}
      - id: f-plain
        mode: Card declined
        severity: 2
        occurrence: 2
        detection: 2
        justification: Bank's problem
"""


def ok(src: Path, out: Path, *args: str) -> str:
    """``blueprint export SRC -o OUT ARGS``, which must succeed; what it printed."""
    return invoke_ok("export", str(src), "-o", str(out), *args)


def fails(capsys: pytest.CaptureFixture[str], src: Path, out: Path, *args: str) -> str:
    """``blueprint export SRC -o OUT ARGS`` through the real entry point: exit 2 and one line."""
    code, said = entry_code(capsys, "export", str(src), "-o", str(out), *args)
    assert code == 2
    assert said.startswith("blueprint: ") and said.count("\n") == 1
    return said


def expected_rows(path: Path) -> int:
    from blueprint.load.loader import load_blueprint

    bp = load_blueprint(str(path))
    return sum(max(1, len(c.actions)) for f in bp.failures for c in f.causes)  # a row per chain and action


def col(name: str) -> int:
    return KEYS.index(name) + 1


# -- xlsx layout ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def telecom_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Any:
    out = tmp_path_factory.mktemp("x") / "telecom.xlsx"
    ok(TELECOM, out)
    return openpyxl.load_workbook(out)


def test_xlsx_has_a_failures_and_an_actions_sheet_in_the_blueprints_language(telecom_xlsx: Any) -> None:
    assert telecom_xlsx.sheetnames == ["失效模式", "措施"]


def test_xlsx_english_sheet_names(tmp_path: Path) -> None:
    ok(ZAPPOS, tmp_path / "z.xlsx")
    assert openpyxl.load_workbook(tmp_path / "z.xlsx").sheetnames == ["Failures", "Actions"]


def test_xlsx_title_group_and_header_rows(telecom_xlsx: Any) -> None:
    ws = telecom_xlsx.worksheets[0]
    assert ws["A1"].value == "FMEA 工作表：門號無訊號換SIM卡（AP 表：aiag-vda-2019）"
    assert ws["A1"].font.b
    groups = {str(r): ws.cell(r.min_row, r.min_col).value for r in ws.merged_cells.ranges}
    assert groups == {
        "A2:E2": "結構分析",
        "F2:K2": "失效分析",
        "L2:R2": "風險分析",
        "S2:AC2": "優化",  # with the action's cost and the planned AP of open actions
        "AD2:AH2": "顧客影響",  # with where the file says it is felt and the cost per incident
    }
    headers = [ws.cell(3, j).value for j in range(1, len(COLUMNS) + 1)]
    assert headers == doc_headers("zh-TW", "TWD")
    assert headers[col("severity") - 1] == "嚴重度 S"
    assert headers[col("ap") - 1] == "行動優先等級 AP"
    assert headers[col("at_risk") - 1] == "每年風險金額 (TWD)"
    assert all(ws.cell(3, j).font.b for j in range(1, len(COLUMNS) + 1))


def test_xlsx_freezes_below_the_headers_and_filters_every_row(telecom_xlsx: Any) -> None:
    ws = telecom_xlsx.worksheets[0]
    last = 3 + expected_rows(TELECOM)
    assert ws.freeze_panes == "A4"
    assert ws.auto_filter.ref == f"A3:AH{last}"
    assert ws.max_row == last
    actions = telecom_xlsx.worksheets[1]
    assert actions.freeze_panes == "A3"
    assert actions.auto_filter.ref == f"A2:L{2 + 9}"


def test_xlsx_one_row_per_failure_and_action(telecom_xlsx: Any) -> None:
    ws = telecom_xlsx.worksheets[0]
    ids = [ws.cell(r, col("failure_id")).value for r in range(4, ws.max_row + 1)]
    assert ids.count("clerk-blames-hotline") == 3  # three actions: three rows
    assert ids.count("activate-sim.1") == 1  # default ids are written out
    rows = [
        r for r in range(4, ws.max_row + 1) if ws.cell(r, col("failure_id")).value == "clerk-blames-hotline"
    ]
    actions = [ws.cell(r, col("action")).value for r in rows]
    assert actions == [
        "訂定跨通路服務用語準則，於門市晨會宣導",
        "門市系統可檢視客服診斷紀錄與建議理由",
        "神秘客劇本加入「客服轉介換卡」情境",
    ]
    # the failure's columns repeat on each of its rows
    assert {ws.cell(r, col("mode")).value for r in rows} == {"門市人員當著顧客的面批評客服「一點都不專業」"}
    first = rows[0]
    assert [ws.cell(first, col(k)).value for k in ("severity", "occurrence", "detection", "ap", "rpn")] == [
        7,
        6,
        8,
        "H",
        336,
    ]
    assert [ws.cell(first, col(k)).value for k in ("status", "revised_severity", "revised_ap")] == [
        "已完成",
        7,
        "M",
    ]
    assert ws.cell(first, col("lane")).value == "前台"
    assert ws.cell(first, col("due")).value.date().isoformat() == "2026-04-30"
    assert ws.cell(first, col("due")).number_format == "yyyy-mm-dd"
    assert ws.cell(first, col("at_risk")).number_format == "#,##0"


def test_xlsx_ap_cells_are_filled_by_priority(telecom_xlsx: Any) -> None:
    from blueprint.worksheet.xlsx import AP_STYLE

    ws = telecom_xlsx.worksheets[0]
    seen = set()
    for r in range(4, ws.max_row + 1):
        for key in ("ap", "revised_ap"):
            cell = ws.cell(r, col(key))
            if cell.value is None:
                assert cell.fill.fill_type is None
                continue
            fill, text = AP_STYLE[cell.value]
            assert cell.fill.fgColor.rgb.endswith(fill)
            assert cell.font.color.rgb.endswith(text) and cell.font.b
            seen.add(cell.value)
    assert seen == {"H", "M", "L"}


def test_xlsx_cells_take_named_styles_that_look_as_they_should(telecom_xlsx: Any) -> None:
    from blueprint.worksheet.xlsx import AP_STYLE, cell_style

    assert {"FMEA title", "FMEA header", "FMEA text", "FMEA AP H", "FMEA AP M", "FMEA AP L"} <= set(
        telecom_xlsx.named_styles
    )
    ws = telecom_xlsx.worksheets[0]
    assert ws["A1"].style == "FMEA title" and ws["A3"].style == "FMEA header"
    assert ws["A3"].fill.fgColor.rgb.endswith("D9E1F2") and ws["A3"].alignment.wrap_text
    assert ws["A2"].fill.fgColor.rgb.endswith("44546A") and ws["A2"].font.color.rgb.endswith("FFFFFF")
    kinds = {c.key: c.kind for c in COLUMNS}
    for r in range(4, ws.max_row + 1):
        for key in KEYS:
            cell = ws.cell(r, col(key))
            fmt = {"yyyy-mm-dd": "date", "#,##0": "money"}.get(cell.number_format)
            assert cell.style == cell_style(kinds[key], cell.value, fmt), (r, key)
            assert cell.border.left.style == "thin" and cell.border.bottom.color.rgb.endswith("BFBFBF")
            if kinds[key] == "ap" and cell.value is not None:
                assert cell.style == f"FMEA AP {cell.value}"
                assert cell.fill.fgColor.rgb.endswith(AP_STYLE[cell.value][0])
            else:  # plain cells keep the workbook's font, not an empty one
                assert cell.fill.fill_type is None
                assert (cell.font.name, cell.font.sz, cell.font.b) == ("Calibri", 11, False)
    centred = {k for k, kind in kinds.items() if kind in ("rating", "ap", "int", "date")}
    assert {k for k in KEYS if ws.cell(4, col(k)).alignment.horizontal == "center"} == centred
    assert all(ws.cell(4, col(k)).alignment.vertical == "top" for k in KEYS)
    assert {k for k in KEYS if ws.cell(4, col(k)).alignment.wrap_text} == {
        k for k, kind in kinds.items() if kind == "text"
    }


def test_xlsx_advances_once_per_failure_row(tmp_path: Path) -> None:
    from blueprint.analysis.fmea import score
    from blueprint.load.loader import load_blueprint
    from blueprint.worksheet.xlsx import xlsx_bytes

    bp = load_blueprint(str(TELECOM))
    calls: list[int] = []
    data = xlsx_bytes(bp, score(bp), "zh-TW", "aiag-vda-2019", advance=lambda: calls.append(1))
    assert len(calls) == expected_rows(TELECOM)
    assert data == xlsx_bytes(bp, score(bp), "zh-TW", "aiag-vda-2019")  # the callback changes nothing


def test_xlsx_column_widths_fit_the_content(telecom_xlsx: Any) -> None:
    from openpyxl.utils import get_column_letter

    ws = telecom_xlsx.worksheets[0]
    widths = {k: ws.column_dimensions[get_column_letter(col(k))].width for k in KEYS}
    assert all(w and w > 0 for w in widths.values())
    assert widths["mode"] > widths["severity"]
    cap = next(c.cap for c in COLUMNS if c.key == "cause")
    assert widths["cause"] <= cap + 2  # long text is capped and wraps
    assert ws.cell(4, col("cause")).alignment.wrap_text


def test_text_width_counts_cjk_double() -> None:
    assert text_width("abc") == 3
    assert text_width("嚴重度") == 6
    assert text_width("a\n嚴重度 S") == 8


def test_xlsx_text_is_chinese_intact_and_stored_as_strings(telecom_xlsx: Any) -> None:
    ws = telecom_xlsx.worksheets[0]
    modes = {ws.cell(r, col("mode")).value for r in range(4, ws.max_row + 1)}
    assert "身分核對疏失，門號遭冒名換卡" in modes
    assert all(ws.cell(r, col("mode")).data_type == "s" for r in range(4, ws.max_row + 1))


def test_xlsx_validates_ratings_lanes_and_statuses(telecom_xlsx: Any) -> None:
    ws = telecom_xlsx.worksheets[0]
    lists = [dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert '"顧客行為,前台,後台,支援流程"' in lists
    assert '"未開始,進行中,已完成,已放棄"' in lists
    whole = [dv for dv in ws.data_validations.dataValidation if dv.type == "whole"]
    assert len(whole) == 1 and (whole[0].formula1, whole[0].formula2) == ("1", "10")
    assert "N4:N" in str(whole[0].sqref)  # severity


def test_actions_sheet_lists_every_action_open_first(telecom_xlsx: Any) -> None:
    ws = telecom_xlsx.worksheets[1]
    assert "blueprint import" in ws["A1"].value
    headers = [c.value for c in ws[2]]
    assert headers[:8] == [
        "失效編號",
        "步驟",
        "失效模式",
        "行動優先等級 AP",
        "建議措施",
        "負責人",
        "目標完成日期",
        "狀態",
    ]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=3)]
    assert len(rows) == 9
    statuses = [r[7] for r in rows]
    assert statuses == sorted(statuses, key=["未開始", "進行中", "已完成", "已放棄"].index)
    open_dues = [r[6] for r in rows if r[7] == "未開始"]
    assert open_dues == sorted(open_dues)
    assert ws.cell(3, 4).fill.fill_type == "solid"  # AP coloured here too


# -- CSV -----------------------------------------------------------------------------------


def test_csv_is_utf8_with_bom_one_header_row_and_crlf(tmp_path: Path) -> None:
    out = tmp_path / "t.csv"
    ok(TELECOM, out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == doc_headers("zh-TW", "TWD")
    assert len(rows) == 1 + expected_rows(TELECOM)
    first = dict(zip(rows[0], rows[1], strict=True))  # by the header a user reads
    assert first["失效編號"] == "advice-without-diagnosis"
    assert (first["嚴重度 S"], first["行動優先等級 AP"], first["風險優先數 RPN"], first["狀態"]) == (
        "6",
        "M",
        "252",
        "已完成",
    )
    assert first["受影響顧客比例"] == "0.02"
    assert first["每年風險金額 (TWD)"] == "27283500"  # 5,000 met x 0.757875 lost (S5-7 band) x 7,200


def test_csv_english_headers(tmp_path: Path) -> None:
    out = tmp_path / "t.csv"
    ok(TELECOM, out, "--lang", "en")
    header = out.read_bytes().decode("utf-8-sig").split("\r\n")[0]
    assert next(csv.reader([header])) == doc_headers("en", "TWD")
    assert header.startswith(
        "Phase,Phase title,Step,Step title,Lane,Failure ID,Cause ID,Ref,Failure effect (FE)"
    )
    assert "Severity (S),Occurrence (O),Detection (D),Action priority (AP),RPN" in header
    assert header.endswith("Money at risk per year (TWD)")


# -- formula neutralisation ----------------------------------------------------------------


def test_csv_neutralises_formula_text_with_a_quote(tmp_path: Path) -> None:
    src = tmp_path / "tricky.blueprint.yaml"
    src.write_text(TRICKY, encoding="utf-8")
    out = tmp_path / "t.csv"
    ok(src, out)
    row = next(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))
    assert row["Failure mode (FM)"] == "'" + FORMULAS[0]
    assert (row["Failure effect (FE)"], row["Failure cause (FC)"], row["Prevention control (PC)"]) == (
        "'+1",
        "'-2",
        "'@SUM(A1)",
    )
    assert row["Detection control (DC)"] == "''quoted already"
    assert (row["Recommended action"], row["Owner"]) == ("'=1+1", "'-x")
    assert row["Severity (S)"] == "9"  # numbers stay numbers


def test_xlsx_stores_formula_text_as_plain_strings(tmp_path: Path) -> None:
    src = tmp_path / "tricky.blueprint.yaml"
    src.write_text(TRICKY, encoding="utf-8")
    out = tmp_path / "t.xlsx"
    ok(src, out)
    ws = openpyxl.load_workbook(out).worksheets[0]
    cells = {k: ws.cell(4, col(k)) for k in ("mode", "effect", "cause", "prevention", "detection_control")}
    assert cells["mode"].value == FORMULAS[0]
    assert [c.value for c in cells.values()][1:] == FORMULAS[1:]
    assert all(c.data_type == "s" for c in cells.values())
    assert ws.cell(4, col("action")).value == "=1+1" and ws.cell(4, col("action")).data_type == "s"
    with zipfile.ZipFile(out) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name)


# -- files ---------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_refuses_to_overwrite_without_force(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, suffix: str
) -> None:
    out = tmp_path / f"t{suffix}"
    out.write_bytes(b"keep me")
    assert "already exists; use --force" in fails(capsys, TELECOM, out)
    assert out.read_bytes() == b"keep me"
    ok(TELECOM, out, "--force")
    assert out.read_bytes() != b"keep me"


def test_missing_folder_is_a_clear_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert "folder" in fails(capsys, TELECOM, tmp_path / "nowhere" / "t.xlsx")


def test_unknown_suffix_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert ".xlsx or .csv" in fails(capsys, TELECOM, tmp_path / "t.ods")
    assert not (tmp_path / "t.ods").exists()
    monkeypatch.setenv("LANG", "zh_TW.UTF-8")  # said before the blueprint is read: the reader's language
    assert f"-o {tmp_path / 't.ods'}：工作表必須是 .xlsx 或 .csv 檔案" in fails(
        capsys, TELECOM, tmp_path / "t.ods"
    )


def test_csv_written_in_steps_is_the_csv_written_at_once(tmp_path: Path) -> None:
    from blueprint.analysis.fmea import score
    from blueprint.load.loader import load_blueprint
    from blueprint.worksheet.layout import csv_bytes, rows

    steps = "".join(
        f"  - id: s{i}\n    lane: frontstage\n    title: Step {i}\n    failures:\n"
        + "".join(
            f"      - {{mode: M{i}.{k}, severity: {1 + k}, occurrence: 3, detection: 4}}\n" for k in range(3)
        )
        for i in range(50)
    )
    src = tmp_path / "many.blueprint.yaml"
    src.write_text(f"blueprint: 1\ntitle: Many\nsteps:\n{steps}", encoding="utf-8")
    ok(src, tmp_path / "many.csv")  # 150 failures: two steps of the progress line
    bp = load_blueprint(str(src))
    at_once = csv_bytes(rows(bp, score(bp), "en", "aiag-vda-2019"), header_texts("en"))
    assert (tmp_path / "many.csv").read_bytes() == at_once


def test_bad_blueprint_is_one_line_and_nothing_is_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    src = tmp_path / "bad.blueprint.yaml"
    src.write_text("blueprint: 1\ntitle: x\nsteps: []\n", encoding="utf-8")
    assert "bad.blueprint.yaml" in fails(capsys, src, tmp_path / "t.csv")
    assert not (tmp_path / "t.csv").exists()


def test_reports_what_it_wrote(tmp_path: Path) -> None:
    assert "7 failure modes, 11 actions" in ok(
        ROOT / "examples" / "fedex-tracking.blueprint.yaml", tmp_path / "f.csv"
    )


def test_profile_is_named_in_the_title_row(tmp_path: Path) -> None:
    ok(ZAPPOS, tmp_path / "z.xlsx", "--profile", "sae-rm13004")
    assert "sae-rm13004" in openpyxl.load_workbook(tmp_path / "z.xlsx").worksheets[0]["A1"].value


# -- determinism ---------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name.split(".")[0])
def test_same_input_same_bytes_whatever_the_key_order(tmp_path: Path, example: Path, suffix: str) -> None:
    from ruamel.yaml import YAML

    ok(example, tmp_path / f"a{suffix}")
    ok(example, tmp_path / f"b{suffix}")
    data = YAML(typ="safe", pure=True).load(example.read_text(encoding="utf-8"))
    other = tmp_path / "shuffled.blueprint.yaml"
    other.write_text(to_yaml(shuffled(data, seed=7)), encoding="utf-8")
    ok(other, tmp_path / f"c{suffix}")
    assert (tmp_path / f"a{suffix}").read_bytes() == (tmp_path / f"b{suffix}").read_bytes()
    assert (tmp_path / f"a{suffix}").read_bytes() == (tmp_path / f"c{suffix}").read_bytes()


def test_xlsx_carries_no_timestamps(tmp_path: Path) -> None:
    ok(TELECOM, tmp_path / "t.xlsx")
    with zipfile.ZipFile(tmp_path / "t.xlsx") as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml")
    assert b"created" not in core and b"modified" not in core
    assert "門號無訊號換SIM卡".encode() in core  # the title travels as the workbook's title


def test_help_has_examples() -> None:
    result = CliRunner().invoke(cli, ["export", "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.output and "-o fmea.xlsx" in result.output

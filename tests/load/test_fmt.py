"""``blueprint fmt``: canonical layout, lossless (same data, same FMEA, same comments), idempotent."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from blueprint.cli.main import cli
from blueprint.load.fmt import format_text
from blueprint.load.source import parse_text
from tests.conftest import EXAMPLES
from tests.helpers import code_and_output

LONG = (
    "顧客來電詢問帳單上一筆看不懂的費用，客服人員必須在同一通電話中"
    + "查詢帳務系統並解釋每一個項目的由來與計算方式"
)
MESSY = f"""\
# yaml-language-server: $schema=../schemas/blueprint.schema.json
title: 亂序的藍圖
blueprint: 1
language: zh-TW
steps:
- title: {LONG}
  lane: customer
  id: call
  next: [explain, "quoted-id"]   # flow stays a flow list
- id: explain
  lane: frontstage
  title: 'Agent explains: the fee'
  failures:
  # the only risk
  - severity: 7
    mode: 解釋錯誤
    occurrence: 3
    detection: 6
    id: wrong-explanation
    actions:
    - status: open
      title: 帳務說明範本
- id: quoted-id
  lane: support
  title: Billing system
"""


def comments(text: str) -> list[str]:
    """Every comment's text (the files here have no '#' inside values)."""
    return sorted(m.group(0).strip() for m in re.finditer(r"#.*$", text, re.MULTILINE))


def test_messy_file_gets_the_canonical_layout() -> None:
    out = format_text(MESSY)
    assert out.splitlines()[0] == "# yaml-language-server: $schema=../schemas/blueprint.schema.json"
    assert out.splitlines()[1:4] == ["blueprint: 1", "title: 亂序的藍圖", "language: zh-TW"]
    assert "steps:\n  - id: call\n    lane: customer\n    title: 顧客來電" in out
    # the long Chinese title is not folded onto a second line
    assert any(
        line.startswith("    title: 顧客來電") and line.endswith("計算方式") for line in out.splitlines()
    )
    assert re.search(r'\n    next: \[explain, "quoted-id"\] +# flow stays a flow list\n', out)
    assert "    title: 'Agent explains: the fee'\n" in out
    assert (
        "    failures:\n      # the only risk\n      - id: wrong-explanation\n        mode: 解釋錯誤\n"
        "        severity: 7\n        occurrence: 3\n        detection: 6\n        actions:\n"
        "          - title: 帳務說明範本\n            status: open\n"
    ) in out
    assert comments(out) == comments(MESSY)
    assert parse_text(out, "x").data == parse_text(MESSY, "x").data


def test_formatting_is_idempotent_on_the_messy_file() -> None:
    once = format_text(MESSY)
    assert format_text(once) == once


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_examples_lossless_and_idempotent(example: Path, tmp_path: Path, runner: CliRunner) -> None:
    path = tmp_path / example.name
    shutil.copy(example, path)
    original = path.read_text(encoding="utf-8")
    fmea_before = runner.invoke(cli, ["fmea", "--format", "json", str(path)])
    assert fmea_before.exit_code == 0, fmea_before.output

    assert code_and_output("fmt", str(path))[0] == 0
    once = path.read_text(encoding="utf-8")
    assert parse_text(once, "x").data == parse_text(original, "x").data  # same meaning
    assert comments(once) == comments(original)  # every comment kept
    assert once.splitlines()[0] == original.splitlines()[0]  # the modeline stays first
    fmea_after = runner.invoke(cli, ["fmea", "--format", "json", str(path)])
    assert fmea_after.output == fmea_before.output  # the FMEA is identical
    check = runner.invoke(cli, ["check", str(path)])
    assert check.exit_code == 0, check.output

    assert code_and_output("fmt", "--check", str(path)) == (
        0,
        "0 files would be reformatted, 1 file already formatted\n",
    )
    assert code_and_output("fmt", str(path))[0] == 0
    assert path.read_text(encoding="utf-8") == once  # fmt twice = fmt once


def test_check_lists_files_and_exits_1_without_writing(runner: CliRunner, write) -> None:
    path = write(MESSY)
    code, out = code_and_output("fmt", "--check", str(path))
    assert code == 1
    assert out == f"would reformat {path}\n1 file would be reformatted, 0 files already formatted\n"
    assert path.read_text(encoding="utf-8") == MESSY


def test_diff_prints_a_unified_diff_and_writes_nothing(runner: CliRunner, write) -> None:
    path = write(MESSY)
    result = runner.invoke(cli, ["fmt", "--diff", str(path)])
    assert result.exit_code == 1
    assert result.stdout.startswith(f"--- {path}\n+++ {path} (formatted)\n@@ ")
    assert "\n-- title: 顧客來電" in result.stdout and "\n+  - id: call\n" in result.stdout
    assert path.read_text(encoding="utf-8") == MESSY


def test_fmt_rewrites_and_reports(runner: CliRunner, write) -> None:
    path = write(MESSY)
    code, out = code_and_output("fmt", str(path))
    assert code == 0
    assert out == f"reformatted {path}\n1 file reformatted, 0 files left unchanged\n"
    assert path.read_text(encoding="utf-8") == format_text(MESSY)
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]  # no temporary file left


def test_files_that_do_not_load_are_refused(capsys: pytest.CaptureFixture[str], write) -> None:
    from blueprint.cli.main import main

    broken = write("blueprint: 1\ntitle: [open\n", "broken.blueprint.yaml")
    invalid = write(MESSY.replace("lane: support", "lane: suport"), "invalid.blueprint.yaml")
    good = write(MESSY, "good.blueprint.yaml")
    with pytest.raises(SystemExit) as exc:
        main(["fmt", str(broken), str(invalid), str(good)])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert f"blueprint: {broken}:3:1: invalid YAML" in err
    # the file says language: zh-TW, so its problem is worded in Chinese
    assert "lane 的值 'suport' 不正確，是否應為 'support'？" in err
    assert broken.read_text(encoding="utf-8") == "blueprint: 1\ntitle: [open\n"
    assert good.read_text(encoding="utf-8") == format_text(MESSY)  # the others are still formatted


def test_crlf_files_keep_crlf(write) -> None:
    from blueprint.load.fmt import format_file

    path = write(MESSY.replace("\n", "\r\n").encode("utf-8"))
    result = format_file(str(path))
    assert result.formatted == format_text(MESSY).replace("\n", "\r\n")


def test_folders_are_walked(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.blueprint.yaml").write_text(MESSY, encoding="utf-8")
    (tmp_path / "notes.yaml").write_text("not: a blueprint\n", encoding="utf-8")
    code, out = code_and_output("fmt", "--check", str(tmp_path))
    assert code == 1 and "x.blueprint.yaml" in out and "notes.yaml" not in out

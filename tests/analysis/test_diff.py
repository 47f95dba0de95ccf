"""``blueprint diff``: risk change between files or git revisions; the documented CI workflow."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from wcwidth import wcswidth

from blueprint.cli.commands.init import template_text
from blueprint.cli.main import cli, main
from blueprint.output.columns import wrap
from tests.conftest import EXAMPLES, ROOT
from tests.helpers import BIN

START = template_text("en")  # booking-not-written: S8 O4 D5 = RPN 160, AP M, with an action
NEW_H = """\
  - id: walk-in
    lane: customer
    phase: visit
    title: Walk in without a booking
    failures:
      - id: no-table
        mode: No table free
        severity: 8
        occurrence: 7
        detection: 8
        justification: walk-ins are told the wait at the door
"""

needs_git = pytest.mark.requires("git")


def diff_json(runner: CliRunner, old: Path | str, new: Path | str, *args: str) -> tuple[int, dict[str, Any]]:
    result = runner.invoke(cli, ["diff", str(old), str(new), "--format", "json", *args])
    data: dict[str, Any] = json.loads(result.output)
    return result.exit_code, data


def test_same_file_is_no_change(runner: CliRunner, write) -> None:
    path = write(START)
    code, data = diff_json(runner, path, path)
    assert code == 0
    assert data["failures"] == {"added": [], "removed": [], "changed": []}
    assert data["steps"] == {"added": [], "removed": []}
    assert data["totals"]["before"] == data["totals"]["after"] == {"H": 0, "M": 1, "L": 0}
    result = runner.invoke(cli, ["diff", str(path), str(path)])
    assert "No change in failure modes, ratings or steps." in result.output


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_every_example_against_itself(runner: CliRunner, example: Path) -> None:
    code, data = diff_json(runner, example, example, "--fail-on-increase")
    assert code == 0 and not data["increase"]["any"]


def test_rating_change_shows_before_and_after(runner: CliRunner, write) -> None:
    old = write(START, "old.blueprint.yaml")
    new = write(START.replace("occurrence: 4 ", "occurrence: 7 "), "new.blueprint.yaml")
    code, data = diff_json(runner, old, new)
    assert code == 0  # no gate without --fail-on-increase
    [change] = data["failures"]["changed"]
    assert change["id"] == "booking-not-written"
    # hand calculation: 8*4*5 = 160 -> 8*7*5 = 280; AIAG-VDA: S8 O4 D5 is M, S8 O7 D5 is H
    assert (change["before"]["rpn"], change["after"]["rpn"]) == (160, 280)
    assert (change["before"]["ap"], change["after"]["ap"]) == ("M", "H")
    assert change["ap_rose"] is True
    assert data["totals"] == {"before": {"H": 0, "M": 1, "L": 0}, "after": {"H": 1, "M": 0, "L": 0}}
    assert data["increase"] == {"ap_rose": ["booking-not-written"], "new_high": [], "any": True}
    assert runner.invoke(cli, ["diff", str(old), str(new), "--fail-on-increase"]).exit_code == 1


def test_lower_risk_passes_the_gate(runner: CliRunner, write) -> None:
    old = write(START, "old.blueprint.yaml")
    new = write(START.replace("occurrence: 4 ", "occurrence: 1 "), "new.blueprint.yaml")
    code, data = diff_json(runner, old, new, "--fail-on-increase")
    assert code == 0
    [change] = data["failures"]["changed"]
    assert (change["before"]["ap"], change["after"]["ap"], change["ap_rose"]) == ("M", "L", False)


def test_residual_change_counts_as_a_change(runner: CliRunner, write) -> None:
    old = write(START, "old.blueprint.yaml")
    done = START.replace(
        "status: open ", "status: done\n            revised: {severity: 8, occurrence: 2, detection: 3} "
    )
    new = write(done, "new.blueprint.yaml")
    _, data = diff_json(runner, old, new)
    [change] = data["failures"]["changed"]
    assert (change["before"]["residual_ap"], change["after"]["residual_ap"]) == (None, "L")
    assert change["after"]["residual_rpn"] == 48


def test_added_and_removed_failures_and_steps(runner: CliRunner, write) -> None:
    old = write(START, "old.blueprint.yaml")
    new_text = START.replace("  - id: arrive\n", NEW_H + "  - id: arrive\n")
    new = write(new_text, "new.blueprint.yaml")
    code, data = diff_json(runner, old, new, "--fail-on-increase")
    assert code == 1  # a new failure at H
    assert [c["id"] for c in data["failures"]["added"]] == ["no-table"]
    assert data["failures"]["added"][0]["after"]["ap"] == "H"
    assert data["steps"]["added"] == [
        {"id": "walk-in", "lane": "customer", "title": "Walk in without a booking"}
    ]
    assert data["increase"]["new_high"] == ["no-table"]
    code, back = diff_json(runner, new, old, "--fail-on-increase")
    assert code == 0
    assert [c["id"] for c in back["failures"]["removed"]] == ["no-table"]
    assert [s["id"] for s in back["steps"]["removed"]] == ["walk-in"]


def test_markdown_for_a_pull_request_comment(runner: CliRunner, write) -> None:
    old = write(START, "old.blueprint.yaml")
    new = write(
        START.replace("occurrence: 4 ", "occurrence: 7 ").replace("never written", "never | written"),
        "n.blueprint.yaml",
    )
    out = runner.invoke(cli, ["diff", str(old), str(new), "--format", "markdown"]).output
    assert out.startswith(f"### Risk change: `{old}` → `{new}`\n")
    assert "**AP rose for 1 failure mode; 0 new failure modes at H**" in out
    assert (
        "| `booking-not-written` | take-booking | Booking taken during a rush and never \\| written down |"
        in out
    )
    assert "| 8/4/5 → 8/7/5 | 160 → 280 | M → H ⬆ | – |" in out
    assert "| H | 0 | 1 | +1 |" in out


def test_table_speaks_chinese(runner: CliRunner, write) -> None:
    old = write(template_text("zh-TW"), "old.blueprint.yaml")
    new = write(template_text("zh-TW").replace("occurrence: 4 ", "occurrence: 7 "), "new.blueprint.yaml")
    out = runner.invoke(cli, ["diff", str(old), str(new)]).output
    assert "變更的失效模式" in out and "行動優先等級 AP" in out and "M → H ⬆" in out


TELECOM = ROOT / "examples" / "telecom-sim-swap.blueprint.yaml"
FEDEX = ROOT / "examples" / "fedex-tracking.blueprint.yaml"
NEW_SUPPORT_STEP = """\
  - id: check-signal-map
    lane: support
    phase: report
    title: 客服查詢基地台訊號地圖與顧客所在地區的訊號強度紀錄
    failures:
      - id: map-outdated
        mode: 訊號地圖資料過期，顯示正常但實際無訊號
        severity: 8
        occurrence: 7
        detection: 8
        justification: 下季改版
"""


def test_chinese_table_fits_100_columns_with_short_headers(
    runner: CliRunner, write, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    text = TELECOM.read_text(encoding="utf-8").replace("severity: 6", "severity: 9")
    new = write(text.replace("  - id: log-case\n", NEW_SUPPORT_STEP + "  - id: log-case\n", 1))
    out = runner.invoke(cli, ["diff", str(TELECOM), str(new)]).output
    lines = out.splitlines()
    assert lines[0] == f"風險變化：{TELECOM} → {new}"
    assert lines[2] == "1 個失效模式的 AP 上升；1 個新增失效模式為 H"
    assert max(wcswidth(line) for line in lines[1:]) <= 100, out
    header = lines[lines.index("變更的失效模式") + 1].split()
    assert header == ["失效編號", "步驟", "失效模式", "S/O/D", "RPN", "AP", "殘餘"]
    # the mode wraps evenly under its column, the numbers stay on the first line
    row = lines.index("變更的失效模式") + 3
    assert lines[row].split()[:3] == ["advice-without-", "hotline-advice", "未查基地台狀態即"]
    assert lines[row].endswith("6/6/7 → 9/6/7  252 → 378  M → H ⬆  L")
    assert lines[row + 1].split() == ["diagnosis", "建議換卡"]
    assert "check-signal-map  支援流程  客服查詢基地台訊號地圖與顧客所在地區的訊號強度紀錄" in out
    assert "風險優先數 RPN" not in out and "行動優先等級 AP" in out  # the long names only in titles


def test_english_table_fits_100_columns(runner: CliRunner, write, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    raised = FEDEX.read_text(encoding="utf-8").replace("severity: 6", "severity: 9")
    new = write(raised.replace("occurrence: 4", "occurrence: 8"))
    out = runner.invoke(cli, ["diff", str(FEDEX), str(new)]).output
    assert max(wcswidth(line) for line in out.splitlines()[1:]) <= 100, out
    assert "AP rose for 4 failure modes; 0 new failure modes at H" in out
    assert re.search(r"^Failure +Step +Failure mode +S/O/D +RPN +AP +Residual$", out, re.MULTILINE), out
    wide = runner.invoke(cli, ["diff", str(FEDEX), str(new)], env={"COLUMNS": "200"}).output
    assert "Estimated delivery date not updated after a missed connection" in wide


def test_wrapping_keeps_punctuation_off_the_start_and_no_lone_last_character() -> None:
    assert wrap("新卡開通延遲，顧客數小時無法通話", 12) == ["新卡開通延", "遲，顧客數小", "時無法通話"]
    assert wrap("未查基地台狀態即建議換卡", 22) == ["未查基地台狀態即建議換", "卡"]
    assert wrap("未查基地台狀態即建議換卡", 22, even=True) == ["未查基地台狀", "態即建議換卡"]
    assert wrap("advice-without-diagnosis", 16) == ["advice-without-", "diagnosis"]
    assert wrap("Pickup scan missed", 12) == ["Pickup scan", "missed"]


@given(
    st.text(alphabet=st.sampled_from("ab -，。中文字x\t"), max_size=60),
    st.integers(min_value=2, max_value=30),
)
def test_wrapped_lines_fit_and_keep_every_character(text: str, width: int) -> None:
    for lines in (wrap(text, width), wrap(text, width, even=True)):
        assert all(wcswidth(line) <= width for line in lines)
        assert "".join(lines).replace(" ", "") == "".join(text.split()).replace(" ", "")


def test_missing_file_is_exit_2(capsys: pytest.CaptureFixture[str], write) -> None:
    path = write(START)
    with pytest.raises(SystemExit) as exc:
        main(["diff", str(path), "nope.blueprint.yaml"])
    assert exc.value.code == 2
    assert capsys.readouterr().err == "blueprint: nope.blueprint.yaml: no such file\n"


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository with the starter blueprint committed on main."""
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "service.blueprint.yaml").write_text(START, encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "start")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@needs_git
def test_git_revision_against_the_working_copy(runner: CliRunner, repo: Path) -> None:
    path = repo / "service.blueprint.yaml"
    path.write_text(START.replace("occurrence: 4 ", "occurrence: 7 "), encoding="utf-8")
    code, data = diff_json(
        runner, "HEAD:service.blueprint.yaml", "service.blueprint.yaml", "--fail-on-increase"
    )
    assert code == 1
    assert data["old"] == "HEAD:service.blueprint.yaml"
    assert data["increase"]["ap_rose"] == ["booking-not-written"]
    # the path inside the revision may also be relative to the current folder
    sub = repo / "sub"
    sub.mkdir()
    os.chdir(sub)
    code, _ = diff_json(runner, "HEAD:./../service.blueprint.yaml", "../service.blueprint.yaml")
    assert code == 0


@needs_git
@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (
            "nobranch:service.blueprint.yaml",
            "cannot read 'nobranch:service.blueprint.yaml' from git: invalid object name 'nobranch'.",
        ),
        (
            "HEAD:missing.blueprint.yaml",
            "cannot read 'HEAD:missing.blueprint.yaml' from git: "
            "path 'missing.blueprint.yaml' does not exist in 'HEAD'",
        ),
    ],
)
def test_git_errors_are_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], repo: Path, spec: str, message: str
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["diff", spec, "service.blueprint.yaml"])
    assert exc.value.code == 2
    assert capsys.readouterr().err == f"blueprint: {message}\n"


@needs_git
def test_outside_a_repository(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "a.blueprint.yaml").write_text(START, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    with pytest.raises(SystemExit) as exc:
        main(["diff", "HEAD:a.blueprint.yaml", "a.blueprint.yaml"])
    assert exc.value.code == 2
    assert "not a git repository" in capsys.readouterr().err


def test_git_not_installed(capsys: pytest.CaptureFixture[str], write, monkeypatch) -> None:
    path = write(START)
    monkeypatch.setenv("PATH", str(path.parent))  # no git on PATH
    with pytest.raises(SystemExit) as exc:
        main(["diff", "HEAD:t.blueprint.yaml", str(path)])
    assert exc.value.code == 2
    assert (
        capsys.readouterr().err
        == "blueprint: git is not installed; it is needed to read 'HEAD:t.blueprint.yaml'\n"
    )


def workflow() -> dict[str, Any]:
    """The GitHub Actions workflow as docs/ci.md shows it."""
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- ci-workflow -->\n```yaml\n(.*?)```", text, re.DOTALL)
    assert found, "docs/ci.md lost its workflow block"
    data: dict[str, Any] = yaml.safe_load(found.group(1))
    return data


def test_documented_workflow_has_the_pieces() -> None:
    steps = workflow()["jobs"]["blueprints"]["steps"]
    uses = [s.get("uses", "") for s in steps]
    assert uses[0].startswith("actions/checkout") and steps[0]["with"]["fetch-depth"] == 0
    assert any(u.startswith("actions/setup-python") for u in uses)
    assert any(u.startswith("github/codeql-action/upload-sarif") for u in uses)
    runs = " ".join(s.get("run", "") for s in steps)
    assert "pip install" in runs
    assert "blueprint check . --format sarif > results.sarif" in runs
    assert "--format markdown --fail-on-increase" in runs
    assert "gh pr comment" in runs


@needs_git
def test_documented_workflow_works_on_a_sample_repository(repo: Path) -> None:
    """Run the workflow's own shell steps, as written, on a pull request that raises a risk."""
    # the base branch as actions/checkout with fetch-depth 0 leaves it: a remote-tracking ref
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    git(repo, "checkout", "-qb", "raise-occurrence")
    path = repo / "service.blueprint.yaml"
    path.write_text(START.replace("occurrence: 4 ", "occurrence: 7 "), encoding="utf-8")
    git(repo, "commit", "-qam", "more bookings lost")

    steps = {s.get("name", ""): s for s in workflow()["jobs"]["blueprints"]["steps"]}
    bindir = str(BIN.parent) if BIN.exists() else str(Path(shutil.which("blueprint") or "x").parent)
    output = repo / "github_output"
    env = {**os.environ, "PATH": bindir + os.pathsep + os.environ["PATH"], "GITHUB_OUTPUT": str(output)}

    check = subprocess.run(
        ["bash", "-e", "-c", steps["Check"]["run"]], cwd=repo, env=env, capture_output=True
    )
    assert check.returncode == 0, check.stderr
    sarif = json.loads((repo / "results.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"] == []

    diff_step = steps["Risk change against the base branch"]
    base = diff_step["env"]["BASE"].replace("${{ github.base_ref }}", "main")
    done = subprocess.run(
        ["bash", "-e", "-c", diff_step["run"]], cwd=repo, env={**env, "BASE": base}, capture_output=True
    )
    assert done.returncode == 0, done.stderr
    comment = (repo / "risk-diff.md").read_text(encoding="utf-8")
    assert comment.startswith(
        "### Risk change: `origin/main:service.blueprint.yaml` → `service.blueprint.yaml`"
    )
    assert "| 8/4/5 → 8/7/5 | 160 → 280 | M → H ⬆ | – |" in comment
    assert output.read_text(encoding="utf-8") == "status=1\n"  # the last step fails the job

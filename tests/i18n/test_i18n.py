"""Output in the reader's language: catalogues, findings in Chinese, the language of each command."""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
import string
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import blueprint.i18n as i18n
from blueprint.cli.main import cli
from blueprint.findings import Finding, Severity
from blueprint.i18n import Msg, msg, resolve_lang, t
from blueprint.rules import Options, all_rules
from blueprint.rules.checker import check_file
from tests.conftest import ROOT

AREAS = sorted(m.name for m in pkgutil.iter_modules(i18n.__path__))
ZH_EXAMPLE = ROOT / "examples" / "telecom-sim-swap.blueprint.yaml"
EN_EXAMPLE = ROOT / "examples" / "fedex-tracking.blueprint.yaml"
CJK = re.compile(r"[\u4e00-\u9fff]")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("area", AREAS)
def test_each_catalogue_has_the_same_keys_and_placeholders_in_both_languages(area: str) -> None:
    mod = importlib.import_module(f"blueprint.i18n.{area}")
    assert set(mod.EN) == set(mod.ZH_TW), area
    for key, english in mod.EN.items():
        assert placeholders(english) == placeholders(mod.ZH_TW[key]), key
        # counted phrases hold "singular|plural" in both languages or in neither
        assert ("|" in english) == ("|" in mod.ZH_TW[key]) or not english.startswith("{n}"), key


def test_no_key_is_defined_by_two_areas() -> None:
    owner: dict[str, str] = {}
    for area in AREAS:
        for key in importlib.import_module(f"blueprint.i18n.{area}").EN:
            assert key not in owner, f"{key} is in both {owner.get(key)} and {area}"
            owner[key] = area


def test_every_rule_has_a_chinese_summary_for_explain() -> None:
    from blueprint.i18n import rules

    for rule in all_rules():
        assert f"rule.{rule.code}.summary" in rules.ZH_TW, rule.code


def test_language_resolution_order(monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_lang(None) == "en"
    monkeypatch.setenv("LANG", "zh_TW.UTF-8")
    assert resolve_lang(None) == "zh-TW"
    assert resolve_lang(None, "en") == "en"  # the blueprint's language: beats the environment
    assert resolve_lang("en", "zh-TW") == "en"  # --lang beats both
    assert resolve_lang("zh-tw") == "zh-TW"
    monkeypatch.setenv("LC_ALL", "C.UTF-8")  # LC_ALL wins over LANG
    assert resolve_lang(None) == "en"
    monkeypatch.setenv("LC_ALL", "zh_Hant_TW.UTF-8")
    assert resolve_lang(None) == "zh-TW"
    monkeypatch.delenv("LC_ALL")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.setenv("LC_MESSAGES", "zh_TW.UTF-8")
    assert resolve_lang(None) == "zh-TW"


@given(st.text(max_size=60), st.text(max_size=20))
def test_user_text_in_a_message_is_kept_verbatim(title: str, step: str) -> None:
    m = msg("rule.BP003.hint", edge="next", target=title, hint=step)
    for lang in ("en", "zh-TW"):
        text = m.text(lang)
        assert title in text and step in text


def test_nested_messages_and_lists_follow_the_language() -> None:
    m = msg(
        "rule.BP010.loop", chain=(msg("rule.BP010.link", a="a", b="b"), msg("rule.BP010.link", a="b", b="a"))
    )
    assert m.text("en") == "uses loop: a uses b, b uses a"
    assert m.text("zh-TW") == "uses 依賴形成迴圈：a 依賴 b、b 依賴 a"


def test_a_finding_keeps_english_for_machines_and_words_itself_for_people() -> None:
    m = msg("rule.BP006", step="pay")
    f = Finding(
        "a.yaml", 1, 1, "BP006", Severity.WARNING, m.text("en"), "isolated-step", "pay", m.key, m.params
    )
    assert (
        f.message == f.text_in("en") == "step 'pay' is isolated: no next or uses edge reaches it or leaves it"
    )
    assert f.text_in("zh-TW") == "步驟 'pay' 是孤立的：沒有任何 next 或 uses 連線進出"
    assert f.as_dict()["message"] == f.message
    plain = Finding("a.yaml", 1, 1, "BP000", Severity.ERROR, "no such file", "unreadable")
    assert plain.text_in("zh-TW") == "no such file"  # loader errors have no catalogue entry


# Broken files that, together, make every rule say every one of its messages.
ZOO = {
    "schema": """\
blueprint: 1
title: ""
xyzzy: 1
language: klingon
phases:
  - {id: "bad id", title: P}
steps:
  - id: a
    lane: suport
    title: A
    emotion: "1"
    time: {expected: 5 min, tolerance: 3m}
    failures:
      - mode: M
        effect: E
        severity: high
        occurrence: 11
        detection: true
        actions:
          - {title: X, owner: O, due: 2026/01/01, status: done}
  - id: b
    lane: 3
    title: [B]
    next: a
    uses: {a: 1}
    actr: someone
""",
    "top": "blueprint: 1\nsteps: []\n",
    "rules": """\
blueprint: 1
title: T
phases:
  - {id: order, title: Order}
  - {id: deliver, title: Deliver}
steps:
  - {id: c1, lane: customer, phase: order, title: C1, next: [f1, nowhere-at-all-xyz]}
  - {id: f1, lane: frontstage, phase: order, title: F1, next: [c1x]}
  - {id: f1, lane: frontstage, phase: ordr, title: dup}
  - {id: b1, lane: backstage, phase: zzzzzz, title: B1}
  - {id: s1, lane: support, title: S1}
  - {id: b0, lane: backstage, title: B0}
  - {id: pack, lane: backstage, phase: deliver, title: Pack, next: [f1], uses: [c1]}
  - {id: db, lane: support, phase: deliver, title: DB, uses: [f1]}
  - {id: x1, lane: support, phase: deliver, title: X1, uses: [x1]}
  - {id: x2, lane: support, phase: deliver, title: X2, uses: [x3]}
  - {id: x3, lane: support, phase: deliver, title: X3, uses: [x2, x4]}
  - {id: x4, lane: support, phase: deliver, title: X4, uses: [x3, x2]}
  - {id: x5, lane: support, phase: deliver, title: X5, uses: [x6]}
  - {id: x6, lane: support, phase: deliver, title: X6, uses: [x5]}
  - id: c2
    lane: customer
    phase: deliver
    title: C2
    failures:
      - id: c2f
        mode: M
        effect: E
        severity: 9
        occurrence: 8
        detection: 8
        felt_at: [f1, x1]
      # blueprint: ignore[BP007]
      - mode: M2
        effect: E
        severity: 5
        occurrence: 5
        detection: 5
        actions:
          - title: A
            owner: O
            due: 2026-01-01
            status: done
            revised: {severity: 5, occurrence: 5, detection: 4}
      - id: c2f  # blueprint: ignore[BP0077] typo
        mode: M3
        effect: E
        severity: 2
        occurrence: 2
        detection: 2
      # blueprint: ignore[]
      - mode: M4 # blueprint: ignore[nothing-like-this-at-all]
        effect: E
        severity: 2
        occurrence: 2
        detection: 2
""",
    "systems": """\
blueprint: 1
kind: shared
title: S
steps:
  - id: crm
    lane: support
    title: CRM
    failures:
      - {id: crm-down, mode: M, severity: 2, occurrence: 2, detection: 2}
""",
    "systems2": """\
blueprint: 1
kind: shared
title: S2
steps:
  - {id: crm, lane: support, title: CRM again}
""",
    "reuse": """\
blueprint: 1
title: T
include: [systems.blueprint.yaml, systems2.blueprint.yaml]
steps:
  - {id: c1, lane: customer, title: C1, evidence: [sign], next: [crm-down]}
  - id: crm-down
    lane: frontstage
    title: F1
    uses: [crm]
    failures:
      - {from: crm-dwn}
      - {from: nothing-like-it-at-all}
""",
    "flat": """\
blueprint: 1
title: T
steps:
  - {id: c1, lane: customer, title: C1, next: [b1]}
  - {id: b1, lane: backstage, title: B1, phase: p}
""",
    "island": """\
blueprint: 1
title: T
steps:
  - {id: c1, lane: customer, title: C1, evidence: [sign], next: [b1]}
  - {id: b1, lane: backstage, title: B1, next: [f1]}
  - {id: f1, lane: frontstage, title: F1}
  - {id: f2, lane: frontstage, title: F2, next: [f1]}
""",
}


def zoo_findings(tmp_path: Path) -> list[Finding]:
    found = []
    for name, text in ZOO.items():
        path = tmp_path / f"{name}.blueprint.yaml"
        path.write_text(text, encoding="utf-8")
        found += check_file(str(path), Options(max_rpn=50)).findings
    return found


def keys_of(value: object) -> set[str]:
    if isinstance(value, Msg):
        return {value.key} | {k for _, v in value.params for k in keys_of(v)}
    if isinstance(value, tuple):
        return {k for v in value for k in keys_of(v)}
    return set()


def test_every_finding_message_has_a_catalogue_key_and_each_rule_message_is_reached(tmp_path: Path) -> None:
    from blueprint.i18n import rules

    findings = zoo_findings(tmp_path)
    used: set[str] = set()
    for f in findings:
        assert f.msg_key, f
        used |= keys_of(Msg(f.msg_key, f.params))
        # the English message is the catalogue's English, word for word
        assert f.message == Msg(f.msg_key, f.params).text("en")
    finding_keys = {k for k in rules.EN if k.startswith("rule.BP") and not k.endswith(".summary")}
    assert finding_keys <= used, sorted(finding_keys - used)
    assert {f"rule.lane.{lane}" for lane in ("customer", "frontstage", "backstage", "support")} <= used


def plain_values(value: object) -> list[str]:
    """The texts a message quotes from the file (ids, values, keys), not its own words."""
    if isinstance(value, Msg):
        return [text for _, v in value.params for text in plain_values(v)]
    if isinstance(value, tuple):
        return [text for v in value for text in plain_values(v)]
    return [str(value)]


def test_every_finding_reads_in_chinese_with_only_ids_and_keywords_left_in_latin(tmp_path: Path) -> None:
    # words of the format and of the tool that stay as written in Chinese text
    keywords = {"next", "uses", "phases", "justification", "mapping", "null", "true", "false", "felt", "from"}
    keywords |= {"blueprint", "explain", "ignore", "CODE", "YYYY", "ASCII", "RPN"}
    for f in zoo_findings(tmp_path):
        text = f.text_in("zh-TW")
        assert CJK.search(text), text
        for quoted in sorted(plain_values(Msg(f.msg_key, f.params)), key=len, reverse=True):
            text = re.sub(rf"(?<![A-Za-z0-9]){re.escape(quoted)}(?![A-Za-z0-9])", " ", text)
        left = set(re.findall(r"[A-Za-z]{3,}", text)) - keywords
        assert not left, (left, f.text_in("zh-TW"))


def test_check_prints_chinese_findings_and_english_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "broken.blueprint.yaml"
    path.write_text(
        "blueprint: 1\ntitle: 門號無訊號換SIM卡\nsteps:\n"
        "  - {id: call, lane: customer, title: 致電客服, next: [advise]}\n"
        "  - {id: advice, lane: frontstage, title: 客服建議換卡}\n"
        "  - {id: net, lane: suport, title: 基地台}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("LANG", "zh_TW.UTF-8")
    runner = CliRunner()
    text = runner.invoke(cli, ["check", str(path)])
    assert text.exit_code == 1
    assert "BP001 錯誤：steps[2].lane：lane 的值 'suport' 不正確，是否應為 'support'？" in text.output
    assert text.output.endswith("已檢查 1 個檔案：1 個錯誤、0 個警告\n")
    machine = runner.invoke(cli, ["check", "--format", "json", str(path)])
    data = json.loads(machine.output)
    assert data[0]["message"] == "steps[2].lane: unknown lane 'suport', did you mean 'support'?"
    assert data[0]["severity"] == "error"
    english = runner.invoke(cli, ["check", "--lang", "en", str(path)])
    assert "BP001 error: steps[2].lane: unknown lane 'suport'" in english.output


def test_integrity_errors_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "t.blueprint.yaml"
    path.write_text(
        "blueprint: 1\ntitle: T\nlanguage: zh-TW\nsteps:\n  - {id: a, lane: customer, title: A, next: [b]}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert "BP003 錯誤：next 指向不存在的步驟 'b'" in result.output


def has_cjk(text: str) -> bool:
    return bool(CJK.search(text))


@pytest.mark.parametrize(
    "args",
    [
        ["check", str(EN_EXAMPLE)],
        ["fmea", str(EN_EXAMPLE)],
        ["graph", str(EN_EXAMPLE)],
        ["diff", str(EN_EXAMPLE), str(EN_EXAMPLE)],
        ["explain", "BP003"],
        ["explain"],
    ],
    ids=lambda a: " ".join(a[:1]),
)
def test_every_command_for_people_speaks_chinese_when_asked(args: list[str]) -> None:
    runner = CliRunner()
    assert not has_cjk(runner.invoke(cli, [*args, "--lang", "en"]).output)
    chinese = runner.invoke(cli, [*args, "--lang", "zh-TW"])
    assert has_cjk(chinese.output), chinese.output


def test_fmt_and_init_speak_the_environments_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LANG", "zh_TW.UTF-8")
    init = runner.invoke(cli, ["init"])
    assert init.exit_code == 0 and has_cjk(init.output)
    assert "language: zh-TW" in Path("service.blueprint.yaml").read_text(encoding="utf-8")
    fmt = runner.invoke(cli, ["fmt", "--check", "service.blueprint.yaml"])
    assert has_cjk(fmt.output)
    assert not has_cjk(runner.invoke(cli, ["fmt", "--check", "--lang", "en", "."]).output)


def test_the_blueprints_language_decides_without_lang(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert has_cjk(runner.invoke(cli, ["fmea", str(ZH_EXAMPLE)]).output)
    monkeypatch.setenv("LANG", "zh_TW.UTF-8")
    # an English blueprint stays English: its language: beats the environment
    assert not has_cjk(runner.invoke(cli, ["graph", str(EN_EXAMPLE)]).output)


def test_t_falls_back_to_english_for_an_unknown_language() -> None:
    assert t("severity.error", "fr") == "error"
    assert t("severity.error", "zh-TW") == "錯誤"


def test_error_lines_follow_the_readers_language(tmp_path) -> None:
    """Errors raised before any blueprint is read are worded from --lang or LANG."""
    import os
    import subprocess

    from tests.conftest import blueprint_cmd

    (tmp_path / "service.blueprint.yaml").write_text("blueprint: 1\n", encoding="utf-8")
    env = {**os.environ, "LANG": "zh_TW.UTF-8"}
    init = subprocess.run([*blueprint_cmd(), "init"], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert init.returncode == 2
    assert init.stderr == "blueprint: service.blueprint.yaml 已經存在；要覆寫請加上 --force\n"
    english = subprocess.run(
        [*blueprint_cmd(), "render", "nope.blueprint.yaml", "--lang", "en"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
    )
    assert english.stderr == "blueprint: nope.blueprint.yaml: no such file\n"
    check = subprocess.run(
        [*blueprint_cmd(), "check", "nope.blueprint.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
    )
    assert check.stdout.splitlines()[0] == "nope.blueprint.yaml:1:1: BP000 錯誤：找不到這個檔案"


def test_unreadable_files_are_explained_in_chinese_too(tmp_path) -> None:
    """BP000 messages of the tool's own (not the YAML parser's) follow the reader's language."""
    from click.testing import CliRunner

    from blueprint.cli.main import cli

    path = tmp_path / "dup.blueprint.yaml"
    path.write_text("blueprint: 1\ntitle: a\ntitle: b\n", encoding="utf-8")
    zh = CliRunner().invoke(cli, ["check", str(path), "--lang", "zh-TW"]).output.splitlines()[0]
    assert zh.endswith("dup.blueprint.yaml:3:1: BP000 錯誤：重複的鍵 'title'（第一次出現在第 2 行）")
    en = CliRunner().invoke(cli, ["check", str(path), "--format", "json", "--lang", "zh-TW"]).output
    assert "duplicate key 'title' (first at line 2)" in en  # machine formats stay English

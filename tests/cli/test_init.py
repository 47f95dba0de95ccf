"""``blueprint init``: a commented starter that passes ``check``; never overwrites by accident."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from blueprint.cli.commands.init import template_text
from blueprint.cli.main import cli, main
from blueprint.load.loader import load_blueprint


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_starter_passes_check_without_warnings(runner: CliRunner, here: Path, lang: str) -> None:
    result = runner.invoke(cli, ["init", "--lang", lang])
    assert result.exit_code == 0, result.output
    path = here / "service.blueprint.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    check = runner.invoke(cli, ["check", "--lang", "en", str(path)])
    assert (check.exit_code, check.output) == (0, "1 file checked: no problems\n")
    bp = load_blueprint(str(path))
    assert bp.language == lang
    assert len(bp.phases) >= 2
    assert {s.lane for s in bp.steps} == {"customer", "frontstage", "backstage", "support"}
    assert len(bp.failures) == 1 and bp.failures[0].actions
    # the commented mode with causes: is valid once uncommented (the starter shows both forms)
    start = text.index("  # - id: party-split")
    end = text.index("  - id: prepare-tables")
    block = "".join("      " + line[4:] for line in text[start:end].splitlines(keepends=True))
    uncommented = text[:start] + block + text[end:]
    path.write_text(uncommented, encoding="utf-8")
    chained = load_blueprint(str(path)).failures[1]
    assert chained.chained and len(chained.causes) == 2
    assert text.count("#") > 10  # commented for a first-time user


@pytest.mark.parametrize("lang", ["en", "zh-TW"])
def test_starter_is_already_formatted(runner: CliRunner, here: Path, lang: str) -> None:
    runner.invoke(cli, ["init", "--lang", lang])
    assert runner.invoke(cli, ["fmt", "--check", "service.blueprint.yaml"]).exit_code == 0


def test_chinese_starter_uses_the_chinese_terms() -> None:
    text = template_text("zh-TW")
    for term in ("嚴重度", "發生度", "難檢度", "顧客行為", "前台", "後台", "支援流程", "實體證據"):
        assert term in text


def test_path_argument_and_messages(runner: CliRunner, here: Path) -> None:
    result = runner.invoke(cli, ["init", "checkout.blueprint.yaml", "--lang", "en"])
    assert result.exit_code == 0
    assert result.output == (
        "wrote checkout.blueprint.yaml\nnext: edit it, then run 'blueprint check checkout.blueprint.yaml'\n"
    )


def test_language_from_the_environment(runner: CliRunner, here: Path, monkeypatch) -> None:
    monkeypatch.setenv("LANG", "zh_TW.UTF-8")
    result = runner.invoke(cli, ["init"])
    assert result.output.startswith("已寫入 service.blueprint.yaml")
    assert "language: zh-TW" in (here / "service.blueprint.yaml").read_text(encoding="utf-8")


def test_never_overwrites_without_force(capsys: pytest.CaptureFixture[str], here: Path) -> None:
    path = here / "service.blueprint.yaml"
    path.write_text("my work\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        main(["init"])
    assert exc.value.code == 2
    assert capsys.readouterr().err == (
        "blueprint: service.blueprint.yaml already exists; use --force to overwrite it\n"
    )
    assert path.read_text(encoding="utf-8") == "my work\n"
    with pytest.raises(SystemExit) as exc:
        main(["init", "--force", "--lang", "en"])
    assert exc.value.code == 0
    assert path.read_text(encoding="utf-8") == template_text("en")


def test_missing_folder_is_a_clear_error(capsys: pytest.CaptureFixture[str], here: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["init", "nowhere/service.blueprint.yaml"])
    assert exc.value.code == 2
    assert "folder 'nowhere' does not exist" in capsys.readouterr().err

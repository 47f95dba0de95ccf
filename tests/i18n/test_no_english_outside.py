"""No English message is raised outside the catalogues in ``blueprint/i18n/``.

Every ``raise`` in ``blueprint/`` (outside ``i18n/``) is read with ``ast``: an argument of the
raised call (its positional arguments and ``message=``) may not hold literal text, plain or in
an f-string, with a word in it. Messages for people come from ``msg()``/``t()`` (a catalogue key
with its values); what is left over in literals are option and key names (``fail-on``,
``--date``) and placeholders, which are not words of a language.

``ALLOWED`` names the few raises whose text is never shown as a message to a user: errors
that mean a bug in the tool (the command line turns them into "internal error ... This is a
bug"), or errors caught and re-worded before they reach anyone. Each entry says why, and
each must still be needed (an entry nothing matches fails the last test), so the list only
shrinks.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.helpers import entry_code

PACKAGE = ROOT / "blueprint"
EXAMPLE = ROOT / "examples" / "telecom-sim-swap.blueprint.yaml"

#: "path::ExceptionName" -> why its literal text is not a message to translate
ALLOWED: dict[str, str] = {
    "blueprint/analysis/ap.py::ValueError": "a table, rating or AP letter passed by code: user "
    "profiles and blueprints are checked (ProfileError, schema) before they get here",
    "blueprint/analysis/graph.py::AssertionError": "an invariant of the strongly connected components",
    "blueprint/load/source.py::AssertionError": "an event the YAML parser never produces",
    "blueprint/common/registry.py::KeyError": "a format name nobody registered: the command line offers "
    "only registered names (tests/common/test_registries.py)",
    "blueprint/common/io.py::NotRegularFileError": "an OSError every reader catches and re-words from "
    "the catalogue (load.not_regular, profile.not_regular ...)",
    "blueprint/report/svg.py::ValueError": "a renderer that returned no <svg>: a bug",
    "blueprint/docs/mkdocs.py::PluginError": "the program's name before the error's own line "
    "(MkDocs prints it as the plugin's failure)",
}

#: option, key and id names (``--date``, ``fail-on``, ``ws.read.x``, a bare ``exclude``): not
#: words of a language
_NAMES = re.compile(r"--?[A-Za-z][\w-]*|\b[a-z0-9]+(?:[-_.][a-z0-9]+)+\b|^[\w.-]+$")
_WORD = re.compile(r"[A-Za-z]{2,}")


def _literal_text(node: ast.expr) -> Iterator[str]:
    """The literal text in an argument, plain strings and f-string parts, not inside calls
    (``msg("key", ...)``, ``say(...)`` are the catalogue's)."""
    if isinstance(node, ast.Call):
        return
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
        return
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.expr):
            yield from _literal_text(child)


def _raised(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr if func.attr != "worded" else ast.unparse(func.value)
    return ast.unparse(func)


def english_raises() -> dict[str, list[str]]:
    """ "path::ExceptionName" -> the literal texts with words that its raises carry."""
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith("blueprint/i18n/"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            call = node.exc
            args = [*call.args, *(k.value for k in call.keywords if k.arg == "message")]
            for arg in args:
                text = "".join(_literal_text(arg))
                if _WORD.search(_NAMES.sub("", text)):
                    found.setdefault(f"{relative}::{_raised(call)}", []).append(
                        f"line {node.lineno}: {text!r}"
                    )
    return found


def test_the_scan_finds_english_and_passes_catalogue_messages() -> None:
    source = (
        "raise LoadError(f'cannot read: {reason}', path)\n"
        "raise LoadError.worded(msg('load.cannot_read', reason=reason), path)\n"
        "raise click.BadParameter(say('cli.date'), param_hint='--date')\n"
        "raise fail('fail-on', msg('config.fail_on', value=v))\n"
        "raise ConfigError('not a file' if x else 'no such file')\n"
    )
    texts = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            for arg in node.exc.args:
                text = "".join(_literal_text(arg))
                if _WORD.search(_NAMES.sub("", text)):
                    texts.append(text)
    assert texts == ["cannot read: ", "not a fileno such file"]


def test_no_english_message_is_raised_outside_the_catalogues() -> None:
    found = {where: texts for where, texts in english_raises().items() if where not in ALLOWED}
    assert found == {}, "move these messages into blueprint/i18n/ (English and Traditional Chinese)"


def test_every_allowed_entry_is_still_needed() -> None:
    assert sorted(set(ALLOWED) - set(english_raises())) == []


def test_the_allowed_entries_name_files_that_exist() -> None:
    assert [p for p in ALLOWED if not (ROOT / p.split("::")[0]).exists()] == []


# -- the moved messages, read as a user reads them -------------------------------------------


def test_a_bad_profile_reads_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profile = tmp_path / "p.json"
    profile.write_text('{"rows": [{"s": [1, 10], "o": [1, 10], "d": [1, 9], "ap": "H"}]}', encoding="utf-8")
    args = ["fmea", str(EXAMPLE), "--profile", str(profile)]
    assert entry_code(capsys, *args, "--lang", "zh-TW") == (
        2,
        f"blueprint: {profile}: 沒有任何一列涵蓋 S=1 O=1 D=10（另有 99 格）\n",
    )
    assert entry_code(capsys, *args, "--lang", "en") == (
        2,
        f"blueprint: {profile}: no row covers S=1 O=1 D=10 (and 99 more cells)\n",
    )


def test_an_unknown_phase_to_draw_reads_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = entry_code(
        capsys, "render", str(EXAMPLE), "--phase", "nope", "-o", "-", "--format", "dot", "--lang", "zh-TW"
    )
    assert code == 2
    assert out.endswith("中沒有階段 'nope'（階段：report、store、verify、followup）\n"), out


def test_worksheet_problems_read_in_the_language_of_the_headers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "z.csv"
    sheet.write_text("步驟,泳道,嚴重度,發生度,難檢度,失效模式\ns1,前台,11,3,3,m\n", encoding="utf-8")
    code, out = entry_code(capsys, "import", str(sheet), "-o", "-", "--lang", "zh-TW")
    assert code == 2
    assert f"{sheet}: row 2: 嚴重度 '11' 不是 1 到 10 的整數\n" in out
    assert out.endswith(f"blueprint: {sheet}: 工作表中有 1 個問題；未寫入任何檔案\n"), out


def test_a_usage_error_reads_in_the_language_of_lang(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = entry_code(
        capsys, "render", str(EXAMPLE), "--fit", "slide", "--format", "dot", "--lang", "zh-TW"
    )
    assert code == 2
    assert "頁面版面需要 --format svg、png 或 pdf" in out

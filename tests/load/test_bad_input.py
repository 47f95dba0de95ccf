"""The bad-input corpus: every case gets one clear line with file and line, the right exit
code, no traceback, within a second, and nothing executed."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from tests.helpers import blueprint_cmd

GOOD_STEP = "  - {id: a, lane: customer, title: A, next: [b]}\n  - {id: b, lane: frontstage, title: B}\n"


def failure(**ratings: str) -> str:
    r = {"severity": "5", "occurrence": "5", "detection": "5", **ratings}
    return (
        "blueprint: 1\ntitle: T\nsteps:\n"
        "  - id: a\n    lane: customer\n    title: A\n    next: [b]\n"
        "  - id: b\n    lane: frontstage\n    title: B\n    failures:\n"
        "      - mode: M\n"
        f"        severity: {r['severity']}\n"
        f"        occurrence: {r['occurrence']}\n"
        f"        detection: {r['detection']}\n"
    )


def bomb() -> str:
    lines = ["blueprint: 1", "a: &a [x,x,x,x,x,x,x,x,x]"]
    names = "abcdefghi"
    for i in range(1, len(names)):
        lines.append(f"{names[i]}: &{names[i]} [" + ",".join([f"*{names[i - 1]}"] * 9) + "]")
    return "\n".join(lines) + "\ntitle: *i\nsteps: *i\n"


# (case id, file content, exit code, expected line or None, words in the message)
CASES: list[tuple[str, str | bytes, int, int | None, str]] = [
    ("empty", "", 2, 1, "empty file"),
    ("binary", bytes(range(256)) * 4, 2, None, "binary file"),
    ("invalid-utf8", b"blueprint: 1\ntitle: \xff\xfe\n", 2, 2, "not valid UTF-8"),
    ("top-level-list", "- blueprint: 1\n- title: x\n", 2, 1, "top level is a list"),
    ("unclosed-quote", 'blueprint: 1\ntitle: "Hotline\nsteps: []\n', 2, 4, "invalid YAML"),
    ("tab-indent", "blueprint: 1\ntitle: T\nsteps:\n\t- id: a\n", 2, 4, "tab"),
    ("duplicate-key", "blueprint: 1\ntitle: T\ntitle: U\nsteps: []\n", 2, 3, "duplicate key 'title'"),
    ("missing-version", "title: T\nsteps:\n" + GOOD_STEP, 2, 1, "'blueprint: 1' is missing"),
    ("future-version", "blueprint: 2\ntitle: T\nsteps:\n" + GOOD_STEP, 2, 1, "newer than this tool"),
    ("version-text", "blueprint: one\ntitle: T\nsteps:\n" + GOOD_STEP, 2, 1, "unsupported format version"),
    ("rating-word", failure(severity="high"), 1, 13, "severity must be a whole number, not the text 'high'"),
    (
        "rating-float",
        failure(occurrence="7.5"),
        1,
        14,
        "occurrence must be a whole number, not the number 7.5",
    ),
    ("rating-quoted", failure(detection='"5"'), 1, 15, "write it without quotes"),
    ("rating-bool", failure(severity="true"), 1, 13, "not the boolean true"),
    ("rating-range", failure(severity="11"), 1, 13, "severity 11 is out of range (1-10)"),
    ("rating-zero", failure(detection="0"), 1, 15, "detection 0 is out of range (1-10)"),
    (
        "unknown-key",
        "blueprint: 1\ntitle: T\nsteps:\n  - id: a\n    lane: customer\n    titel: A\n",
        1,
        6,
        "unknown key 'titel' in steps[0], did you mean 'title'?",
    ),
    (
        "unknown-lane",
        "blueprint: 1\ntitle: T\nsteps:\n  - {id: a, lane: front-stage, title: A}\n",
        1,
        4,
        "unknown lane 'front-stage', did you mean 'frontstage'?",
    ),
    (
        "dangling-reference",
        "blueprint: 1\ntitle: T\nsteps:\n  - {id: a, lane: customer, title: A, next: [bb]}\n"
        "  - {id: b, lane: frontstage, title: B, next: [a]}\n",
        1,
        4,
        "next names unknown step 'bb', did you mean 'b'?",
    ),
    ("alias-bomb", bomb(), 2, None, "alias"),
    (
        "deep-nesting",
        "blueprint: 1\ntitle: T\nsteps: " + "[" * 200 + "]" * 200 + "\n",
        2,
        3,
        "nesting deeper",
    ),
    (
        "python-tag",
        "blueprint: 1\ntitle: !!python/object/apply:os.system ['touch PWNED']\nsteps: []\n",
        2,
        2,
        "tag !!python/object/apply:os.system is not allowed",
    ),
]


@pytest.mark.parametrize(
    ("content", "code", "line", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_input_gets_one_clear_line(
    tmp_path: Path, content: str | bytes, code: int, line: int | None, words: str
) -> None:
    path = tmp_path / "case.blueprint.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    start = time.perf_counter()
    proc = subprocess.run(
        [*blueprint_cmd(), "check", "case.blueprint.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=20,
    )
    elapsed = time.perf_counter() - start
    output = proc.stdout + proc.stderr
    assert proc.returncode == code, output
    assert "Traceback" not in output
    finding_lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("case.blueprint.yaml:")]
    assert finding_lines, output
    first = finding_lines[0]
    assert words in first, output
    if line is not None:
        assert first.startswith(f"case.blueprint.yaml:{line}:"), first
    assert not (tmp_path / "PWNED").exists()
    assert elapsed < 5  # generous for a cold interpreter; the parse itself is milliseconds


def test_other_commands_refuse_invalid_files_with_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "case.blueprint.yaml"
    path.write_text(failure(severity="high"), encoding="utf-8")
    proc = subprocess.run(
        [*blueprint_cmd(), "schema"], cwd=tmp_path, capture_output=True, text=True, timeout=20
    )
    assert proc.returncode == 0


def test_missing_file_is_exit_2(tmp_path: Path) -> None:
    proc = subprocess.run(
        [*blueprint_cmd(), "check", "nope.blueprint.yaml"], cwd=tmp_path, capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert "nope.blueprint.yaml" in proc.stdout + proc.stderr
    assert "no such file" in proc.stdout + proc.stderr


def test_unknown_command_suggests_the_nearest() -> None:
    proc = subprocess.run([*blueprint_cmd(), "chek", "x"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Did you mean 'check'?" in proc.stderr


def test_unknown_option_is_exit_2() -> None:
    proc = subprocess.run([*blueprint_cmd(), "check", "--formt", "json", "x"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr

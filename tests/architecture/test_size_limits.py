"""The house limits on size: no module in blueprint/ over 400 lines, no function over 60.

How it counts (with ``ast``, so strings and comments cannot fool it):

- a module: every line of the file, blank lines and comments included;
- a function (``def`` or ``async def``, methods and nested functions too, each on its own):
  from its ``def`` line to its last line (``end_lineno - lineno + 1``), its docstring and
  comments included, its decorators not. A nested function counts inside its parent as well.

Data tables (the i18n message catalogues) are exempt from the module limit: they grow by one
line per message and hold no logic, which ``test_data_tables_hold_only_data`` checks.

``OVERSIZED_MODULES`` and ``OVERSIZED_FUNCTIONS`` list the modules and functions over the
limit when it was first enforced. Each is expected to fail its own check
(``xfail(strict=True)``): once one is brought under the limit its check passes, the suite
fails, and its entry must be deleted. A module or function not listed that goes over the limit
fails ``test_no_module_is_over_the_limit`` or ``test_no_other_function_is_over_the_limit``.
The lists only shrink, to empty.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "blueprint"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60

#: modules exempt from the module limit, and why: each holds data only (checked below)
DATA_TABLES: dict[str, str] = {
    f"blueprint/i18n/{name}.py": "message catalogue: one line per user-visible message, en and zh-TW"
    for name in ("ci", "common", "fmea", "graph", "load", "render", "report", "rules", "worksheet")
}

#: modules over the limit when it was first enforced; entries may only be removed, never added
OVERSIZED_MODULES: set[str] = set()

#: functions over the limit when it was first enforced: "path::qualified.name"; entries may
#: only be removed (each is split up, then its entry deleted), never added
OVERSIZED_FUNCTIONS: set[str] = set()


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def module_lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def functions(tree: ast.AST, prefix: str = "") -> Iterator[tuple[str, int]]:
    """(qualified name, length in lines) of every function in ``tree``, nested ones too."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            name = f"{prefix}{node.name}"
            assert node.end_lineno is not None
            yield name, node.end_lineno - node.lineno + 1
            yield from functions(node, f"{name}.")
        elif isinstance(node, ast.ClassDef):
            yield from functions(node, f"{prefix}{node.name}.")
        else:
            yield from functions(node, prefix)


@cache
def function_lengths() -> dict[str, int]:
    """Every function of the package, as "path::qualified.name", and its length."""
    lengths = {}
    for path in modules():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for name, length in functions(tree):
            key = f"{relative(path)}::{name}"  # a name defined twice (if/else) counts its longest
            lengths[key] = max(length, lengths.get(key, 0))
    return lengths


def test_the_counting_matches_a_hand_count() -> None:
    source = (
        "def short():\n"  # 1
        '    """Doc."""\n'  # 2
        "    return 1\n"  # 3
        "\n"
        "class C:\n"
        "    @staticmethod\n"  # a decorator does not count
        "    async def m():\n"  # 7
        "        def inner():\n"  # 8
        "            pass\n"  # 9
        "        # a comment counts\n"  # 10
        "        return inner\n"  # 11
    )
    assert dict(functions(ast.parse(source))) == {"short": 3, "C.m": 5, "C.m.inner": 2}


def test_no_module_is_over_the_limit() -> None:
    over = {
        relative(p): module_lines(p)
        for p in modules()
        if module_lines(p) > MAX_MODULE_LINES and relative(p) not in {*DATA_TABLES, *OVERSIZED_MODULES}
    }
    assert over == {}, f"modules over {MAX_MODULE_LINES} lines: split them"


def test_no_other_function_is_over_the_limit() -> None:
    over = {
        name: length
        for name, length in function_lengths().items()
        if length > MAX_FUNCTION_LINES and name not in OVERSIZED_FUNCTIONS
    }
    assert over == {}, f"functions over {MAX_FUNCTION_LINES} lines: split them"


#: a listed item brought under the limit passes its check, which strict xfail turns into a failure
STILL_OVER = pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="over the limit when first enforced: once split, delete its entry",
)


@STILL_OVER
@pytest.mark.parametrize("name", sorted(OVERSIZED_FUNCTIONS))
def test_a_listed_function_is_within_the_limit(name: str) -> None:
    length = function_lengths().get(name, 0)
    assert length <= MAX_FUNCTION_LINES, f"{name} has {length} lines"


@STILL_OVER
@pytest.mark.parametrize("path", sorted(OVERSIZED_MODULES))
def test_a_listed_module_is_within_the_limit(path: str) -> None:
    lines = module_lines(ROOT / path) if (ROOT / path).exists() else 0
    assert lines <= MAX_MODULE_LINES, f"{path} has {lines} lines"


def test_every_listed_name_exists() -> None:
    """A renamed or deleted entry would otherwise stay listed for ever."""
    lengths = function_lengths()
    assert sorted(OVERSIZED_FUNCTIONS - lengths.keys()) == []
    assert sorted(p for p in {*OVERSIZED_MODULES, *DATA_TABLES} if not (ROOT / p).exists()) == []


@pytest.mark.parametrize("path", sorted(DATA_TABLES))
def test_data_tables_hold_only_data(path: str) -> None:
    """An exempt module is a docstring and assignments of literal data: no function, no logic."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # the docstring
        if isinstance(node, ast.ImportFrom) and node.module == "__future__":
            continue
        assert isinstance(node, ast.Assign | ast.AnnAssign), f"{path}:{node.lineno}: not data"
        assert node.value is not None
        ast.literal_eval(node.value)  # raises on anything but literal data

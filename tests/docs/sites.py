"""Small MkDocs and Sphinx sites for the tests, built by the real tools in a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

#: a blueprint whose every text tries to run a script; the page must stay inert
INJECTION = """\
blueprint: 1
title: "Bad </title><script>window.__pwned = 1</script>"
scenario: "<img src=x onerror=\\"window.__pwned = 2\\">"
phases:
  - {id: p1, title: "</h1><script>window.__pwned = 3</script>"}
steps:
  - id: a
    lane: customer
    phase: p1
    title: "<script>window.__pwned = 4</script>"
    evidence: ["<svg onload=\\"window.__pwned = 5\\">"]
    next: [b]
  - id: b
    lane: frontstage
    phase: p1
    title: "{{ config }} <b onmouseover=\\"window.__pwned = 6\\">x</b>"
    failures:
      - id: f1
        mode: "<iframe srcdoc='<script>parent.__pwned = 7</script>'>"
        effect: "]]> --> <!-- <script>window.__pwned = 8</script>"
        severity: 9
        occurrence: 6
        detection: 7
        justification: "<style>body{display:none}</style>accepted"
"""


def env() -> dict[str, str]:
    out = dict(os.environ)
    out["NO_MKDOCS_2_WARNING"] = "1"  # Material's banner about MkDocs 2 on every build
    out.pop("PYTHONWARNINGS", None)
    return out


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """A tool of this Python (``mkdocs``, ``sphinx``) run as ``python -m``."""
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=cwd, env=env(), capture_output=True, text=True, timeout=300
    )


def copy_examples(folder: Path) -> None:
    shutil.copytree(ROOT / "examples", folder / "examples")


def write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def mkdocs_build(folder: Path, *, strict: bool = True) -> subprocess.CompletedProcess[str]:
    args = ["mkdocs", "build"] + (["--strict"] if strict else [])
    return run(args, folder)


def sphinx_build(
    folder: Path, *, werror: bool = True, fresh: bool = True
) -> subprocess.CompletedProcess[str]:
    args = ["sphinx", "-q", "-b", "html"] + (["-W"] if werror else []) + (["-E"] if fresh else [])
    return run([*args, "docs", "out"], folder)


def mkdocs_yml(theme: str = "material", extra: str = "") -> str:
    """A site config: the plugin with a fixed day; Material without web fonts (nothing is
    fetched) and with a light and a dark palette that follow the system's setting."""
    look = f"theme:\n  name: {theme}\n"
    if theme == "material":
        look += (
            "  font: false\n  palette:\n"
            '    - media: "(prefers-color-scheme: light)"\n      scheme: default\n'
            "      toggle: {icon: material/brightness-7, name: Dark}\n"
            '    - media: "(prefers-color-scheme: dark)"\n      scheme: slate\n'
            "      toggle: {icon: material/brightness-4, name: Light}\n"
        )
    return f"site_name: Test\n{look}plugins:\n  - search\n  - blueprint:\n      today: '2026-10-15'\n" + extra


def sphinx_conf(theme: str = "furo", extra: str = "") -> str:
    return (
        'project = "Test"\n'
        'extensions = ["myst_parser", "blueprint.sphinx"]\n'
        f'html_theme = "{theme}"\n'
        'blueprint_today = "2026-10-15"\n' + extra
    )

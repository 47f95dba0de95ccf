"""Third-party tools some tests run: where they are, and what a missing one means.

The npm tools (ajv, the SARIF Multitool) are installed into ``tools/node/`` by
``.ci/run`` (``npm ci --prefix tools/node``); LibreOffice by ``scripts/system-deps.sh``.
On a developer's machine a missing tool skips its tests; in CI (``CI=true``) it fails them.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "tools" / "node" / "node_modules"
MULTITOOL = NODE_MODULES / "@microsoft" / "sarif-multitool-linux" / "Sarif.Multitool"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(found: object, what: str) -> None:
    """Skip (on a developer's machine) or fail (in CI) when ``found`` is falsy."""
    if found:
        return
    message = f"{what} is not installed (run .ci/run, or see tests/tools.py)"
    if in_ci():
        pytest.fail(message)
    pytest.skip(message)


def node_module(name: str) -> Path:
    """The installed npm package ``name`` under tools/node (skip or fail when absent)."""
    path = NODE_MODULES / name
    require(shutil.which("node") and path.is_dir(), f"node and the npm package {name}")
    return path


def soffice() -> str:
    """The LibreOffice executable (skip or fail when absent)."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    require(found, "LibreOffice (soffice)")
    assert found is not None
    return found

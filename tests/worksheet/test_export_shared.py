"""The worksheet of a journey that includes shared files: its own failures, then the shared
ones that reach it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.conftest import DATA
from tests.helpers import invoke_ok


def test_a_journey_with_shared_failures_exports_them_after_its_own(tmp_path: Path) -> None:
    out = tmp_path / "booking.csv"
    invoke_ok("export", str(DATA / "shared" / "booking.blueprint.yaml"), "-o", str(out), "--lang", "en")
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    col = rows[0].index("Failure ID")
    ids = list(dict.fromkeys(r[col] for r in rows[1:]))
    # the journey's own failure, then the shared steps' in the shared file's order
    assert ids == ["charged-twice-here", "crm-down", "card-declined-std", "double-charge"]

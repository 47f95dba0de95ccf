"""The report of a journey with shared failures marks them in its failure table."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import DATA
from tests.helpers import invoke_ok


def test_the_report_marks_shared_and_reused_failures(tmp_path: Path) -> None:
    out = tmp_path / "booking.md"
    invoke_ok("report", str(DATA / "shared" / "booking.blueprint.yaml"), "-o", str(out))
    rows = [line for line in out.read_text(encoding="utf-8").splitlines() if line.startswith("| F")]
    marked = {row.split(" | ")[0]: row for row in rows}
    assert sum("⇄ shared" in row for row in rows) == 3
    assert "↺ double-charge; here: occurrence" in marked["| F3"]

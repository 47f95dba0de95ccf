"""The risk matrix: failure chains by severity and occurrence, each cell's highest AP."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from blueprint.analysis.core import Analysis
from blueprint.cli.main import cli
from blueprint.load.loader import load_bytes, load_file, require_valid
from tests.helpers import pharmacy_text

EXAMPLES = sorted(Path("examples").glob("*.blueprint.yaml"))

HAND = pharmacy_text()


def test_a_hand_made_file_fills_the_cells_it_should() -> None:
    m = Analysis(require_valid(load_bytes(HAND.encode(), "p.blueprint.yaml"))).matrix
    # five chains: (S10, O4) twice (D7 and D1), (S10, O3), (S10, O1), (S3, O9)
    assert m.total == 5
    assert m.count(10, 4) == 2 and m.ap(10, 4) == "H", "S10 O4 D7 is H, D1 is M: the cell shows the highest"
    assert m.count(10, 3) == 1 and m.ap(10, 3) == "M", "S10 O3 D5 is M in the AIAG-VDA table"
    assert m.count(10, 1) == 1 and m.ap(10, 1) == "L", "S10 O1 D2 is L"
    assert m.count(3, 9) == 1
    assert m.cells[0][3] == 2, "row 0 is severity 10, column 3 is occurrence 4"
    assert m.cells[7][8] == 1, "row 7 is severity 3, column 8 is occurrence 9"
    assert sum(1 for row in m.cells for n in row if n) == 4
    assert m.ap(1, 1) is None and m.count(1, 1) == 0


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_the_counts_match_the_ranking(path: Path) -> None:
    analysis = Analysis(require_valid(load_file(str(path))))
    chains = [c for s in analysis.ranked("ap") for c in s.ranked_chains()]
    counts = Counter((c.ratings.severity, c.ratings.occurrence) for c in chains)
    first_ap: dict[tuple[int, int], str] = {}
    for c in sorted(chains, key=lambda c: "HML".index(c.ap)):
        first_ap.setdefault((c.ratings.severity, c.ratings.occurrence), c.ap)
    m = analysis.matrix
    for s in range(1, 11):
        for o in range(1, 11):
            assert m.count(s, o) == counts.get((s, o), 0)
            assert m.ap(s, o) == first_ap.get((s, o))
    assert m.total == len(chains)


def test_fmea_matrix_in_json_markdown_and_the_terminal(tmp_path: Path) -> None:
    path = tmp_path / "p.blueprint.yaml"
    path.write_text(HAND, encoding="utf-8")
    run = CliRunner().invoke
    out = run(cli, ["fmea", str(path), "--matrix", "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["rows"] == "severity 10..1" and data["columns"] == "occurrence 1..10"
    assert len(data["cells"]) == 10 and all(len(row) == 10 for row in data["cells"])
    assert data["cells"][0][3] == 2 and data["highest_ap"][0][3] == "H"
    assert data["highest_ap"][9][0] is None
    md = run(cli, ["fmea", str(path), "--matrix", "--format", "markdown"]).output
    row10 = next(line for line in md.splitlines() if line.startswith("| **10**"))
    assert [c.strip() for c in row10.strip("|").split("|")][1:5] == ["1 L", "·", "1 M", "2 H"]
    table = run(cli, ["fmea", str(path), "--matrix"]).output
    assert table.splitlines()[0] == "Risk matrix: Pharmacy"
    assert "5 in all" in table
    row3 = next(line for line in table.splitlines() if line.strip().startswith("3 "))
    assert row3.split() == ["3", *["·"] * 8, "1", "L", "·"], "S2-3 is always L"

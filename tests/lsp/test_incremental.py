"""The server's shortcut (re-parse only the edited step) gives exactly what a full analysis gives.

A chain of random edits on generated blueprints: each snapshot is made from the previous
one, and compared with the snapshot of the same text analysed from scratch: findings,
data, every position, and the model.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

import pytest

from blueprint.lsp.state import Snapshot, analyse
from blueprint.rules import Options

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from generate import generate

EDITS = (
    lambda line: line.replace("next: [", "next: [nowhere, "),
    lambda line: line.replace("severity: ", "severity: 1"),
    lambda line: line + "  # a comment",
    lambda line: line.replace("lane: backstage", "lane: backstag"),
    lambda line: line.replace("phase: p", "phase: q"),
    lambda line: line.replace("title: ", 'title: "open quote '),
    lambda line: line.replace("id: s", "id: s1"),
    lambda line: line.replace("title: ", "title: 點餐 😀 "),
    lambda line: line.replace("next: [", "uses: ["),
)
#: edits after which every later one takes the long way (anchors, tabs)
RARE = (
    lambda line: line.replace(":", ": &a", 1),
    lambda line: "\t" + line,
)


def same(a: Snapshot, b: Snapshot) -> None:
    assert a.findings == b.findings
    assert (a.source is None) == (b.source is None)
    if a.source is not None and b.source is not None:
        assert a.source.data == b.source.data
        assert a.source.positions == b.source.positions
        assert a.source.key_positions == b.source.key_positions
    assert a.blueprint == b.blueprint


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(6))
def test_a_chain_of_edits_matches_full_analysis(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    import blueprint.lsp.incremental as incremental

    taken = []
    original = incremental.reparse

    def counted(*args: Any) -> Any:
        result = original(*args)
        taken.append(result is not None)
        return result

    monkeypatch.setattr(incremental, "reparse", counted)
    rng = random.Random(seed)
    lines = generate(60, seed=seed).split("\n")
    previous = analyse("\n".join(lines), "g.blueprint.yaml", Options())
    for _ in range(40):
        row = rng.randrange(8, len(lines) - 1)
        kind = rng.random()
        if kind < 0.02:
            lines[row] = rng.choice(RARE)(lines[row])
        elif kind < 0.6:
            lines[row] = rng.choice(EDITS)(lines[row])
        elif kind < 0.75:
            lines.insert(row, lines[row])
        elif kind < 0.9:
            del lines[row]
        else:
            lines.insert(row, "  - id: added\n    lane: support\n    title: Added")
            lines = "\n".join(lines).split("\n")
        text = "\n".join(lines)
        snap = analyse(text, "g.blueprint.yaml", Options(), previous)
        same(snap, analyse(text, "g.blueprint.yaml", Options()))
        if snap.source is not None:
            previous = snap
        else:  # the editor's user fixes the text again
            lines = previous.text.split("\n")
    assert sum(taken) >= 10, taken  # the shortcut was taken, and agreed each time

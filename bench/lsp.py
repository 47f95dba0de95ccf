"""Latency of ``blueprint lsp`` on a generated blueprint, measured with a real LSP client.

A pygls ``LanguageClient`` starts ``blueprint lsp`` over stdio, opens a generated file
(1,000 steps by default) and times, from the moment the client sends a request or
notification to the moment the answer arrives:

- diagnostics after an edit inside one step (an incremental change: one ``next`` target
  renamed to an unknown id and back), which includes the server's debounce;
- diagnostics after an edit that inserts a line (the positions below it move);
- hover on a failure mode.

Targets (issue: in the editor): diagnostics within 150 ms and hover within 50 ms, median.

    .venv/bin/python bench/lsp.py                 # 1,000 steps, 21 rounds
    .venv/bin/python bench/lsp.py --steps 5000 --rounds 11
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate  # noqa: E402
from lsprotocol import types  # noqa: E402

from tests.lsp.client import Client  # noqa: E402


def position_of(lines: list[str], needle: str, start: int = 0) -> tuple[int, int]:
    for row in range(start, len(lines)):
        col = lines[row].find(needle)
        if col >= 0:
            return row, col
    raise ValueError(needle)


async def measure(steps: int, rounds: int) -> dict[str, list[float]]:
    text = generate(steps)
    lines = text.split("\n")
    middle, _ = position_of(lines, f"  - id: s{steps // 2 + 1}")
    next_row, next_col = position_of(lines, "next: [", middle)
    failure_row, _ = position_of(lines, "occurrence:", middle)
    out: dict[str, list[float]] = {"open": [], "edit": [], "insert": [], "hover": []}
    with tempfile.TemporaryDirectory() as folder:
        uri = (Path(folder) / "bench.blueprint.yaml").as_uri()
        client = Client()
        await client.start(cwd=folder)
        try:
            started = time.perf_counter()
            client.open(uri, text)
            await client.diagnostics_for(uri, timeout=120)
            out["open"].append(time.perf_counter() - started)
            target = lines[next_row][next_col + 6 :].split(",")[0].split("]")[0]
            start = types.Position(next_row, next_col + 6)
            for n in range(rounds):
                word = target + "x" if n % 2 == 0 else target
                old = target if n % 2 == 0 else target + "x"
                where = types.Range(start, types.Position(next_row, next_col + 6 + len(old)))
                started = time.perf_counter()
                client.change(uri, word, where)
                diags = await client.diagnostics_for(uri)
                out["edit"].append(time.perf_counter() - started)
                assert bool(diags) == (n % 2 == 0), diags  # the unknown id is reported, then cleared
            for n in range(rounds):
                row = failure_row + 1
                if n % 2 == 0:
                    where = types.Range(types.Position(row, 0), types.Position(row, 0))
                    change = "        # a note\n"
                else:
                    where = types.Range(types.Position(row, 0), types.Position(row + 1, 0))
                    change = ""
                started = time.perf_counter()
                client.change(uri, change, where)
                await client.diagnostics_for(uri)
                out["insert"].append(time.perf_counter() - started)
            for _ in range(rounds):
                params = types.HoverParams(
                    text_document=types.TextDocumentIdentifier(uri), position=types.Position(failure_row, 10)
                )
                started = time.perf_counter()
                hover = await client.lsp.text_document_hover_async(params)
                out["hover"].append(time.perf_counter() - started)
                assert hover is not None and "RPN" in str(hover.contents)
        finally:
            await client.stop()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=21)
    args = parser.parse_args()
    results = asyncio.run(measure(args.steps, args.rounds))
    size = len(generate(args.steps).encode("utf-8")) / 1e6
    print(f"blueprint lsp, {args.steps} steps ({size:.2f} MB), {args.rounds} rounds; milliseconds")
    print("| measure | median | min | max | target |")
    print("|---|---|---|---|---|")
    targets = {"edit": "150", "insert": "150", "hover": "50", "open": "-"}
    names = {
        "open": "diagnostics after opening",
        "edit": "diagnostics after an edit in one step",
        "insert": "diagnostics after inserting a line",
        "hover": "hover on a failure mode",
    }
    for key, values in results.items():
        ms = [v * 1000 for v in values]
        median, low, high = statistics.median(ms), min(ms), max(ms)
        print(f"| {names[key]} | {median:.0f} | {low:.0f} | {high:.0f} | {targets[key]} |")


if __name__ == "__main__":
    main()

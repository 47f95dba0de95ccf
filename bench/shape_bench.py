"""The scale shapes of ``bench/run.py --shapes``: long chains, deep ``uses``, big worksheets.

Each command runs on a shape at ``n`` and at ``2n``; the target is near-linear growth:
doubling the input may at most multiply the time and the peak memory by :data:`GROWTH`
(linear work gives 2, quadratic 4). For the deep ``uses`` chain, ``graph`` and ``report``
are also held to ``fmea`` on the same file: at most :data:`OVER_FMEA` times its memory.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from shapes import next_chain, uses_chain, worksheet_csv

GROWTH = 2.6
OVER_FMEA = 2.0

#: (shape, generator, suffix, n, commands); each command is argv after the file, "{out}" a target
SHAPES: list[tuple[str, Callable[[int], str], str, int, list[tuple[str, list[str]]]]] = [
    (
        "next chain",
        next_chain,
        ".blueprint.yaml",
        2000,
        [
            ("render --format dot", ["render", "{in}", "--format", "dot", "-o", "{out}.dot"]),
            ("render --format mermaid", ["render", "{in}", "--format", "mermaid", "-o", "{out}.mmd"]),
            ("report --format markdown", ["report", "{in}", "--format", "markdown", "-o", "{out}.md"]),
            ("fmt --check", ["fmt", "--check", "{in}"]),
        ],
    ),
    (
        "uses chain",
        uses_chain,
        ".blueprint.yaml",
        8000,
        [
            ("fmea --format json", ["fmea", "{in}", "--format", "json"]),
            ("graph", ["graph", "{in}"]),
            ("report --format markdown", ["report", "{in}", "--format", "markdown", "-o", "{out}.md"]),
        ],
    ),
    (
        "worksheet rows",
        worksheet_csv,
        ".csv",
        50_000,
        [("import", ["import", "{in}", "-o", "{out}.yaml", "--force"])],
    ),
]


def run_shapes(
    blueprint: str,
    measure: Callable[[list[str], int], tuple[float, float]],
    fmt_s: Callable[[float], str],
    table: Callable[[list[list[str]], list[str]], str],
    scale: float,
    repeat: int,
) -> None:
    """Print one table: each shape and command at n and 2n, the growth and the verdict."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, make, suffix, base, commands in SHAPES:
            n = max(10, int(base * scale))
            files = {}
            for size in (n, 2 * n):
                path = Path(tmp) / f"{name.replace(' ', '-')}-{size}{suffix}"
                path.write_text(make(size), encoding="utf-8")
                files[size] = str(path)
            fmea_mem: dict[int, float] = {}
            for label, argv in commands:
                got = {}
                for size in (n, 2 * n):
                    args = [a.replace("{in}", files[size]).replace("{out}", f"{tmp}/out") for a in argv]
                    got[size] = measure([blueprint, *args], repeat)
                (t1, m1), (t2, m2) = got[n], got[2 * n]
                if label.startswith("fmea"):
                    fmea_mem = {n: m1, 2 * n: m2}
                ok = t2 / t1 <= GROWTH and m2 / m1 <= GROWTH
                note = ""
                if fmea_mem and not label.startswith("fmea"):
                    over = m2 / fmea_mem[2 * n]
                    ok = ok and over <= OVER_FMEA
                    note = f", {over:.1f}x fmea's memory"
                rows.append(
                    [
                        f"{name} {n:,} / {2 * n:,}",
                        label,
                        f"{fmt_s(t1)} / {fmt_s(t2)}",
                        f"{t2 / t1:.2f}",
                        f"{m1:.0f} / {m2:.0f} MB",
                        f"{m2 / m1:.2f}{note}",
                        "met" if ok else "MISSED",
                    ]
                )
    print(f"\n## Scale shapes (target: doubling the input multiplies time and memory by <= {GROWTH})\n")
    print(table(rows, ["shape", "command", "time", "time x", "peak memory", "memory x", "target"]))

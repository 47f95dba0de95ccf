"""Time ``blueprint render`` on generated blueprints of 50 and 500 steps.

For each size, median of several fresh processes, run in turns so that a busy machine
slows every command alike: our whole render to SVG, the DOT text alone (start-up, load,
layout, DOT; no Graphviz), and ``dot -Tsvg`` alone on the DOT text we produced. Our own
work is the total less ``dot`` alone; the ratio "our work / dot" is what issue 9 caps at
30% at 500 steps. Run::

    .venv/bin/python bench/render_scale.py [--runs N] [--two-pass] [--file PATH] [SIZES...]

``--file`` times a blueprint of your own instead of (or besides) the generated ones.

``--two-pass`` also times SVG drawn the way PNG and PDF are (``dot -Tdot``, then
``neato -n2``), with ``BLUEPRINT_RENDER_TWO_PASS=1``. The figures go into
docs/render.md. This is a script, not a test: no timing is asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LANES = ("customer", "frontstage", "backstage", "support")


def generate(steps: int, per_phase: int = 25) -> str:
    """A valid blueprint of ``steps`` steps: phases of ``per_phase``, flows, dependencies, failures."""
    phases = max(1, steps // per_phase)
    out = ["blueprint: 1", f"title: Generated blueprint of {steps} steps", "language: en", "phases:"]
    out += [f"  - {{id: p{p}, title: Phase {p}}}" for p in range(phases)]
    out.append("steps:")
    for i in range(steps):
        lane = LANES[i % 4]
        phase = min(i * phases // steps, phases - 1)
        out += [f"  - id: s{i}", f"    lane: {lane}", f"    phase: p{phase}"]
        out.append(f"    title: Step {i} of the generated service, {lane} work")
        if i + 1 < steps and lane != "support":
            nxt = [f"s{i + 1}"] + ([f"s{i + 4}"] if i + 4 < steps and i % 3 == 0 else [])
            out.append(f"    next: [{', '.join(nxt)}]")
        if lane in ("frontstage", "backstage") and i + 2 < steps:
            out.append(f"    uses: [s{i + 2 if LANES[(i + 2) % 4] == 'support' else i + 1}]")
        if lane == "customer":
            out.append(f"    emotion: {(i // 4) % 5 - 2}")
            out.append(f"    evidence: [Evidence {i}]")
        if i % 5 == 0:
            out += [
                "    failures:",
                f"      - mode: Failure of step {i}",
                f"        severity: {1 + i % 10}",
                f"        occurrence: {1 + (i // 3) % 10}",
                f"        detection: {1 + (i // 7) % 10}",
            ]
    return "\n".join(out) + "\n"


def _medians(commands: dict[str, tuple[list[str], dict[str, str]]], runs: int) -> dict[str, float]:
    """Median wall time of each command over ``runs`` rounds, the commands taking turns."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (argv, env) in commands.items():
            start = time.perf_counter()
            subprocess.run(argv, check=True, capture_output=True, env=env)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Time blueprint render against dot alone.")
    parser.add_argument("sizes", nargs="*", type=int)
    parser.add_argument("--runs", type=int, default=9, help="fresh processes per command (median)")
    parser.add_argument("--file", action="append", default=[], help="a blueprint to time as well")
    parser.add_argument("--two-pass", action="store_true", help="also time SVG drawn in two Graphviz runs")
    args = parser.parse_args(argv)
    blueprint = str(Path(sys.executable).parent / "blueprint")
    env = {k: v for k, v in os.environ.items() if k != "BLUEPRINT_RENDER_TWO_PASS"}
    two_pass_env = {**env, "BLUEPRINT_RENDER_TWO_PASS": "1"}
    sizes = args.sizes or ([] if args.file else [50, 500])
    head = "| blueprint | render to SVG | DOT text only | `dot -Tsvg` alone | our work | our work / dot |"
    if args.two_pass:
        head += " two-pass SVG | its our work / dot |"
    print(head)
    print("|" + "------:|" * (head.count("|") - 1))
    with tempfile.TemporaryDirectory() as tmp:
        sources: list[tuple[str, Path]] = [(Path(f).name, Path(f)) for f in args.file]
        for n in sizes:
            src = Path(tmp) / f"gen{n}.blueprint.yaml"
            src.write_text(generate(n), encoding="utf-8")
            sources.append((f"{n} steps", src))
        for name, src in sources:
            dot_file = Path(tmp) / "ours.dot"
            subprocess.run(
                [blueprint, "render", str(src), "-o", str(dot_file)], check=True, capture_output=True, env=env
            )
            svg_out = str(Path(tmp) / "out.svg")
            commands = {
                "total": ([blueprint, "render", str(src), "-o", svg_out], env),
                "dot_text": ([blueprint, "render", str(src), "-o", str(Path(tmp) / "again.dot")], env),
                "graphviz": (["dot", "-Tsvg", "-o", os.devnull, str(dot_file)], env),
            }
            if args.two_pass:
                commands["two_pass"] = ([blueprint, "render", str(src), "-o", svg_out], two_pass_env)
            m = _medians(commands, args.runs)
            own = m["total"] - m["graphviz"]
            row = (
                f"| {name} | {m['total']:.2f} s | {m['dot_text']:.2f} s | {m['graphviz']:.2f} s "
                f"| {own:.2f} s | {own / m['graphviz']:.0%} |"
            )
            if args.two_pass:
                row += f" {m['two_pass']:.2f} s | {(m['two_pass'] - m['graphviz']) / m['graphviz']:.0%} |"
            print(row, flush=True)


if __name__ == "__main__":
    main()

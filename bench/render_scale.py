"""Time ``blueprint render`` on generated blueprints of 50 and 500 steps.

For each size: our whole render to SVG (load, layout, DOT, ``dot``, bands), the DOT
text alone (no Graphviz), and ``dot -Tsvg`` alone on the DOT text we produced. Run::

    .venv/bin/python bench/render_scale.py [SIZES...]

The figures go into docs/render.md. This is a script, not a test: no timing is asserted.
"""

from __future__ import annotations

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


def _best(command: list[str], runs: int) -> float:
    """The median wall time of ``runs`` runs of ``command`` (the best of fewer than 3)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return min(times) if runs < 3 else statistics.median(times)


def main(sizes: list[int]) -> None:
    root = Path(__file__).resolve().parent.parent
    blueprint = str(Path(sys.executable).parent / "blueprint")
    print("| steps | render to SVG (total) | DOT text only | `dot -Tsvg` alone on our DOT |")
    print("|------:|------:|------:|------:|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            src = Path(tmp) / f"gen{n}.blueprint.yaml"
            src.write_text(generate(n), encoding="utf-8")
            dot_file = Path(tmp) / f"gen{n}.dot"
            subprocess.run([blueprint, "render", str(src), "-o", str(dot_file)], check=True, cwd=root)
            runs = 5 if n <= 100 else 3
            svg_out, dot_svg = str(Path(tmp) / "out.svg"), str(Path(tmp) / "dot.svg")
            total = _best([blueprint, "render", str(src), "-o", svg_out], runs)
            dot_only = _best([blueprint, "render", str(src), "-o", str(dot_file)], runs)
            graphviz = _best(["dot", "-Tsvg", "-o", dot_svg, str(dot_file)], runs)
            print(f"| {n} | {total:.2f} s | {dot_only:.2f} s | {graphviz:.2f} s |")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [50, 500])

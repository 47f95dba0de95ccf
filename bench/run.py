"""The benchmark: what `blueprint` costs at 50, 500, 5,000 and 20,000 steps.

Every figure is the median of several fresh processes, and every target is a ratio
against a baseline measured in the same run, because the machines this runs on are
shared and noisy. Run it from the repository root:

    .venv/bin/python bench/run.py                 # all sizes (several minutes)
    .venv/bin/python bench/run.py --sizes 50,500  # a quick smoke run
    .venv/bin/python bench/run.py --shapes        # only the scale shapes (bench/shape_bench.py)
    .venv/bin/python bench/run.py --portfolio 1000  # only the portfolio (bench/portfolio_bench.py)

Baselines: ``python -c pass`` (start-up), PyYAML's ``CSafeLoader`` loading the file
(parsing floor), ``check-jsonschema`` validating it against our schema (what a team would
otherwise run in CI; skipped when not installed: ``pip install -e '.[bench]'``), and
Graphviz ``dot`` alone on the DOT that ``render`` produced.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

BIN = Path(sys.executable).parent
PY = sys.executable

# the same wrapper measures wall time and the peak resident memory of one child process
_RUN = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
    "wall = time.perf_counter() - t\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "print(p.returncode, wall, peak)\n"
    "sys.stderr.write(p.stderr.decode('utf-8', 'replace')[-500:])\n"
)


def measure(argv: list[str], repeat: int) -> tuple[float, float]:
    """Median wall seconds and the largest peak memory (MB) of ``repeat`` fresh runs."""
    walls, peaks = [], []
    for _ in range(repeat):
        proc = subprocess.run([PY, "-c", _RUN, *argv], capture_output=True, text=True, check=True)
        code, wall, peak = proc.stdout.split()
        if int(code) not in (0, 1):
            raise SystemExit(f"{' '.join(argv)} failed ({code}): {proc.stderr}")
        walls.append(float(wall))
        peaks.append(int(peak) / 1024)
    return statistics.median(walls), max(peaks)


def fmt_s(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |"]
    lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    lines += ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="50,500,5000,20000", help="step counts, comma-separated")
    parser.add_argument("--repeat", type=int, default=5, help="fresh processes per figure (median)")
    parser.add_argument(
        "--shapes", action="store_true", help="only the scale shapes: long chains, deep uses, big worksheets"
    )
    parser.add_argument(
        "--shape-scale", type=float, default=1.0, help="multiply the shapes' sizes (0.25: a quick run)"
    )
    parser.add_argument(
        "--portfolio",
        type=int,
        default=0,
        metavar="N",
        help="only the portfolio: N journeys of 50 steps including one shared file (1000 for the target)",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    blueprint = str(BIN / "blueprint")
    if args.shapes:
        from shape_bench import run_shapes

        run_shapes(blueprint, measure, fmt_s, table, args.shape_scale, max(1, args.repeat // 2))
        return
    if args.portfolio:
        from portfolio_bench import run_portfolio

        with tempfile.TemporaryDirectory() as tmp:
            run_portfolio(
                blueprint, PY, fmt_s, table, Path(tmp), args.portfolio, 50, max(1, args.repeat // 2)
            )
        return
    cjs = shutil.which("check-jsonschema", path=str(BIN)) or shutil.which("check-jsonschema")
    schema = str(ROOT / "schemas" / "blueprint.schema.json")
    load = "import sys, yaml; yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader)"

    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for n in sizes:
            path = Path(tmp) / f"s{n}.blueprint.yaml"
            path.write_text(generate(n), encoding="utf-8")
            files[n] = path

        start_pass, _ = measure([PY, "-c", "pass"], args.repeat * 2)
        start_version, _ = measure([blueprint, "--version"], args.repeat * 2)
        over = f"+{(start_version - start_pass) * 1000:.0f} ms"
        print("## Start-up\n")
        print(
            table(
                [
                    ["python -c pass", fmt_s(start_pass), ""],
                    ["blueprint --version", fmt_s(start_version), over],
                ],
                ["command", "median", "over python"],
            )
        )

        rows = []
        for n in sizes:
            f = str(files[n])
            size_mb = files[n].stat().st_size / 1e6
            reps = args.repeat if n <= 5000 else max(3, args.repeat // 2)
            base, base_mem = measure([PY, "-c", load, f], reps)
            check, check_mem = measure([blueprint, "check", f], reps)
            fmea, fmea_mem = measure([blueprint, "fmea", f, "--format", "json"], reps)
            cj = measure([cjs, "--schemafile", schema, f], max(1, reps // 2))[0] if cjs else None
            rows.append(
                [
                    f"{n:,} ({size_mb:.1f} MB)",
                    fmt_s(base),
                    fmt_s(check),
                    f"{check / base:.2f}",
                    fmt_s(cj) if cj else "n/a",
                    f"{cj / check:.1f}x" if cj else "n/a",
                    fmt_s(fmea),
                    f"{fmea / base:.2f}",
                    f"{check_mem:.0f} / {fmea_mem:.0f} MB (load {base_mem:.0f})",
                ]
            )
        print("\n## check and fmea\n")
        print(
            table(
                rows,
                [
                    "steps (file)",
                    "PyYAML CSafeLoader load",
                    "check",
                    "check / load",
                    "check-jsonschema",
                    "check speed-up",
                    "fmea --format json",
                    "fmea / load",
                    "peak memory check / fmea",
                ],
            )
        )

        render_n = 500 if 500 in files else sizes[0]
        if shutil.which("dot"):
            f = str(files[render_n])
            dot_file = Path(tmp) / "r.dot"
            subprocess.run([blueprint, "render", f, "-o", str(dot_file)], check=True)
            render, _ = measure([blueprint, "render", f, "-o", str(Path(tmp) / "r.svg")], args.repeat)
            dot_alone, _ = measure(["dot", "-Tsvg", "-o", os.devnull, str(dot_file)], args.repeat)
            own = render - dot_alone
            print(f"\n## render ({render_n} steps, SVG)\n")
            print(
                table(
                    [[fmt_s(render), fmt_s(dot_alone), fmt_s(own), f"{own / dot_alone:.0%}"]],
                    ["blueprint render", "dot alone on our DOT", "our own work", "our work / dot"],
                )
            )
            print(
                "\nFor SVG, render runs `dot -Tdot -Tsvg` once (one layout, printed twice) and "
                "writes the lane bands into the SVG; `dot -Tsvg` alone is the same layout "
                "printed once."
            )
        else:
            print("\nrender: skipped (no Graphviz dot on PATH)")


if __name__ == "__main__":
    t0 = time.perf_counter()
    main()
    print(f"\n(bench took {time.perf_counter() - t0:.0f} s)")

"""The portfolio benchmark: many journeys that include one shared file (``bench/run.py --portfolio``).

Writes ``journeys`` journeys of ``steps`` steps (two failure modes each, as ``generate.py``
writes them) that include one shared file of support systems and rely on its steps, then
times ``blueprint portfolio --format json`` on the folder against PyYAML's ``CSafeLoader``
loading every file of it in one process (the parsing floor), in the same run.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

LANES = ("customer", "frontstage", "backstage", "support")
SHARED = "shared-systems.blueprint.yaml"
#: support systems in the shared file
SYSTEMS = 20


def _failures(rng: random.Random, where: str) -> list[str]:
    out = ["    failures:"]
    for k in range(2):
        out += [
            f"      - mode: Failure mode {k} of {where}",
            f"        effect: The customer waits longer than promised at {where}",
            "        cause: Staff not trained on the new procedure",
            f"        severity: {rng.randint(1, 10)}",
            f"        occurrence: {rng.randint(1, 10)}",
            f"        detection: {rng.randint(1, 10)}",
            "        actions:",
            f"          - {{title: Fix {where}, owner: Ops, due: 2027-01-15, status: open}}",
        ]
    return out


def shared_file(seed: int = 11) -> str:
    """The shared file: ``SYSTEMS`` support steps with two failure modes each."""
    rng = random.Random(seed)
    out = ["blueprint: 1", "kind: shared", "title: Shared systems", "steps:"]
    for k in range(SYSTEMS):
        out += [f"  - id: sys{k}", "    lane: support", f"    title: Shared system {k}"]
        out += _failures(rng, f"shared system {k}")
    return "\n".join(out) + "\n"


def journey(n: int, steps: int) -> str:
    """Journey ``n``: ``steps`` steps in four lanes; its frontstage and backstage steps use shared systems."""
    rng = random.Random(n)
    phases = max(1, steps // 10)
    per_phase = max(1, steps // phases)
    out = ["blueprint: 1", f"title: Journey {n}", "language: en", f"include: [{SHARED}]", "phases:"]
    out += [f"  - {{id: p{p}, title: Phase {p}}}" for p in range(phases)]
    out.append("steps:")
    for i in range(steps):
        lane = LANES[i % 4]
        out += [f"  - id: s{i}", f"    lane: {lane}", f"    phase: p{min(i // per_phase, phases - 1)}"]
        out.append(f"    title: Step {i} in the {lane} lane")
        if lane == "customer":
            out.append(f"    evidence: [Receipt {i}]")
        nxt = [f"s{j}" for j in ([i + 1, i + 4] if lane == "customer" else [i + 1]) if j < steps]
        if nxt:
            out.append(f"    next: [{', '.join(nxt)}]")
        if lane in ("frontstage", "backstage"):
            uses = [f"s{i + 1}"] if i + 1 < steps and (i + 1) % 4 > LANES.index(lane) else []
            uses.append(f"sys{(n + i) % SYSTEMS}")
            out.append(f"    uses: [{', '.join(uses)}]")
        out.append("    time: {expected: 5m, tolerance: 4m}")
        out += _failures(rng, f"step {i}")
    out += ["economics: {customers: 10000, revenue_per_customer: 200, currency: EUR}"]
    return "\n".join(out) + "\n"


def write_portfolio(folder: Path, journeys: int, steps: int) -> float:
    """Write the shared file and the journeys into ``folder``; the megabytes written."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / SHARED).write_text(shared_file(), encoding="utf-8")
    for n in range(journeys):
        (folder / f"j{n:04}.blueprint.yaml").write_text(journey(n, steps), encoding="utf-8")
    return sum(p.stat().st_size for p in folder.iterdir()) / 1e6


LOAD_ALL = (
    "import sys, pathlib, yaml\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).glob('*.blueprint.yaml')):\n"
    "    yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader)\n"
)


#: wall time, the CPU time of the process and its workers, and peak memory of one child process
_RUN = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
    "wall = time.perf_counter() - t\n"
    "use = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(p.returncode, wall, use.ru_utime + use.ru_stime, use.ru_maxrss)\n"
)


def measure_cpu(py: str, argv: list[str], repeat: int) -> tuple[float, float, float]:
    """Median wall seconds, median CPU seconds (every process of the run) and peak MB of ``repeat`` runs."""
    import statistics
    import subprocess

    walls, cpus, peaks = [], [], []
    for _ in range(repeat):
        done = subprocess.run([py, "-c", _RUN, *argv], capture_output=True, text=True, check=True)
        code, wall, cpu, peak = done.stdout.split()
        if int(code) not in (0, 1):
            raise SystemExit(f"{' '.join(argv)} failed ({code})")
        walls.append(float(wall))
        cpus.append(float(cpu))
        peaks.append(int(peak) / 1024)
    return statistics.median(walls), statistics.median(cpus), max(peaks)


def run_portfolio(
    blueprint: str,
    py: str,
    fmt_s: Callable[[float], str],
    table: Callable[[list[list[str]], list[str]], str],
    folder: Path,
    journeys: int,
    steps: int,
    repeat: int,
) -> None:
    """Print the figures: the parse baseline, then ``portfolio --format json`` with 1 and 2 jobs.

    Wall time is what the target is about; CPU time (of every process of a run) is also
    given because it barely moves when other work shares the machine.
    """
    size = write_portfolio(folder, journeys, steps)
    base, base_cpu, base_mem = measure_cpu(py, [py, "-c", LOAD_ALL, str(folder)], repeat)
    rows = [
        ["PyYAML CSafeLoader, every file", fmt_s(base), "1.00", fmt_s(base_cpu), "1.00", f"{base_mem:.0f} MB"]
    ]
    for jobs in (1, 2):
        argv = [blueprint, "portfolio", str(folder), "--format", "json", "--jobs", str(jobs)]
        wall, cpu, mem = measure_cpu(py, argv, repeat)
        name = f"portfolio --format json --jobs {jobs}"
        rows.append(
            [name, fmt_s(wall), f"{wall / base:.2f}", fmt_s(cpu), f"{cpu / base_cpu:.2f}", f"{mem:.0f} MB"]
        )
    print(f"\n## portfolio: {journeys:,} journeys of {steps} steps and one shared file ({size:.1f} MB)\n")
    print(table(rows, ["command", "wall (median)", "/ load", "CPU (median)", "/ load", "peak memory"]))

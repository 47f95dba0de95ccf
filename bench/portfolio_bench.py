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


def run_portfolio(
    blueprint: str,
    py: str,
    measure: Callable[[list[str], int], tuple[float, float]],
    fmt_s: Callable[[float], str],
    table: Callable[[list[list[str]], list[str]], str],
    folder: Path,
    journeys: int,
    steps: int,
    repeat: int,
) -> None:
    """Print the portfolio figures: the parse baseline, then ``portfolio --format json`` with 1 and 2 jobs."""
    size = write_portfolio(folder, journeys, steps)
    base, base_mem = measure([py, "-c", LOAD_ALL, str(folder)], repeat)
    rows = [["PyYAML CSafeLoader, every file", fmt_s(base), "1.00", f"{base_mem:.0f} MB"]]
    for jobs in (1, 2):
        argv = [blueprint, "portfolio", str(folder), "--format", "json", "--jobs", str(jobs)]
        wall, mem = measure(argv, repeat)
        rows.append(
            [f"portfolio --format json --jobs {jobs}", fmt_s(wall), f"{wall / base:.2f}", f"{mem:.0f} MB"]
        )
    print(f"\n## portfolio: {journeys:,} journeys of {steps} steps and one shared file ({size:.1f} MB)\n")
    print(table(rows, ["command", "median", "/ load", "peak memory"]))

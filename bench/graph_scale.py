"""Failure propagation on a large generated blueprint: how long does ``surfaces_at`` take?

Generates a seeded, realistic blueprint (journey segments of customer, frontstage and
backstage steps; shared support systems used by many steps, some of them hubs; retry
loops and rework back to an earlier customer step; two failure modes per step), then
times the graph build and the propagation. Not a test: run it by hand::

    .venv/bin/python bench/graph_scale.py                # 20,000 steps
    .venv/bin/python bench/graph_scale.py --steps 5000 --write big.blueprint.yaml
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from blueprint.analysis.graph import build_graph, surfaces_at
from blueprint.analysis.touchpoints import critical_touchpoints, journey_times
from blueprint.model import Blueprint, Failure, Phase, Ratings, Step, Time


def generate(n: int, seed: int = 7) -> dict[str, Any]:
    """Blueprint data (the YAML shape) with about ``n`` steps."""
    rng = random.Random(seed)
    n_support = max(4, n // 40)
    support = [f"sys-{i}" for i in range(n_support)]
    # a few hubs (CRM, identity, payments) are used far more than the rest
    weights = [50.0 if i < 5 else 1.0 / (1 + i % 17) for i in range(n_support)]
    steps: list[dict[str, Any]] = []
    phase_size = 100
    customers: list[str] = []
    backstage: list[str] = []

    def add(step: dict[str, Any]) -> dict[str, Any]:
        step["phase"] = f"p{len(steps) // phase_size}"
        steps.append(step)
        return step

    k = 0
    while len(steps) < n - n_support:
        c = add({"id": f"c{k}", "lane": "customer", "title": f"Customer action {k}", "evidence": ["page"]})
        customers.append(c["id"])
        f = add({"id": f"f{k}", "lane": "frontstage", "title": f"Frontstage {k}", "evidence": []})
        b = add({"id": f"b{k}", "lane": "backstage", "title": f"Backstage {k}", "evidence": []})
        c["next"] = [f["id"]]
        f["next"] = [b["id"]]
        if rng.random() < 0.3:  # a notification: frontstage after the backstage work
            g = add({"id": f"g{k}", "lane": "frontstage", "title": f"Notification {k}", "evidence": []})
            b["next"] = [g["id"]]
            g["next"] = [f"c{k + 1}"]
        else:
            b["next"] = [f"c{k + 1}"]
        if rng.random() < 0.05:  # retry loop on the frontstage step
            f["next"].append(f["id"])
        if rng.random() < 0.03 and len(customers) > 3:  # rework: back to an earlier customer step
            b["next"].append(rng.choice(customers[-4:-1]))
        for s in (f, b):
            s["uses"] = sorted(set(rng.choices(support, weights, k=rng.randint(1, 3))))
        if backstage and rng.random() < 0.2:
            b["uses"].append(rng.choice(backstage[-50:]))
        backstage.append(b["id"])
        k += 1
    last = steps[-1]
    last["next"] = [x for x in last.get("next", []) if x != f"c{k}"]
    for s in steps:
        if "next" in s:
            s["next"] = [x for x in s["next"] if x != f"c{k}"]
    for i, sid in enumerate(support):
        s = add({"id": sid, "lane": "support", "title": f"System {i}", "evidence": []})
        if i > 0 and rng.random() < 0.3:
            s["uses"] = [support[rng.randrange(i)]]
    for s in steps:
        s["failures"] = [
            {"mode": f"{s['id']} fails {j}", "severity": rng.randint(1, 10), "occurrence": rng.randint(1, 10),
             "detection": rng.randint(1, 10)}
            for j in range(2)
        ]  # fmt: skip
        if rng.random() < 0.2:
            s["time"] = {"expected": f"{rng.randint(1, 30)}m", "tolerance": f"{rng.randint(1, 30)}m"}
    phases = sorted({s["phase"] for s in steps}, key=lambda p: int(p[1:]))
    return {
        "blueprint": 1,
        "title": f"Generated, {len(steps)} steps",
        "phases": [{"id": p, "title": p} for p in phases],
        "steps": steps,
    }


def model(data: dict[str, Any]) -> Blueprint:
    """The model straight from the data (the loader's parse time is not what is measured)."""
    steps = []
    for i, s in enumerate(data["steps"]):
        failures = tuple(
            Failure(
                id=f"{s['id']}.{j + 1}", step=s["id"], index=j + 1, mode=f["mode"], effect="", cause="",
                prevention="", detection_control="",
                ratings=Ratings(f["severity"], f["occurrence"], f["detection"]),
                affected=None, justification=None, actions=(),
            )
            for j, f in enumerate(s["failures"])
        )  # fmt: skip
        t = s.get("time")
        time_ = Time(int(t["expected"][:-1]) * 60.0, int(t["tolerance"][:-1]) * 60.0) if t else None
        steps.append(
            Step(
                id=s["id"], lane=s["lane"], title=s["title"], phase=s["phase"], evidence=tuple(s["evidence"]),
                channel=None, actor=None, next=tuple(s.get("next", ())), uses=tuple(s.get("uses", ())),
                time=time_, emotion=None, failures=failures, index=i,
            )
        )  # fmt: skip
    phases = tuple(Phase(p["id"], p["title"]) for p in data["phases"])
    return Blueprint("generated", data["title"], None, None, None, phases, tuple(steps), None)


def best_of(runs: int, fn: Callable[[], Any]) -> tuple[float, Any]:
    """The fastest of ``runs`` timings (seconds) and the last result."""
    best = float("inf")
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write", metavar="FILE", help="also write the blueprint (JSON is valid YAML)")
    args = parser.parse_args()
    data = generate(args.steps)
    if args.write:
        Path(args.write).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    bp = model(data)
    flow = sum(len(s.next) for s in bp.steps)
    uses = sum(len(s.uses) for s in bp.steps)
    print(f"{len(bp.steps)} steps, {len(bp.failures)} failures, {flow} flow edges, {uses} uses edges")
    secs, reached = best_of(args.runs, lambda: surfaces_at(bp))
    felt = sum(len(v) for v in reached.values())
    print(f"surfaces_at(bp):         {secs * 1000:7.1f} ms  ({felt} failure-to-customer-step pairs)")
    secs, graph = best_of(args.runs, lambda: build_graph(bp))
    print(f"build_graph(bp):         {secs * 1000:7.1f} ms")
    secs, _ = best_of(args.runs, lambda: surfaces_at(bp, graph))
    print(f"surfaces_at(bp, graph):  {secs * 1000:7.1f} ms")
    secs, _ = best_of(1, lambda: critical_touchpoints(bp))
    print(f"critical_touchpoints(bp):{secs * 1000:7.1f} ms")
    secs, _ = best_of(1, lambda: journey_times(bp))
    print(f"journey_times(bp):       {secs * 1000:7.1f} ms")


if __name__ == "__main__":
    main()

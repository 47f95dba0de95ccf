"""Generate synthetic blueprints of a given size for benchmarks (deterministic)."""

from __future__ import annotations

import argparse
import random
from pathlib import Path

LANES = ("customer", "frontstage", "backstage", "support")


def generate(steps: int, seed: int = 7) -> str:
    """A valid blueprint with ``steps`` steps, 2 failure modes each, ~600 bytes per step."""
    rng = random.Random(seed)
    phases = max(1, steps // 50)
    out = [
        "# yaml-language-server: $schema=../schemas/blueprint.schema.json",
        "blueprint: 1",
        f"title: Synthetic journey with {steps} steps",
        "scenario: A generated blueprint for benchmarks",
        "language: en",
        "phases:",
    ]
    out += [f"  - {{id: p{p}, title: Phase {p}}}" for p in range(phases)]
    out.append("steps:")
    per_phase = max(1, steps // phases)
    for i in range(steps):
        lane = LANES[i % 4]
        phase = min(i // per_phase, phases - 1)
        out.append(f"  - id: s{i}")
        out.append(f"    lane: {lane}")
        out.append(f"    phase: p{phase}")
        out.append(f"    title: Step {i} in the {lane} lane of phase {phase}")
        if lane == "customer":
            out.append(f"    evidence: [Receipt {i}]")
        # the journey moves on step by step; a customer step also leads to the next customer
        # step, and every 50th frontstage step loops back to its customer step (a retry)
        targets = [i + 1, i + 4] if lane == "customer" else [i + 1]
        if lane == "frontstage" and i % 50 == 1:
            targets.append(i - 1)
        nxt = [f"s{j}" for j in targets if j < steps]
        if nxt:
            out.append(f"    next: [{', '.join(nxt)}]")
        if lane in ("frontstage", "backstage"):
            targets = {i + 1 if lane == "backstage" else i + 2, i + 3 + 4 * rng.randrange(3)}
            # only toward the back of the service, never a step in the same lane
            deeper = [j for j in targets if j < steps and j % 4 > LANES.index(lane)]
            uses = sorted(f"s{j}" for j in deeper)
            if uses:
                out.append(f"    uses: [{', '.join(uses)}]")
        out.append("    time: {expected: 5m, tolerance: 4m}")
        out.append("    failures:")
        for k in range(2):
            out.append(f"      - mode: Failure mode {k} of step {i}")
            out.append(f"        effect: The customer waits longer than promised at step {i}")
            out.append("        cause: Staff not trained on the new procedure")
            out.append(f"        severity: {rng.randint(1, 10)}")
            out.append(f"        occurrence: {rng.randint(1, 10)}")
            out.append(f"        detection: {rng.randint(1, 10)}")
            out.append("        actions:")
            out.append(
                f"          - {{title: Train staff on step {i}, owner: Ops, due: 2027-01-15, status: open}}"
            )
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("steps", type=int)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    args.output.write_text(generate(args.steps), encoding="utf-8")


if __name__ == "__main__":
    main()

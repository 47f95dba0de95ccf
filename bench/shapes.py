"""Adversarial shapes for the scale benchmark: long chains, deep ``uses``, big worksheets.

Each generator is deterministic and returns the file's text. They are the shapes that
once made a command quadratic or worse, so ``bench/run.py --shapes`` and the bounded-time
tests keep them near-linear::

    .venv/bin/python bench/shapes.py next-chain 2000 > chain.blueprint.yaml
"""

from __future__ import annotations

import sys

_HEAD = "blueprint: 1\ntitle: {title}\nlanguage: en\nphases:\n  - {{id: p0, title: Only phase}}\nsteps:\n"


def _failure(i: int) -> str:
    return (
        "    failures:\n"
        f"      - mode: Mode {i}\n"
        f"        effect: Effect {i}\n"
        "        cause: A cause\n"
        f"        severity: {1 + i % 10}\n"
        f"        occurrence: {1 + (i * 3) % 10}\n"
        f"        detection: {1 + (i * 7) % 10}\n"
    )


def next_chain(n: int) -> str:
    """``n`` steps in one ``next`` line, alternating customer and frontstage, a failure each."""
    out = [_HEAD.format(title=f"A {n}-step next chain")]
    for i in range(n):
        lane = "customer" if i % 2 == 0 else "frontstage"
        out.append(f"  - id: s{i}\n    lane: {lane}\n    phase: p0\n    title: Step {i}\n")
        if lane == "customer":
            out.append(f"    evidence: [Page {i}]\n")
        if i + 1 < n:
            out.append(f"    next: [s{i + 1}]\n")
        out.append(_failure(i))
    return "".join(out)


def uses_chain(n: int) -> str:
    """A customer step that uses a chain of ``n`` support steps, each using the next.

    A failure at the end of the chain surfaces at the customer step through every link.
    """
    out = [_HEAD.format(title=f"A {n}-deep uses chain")]
    out.append("  - id: c\n    lane: customer\n    phase: p0\n    title: Customer\n    evidence: [Page]\n")
    out.append("    uses: [u0]\n")
    for i in range(n):
        out.append(f"  - id: u{i}\n    lane: support\n    phase: p0\n    title: System {i}\n")
        if i + 1 < n:
            out.append(f"    uses: [u{i + 1}]\n")
        out.append(_failure(i))
    return "".join(out)


def worksheet_csv(n: int) -> str:
    """A CSV FMEA worksheet of ``n`` failure rows (one step per ten rows)."""
    header = (
        "Phase,Step,Step title,Lane,Failure ID,Failure effect (FE),Failure mode (FM),"
        "Failure cause (FC),Severity (S),Occurrence (O),Detection (D)\n"
    )
    rows = [header]
    for i in range(n):
        step = i // 10
        lane = "customer" if step % 2 == 0 else "backstage"
        rows.append(
            f"p0,st{step},Step {step},{lane},f{i},Effect {i},Mode {i},Cause {i},"
            f"{1 + i % 10},{1 + (i * 3) % 10},{1 + (i * 7) % 10}\n"
        )
    return "".join(rows)


SHAPES = {"next-chain": next_chain, "uses-chain": uses_chain, "worksheet": worksheet_csv}

if __name__ == "__main__":
    sys.stdout.write(SHAPES[sys.argv[1]](int(sys.argv[2])))

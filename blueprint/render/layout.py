"""What a diagram shows, independent of the drawing tool: the grid, filters and risk.

Phases are columns; a column is as many slots wide as its busiest lane. Each step
gets one slot (column, index) in its lane; steps of a lane with fewer steps than the
column's width are placed near the slots of the steps they connect to, so edges run
straight down where they can.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from blueprint.analysis.ap import AP_ORDER, ProfileRef, load_profile
from blueprint.errors import BlueprintError
from blueprint.i18n import msg
from blueprint.model import Blueprint, Cause, Failure, Ratings, Step
from blueprint.render.numbers import Callout, callouts
from blueprint.vocabulary import LANES

if TYPE_CHECKING:
    from blueprint.analysis.core import Analysis

NO_PHASE = ""
"""Column key for steps without a phase (in a blueprint that has phases)."""

BAND = "support_all"
"""The row of the support steps without a phase: shared systems, drawn across all phases."""


@dataclass(frozen=True)
class StepRisk:
    """The worst of a step's failure modes, now and after the done actions."""

    ap: str
    rpn: int
    residual_ap: str | None  # None when no failure of the step has a done action
    residual_rpn: int | None
    failures: int


@dataclass(frozen=True)
class Column:
    """One phase column of the grid."""

    key: str
    title: str
    width: int


@dataclass(frozen=True)
class Diagram:
    """Everything a renderer needs, in a fixed order."""

    blueprint: Blueprint
    lanes: tuple[str, ...]
    columns: tuple[Column, ...]
    steps: tuple[Step, ...]  # shown steps, file order
    slots: dict[str, tuple[int, int]]  # step id -> (column, slot in column)
    flows: tuple[tuple[str, str], ...]  # (from, to)
    uses: tuple[tuple[str, str], ...]  # (used step, user): the way a failure travels
    risk: dict[str, StepRisk]
    show_evidence: bool
    show_emotion: bool
    has_phases: bool
    # customer step id -> the worst of the failures of *other* steps felt there
    felt: dict[str, StepRisk] = field(default_factory=dict)
    # the numbered failures of the shown steps, in number order
    callouts: tuple[Callout, ...] = ()
    # customer step id -> the numbered failures of *other* steps felt there, in number order
    felt_at: dict[str, tuple[Callout, ...]] = field(default_factory=dict)
    profile_name: str = ""  # the AP profile's name, for the title block
    # support steps without a phase (file order), in a row of their own across all phases;
    # their slots run left to right over the columns
    band: tuple[str, ...] = ()
    # on a page: shared step id -> the steps that use it, drawn as a mark instead of lines
    used_by: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def refs(self, step_id: str) -> tuple[Callout, ...]:
        """The numbered failures of one step, in number order."""
        return tuple(c for c in self.callouts if c.step == step_id)


def step_risk(step: Step, profile: ProfileRef) -> StepRisk | None:
    """Worst AP and RPN of a step's failures, and the same after done actions."""
    return failures_risk(step.failures, profile)


def failures_risk(failures: Sequence[Failure], profile: ProfileRef) -> StepRisk | None:
    """Worst AP and RPN of ``failures``, and the same after done actions (None when empty)."""
    # every failure chain counts: a step is as risky as its worst chain
    return chains_risk([(f, c) for f in failures for c in f.causes], profile)


def chains_risk(chains: Sequence[tuple[Failure, Cause]], profile: ProfileRef) -> StepRisk | None:
    """Worst AP and RPN of failure ``chains`` (failure, cause), and the same after done actions."""
    if not chains:
        return None
    table = load_profile(profile)
    failures = {f.id for f, _ in chains}
    now = [(table.ap(*_sod(r)), r.rpn) for r in (f.chain_ratings(c) for f, c in chains)]
    after = []
    for f, c in chains:
        r = f.chain_residual(c) or f.chain_ratings(c)
        after.append((table.ap(*_sod(r)), r.rpn))
    has_residual = any(f.chain_residual(c) is not None for f, c in chains)
    return StepRisk(
        ap=min((a for a, _ in now), key=AP_ORDER.__getitem__),
        rpn=max(r for _, r in now),
        residual_ap=min((a for a, _ in after), key=AP_ORDER.__getitem__) if has_residual else None,
        residual_rpn=max(r for _, r in after) if has_residual else None,
        failures=len(failures),
    )


def felt_risk(
    bp: Blueprint, shown: Iterable[str], profile: ProfileRef, where: dict[tuple[str, str], tuple[str, ...]]
) -> dict[str, StepRisk]:
    """Shown customer step id -> worst risk of the failures of other steps felt there.

    ``where`` is where each failure chain is felt (:attr:`Analysis.chain_surfaces`, over the
    whole blueprint), so a support failure still marks its customer step when ``--lane``
    hides it, and a chain its cause says is felt elsewhere marks only that step.
    """
    index = bp.step_index()
    wanted = {sid for sid in shown if index[sid].lane == "customer"}
    felt: dict[str, list[tuple[Failure, Cause]]] = {}
    for failure in bp.failures:
        for cause in failure.causes:
            for sid in where.get((failure.id, cause.id), ()):
                if sid in wanted and sid != failure.step:
                    felt.setdefault(sid, []).append((failure, cause))
    out = {}
    for sid in sorted(felt, key=lambda x: index[x].index):
        r = chains_risk(felt[sid], profile)
        if r is not None:
            out[sid] = r
    return out


def _sod(r: Ratings) -> tuple[int, int, int]:
    return (r.severity, r.occurrence, r.detection)


def _unique(pairs: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    seen: dict[tuple[str, str], None] = {}
    for pair in pairs:
        seen.setdefault(pair, None)
    return tuple(seen)


def _flow_order(cell: list[Step], flows: Sequence[tuple[str, str]]) -> list[Step]:
    """Steps of one cell in flow order where the flow decides it, file order otherwise.

    At each pick the first step in file order whose predecessors are all placed comes
    next; in a cycle (no such step) the first step not yet placed does. A heap of the
    ready steps and a count of unplaced predecessors keep this O(n log n).
    """
    pos = {s.id: i for i, s in enumerate(cell)}
    succs: list[set[int]] = [set() for _ in cell]
    for a, b in flows:
        i, j = pos.get(a), pos.get(b)
        if i is not None and j is not None and i != j:
            succs[i].add(j)
    waiting = [0] * len(cell)
    for targets in succs:
        for j in targets:
            waiting[j] += 1
    ready = [i for i, n in enumerate(waiting) if n == 0]
    placed = [False] * len(cell)
    order: list[Step] = []
    first = 0  # every step before it is placed
    while len(order) < len(cell):
        while ready and placed[ready[0]]:
            heapq.heappop(ready)
        if ready:
            pick = heapq.heappop(ready)
        else:  # a cycle: fall back to file order
            while placed[first]:
                first += 1
            pick = first
        placed[pick] = True
        order.append(cell[pick])
        for j in succs[pick]:
            waiting[j] -= 1
            if waiting[j] == 0 and not placed[j]:
                heapq.heappush(ready, j)
    return order


def _place(targets: list[float], width: int) -> list[int]:
    """Increasing slots in ``range(width)`` closest to ``targets`` (least total distance)."""
    n = len(targets)
    inf = float("inf")
    # cost[i][j]: best cost placing items 0..i with item i at slot j
    cost = [[inf] * width for _ in range(n)]
    back = [[0] * width for _ in range(n)]
    for j in range(width):
        cost[0][j] = abs(j - targets[0])
    for i in range(1, n):
        best, arg = inf, 0
        for j in range(width):
            if j >= 1 and cost[i - 1][j - 1] < best:
                best, arg = cost[i - 1][j - 1], j - 1
            if best < inf:
                cost[i][j] = best + abs(j - targets[i])
                back[i][j] = arg
    j = min(range(width), key=lambda k: (cost[n - 1][k], k))
    out = [j]
    for i in range(n - 1, 0, -1):
        j = back[i][j]
        out.append(j)
    return out[::-1]


def _assign_slots(
    cells: dict[tuple[str, int], list[Step]], widths: list[int], links: dict[str, list[str]]
) -> dict[str, tuple[int, int]]:
    """Slot of every step: full cells in order, the others aligned with their neighbours."""
    slots: dict[str, tuple[int, int]] = {}
    by_size = sorted(cells, key=lambda k: (-len(cells[k]), LANES.index(k[0]), k[1]))
    for lane, col in by_size:
        cell = cells[(lane, col)]
        width = widths[col]
        if len(cell) == width:
            for i, step in enumerate(cell):
                slots[step.id] = (col, i)
            continue
        centre = (width - 1) / 2
        targets = []
        for step in cell:
            near = [slots[o][1] for o in links.get(step.id, []) if o in slots and slots[o][0] == col]
            targets.append(sum(near) / len(near) if near else centre)
        for step, slot in zip(cell, _place(targets, width), strict=True):
            slots[step.id] = (col, slot)
    return slots


def _check_phases(bp: Blueprint, phases: Sequence[str]) -> None:
    """An error naming the blueprint's phases when ``--phase`` names one it lacks."""
    known = [p.id for p in bp.phases]
    for wanted in phases:
        if wanted not in known:
            choices = tuple(known) if known else msg("render.error.no_phases")
            raise BlueprintError.worded(
                msg("render.error.no_phase", phase=wanted, path=bp.path, choices=choices)
            )


def build_diagram(
    analysis: Analysis,
    *,
    phases: Sequence[str] = (),
    lanes: Sequence[str] = (),
    risk: bool = True,
) -> Diagram:
    """The grid of the analysed blueprint, filtered to ``phases`` and ``lanes`` when given."""
    bp = analysis.blueprint
    profile = analysis.profile
    _check_phases(bp, phases)
    shown_lanes = tuple(lane for lane in LANES if not lanes or lane in lanes)
    steps = tuple(
        s
        for s in drawn_steps(bp, phases)
        if s.lane in shown_lanes and (not phases or s.phase in phases or _shared(s, bp))
    )
    if not steps:
        raise BlueprintError.worded(msg("render.error.nothing", path=bp.path))
    ids = {s.id for s in steps}
    flows = _unique((s.id, n) for s in steps for n in s.next if n in ids)
    uses = _unique((u, s.id) for s in steps for u in s.uses if u in ids)
    columns, slots, band = _grid(bp, steps, phases, flows, uses)
    risks = {s.id: r for s in steps if risk and (r := step_risk(s, profile)) is not None}
    customer_shown = "customer" in shown_lanes
    numbered = callouts(analysis.scored) if risk else ()
    felt_at: dict[str, tuple[Callout, ...]] = {}
    if customer_shown:
        for c in numbered:
            for sid in c.felt_at:
                if sid in ids and sid != c.step:
                    felt_at[sid] = (*felt_at.get(sid, ()), c)
    return Diagram(
        blueprint=bp,
        lanes=shown_lanes,
        columns=columns,
        steps=steps,
        slots=slots,
        flows=flows,
        uses=uses,
        risk=risks,
        show_evidence=customer_shown and any(s.evidence for s in steps if s.lane == "customer"),
        show_emotion=risk
        and customer_shown
        and any(s.emotion is not None for s in steps if s.lane == "customer"),
        has_phases=bool(bp.phases),
        felt=felt_risk(bp, ids, profile, analysis.chain_surfaces) if risk and customer_shown else {},
        callouts=tuple(c for c in numbered if c.step in ids),
        felt_at=felt_at,
        profile_name=profile.name,
        band=band,
    )


def _grid(
    bp: Blueprint,
    steps: tuple[Step, ...],
    phases: Sequence[str],
    flows: tuple[tuple[str, str], ...],
    uses: tuple[tuple[str, str], ...],
) -> tuple[tuple[Column, ...], dict[str, tuple[int, int]], tuple[str, ...]]:
    """The columns with their widths, every step's slot, and the band of shared systems."""
    has_phases = bool(bp.phases)
    band = [s for s in steps if has_phases and s.phase is None and s.lane == "support"]
    if len(band) == len(steps):
        band = []  # nothing else to span: the steps make a column of their own
    in_band = {s.id for s in band}
    columns: list[tuple[str, str]] = [(p.id, p.title) for p in bp.phases if not phases or p.id in phases]
    if not has_phases or any(s.phase is None and s.id not in in_band for s in steps):
        columns.append((NO_PHASE, ""))
    col_of = {key: i for i, (key, _) in enumerate(columns)}
    cells: dict[tuple[str, int], list[Step]] = {}
    for s in steps:
        if s.id not in in_band:
            cells.setdefault((s.lane, col_of[s.phase or NO_PHASE]), []).append(s)
    cells = {k: _flow_order(v, flows) for k, v in cells.items()}
    widths = [max((len(v) for (_, c), v in cells.items() if c == i), default=0) for i in range(len(columns))]
    links: dict[str, list[str]] = {}
    for a, b in (*flows, *uses):
        links.setdefault(a, []).append(b)
        links.setdefault(b, []).append(a)
    slots = _assign_slots(cells, widths, links)
    kept = [(i, c) for i, c in enumerate(columns) if widths[i] > 0]
    renumber = {old: new for new, (old, _) in enumerate(kept)}
    slots = {sid: (renumber[c], k) for sid, (c, k) in slots.items()}
    slots.update(_band_slots(band, [widths[i] for i, _ in kept]))
    if band and len(band) > sum(widths[i] for i, _ in kept):  # the band is wider than the grid
        widths[kept[-1][0]] += len(band) - sum(widths[i] for i, _ in kept)
    shown = tuple(Column(key, title, widths[i]) for i, (key, title) in kept)
    return shown, slots, tuple(s.id for s in band)


def drawn_steps(bp: Blueprint, phases: Sequence[str] = ()) -> tuple[Step, ...]:
    """The steps a diagram may show: the file's own, and the steps of included shared files
    that they use (directly or through other shared steps), in the support lane across all
    phases; a shared step the journey (or, with ``phases``, those phases) does not use is
    not drawn."""
    if all(s.shared_from is None for s in bp.steps):
        return bp.steps
    index = bp.step_index()
    wanted: set[str] = set()
    users = [s for s in bp.steps if s.shared_from is None and (not phases or s.phase in phases)]
    todo = [ref for s in users for ref in (*s.uses, *s.next)]
    while todo:
        sid = todo.pop()
        step = index.get(sid)
        if step is not None and step.shared_from is not None and sid not in wanted:
            wanted.add(sid)
            todo += [*step.uses, *step.next]
    return tuple(
        s if s.shared_from is None else replace(s, lane="support", phase=None)
        for s in bp.steps
        if s.shared_from is None or s.id in wanted
    )


def _shared(step: Step, bp: Blueprint) -> bool:
    """A support step without a phase in a blueprint with phases: it serves every phase."""
    return step.phase is None and step.lane == "support" and bool(bp.phases)


def _band_slots(band: Sequence[Step], widths: Sequence[int]) -> dict[str, tuple[int, int]]:
    """Slots of the band's steps: left-aligned, in file order, over every column's slots;
    past the last slot, on along the last column (which the caller widens)."""
    free = [(c, k) for c, width in enumerate(widths) for k in range(width)]
    last = len(widths) - 1
    out = {}
    for i, step in enumerate(band):
        out[step.id] = free[i] if i < len(free) else (last, widths[last] + i - len(free))
    return out

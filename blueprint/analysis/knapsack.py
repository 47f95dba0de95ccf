"""The budget problem behind ``blueprint plan``: an exact solver and a greedy fallback.

The actions of one failure form a *group*; each subset of a group's actions is an
*option* with a cost, a survival factor ``s`` (the share of all customers the failure
does not lose, ``1 - p q``) and a penalty ``b`` (its incident costs, or its RPN). A plan
picks one option per group within the budget and maximises::

    F = K x prod(s_g) - sum(b_g)

(``K`` = customers x revenue, so ``-F`` is the journey estimate up to a constant; ``K = 0``
gives an additive objective such as the RPN).

``F`` is not a sum over groups when ``K > 0``, so a 0/1 knapsack over actions with fixed
values would not be exact. It is a convex, increasing function of ``L = sum(log s_g)``
and ``-P = -sum(b_g)``, and a convex function takes its maximum over a finite set at a
vertex of the set's convex hull: the best plan maximises ``lambda x L - P`` for some
``lambda >= 0``. :func:`solve` finds every such plan by dichotomic search over
``lambda`` (Aneja and Nair), each one an exact multiple-choice knapsack solved by
dynamic programming over the budget in whole units of the costs' greatest common
divisor (to the cent), and keeps the one with the largest ``F``. Without incident costs
``P`` is fixed and one knapsack on ``L`` is enough; with ``K = 0``, one on ``-P``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["Group", "Option", "brute_force", "exact_cells", "greedy", "objective", "solve"]

_TOL: Final = 1e-9
#: the exact solver's table (groups x budget units) at most this large
MAX_CELLS: Final = 50_000_000


@dataclass(frozen=True)
class Option:
    """One choice for a group: the actions it funds (their indices), its cost, ``s`` and ``b``."""

    picks: tuple[int, ...]
    cost: float
    survive: float
    penalty: float


@dataclass(frozen=True)
class Group:
    """The options of one failure; ``options[0]`` funds nothing and costs 0."""

    options: tuple[Option, ...]


def objective(k: float, groups: Sequence[Group], choice: Sequence[int]) -> float:
    """``F`` for one option index per group."""
    survive = 1.0
    penalty = 0.0
    for g, i in zip(groups, choice, strict=True):
        survive *= g.options[i].survive
        penalty += g.options[i].penalty
    return k * survive - penalty


def _cost(groups: Sequence[Group], choice: Sequence[int]) -> float:
    return sum(g.options[i].cost for g, i in zip(groups, choice, strict=True))


def brute_force(k: float, groups: Sequence[Group], budget: float) -> tuple[list[int], float]:
    """Every combination of options: the reference the tests hold :func:`solve` to."""
    best: list[int] = [0] * len(groups)
    best_value = objective(k, groups, best)
    for choice in itertools.product(*(range(len(g.options)) for g in groups)):
        if _cost(groups, choice) <= budget + _TOL:
            value = objective(k, groups, choice)
            if value > best_value + _TOL:
                best, best_value = list(choice), value
    return best, best_value


def _log(s: float) -> float:
    return math.log(s) if s > 0 else -745.0  # exp(-745) is the smallest float above 0


def _units(groups: Sequence[Group], budget: float) -> tuple[list[list[int]], int]:
    """Costs and budget in whole units of the costs' greatest common divisor, to the cent."""
    cents = [[round(o.cost * 100) for o in g.options] for g in groups]
    unit = 0
    for row in cents:
        for c in row:
            unit = math.gcd(unit, c)
    unit = unit or 1
    return [[c // unit for c in row] for row in cents], math.floor(round(budget * 100, 6) / unit)


def exact_cells(groups: Sequence[Group], budget: float) -> int:
    """The size of the exact solver's table for this problem (see :data:`MAX_CELLS`)."""
    _, capacity = _units(groups, budget)
    return len(groups) * (max(capacity, 0) + 1)


def _knapsack(gains: list[list[float]], costs: list[list[int]], capacity: int) -> list[int]:
    """One option per group maximising the sum of ``gains`` within ``capacity`` (exact DP).

    Ties go to the lower option index (fewer actions), group by group from the last.
    """
    import numpy as np

    best = np.zeros(capacity + 1)
    picks: list[npt.NDArray[np.uint8]] = []
    for gain, cost in zip(gains, costs, strict=True):
        new = best + gain[0]
        arg = np.zeros(capacity + 1, dtype=np.uint8)
        for j in range(1, len(gain)):
            c = cost[j]
            if c > capacity:
                continue
            cand = np.full(capacity + 1, -np.inf)
            cand[c:] = best[: capacity + 1 - c] + gain[j]
            better = cand > new + 1e-12 * (1.0 + np.abs(new))
            new = np.where(better, cand, new)
            arg[better] = j
        picks.append(arg)
        best = new
    choice = [0] * len(gains)
    left = capacity
    for gi in range(len(gains) - 1, -1, -1):
        j = int(picks[gi][left])
        choice[gi] = j
        left -= costs[gi][j]
    return choice


def _point(k: float, groups: Sequence[Group], choice: list[int]) -> tuple[float, float]:
    """``(L, P)`` of a plan."""
    return (
        sum(_log(g.options[j].survive) for g, j in zip(groups, choice, strict=True)),
        sum(g.options[j].penalty for g, j in zip(groups, choice, strict=True)),
    )


def solve(k: float, groups: Sequence[Group], budget: float) -> tuple[list[int], float]:
    """The best option index per group within ``budget`` and its ``F`` (exact).

    Needs :func:`exact_cells` at most :data:`MAX_CELLS` and at most 256 options a group.
    """
    costs, capacity = _units(groups, budget)
    if capacity < 0:
        choice = [0] * len(groups)
        return choice, objective(k, groups, choice)
    logs = [[_log(o.survive) for o in g.options] for g in groups]
    pens = [[o.penalty for o in g.options] for g in groups]

    def scalar(lam: float, weight: float) -> list[int]:
        gains = [
            [lam * x - weight * b for x, b in zip(lr, pr, strict=True)]
            for lr, pr in zip(logs, pens, strict=True)
        ]
        return _knapsack(gains, costs, capacity)

    if k <= 0:
        choice = scalar(0.0, 1.0)
        return choice, objective(k, groups, choice)
    fixed_pen = all(max(pr) - min(pr) <= 0 for pr in pens)
    top = scalar(1.0, 0.0)
    if fixed_pen:
        return top, objective(k, groups, top)
    low = scalar(0.0, 1.0)
    found = {tuple(top): _point(k, groups, top), tuple(low): _point(k, groups, low)}
    todo = [(tuple(top), tuple(low))]
    while todo and len(found) < 1000:
        a, b = todo.pop()
        (la, pa), (lb, pb) = found[a], found[b]
        if la - lb <= _TOL or pa - pb <= _TOL:
            continue
        lam = (pa - pb) / (la - lb)
        c = tuple(scalar(lam, 1.0))
        lc, pc = found.setdefault(c, _point(k, groups, list(c)))
        if lam * lc - pc > lam * la - pa + _TOL * (1.0 + abs(lam * la - pa)):
            todo += [(a, c), (c, b)]
    best = max(found, key=lambda ch: (objective(k, groups, ch), [-j for j in ch]))
    return list(best), objective(k, groups, best)


def greedy(k: float, groups: Sequence[Group], budget: float) -> tuple[list[int], float]:
    """Best gain per cost first, then compared with the best single affordable option.

    Each round moves one group to the option with the largest gain in ``F`` per extra
    cost that still fits; the result is the better of that and the best one-group plan.
    When ``F`` is a sum over groups (``K = 0``, the RPN), this is the classic modified
    greedy: at least half of the optimum.
    """
    state = _State(k, groups, [0] * len(groups))
    left = budget
    while True:
        move = _best_move(state, left)
        if move is None:
            break
        gi, j = move
        left -= groups[gi].options[j].cost - groups[gi].options[state.choice[gi]].cost
        state.move(gi, j)
    best, best_value = list(state.choice), objective(k, groups, state.choice)
    base = _State(k, groups, [0] * len(groups))
    for gi, g in enumerate(groups):
        for j, o in enumerate(g.options):
            if o.cost <= budget + _TOL and base.value_if(gi, j) > best_value + _TOL * (1 + abs(best_value)):
                best = [0] * len(groups)
                best[gi] = j
                best_value = objective(k, groups, best)
    return best, best_value


class _State:
    """A choice of options with its product of ``s`` and sum of ``b``, for quick what-ifs."""

    def __init__(self, k: float, groups: Sequence[Group], choice: list[int]) -> None:
        self.k, self.groups, self.choice = k, groups, choice
        self.survive = math.prod(g.options[i].survive for g, i in zip(groups, choice, strict=True))
        self.penalty = sum(g.options[i].penalty for g, i in zip(groups, choice, strict=True))

    def value_if(self, gi: int, j: int) -> float:
        """``F`` with group ``gi`` moved to option ``j``."""
        now, new = self.groups[gi].options[self.choice[gi]], self.groups[gi].options[j]
        if now.survive > 0:
            survive = self.survive / now.survive * new.survive
        else:
            trial = list(self.choice)
            trial[gi] = j
            return objective(self.k, self.groups, trial)
        return self.k * survive - (self.penalty - now.penalty + new.penalty)

    def move(self, gi: int, j: int) -> None:
        self.choice[gi] = j
        self.survive = math.prod(g.options[i].survive for g, i in zip(self.groups, self.choice, strict=True))
        self.penalty = sum(g.options[i].penalty for g, i in zip(self.groups, self.choice, strict=True))


def _best_move(state: _State, left: float) -> tuple[int, int] | None:
    """The affordable change of one group's option with the most ``F`` gained per extra cost."""
    value = state.k * state.survive - state.penalty
    best: tuple[float, int, int] | None = None
    for gi, g in enumerate(state.groups):
        now = g.options[state.choice[gi]]
        for j, o in enumerate(g.options):
            extra = o.cost - now.cost
            if j == state.choice[gi] or extra > left + _TOL:
                continue
            gain = state.value_if(gi, j) - value
            if gain <= _TOL * (1 + abs(value)):
                continue
            ratio = gain / extra if extra > _TOL else math.inf
            if best is None or ratio > best[0]:
                best = (ratio, gi, j)
    return None if best is None else (best[1], best[2])

"""The risk matrix: severity x occurrence, the failure chains in each cell and the highest AP there.

Rows run from severity 10 down to 1, columns from occurrence 1 up to 10, as risk matrices
are usually drawn (the worst corner top right). Each failure chain counts once, at its own
severity and occurrence (a mode with three causes may sit in three cells).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from blueprint.analysis.ap import AP_ORDER

if TYPE_CHECKING:
    from blueprint.analysis.fmea import Scored

SEVERITIES: Final[tuple[int, ...]] = tuple(range(10, 0, -1))
"""The rows, top to bottom."""
OCCURRENCES: Final[tuple[int, ...]] = tuple(range(1, 11))
"""The columns, left to right."""


@dataclass(frozen=True)
class RiskMatrix:
    """Chain counts and highest AP per cell: ``cells[r][c]`` is severity ``10 - r``, occurrence ``c + 1``."""

    cells: tuple[tuple[int, ...], ...]
    highest: tuple[tuple[str | None, ...], ...]

    @property
    def total(self) -> int:
        """How many chains the matrix holds."""
        return sum(sum(row) for row in self.cells)

    def count(self, severity: int, occurrence: int) -> int:
        return self.cells[10 - severity][occurrence - 1]

    def ap(self, severity: int, occurrence: int) -> str | None:
        """The highest AP in the cell, None when it is empty."""
        return self.highest[10 - severity][occurrence - 1]

    def to_json(self) -> dict[str, Any]:
        """The JSON form: rows, columns, ``cells`` (counts) and ``highest_ap`` (null when empty)."""
        return {
            "rows": "severity 10..1",
            "columns": "occurrence 1..10",
            "cells": [list(row) for row in self.cells],
            "highest_ap": [list(row) for row in self.highest],
            "chains": self.total,
        }


def risk_matrix(scored: Iterable[Scored]) -> RiskMatrix:
    """The matrix of every chain of ``scored`` (each failure's chains, at the chain's ratings)."""
    counts = [[0] * 10 for _ in SEVERITIES]
    highest: list[list[str | None]] = [[None] * 10 for _ in SEVERITIES]
    for s in scored:
        for chain in s.chains:
            r, c = 10 - chain.ratings.severity, chain.ratings.occurrence - 1
            counts[r][c] += 1
            best = highest[r][c]
            if best is None or AP_ORDER[chain.ap] < AP_ORDER[best]:
                highest[r][c] = chain.ap
    return RiskMatrix(cells=tuple(tuple(row) for row in counts), highest=tuple(tuple(row) for row in highest))

"""The numbered failures a diagram marks: ``F1``, ``F2``... as in the FMEA table.

A failure's number is its place in the default (AP) order of the whole file
(:func:`blueprint.fmea.numbered`), so a filtered or split diagram keeps the numbers of
the table. Each failure chain has its own number, so a mode with several causes is marked
with each of its chains' numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from blueprint.analysis.fmea import Scored

MAX_REFS = 4
"""Refs written on one step before the rest are counted (``F1 F4 F7 F9 +2``)."""


@dataclass(frozen=True)
class Callout:
    """One numbered failure: where it is, how bad, and where the customer feels it."""

    number: int
    mode: str
    ap: str
    residual_ap: str | None
    step: str
    felt_at: tuple[str, ...]

    @property
    def ref(self) -> str:
        from blueprint.analysis.fmea import ref

        return ref(self.number)


def callouts(scored: Iterable[Scored]) -> tuple[Callout, ...]:
    """Every failure chain as a callout, in number order: a failure written with one cause
    is one callout, a mode with ``causes:`` one per cause (``mode ↳ cause``)."""
    out = []
    for s in scored:
        f = s.failure
        for c in s.chains or ():
            mode = f"{f.mode} ↳ {c.cause.cause}" if f.chained else f.mode
            out.append(Callout(c.number, mode, c.ap, c.residual_ap, f.step, c.surfaces_at))
        if not s.chains:
            out.append(Callout(s.number, f.mode, s.ap, s.residual_ap, f.step, s.surfaces_at))
    return tuple(sorted(out, key=lambda c: c.number))


def refs_text(items: Iterable[Callout], limit: int = MAX_REFS) -> str:
    """``F1 F4 F7`` (in number order), the ones past ``limit`` counted as ``+2``."""
    refs = [c.ref for c in sorted(items, key=lambda c: c.number)]
    if len(refs) > limit:
        return " ".join(refs[: limit - 1]) + f" +{len(refs) - limit + 1}"
    return " ".join(refs)

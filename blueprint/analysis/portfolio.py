"""The portfolio: the failures of many journeys ranked together, each failure once.

A failure's identity across journeys is the file it is written in and its id:
``(step.shared_from or journey file, failure.id)``. A failure of a shared step (a step of
a ``kind: shared`` file the journeys include) is therefore one entry, with every journey
it reaches (where it surfaces at a customer step) and the money at risk summed over them;
a journey's own failures (including those reusing a shared one with ``from:``) are its own.
Entries are ranked by the default order of ``blueprint fmea``: AP, then severity, then
RPN, then file order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from blueprint.analysis.ap import AP_ORDER

if TYPE_CHECKING:
    from blueprint.analysis.core import Analysis
    from blueprint.analysis.fmea import Scored
    from blueprint.analysis.matrix import RiskMatrix


@dataclass(frozen=True)
class Journey:
    """One journey of the portfolio: its file (as shown), title, scored failures and currency."""

    file: str
    title: str
    #: every failure of the journey, scored in it (file order), shared ones included
    scored: tuple[Scored, ...]
    currency: str | None = None
    language: str | None = None
    has_economics: bool = False


@dataclass(frozen=True)
class Reach:
    """A journey an entry reaches, with the failure as scored in that journey."""

    journey: Journey
    scored: Scored

    @property
    def surfaces_at(self) -> tuple[str, ...]:
        return self.scored.surfaces_at

    @property
    def at_risk(self) -> float | None:
        return self.scored.at_risk


def _sum(values: Iterable[float | None]) -> float | None:
    """The sum of the known values; None when none is known."""
    known = [v for v in values if v is not None]
    return sum(known) if known else None


@dataclass(frozen=True)
class Entry:
    """One failure of the portfolio: as scored where it is first met, and every journey it reaches."""

    scored: Scored
    #: the file the failure is written in (the shared file for a shared step's failure)
    origin: str
    shared: bool
    reaches: tuple[Reach, ...]
    rank: int = 0
    #: its F-number in the portfolio (its worst chain's place among every chain, as in ``fmea``)
    number: int = 0
    #: the F-number of each of its chains (``scored.chains`` order)
    chain_numbers: tuple[int, ...] = ()

    @property
    def ref(self) -> str:
        return f"F{self.number}"

    @property
    def at_risk_total(self) -> float | None:
        """Money at risk per year summed over the journeys reached (None: no journey has economics)."""
        return _sum(r.at_risk for r in self.reaches)

    @property
    def residual_at_risk_total(self) -> float | None:
        """The residual money at risk summed likewise (None when no done action revises the ratings)."""
        if all(r.scored.residual_at_risk is None for r in self.reaches):
            return None
        return _sum(
            r.scored.residual_at_risk if r.scored.residual_at_risk is not None else r.at_risk
            for r in self.reaches
        )

    @property
    def surfaces_at(self) -> tuple[str, ...]:
        """The customer steps where it is felt, journey by journey, each id once."""
        return tuple(dict.fromkeys(sid for r in self.reaches for sid in r.surfaces_at))


@dataclass(frozen=True)
class Portfolio:
    """The journeys (file-name order), the entries (ranked) and the risk matrix of their chains."""

    journeys: tuple[Journey, ...]
    entries: tuple[Entry, ...]
    matrix: RiskMatrix
    #: the one currency of the journeys with economics (None when none has one)
    currency: str | None
    profile: str

    @property
    def has_money(self) -> bool:
        return any(j.has_economics for j in self.journeys)

    @property
    def shared(self) -> int:
        """How many entries come from shared files."""
        return sum(e.shared for e in self.entries)

    @property
    def at_risk_total(self) -> float | None:
        """Money at risk per year over every entry and journey (an upper bound, see docs)."""
        return _sum(e.at_risk_total for e in self.entries)


def journey_of(analysis: Analysis, file: str) -> Journey:
    """The portfolio's view of one analysed journey (small and picklable, for worker processes)."""
    bp = analysis.blueprint
    economics = bp.economics
    return Journey(
        file=file,
        title=bp.title,
        scored=tuple(analysis.scored),
        currency=(economics.currency or None) if economics is not None else None,
        language=bp.chrome_language,
        has_economics=economics is not None,
    )


def _origin(journey: Journey, s: Scored) -> str:
    return s.step.shared_from or journey.file


def _file_order(e: Entry) -> tuple[str, int, int, int]:
    s = e.scored
    return (e.origin, s.step.line, s.step.index, s.failure.index)


def _gather(journeys: Sequence[Journey]) -> list[Entry]:
    """Every failure once: the first journey holding it gives its scores, every journey it reaches
    (a shared failure reaches a journey where it surfaces at a customer step) is listed."""
    found: dict[tuple[str, str], tuple[Scored, str, bool, list[Reach]]] = {}
    for journey in journeys:
        for s in journey.scored:
            origin = _origin(journey, s)
            shared = s.step.shared_from is not None
            key = (origin, s.failure.id)
            if key not in found:
                found[key] = (s, origin, shared, [])
            if not shared or s.surfaces_at:
                found[key][3].append(Reach(journey, s))
    return [Entry(s, origin, shared, tuple(reaches)) for s, origin, shared, reaches in found.values()]


def _rank(entries: list[Entry]) -> list[Entry]:
    """The default order of ``fmea``, numbered: ranks 1..n, and the chains' F-numbers.

    The scored failures are kept as they are (numbering them anew would copy every one).
    """
    ordered = sorted(
        entries,
        key=lambda e: (AP_ORDER[e.scored.ap], -e.scored.ratings.severity, -e.scored.rpn, _file_order(e)),
    )
    chains = sorted(
        ((k, c) for k, e in enumerate(ordered) for c in e.scored.chains),
        key=lambda kc: (AP_ORDER[kc[1].ap], -kc[1].ratings.severity, -kc[1].rpn, kc[0], kc[1].cause.index),
    )
    places = {id(c): n for n, (_, c) in enumerate(chains, start=1)}
    out = []
    for k, e in enumerate(ordered, start=1):
        worst = e.scored.worst
        numbers = tuple(places[id(c)] for c in e.scored.chains)
        number = places[id(worst)] if worst is not None else k
        out.append(Entry(e.scored, e.origin, e.shared, e.reaches, k, number, numbers))
    return out


class CurrencyMismatch(ValueError):
    """Journeys whose money is in different currencies cannot be summed."""

    def __init__(self, found: dict[str, str]) -> None:
        super().__init__(", ".join(f"{file} ({cur})" for file, cur in found.items()))
        self.found = found


def build_portfolio(journeys: Iterable[Journey], profile: str) -> Portfolio:
    """The portfolio of ``journeys`` (put in file-name order here) scored with the AP ``profile``.

    Raises :class:`CurrencyMismatch` when journeys give money at risk in different currencies.
    """
    from blueprint.analysis.matrix import risk_matrix

    ordered = tuple(sorted(journeys, key=lambda j: j.file))
    currencies = {j.file: j.currency or "" for j in ordered if j.has_economics}
    if len(set(currencies.values())) > 1:
        raise CurrencyMismatch(currencies)
    entries = tuple(_rank(_gather(ordered)))
    return Portfolio(
        journeys=ordered,
        entries=entries,
        matrix=risk_matrix(e.scored for e in entries),
        currency=next((c for c in currencies.values() if c), None),
        profile=profile,
    )

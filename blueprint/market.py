"""The inputs of the market-damage model (money at risk): retention rates, by severity band,
and the ``economics:`` block. Part of the model (:mod:`blueprint.model` re-exports them);
the model itself is :mod:`blueprint.analysis.economics`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Retention:
    """Share of customers who stay loyal, by what happened after the problem."""

    silent: float = 0.09
    unresolved: float = 0.19
    resolved: float = 0.54
    #: the file's own bounds for ``--uncertainty``: (rate name, low, high), sorted by name;
    #: a rate without them is drawn within +/- ``Economics.retention_spread`` of its value
    bounds: tuple[tuple[str, float, float], ...] = ()

    def bound(self, key: str) -> tuple[float, float] | None:
        """The low and high end ``--uncertainty`` draws the rate ``key`` within, if the file sets them."""
        return next(((lo, hi) for name, lo, hi in self.bounds if name == key), None)


#: TARP's "under $5" row: minor problems
MINOR: Retention = Retention(silent=0.37, unresolved=0.46, resolved=0.70)
#: TARP's "over $100" row: serious problems
SERIOUS: Retention = Retention()


@dataclass(frozen=True)
class RetentionBand:
    """The retention rates of failures whose severity is ``low`` to ``high`` (inclusive)."""

    low: int
    high: int
    retention: Retention
    name: str = ""  # "minor", "moderate", "serious" for the defaults; "" for a file's own band


#: retention by severity when a file sets neither ``retention`` nor ``retention_by_severity``
DEFAULT_BANDS: tuple[RetentionBand, ...] = (
    RetentionBand(1, 4, MINOR, "minor"),
    RetentionBand(5, 7, Retention(0.23, 0.325, 0.62), "moderate"),  # the mean of the two rows
    RetentionBand(8, 10, SERIOUS, "serious"),
)


@dataclass(frozen=True)
class Economics:
    """Inputs of the market-damage model: with ``economics.retention`` in the file every failure
    uses that one set (``by_severity`` empty), else ``by_severity`` (TARP's rows by default)."""

    customers: float
    revenue_per_customer: float
    currency: str = ""
    complaint_rate: float = 0.05
    resolved_rate: float = 0.5
    retention: Retention = field(default_factory=Retention)
    #: the rates the file sets itself (``complaint_rate``, ``silent``...); the rest are defaults
    explicit: frozenset[str] = frozenset()
    by_severity: tuple[RetentionBand, ...] = ()
    #: money each affected customer costs when the failure sets none
    cost_per_incident: float = 0.0
    #: ``--uncertainty`` draws each retention rate within +/- this share of it
    retention_spread: float = 0.25

    def band(self, severity: int) -> RetentionBand | None:
        """The retention band of ``severity`` (None: the file's one ``retention`` set applies).

        A severity that none of the file's bands covers takes its default band.
        """
        if not self.by_severity:
            return None
        found = [b for b in (*self.by_severity, *DEFAULT_BANDS) if b.low <= severity <= b.high]
        return found[0]

    def retention_for(self, severity: int) -> Retention:
        """The retention rates a failure of ``severity`` uses."""
        band = self.band(severity)
        return self.retention if band is None else band.retention

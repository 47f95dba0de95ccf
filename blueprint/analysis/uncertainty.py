"""How rough the money at risk is: P10, P50 and P90 from seeded random draws of its inputs.

Each draw takes, for every failure, an occurrence share drawn log-uniformly within its
rating's band (between the shares of the neighbouring ratings on the classic scale; O 1
reaches down to 0.001 per 1,000 and O 10 up to 200 per 1,000, a step as wide as the
next one; an ``affected`` share moves with its rating's band), and, for every retention
band, each retention rate drawn uniformly within the bounds the file sets for it
(``bounds`` beside the rates), else within +/- ``economics.retention_spread`` (25% by
default) of its value, kept within 0..1. The complaint and resolution rates, the
customers, the revenue and the costs per incident stay as the file gives them.

The same file, seed and number of draws give the same figures (NumPy's PCG64 generator).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from blueprint.analysis.economics import OCCURRENCE_PER_THOUSAND, affected_share, mode_rate, require
from blueprint.model import Blueprint, Economics, Failure, Ratings, Retention

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "DEFAULT_DRAWS",
    "DEFAULT_SEED",
    "Quantiles",
    "Uncertainty",
    "rate_draws",
    "share_band",
    "simulate",
]

DEFAULT_DRAWS: Final = 10_000
DEFAULT_SEED: Final = 1
_KEYS: Final = ("silent", "unresolved", "resolved")


@dataclass(frozen=True)
class Quantiles:
    """P10, P50 and P90 of money at risk per year."""

    p10: float
    p50: float
    p90: float


@dataclass(frozen=True)
class Uncertainty:
    """The quantiles of each failure (by id) and of the journey estimate."""

    draws: int
    seed: int
    failures: dict[str, Quantiles]
    journey: Quantiles


def share_band(failure: Failure, ratings: Ratings | None = None) -> tuple[float, float]:
    """The lowest and highest occurrence share a draw may take for ``failure``.

    The scale values of the neighbouring ratings, scaled like the share itself when the
    file gives ``affected``; never above 1.
    """
    o = (ratings or failure.ratings).occurrence
    k = OCCURRENCE_PER_THOUSAND
    lo = k[o - 1] if o > 1 else k[1] * k[1] / k[2]
    hi = k[o + 1] if o < 10 else k[10] * k[10] / k[9]
    p, _ = affected_share(failure, ratings)
    return min(1.0, p * lo / k[o]), min(1.0, p * hi / k[o])


def _band_key(econ: Economics, severity: int) -> str:
    """The name of the retention set a severity uses (``""``: the file's one set)."""
    band = econ.band(severity)
    return "" if band is None else band.name or f"S{band.low}-{band.high}"


def _bands(econ: Economics) -> dict[str, Retention]:
    """Every retention set a failure may use, by name, in severity order."""
    return {_band_key(econ, s): econ.retention_for(s) for s in range(1, 11)}


def _loss_draws(econ: Economics, rng: np.random.Generator, draws: int) -> dict[str, npt.NDArray[np.float64]]:
    """``q``, the share of affected customers lost, per draw, for every retention set."""

    c, r = econ.complaint_rate, econ.resolved_rate
    out = {}
    for name, keep in _bands(econ).items():
        rate = {key: rate_draws(econ, keep, key, rng, draws) for key in _KEYS}
        out[name] = (
            (1 - c) * (1 - rate["silent"])
            + c * r * (1 - rate["resolved"])
            + c * (1 - r) * (1 - rate["unresolved"])
        )
    return out


def rate_draws(
    econ: Economics, keep: Retention, key: str, rng: np.random.Generator, draws: int
) -> npt.NDArray[np.float64]:
    """One retention rate drawn uniformly: within the file's bounds for it when it sets them,
    else within +/- ``retention_spread`` of its value, kept within 0..1."""
    import numpy as np

    bound = keep.bound(key)
    if bound is not None:
        return rng.uniform(bound[0], bound[1], draws)
    spread = econ.retention_spread
    drawn: npt.NDArray[np.float64] = np.clip(
        getattr(keep, key) * rng.uniform(1 - spread, 1 + spread, draws), 0.0, 1.0
    )
    return drawn


def _quantiles(values: npt.NDArray[np.float64]) -> Quantiles:
    import numpy as np

    p10, p50, p90 = np.percentile(values, [10, 50, 90])
    return Quantiles(float(p10), float(p50), float(p90))


def simulate(
    bp: Blueprint,
    failures: Sequence[Failure],
    *,
    ratings: dict[str, Ratings] | None = None,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
) -> Uncertainty:
    """Draw the money at risk of ``failures`` ``draws`` times; ``ratings`` overrides by failure id.

    Raises :class:`blueprint.analysis.economics.EconomicsError` without an ``economics:`` block.
    """
    import numpy as np

    econ = require(bp)
    rng = np.random.default_rng(seed)
    loss = _loss_draws(econ, rng, draws)
    n, rev = econ.customers, econ.revenue_per_customer
    survive = np.ones(draws)
    incidents = np.zeros(draws)
    per_failure = {}
    for f in failures:
        rated = (ratings or {}).get(f.id)
        lo, hi = share_band(f, rated)
        u = rng.random(draws)
        p = lo * (hi / lo) ** u if lo > 0 else np.zeros(draws)
        q = loss[_band_key(econ, (rated or f.ratings).severity)]
        k = mode_rate(econ, f)  # the chains' costs per incident, weighted
        lost = np.minimum(1.0, p * q)
        survive *= 1.0 - lost
        incidents += n * p * k
        per_failure[f.id] = _quantiles(n * p * (q * rev + k))
    return Uncertainty(draws, seed, per_failure, _quantiles(n * rev * (1.0 - survive) + incidents))

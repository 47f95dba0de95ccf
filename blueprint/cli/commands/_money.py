"""Options shared by the commands that print money at risk: ``--uncertainty``, ``--draws``, ``--seed``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from blueprint.analysis.uncertainty import Uncertainty
    from blueprint.model import Blueprint, Failure, Ratings

F = TypeVar("F", bound=Callable[..., Any])

#: ``blueprint.analysis.uncertainty.DEFAULT_DRAWS`` / ``DEFAULT_SEED``, repeated so --help imports nothing
_DRAWS = 10_000
_SEED = 1


def uncertainty_options(fn: F) -> F:
    """``--uncertainty`` with ``--draws N`` and ``--seed N``."""
    fn = click.option(
        "--seed",
        type=click.IntRange(min=0),
        default=_SEED,
        show_default=True,
        help="Seed of the --uncertainty draws: the same seed gives the same figures.",
    )(fn)
    fn = click.option(
        "--draws",
        type=click.IntRange(min=100, max=1_000_000),
        default=_DRAWS,
        show_default=True,
        help="Number of --uncertainty draws.",
    )(fn)
    return click.option(
        "--uncertainty",
        is_flag=True,
        help="P10, P50 and P90 of money at risk: occurrence shares drawn within their rating's band, "
        "retention rates within +/-25% (needs economics).",
    )(fn)


def simulate_or_fail(
    bp: Blueprint,
    failures: Sequence[Failure],
    lang: str,
    *,
    draws: int,
    seed: int,
    ratings: dict[str, Ratings] | None = None,
) -> Uncertainty:
    """The quantiles of ``failures``, or a one-line error when the blueprint has no economics."""
    from blueprint.analysis.uncertainty import simulate
    from blueprint.errors import BlueprintError
    from blueprint.i18n import t

    if bp.economics is None:
        raise BlueprintError(t("fmea.error.economics", lang), bp.path)
    return simulate(bp, failures, ratings=ratings, draws=draws, seed=seed)

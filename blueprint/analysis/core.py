"""One :class:`Analysis` per loaded blueprint: everything the outputs show, computed once.

A command loads a blueprint, resolves its AP profile once and makes an ``Analysis``;
every output of the run (table, diagram, report, worksheet, graph report) reads from
it. Each part is computed on first use and kept: the propagation pass runs once however
many outputs ask where failures are felt, the profile file is parsed once.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from blueprint.analysis.ap import DEFAULT_PROFILE, Profile, ProfileRef, load_profile

if TYPE_CHECKING:
    from blueprint.analysis.fmea import Scored
    from blueprint.analysis.graph import Adjacency
    from blueprint.analysis.matrix import RiskMatrix
    from blueprint.analysis.money import Totals
    from blueprint.analysis.plan import Plan
    from blueprint.analysis.touchpoints import PathTime, PhaseFailPoints, Touchpoint, WaitPoint
    from blueprint.analysis.uncertainty import Uncertainty
    from blueprint.model import Blueprint, Failure


class Analysis:
    """The scores, propagation, graph analyses and money of one blueprint, lazily cached."""

    def __init__(self, blueprint: Blueprint, profile: ProfileRef = DEFAULT_PROFILE) -> None:
        self.blueprint = blueprint
        #: the resolved AP table (a name or path is loaded here, once)
        self.profile: Profile = load_profile(profile)
        self._ranked: dict[str, list[Scored]] = {}
        self._drawn: dict[tuple[int, int], Uncertainty] = {}
        self._plans: dict[tuple[float, str | None, str | None], Plan] = {}
        from blueprint.analysis.shared import includes_shared

        if includes_shared(blueprint):
            self._keep_reaching()

    def _keep_reaching(self) -> None:
        """A journey including shared files: the shared failures felt nowhere in it leave
        its view (see :mod:`blueprint.analysis.shared`); the graph stays the same."""
        from blueprint.analysis.shared import reaching

        surfaces = self.surfaces  # computes the adjacency and step surfaces too, on the same steps
        self.blueprint = reaching(self.blueprint, surfaces)
        kept = {f.id for f in self.blueprint.failures}
        self.__dict__["surfaces"] = {fid: at for fid, at in surfaces.items() if fid in kept}

    # -- the graph -------------------------------------------------------------------------

    @cached_property
    def adjacency(self) -> Adjacency:
        """The service graph as index lists (built once)."""
        from blueprint.analysis.graph import adjacency

        return adjacency(self.blueprint)

    @cached_property
    def step_surfaces(self) -> dict[str, tuple[str, ...]]:
        """Step id -> the customer steps where a failure of that step is felt (the propagation pass)."""
        from blueprint.analysis.graph import step_surfaces

        return step_surfaces(self.blueprint, self.adjacency)

    @cached_property
    def surfaces(self) -> dict[str, tuple[str, ...]]:
        """Failure id -> the customer steps where it is felt, file order."""
        from blueprint.analysis.graph import surfaces_at

        return surfaces_at(self.blueprint, self.adjacency, by_step=self.step_surfaces)

    @cached_property
    def chain_surfaces(self) -> dict[tuple[str, str], tuple[str, ...]]:
        """(failure id, cause id) -> the customer steps where that failure chain is felt."""
        from blueprint.analysis.graph import chain_surfaces

        return chain_surfaces(self.blueprint, self.adjacency, by_step=self.step_surfaces)

    @cached_property
    def dependents(self) -> dict[str, tuple[str, ...]]:
        """Step id -> the steps relying on it through ``uses``, transitively."""
        from blueprint.analysis.graph import dependents

        return dependents(self.blueprint, self.adjacency)

    # -- FMEA ------------------------------------------------------------------------------

    @cached_property
    def scored(self) -> list[Scored]:
        """Every failure with its scores and money at risk, file order."""
        from blueprint.analysis.fmea import score

        return score(self.blueprint, self.profile, reached=self.surfaces, chains_reached=self.chain_surfaces)

    def ranked(self, sort: str = "ap") -> list[Scored]:
        """The failures in the order ``sort`` (see :func:`~blueprint.analysis.fmea.rank`), numbered."""
        if sort not in self._ranked:
            from blueprint.analysis.fmea import rank

            self._ranked[sort] = rank(self.scored, sort)
        return self._ranked[sort]

    @cached_property
    def matrix(self) -> RiskMatrix:
        """The risk matrix (severity x occurrence) of every failure chain."""
        from blueprint.analysis.matrix import risk_matrix

        return risk_matrix(self.scored)

    # -- graph analyses --------------------------------------------------------------------

    @cached_property
    def touchpoints(self) -> list[Touchpoint]:
        """Critical touchpoints, most felt first."""
        from blueprint.analysis.touchpoints import critical_touchpoints

        return critical_touchpoints(self.blueprint, self.profile, felt=self.step_surfaces, adj=self.adjacency)

    @cached_property
    def fail_points(self) -> list[PhaseFailPoints]:
        """Fail points per phase."""
        from blueprint.analysis.touchpoints import fail_points_by_phase

        return fail_points_by_phase(self.blueprint, self.profile)

    @cached_property
    def wait_points(self) -> list[WaitPoint]:
        """Steps whose expected time exceeds the customer's tolerance, worst first."""
        from blueprint.analysis.touchpoints import wait_points

        return wait_points(self.blueprint)

    @cached_property
    def journey_times(self) -> tuple[list[PathTime], PathTime]:
        """The longest flow path by expected time, per phase and end to end."""
        from blueprint.analysis.touchpoints import journey_times

        return journey_times(self.blueprint, self.adjacency)

    @cached_property
    def unfelt(self) -> list[Failure]:
        """Failures that surface at no customer step, file order."""
        from blueprint.analysis.touchpoints import unfelt_failures

        return unfelt_failures(self.blueprint, surfaces=self.surfaces)

    # -- money -----------------------------------------------------------------------------

    @cached_property
    def totals(self) -> Totals | None:
        """Upper bound and journey estimate of money at risk (and residual); None without economics."""
        if self.blueprint.economics is None:
            return None
        from blueprint.analysis.money import totals

        return totals(self.blueprint, self.blueprint.failures)

    def uncertainty(self, draws: int, seed: int) -> Uncertainty:
        """P10, P50 and P90 of money at risk from ``draws`` seeded draws (needs economics)."""
        if (draws, seed) not in self._drawn:
            from blueprint.analysis.uncertainty import simulate

            self._drawn[draws, seed] = simulate(
                self.blueprint, self.blueprint.failures, draws=draws, seed=seed
            )
        return self._drawn[draws, seed]

    def plan(self, budget: float, objective: str | None = None, must: str | None = None) -> Plan:
        """The funded plan within ``budget`` (see :func:`blueprint.analysis.plan.make_plan`)."""
        key = (budget, objective, must)
        if key not in self._plans:
            from blueprint.analysis.plan import make_plan

            self._plans[key] = make_plan(
                self.blueprint, budget, objective_name=objective, must=must, profile=self.profile
            )
        return self._plans[key]

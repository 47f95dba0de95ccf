"""Frozen, typed dataclasses for a blueprint, built from schema-valid data."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

# the market-damage model's inputs are part of the model; they live in their own module
from blueprint.market import DEFAULT_BANDS, MINOR, SERIOUS, Economics, Retention, RetentionBand

__all__ = [
    "DEFAULT_BANDS",
    "MINOR",
    "SERIOUS",
    "Action",
    "Blueprint",
    "Cause",
    "Economics",
    "Failure",
    "Meta",
    "Phase",
    "Ratings",
    "Retention",
    "RetentionBand",
    "Step",
    "Time",
    "format_duration",
    "last_revision",
    "mostly_chinese",
    "parse_duration",
]

_DURATION_PART = re.compile(r"([0-9]+(?:\.[0-9]+)?)([smhdw])")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(text: str) -> float:
    """``"1h30m"`` -> 5400.0 seconds (the schema has checked the shape)."""
    return sum(float(n) * _UNIT_SECONDS[u] for n, u in _DURATION_PART.findall(text))


def format_duration(seconds: float) -> str:
    """5400 -> ``"1h30m"``; the inverse of :func:`parse_duration` for whole units."""
    if seconds <= 0:
        return "0s"
    out = ""
    rest = round(seconds)
    for unit in ("d", "h", "m", "s"):
        size = _UNIT_SECONDS[unit]
        if rest >= size:
            out += f"{rest // size}{unit}"
            rest %= size
    return out


_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def mostly_chinese(titles: list[str]) -> bool:
    """Whether more than half of ``titles`` hold a Chinese character."""
    return bool(titles) and 2 * sum(bool(_CJK.search(title)) for title in titles) > len(titles)


@dataclass(frozen=True)
class Ratings:
    """Severity, occurrence and detection, each 1-10."""

    severity: int
    occurrence: int
    detection: int

    @property
    def rpn(self) -> int:
        """Risk priority number S x O x D."""
        return self.severity * self.occurrence * self.detection

    @property
    def criticality(self) -> int:
        """Criticality S x O."""
        return self.severity * self.occurrence


@dataclass(frozen=True)
class Action:
    """A recommended action and, once done, the ratings it leaves."""

    title: str
    owner: str | None
    due: str | None
    status: str
    revised: Ratings | None
    line: int = 0
    col: int = 0
    #: what the action costs, in the economics currency (``None``: not given)
    cost: float | None = None

    @property
    def live(self) -> bool:
        """Open, in progress or done: anything but dropped."""
        return self.status != "dropped"


def last_revision(actions: tuple[Action, ...], *statuses: str) -> Ratings | None:
    """The revised ratings of the last action in one of ``statuses`` that has them, in file order."""
    found = None
    for action in actions:
        if action.status in statuses and action.revised is not None:
            found = action.revised
    return found


@dataclass(frozen=True)
class Cause:
    """One cause of a failure mode: a failure chain with its own occurrence, detection and actions.

    A failure written without ``causes:`` has one cause made of its own fields (the
    shorthand), whose id is the failure's id.
    """

    id: str
    index: int
    cause: str
    prevention: str
    detection_control: str
    occurrence: int
    detection: int
    actions: tuple[Action, ...]
    justification: str | None
    #: written as an entry of ``causes:`` (not the one-chain shorthand)
    listed: bool = False
    explicit_id: bool = False
    line: int = 0
    col: int = 0
    #: where the author says this chain is felt (customer step ids), None when not given
    felt_at: tuple[str, ...] | None = None
    #: money each customer meeting this chain costs; None: the failure's, else the economics default
    cost_per_incident: float | None = None

    @property
    def revised(self) -> Ratings | None:
        """The revised ratings of this cause's last done action, if any."""
        return last_revision(self.actions, "done")

    @property
    def planned(self) -> Ratings | None:
        """The revised ratings of this cause's last open or in-progress action, if any."""
        return last_revision(self.actions, "open", "in-progress")

    @property
    def has_live_action(self) -> bool:
        return any(a.live for a in self.actions)


@dataclass(frozen=True)
class Failure:
    """One failure mode of a step, with its ratings and actions.

    ``causes`` are its failure chains (one for the shorthand form). For a failure with
    ``causes:``, ``ratings`` carries the chain of highest RPN (scoring picks the worst chain
    by Action Priority), ``actions`` every cause's actions in order, and ``cause`` and the
    controls are empty.
    """

    id: str
    step: str
    index: int
    mode: str
    effect: str
    cause: str
    prevention: str
    detection_control: str
    ratings: Ratings
    affected: float | None
    justification: str | None
    actions: tuple[Action, ...]
    explicit_id: bool = False
    line: int = 0
    col: int = 0
    causes: tuple[Cause, ...] = ()
    #: written with ``causes:``
    chained: bool = False
    #: where the author says the customer feels it (customer step ids), None when not given
    felt_at: tuple[str, ...] | None = None
    #: money each affected customer costs (refunds, rework, compensation); None: the economics default
    cost_per_incident: float | None = None
    #: ``from: ID``: the id of the shared failure this one reuses (None when written in full)
    from_id: str | None = None
    #: the keys this failure sets over the shared failure it reuses (``from:``), sorted
    overrides: tuple[str, ...] = ()

    @property
    def residual(self) -> Ratings | None:
        """Ratings of the last done action with revised ratings, in file order."""
        return last_revision(self.actions, "done")

    @property
    def planned(self) -> Ratings | None:
        """Ratings of the last open or in-progress action with revised ratings, in file order.

        The residual the plan promises once the actions under way are done (scores use
        :meth:`chain_planned`); distinct from :attr:`residual`, which only done actions give.
        """
        return last_revision(self.actions, "open", "in-progress")

    def chain_ratings(self, cause: Cause) -> Ratings:
        """The ratings of one chain: the mode's severity, the cause's occurrence and detection."""
        return Ratings(self.ratings.severity, cause.occurrence, cause.detection)

    def chain_residual(self, cause: Cause) -> Ratings | None:
        """The residual ratings of one chain after done actions, or None when nothing is done.

        The cause's own last done action gives its occurrence and detection; a revised
        severity from any cause's done action applies to the whole mode (the effect is the
        mode's). For the shorthand form this is :attr:`residual`.
        """
        own = cause.revised
        mode = self.residual
        if own is None and (mode is None or mode.severity == self.ratings.severity):
            return None  # nothing done on this cause, and the mode's severity stands
        severity = mode.severity if mode is not None else self.ratings.severity
        if own is None:
            return Ratings(severity, cause.occurrence, cause.detection)
        return Ratings(severity, own.occurrence, own.detection)

    def chain_planned(self, cause: Cause) -> Ratings | None:
        """One chain's ratings once the open and in-progress actions are done (None: none planned).

        As :meth:`chain_residual` with those actions: the cause's own gives O and D, and a
        planned severity applies to the whole mode; a chain without its own keeps its residual
        (else current) O and D. For the shorthand form this is :attr:`planned`.
        """
        own = cause.planned
        mode = self.planned
        if own is None and (mode is None or mode.severity == self.ratings.severity):
            return None  # nothing planned on this cause, and the mode's severity stands
        severity = mode.severity if mode is not None else self.ratings.severity
        if own is None:
            base = self.chain_residual(cause) or self.chain_ratings(cause)
            return Ratings(severity, base.occurrence, base.detection)
        return Ratings(severity, own.occurrence, own.detection)

    def chain_felt_at(self, cause: Cause) -> tuple[str, ...] | None:
        """Where the author says one chain is felt: the cause's ``felt_at``, else the failure's."""
        return cause.felt_at if cause.felt_at is not None else self.felt_at

    @property
    def has_live_action(self) -> bool:
        return any(a.live for a in self.actions)


@dataclass(frozen=True)
class Time:
    """Expected time at a step against the customer's tolerance, in seconds."""

    expected: float | None
    tolerance: float | None

    @property
    def is_wait_point(self) -> bool:
        return self.expected is not None and self.tolerance is not None and self.expected > self.tolerance


@dataclass(frozen=True)
class Step:
    """A step in one lane (and phase) of the blueprint."""

    id: str
    lane: str
    title: str
    phase: str | None
    evidence: tuple[str, ...]
    channel: str | None
    actor: str | None
    next: tuple[str, ...]
    uses: tuple[str, ...]
    time: Time | None
    emotion: int | None
    failures: tuple[Failure, ...]
    index: int = 0
    line: int = 0
    col: int = 0
    #: the display path of the shared file (``kind: shared``) this step was included from;
    #: None for the file's own steps
    shared_from: str | None = None

    @property
    def is_fail_point(self) -> bool:
        return bool(self.failures)

    @property
    def is_wait_point(self) -> bool:
        return self.time is not None and self.time.is_wait_point


@dataclass(frozen=True)
class Phase:
    id: str
    title: str
    line: int = 0
    col: int = 0


@dataclass(frozen=True)
class Meta:
    """The optional title-block facts of a file (``meta:``); each may be missing."""

    version: str | None = None
    author: str | None = None
    date: str | None = None
    client: str | None = None


@dataclass(frozen=True)
class Blueprint:
    """A whole blueprint file."""

    path: str
    title: str
    scenario: str | None
    customer: str | None
    language: str | None
    phases: tuple[Phase, ...]
    steps: tuple[Step, ...]
    economics: Economics | None
    meta: Meta = Meta()
    #: ``journey`` (default) or ``shared``: a file of shared systems, no customer journey of its own
    kind: str = "journey"
    #: the display paths of the shared files named by ``include:``, in file order
    includes: tuple[str, ...] = ()

    def step(self, step_id: str) -> Step | None:
        return self.step_index().get(step_id)

    def step_index(self) -> dict[str, Step]:
        """Steps by id (first wins on a duplicate, which ``check`` reports); built once."""
        return self._step_index

    @cached_property
    def _step_index(self) -> dict[str, Step]:
        index: dict[str, Step] = {}
        for s in self.steps:
            index.setdefault(s.id, s)
        return index

    @property
    def chrome_language(self) -> str | None:
        """The language for the tool's own words: ``language:``, else ``zh-TW`` when the
        file's titles are mostly Chinese (:func:`mostly_chinese`), else None (the
        environment decides)."""
        if self.language:
            return self.language
        titles = [self.title, *(p.title for p in self.phases), *(s.title for s in self.steps)]
        return "zh-TW" if mostly_chinese(titles) else None

    @cached_property
    def failures(self) -> tuple[Failure, ...]:
        """Every failure mode, in file order."""
        return tuple(f for s in self.steps for f in s.failures)

    @cached_property
    def own_steps(self) -> tuple[Step, ...]:
        """The file's own steps: all but those of included shared files (which follow them)."""
        return tuple(s for s in self.steps if s.shared_from is None)

    @cached_property
    def own_failures(self) -> tuple[Failure, ...]:
        """The failure modes of the file's own steps, in file order."""
        return tuple(f for s in self.own_steps for f in s.failures)

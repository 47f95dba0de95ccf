"""The grouped worksheet: its steps, failures, failure chains and actions, and the blueprint
data they make (plain data in the schema's key order, for :mod:`blueprint.worksheet.yaml_out`).

:mod:`blueprint.worksheet.build` groups the rows into these; :func:`to_data` writes them
out. A failure with one chain and no cause id is written in the one-chain shorthand, with
several (or with cause ids) as ``causes:``. Where a chain is felt (``felt_at``) and what
its incidents cost (``cost_per_incident``) come from each chain's rows: a value every chain
of a failure share is the failure's (the value most of them give, the first on a tie),
and a chain that gives another has it as its cause's own; a chain that gives none leaves
the failure without one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Final

from blueprint.worksheet.rows import ActionRow

__all__ = ["ID", "Built", "Chain", "Failure", "Step", "to_data"]

ID: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_RATING_NAMES: Final = ("severity", "occurrence", "detection")
#: what a chain may say that its failure says when all its chains say the same
_SHARED: Final = ("cost_per_incident", "felt_at")


@dataclass
class Chain:
    """One cause of a failure mode: its texts, occurrence and detection, and its actions."""

    row: int
    cause_id: str | None
    values: dict[str, Any]
    ratings: list[int | None]  # occurrence, detection
    actions: list[ActionRow] = field(default_factory=list)

    def takes(self, cause_id: str | None, values: dict[str, Any], ratings: list[int | None]) -> bool:
        """Whether a row belongs to this chain: the same cause id, and no cell that differs."""
        if cause_id is not None or self.cause_id is not None:
            return cause_id == self.cause_id
        pairs = [
            *zip(values.values(), self.values.values(), strict=True),
            *zip(ratings, self.ratings, strict=True),
        ]
        return all(new is None or old is None or new == old for new, old in pairs)


@dataclass
class Failure:
    row: int
    step: str
    explicit_id: str | None
    values: dict[str, Any]
    ratings: list[int | None]  # severity (the chains hold occurrence and detection)
    chains: list[Chain] = field(default_factory=list)


@dataclass
class Step:
    row: int
    key: str
    name: str | None  # the title given when the step cell was not an id
    title: str | None
    lane: str | None
    phase: str | None  # the phase key
    failures: list[Failure] = field(default_factory=list)


@dataclass
class Built:
    """The grouped worksheet: ``data`` is the blueprint as plain data (schema order)."""

    data: dict[str, Any]
    steps: int
    failures: int
    actions: int


def _slug(text: str, prefix: str, n: int) -> str:
    """An id for a name: its ASCII words joined by '-', else ``prefix-n``."""
    words = re.findall(r"[A-Za-z0-9]+", text) if text.isascii() else []
    slug = "-".join(w.lower() for w in words)[:60].strip("-")
    return slug if slug and ID.match(slug) else f"{prefix}-{n}"


def _ids(
    steps: dict[str, Step], phases: dict[str, tuple[int, str | None]], failure_ids: set[str]
) -> tuple[dict[str, str], dict[str, str]]:
    """Step and phase ids: the sheet's own where they are ids, made-up ones otherwise."""
    taken = {k for k, s in steps.items() if s.name is None} | failure_ids
    step_ids: dict[str, str] = {}
    for n, (key, step) in enumerate(steps.items(), start=1):
        if step.name is None:
            step_ids[key] = key
            continue
        new, i = _slug(key, "step", n), 1
        while new in taken:
            i += 1
            new = f"{_slug(key, 'step', n)}-{i}"
        taken.add(new)
        step_ids[key] = new
    phase_ids: dict[str, str] = {}
    for n, key in enumerate(phases, start=1):
        new = key if ID.match(key) else _slug(key, "phase", n)
        while new in phase_ids.values():
            new += "-2"
        phase_ids[key] = new
    return step_ids, phase_ids


def to_data(
    steps: dict[str, Step],
    phases: dict[str, tuple[int, str | None]],
    failure_ids: set[str],
    title: str,
    language: str,
) -> Built:
    """The blueprint the grouped worksheet makes, as plain data, and what it counts."""
    step_ids, phase_ids = _ids(steps, phases, failure_ids)
    out_steps = []
    n_failures = n_actions = 0
    for key, step in steps.items():
        sid = step_ids[key]
        out: dict[str, Any] = {"id": sid, "lane": step.lane}
        if step.phase is not None:
            out["phase"] = phase_ids[step.phase]
        out["title"] = step.title or sid
        failures = [_failure_data(f, sid, i, step_ids) for i, f in enumerate(step.failures, start=1)]
        if failures:
            out["failures"] = failures
        n_failures += len(failures)
        n_actions += sum(len(c.actions) for f in step.failures for c in f.chains)
        out_steps.append(out)
    data: dict[str, Any] = {"blueprint": 1, "title": title, "language": language}
    if phases:
        data["phases"] = [{"id": phase_ids[k], "title": t or k} for k, (_, t) in phases.items()]
    data["steps"] = out_steps
    return Built(data, len(out_steps), n_failures, n_actions)


def _felt_at(value: Any, step_ids: dict[str, str]) -> list[str] | None:
    """A felt_at cell's ids that name a step of the sheet (a sheet lists the steps that have
    failures), None when it names none."""
    felt = [step_ids[k] for k in value or () if k in step_ids]
    return felt or None


def _failure_data(f: Failure, step_id: str, index: int, step_ids: dict[str, str]) -> dict[str, Any]:
    """A failure as plain data: the shorthand for one chain, ``causes:`` for several."""
    v = f.values
    out: dict[str, Any] = {}
    fid = f.explicit_id or f"{step_id}.{index}"
    if f.explicit_id and f.explicit_id != f"{step_id}.{index}":  # the default id needs no writing
        out["id"] = f.explicit_id
    out["mode"] = v["mode"]
    if v["effect"] is not None:
        out["effect"] = v["effect"]
    chained = len(f.chains) > 1 or any(c.cause_id is not None for c in f.chains)
    shared = {k: said for k in _SHARED if (said := _shared(f.chains, k)) is not None}
    if not chained:
        out.update(_chain_data(f.chains[0], step_ids, with_severity=f.ratings[0]))
    else:
        out["severity"] = f.ratings[0]
        causes = []
        for k, chain in enumerate(f.chains, start=1):
            cause: dict[str, Any] = {}
            if chain.cause_id is not None and chain.cause_id != f"{fid}.{k}":
                cause["id"] = chain.cause_id
            cause.update(_chain_data(chain, step_ids, skip=shared))
            causes.append(cause)
    if v["affected"] is not None:
        out["affected"] = v["affected"]
    if "cost_per_incident" in shared:
        out["cost_per_incident"] = shared["cost_per_incident"]
    if v["justification"] is not None:
        out["justification"] = v["justification"]
    felt_at = _felt_at(shared.get("felt_at"), step_ids)
    if felt_at:
        out["felt_at"] = felt_at
    if chained:
        out["causes"] = causes
    elif f.chains[0].actions:
        out["actions"] = _actions_data(f.chains[0].actions)
    return out


def _shared(chains: list[Chain], key: str) -> Any:
    """The value of ``key`` the failure says for its chains: None when a chain gives none,
    else the one most chains give (the first of them on a tie)."""
    values = [c.values[key] for c in chains]
    if any(v is None for v in values):
        return None
    return max(values, key=values.count)  # max keeps the first of equal counts


def _chain_data(
    chain: Chain,
    step_ids: dict[str, str],
    with_severity: int | None = None,
    skip: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A chain's cause, controls and ratings (and, inside ``causes:``, its own cost per
    incident and felt_at where they differ from what its failure says (``skip``), and its
    actions)."""
    v = chain.values
    out: dict[str, Any] = {}
    if v["cause"] is not None:
        out["cause"] = v["cause"]
    controls = {
        k: v[n] for k, n in (("prevention", "prevention"), ("detection", "detection_control")) if v[n]
    }
    if controls:
        out["controls"] = controls
    if with_severity is not None:
        out["severity"] = with_severity
    out.update(zip(_RATING_NAMES[1:], chain.ratings, strict=True))
    if with_severity is not None:
        return out  # the shorthand: the failure writes the rest
    said = skip or {}
    if v["cost_per_incident"] is not None and v["cost_per_incident"] != said.get("cost_per_incident"):
        out["cost_per_incident"] = v["cost_per_incident"]
    felt_at = _felt_at(v["felt_at"], step_ids) if v["felt_at"] != said.get("felt_at") else None
    if felt_at:
        out["felt_at"] = felt_at
    if chain.actions:
        out["actions"] = _actions_data(chain.actions)
    return out


def _actions_data(actions: list[ActionRow]) -> list[dict[str, Any]]:
    out = []
    for a in actions:
        action: dict[str, Any] = {"title": a.title}
        if a.owner is not None:
            action["owner"] = a.owner
        if a.due is not None:
            action["due"] = a.due
        action["status"] = a.status
        if a.revised is not None:
            action["revised"] = dict(zip(_RATING_NAMES, a.revised, strict=True))
        if a.cost is not None:
            action["cost"] = a.cost
        out.append(action)
    return out

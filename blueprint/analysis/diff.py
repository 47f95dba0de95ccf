"""Risk change between two versions of a blueprint (files or git revisions).

Failure modes are matched by id (explicit or the default ``<step>.<n>``): a failure is
added, removed, or changed when its ratings, AP, RPN or residual risk differ. Steps are
matched by id too. ``increase`` says whether the change raises risk: a failure whose AP
rose, or a new failure at AP H (what ``diff --fail-on-increase`` gates on).
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from typing import Any

from blueprint.analysis.ap import AP_ORDER, DEFAULT_PROFILE, ProfileRef, load_profile
from blueprint.errors import LoadError, ToolMissingError
from blueprint.i18n import Msg, msg
from blueprint.model import Blueprint

AP_LEVELS = ("H", "M", "L")


@dataclass(frozen=True)
class Risk:
    """A failure mode's scores in one version."""

    step: str
    mode: str
    severity: int
    occurrence: int
    detection: int
    rpn: int
    ap: str
    residual_ap: str | None
    residual_rpn: int | None

    @property
    def sod(self) -> str:
        return f"{self.severity}/{self.occurrence}/{self.detection}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "mode": self.mode,
            "severity": self.severity,
            "occurrence": self.occurrence,
            "detection": self.detection,
            "rpn": self.rpn,
            "ap": self.ap,
            "residual_ap": self.residual_ap,
            "residual_rpn": self.residual_rpn,
        }

    def _scores(self) -> tuple[Any, ...]:
        return (
            self.severity,
            self.occurrence,
            self.detection,
            self.rpn,
            self.ap,
            self.residual_ap,
            self.residual_rpn,
        )


@dataclass(frozen=True)
class FailureChange:
    """One failure mode that was added, removed or changed."""

    id: str
    before: Risk | None
    after: Risk | None

    @property
    def ap_rose(self) -> bool:
        """The AP is higher than before (L -> M, M -> H, L -> H)."""
        return (
            self.before is not None
            and self.after is not None
            and AP_ORDER[self.after.ap] < AP_ORDER[self.before.ap]
        )

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id}
        if self.before is not None:
            out["before"] = self.before.as_dict()
        if self.after is not None:
            out["after"] = self.after.as_dict()
        if self.before is not None and self.after is not None:
            out["ap_rose"] = self.ap_rose
        return out


@dataclass(frozen=True)
class StepRef:
    """A step added or removed."""

    id: str
    lane: str
    title: str

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "lane": self.lane, "title": self.title}


@dataclass
class Diff:
    """Everything that changed between ``old`` and ``new``."""

    old: str
    new: str
    profile: str
    added: list[FailureChange] = field(default_factory=list)
    removed: list[FailureChange] = field(default_factory=list)
    changed: list[FailureChange] = field(default_factory=list)
    steps_added: list[StepRef] = field(default_factory=list)
    steps_removed: list[StepRef] = field(default_factory=list)
    totals_before: dict[str, int] = field(default_factory=dict)
    totals_after: dict[str, int] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        """Nothing changed in failure modes, ratings or steps."""
        return not (self.added or self.removed or self.changed or self.steps_added or self.steps_removed)

    @property
    def ap_rose(self) -> list[str]:
        """Ids of failures whose AP rose."""
        return [c.id for c in self.changed if c.ap_rose]

    @property
    def new_high(self) -> list[str]:
        """Ids of new failures at AP H."""
        return [c.id for c in self.added if c.after is not None and c.after.ap == "H"]

    @property
    def increase(self) -> bool:
        """Whether the change raises risk (the ``--fail-on-increase`` gate)."""
        return bool(self.ap_rose or self.new_high)

    def as_dict(self) -> dict[str, Any]:
        """The documented JSON shape of a diff."""
        return {
            "old": self.old,
            "new": self.new,
            "profile": self.profile,
            "failures": {
                "added": [c.as_dict() for c in self.added],
                "removed": [c.as_dict() for c in self.removed],
                "changed": [c.as_dict() for c in self.changed],
            },
            "steps": {
                "added": [s.as_dict() for s in self.steps_added],
                "removed": [s.as_dict() for s in self.steps_removed],
            },
            "totals": {"before": self.totals_before, "after": self.totals_after},
            "increase": {"ap_rose": self.ap_rose, "new_high": self.new_high, "any": self.increase},
        }


def _risks(bp: Blueprint, profile: ProfileRef) -> dict[str, Risk]:
    from blueprint.analysis.fmea import score
    from blueprint.analysis.shared import reaching

    out = {}
    for s in score(reaching(bp), profile):
        # one entry per failure chain: a failure without causes: is its own one chain
        for c in s.chains:
            r = c.ratings
            mode = f"{s.failure.mode} ↳ {c.cause.cause}" if s.failure.chained else s.failure.mode
            out[c.id] = Risk(
                step=s.step.id,
                mode=mode,
                severity=r.severity,
                occurrence=r.occurrence,
                detection=r.detection,
                rpn=c.rpn,
                ap=c.ap,
                residual_ap=c.residual_ap,
                residual_rpn=c.residual_rpn,
            )
    return out


def _totals(risks: dict[str, Risk]) -> dict[str, int]:
    return {level: sum(1 for r in risks.values() if r.ap == level) for level in AP_LEVELS}


def compare(
    old: Blueprint, new: Blueprint, old_label: str, new_label: str, profile: ProfileRef = DEFAULT_PROFILE
) -> Diff:
    """The risk change from ``old`` to ``new``; lists follow the file order of the side they come from."""
    table = load_profile(profile)
    before, after = _risks(old, table), _risks(new, table)
    diff = Diff(old_label, new_label, table.name, totals_before=_totals(before), totals_after=_totals(after))
    for fid, risk in after.items():
        if fid not in before:
            diff.added.append(FailureChange(fid, None, risk))
        elif before[fid]._scores() != risk._scores():
            diff.changed.append(FailureChange(fid, before[fid], risk))
    diff.removed = [FailureChange(fid, risk, None) for fid, risk in before.items() if fid not in after]
    old_steps, new_steps = old.step_index(), new.step_index()
    diff.steps_added = [StepRef(s.id, s.lane, s.title) for s in new.steps if s.id not in old_steps]
    diff.steps_removed = [StepRef(s.id, s.lane, s.title) for s in old.steps if s.id not in new_steps]
    return diff


# -- reading each side -------------------------------------------------------------------


def _git(args: list[str], spec: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], capture_output=True, cwd=os.getcwd(), check=False)
    except FileNotFoundError:
        raise ToolMissingError.worded(msg("diff.git.missing", spec=spec)) from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        first = said[0].removeprefix("fatal: ").strip() if said else ""
        reason: str | Msg = first or msg("diff.git.exit", code=done.returncode)
        raise LoadError.worded(msg("diff.git.failed", spec=spec, reason=reason))
    return done.stdout


def split_spec(spec: str) -> tuple[str, str] | None:
    """``REV:path`` -> (rev, path), or None for a plain file name."""
    if os.path.exists(spec) or ":" not in spec:
        return None
    rev, _, path = spec.partition(":")
    if not rev or not path or (len(rev) == 1 and rev.isalpha() and path.startswith(("\\", "/"))):
        return None  # ``:path`` (the index) is not supported; ``C:\\x`` is a Windows path
    return rev, path


def read_side(spec: str) -> Blueprint:
    """The blueprint named by ``spec``: a file, or ``REV:path`` read with ``git show``."""
    from blueprint.load.loader import load_blueprint, load_bytes, require_valid
    from blueprint.load.source import MAX_BYTES

    parts = split_spec(spec)
    if parts is None:
        from blueprint.common.paths import display_path

        return load_blueprint(spec, display_path(spec) if os.path.exists(spec) else spec)
    rev, path = parts
    if rev.startswith("-"):  # git would read it as an option (``--output=FILE`` writes a file)
        raise LoadError.worded(msg("diff.git.not_rev", rev=rev), spec)
    _git(["rev-parse", "--show-toplevel"], spec)  # a clear error outside a repository
    size = _git(["cat-file", "-s", f"{rev}:{path}"], spec).strip()
    if not size.isdigit() or int(size) > MAX_BYTES:  # refused before git prints it
        raise LoadError.worded(msg("load.too_large", mb=MAX_BYTES // (1024 * 1024)), spec)
    raw = _git(["show", f"{rev}:{path}"], spec)
    # the shared files it includes are read from the working tree, beside the file
    return require_valid(load_bytes(raw, spec, base=os.path.dirname(path)))

"""Lint rules: one module per rule, each with a stable code.

A rule module defines ``CODE``, ``NAME``, ``SEVERITY`` and ``check(ctx)``, which yields
findings; the module docstring is the rule's documentation (``blueprint explain CODE``).
Codes never change meaning; a retired code is never reused.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import lru_cache
from types import ModuleType
from typing import TYPE_CHECKING, Any

from blueprint.analysis.ap import DEFAULT_PROFILE, ProfileRef
from blueprint.findings import Finding, Severity
from blueprint.i18n import Msg

if TYPE_CHECKING:
    from blueprint.load.loader import Loaded
    from blueprint.load.source import Path
    from blueprint.model import Blueprint, Cause, Failure

#: the registry: a module of this folder is a rule only by being listed here (code order)
RULE_MODULES: tuple[str, ...] = (
    "unreadable",
    "schema",
    "duplicate_id",
    "unknown_reference",
    "undeclared_phase",
    "missing_phase",
    "isolated_step",
    "unaddressed_risk",
    "rpn_limit",
    "uses_cycle",
    "uses_toward_customer",
    "backward_flow",
    "unserved_interaction",
    "unreached_frontstage",
    "felt_at_not_customer",
    "suppression_reason",
)


@dataclass(frozen=True)
class Options:
    """What the risk gates and the rule selection need."""

    fail_on: str = "H"
    max_rpn: int | None = None
    #: the AP table (resolved once per run), or its name or path
    profile: ProfileRef = DEFAULT_PROFILE
    disabled: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Rule:
    """A rule as listed by ``explain`` and in SARIF ``tool.driver.rules``."""

    code: str
    name: str
    severity: Severity
    summary: str
    doc: str
    module: Any


@dataclass
class Context:
    """What a rule sees: the parsed file, its model and the options."""

    loaded: Loaded
    options: Options = field(default_factory=Options)

    @property
    def blueprint(self) -> Blueprint:
        assert self.loaded.blueprint is not None
        return self.loaded.blueprint

    @property
    def path(self) -> str:
        return self.loaded.source.path

    def finding(
        self, code: str, where: Path, message: str | Msg, *, key: str = "", at_key: bool = False
    ) -> Finding:
        """A finding of rule ``code`` at the document path ``where``.

        ``message`` is a catalogue :class:`~blueprint.i18n.Msg` (worded in the reader's
        language by text output, in English everywhere else) or plain English text.
        """
        rule = rule_by_code(code)
        assert rule is not None, code
        line, col = self.loaded.source.pos(where, key=at_key)
        return make_finding(self.path, line, col, rule, message, key)

    def failure_path(self, failure: Failure) -> Path:
        step = self.blueprint.step_index()[failure.step]
        return ("steps", step.index, "failures", failure.index - 1)

    def cause_path(self, failure: Failure, cause: Cause) -> Path:
        """Where a failure chain is written: its ``causes:`` entry, or the failure itself."""
        where = self.failure_path(failure)
        return (*where, "causes", cause.index - 1) if cause.listed else where


def make_finding(path: str, line: int, col: int, rule: Rule, message: str | Msg, key: str = "") -> Finding:
    """A finding of ``rule``; a :class:`Msg` message keeps its key for translation."""
    if isinstance(message, Msg):
        english = message.text("en")
        return Finding(
            path,
            line,
            col,
            rule.code,
            rule.severity,
            english,
            rule.name,
            key or english,
            msg_key=message.key,
            params=message.params,
        )
    return Finding(path, line, col, rule.code, rule.severity, message, rule.name, key or message)


@lru_cache(maxsize=1)
def all_rules() -> tuple[Rule, ...]:
    """Every rule, in code order."""
    rules = []
    for name in RULE_MODULES:
        mod: ModuleType = importlib.import_module(f"blueprint.rules.{name}")
        doc = (mod.__doc__ or "").strip()
        rules.append(Rule(mod.CODE, mod.NAME, mod.SEVERITY, doc.splitlines()[0] if doc else "", doc, mod))
    return tuple(sorted(rules, key=lambda r: r.code))


def rule_by_code(code: str) -> Rule | None:
    """A rule by code (``BP003``) or name (``unknown-reference``), case-insensitive."""
    wanted = code.strip().lower()
    for rule in all_rules():
        if wanted in (rule.code.lower(), rule.name.lower()):
            return rule
    return None


def run_rules(
    loaded: Loaded, options: Options | None = None, *, codes: tuple[str, ...] | None = None
) -> list[Finding]:
    """All findings for one analysed file, sorted by position and code."""
    ctx = Context(loaded, options or Options())
    findings: list[Finding] = []
    for rule in all_rules():
        if rule.code in ctx.options.disabled or (codes is not None and rule.code not in codes):
            continue
        if rule.code != "BP001" and loaded.blueprint is None:
            continue
        findings.extend(rule.module.check(ctx))
    return sorted(set(findings))

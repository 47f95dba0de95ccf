"""Worksheet rows -> a blueprint: steps, failures and actions, written as canonical YAML.

Rows are grouped like this:

- **Steps** come from the step, step title, lane and phase columns. A step cell that is a
  valid id is the step's id; anything else (a name, Chinese text) is its title, and an id
  is made up (``step-1`` ... or a slug of an ASCII name). Steps keep the order in which
  they first appear, and so do phases.
- **Failures**: rows with the same failure id are one failure (its columns repeat on
  every row of its actions, or are left blank after the first). Without an id, a row
  whose failure columns are all blank but that names an action adds that action to the
  failure above, and consecutive rows that repeat the same failure exactly are one.
- A value that disagrees with the same failure's or step's value in an earlier row is
  a problem, reported with both row numbers.

The worksheet carries no flow, so the blueprint has no ``next`` or ``uses`` edges: it
loads and scores, and ``check`` warns about isolated steps until edges are added.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Final

from blueprint.worksheet.rows import ActionRow, Row

__all__ = ["Built", "build_blueprint", "yaml_text"]

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
#: what a failure mode says once, and what each of its failure chains says
_FAILURE_FIELDS: Final = ("mode", "effect", "justification", "affected", "felt_at")
_CHAIN_FIELDS: Final = ("cause", "prevention", "detection_control")
_RATING_NAMES: Final = ("severity", "occurrence", "detection")
MODELINE: Final = "# yaml-language-server: $schema=blueprint.schema.json"


@dataclass
class _Chain:
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
class _Failure:
    row: int
    step: str
    explicit_id: str | None
    values: dict[str, Any]
    ratings: list[int | None]  # severity (the chains hold occurrence and detection)
    chains: list[_Chain] = field(default_factory=list)


@dataclass
class _Step:
    row: int
    key: str
    name: str | None  # the title given when the step cell was not an id
    title: str | None
    lane: str | None
    phase: str | None  # the phase key
    failures: list[_Failure] = field(default_factory=list)


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
    return slug if slug and _ID.match(slug) else f"{prefix}-{n}"


class _Builder:
    def __init__(self, display: str) -> None:
        self.display = display
        self.problems: list[str] = []
        self.steps: dict[str, _Step] = {}
        self.phases: dict[str, tuple[int, str | None]] = {}  # key -> (first row, title)
        self.by_id: dict[str, _Failure] = {}
        self.last: _Failure | None = None
        self.last_chain: _Chain | None = None

    def problem(self, row: int, message: str) -> None:
        self.problems.append(f"{self.display}: row {row}: {message}")

    def agree(self, row: int, what: str, name: str, new: Any, old: Any, old_row: int) -> bool:
        if new is None or old is None or new == old:
            return True
        self.problem(row, f"{what} has {name} '{new}' here but '{old}' in row {old_row}")
        return False

    def phase(self, r: Row) -> str | None:
        key = r.phase or r.phase_title
        if key is None:
            return None
        if key not in self.phases:
            self.phases[key] = (r.number, r.phase_title)
        else:
            first, title = self.phases[key]
            if self.agree(r.number, f"phase '{key}'", "title", r.phase_title, title, first) and title is None:
                self.phases[key] = (first, r.phase_title)
        return key

    def step(self, r: Row) -> _Step | None:
        key = r.step or r.step_title
        if key is None:
            self.problem(r.number, "no step: fill the Step (步驟) or Step title (步驟名稱) column")
            return None
        name = None if r.step and _ID.match(r.step) else key
        title = r.step_title if r.step_title is not None else name
        phase = self.phase(r)
        step = self.steps.get(key)
        if step is None:
            if r.lane is None and "lane" not in r.bad:
                self.problem(
                    r.number,
                    f"step '{key}' has no lane: customer, frontstage, backstage or support "
                    "(顧客行為, 前台, 後台, 支援流程)",
                )
            step = _Step(r.number, key, name, title, r.lane, phase)
            self.steps[key] = step
            return step
        what = f"step '{key}'"
        self.agree(r.number, what, "lane", r.lane, step.lane, step.row)
        self.agree(r.number, what, "title", title, step.title, step.row)
        self.agree(r.number, what, "phase", phase, step.phase, step.row)
        step.title, step.lane, step.phase = step.title or title, step.lane or r.lane, step.phase or phase
        return step

    def add(self, r: Row) -> None:
        if not r.has_failure:
            if r.action is None:  # a step without failure modes
                if r.step or r.step_title:
                    self.step(r)
                self.last = None
                return
            if self.last is None:
                self.problem(
                    r.number, f"action '{r.action.title}' has no failure mode above it or in its row"
                )
                return
            if (r.step or r.step_title) and (r.step or r.step_title) != self.last.step:
                self.problem(
                    r.number,
                    f"action '{r.action.title}' has no failure mode in its row, and the row "
                    f"above is a failure of step '{self.last.step}'",
                )
                return
            assert self.last_chain is not None
            self.last_chain.actions.append(r.action)
            return
        step = self.step(r)
        if step is None:
            return
        values = {name: getattr(r, name) for name in _FAILURE_FIELDS}
        found = self.by_id.get(r.failure_id) if r.failure_id else self._repeat(r, step.key, values)
        if found is None:
            found = self._new(r, step, values)
        else:
            self._merge(r, step.key, found, values)
        chain = self._chain(r, found)
        if r.action is not None:
            chain.actions.append(r.action)
        self.last, self.last_chain = found, chain

    def _repeat(self, r: Row, step: str, values: dict[str, Any]) -> _Failure | None:
        """The failure above when this row repeats it exactly (a flat sheet without ids)."""
        last, chain = self.last, self.last_chain
        if last is None or chain is None or last.explicit_id or last.step != step:
            return None
        same_chain = chain.values == {n: getattr(r, n) for n in _CHAIN_FIELDS} and chain.ratings == [
            *r.ratings[1:]
        ]
        return last if last.values == values and last.ratings == [r.ratings[0]] and same_chain else None

    def _chain(self, r: Row, f: _Failure) -> _Chain:
        """The failure chain this row belongs to: rows that share a failure id but name another
        cause (or another cause id) are the mode's other causes."""
        values = {n: getattr(r, n) for n in _CHAIN_FIELDS}
        ratings = list(r.ratings[1:])
        for chain in f.chains:
            if chain.takes(r.cause_id, values, ratings):
                for i, v in enumerate(ratings):
                    chain.ratings[i] = chain.ratings[i] if v is None else v
                chain.values.update({k: v for k, v in values.items() if v is not None})
                return chain
        for name, value in zip(_RATING_NAMES[1:], ratings, strict=True):
            if value is None and name not in r.bad:
                self.problem(r.number, f"{name} is missing")
        chain = _Chain(r.number, r.cause_id, values, ratings)
        f.chains.append(chain)
        return chain

    def _new(self, r: Row, step: _Step, values: dict[str, Any]) -> _Failure:
        if r.mode is None:
            self.problem(r.number, "the failure mode is missing")
        if r.ratings[0] is None and "severity" not in r.bad:
            self.problem(r.number, "severity is missing")
        failure = _Failure(r.number, step.key, r.failure_id, values, [r.ratings[0]])
        step.failures.append(failure)
        if r.failure_id:
            self.by_id[r.failure_id] = failure
        return failure

    def _merge(self, r: Row, step: str, f: _Failure, values: dict[str, Any]) -> None:
        what = f"failure '{f.explicit_id or r.mode}'"
        if step != f.step:
            self.problem(r.number, f"{what} is in step '{step}' here but '{f.step}' in row {f.row}")
            return
        for name, value in values.items():
            if (
                self.agree(r.number, what, name.replace("_", " "), value, f.values[name], f.row)
                and value is not None
            ):
                f.values[name] = value
        if self.agree(r.number, what, "severity", r.ratings[0], f.ratings[0], f.row) and r.ratings[0]:
            f.ratings[0] = r.ratings[0]

    def finish(self) -> None:
        """Problems only the whole sheet shows: a step without a phase once phases are used, a failure
        id that is also a step id."""
        for fid, f in self.by_id.items():
            step = self.steps.get(fid)
            if step is not None and step.name is None:
                self.problem(f.row, f"failure id '{fid}' is also the id of a step (they share one namespace)")
        if self.phases:
            for step in self.steps.values():
                if step.phase is None:
                    self.problem(
                        step.row,
                        f"step '{step.key}' has no phase, but other rows name one "
                        "(once phases are used every step needs one)",
                    )


def build_blueprint(
    rows: list[Row], display: str, title: str, language: str
) -> tuple[Built | None, list[str]]:
    """Group ``rows`` into a blueprint; returns (None, problems) when any row is inconsistent."""
    b = _Builder(display)
    for r in rows:
        b.add(r)
    b.finish()
    if b.problems:
        return None, b.problems
    return _data(b, title, language), []


def _ids(b: _Builder) -> tuple[dict[str, str], dict[str, str]]:
    """Step and phase ids: the sheet's own where they are ids, made-up ones otherwise."""
    taken = {k for k, s in b.steps.items() if s.name is None} | set(b.by_id)
    step_ids: dict[str, str] = {}
    for n, (key, step) in enumerate(b.steps.items(), start=1):
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
    for n, key in enumerate(b.phases, start=1):
        new = key if _ID.match(key) else _slug(key, "phase", n)
        while new in phase_ids.values():
            new += "-2"
        phase_ids[key] = new
    return step_ids, phase_ids


def _data(b: _Builder, title: str, language: str) -> Built:
    step_ids, phase_ids = _ids(b)
    steps = []
    n_failures = n_actions = 0
    for key, step in b.steps.items():
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
        steps.append(out)
    data: dict[str, Any] = {"blueprint": 1, "title": title, "language": language}
    if b.phases:
        data["phases"] = [{"id": phase_ids[k], "title": t or k} for k, (_, t) in b.phases.items()]
    data["steps"] = steps
    return Built(data, len(steps), n_failures, n_actions)


def _failure_data(f: _Failure, step_id: str, index: int, step_ids: dict[str, str]) -> dict[str, Any]:
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
    if not chained:
        out.update(_chain_data(f.chains[0], with_severity=f.ratings[0]))
    else:
        out["severity"] = f.ratings[0]
        causes = []
        for k, chain in enumerate(f.chains, start=1):
            cause: dict[str, Any] = {}
            if chain.cause_id is not None and chain.cause_id != f"{fid}.{k}":
                cause["id"] = chain.cause_id
            cause.update(_chain_data(chain))
            causes.append(cause)
    if v["affected"] is not None:
        out["affected"] = v["affected"]
    if v["justification"] is not None:
        out["justification"] = v["justification"]
    # a sheet lists the steps that have failures: felt_at keeps the ones it names
    felt_at = [step_ids[k] for k in v["felt_at"] or () if k in step_ids]
    if felt_at:
        out["felt_at"] = felt_at
    if chained:
        out["causes"] = causes
    elif f.chains[0].actions:
        out["actions"] = _actions_data(f.chains[0].actions)
    return out


def _chain_data(chain: _Chain, with_severity: int | None = None) -> dict[str, Any]:
    """A chain's cause, controls and ratings (and, inside ``causes:``, its actions)."""
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
    if with_severity is None and chain.actions:
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
        out.append(action)
    return out


_FLOW_KEYS: Final = ("controls", "revised")
_DATE: Final = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_QUOTED_DATE = re.compile(r"^(\s*(?:- )?due: )'([0-9]{4}-[0-9]{2}-[0-9]{2})'$", re.MULTILINE)


def _commented(node: Any, flow: bool = False, quote: Any = None) -> Any:
    """Plain data -> ruamel's round-trip types, with the examples' flow style for short maps."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    quote = quote or _quoter()
    if isinstance(node, dict):
        m = CommentedMap((k, _commented(v, k in _FLOW_KEYS, quote)) for k, v in node.items())
        if flow:
            m.fa.set_flow_style()
        return m
    if isinstance(node, list):
        return CommentedSeq(_commented(v, False, quote) for v in node)
    return quote(node) if isinstance(node, str) else node


def _quoter() -> Any:
    """Text -> itself, or single-quoted where a YAML reader could take it plain for something
    else: the loader (YAML 1.2 core), or a YAML 1.1 reader (``yes``, ``1_000``) -- as ``fmt``
    writes it, so that ``fmt`` leaves an imported file as it is. Dates stay plain."""
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.resolver import VersionedResolver
    from ruamel.yaml.scalarstring import SingleQuotedScalarString

    from blueprint.load.source import resolve_plain

    readers = (VersionedResolver(version=(1, 1)), VersionedResolver(version=(1, 2)))
    text_tag = "tag:yaml.org,2002:str"

    def quote(value: str) -> Any:
        if _DATE.match(value):
            return value
        if not isinstance(resolve_plain(value), str) or any(
            str(r.resolve(ScalarNode, value, (True, False))) != text_tag for r in readers
        ):
            return SingleQuotedScalarString(value)
        return value

    return quote


def yaml_text(data: dict[str, Any], comment: str, display: str) -> str:
    """The blueprint as YAML in the canonical layout (``blueprint fmt`` leaves it as it is)."""
    import io

    from ruamel.yaml import YAML

    from blueprint.load.fmt import WIDTH

    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = WIDTH
    for flow_phases in (True, False):
        doc = _commented(data)
        for phase in doc.get("phases", []) if flow_phases else ():
            phase.fa.set_flow_style()
        buf = io.StringIO()
        yaml.dump(doc, buf)
        try:  # ruamel leaves a title such as ":x" unquoted in a flow mapping: block style then
            if YAML(typ="safe").load(buf.getvalue()) == data:
                break
        except Exception:  # any parse error: write the phases in block style
            continue
    body = _QUOTED_DATE.sub(r"\1\2", buf.getvalue())  # dates plain, as in hand-written files
    lines = "".join(f"# {line}\n" for line in comment.splitlines())
    # the data is built in the schema's key order and the text quoted as fmt quotes it, so
    # this is fmt's layout already (the tests hold it to that); formatting it again would
    # parse it once more with the pure-Python round-trip reader, most of an import's time
    return f"{MODELINE}\n{lines}{body}"

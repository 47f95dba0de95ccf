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

from typing import Any, Final

from blueprint.worksheet.grouped import ID, Built, Chain, Failure, Step, to_data
from blueprint.worksheet.rows import Row

__all__ = ["Built", "build_blueprint"]

#: what a failure mode says once, and what each of its failure chains says (where it is felt
#: and what its incidents cost may differ from chain to chain)
_FAILURE_FIELDS: Final = ("mode", "effect", "justification", "affected")
_CHAIN_FIELDS: Final = ("cause", "prevention", "detection_control", "felt_at", "cost_per_incident")
_RATING_NAMES: Final = ("severity", "occurrence", "detection")


class _Builder:
    def __init__(self, display: str) -> None:
        self.display = display
        self.problems: list[str] = []
        self.steps: dict[str, Step] = {}
        self.phases: dict[str, tuple[int, str | None]] = {}  # key -> (first row, title)
        self.by_id: dict[str, Failure] = {}
        self.last: Failure | None = None
        self.last_chain: Chain | None = None

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

    def step(self, r: Row) -> Step | None:
        key = r.step or r.step_title
        if key is None:
            self.problem(r.number, "no step: fill the Step (步驟) or Step title (步驟名稱) column")
            return None
        name = None if r.step and ID.match(r.step) else key
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
            step = Step(r.number, key, name, title, r.lane, phase)
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

    def _repeat(self, r: Row, step: str, values: dict[str, Any]) -> Failure | None:
        """The failure above when this row repeats it exactly (a flat sheet without ids)."""
        last, chain = self.last, self.last_chain
        if last is None or chain is None or last.explicit_id or last.step != step:
            return None
        same_chain = chain.values == {n: getattr(r, n) for n in _CHAIN_FIELDS} and chain.ratings == [
            *r.ratings[1:]
        ]
        return last if last.values == values and last.ratings == [r.ratings[0]] and same_chain else None

    def _chain(self, r: Row, f: Failure) -> Chain:
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
        chain = Chain(r.number, r.cause_id, values, ratings)
        f.chains.append(chain)
        return chain

    def _new(self, r: Row, step: Step, values: dict[str, Any]) -> Failure:
        if r.mode is None:
            self.problem(r.number, "the failure mode is missing")
        if r.ratings[0] is None and "severity" not in r.bad:
            self.problem(r.number, "severity is missing")
        failure = Failure(r.number, step.key, r.failure_id, values, [r.ratings[0]])
        step.failures.append(failure)
        if r.failure_id:
            self.by_id[r.failure_id] = failure
        return failure

    def _merge(self, r: Row, step: str, f: Failure, values: dict[str, Any]) -> None:
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
    return to_data(b.steps, b.phases, set(b.by_id), title, language), []

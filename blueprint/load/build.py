"""Build the typed model (:mod:`blueprint.model`) from schema-valid data with positions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from blueprint.load.reuse import reused
from blueprint.model import (
    DEFAULT_BANDS,
    Action,
    Blueprint,
    Cause,
    Economics,
    Failure,
    Meta,
    Phase,
    Ratings,
    Retention,
    RetentionBand,
    Step,
    Time,
    parse_duration,
)

if TYPE_CHECKING:
    from blueprint.load.include import SharedFile

PosFn = Any  # Callable[[tuple[str | int, ...]], tuple[int, int]]
#: the written data of every failure of the included shared files, by id
Standards = Mapping[str, dict[str, Any]]


def _actions(items: list[dict[str, Any]], where: tuple[str | int, ...], pos: PosFn) -> tuple[Action, ...]:
    out = []
    for k, a in enumerate(items):
        line, col = pos((*where, "actions", k))
        revised = _ratings(a["revised"]) if a.get("revised") else None
        status = str(a.get("status", "open"))
        cost = _number(a, "cost")
        out.append(
            Action(str(a["title"]), _text(a, "owner"), _text(a, "due"), status, revised, line, col, cost)
        )
    return tuple(out)


def _cause(c: dict[str, Any], cid: str, index: int, where: tuple[str | int, ...], pos: PosFn) -> Cause:
    controls = c.get("controls") or {}
    line, col = pos(where)
    listed = where[-2] == "causes"  # else the failure's own fields: the one-chain shorthand
    return Cause(
        id=cid,
        index=index,
        cause=_text(c, "cause") or "",
        prevention=_text(controls, "prevention") or "",
        detection_control=_text(controls, "detection") or "",
        occurrence=int(c["occurrence"]),
        detection=int(c["detection"]),
        actions=_actions(c.get("actions") or [], where, pos),
        justification=_text(c, "justification"),
        listed=listed,
        explicit_id="id" in c and listed,
        line=line,
        col=col,
        felt_at=_ids(c.get("felt_at")) if listed else None,
        cost_per_incident=_number(c, "cost_per_incident") if listed else None,
    )


def _failure(f: dict[str, Any], step: str, where: tuple[str | int, ...], index: int, pos: PosFn) -> Failure:
    """One failure and its chains: ``causes:`` entries, or the failure's own fields as one chain."""
    fid = str(f.get("id") or f"{step}.{index}")
    severity = int(f["severity"])
    if "causes" in f:
        causes = tuple(
            _cause(c, str(c.get("id") or f"{fid}.{k + 1}"), k + 1, (*where, "causes", k), pos)
            for k, c in enumerate(f["causes"])
        )
        # the representative ratings: the chain of highest RPN, the first on a tie
        top = max(causes, key=lambda c: (c.occurrence * c.detection, -c.index))
        ratings = Ratings(severity, top.occurrence, top.detection)
        actions = tuple(a for c in causes for a in c.actions)
        cause_text = prevention = detection_control = ""
        justification = _text(f, "justification")
    else:
        own = _cause({**f, "justification": None}, fid, 1, where, pos)
        causes = (own,)
        ratings = Ratings(severity, own.occurrence, own.detection)
        actions, cause_text = own.actions, own.cause
        prevention, detection_control = own.prevention, own.detection_control
        justification = _text(f, "justification")
    line, col = pos(where)
    return Failure(
        id=fid,
        step=step,
        index=index,
        mode=str(f["mode"]),
        effect=_text(f, "effect") or "",
        cause=cause_text,
        prevention=prevention,
        detection_control=detection_control,
        ratings=ratings,
        affected=float(f["affected"]) if f.get("affected") is not None else None,
        justification=justification,
        actions=actions,
        explicit_id="id" in f,
        line=line,
        col=col,
        causes=causes,
        chained="causes" in f,
        felt_at=_ids(f.get("felt_at")),
        cost_per_incident=_number(f, "cost_per_incident"),
    )


def _ids(value: Any) -> tuple[str, ...] | None:
    """A list of step ids as a tuple, ``None`` when the key is absent."""
    return None if value is None else tuple(str(v) for v in value)


def _text(d: dict[str, Any], key: str) -> str | None:
    v = d.get(key)
    return None if v is None else str(v)


def _number(d: dict[str, Any], key: str) -> float | None:
    v = d.get(key)
    return None if v is None else float(v)


def _economics(econ: dict[str, Any] | None) -> Economics | None:
    """The ``economics:`` block (None without one)."""
    if not econ:
        return None
    ret = econ.get("retention")
    base = Retention()
    bands: tuple[RetentionBand, ...] = ()
    if ret is None:
        bands = (
            tuple(
                RetentionBand(
                    int(b["min"]),
                    int(b["max"]),
                    Retention(
                        float(b["silent"]),
                        float(b["unresolved"]),
                        float(b["resolved"]),
                        _bounds(b.get("bounds")),
                    ),
                )
                for b in econ.get("retention_by_severity") or []
            )
            or DEFAULT_BANDS
        )
    ret = ret or {}
    explicit = frozenset(k for k in ("complaint_rate", "resolved_rate") if k in econ) | (
        frozenset(ret) - {"bounds"}
    )
    if "retention_by_severity" in econ and "retention" not in econ:
        explicit |= {"retention_by_severity"}
    return Economics(
        customers=float(econ["customers"]),
        revenue_per_customer=float(econ["revenue_per_customer"]),
        currency=str(econ.get("currency", "")),
        complaint_rate=float(econ.get("complaint_rate", 0.05)),
        resolved_rate=float(econ.get("resolved_rate", 0.5)),
        retention=Retention(
            silent=float(ret.get("silent", base.silent)),
            unresolved=float(ret.get("unresolved", base.unresolved)),
            resolved=float(ret.get("resolved", base.resolved)),
            bounds=_bounds(ret.get("bounds")),
        ),
        explicit=explicit,
        by_severity=bands,
        cost_per_incident=float(econ.get("cost_per_incident", 0.0)),
        retention_spread=float(econ.get("retention_spread", 0.25)),
    )


def _bounds(given: dict[str, Any] | None) -> tuple[tuple[str, float, float], ...]:
    """``{silent: [0.05, 0.15]}`` as ``(("silent", 0.05, 0.15),)``: the two ends in either order."""
    ends = ((name, sorted(float(x) for x in pair)) for name, pair in sorted((given or {}).items()))
    return tuple((name, lo, hi) for name, (lo, hi) in ends)


def _ratings(d: dict[str, Any]) -> Ratings:
    return Ratings(int(d["severity"]), int(d["occurrence"]), int(d["detection"]))


def _step(s: dict[str, Any], i: int, pos: PosFn, standards: Standards, path: str) -> Step:
    """One step of the file, its failures built (with ``from:`` ones merged with their standard)."""
    failures = []
    for j, written in enumerate(s.get("failures") or []):
        where: tuple[str | int, ...] = ("steps", i, "failures", j)
        data, overrides = reused(written, standards, (path, pos(where)))
        failure = _failure(data, str(s["id"]), where, j + 1, pos)
        if "from" in data:
            failure = replace(failure, from_id=str(data["from"]), overrides=overrides)
        failures.append(failure)
    t = s.get("time")
    time = (
        Time(
            parse_duration(t["expected"]) if t.get("expected") else None,
            parse_duration(t["tolerance"]) if t.get("tolerance") else None,
        )
        if t
        else None
    )
    line, col = pos(("steps", i))
    return Step(
        id=str(s["id"]),
        lane=str(s["lane"]),
        title=str(s["title"]),
        phase=_text(s, "phase"),
        evidence=tuple(str(e) for e in s.get("evidence") or []),
        channel=_text(s, "channel"),
        actor=_text(s, "actor"),
        next=tuple(str(n) for n in s.get("next") or []),
        uses=tuple(str(u) for u in s.get("uses") or []),
        time=time,
        emotion=None if s.get("emotion") is None else int(s["emotion"]),
        failures=tuple(failures),
        index=i,
        line=line,
        col=col,
    )


def build(data: dict[str, Any], path: str, pos: PosFn, shared: Sequence[SharedFile] = ()) -> Blueprint:
    """Build the model from schema-valid data; ``pos(path)`` gives (line, col).

    The steps of the ``shared`` files (what ``include:`` names, in order) follow the
    file's own steps, each marked with the shared file it comes from and keeping its
    position in that file.
    """
    phases = tuple(
        Phase(str(p["id"]), str(p["title"]), *pos(("phases", i)))
        for i, p in enumerate(data.get("phases") or [])
    )
    standards: dict[str, dict[str, Any]] = {}
    for sf in shared:
        for fid, written in sf.failure_data().items():
            standards.setdefault(fid, written)
    steps = [_step(s, i, pos, standards, path) for i, s in enumerate(data["steps"])]
    steps += [step for sf in shared for step in sf.steps()]
    return Blueprint(
        path=path,
        title=str(data["title"]),
        scenario=_text(data, "scenario"),
        customer=_text(data, "customer"),
        language=_text(data, "language"),
        phases=phases,
        steps=tuple(steps),
        economics=_economics(data.get("economics")),
        meta=Meta(**{k: _text(data.get("meta") or {}, k) for k in ("version", "author", "date", "client")}),
        kind=_text(data, "kind") or "journey",
        includes=tuple(sf.display for sf in shared),
    )

"""Worksheet rows, each checked on its own: ratings 1-10, lanes, statuses, dates, shares, ids.

A cell is read as the person wrote it: the CSV's protective quote and the xlsx's
``_xHHHH_`` escapes are undone, a whole number Excel stored as ``7.0`` is 7, and an Excel
date is a ``YYYY-MM-DD`` date. Every problem names the cell's column and what it holds.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Final

from blueprint.common.spreadsheet import unneutralise
from blueprint.i18n import Msg, msg
from blueprint.worksheet.layout import DERIVED, HeaderMatch, normalise

__all__ = ["ActionRow", "Row", "parse_rows"]

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_LOOSE_DATE = re.compile(r"^([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?$")
LANE_NAMES: Final = "customer, frontstage, backstage, support (顧客行為, 前台, 後台, 支援流程)"
STATUS_NAMES: Final = "open, in-progress, done, dropped (未開始, 進行中, 已完成, 已放棄)"


@dataclass(frozen=True)
class ActionRow:
    title: str
    owner: str | None
    due: str | None
    status: str
    revised: tuple[int, int, int] | None
    cost: float | None = None


@dataclass(frozen=True)
class Row:
    """One data row, checked and typed; blank cells are None."""

    number: int
    phase: str | None
    phase_title: str | None
    step: str | None
    step_title: str | None
    lane: str | None
    failure_id: str | None
    effect: str | None
    mode: str | None
    cause: str | None
    prevention: str | None
    detection_control: str | None
    ratings: tuple[int | None, int | None, int | None]
    justification: str | None
    affected: float | None
    action: ActionRow | None
    #: the customer steps where the author says the failure chain is felt (``felt_at``)
    felt_at: tuple[str, ...] | None = None
    #: money per incident of this row's failure chain (``cost_per_incident``)
    cost_per_incident: float | None = None
    bad: frozenset[str] = frozenset()  # the columns whose cells were refused
    cause_id: str | None = None  # the failure chain of a mode with several causes

    @property
    def has_failure(self) -> bool:
        """Whether the row names a failure (as opposed to only an action or only a step)."""
        return any(v is not None for v in (self.failure_id, self.mode, *self.ratings))


class _Bad(Exception):
    """One cell's problem, collected into the row's list."""

    def __init__(self, problem: Msg) -> None:
        super().__init__(problem.text("en"))
        self.problem = problem


def _lookup(names: dict[str, str]) -> dict[str, str]:
    return {normalise(k): v for k, v in names.items()}


def _lanes() -> dict[str, str]:
    from blueprint.i18n import t
    from blueprint.vocabulary import LANES, LANGS

    names = {lane: lane for lane in LANES}
    for lane in LANES:
        for lang in LANGS:
            names[t(f"ws.lane.{lane}", lang)] = lane
            names[t(f"lane.{lane}", lang)] = lane
    names.update({"customer action": "customer", "顾客行为": "customer", "后台": "backstage"})
    names.update({"support process": "support", "支持流程": "support"})
    return _lookup(names)


def _statuses() -> dict[str, str]:
    from blueprint.i18n import t
    from blueprint.vocabulary import LANGS, STATUSES

    names = {s: s for s in STATUSES}
    for s in STATUSES:
        for lang in LANGS:
            names[t(f"ws.status.{s}", lang)] = s
    aliases = {
        "open": "todo,to do,planned,new,not started,待辦,未开始",
        "in-progress": "in progress,wip,ongoing,started,进行中",
        "done": "closed,complete,completed,finished,完成,已完成,已結案",
        "dropped": "cancelled,canceled,rejected,放棄,取消,已取消,已放弃",
    }
    for status, words in aliases.items():
        for word in words.split(","):
            names[word] = status
    return _lookup(names)


class _Cells:
    """Typed access to one row's cells."""

    def __init__(self, cells: list[Any], match: HeaderMatch, xlsx: bool) -> None:
        self.cells, self.match, self.xlsx = cells, match, xlsx

    def raw(self, key: str) -> Any:
        i = self.match.columns.get(key)
        if i is None or i >= len(self.cells):
            return None
        value = self.cells[i]
        if isinstance(value, str) and not value.strip():
            return None
        return value

    def text(self, key: str) -> str | None:
        """A text cell as the person wrote it (the CSV's protective quote and xlsx escapes undone)."""
        value = self.raw(key)
        if value is None:
            return None
        if isinstance(value, str):
            if self.xlsx:
                from blueprint.worksheet.xlsx import ooxml_unescape

                return ooxml_unescape(value)
            return unneutralise(value)
        if isinstance(value, bool):
            return str(value).upper()
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        if isinstance(value, dt.datetime):
            return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
        return str(value)

    def word(self, key: str) -> str | None:
        """A short value (id, lane, status): surrounding space does not count."""
        text = self.text(key)
        return None if text is None else text.strip()


def _rating(cells: _Cells, key: str) -> int | None:
    value = cells.raw(key)
    if value is None:
        return None
    shown = cells.text(key)
    number: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            number = None
    if number is None or not number.is_integer() or not 1 <= number <= 10:
        raise _Bad(msg("ws.bad.rating", label=msg(f"ws.label.{key}"), value=shown or ""))
    return int(number)


def _due(cells: _Cells, key: str) -> str | None:
    value = cells.raw(key)
    if value is None:
        return None
    if isinstance(value, dt.datetime | dt.date):
        return (value.date() if isinstance(value, dt.datetime) else value).isoformat()
    text = (cells.text(key) or "").strip()
    if _ISO_DATE.match(text):
        return text  # as the file had it, even a day the calendar lacks
    m = _LOOSE_DATE.match(text)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        except ValueError:
            pass
    raise _Bad(msg("ws.bad.due", value=text))


def _affected(cells: _Cells, key: str) -> float | None:
    value = cells.raw(key)
    if value is None:
        return None
    text = (cells.text(key) or "").strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        share = float(value)
    else:
        try:
            share = float(text[:-1]) / 100 if text.endswith("%") else float(text)
        except ValueError:
            share = -1.0
    if not 0 <= share <= 1:
        raise _Bad(msg("ws.bad.affected", value=text))
    return share


def _amount(cells: _Cells, key: str) -> float | None:
    """Money, 0 or more: a number cell, or text such as ``1500``, ``1,500.50`` or ``1 500``."""
    value = cells.raw(key)
    if value is None:
        return None
    text = (cells.text(key) or "").strip()
    amount = -1.0
    if isinstance(value, int | float) and not isinstance(value, bool):
        amount = float(value)
    else:
        with contextlib.suppress(ValueError):
            amount = float(re.sub(r"[\s,]", "", text))
    if not 0 <= amount < 1e15:  # also refuses nan and inf
        raise _Bad(msg("ws.bad.amount", label=msg(f"ws.label.{key}"), value=text))
    return int(amount) if amount.is_integer() else amount


def _choice(cells: _Cells, key: str, table: dict[str, str], known: str) -> str | None:
    word = cells.word(key)
    if word is None:
        return None
    found = table.get(normalise(word))
    if found is None:
        raise _Bad(msg("ws.bad.choice", label=msg(f"ws.label.{key}"), value=word, known=known))
    return found


def _failure_id(cells: _Cells, key: str) -> str | None:
    word = cells.word(key)
    if word is not None and (not _ID.match(word) or len(word) > 200):
        raise _Bad(msg("ws.bad.id", label=msg(f"ws.label.{key}"), value=word))
    return word


def _triple(values: tuple[int | None, ...]) -> tuple[int, int, int]:
    a, b, c = values
    assert a is not None and b is not None and c is not None
    return (a, b, c)


def _action(cells: _Cells, statuses: dict[str, str], take: Any, problems: list[Msg]) -> ActionRow | None:
    """The row's action (title, owner, due date, status, revised ratings, cost), None without a title."""
    due = take(_due, cells, "due")
    status = take(_choice, cells, "status", statuses, STATUS_NAMES)
    revised = tuple(take(_rating, cells, f"revised_{k}") for k in ("severity", "occurrence", "detection"))
    given = [v is not None for v in revised]
    if any(given) and not all(given):
        missing = tuple(
            msg(f"ws.label.{k}")
            for k, g in zip(("severity", "occurrence", "detection"), given, strict=True)
            if not g
        )
        problems.append(msg("ws.bad.revised", missing=missing))
    cost = take(_amount, cells, "cost")
    title, owner = cells.text("action"), cells.text("owner")
    if title is not None:
        full = all(v is not None for v in revised)
        return ActionRow(title, owner, due, status or "open", _triple(revised) if full else None, cost)
    if owner is not None or cells.raw("due") is not None or cells.raw("status") is not None or any(given):
        problems.append(msg("ws.bad.orphan"))
    if cost is not None:
        problems.append(msg("ws.bad.orphan_cost"))
    return None


def _parse(
    number: int, cells: _Cells, lanes: dict[str, str], statuses: dict[str, str]
) -> tuple[Row, list[Msg]]:
    """One row, typed, and the problems of its cells."""
    problems: list[Msg] = []
    bad: set[str] = set()

    def take(fn: Any, c: _Cells, key: str, *args: Any) -> Any:
        try:
            return fn(c, key, *args)
        except _Bad as exc:
            problems.append(exc.problem)
            bad.add(key)
            return None

    # cells are checked in the worksheet's column order, so the report reads left to right
    lane = take(_choice, cells, "lane", lanes, LANE_NAMES)
    failure_id = take(_failure_id, cells, "failure_id")
    cause_id = take(_failure_id, cells, "cause_id")
    ratings = tuple(take(_rating, cells, k) for k in ("severity", "occurrence", "detection"))
    action = _action(cells, statuses, take, problems)
    affected = take(_affected, cells, "affected")
    per_incident = take(_amount, cells, "cost_per_incident")
    return Row(
        number=number,
        phase=cells.word("phase"),
        phase_title=cells.text("phase_title"),
        step=cells.word("step"),
        step_title=cells.text("step_title"),
        lane=lane,
        failure_id=failure_id,
        effect=cells.text("effect"),
        mode=cells.text("mode"),
        cause=cells.text("cause"),
        prevention=cells.text("prevention"),
        detection_control=cells.text("detection_control"),
        ratings=(ratings[0], ratings[1], ratings[2]),
        justification=cells.text("justification"),
        affected=affected,
        action=action,
        felt_at=_felt_at(cells.text("felt_at")),
        cost_per_incident=per_incident,
        bad=frozenset(bad),
        cause_id=cause_id,
    ), problems


def _felt_at(text: str | None) -> tuple[str, ...] | None:
    """Step ids separated by spaces or commas; None for an empty cell."""
    ids = tuple(re.split(r"[\s,，、]+", text.strip())) if text else ()
    return tuple(i for i in ids if i) or None


def parse_rows(
    rows: list[tuple[int, list[Any]]], match: HeaderMatch, xlsx: bool, display: str
) -> tuple[list[Row], list[str]]:
    """The data rows below the header (empty rows skipped) and every cell problem, as report lines."""
    lanes, statuses = _lanes(), _statuses()
    lang = "zh-TW" if match.chinese else "en"
    read = [k for k in match.columns if k not in DERIVED]
    out: list[Row] = []
    problems: list[str] = []
    for number, cells in rows:
        access = _Cells(cells, match, xlsx)
        if all(access.raw(k) is None for k in read):
            continue
        row, bad = _parse(number, access, lanes, statuses)
        # the problems in the language of the headers, each after its place (as a path:line would be)
        problems.extend(f"{display}: row {number}: {p.text(lang)}" for p in bad)
        out.append(row)
    return out, problems

"""Action Priority (AP) profiles: which of H, M, L each (severity, occurrence, detection) gets.

A profile is data, not code: customers and OEMs impose variants of the AIAG & VDA
table, so the built-in tables live as JSON files in ``blueprint.analysis.profiles`` and a user
can supply a file of the same shape::

    {"name": "...", "title": "...", "note": "...",
     "rows": [{"s": [9, 10], "o": [2, 3], "d": [7, 10], "ap": "H"}, ...]}

Every row gives an inclusive ``[lo, hi]`` range of ratings for each of S, O and D; the
rows together must cover all 1,000 cells exactly once. Spreadsheets get this table wrong
in a handful of cells, so a file is checked cell by cell: a gap or an overlap is an
error, never a silent default.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Final, Union

from blueprint import vocabulary
from blueprint.common.plain import one_line
from blueprint.errors import ProfileError
from blueprint.i18n import Msg, msg

__all__ = [
    "AP_ORDER",
    "BUILTIN_PROFILES",
    "DEFAULT_PROFILE",
    "Profile",
    "ProfileError",
    "ap_at_least",
    "load_profile",
]

BUILTIN_PROFILES: Final[tuple[str, ...]] = vocabulary.BUILTIN_PROFILES
"""Names :func:`load_profile` resolves to the JSON files shipped in ``blueprint.analysis.profiles``."""

DEFAULT_PROFILE: Final[str] = vocabulary.DEFAULT_PROFILE
"""The AIAG & VDA FMEA Handbook (2019) table, used when no profile is chosen."""

AP_ORDER: Final[dict[str, int]] = {"H": 0, "M": 1, "L": 2}
"""Sort key for AP letters, highest priority first (sort ascending to rank H before L)."""

_PROFILE_PACKAGE: Final = "blueprint.analysis.profiles"
_RATINGS: Final = range(1, 11)
_CELLS: Final = 1000
_TOP_KEYS: Final = ("name", "title", "note", "rows")
_ROW_KEYS: Final = ("s", "o", "d", "ap")
_AXES: Final = ("s", "o", "d")
_SHOW_MAX: Final = 40
#: what a row of "rows" looks like, quoted in messages (JSON: the same in every language)
_ROW_SHAPE: Final = '{"s": [lo, hi], "o": [lo, hi], "d": [lo, hi], "ap": "H"}'
_ROW_EXAMPLE: Final = '{"s": [9, 10], "o": [2, 3], "d": [7, 10], "ap": "H"}'
#: a profile file larger than this is refused unread (the built-ins are under 10 KB)
_MAX_BYTES: Final = 1024 * 1024


@dataclass(frozen=True)
class Profile:
    """One AP table: a letter for each of the 1,000 (S, O, D) cells.

    ``table[(s - 1) * 100 + (o - 1) * 10 + (d - 1)]`` is the AP of severity ``s``,
    occurrence ``o`` and detection ``d``.
    """

    name: str
    title: str
    table: tuple[str, ...] = field(repr=False)

    def __post_init__(self) -> None:
        """Reject a table that is not 1,000 letters H, M or L."""
        if len(self.table) != _CELLS:
            raise ValueError(f"profile {self.name}: table has {len(self.table)} cells, not 1000")
        bad = sorted({ap for ap in self.table if ap not in AP_ORDER})
        if bad:
            raise ValueError(f"profile {self.name}: table holds {bad!r}, not only H, M, L")

    def ap(self, severity: int, occurrence: int, detection: int) -> str:
        """Return ``"H"``, ``"M"`` or ``"L"`` for the ratings; ValueError outside 1..10."""
        return self.table[_index(severity, occurrence, detection)]


def ap_at_least(ap: str, threshold: str) -> bool:
    """Whether AP ``ap`` is at least as high as ``threshold`` (H >= M >= L).

    ``ap_at_least("H", "M")`` is true, ``ap_at_least("L", "M")`` is false; a letter other
    than H, M or L raises ValueError.
    """
    for letter in (ap, threshold):
        if letter not in AP_ORDER:
            raise ValueError(f'AP must be "H", "M" or "L", got {letter!r}')
    return AP_ORDER[ap] <= AP_ORDER[threshold]


#: a profile as callers name it: a built-in's name, a JSON file's path, or the table itself
ProfileRef = Union[str, "Profile"]


def load_profile(name_or_path: ProfileRef) -> Profile:
    """Load a built-in profile by name, or a user profile from a JSON file.

    A name in :data:`BUILTIN_PROFILES` wins over a file of the same name. Built-ins are
    parsed once and cached. A user file is read on every call and checked in full; any
    problem raises :class:`ProfileError` with one line naming the file and, for a row,
    its number counted from 1 in ``"rows"``. A :class:`Profile` is returned as it is, so
    a run resolves its profile once and passes the table on.
    """
    if isinstance(name_or_path, Profile):
        return name_or_path
    if name_or_path in BUILTIN_PROFILES:
        return _load_builtin(name_or_path)
    path = Path(name_or_path)
    if not path.exists():
        raise ProfileError.worded(msg("profile.unknown", name=name_or_path, known=tuple(BUILTIN_PROFILES)))
    from blueprint.common.io import NotRegularFileError, read_regular

    try:
        raw = read_regular(path, _MAX_BYTES)
        if len(raw) > _MAX_BYTES:
            raise ProfileError.worded(msg("profile.too_large", kb=_MAX_BYTES // 1024), name_or_path)
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ProfileError.worded(msg("profile.not_utf8", reason=exc.reason), name_or_path) from exc
    except NotRegularFileError:
        raise ProfileError.worded(msg("profile.not_regular"), name_or_path) from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ProfileError.worded(msg("profile.cannot_read", reason=reason), name_or_path) from exc
    return _parse(text, name_or_path, default_name=path.stem)


@functools.lru_cache(maxsize=len(BUILTIN_PROFILES))
def _load_builtin(name: str) -> Profile:
    """Parse the shipped JSON for built-in ``name`` (checked like a user file, then cached)."""
    text = resources.files(_PROFILE_PACKAGE).joinpath(f"{name}.json").read_text(encoding="utf-8")
    return _parse(text, f"{name} (built-in profile)", default_name=name)


def _index(severity: int, occurrence: int, detection: int) -> int:
    """Position of a cell in :attr:`Profile.table`, after checking each rating is 1..10."""
    for label, value in (
        ("severity", severity),
        ("occurrence", occurrence),
        ("detection", detection),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or value not in _RATINGS:
            raise ValueError(f"{label} must be an integer from 1 to 10, got {value!r}")
    return (severity - 1) * 100 + (occurrence - 1) * 10 + (detection - 1)


def _parse(text: str, source: str, *, default_name: str) -> Profile:
    """Turn profile JSON into a :class:`Profile`; every problem is a ProfileError on ``source``."""
    try:
        data: object = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as exc:
        raise ProfileError.worded(msg("profile.json", reason=exc.msg), source, exc.lineno, exc.colno) from exc
    except _DuplicateKeyError as exc:
        raise ProfileError.worded(msg("profile.duplicate_key", key=exc.key), source) from exc
    except RecursionError:
        raise ProfileError.worded(msg("profile.too_deep"), source) from None
    except ValueError as exc:  # an integer of thousands of digits
        raise ProfileError.worded(_number_problem(exc), source) from None

    if not isinstance(data, dict):
        raise ProfileError.worded(msg("profile.not_object", kind=_kind(data)), source)
    for key in data:
        if key not in _TOP_KEYS:
            raise ProfileError.worded(msg("profile.unknown_key", key=key, keys=_listing(_TOP_KEYS)), source)
    # shown in terminals, reports and worksheets: control characters as visible escapes
    name = one_line(_optional_text(data, "name", source) or default_name)
    title = one_line(_optional_text(data, "title", source) or name)
    _optional_text(data, "note", source)
    if "rows" not in data:
        raise ProfileError.worded(msg("profile.no_rows", shape=_ROW_SHAPE), source)
    rows = data["rows"]
    if not isinstance(rows, list):
        raise ProfileError.worded(msg("profile.rows_not_list", kind=_kind(rows)), source)
    if len(rows) > _CELLS:  # each row covers at least one of the cells, and no cell twice
        raise ProfileError.worded(msg("profile.too_many_rows", n=len(rows), cells=_CELLS), source)

    owner: list[int] = [0] * _CELLS  # row number (from 1) covering each cell, 0 for none
    cells: list[str] = [""] * _CELLS
    overlap: tuple[int, int, int] | None = None  # (first row, second row, cell)
    overlaps = 0
    for number, row in enumerate(rows, start=1):
        ranges, ap = _check_row(row, number, source)
        (s_lo, s_hi), (o_lo, o_hi), (d_lo, d_hi) = ranges
        for s in range(s_lo, s_hi + 1):
            for o in range(o_lo, o_hi + 1):
                for d in range(d_lo, d_hi + 1):
                    i = _index(s, o, d)
                    if owner[i]:
                        overlaps += 1
                        overlap = overlap or (owner[i], number, i)
                        continue
                    owner[i] = number
                    cells[i] = ap
    if overlap is not None:
        first, second, i = overlap
        found = msg("profile.overlap", first=first, second=second, cell=_cell(i), more=_more(overlaps - 1))
        raise ProfileError.worded(found, source)
    gaps = [i for i in range(_CELLS) if not owner[i]]
    if gaps:
        raise ProfileError.worded(msg("profile.gap", cell=_cell(gaps[0]), more=_more(len(gaps) - 1)), source)
    return Profile(name=name, title=title, table=tuple(cells))


def _check_row(row: object, number: int, source: str) -> tuple[tuple[tuple[int, int], ...], str]:
    """Validate one entry of ``"rows"``; return its (s, o, d) ranges and its AP letter."""
    if not isinstance(row, dict):
        raise ProfileError.worded(
            msg("profile.row_not_object", row=number, shape=_ROW_EXAMPLE, kind=_kind(row)), source
        )
    for key in row:
        if key not in _ROW_KEYS:
            found = msg("profile.row_unknown_key", row=number, key=key, keys=_listing(_ROW_KEYS))
            raise ProfileError.worded(found, source)
    for key in _ROW_KEYS:
        if key not in row:
            raise ProfileError.worded(msg("profile.row_missing", row=number, key=key), source)
    ranges: list[tuple[int, int]] = []
    for axis in _AXES:
        value = row[axis]
        if not (
            isinstance(value, list)
            and len(value) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        ):
            raise ProfileError.worded(
                msg("profile.row_pair", row=number, axis=axis, value=_show(value)), source
            )
        lo, hi = value
        if lo not in _RATINGS or hi not in _RATINGS:
            raise ProfileError.worded(msg("profile.row_outside", row=number, axis=axis, lo=lo, hi=hi), source)
        if lo > hi:
            raise ProfileError.worded(
                msg("profile.row_backwards", row=number, axis=axis, lo=lo, hi=hi), source
            )
        ranges.append((lo, hi))
    ap = row["ap"]
    if not isinstance(ap, str) or ap not in AP_ORDER:
        raise ProfileError.worded(msg("profile.row_ap", row=number, value=_show(ap)), source)
    return tuple(ranges), ap


def _optional_text(data: dict[str, object], key: str, source: str) -> str | None:
    """The top-level string ``key`` if present (it must then be a non-empty string)."""
    if key not in data:
        return None
    value = data[key]
    if not isinstance(value, str) or not value.strip():
        raise ProfileError.worded(msg("profile.text", key=key, value=_show(value)), source)
    return value


class _DuplicateKeyError(Exception):
    """Raised from inside ``json.loads``: the same key twice in one object."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """``object_pairs_hook`` that refuses duplicate keys, which json would silently merge."""
    result: dict[str, object] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


def _number_problem(exc: ValueError) -> Msg:
    """What Python's refusal of a JSON number says, in the profile's terms."""
    found = re.search(r"value has (\d+) digits", str(exc))
    if found:
        return msg("profile.long_number", n=int(found.group(1)))
    return msg("profile.bad_number", reason=str(exc).split(";")[0])


def _cell(i: int) -> str:
    """``S=9 O=2 D=7`` for a table index."""
    return f"S={i // 100 + 1} O={i // 10 % 10 + 1} D={i % 10 + 1}"


def _more(count: int) -> Msg | str:
    """`` (and 11 more cells)`` when a problem repeats, so one line still tells its size."""
    if count <= 0:
        return ""
    return msg("profile.more.one") if count == 1 else msg("profile.more.many", n=count)


def _listing(keys: tuple[str, ...]) -> str:
    """``"a", "b", "c"`` for an error message."""
    return ", ".join(f'"{key}"' for key in keys)


def _kind(value: object) -> Msg:
    """A JSON type name with its article, for "must be X, not Y" messages."""
    if value is None:
        return msg("json.null")
    if isinstance(value, bool):
        return msg("json.boolean")
    if isinstance(value, int | float):
        return msg("json.number")
    if isinstance(value, str):
        return msg("json.string")
    if isinstance(value, list):
        return msg("json.array")
    return msg("json.object")


def _show(value: object) -> str:
    """The value as compact JSON, cut short so the message stays one short line."""
    text = json.dumps(value, ensure_ascii=False)
    if len(text) > _SHOW_MAX:
        text = text[: _SHOW_MAX - 3] + "..."
    return text

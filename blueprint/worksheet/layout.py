"""The FMEA worksheet layout shared by ``blueprint export`` and ``blueprint import``.

One row per (failure, action) pair: a failure with no action is one row, a failure with
three actions is three rows that repeat the failure's columns (the flat worksheet every
spreadsheet filter and pivot table understands). The columns follow the AIAG & VDA FMEA
form: structure, failure analysis, risk analysis, optimisation, then where the customer
feels the failure and the money it puts at risk. :data:`COLUMNS` is the one list both
directions use; headers come from the ``ws.col.*`` messages in either language, and
:func:`match_headers` also accepts common aliases (``Sev``, ``S``, ``嚴重度``...).

Text that a spreadsheet would run as a formula is neutralised: in CSV with a leading
``'`` (:func:`neutralise`, undone by :func:`unneutralise`); the xlsx writer stores every
text cell as a plain string instead.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Final

from blueprint.common.spreadsheet import neutralise, unneutralise
from blueprint.common.text import display_width

if TYPE_CHECKING:
    from blueprint.analysis.ap import ProfileRef
    from blueprint.analysis.fmea import Scored
    from blueprint.model import Action, Blueprint

__all__ = [
    "BOM",
    "COLUMNS",
    "DERIVED",
    "GROUPS",
    "Column",
    "HeaderMatch",
    "csv_bytes",
    "header_texts",
    "is_cjk",
    "match_headers",
    "neutralise",
    "normalise",
    "rows",
    "text_width",
    "unneutralise",
]

BOM: Final = "\ufeff"


@dataclass(frozen=True)
class Column:
    """One worksheet column: its key, its group, how its cells look, and what else it may be called."""

    key: str
    group: str  # structure | failure | risk | optimisation | impact
    kind: str  # text | id | rating | ap | int | date | money | share
    cap: int  # the widest the xlsx column gets, in character cells
    aliases: tuple[str, ...] = ()


_T, _R, _O = "text", "rating", "optimisation"
COLUMNS: Final[tuple[Column, ...]] = (
    Column("phase", "structure", "id", 16, ("phase id", "stage", "journey stage", "阶段", "階段代號")),
    Column("phase_title", "structure", _T, 24, ("phase name", "stage name", "階段標題", "阶段名称")),
    Column("step", "structure", "id", 24, ("step id", "process step", "步骤", "步驟代號", "流程步驟")),
    Column("step_title", "structure", _T, 36, ("step name", "step description", "步骤名称", "步驟說明")),
    Column("lane", "structure", "id", 12, ("swimlane", "swim lane")),
    Column("failure_id", "failure", "id", 26, ("failure mode id", "fm id", "失效代號")),
    Column("cause_id", "failure", "id", 20, ("cause id", "fc id", "failure cause id", "原因代號")),
    Column("ref", "failure", "id", 6, ("failure ref", "fmea ref", "diagram ref", "編號")),
    Column(
        "effect",
        "failure",
        _T,
        40,
        (
            "effect",
            "effects",
            "fe",
            "failure effect",
            "failure effects",
            "potential effects of failure",
            "失效後果",
            "失效后果",
        ),
    ),
    Column(
        "mode",
        "failure",
        _T,
        40,
        ("mode", "fm", "failure mode", "failure modes", "potential failure mode", "潛在失效模式"),
    ),
    Column(
        "cause",
        "failure",
        _T,
        40,
        ("cause", "causes", "fc", "failure cause", "failure causes", "potential causes", "潛在失效原因"),
    ),
    Column(
        "prevention",
        "risk",
        _T,
        32,
        ("prevention", "pc", "current prevention control", "current prevention controls", "現行預防控制"),
    ),
    Column(
        "detection_control",
        "risk",
        _T,
        32,
        (
            "dc",
            "detection control",
            "current detection control",
            "current detection controls",
            "現行偵測控制",
        ),
    ),
    Column("severity", "risk", _R, 6, ("severity", "sev", "s", "嚴重度", "严重度", "严重度 S")),
    Column("occurrence", "risk", _R, 6, ("occurrence", "occ", "o", "發生度", "频度", "頻度", "频度 O")),
    Column(
        "detection",
        "risk",
        _R,
        6,
        ("detection", "det", "d", "難檢度", "探測度", "探测度", "偵測度", "探测度 D"),
    ),
    Column("ap", "risk", "ap", 8, ("ap", "action priority", "行動優先等級", "行动优先级")),
    Column("rpn", "risk", "int", 8, ("risk priority number", "風險優先數", "风险优先数")),
    Column(
        "action",
        "optimisation",
        _T,
        40,
        ("action", "actions", "recommended actions", "optimisation action", "措施", "改善措施", "建议措施"),
    ),
    Column("owner", "optimisation", _T, 16, ("responsible", "responsibility", "负责人", "責任者")),
    Column(
        "due", _O, "date", 12, ("due", "target date", "target completion date", "目標完成日期", "完成日期")
    ),
    Column("status", _O, "id", 12, ("action status", "状态", "措施狀態")),
    Column("revised_severity", _O, _R, 8, ("revised severity", "new s", "new severity", "改善後嚴重度")),
    Column(
        "revised_occurrence", _O, _R, 8, ("revised occurrence", "new o", "new occurrence", "改善後發生度")
    ),
    Column("revised_detection", _O, _R, 8, ("revised detection", "new d", "new detection", "改善後難檢度")),
    Column("revised_ap", _O, "ap", 8, ("new ap", "revised action priority", "改善後行動優先等級")),
    Column("cost", _O, "money", 12, ("action cost", "cost", "措施成本", "成本")),
    Column("planned_ap", "optimisation", "ap", 8, ("planned ap", "計畫後行動優先等級")),
    Column("justification", "optimisation", _T, 32, ("rationale", "risk acceptance", "風險接受理由")),
    Column("surfaces_at", "impact", _T, 24, ("surfaces", "customer touchpoints")),
    Column("felt_at", "impact", _T, 24, ("felt at", "felt at (given)", "指定感受處")),
    Column("affected", "impact", "share", 10, ("affected", "share affected", "受影響比例")),
    Column(
        "cost_per_incident",
        "impact",
        "money",
        14,
        ("cost per incident", "incident cost", "事件成本", "單次事件成本"),
    ),
    Column("at_risk", "impact", "money", 16, ("money at risk", "at risk", "風險金額")),
)
"""Every worksheet column, in order."""

GROUPS: Final[tuple[str, ...]] = ("structure", "failure", "risk", "optimisation", "impact")

DERIVED: Final[frozenset[str]] = frozenset(
    {"ref", "ap", "rpn", "revised_ap", "planned_ap", "surfaces_at", "at_risk"}
)
"""Columns computed from the others: ``import`` reads past them and recomputes them."""

#: ratings and AP appear twice in the AIAG-VDA form, under "Risk analysis" and under
#: "Optimisation", often with the same short header: the second one is the revised one
_REVISED: Final = {
    "severity": "revised_severity",
    "occurrence": "revised_occurrence",
    "detection": "revised_detection",
    "ap": "revised_ap",
}
_TRAILING_NOTE = re.compile(r"\s*[(（][^()（）]*[)）]\s*$")
#: headers that carry a suffix (the currency) match by their start
_PREFIXED: Final = {"at_risk": ("moneyatriskperyear", "每年風險金額")}


def normalise(text: str) -> str:
    """A header reduced to what identifies it: case, spaces and punctuation do not count."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] not in "PZSC")


def is_cjk(text: str) -> bool:
    """Whether ``text`` holds a CJK ideograph (a Chinese header)."""
    return any("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" for ch in text)


def text_width(text: str) -> int:
    """Display width of the longest line of ``text``: East Asian wide characters count double."""
    return display_width(text)


def header_texts(lang: str, currency: str = "") -> list[str]:
    """The column header row in ``lang`` (the money header names the currency when known)."""
    from blueprint.i18n import t

    out = []
    for col in COLUMNS:
        if col.key == "at_risk" and currency:
            out.append(t("ws.col.at_risk.cur", lang, cur=currency))
        else:
            out.append(t(f"ws.col.{col.key}", lang))
    return out


@lru_cache(maxsize=1)
def _alias_table() -> dict[str, str]:
    """Normalised header -> column key, from both languages' headers and the aliases."""
    from blueprint.i18n import t
    from blueprint.vocabulary import LANGS

    table: dict[str, str] = {}
    for col in COLUMNS:
        names = [col.key.replace("_", " "), *col.aliases, *(t(f"ws.col.{col.key}", lang) for lang in LANGS)]
        for name in names:
            table.setdefault(normalise(name), col.key)
    return table


@dataclass(frozen=True)
class HeaderMatch:
    """Which worksheet column each cell of a header row is (``columns``: key -> 0-based index)."""

    columns: dict[str, int]
    ignored: tuple[str, ...]  # headers that name no column, as written
    chinese: bool  # any recognised header is in Chinese

    def has(self, key: str) -> bool:
        return key in self.columns


def match_headers(cells: Sequence[object]) -> HeaderMatch:
    """Match a header row: case-, space- and punctuation-insensitive, English or Chinese.

    A rating or AP header met a second time is the revised one (the AIAG-VDA form repeats
    ``S O D AP`` under "Optimisation"); any other repeated header is ignored.
    """
    table = _alias_table()
    columns: dict[str, int] = {}
    ignored: list[str] = []
    chinese = False
    for i, cell in enumerate(cells):
        text = "" if cell is None else str(cell).strip()
        if not text:
            continue
        key = _header_key(normalise(text), table)
        if key is None and _TRAILING_NOTE.search(text):  # "Failure Effects (FE)", "Owner (dept.)"
            key = _header_key(normalise(_TRAILING_NOTE.sub("", text)), table)
        if key is not None and key in columns and key in _REVISED:
            key = _REVISED[key]
        if key is None or key in columns:
            ignored.append(text.replace("\n", " "))
            continue
        columns[key] = i
        chinese = chinese or is_cjk(text)
    return HeaderMatch(columns, tuple(ignored), chinese)


def _header_key(norm: str, table: dict[str, str]) -> str | None:
    if norm in table:
        return table[norm]
    for key, prefixes in _PREFIXED.items():
        if norm.startswith(tuple(normalise(p) for p in prefixes)):
            return key
    return None


# -- rows ----------------------------------------------------------------------------------


def _action_cells(action: Action | None, lang: str) -> dict[str, Any]:
    from blueprint.i18n import t

    if action is None:
        return {}
    cells: dict[str, Any] = {
        "action": action.title,
        "owner": action.owner,
        "due": action.due,
        "status": t(f"ws.status.{action.status}", lang),
    }
    if action.cost is not None:
        cells["cost"] = action.cost
    if action.revised is not None:
        cells["revised_severity"] = action.revised.severity
        cells["revised_occurrence"] = action.revised.occurrence
        cells["revised_detection"] = action.revised.detection
    return cells


def _first(*values: float | None) -> float | None:
    return next((v for v in values if v is not None), None)


def rows(bp: Blueprint, scored: Iterable[Scored], lang: str, profile: ProfileRef) -> list[dict[str, Any]]:
    """One dict per worksheet row (column key -> value; None for an empty cell), in file order.

    Values are typed: ratings and RPN are ints, money a float rounded to the cent, the due
    date the file's ``YYYY-MM-DD`` text; lanes and statuses are written in ``lang``. The
    revised AP of an action is computed from its own revised ratings with ``profile``.
    """
    from blueprint.analysis.ap import load_profile
    from blueprint.i18n import t

    table = load_profile(profile)
    phase_titles = {p.id: p.title for p in bp.phases}
    out: list[dict[str, Any]] = []
    # the file's own steps, then those of the shared files it includes (indexes in their own file)
    for s in sorted(scored, key=lambda s: (s.step.shared_from or "", s.step.index, s.failure.index)):
        f, step = s.failure, s.step
        base: dict[str, Any] = {
            "phase": step.phase,
            "phase_title": phase_titles.get(step.phase) if step.phase else None,
            "step": step.id,
            "step_title": step.title,
            "lane": t(f"ws.lane.{step.lane}", lang),
            "failure_id": f.id,
            "effect": f.effect,
            "mode": f.mode,
            "justification": f.justification,
            "affected": f.affected,
            "at_risk": None if s.at_risk is None else round(s.at_risk, 2),
        }
        # one row per failure chain and action (a failure without causes: is one chain)
        for c in s.chains:
            chain = {
                **base,
                "cause_id": c.id if f.chained else None,
                "ref": c.ref,
                "cause": c.cause.cause,
                "prevention": c.cause.prevention,
                "detection_control": c.cause.detection_control,
                "severity": c.ratings.severity,
                "occurrence": c.ratings.occurrence,
                "detection": c.ratings.detection,
                "ap": c.ap,
                "rpn": c.rpn,
                "planned_ap": c.planned_ap,
                # where this chain is felt and what its incidents cost: the cause's own, else the failure's
                "surfaces_at": " ".join(c.surfaces_at),
                "felt_at": None if (given := f.chain_felt_at(c.cause)) is None else " ".join(given),
                "cost_per_incident": _first(c.cause.cost_per_incident, f.cost_per_incident),
            }
            for action in c.cause.actions or (None,):
                row: dict[str, Any] = {col.key: None for col in COLUMNS}
                row.update(chain)
                row.update(_action_cells(action, lang))
                if action is not None and action.revised is not None:
                    rv = action.revised
                    row["revised_ap"] = table.ap(rv.severity, rv.occurrence, rv.detection)
                out.append({k: (None if v == "" else v) for k, v in row.items()})
    return out


def _csv_cell(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):  # pragma: no cover - no column holds one
        return str(value).lower()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if kind == "money":
            return f"{value:.2f}".rstrip("0").rstrip(".")
        return repr(value)  # the shortest text that reads back as the same float
    return neutralise(str(value))


def csv_bytes(table: list[dict[str, Any]], headers: list[str]) -> bytes:
    """The worksheet as CSV: UTF-8 with a byte-order mark (Excel needs it for Chinese), CRLF rows."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in headers])
    for row in table:
        writer.writerow([_csv_cell(row[col.key], col.kind) for col in COLUMNS])
    return (BOM + buf.getvalue()).encode("utf-8")

"""The FMEA worksheet as an Excel workbook (openpyxl): a sheet to work in, not a data dump.

Sheet one ("Failures") is the worksheet of :mod:`blueprint.worksheet`: a title row, a
row of merged group headers (structure, failure analysis, risk analysis, optimisation,
customer impact), the column headers, then one row per (failure, action). Panes are
frozen below the headers, filters are on, columns are as wide as their content (CJK
counts double, long text wraps), AP cells are filled (H red, M amber, L green, dark text
on a light fill, and the letter itself says it), and ratings, lanes and statuses carry
data validation so a typing slip is caught in the sheet. Sheet two ("Actions") lists every
action with its failure, for planning.

Every text cell is stored as a string (never a formula, whatever it starts with), control
characters use the OOXML ``_xHHHH_`` escape, and the file is byte-identical for the same
input: the zip entries get a fixed date and the created/modified properties are left out.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import TYPE_CHECKING, Any, Final

from blueprint.worksheet import COLUMNS, GROUPS, header_texts, rows, text_width

if TYPE_CHECKING:
    from blueprint.fmea import Scored
    from blueprint.model import Blueprint

__all__ = ["AP_STYLE", "ooxml_escape", "ooxml_unescape", "xlsx_bytes"]

#: (fill, text) colours of AP cells: Excel's Bad / Neutral / Good styles, text contrast >= 4.5:1
AP_STYLE: Final = {"H": ("FFC7CE", "9C0006"), "M": ("FFEB9C", "7A4500"), "L": ("C6EFCE", "006100")}

TITLE_ROW, GROUP_ROW, HEADER_ROW = 1, 2, 3
FIRST_DATA_ROW: Final = 4
#: rows below the data that keep the validation, so added rows are checked too
_SPARE_ROWS: Final = 1000
_ZIP_DATE: Final = (1980, 1, 1, 0, 0, 0)
_GROUP_FILL, _HEADER_FILL, _GRID = "44546A", "D9E1F2", "BFBFBF"

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]")
_ESCAPE_LIKE = re.compile("_(?=x[0-9A-Fa-f]{4}_)")
_ESCAPED = re.compile("_x([0-9A-Fa-f]{4})_")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def ooxml_escape(text: str) -> str:
    """Text a cell can hold: characters XML forbids become ``_xHHHH_`` (and a literal one is escaped)."""
    text = _ESCAPE_LIKE.sub("_x005F_", text)
    return _ILLEGAL.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)


def ooxml_unescape(text: str) -> str:
    """Undo :func:`ooxml_escape` (Excel writes the same escapes)."""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _put(cell: Any, value: Any, kind: str = "text") -> None:
    """Set a cell; text is always a plain string, never a formula."""
    if value is None:
        return
    if kind == "date" and isinstance(value, str) and _ISO_DATE.match(value):
        try:
            cell.value = dt.date.fromisoformat(value)
            cell.number_format = "yyyy-mm-dd"
            return
        except ValueError:
            pass  # a date the calendar lacks (2026-02-30) stays the text the file has
    if isinstance(value, str):
        cell.value = ooxml_escape(value)
        cell.data_type = "s"  # a leading '=' would otherwise make openpyxl write a formula
        return
    cell.value = value
    if kind == "money":
        cell.number_format = "#,##0"


def _styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color=_GRID)
    return {
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "title": Font(bold=True, size=14),
        "group_font": Font(bold=True, color="FFFFFF"),
        "group_fill": PatternFill("solid", fgColor=_GROUP_FILL),
        "header_font": Font(bold=True),
        "header_fill": PatternFill("solid", fgColor=_HEADER_FILL),
        "header_align": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "wrap": Alignment(vertical="top", wrap_text=True),
        "top": Alignment(vertical="top"),
        "centre": Alignment(horizontal="center", vertical="top"),
        "ap": {
            ap: (PatternFill("solid", fgColor=fill), Font(bold=True, color=text))
            for ap, (fill, text) in AP_STYLE.items()
        },
    }


_ALIGN = {"text": "wrap", "id": "top", "rating": "centre", "ap": "centre", "int": "centre", "date": "centre"}


def _fit(header: str, values: list[Any], cap: int) -> float:
    """Column width: the content's, capped; the header's longest word always fits."""
    words = header.split()
    need_header = max((min(text_width(w), 8) if any(ord(c) > 0x2E7F for c in w) else len(w)) for w in words)
    data = max((text_width(_shown(v)) for v in values if v is not None), default=0)
    return float(max(need_header, min(cap, data), 4) + 2)


def _shown(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.0f}" if value >= 1000 else repr(value)
    return str(value)


def _sheet(
    ws: Any, title: str, headers: list[str], keys: list[str], table: list[dict[str, Any]], header_row: int
) -> None:
    """Fill ``ws``: title row, the header row at ``header_row``, data, widths, filter, frozen panes."""
    from openpyxl.utils import get_column_letter

    st = _styles()
    kinds = {c.key: c.kind for c in COLUMNS}
    caps = {c.key: c.cap for c in COLUMNS}
    _put(ws.cell(TITLE_ROW, 1), title)
    ws.cell(TITLE_ROW, 1).font = st["title"]
    for j, text in enumerate(headers, start=1):
        cell = ws.cell(header_row, j)
        _put(cell, text)
        cell.font, cell.fill, cell.alignment, cell.border = (
            st["header_font"],
            st["header_fill"],
            st["header_align"],
            st["border"],
        )
    for i, row in enumerate(table, start=header_row + 1):
        for j, key in enumerate(keys, start=1):
            cell = ws.cell(i, j)
            kind = kinds[key]
            _put(cell, row[key], kind)
            cell.border = st["border"]
            cell.alignment = st[_ALIGN.get(kind, "top")]
            if kind == "ap" and row[key] in st["ap"]:
                cell.fill, cell.font = st["ap"][row[key]]
    last_col = get_column_letter(len(keys))
    last_row = header_row + max(len(table), 1)
    for j, key in enumerate(keys, start=1):
        width = _fit(headers[j - 1], [row[key] for row in table], caps[key])
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.freeze_panes = f"A{header_row + 1}"
    ws.auto_filter.ref = f"A{header_row}:{last_col}{last_row}"
    ws.print_title_rows = f"{TITLE_ROW}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _groups(ws: Any, lang: str) -> None:
    """The merged group header row above the column headers."""
    from openpyxl.utils import get_column_letter

    from blueprint.i18n import t

    st = _styles()
    for group in GROUPS:
        cols = [j for j, c in enumerate(COLUMNS, start=1) if c.group == group]
        first, last = cols[0], cols[-1]
        for j in cols:
            cell = ws.cell(GROUP_ROW, j)
            cell.fill, cell.border = st["group_fill"], st["border"]
        anchor = ws.cell(GROUP_ROW, first)
        _put(anchor, t(f"ws.group.{group}", lang))
        anchor.font, anchor.alignment = st["group_font"], st["header_align"]
        if last > first:
            ws.merge_cells(f"{get_column_letter(first)}{GROUP_ROW}:{get_column_letter(last)}{GROUP_ROW}")


def _validation(ws: Any, keys: list[str], first_row: int, last_row: int, lang: str) -> None:
    """Whole numbers 1-10 for ratings, lists for lanes and statuses, in the data rows and below."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from blueprint.i18n import t
    from blueprint.model import LANES, STATUSES

    end = last_row + _SPARE_ROWS
    rating = DataValidation(type="whole", operator="between", formula1="1", formula2="10", allow_blank=True)
    rating.error, rating.showErrorMessage = t("ws.valid.rating", lang), True
    choices = {
        "lane": [t(f"ws.lane.{lane}", lang) for lane in LANES],
        "status": [t(f"ws.status.{s}", lang) for s in STATUSES],
    }
    for j, key in enumerate(keys, start=1):
        ref = f"{get_column_letter(j)}{first_row}:{get_column_letter(j)}{end}"
        if key in ("severity", "occurrence", "detection") or (
            key.startswith("revised_") and key != "revised_ap"
        ):
            rating.add(ref)
        elif key in choices:
            dv = DataValidation(type="list", formula1='"' + ",".join(choices[key]) + '"', allow_blank=True)
            dv.error, dv.showErrorMessage = t("ws.valid.choice", lang), True
            dv.add(ref)
            ws.add_data_validation(dv)
    ws.add_data_validation(rating)


_ACTION_KEYS: Final = (
    "failure_id",
    "step",
    "mode",
    "ap",
    "action",
    "owner",
    "due",
    "status",
    "revised_severity",
    "revised_occurrence",
    "revised_detection",
    "revised_ap",
)


def _action_rows(table: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """The rows that hold an action: open and in-progress first, then by due date, then file order."""
    from blueprint.i18n import t
    from blueprint.model import STATUSES

    order = {t(f"ws.status.{s}", lang): i for i, s in enumerate(STATUSES)}
    with_action = [(i, row) for i, row in enumerate(table) if row["action"] is not None]
    with_action.sort(
        key=lambda p: (order.get(p[1]["status"], 9), p[1]["due"] is None, p[1]["due"] or "", p[0])
    )
    return [{k: row[k] for k in _ACTION_KEYS} for _, row in with_action]


def xlsx_bytes(bp: Blueprint, scored: list[Scored], lang: str, profile: str) -> bytes:
    """The workbook as bytes (deterministic: the same input gives the same bytes)."""
    from openpyxl import Workbook

    from blueprint.ap import load_profile
    from blueprint.i18n import t

    currency = bp.economics.currency if bp.economics is not None else ""
    table = rows(bp, scored, lang, profile)
    headers = header_texts(lang, currency)
    keys = [c.key for c in COLUMNS]
    profile_name = load_profile(profile).name

    wb = Workbook()
    ws = wb.active
    ws.title = t("ws.sheet.failures", lang)
    _groups(ws, lang)
    _sheet(
        ws,
        t("ws.title.failures", lang, title=bp.title, profile=profile_name),
        headers,
        keys,
        table,
        HEADER_ROW,
    )
    _validation(ws, keys, FIRST_DATA_ROW, FIRST_DATA_ROW + len(table), lang)

    actions = wb.create_sheet(t("ws.sheet.actions", lang))
    action_headers = [headers[keys.index(k)] for k in _ACTION_KEYS]
    action_title = t("ws.title.actions", lang, title=bp.title)
    _sheet(actions, action_title, action_headers, list(_ACTION_KEYS), _action_rows(table, lang), GROUP_ROW)

    props = wb.properties
    props.title = _ILLEGAL.sub("", bp.title)
    props.creator = "blueprint"
    props.lastModifiedBy = None
    props.language = lang
    buf = io.BytesIO()
    wb.save(buf)
    return _deterministic(buf.getvalue())


_CORE_DATES = re.compile(rb"<dcterms:(created|modified)\b[^>]*>[^<]*</dcterms:\1>")


def _deterministic(data: bytes) -> bytes:
    """The same zip with fixed entry dates and without the created/modified properties."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            payload = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                payload = _CORE_DATES.sub(b"", payload)
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, payload)
    return out.getvalue()

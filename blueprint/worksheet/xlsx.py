"""The FMEA worksheet as an Excel workbook (openpyxl): a sheet to work in, not a data dump.

Sheet one ("Failures") is the worksheet of :mod:`blueprint.worksheet.layout`: a title row, a
row of merged group headers (structure, failure analysis, risk analysis, optimisation,
customer impact), the column headers, then one row per (failure, action). Panes are
frozen below the headers, filters are on, columns are as wide as their content (CJK
counts double, long text wraps), AP cells are filled (H red, M amber, L green, dark text
on a light fill, and the letter itself says it), and ratings, lanes and statuses carry
data validation so a typing slip is caught in the sheet. Sheet two ("Actions") lists every
action with its failure, for planning. Cells take one of a few named styles ("FMEA text",
"FMEA AP H"...) registered once per workbook, which Excel lists under Cell Styles.

Every text cell is stored as a string (never a formula, whatever it starts with), control
characters use the OOXML ``_xHHHH_`` escape, and the file is byte-identical for the same
input: the zip entries get a fixed date and the created/modified properties are left out.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

from blueprint.worksheet.layout import COLUMNS, GROUPS, header_texts, rows, text_width

if TYPE_CHECKING:
    from blueprint.analysis.ap import ProfileRef
    from blueprint.analysis.fmea import Scored
    from blueprint.model import Blueprint

__all__ = ["AP_STYLE", "cell_style", "ooxml_escape", "ooxml_unescape", "xlsx_bytes"]

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


def _value(value: Any, kind: str = "text") -> tuple[Any, str | None]:
    """What a cell holds and the number format it needs (None: the default)."""
    if kind == "date" and isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return dt.date.fromisoformat(value), "date"
        except ValueError:
            pass  # a date the calendar lacks (2026-02-30) stays the text the file has
    if isinstance(value, str):
        return ooxml_escape(value), None
    return value, ("money" if kind == "money" and value is not None else None)


def _put(cell: Any, value: Any) -> None:
    """Set a cell to a value from :func:`_value`; text stays a plain string, never a formula."""
    if value is None:
        return
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # a leading '=' would otherwise make openpyxl write a formula


#: named styles of the workbook, registered once: a cell then takes a style by name, which is
#: far cheaper than giving each cell its own font, fill, border and alignment
TITLE, GROUP, HEADER = "FMEA title", "FMEA group", "FMEA header"
_CELL = {"wrap": "FMEA text", "top": "FMEA cell", "centre": "FMEA centred"}
_FORMATS: Final = {"date": "yyyy-mm-dd", "money": "#,##0"}
_ALIGN = {"text": "wrap", "id": "top", "rating": "centre", "ap": "centre", "int": "centre", "date": "centre"}


def cell_style(kind: str, value: Any = None, fmt: str | None = None) -> str:
    """The name of the style a data cell of column ``kind`` takes, holding ``value`` in format ``fmt``.

    ``fmt`` is a key of the number formats (``date``, ``money``) or None for the default.
    """
    if kind == "ap" and value in AP_STYLE:
        return f"FMEA AP {value}"
    name = _CELL[_ALIGN.get(kind, "top")]
    return f"{name} {fmt}" if fmt else name


def _register_styles(wb: Any) -> dict[str, Any]:
    """Add every named style the sheets use to ``wb``, in a fixed order (the file stays the same).

    Returns the styles by name.
    """
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
    from openpyxl.styles.fonts import DEFAULT_FONT

    thin = Side(style="thin", color=_GRID)
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header_align = Alignment(horizontal="center", vertical="center", wrap_text=True)
    aligns = {
        "wrap": Alignment(vertical="top", wrap_text=True),
        "top": Alignment(vertical="top"),
        "centre": Alignment(horizontal="center", vertical="top"),
    }
    styles = [
        NamedStyle(TITLE, font=Font(bold=True, size=14)),
        NamedStyle(
            GROUP,
            font=Font(bold=True, color="FFFFFF"),
            fill=PatternFill("solid", fgColor=_GROUP_FILL),
            alignment=header_align,
            border=border,
        ),
        NamedStyle(
            HEADER,
            font=Font(bold=True),
            fill=PatternFill("solid", fgColor=_HEADER_FILL),
            alignment=header_align,
            border=border,
        ),
    ]
    for key, name in _CELL.items():
        # a named style's font is empty unless given: plain cells keep the workbook's font
        styles.append(NamedStyle(name, font=DEFAULT_FONT, alignment=aligns[key], border=border))
    for fmt, number_format in _FORMATS.items():  # the kind of column each format is for
        styles.append(
            NamedStyle(
                cell_style(fmt, fmt=fmt),
                font=DEFAULT_FONT,
                alignment=aligns[_ALIGN.get(fmt, "top")],
                border=border,
                number_format=number_format,
            )
        )
    for ap, (fill, text) in AP_STYLE.items():
        styles.append(
            NamedStyle(
                cell_style("ap", ap),
                font=Font(bold=True, color=text),
                fill=PatternFill("solid", fgColor=fill),
                alignment=aligns["centre"],
                border=border,
            )
        )
    for style in styles:
        wb.add_named_style(style)
    return {style.name: style for style in styles}


def _fit(header: str, values: list[Any], cap: int) -> float:
    """Column width: the content's, capped; the header's longest word always fits."""
    words = header.split()
    need_header = max((min(text_width(w), 8) if any(ord(c) > 0x2E7F for c in w) else len(w)) for w in words)
    # a failure's text repeats on each of its action rows: measure each text once
    data = max((text_width(text) for text in {_shown(v) for v in values if v is not None}), default=0)
    return float(max(need_header, min(cap, data), 4) + 2)


def _shown(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.0f}" if value >= 1000 else repr(value)
    return str(value)


def _sheet(
    ws: Any,
    title: str,
    headers: list[str],
    keys: list[str],
    table: list[dict[str, Any]],
    header_row: int,
    styles: dict[str, Any],
    advance: Callable[[], None] | None = None,
) -> None:
    """Fill ``ws``: title row, the header row at ``header_row``, data, widths, filter, frozen panes.

    ``styles`` are the workbook's named styles by name; ``advance`` is called once per data row.
    """
    from openpyxl.cell import Cell
    from openpyxl.utils import get_column_letter

    kinds = {c.key: c.kind for c in COLUMNS}
    caps = {c.key: c.cap for c in COLUMNS}
    title_cell = ws.cell(TITLE_ROW, 1)
    _put(title_cell, ooxml_escape(title))
    title_cell.style = TITLE
    for j, text in enumerate(headers, start=1):
        cell = ws.cell(header_row, j)
        _put(cell, ooxml_escape(text))
        cell.style = HEADER
    # A data cell is made with its named style's ids in one go (what ``cell.style = name``
    # does, without looking the name up each time), and rows are appended below the
    # headers: per cell this is a few times faster than creating, then styling, each cell.
    arrays = {name: style.as_tuple() for name, style in styles.items()}
    columns = [(key, kinds[key], arrays[cell_style(kinds[key])]) for key in keys]
    assert ws.max_row == header_row  # ws.append writes the next row
    for row in table:
        cells = []
        for key, kind, plain in columns:
            value, fmt = _value(row[key], kind)
            array = plain if fmt is None and kind != "ap" else arrays[cell_style(kind, value, fmt)]
            cell = Cell(ws, value=value, style_array=array)
            if isinstance(value, str):
                cell.data_type = "s"  # a leading '=' would otherwise make openpyxl write a formula
            cells.append(cell)
        ws.append(cells)
        if advance is not None:
            advance()
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

    for group in GROUPS:
        cols = [j for j, c in enumerate(COLUMNS, start=1) if c.group == group]
        first, last = cols[0], cols[-1]
        for j in cols:
            ws.cell(GROUP_ROW, j).style = GROUP
        _put(ws.cell(GROUP_ROW, first), ooxml_escape(t(f"ws.group.{group}", lang)))
        if last > first:
            ws.merge_cells(f"{get_column_letter(first)}{GROUP_ROW}:{get_column_letter(last)}{GROUP_ROW}")


def _validation(ws: Any, keys: list[str], first_row: int, last_row: int, lang: str) -> None:
    """Whole numbers 1-10 for ratings, lists for lanes and statuses, in the data rows and below."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from blueprint.i18n import t
    from blueprint.vocabulary import LANES, STATUSES

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
    from blueprint.vocabulary import STATUSES

    order = {t(f"ws.status.{s}", lang): i for i, s in enumerate(STATUSES)}
    with_action = [(i, row) for i, row in enumerate(table) if row["action"] is not None]
    with_action.sort(
        key=lambda p: (order.get(p[1]["status"], 9), p[1]["due"] is None, p[1]["due"] or "", p[0])
    )
    return [{k: row[k] for k in _ACTION_KEYS} for _, row in with_action]


def xlsx_bytes(
    bp: Blueprint,
    scored: list[Scored],
    lang: str,
    profile: ProfileRef,
    advance: Callable[[], None] | None = None,
) -> bytes:
    """The workbook as bytes (deterministic: the same input gives the same bytes).

    ``advance`` is called once per row of the failures sheet written (for a progress line).
    """
    from openpyxl import Workbook

    from blueprint.analysis.ap import load_profile
    from blueprint.i18n import t

    currency = bp.economics.currency if bp.economics is not None else ""
    table = rows(bp, scored, lang, profile)
    headers = header_texts(lang, currency)
    keys = [c.key for c in COLUMNS]
    profile_name = load_profile(profile).name

    wb = Workbook()
    styles = _register_styles(wb)
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
        styles,
        advance,
    )
    _validation(ws, keys, FIRST_DATA_ROW, FIRST_DATA_ROW + len(table), lang)

    actions = wb.create_sheet(t("ws.sheet.actions", lang))
    action_headers = [headers[keys.index(k)] for k in _ACTION_KEYS]
    action_title = t("ws.title.actions", lang, title=bp.title)
    action_rows = _action_rows(table, lang)
    _sheet(actions, action_title, action_headers, list(_ACTION_KEYS), action_rows, GROUP_ROW, styles)

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

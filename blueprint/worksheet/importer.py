"""``blueprint import``: an FMEA worksheet (CSV or xlsx) becomes blueprint text.

The worksheet is the layout of :mod:`blueprint.worksheet.layout`, or one a person made: the
header row is the first row with a recognisable severity header, columns are matched
by name in English or Chinese (with aliases), and in an xlsx the merged cells count in
every row they span (the sheet named "Failures" or "失效模式" is read, else the first).
:mod:`blueprint.worksheet.rows` checks each row on its own (ratings 1-10, lanes,
statuses, dates, shares, ids); :mod:`blueprint.worksheet.build` groups the rows into
steps, failures and actions and writes the YAML. Every bad row is reported, with its
row number as the spreadsheet shows it, and nothing is written.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from blueprint.errors import BlueprintError, ImportProblems, LoadError
from blueprint.i18n import msg
from blueprint.worksheet.layout import HeaderMatch, match_headers, normalise
from blueprint.worksheet.sheet import check_archive, csv_records, sheet_grid

__all__ = ["ImportProblems", "Imported", "Table", "find_header", "import_worksheet", "read_table"]

#: the header row must be among the first rows
HEADER_SEARCH_ROWS: Final = 50
#: worksheets larger than this are refused unread (as blueprints are)
MAX_BYTES: Final = 50 * 1024 * 1024
_REQUIRED: Final = ("mode", "severity", "occurrence", "detection", "lane")
_FAILURES_SHEETS: Final = ("failures", "失效模式", "fmea")


@dataclass(frozen=True)
class Table:
    """The cells of one sheet: ``rows`` holds (row number as the spreadsheet shows it, cells)."""

    rows: list[tuple[int, list[Any]]]
    title: str | None  # the workbook's title property (xlsx), else None
    xlsx: bool


# -- reading -------------------------------------------------------------------------------


def read_table(path: str, display: str) -> Table:
    """The cells of a CSV file or of the failures sheet of an xlsx workbook."""
    from blueprint.common.io import NotRegularFileError, read_regular

    file = Path(path)
    if not file.is_file():
        raise LoadError.worded(msg("ws.read.no_file" if not file.exists() else "ws.read.not_file"), display)
    try:
        raw = read_regular(file, MAX_BYTES)
    except NotRegularFileError:
        raise LoadError.worded(msg("ws.read.not_regular"), display) from None
    except OSError as exc:
        raise LoadError.worded(msg("ws.read.cannot", reason=exc.strerror or str(exc)), display) from None
    if len(raw) > MAX_BYTES:
        raise LoadError.worded(msg("ws.read.too_large", mb=MAX_BYTES // (1024 * 1024)), display)
    suffix = file.suffix.lower()
    if raw.startswith(b"PK\x03\x04") or suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(raw, display)
    if suffix == ".xls" or raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise LoadError.worded(msg("ws.read.xls"), display)
    return _read_csv(raw, display)


def _read_csv(raw: bytes, display: str) -> Table:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise LoadError.worded(msg("ws.read.not_utf8"), display) from None
    best: str | None = None
    best_found = -1
    for delimiter in (",", ";", "\t"):  # Excel writes ';' where ',' is the decimal mark
        # the header is among the first rows: only those decide the delimiter
        records = csv_records(text, delimiter, display, limit=HEADER_SEARCH_ROWS)
        found = _header_at(records)
        score = -1 if found is None else len(match_headers(records[found]).columns)
        if score > best_found:
            best, best_found = delimiter, score
    records = csv_records(text, best, display) if best is not None else []
    return Table(list(enumerate(records, start=1)), None, False)


def _raw_string_table(src: Any) -> list[str]:
    """The shared strings as the file stores them, ``_xHHHH_`` escapes still in place.

    openpyxl half-decodes shared strings (it drops every ``x005F_``, so a literal
    ``_x0041_`` that an office suite stored as ``_x005F_x0041_`` comes back as ``_x0041_``
    and then as ``A``) while it leaves inline strings as stored: reading both raw lets
    the importer undo the escapes exactly once, whichever way the cell was saved.
    """
    from openpyxl.cell.text import Text
    from openpyxl.xml.constants import SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse

    tag = f"{{{SHEET_MAIN_NS}}}si"
    strings = []
    for _, node in iterparse(src):
        if node.tag == tag:
            strings.append(Text.from_tree(node).content)
            node.clear()
    return strings


def _load_workbook(raw: bytes) -> Any:
    """openpyxl's workbook of ``raw``, its shared strings read raw (:func:`_raw_string_table`)."""
    from openpyxl.reader.excel import SHARED_STRINGS, ExcelReader

    class _RawStrings(ExcelReader):  # type: ignore[misc]
        def read_strings(self) -> None:
            found = self.package.find(SHARED_STRINGS)
            if found is not None:
                with self.archive.open(found.PartName[1:]) as src:
                    self.shared_strings = _raw_string_table(src)

    import warnings

    reader = _RawStrings(io.BytesIO(raw), read_only=True, data_only=True)
    with warnings.catch_warnings():  # openpyxl warns about parts it drops (validation, names, ...)
        warnings.simplefilter("ignore")
        reader.read()
    return reader.wb


def _read_xlsx(raw: bytes, display: str) -> Table:
    import warnings
    import zipfile

    check_archive(raw, display)
    try:
        wb = _load_workbook(raw)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise LoadError.worded(msg("ws.read.not_xlsx", reason=type(exc).__name__), display) from None
    except Exception as exc:  # openpyxl's own errors for files it cannot understand
        raise LoadError.worded(msg("ws.read.not_xlsx", reason=str(exc)), display) from None
    try:
        if not wb.sheetnames:
            raise LoadError.worded(msg("ws.read.no_sheets"), display)
        names = {normalise(name): name for name in wb.sheetnames}
        chosen = next((names[n] for n in map(normalise, _FAILURES_SHEETS) if n in names), wb.sheetnames[0])
        # a merged cell counts in every row and column it spans
        with warnings.catch_warnings():  # a read-only sheet is parsed as it is read
            warnings.simplefilter("ignore")
            grid = sheet_grid(wb, wb[chosen], display)
    finally:
        wb.close()
    title = wb.properties.title if isinstance(wb.properties.title, str) and wb.properties.title else None
    return Table([(i, r) for i, r in enumerate(grid, start=1)], title, True)


def _header_at(records: list[list[Any]]) -> int | None:
    for i, cells in enumerate(records[:HEADER_SEARCH_ROWS]):
        if match_headers(cells).has("severity"):
            return i
    return None


def find_header(table: Table, display: str) -> tuple[int, HeaderMatch]:
    """The index in ``table.rows`` of the header row and its column match; raises when none fits."""
    found = _header_at([cells for _, cells in table.rows])
    if found is None:
        raise LoadError.worded(msg("ws.read.no_header", n=HEADER_SEARCH_ROWS), display)
    match = match_headers(table.rows[found][1])
    missing = [key for key in _REQUIRED if not match.has(key)]
    if not (match.has("step") or match.has("step_title")):
        missing.append("step")
    if missing:
        from blueprint.i18n import t

        names = ", ".join(f"{t(f'ws.col.{k}', 'en')} ({t(f'ws.col.{k}', 'zh-TW')})" for k in missing)
        number = table.rows[found][0]
        # the place as every problem line has it (the lines are sorted by it), then the problem
        line = f"{display}: row {number}: {t('ws.read.no_column', 'en', names=names)}"
        raise ImportProblems(display, [line])
    return found, match


# -- the whole import ----------------------------------------------------------------------


@dataclass(frozen=True)
class Imported:
    """A worksheet turned into blueprint text, with what it holds and the columns read past."""

    text: str
    language: str
    steps: int
    failures: int
    actions: int
    ignored: tuple[str, ...]


def import_worksheet(path: str, display: str | None = None, title: str | None = None) -> Imported:
    """Read the worksheet at ``path`` and return the blueprint it describes, as checked YAML text.

    Raises :class:`ImportProblems` listing every bad row (nothing is returned then), or
    :class:`~blueprint.errors.LoadError` for a file that is no worksheet at all.
    """
    from blueprint.i18n import t
    from blueprint.load.loader import load_bytes, require_valid
    from blueprint.worksheet.build import build_blueprint
    from blueprint.worksheet.rows import parse_rows
    from blueprint.worksheet.yaml_out import yaml_text

    shown = display or path
    table = read_table(path, shown)
    header, match = find_header(table, shown)
    rows, problems = parse_rows(table.rows[header + 1 :], match, table.xlsx, shown)
    if not rows and not problems:
        raise LoadError.worded(msg("ws.read.no_rows", row=table.rows[header][0]), shown)
    language = "zh-TW" if match.chinese else "en"
    name = (title or table.title or _stem(path)).strip() or _stem(path)
    built, grouping = build_blueprint(rows, shown, name, language)
    problems = sorted(dict.fromkeys(problems + grouping), key=_row_number)  # stable: column order
    if problems or built is None:
        raise ImportProblems(shown, problems)
    comment = t("ws.yaml.comment", language, source=_printable(Path(path).name))
    text = yaml_text(built.data, comment, shown)
    try:
        require_valid(load_bytes(text.encode("utf-8"), shown))
    except BlueprintError as exc:
        invalid = msg("ws.read.invalid", reason=exc.msg if exc.msg is not None else exc.message)
        raise BlueprintError.worded(invalid, shown) from None
    return Imported(text, language, built.steps, built.failures, built.actions, match.ignored)


def _stem(path: str) -> str:
    name = Path(path).name
    for suffix in (".xlsx", ".xlsm", ".csv", ".fmea", ".worksheet"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return _printable(name) or "Imported worksheet"


def _printable(text: str) -> str:
    return "".join(ch if ch.isprintable() else "?" for ch in text)


def _row_number(line: str) -> int:
    m = re.search(r": row ([0-9]+): ", line)
    return int(m.group(1)) if m else 0

"""Reading a worksheet's cells within bounds: what ``import`` takes, and what it refuses.

A worksheet is a table a person made, so the bounds are far beyond any real one yet
small enough that a hostile file (one cell at ``XFD1048576``, a merged range over the
whole sheet, a field of megabytes, thousands of columns, a zip bomb) is refused with one
line before it costs gigabytes:

- :data:`MAX_ROWS` rows and :data:`MAX_COLUMNS` columns;
- :data:`MAX_CELL_CHARS` characters in an xlsx cell (Excel's own limit) and
  :data:`MAX_FIELD_CHARS` in a CSV field (Python's ``csv`` default);
- :data:`MAX_UNPACKED` bytes unpacked from an xlsx (it is a zip archive).

The xlsx sheet is streamed (openpyxl's read-only reader): only cells that hold a value
are kept, rows are as wide as the widest, and merged ranges count only over the cells
read, so memory follows the table, not the area the file claims.
"""

from __future__ import annotations

import csv
import io
from typing import Any, Final

from blueprint.errors import LoadError
from blueprint.i18n import msg

__all__ = [
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "MAX_FIELD_CHARS",
    "MAX_ROWS",
    "MAX_UNPACKED",
    "check_archive",
    "csv_records",
    "sheet_grid",
]

MAX_ROWS: Final = 200_000
MAX_COLUMNS: Final = 256
MAX_CELL_CHARS: Final = 32_767
MAX_FIELD_CHARS: Final = 131_072
MAX_UNPACKED: Final = 1024 * 1024 * 1024


def _rows_error(display: str) -> LoadError:
    return LoadError.worded(msg("ws.read.too_many_rows", n=f"{MAX_ROWS:,}"), display)


def _columns_error(row: int, display: str) -> LoadError:
    return LoadError.worded(msg("ws.read.too_many_columns", row=row, n=MAX_COLUMNS), display)


def csv_records(text: str, delimiter: str, display: str, limit: int | None = None) -> list[list[str]]:
    """The records of CSV ``text`` (at most ``limit`` of them when given), within the bounds."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[list[str]] = []
    try:
        for record in reader:
            if limit is not None and len(records) >= limit:
                break
            if len(records) >= MAX_ROWS:
                raise _rows_error(display)
            if len(record) > MAX_COLUMNS:
                raise _columns_error(reader.line_num, display)
            records.append(record)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            too_long = msg("ws.read.long_field", line=reader.line_num, n=f"{MAX_FIELD_CHARS:,}")
            raise LoadError.worded(too_long, display) from None
        unread = msg("ws.read.bad_csv", line=reader.line_num, reason=str(exc))
        raise LoadError.worded(unread, display) from None
    return records


def check_archive(raw: bytes, display: str) -> None:
    """Refuse an xlsx whose parts unpack to more than :data:`MAX_UNPACKED` bytes."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise LoadError.worded(msg("ws.read.not_xlsx", reason=type(exc).__name__), display) from None
    if unpacked > MAX_UNPACKED:
        mb, most = f"{unpacked // (1024 * 1024):,}", f"{MAX_UNPACKED // (1024 * 1024):,}"
        raise LoadError.worded(msg("ws.read.unpacks", mb=mb, max=most), display)


def sheet_grid(wb: Any, ws: Any, display: str) -> list[list[Any]]:
    """The values of the read-only sheet ``ws`` of ``wb``, row by row, merged cells spread.

    Refuses a sheet whose declared size (its ``<dimension>``) or actual cells go beyond
    the bounds; rows are padded with ``None`` to the widest row that holds a value.
    """
    if (ws.max_row or 0) > MAX_ROWS or (ws.max_column or 0) > MAX_COLUMNS:
        rows, columns, most = f"{ws.max_row:,}", f"{ws.max_column:,}", f"{MAX_ROWS:,}"
        size = msg("ws.read.sheet_size", rows=rows, columns=columns, max_rows=most, max_columns=MAX_COLUMNS)
        raise LoadError.worded(size, display)
    from openpyxl.worksheet._reader import WorkSheetParser

    sparse: list[tuple[int, list[tuple[int, Any]]]] = []
    with ws._get_source() as src:  # the read-only sheet's own XML stream, as its iter_rows reads it
        parser = WorkSheetParser(
            src,
            ws._shared_strings,
            data_only=True,
            epoch=wb.epoch,
            date_formats=wb._date_formats,
            timedelta_formats=wb._timedelta_formats,
        )
        for number, cells in parser.parse():
            if number > MAX_ROWS:
                raise _rows_error(display)
            values = [(c["column"], c["value"]) for c in cells if c["value"] is not None]
            for column, value in values:
                if column > MAX_COLUMNS:
                    raise _columns_error(number, display)
                if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                    too_long = msg("ws.read.long_cell", row=number, n=f"{MAX_CELL_CHARS:,}")
                    raise LoadError.worded(too_long, display)
            if values:
                sparse.append((number, values))
        merged = [m.ref for m in parser.merged_cells.mergeCell] if parser.merged_cells else []
    width = max((column for _, values in sparse for column, _ in values), default=0)
    height = sparse[-1][0] if sparse else 0
    grid: list[list[Any]] = [[None] * width for _ in range(height)]
    for number, values in sparse:
        row = grid[number - 1]
        for column, value in values:
            row[column - 1] = value
    _spread_merged(grid, width, merged, display)
    return grid


def _spread_merged(grid: list[list[Any]], width: int, refs: list[str], display: str) -> None:
    """Give every cell of a merged range the value of its top-left cell, over the cells read.

    Ranges are clipped to the grid, so one over the whole sheet costs only the table; the
    clipped ranges together may not cover more than the grid (valid merges never overlap).
    """
    from openpyxl.utils.cell import range_boundaries

    spans = []
    area = 0
    for ref in refs:
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
        except (ValueError, TypeError):
            continue
        if min_col is None or min_row is None:
            continue
        top, bottom = min_row, min(max_row or min_row, len(grid))
        left, right = min_col, min(max_col or min_col, width)
        if top > bottom or left > right:
            continue
        spans.append((top, bottom, left, right))
        area += (bottom - top + 1) * (right - left + 1)
    if area > len(grid) * width:
        raise LoadError.worded(msg("ws.read.merged"), display)
    for top, bottom, left, right in spans:
        anchor = grid[top - 1][left - 1]
        for r in range(top - 1, bottom):
            grid[r][left - 1 : right] = [anchor] * (right - left + 1)

"""Spreadsheets in and out: reading .xlsx and .csv rows, writing .xlsx that Excel cannot be
tricked into evaluating (a cell starting with =, +, - or @ is a formula to Excel)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
Cell = str | int | float | Decimal | date | datetime | bool | None


class UnreadableTable(ValueError):
    pass


def neutralise(value: Cell) -> Cell:
    """Text that Excel would read as a formula gets a leading apostrophe-like quote."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def write_xlsx(
    headers: Sequence[str], rows: Iterable[Sequence[Cell]], title: str = "data"
) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.append(list(headers))
    for row in rows:
        sheet.append([neutralise(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv_text(raw: bytes) -> str:
    # Excel in China saves CSV as GB18030 unless told otherwise; UTF-8 may carry a BOM.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableTable("the CSV file is neither UTF-8 nor GB18030 text")


def read_table(path: Path, filename: str) -> tuple[list[str], Iterator[list[Any]]]:
    """Headers and rows (values as the file has them) of the first sheet of an .xlsx or a .csv."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        reader = csv.reader(io.StringIO(_csv_text(path.read_bytes())))
        headers = next(reader, [])
        return [h.strip() for h in headers], (list(row) for row in reader)
    if suffix == ".xlsx":
        try:
            # From bytes: openpyxl judges a path by its extension, and ours are random names.
            workbook = load_workbook(io.BytesIO(path.read_bytes()), read_only=True, data_only=True)
        except Exception as error:
            raise UnreadableTable("the file is not a readable .xlsx workbook") from error
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        headers = [str(h).strip() if h is not None else "" for h in next(rows, ())]
        return headers, (list(row) for row in rows)
    raise UnreadableTable("upload an .xlsx or a .csv file")

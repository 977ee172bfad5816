"""Writing a sheet as csv or xlsx, streaming: rows are written as they come.

Cells are str, int, Decimal (money in yuan) or None. csv is UTF-8 with a BOM
so Excel on a Chinese Windows opens it with the right characters.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

FORMATS = ("csv", "xlsx")


def write(path: Path, fmt: str, headers: Sequence[str], rows: Iterable[Sequence[object]],
          title: str = "Sheet") -> int:
    """Write the sheet; returns the number of data rows. The file appears only when complete."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    path = Path(path)
    partial = path.with_name(path.name + ".part")
    try:
        if fmt == "csv":
            count = _write_csv(partial, headers, rows)
        else:
            count = _write_xlsx(partial, headers, rows, title)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return count


def _write_csv(path: Path, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(headers)
        for row in rows:
            out.writerow(["" if v is None else v for v in row])
            count += 1
    return count


def _write_xlsx(path: Path, headers: Sequence[str], rows: Iterable[Sequence[object]], title: str) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    bold = Font(bold=True)
    head = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        head.append(cell)
    sheet.append(head)
    count = 0
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, Decimal):
                cell.number_format = "0.00"
            cells.append(cell)
        sheet.append(cells)
        count += 1
    book.save(path)
    return count

"""Writing a sheet as csv or xlsx, streaming: rows are written as they come.

Cells are str, int, Decimal (money in yuan) or None. csv is UTF-8 with a BOM
so Excel on a Chinese Windows opens it with the right characters.

Sheets are inert (docs/trust.md, "Sheets never evaluate stored text"): text that a
spreadsheet would read as a formula (=, +, -, @, tab, carriage return, or their
full-width forms first; not a plain figure such as -47.50) gets a leading
apostrophe in csv, and in xlsx is written as a string cell marked to stay text
when edited. Hidden characters show as <U+XXXX>. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import errno
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

from deskapp import private
from deskapp.i18n import _
from deskapp.services.text import visible

FORMATS = ("csv", "xlsx")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")  # "-47.50": a figure written as text, no formula


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(text)


def csv_cell(value: object) -> object:
    """A csv cell no spreadsheet evaluates."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = visible(value)
        return "'" + text if is_formula_like(value) else text
    return value


def write(path: Path, fmt: str, headers: Sequence[str], rows: Iterable[Sequence[object]],
          title: str = "Sheet") -> int:
    """Write the sheet; returns the number of data rows. The file appears only when complete."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    path = Path(path)
    if path.is_symlink() or (path.exists() and not path.is_file()):
        # The finished sheet replaces the path: never a device, a folder or a link's target.
        raise OSError(errno.EEXIST, _("it is not a plain file, so it is left as it is"), str(path))
    partial = path.with_name(path.name + ".part")
    try:
        private.create(partial)
        if fmt == "csv":
            count = _write_csv(partial, headers, rows)
        else:
            count = _write_xlsx(partial, headers, rows, title)
        partial.replace(path)
    except OSError as error:  # said of the file asked for, not of its .part
        raise OSError(error.errno, error.strerror, str(path)) from None
    finally:
        partial.unlink(missing_ok=True)
    return count


def _write_csv(path: Path, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(headers)
        for row in rows:
            out.writerow([csv_cell(v) for v in row])
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
            cells.append(_xlsx_cell(sheet, value))
        sheet.append(cells)
        count += 1
    book.save(path)
    return count


def _xlsx_cell(sheet, value: object):
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=visible(value))
        cell.data_type = "s"  # never "f": openpyxl would write =... as a live formula
        if is_formula_like(value):
            cell.quotePrefix = True  # and it stays text when someone edits it
        return cell
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, Decimal):
        cell.number_format = "0.00"
    return cell

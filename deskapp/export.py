"""Writing a sheet as csv or xlsx, streaming: rows are written as they come.

Cells are typed, and each format renders them:

- str, int, float: as they are (text, counts);
- Decimal: money in yuan: csv "1045.00", xlsx a number shown as ¥1,045.00;
- datetime (naive, on the desk's clock): csv "2026-11-03 10:00", xlsx a date
  cell shown as yyyy-mm-dd hh:mm; date: "2026-11-03", yyyy-mm-dd;
- Rate: a share such as 0.875: csv "87.5%", xlsx the number shown as 87.5%;
- None: an empty cell.

csv is UTF-8 with a BOM so Excel on a Chinese Windows opens it with the right
characters. xlsx has a bold, frozen header row and columns as wide as what
the first rows hold.

Sheets are inert (docs/trust.md, "Sheets never evaluate stored text"): text that a
spreadsheet would read as a formula (=, +, -, @, tab, carriage return, or their
full-width forms first; not a plain figure such as -47.50) gets a leading
apostrophe in csv, and in xlsx is written as a string cell marked to stay text
when edited. Hidden characters show as <U+XXXX>. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import errno
import itertools
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

from deskapp import private
from deskapp.i18n import _
from deskapp.services.text import visible

FORMATS = ("csv", "xlsx")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")

MONEY_FORMAT = '"¥"#,##0.00'
DAY_FORMAT = "yyyy-mm-dd"
TIME_FORMAT = "yyyy-mm-dd hh:mm"
RATE_FORMAT = "0.0%"
SIZING_ROWS = 100  # the first rows, held back to size the xlsx columns
WIDEST = 50  # a column is never wider (in characters) than this
NARROWEST = 6  # nor narrower
SHEET_NAME = 31  # Excel's longest sheet name
NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Rate:
    """A share or rate (0.875), shown as a percentage (87.5%)."""

    value: float


NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")  # "-47.50": a figure written as text, no formula


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(text)


def format_of(path: Path | str) -> str | None:
    """'csv' or 'xlsx' from a file name's extension (any case), else None."""
    suffix = Path(path).suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else None


def sheet_name(text: str) -> str:
    """A name Excel takes for a sheet: at most 31 characters, none of []:*?/\\,
    not starting or ending with an apostrophe."""
    name = NOT_IN_SHEET_NAMES.sub("-", visible(text)).strip().strip("'")[:SHEET_NAME].strip()
    return name or "Sheet"


def problem(error: OSError) -> str:
    """One line, in the user's language, for a file that could not be written."""
    reasons: dict[int | None, str] = {  # by errno, which an OSError may lack
        errno.ENOENT: _("its folder does not exist"),
        errno.ENOTDIR: _("a part of its path is not a folder"),
        errno.EACCES: _("this account may not write there"),
        errno.EPERM: _("this account may not write there"),
        errno.EROFS: _("the disk is read-only"),
        errno.ENOSPC: _("the disk is full"),
        errno.EDQUOT: _("the disk is full"),
        errno.EISDIR: _("it is a folder"),
        errno.ENAMETOOLONG: _("the name is too long"),
    }
    where = error.filename or _("the output")
    reason = reasons.get(error.errno) or error.strerror or str(error)
    return _("Could not write to {where}: {reason}.").format(where=where, reason=reason)


def check_target(path: Path) -> None:
    """The finished sheet replaces the path: never a device, a folder or a link's target,
    and its folder is there."""
    path = Path(path)
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise OSError(errno.EEXIST, _("it is not a plain file, so it is left as it is"), str(path))
    if path.exists() and not os.access(path, os.W_OK):  # made read-only: kept, not replaced
        raise OSError(errno.EACCES, os.strerror(errno.EACCES), str(path))
    folder = path.parent
    if not folder.is_dir():  # said before any work (or an administrator's PIN) is asked for
        code = errno.ENOTDIR if folder.exists() else errno.ENOENT
        raise OSError(code, os.strerror(code), str(path))


def write(
    path: Path, fmt: str, headers: Sequence[str], rows: Iterable[Sequence[object]], title: str = "Sheet"
) -> int:
    """Write the sheet; returns the number of data rows. The file appears only when
    complete: it is written as FILE.part and renamed, and a failure leaves nothing."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    path = Path(path)
    check_target(path)
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
        try:
            partial.unlink()
        except (FileNotFoundError, NotADirectoryError):  # never made: the folder is not there
            pass
    return count


# -- csv -------------------------------------------------------------------------------------------


def csv_cell(value: object) -> object:
    """A csv cell no spreadsheet evaluates; money, times and rates as people write them."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = visible(value)
        return "'" + text if is_formula_like(value) else text
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, datetime):
        _naive(value)
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Rate):
        return f"{value.value * 100:.1f}%"
    return value


def _write_csv(path: Path, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow([csv_cell(h) for h in headers])
        for row in rows:
            out.writerow([csv_cell(v) for v in row])
            count += 1
    return count


# -- xlsx ------------------------------------------------------------------------------------------


def _naive(value: datetime) -> datetime:
    if value.tzinfo is not None:  # a sheet holds the desk's clock, not a stored UTC moment
        raise ValueError(f"an aware datetime in a sheet: {value!r}; give the desk's local time")
    return value


def cells(text: str) -> int:
    """Columns `text` takes (a Chinese character takes two); its longest line."""
    return max(
        (
            sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
            for line in text.split("\n")
        ),
        default=0,
    )


def displayed(value: object) -> str:
    """Roughly what a spreadsheet shows for a cell, to size its column."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"¥{value:,.2f}"
    if isinstance(value, datetime):
        return "2026-11-03 10:00"
    if isinstance(value, date):
        return "2026-11-03"
    if isinstance(value, Rate):
        return f"{value.value * 100:.1f}%"
    return visible(str(value))


def widths(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> list[int]:
    """Column widths from the header and the rows given, capped at WIDEST."""
    found = [cells(h) for h in headers]
    for row in rows:
        for i, value in enumerate(row):
            if i < len(found):
                found[i] = max(found[i], cells(displayed(value)))
            else:
                found.append(cells(displayed(value)))
    return [min(WIDEST, max(NARROWEST, w + 2)) for w in found]


def _write_xlsx(path: Path, headers: Sequence[str], rows: Iterable[Sequence[object]], title: str) -> int:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_name(title))
    try:
        rows = iter(rows)
        first = list(itertools.islice(rows, SIZING_ROWS))
        for i, width in enumerate(widths(headers, first), 1):  # before the first row is written
            sheet.column_dimensions[get_column_letter(i)].width = width
        sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        head = []
        for text in headers:
            cell = _xlsx_cell(sheet, text)
            cell.font = bold
            head.append(cell)
        sheet.append(head)
        count = 0
        for row in itertools.chain(first, rows):
            sheet.append([_xlsx_cell(sheet, value) for value in row])
            count += 1
        _save(book, path)
    except BaseException:
        _drop_temporary(sheet)
        raise
    return count


def _save(book, path: Path) -> None:
    """openpyxl's save, with the zip closed when saving fails: left open, Python would
    try to finish it when collecting it, fail again and print a traceback."""
    from zipfile import ZIP_DEFLATED, ZipFile

    from openpyxl.writer.excel import ExcelWriter

    archive = ZipFile(path, "w", ZIP_DEFLATED, allowZip64=True)
    book.properties.modified = datetime.now(tz=timezone.utc).replace(tzinfo=None)
    try:
        ExcelWriter(book, archive).save()
    except BaseException:
        try:
            archive.close()  # it lets go of the file even when its end cannot be written
        except Exception:
            pass
        raise


def _drop_temporary(sheet) -> None:
    """openpyxl streams a sheet through a temporary file of its own, removed once the
    book is saved; a sheet given up half-way would leave it until the program ends."""
    writer = getattr(sheet, "_writer", None)
    out = getattr(writer, "out", None)
    if not isinstance(out, str):
        return
    for stream in (getattr(sheet, "_rows", None), writer):
        try:
            if stream is not None:
                stream.close()
        except Exception:  # closing writes the end of the sheet: the disk may still be full
            pass
    Path(out).unlink(missing_ok=True)


def _xlsx_cell(sheet, value: object):
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=visible(value))
        cell.data_type = "s"  # never "f": openpyxl would write =... as a live formula
        if is_formula_like(value):
            cell.quotePrefix = True  # and it stays text when someone edits it
        return cell
    if isinstance(value, Rate):
        cell = WriteOnlyCell(sheet, value=value.value)
        cell.number_format = RATE_FORMAT
        return cell
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=_naive(value))
        cell.number_format = TIME_FORMAT
        return cell
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, Decimal):
        cell.number_format = MONEY_FORMAT
    elif isinstance(value, date):
        cell.number_format = DAY_FORMAT
    return cell

"""Tables that fit the width (docs/counter.md, "Tables fit the screen").

Each column says how much it matters (`keep`: 1 always shown, higher numbers
go first when the screen is narrow) and whether its text may be cut (`least`:
cut down to that many cells, with …; 0 never: dates, slip numbers, money).
Columns are as wide as what they hold, in cells, so a Chinese heading or name
counts two a character. On a resize, or when new rows are wider, the table
is laid out again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Self

from rich.cells import cell_len
from rich.text import Text
from textual import events, on
from textual.binding import Binding
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

from deskapp.screens.plain import plain
from deskapp.screens.plain_table import PlainDataTable, PlainTable

PAD = 2  # DataTable's cell padding, one cell each side


@dataclass(frozen=True)
class Col:
    title: str  # translated
    keep: int = 1  # 1: always shown; the highest number is dropped first
    least: int = 0  # 0: never cut; else the fewest cells it may be cut to
    right: bool = False  # amounts and counts line up on the right
    fold: bool = False  # a Rich table's cut column folds onto more lines instead of ending in …
    extra: bool = False  # shown only while no other column is cut (a minimum beside the alerts)


def fit(cols: Sequence[Col], natural: list[int], width: int, pad: int = PAD) -> list[tuple[int, int]]:
    """The columns to show, (index, content width), within `width` cells: the least
    important go first while even the cut-down widths do not fit; then a column is cut
    only when dropping less important ones would not show it whole, and never while
    an extra column is shown."""
    shown = list(range(len(cols)))
    while sum(_smallest(cols[i], natural[i]) + pad for i in shown) > width:
        droppable = [i for i in shown if cols[i].keep > 1]
        if not droppable:
            break  # what is left scrolls
        shown.remove(max(droppable, key=lambda i: (cols[i].keep, i)))
    widths = _widths(cols, natural, shown, width, pad)
    while cut := [i for i in shown if widths[i] < natural[i]]:
        most = min(cols[i].keep for i in cut)
        # Only columns that cannot be cut go for another's sake: a name is cut, never dropped.
        less = sorted(
            (j for j in shown if cols[j].keep > most and not cols[j].least), key=lambda j: (-cols[j].keep, -j)
        )
        for n in range(1, len(less) + 1):
            fewer = [i for i in shown if i not in less[:n]]
            trial = _widths(cols, natural, fewer, width, pad)
            if all(trial[i] >= natural[i] for i in fewer if cols[i].keep < cols[less[n - 1]].keep):
                shown, widths = fewer, trial
                break
        else:
            extras = [j for j in shown if cols[j].extra]
            if not extras:
                break
            shown.remove(max(extras, key=lambda j: (cols[j].keep, j)))
            widths = _widths(cols, natural, shown, width, pad)
    return [(i, widths[i]) for i in shown]


def _smallest(col: Col, natural: int) -> int:
    """A cut column keeps its heading whole."""
    return min(max(col.least, cell_len(col.title)), natural) if col.least else natural


def _widths(
    cols: Sequence[Col], natural: list[int], shown: list[int], width: int, pad: int
) -> dict[int, int]:
    widths = {i: _smallest(cols[i], natural[i]) for i in shown}
    spare = width - sum(w + pad for w in widths.values())
    short = [i for i in shown if widths[i] < natural[i]]
    while spare > 0 and short:  # what is left, shared a cell at a time among the cut columns
        for i in list(short):
            if spare and widths[i] < natural[i]:
                widths[i] += 1
                spare -= 1
            else:
                short.remove(i)
    return widths


def _cell(value: Any, cut: bool) -> Text:
    text = plain(value) if isinstance(value, str | Text) else plain(str(value))
    if cut:
        text = text.copy()
        text.no_wrap, text.overflow = True, "ellipsis"
    return text


class FitTable(PlainDataTable):
    """A PlainDataTable of `Col`s that shows what fits its width (see the module)."""

    # Home and End go to the first and the last row (the columns fit, so there is nothing
    # to scroll sideways): docs/counter.md, "Scrolling".
    BINDINGS = [Binding("home", "scroll_top", show=False), Binding("end", "scroll_bottom", show=False)]

    def __init__(self, *cols: Col, **options: Any) -> None:
        super().__init__(**options)
        self.cols = cols
        self.natural = [Text(c.title).cell_len for c in cols]
        self.rows_held: list[tuple[list[Text], Any]] = []
        self.plan = [(i, 0) for i in range(len(cols))]
        self._refit_due = False
        for n, col in enumerate(cols):
            super().add_column(col.title, key=f"c{n}")

    @property
    def shown_titles(self) -> list[str]:
        return [self.cols[i].title for i, _w in self.plan]

    def add_row(self, *cells: Any, key: str | None = None, **options: Any) -> RowKey:
        held = [_cell(c, bool(col.least)) for c, col in zip(cells, self.cols, strict=True)]
        self.rows_held.append((held, key))
        for n, text in enumerate(held):
            self.natural[n] = max(self.natural[n], text.cell_len)
        if not self._refit_due and self._fitted(self.size.width) != self.plan and self.size.width:
            self._refit_due = True
            self.call_later(self.refit)
        return super().add_row(*(held[i] for i, _w in self.plan), key=key, **options)

    def clear(self, columns: bool = False) -> Self:
        self.rows_held.clear()
        self.natural = [Text(c.title).cell_len for c in self.cols]
        return super().clear(columns)

    def _fitted(self, width: int) -> list[tuple[int, int]]:
        # The vertical scrollbar is counted whether it shows or not: a list that grows
        # past the screen keeps its columns.
        return fit(self.cols, self.natural, width - self.styles.scrollbar_size_vertical)

    @on(events.Resize)
    def _resized(self) -> None:
        self.refit()

    def refit(self) -> None:
        self._refit_due = False
        if not self.size.width:
            return
        plan = self._fitted(self.size.width)
        if plan == self.plan:
            return
        self.plan = plan
        row, held = self.cursor_row, list(self.rows_held)
        DataTable.clear(self, columns=True)
        for i, width in plan:
            cut = self.cols[i].least and width < self.natural[i]
            DataTable.add_column(self, self.cols[i].title, width=width if cut else None, key=f"c{i}")
        for cells, key in held:
            DataTable.add_row(self, *(cells[i] for i, _w in plan), key=key)
        if self.row_count:
            self.move_cursor(row=min(row, self.row_count - 1), animate=False)


def fit_table(cols: Sequence[Col], rows: Sequence[Sequence[Any]], width: int, **options: Any) -> PlainTable:
    """A Rich table (one cell of padding on the right) of the columns that fit `width`;
    a width of 0 (not laid out yet) shows every column."""
    cells = [[_cell(c, False) for c in row] for row in rows]
    natural = [
        max([Text(col.title).cell_len, *(row[n].cell_len for row in cells)]) for n, col in enumerate(cols)
    ]
    plan = fit(cols, natural, width, pad=1) if width > 0 else [(i, natural[i]) for i in range(len(cols))]
    table = PlainTable(box=None, padding=(0, 1, 0, 0), pad_edge=False, header_style="bold", **options)
    for i, cells_wide in plan:
        col = cols[i]
        cut = cells_wide < natural[i]
        table.add_column(
            col.title,
            justify="right" if col.right else "left",
            min_width=cells_wide,
            max_width=cells_wide,
            no_wrap=not (cut and col.fold),
            overflow="fold" if col.fold else "ellipsis",
        )
    for row in cells:
        table.add_row(*(row[i] for i, _w in plan))
    return table

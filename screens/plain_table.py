"""Tables and picks whose str content is content (plain.py says why): Rich's Table,
the lists' DataTable, and Select."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Select
from textual.widgets.data_table import RowKey

from deskapp.screens.plain import plain, plain_cells


class PlainDataTable(DataTable):
    """A DataTable whose str cells are content: a borrower `Eve[/]` shows as typed."""

    def add_row(self, *cells: Any, **options: Any) -> RowKey:
        return super().add_row(*plain_cells(cells), **options)

    async def _on_idle(self, event: events.Idle) -> None:
        # Textual 8.2 measures new rows' columns when idle, but keeps the cells it painted
        # before that at the header's widths: a busy desk that paints in between showed
        # "2026" for a whole date until the list was reloaded. Measured: paint afresh.
        measuring = self._require_update_dimensions
        await super()._on_idle(event)
        if measuring:
            self._clear_caches()


class PlainTable(Table):
    """A Rich table whose str cells are content."""

    def add_row(self, *cells: Any, **options: Any) -> None:
        super().add_row(*plain_cells(cells), **options)


def plain_options(options: Any) -> list[tuple[Text, Any]]:
    return [(plain(label), value) for label, value in options]


class PlainSelect(Select):
    """A Select whose option labels are content (a promise's text, a medicine's name).
    Enter moves on, as in every field (docs/counter.md, "Enter"); Space or Down opens
    the list."""

    BINDINGS = [Binding("enter", "done", show=False)]

    class Done(Message):
        """Enter: the clerk has finished this field."""

        def __init__(self, select: PlainSelect) -> None:
            super().__init__()
            self.select = select

    def action_done(self) -> None:
        self.post_message(self.Done(self))

    def __init__(self, options: Any, **settings: Any) -> None:
        super().__init__(plain_options(options), **settings)

    def set_options(self, options: Any) -> None:
        super().set_options(plain_options(options))

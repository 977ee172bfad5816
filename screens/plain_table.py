"""The lists' DataTable, whose str cells are content (plain.py says why)."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable

from deskapp.screens.plain import plain_cells


class PlainDataTable(DataTable):
    """A DataTable whose str cells are content: a borrower `Eve[/]` shows as typed."""

    def add_row(self, *cells: Any, **options: Any):  # type: ignore[override]
        return super().add_row(*plain_cells(cells), **options)

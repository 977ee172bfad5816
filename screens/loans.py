"""Loan lists (Ctrl+L): out now, overdue (longest first) and history.

The table holds pages: the first 100 rows, the next 100 as the cursor comes
near the end, so a list opens at once with a million past loans. Phones are
masked here; Enter opens the loan in full, where its slips can be reprinted.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input

from deskapp.i18n import N_, _
from deskapp.screens.base import DeskHeader
from deskapp.screens.fit import Col, FitTable
from deskapp.screens.footer import DeskFooter
from deskapp.screens.lists import PagedList
from deskapp.screens.plain import Plain
from deskapp.services import loan_lists
from deskapp.services.loan_lists import VIEW_LABELS, LoanRow, Page
from deskapp.services.privacy import shown
from deskapp.services.stock import label


class LoansScreen(PagedList):
    BINDINGS = [
        Binding(
            "ctrl+n",
            "next_view",
            N_("Next list"),
            tooltip=N_("Out now, overdue, history"),
            id="loans.next_view",
            priority=True,
        ),
        Binding(
            "ctrl+f",
            "search",
            N_("Search"),
            tooltip=N_("Tag, slip number, phone or name"),
            id="loans.search",
            show=False,
        ),
        Binding("escape", "back", N_("Back"), id="loans.back"),
    ]
    VIEWS = VIEW_LABELS
    OPEN_HINT = N_("Enter: the loan in full")

    def __init__(self) -> None:
        super().__init__()
        self.loan_of: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with Horizontal(classes="list-bar"):
            yield Plain(id="views")
            yield Input(placeholder=_("search: tag, slip, phone, name"), id="search", compact=True)
        # What a clerk looks for first stays on an 80-column screen (screens/fit.py).
        yield FitTable(
            Col(_("Slip")),
            Col(_("Item"), least=8),
            Col(_("Borrower"), 2, least=16),
            Col(_("Phone"), 4),
            Col(_("Due")),
            Col(_("Late"), 3),
            Col(_("State")),
            Col(_("Lent"), 5),
            id="loans",
            cursor_type="row",
            zebra_stripes=True,
            classes="list-table",
        )
        yield Plain(id="list-status", classes="hint")
        yield DeskFooter()

    def fetch(self, view: str, text: str, offset: int, limit: int) -> Page:
        return loan_lists.page(view, self.desk_app.desk.time, text, offset, limit)

    def add_rows(self, table: DataTable, rows: list[LoanRow]) -> None:
        if not table.row_count:
            self.loan_of.clear()
        desk = self.desk_app.desk
        local = desk.time.local
        for row in rows:
            overdue = row.state == "out" and bool(row.days_late)
            late = Text(str(row.days_late) if row.days_late else "", style="bold yellow" if overdue else "")
            # Overdue in words, not only in colour: a 16-colour or monochrome console shows it.
            state = Text(_("Overdue"), style="bold") if overdue else _(loan_lists.STATE_LABELS[row.state])
            key = str(row.line_id)
            self.loan_of[key] = row.loan_id
            phone = shown(row.phone, desk.policy.privacy.mask)
            table.add_row(
                row.slip_no,
                f"{row.tag} {label(desk.policy, row.kind)}",
                shown(row.borrower, desk.policy.privacy.mask),
                phone,
                f"{local(row.due_at):%m-%d %H:%M}",
                late,
                state,
                f"{local(row.lent_at):%m-%d %H:%M}",
                key=key,
            )

    @on(DataTable.RowSelected)
    def open_loan(self, event: DataTable.RowSelected) -> None:
        loan_id = self.loan_of.get(event.row_key.value or "")
        if loan_id is not None:
            from deskapp.screens.loan_detail import LoanDetailScreen

            self.app.push_screen(LoanDetailScreen(loan_id))

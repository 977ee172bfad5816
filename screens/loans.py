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
from textual.message import Message
from textual.widgets import DataTable, Footer, Input, Static

from deskapp.i18n import N_, _, ngettext
from deskapp.screens.base import DeskHeader, db_work
from deskapp.screens.lists import SearchableList
from deskapp.services import loans
from deskapp.services.loans import VIEW_LABELS, VIEWS, Page
from deskapp.services.stock import label

PAGE = 100
NEAR_END = 20  # rows before the end of what is loaded that fetch the next page


class LoansScreen(SearchableList):
    CSS_PATH = "loans.tcss"
    BINDINGS = [
        Binding("ctrl+n", "next_view", N_("Next list"), tooltip=N_("Out now, overdue, history"),
                id="loans.next_view", priority=True),
        Binding("ctrl+f", "search", N_("Search"), tooltip=N_("Tag, slip number, phone or name"),
                id="loans.search", show=False),
        Binding("escape", "back", N_("Back"), id="loans.back"),
    ]

    class Loaded(Message):
        def __init__(self, page: Page, generation: int) -> None:
            super().__init__()
            self.page = page
            self.generation = generation

    def __init__(self) -> None:
        super().__init__()
        self.view = "out"
        self.generation = 0  # a newer search or view makes older pages stale
        self.fetching = False  # a page is being read (not Widget.loading: that covers the screen)
        self.total: int | None = 0
        self.more = False
        self.loan_of: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with Horizontal(id="loans-bar"):
            yield Static(id="views")
            yield Input(placeholder=_("search: tag, slip, phone, name"), id="search", compact=True)
        table = DataTable(id="loans", cursor_type="row", zebra_stripes=True)
        # What a clerk looks for first stays on an 80-column screen; the rest scrolls.
        table.add_columns(_("Slip"), _("Item"), _("Borrower"), _("Phone"), _("Due"), _("Late"),
                          _("State"), _("Lent"))
        yield table
        yield Static(id="loans-status", classes="hint")
        yield Footer()

    # -- loading ------------------------------------------------------------------------------
    def reload(self) -> None:
        self.generation += 1
        self.fetching = True
        self.show_views()
        self.load(self.view, self.search_text, 0, self.generation)

    @db_work
    def load(self, view: str, text: str, offset: int, generation: int) -> None:
        self.post_message(self.Loaded(loans.page(view, self.desk_app.desk.time, text, offset, PAGE),
                                      generation))

    def on_loans_screen_loaded(self, message: Loaded) -> None:
        if message.generation != self.generation:
            return
        page = message.page
        table = self.query_one(DataTable)
        if page.offset == 0:
            table.clear()
            self.loan_of.clear()
        desk = self.desk_app.desk
        local = desk.time.local
        for row in page.rows:
            late = Text(str(row.days_late) if row.days_late else "",
                        style="bold yellow" if row.state == "out" and row.days_late else "")
            key = str(row.line_id)
            self.loan_of[key] = row.loan_id
            table.add_row(row.slip_no, f"{row.tag} {label(desk.policy, row.kind)}", row.borrower,
                          row.phone_masked, f"{local(row.due_at):%m-%d %H:%M}", late,
                          _(loans.STATE_LABELS[row.state]), f"{local(row.lent_at):%m-%d %H:%M}", key=key)
        self.total, self.more = page.total, page.has_more
        self.fetching = False
        self.show_views()

    def show_views(self) -> None:
        bar = Text()
        for view in VIEWS:
            bar.append(f" {_(VIEW_LABELS[view])} ", style="reverse bold" if view == self.view else "dim")
            bar.append(" ")
        self.query_one("#views", Static).update(bar)
        table = self.query_one(DataTable)
        if self.fetching and not table.row_count:
            status = _("Loading…")
        elif not table.row_count:
            status = _("Nothing here.")
        else:
            if self.total is None:
                status = _("{shown} shown, more below").format(shown=table.row_count)
            else:
                status = ngettext("{shown} of {n} item", "{shown} of {n} items", self.total).format(
                    shown=table.row_count, n=self.total)
            status += " · " + _("Enter: the loan in full")
        self.query_one("#loans-status", Static).update(status)

    @on(DataTable.RowHighlighted)
    def maybe_more(self, event: DataTable.RowHighlighted) -> None:
        table = event.data_table
        if (not self.fetching and self.more
                and event.cursor_row >= table.row_count - NEAR_END):
            self.fetching = True
            self.load(self.view, self.search_text, table.row_count, self.generation)

    # -- keys ----------------------------------------------------------------------------------
    def action_next_view(self) -> None:
        self.view = VIEWS[(VIEWS.index(self.view) + 1) % len(VIEWS)]
        self.reload()

    @on(DataTable.RowSelected)
    def open_loan(self, event: DataTable.RowSelected) -> None:
        loan_id = self.loan_of.get(event.row_key.value or "")
        if loan_id is not None:
            from deskapp.screens.loan_detail import LoanDetailScreen

            self.app.push_screen(LoanDetailScreen(loan_id))

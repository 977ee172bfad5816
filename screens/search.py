"""F8 Search (查询): type or scan, and every section's records that match show;
Enter opens the one under the cursor."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static

from deskapp.i18n import N_, _, ngettext
from deskapp.screens.base import DeskHeader, DeskScreen, db_work
from deskapp.screens.fit import Col, FitTable
from deskapp.screens.footer import DeskFooter
from deskapp.screens.plain import Plain
from deskapp.services import search
from deskapp.services.search import KINDS_FOUND, Hit

PAUSE = 0.3


class SearchScreen(DeskScreen):
    DEFAULT_CSS = """
    SearchScreen #query { margin: 1 1 0 1; }
    """
    BINDINGS = [
        Binding("ctrl+f", "focus_search", N_("Search"), id="search.focus", show=False),
        Binding("escape", "back", N_("Back"), id="search.back"),
        # Down from the search box goes to the results, whose Enter opens the row under the cursor.
        Binding("down", "to_results", show=False),
    ]

    class Found(Message):
        def __init__(self, text: str, hits: list[Hit]) -> None:
            super().__init__()
            self.text = text
            self.hits = hits

    def __init__(self) -> None:
        super().__init__()
        self.hits: dict[str, Hit] = {}
        self._debounce: Timer | None = None

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Input(
            placeholder=_("slip, tag, phone or its last 4 digits, name, complaint number, text"),
            id="query",
            compact=True,
        )
        yield FitTable(
            Col(_("Found")),
            Col(_("Record"), least=10),
            Col(_("Details"), 2, least=10),
            Col(_("When")),
            id="hits",
            cursor_type="row",
            zebra_stripes=True,
            classes="list-table",
        )
        yield Plain(_("Type or scan, then Enter."), id="list-status", classes="hint")
        yield DeskFooter()

    def on_mount(self) -> None:
        self.query_one("#query", Input).focus()

    def on_screen_resume(self) -> None:
        self.query_one("#query", Input).focus()

    @on(Input.Changed, "#query")
    def typed(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(PAUSE, self.run_search)

    @on(Input.Submitted, "#query")
    def submitted(self) -> None:
        """Enter: the search at once, and its first record opens (a scanned slip opens its loan)."""
        if self._debounce is not None:
            self._debounce.stop()
        self._open_first = self.query_one("#query", Input).value
        self.run_search()
        self.query_one(DataTable).focus()

    def run_search(self) -> None:
        self.look(self.query_one("#query", Input).value)

    @db_work
    def look(self, text: str) -> None:
        desk = self.desk_app.desk
        self.post_message(self.Found(text, search.find(desk.policy, desk.time, text)))

    _open_first: str | None = None  # the text Enter was pressed on

    def on_search_screen_found(self, message: Found) -> None:
        if message.text != self.query_one("#query", Input).value:
            return  # typing went on: a newer search is on its way
        self.show_hits(message)
        if self._open_first == message.text and message.hits:
            self._open_first = None
            self.open(message.hits[0])

    def show_hits(self, message: Found) -> None:
        table = self.query_one(DataTable)
        table.clear()
        self.hits = {}
        show = self.desk_app.desk.time.show
        for n, hit in enumerate(message.hits):
            key = f"{hit.kind}:{hit.id}:{n}"
            self.hits[key] = hit
            table.add_row(
                Text(_(KINDS_FOUND[hit.kind]), style="bold"),
                hit.title,
                hit.detail[:60],
                show(hit.when) if hit.when else "",
                key=key,
            )
        status = (
            ngettext(
                "{n} record found · Enter opens it", "{n} records found · Enter opens one", len(message.hits)
            ).format(n=len(message.hits))
            if message.hits
            else (_("Nothing found.") if message.text.strip() else _("Type or scan, then Enter."))
        )
        self.query_one("#list-status", Static).update(status)

    @on(DataTable.RowSelected)
    def open_hit(self, event: DataTable.RowSelected) -> None:
        hit = self.hits.get(event.row_key.value or "")
        if hit is not None:
            self.open(hit)

    def open(self, hit: Hit) -> None:
        if hit.kind == "loan":
            from deskapp.screens.loan_detail import LoanDetailScreen

            self.app.push_screen(LoanDetailScreen(hit.id))
        elif hit.kind == "complaint":
            from deskapp.screens.complaint import ComplaintScreen

            self.app.push_screen(ComplaintScreen(hit.id))
        elif hit.kind == "kit_use":
            from deskapp.screens.kit_uses import KitUsesScreen

            self.app.push_screen(KitUsesScreen(search_for=hit.title))
        elif hit.kind == "promise":
            self.desk_app.action_section("handover")
        elif hit.kind == "item":
            self.desk_app.action_section("stock")

    def action_to_results(self) -> None:
        table = self.query_one(DataTable)
        if self.focused is self.query_one("#query", Input) and table.row_count:
            table.focus()

    def action_focus_search(self) -> None:
        self.query_one("#query", Input).focus()

    def action_back(self) -> None:
        query = self.query_one("#query", Input)
        if query.value:
            query.value = ""
            query.focus()
        else:
            self.desk_app.action_home()

"""List screens: a search field, views to switch between, and a table that holds
pages (the loan lists, complaints; stock uses the search part only).

Pages: the first PAGE rows, the next as the cursor comes within NEAR_END of the
end, so a list opens at once over a million records. A newer search or view
makes pages still on their way stale (generation).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.text import Text
from textual import on
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static

from deskapp.i18n import _, ngettext
from deskapp.screens.base import DeskScreen, db_work

PAUSE = 0.3  # seconds of no typing (or scanning) before the list asks the database again
PAGE = 100
NEAR_END = 20


class SearchableList(DeskScreen):
    """Reloads when typing in the search field pauses, or at once on Enter;
    Esc clears the search first, then goes Home. Subclasses implement reload()."""

    SEARCH_ID = "search"
    _debounce: Timer | None = None
    _reload_due = False

    def reload(self) -> None:
        raise NotImplementedError

    def on_mount(self) -> None:
        self.desk_app.subscribe_desk_changes(self, self.reload)
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        # Shown first, or again: records may have changed meanwhile. A first
        # show brings two ScreenResume events (the mode switch, then the screen's own).
        if not self._reload_due:
            self._reload_due = True
            self.call_later(self._reload_once)

    def _reload_once(self) -> None:
        self._reload_due = False
        self.reload()

    @property
    def search_text(self) -> str:
        return self.query_one(f"#{self.SEARCH_ID}", Input).value

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == self.SEARCH_ID:
            if self._debounce is not None:
                self._debounce.stop()
            self._debounce = self.set_timer(PAUSE, self.reload)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == self.SEARCH_ID:
            if self._debounce is not None:
                self._debounce.stop()
            self.reload()
            self.query_one(DataTable).focus()

    def action_search(self) -> None:
        self.query_one(f"#{self.SEARCH_ID}", Input).focus()

    def action_back(self) -> None:
        search = self.query_one(f"#{self.SEARCH_ID}", Input)
        if search.value:
            search.value = ""  # the change reloads the list
        else:
            self.desk_app.action_home()


class PagedList(SearchableList):
    """A SearchableList whose table is filled page by page from a service.

    Subclasses set VIEWS (view -> N_ label), compose #views, #search, a DataTable
    and #list-status, and implement fetch() (in a worker) and add_rows().
    """

    VIEWS: Mapping[str, str] = {}
    OPEN_HINT = ""  # N_ marked: what Enter does

    class Loaded(Message):
        def __init__(self, page: Any, generation: int) -> None:
            super().__init__()
            self.page = page
            self.generation = generation

    def __init__(self) -> None:
        super().__init__()
        self.view = next(iter(self.VIEWS))
        self.generation = 0
        self.fetching = False  # a page is being read (not Widget.loading: that covers the screen)
        self.total: int | None = 0
        self.more = False

    def fetch(self, view: str, text: str, offset: int, limit: int) -> Any:
        """The page (rows, total, offset, has_more) from the service; runs in a worker."""
        raise NotImplementedError

    def add_rows(self, table: DataTable, rows: list[Any]) -> None:
        raise NotImplementedError

    def filter_label(self) -> str:
        """A filter besides the view, shown after the views (translated), or ""."""
        return ""

    def reload(self) -> None:
        self.generation += 1
        self.fetching = True
        self.show_status()
        self._load(self.view, self.search_text, 0, self.generation)

    @db_work
    def _load(self, view: str, text: str, offset: int, generation: int) -> None:
        self.post_message(self.Loaded(self.fetch(view, text, offset, PAGE), generation))

    def on_paged_list_loaded(self, message: Loaded) -> None:
        if message.generation != self.generation:
            return
        page = message.page
        table = self.query_one(DataTable)
        if page.offset == 0:
            table.clear()
        self.add_rows(table, page.rows)
        self.total, self.more = page.total, page.has_more
        self.fetching = False
        self.show_status()

    @on(DataTable.RowHighlighted)
    def _maybe_more(self, event: DataTable.RowHighlighted) -> None:
        table = event.data_table
        if not self.fetching and self.more and event.cursor_row >= table.row_count - NEAR_END:
            self.fetching = True
            self._load(self.view, self.search_text, table.row_count, self.generation)

    def show_status(self) -> None:
        bar = Text()
        for view, label in self.VIEWS.items():
            bar.append(f" {_(label)} ", style="reverse bold" if view == self.view else "dim")
            bar.append(" ")
        if extra := self.filter_label():
            bar.append(f"[{extra}]", style="bold")
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
                    shown=table.row_count, n=self.total
                )
            if self.OPEN_HINT:
                status += " · " + _(self.OPEN_HINT)
            if legend := self.legend():
                status += " · " + legend
        self.query_one("#list-status", Static).update(status)

    def legend(self) -> str:
        """What a mark in the rows shown means (translated), or ""."""
        return ""

    def action_next_view(self) -> None:
        views = list(self.VIEWS)
        self.view = views[(views.index(self.view) + 1) % len(views)]
        self.reload()

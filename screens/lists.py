"""A list screen with a search field above its table (loans, stock)."""

from __future__ import annotations

from textual.timer import Timer
from textual.widgets import DataTable, Input

from deskapp.screens.base import DeskScreen

PAUSE = 0.3  # seconds of no typing (or scanning) before the list asks the database again


class SearchableList(DeskScreen):
    """Reloads when typing in the search field pauses, or at once on Enter;
    Esc clears the search first, then goes Home. Subclasses implement reload()."""

    SEARCH_ID = "search"
    _debounce: Timer | None = None
    _reload_due = False

    def reload(self) -> None:
        raise NotImplementedError

    def on_mount(self) -> None:
        self.app.subscribe_desk_changes(self, self.reload)  # type: ignore[attr-defined]
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        # Shown first, or again: loans and returns may have happened meanwhile. A first
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

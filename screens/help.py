"""F1: every key of the screen underneath, with what it does."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen

from deskapp.i18n import N_, _
from deskapp.screens.base import DeskModal, desk_commands
from deskapp.screens.plain import Plain
from deskapp.screens.plain_table import PlainTable

# Keys that work on every form, whoever defines them.
FORM_KEYS = (
    ("Tab / Shift+Tab", N_("Next / previous field")),
    ("Enter", N_("Next field, or confirm on the last one")),
    ("Esc", N_("Back or cancel; a saved record is never lost")),
)


def key_rows(screen: Screen) -> list[tuple[str, str]]:
    """(keys, what they do) for the desk's keys active on `screen`."""
    return [(" / ".join(c.keys), c.description) for c in desk_commands(screen)]


class HelpScreen(DeskModal[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = [Binding("escape,f1", "dismiss", N_("Close"), id="help.close")]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.rows = key_rows(under)

    def compose(self) -> ComposeResult:
        table = PlainTable(box=None, show_header=False, padding=(0, 2, 0, 0), expand=True)
        table.add_column(style="bold", no_wrap=True)
        table.add_column(ratio=1)
        for keys, desc in self.rows:
            table.add_row(keys, desc)
        table.add_row("", "")
        for keys, desc in FORM_KEYS:
            table.add_row(keys, _(desc))
        with VerticalScroll(id="help") as box:
            box.border_title = _("Keys of this screen")
            box.border_subtitle = _("Esc or F1 to close")
            yield Plain(table)

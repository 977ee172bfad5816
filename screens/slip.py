"""A slip on screen before it is printed: Enter prints (or saves) it in the
background (screens/printing.py), Esc closes."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from deskapp.i18n import N_, _
from deskapp.screens.base import DeskModal, db_work
from deskapp.screens.footer import DeskFooter
from deskapp.screens.plain import Plain
from deskapp.screens.printing import print_later
from deskapp.services.slips import Printout


class SlipScreen(DeskModal[bool]):
    """`build()` makes the slip from the records (in a worker); `name` is its file name
    when it is saved; `again` says how to print it once more if the printer fails."""

    CSS_PATH = "slip.tcss"
    BINDINGS = [
        Binding(
            "enter",
            "print",
            N_("Print"),
            tooltip=N_("Print the slip, or save it when no printer is set"),
            id="slip.print",
            priority=True,
        ),
        Binding("escape", "close", N_("Close"), id="slip.close"),
    ]

    class Built(Message):
        def __init__(self, printout: Printout | str) -> None:
            super().__init__()
            self.printout = printout

    def __init__(self, title: str, name: str, build: Callable[[], Printout | str], again: str = "") -> None:
        super().__init__()
        self.slip_title = title
        self.slip_name = name
        self.build = build
        self.again = again
        self.printout: Printout | str | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="slip-box") as box:
            box.border_title = self.slip_title
            yield Plain(_("Preparing the slip…"), id="slip-text")
        yield DeskFooter()

    def on_mount(self) -> None:
        self.make()

    @db_work
    def make(self) -> None:
        self.post_message(self.Built(self.build()))

    def on_slip_screen_built(self, message: Built) -> None:
        self.printout = message.printout
        text = message.printout if isinstance(message.printout, str) else message.printout.text()
        self.query_one("#slip-text", Static).update(text)

    def action_print(self) -> None:
        if self.printout is not None:
            print_later(self.desk_app, self.slip_name, self.printout, self.again)
            self.dismiss(True)

    def action_close(self) -> None:
        self.dismiss(False)

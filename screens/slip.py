"""A slip on screen before it is printed: Enter prints (or saves) it, Esc closes."""

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
from deskapp.services import slips


class SlipScreen(DeskModal[bool]):
    """`build()` makes the slip's text from the records (in a worker); `name` is its file name."""

    CSS_PATH = "slip.tcss"
    BINDINGS = [
        Binding("enter", "print", N_("Print"),
                tooltip=N_("Print the slip, or save it when no printer is set"),
                id="slip.print", priority=True),
        Binding("escape", "close", N_("Close"), id="slip.close"),
    ]

    class Built(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Delivered(Message):
        def __init__(self, result: slips.Delivered) -> None:
            super().__init__()
            self.result = result

    def __init__(self, title: str, name: str, build: Callable[[], str]) -> None:
        super().__init__()
        self.slip_title = title
        self.slip_name = name
        self.build = build
        self.text = ""

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
        self.text = message.text
        self.query_one("#slip-text", Static).update(message.text)

    def action_print(self) -> None:
        if self.text:
            self.deliver(self.text)

    @db_work
    def deliver(self, text: str) -> None:
        desk = self.desk_app.desk
        self.post_message(self.Delivered(slips.deliver(desk.policy, desk.locations.slips_dir,
                                                       self.slip_name, text)))

    def on_slip_screen_delivered(self, message: Delivered) -> None:
        result = message.result
        if result.printed:
            self.notify(_("Slip sent to the printer ({command}).").format(command=result.where))
        else:
            self.notify(_("No printer is set; the slip was saved to {path}").format(path=result.where),
                        timeout=8)
        self.dismiss(True)

    def action_close(self) -> None:
        self.dismiss(False)

"""First start: the first administrator creates themself (name, PIN twice)."""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Input

from deskapp.i18n import N_, _
from deskapp.screens.base import DeskHeader, db_work
from deskapp.screens.footer import DeskFooter
from deskapp.screens.form import Field, FormScreen, PinInput
from deskapp.screens.plain import Plain
from deskapp.services import pins, staff
from deskapp.services.staff import StaffInfo


class SetupScreen(FormScreen):
    CSS_PATH = "setup.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Create"), tooltip=N_("Create the administrator"), id="setup.save"),
        Binding(
            "ctrl+o",
            "demo",
            N_("Try the demo"),
            tooltip=N_("Look around a demo desk first; this desk stays empty"),
            id="setup.demo",
        ),
    ]
    FIELDS = ("name", "pin", "pin_again")

    class StaffExist(Message):
        """Someone (another desk, the CLI) created staff meanwhile: sign in instead."""

    def compose(self) -> ComposeResult:
        security = self.desk_app.desk.policy.security
        yield DeskHeader()
        with VerticalScroll(classes="form"):
            yield Plain(_("Welcome to deskapp"), classes="title")
            yield Plain(
                _(
                    "This desk has no staff yet. Create the first administrator: "
                    "the person who will add the other staff."
                ),
                classes="hint",
            )
            yield Plain(
                _(
                    "Or press Ctrl+O to try a demo desk with a month of sample records first; "
                    "it is kept apart, and this desk stays empty."
                ),
                classes="hint",
            )
            yield Field(_("Name"), Input(max_length=staff.NAME_MAX), field_id="name")
            yield Field(
                _("PIN"),
                PinInput(
                    max_length=security.pin_max_length,
                    placeholder=_("{lo}-{hi} digits").format(
                        lo=pins.min_length(security, "admin"), hi=security.pin_max_length
                    ),
                ),
                field_id="pin",
            )
            yield Field(_("PIN again"), PinInput(max_length=security.pin_max_length), field_id="pin_again")
        yield DeskFooter()

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()
        self.check_still_needed()

    @db_work
    def check_still_needed(self) -> None:
        if staff.has_staff():
            self.post_message(self.StaffExist())

    def on_setup_screen_staff_exist(self) -> None:
        from deskapp.screens.signin import SignInScreen

        self.replace_with(SignInScreen())

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        if event.input.id == self.FIELDS[-1]:
            self.action_save()
        else:
            self.focus_next()

    def action_demo(self) -> None:
        self.app.exit("demo")  # the command line opens the demo desk (deskapp demo)

    def action_save(self) -> None:
        desk = self.desk_app.desk
        self.submit(
            partial(
                staff.create_first_admin,
                self.value("name"),
                self.value("pin"),
                self.value("pin_again"),
                desk.policy.security,
                desk.time.now(),
            )
        )

    def saved(self, result: StaffInfo) -> None:
        self.desk_app.signed_in(result)

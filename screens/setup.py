"""First start: the first administrator creates themself (name, PIN twice)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Input, Static
from textual.worker import Worker

from deskapp.errors import DeskError, ValidationError
from deskapp.i18n import N_, _
from deskapp.screens.base import DeskHeader, DeskScreen, db_work
from deskapp.screens.form import Field
from deskapp.services import staff
from deskapp.services.staff import StaffInfo


class SetupScreen(DeskScreen):
    CSS_PATH = "setup.tcss"
    BINDINGS = [Binding("ctrl+s", "save", N_("Create"), tooltip=N_("Create the administrator"),
                        id="setup.save")]

    class Created(Message):
        def __init__(self, who: StaffInfo) -> None:
            super().__init__()
            self.who = who

    class Refused(Message):
        def __init__(self, error: DeskError) -> None:
            super().__init__()
            self.error = error

    FIELDS = ("name", "pin", "pin_again")

    def __init__(self) -> None:
        super().__init__()
        self.saving = False

    def compose(self) -> ComposeResult:
        security = self.desk_app.desk.policy.security
        yield DeskHeader()
        with VerticalScroll(classes="form"):
            yield Static(_("Welcome to deskapp"), classes="title")
            yield Static(_("This desk has no staff yet. Create the first administrator: "
                           "the person who will add the other staff."), classes="hint")
            yield Field(_("Name"), Input(max_length=staff.NAME_MAX), field_id="name")
            yield Field(_("PIN"), Input(password=True, max_length=security.pin_max_length,
                                        placeholder=_("{lo}-{hi} digits").format(
                                            lo=security.pin_min_length, hi=security.pin_max_length)),
                        field_id="pin")
            yield Field(_("PIN again"), Input(password=True, max_length=security.pin_max_length),
                        field_id="pin_again")
        yield Footer()

    class StaffExist(Message):
        """Someone (another desk, the CLI) created staff meanwhile: sign in instead."""

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

    def action_save(self) -> None:
        if self.saving:
            return
        self.saving = True
        for name in self.FIELDS:
            self.query_one(f"#field-{name}", Field).show_error(None)
        values = {name: self.query_one(f"#{name}", Input).value for name in self.FIELDS}
        self.create(**values)

    @db_work
    def create(self, name: str, pin: str, pin_again: str) -> None:
        desk = self.desk_app.desk
        try:
            who = staff.create_first_admin(name, pin, pin_again, desk.policy.security, desk.time.now())
        except DeskError as error:
            self.post_message(self.Refused(error))
        else:
            self.post_message(self.Created(who))

    @on(Worker.StateChanged)
    def _finished(self, event: Worker.StateChanged) -> None:
        # A failure is reported by the App; here the form only becomes usable again.
        if event.worker.group == "create" and event.worker.is_finished:
            self.saving = False

    def on_setup_screen_created(self, message: Created) -> None:
        self.desk_app.signed_in(message.who)

    def on_setup_screen_refused(self, message: Refused) -> None:
        error = message.error
        if isinstance(error, ValidationError):
            errors = error.errors
        else:
            errors = {error.field or "name": error.message}
        for name, text in errors.items():
            self.query_one(f"#field-{name}", Field).show_error(text)
        self.query_one(f"#{next(iter(errors))}", Input).focus()

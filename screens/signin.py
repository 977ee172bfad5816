"""Sign-in: pick or type the staff name, then the PIN. Also the lock screen (F9, idle)."""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widgets import Input, OptionList

from deskapp.errors import DeskError
from deskapp.i18n import N_, _
from deskapp.screens.base import DeskHeader, db_work
from deskapp.screens.footer import DeskFooter
from deskapp.screens.form import Field, FormScreen, PinInput
from deskapp.screens.plain import Plain, PlainOptionList
from deskapp.services import staff
from deskapp.services.staff import StaffInfo, StartState


class SignInScreen(FormScreen):
    CSS_PATH = "signin.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "sign_in", N_("Sign in"), id="signin.save")]
    FIELDS = ("name", "pin")

    class NamesLoaded(Message):
        def __init__(self, start: StartState) -> None:
            super().__init__()
            self.start = start

    def __init__(
        self, locked_by: StaffInfo | None = None, names: list[str] | None = None, taking_over: str = ""
    ) -> None:
        super().__init__()
        self.locked_by = locked_by
        self.taking_over = taking_over  # after a handover: the incoming clerk, asked to sign in
        self.preloaded = names  # the App's start state; otherwise loaded on mount
        self.names: list[str] = []
        self.shown_names: list[str] = []  # as listed under Staff, by option id

    def compose(self) -> ComposeResult:
        security = self.desk_app.desk.policy.security
        yield DeskHeader()
        with Horizontal(classes="form"):
            with Vertical(id="signin-form"):
                if self.taking_over:
                    yield Plain(
                        _("The handover is sealed. {name}, sign in to take over the desk.").format(
                            name=self.taking_over
                        ),
                        classes="warning",
                        id="lock-notice",
                    )
                elif self.locked_by:
                    yield Plain(
                        _(
                            "Locked. {name} was signed in; anyone on the staff list can sign in to carry on."
                        ).format(name=self.locked_by.name),
                        classes="warning",
                        id="lock-notice",
                    )
                yield Plain(_("Sign in"), classes="title")
                yield Field(
                    _("Name"),
                    Input(max_length=staff.NAME_MAX, placeholder=_("type or pick from the list")),
                    field_id="name",
                )
                yield Field(_("PIN"), PinInput(max_length=security.pin_max_length), field_id="pin")
                if self.desk_app.demo:  # only the demo's own file: never a real desk's PINs
                    from deskapp.services import demo

                    yield Plain(demo.sign_ins_text(), classes="hint", id="demo-pins")
            names = PlainOptionList(id="names")
            names.border_title = _("Staff")
            yield names
        yield DeskFooter()

    def on_mount(self) -> None:
        self.query_one("#name", Input).value = self.taking_over
        self.query_one("#pin" if self.taking_over else "#name", Input).focus()
        if self.preloaded is not None:
            self.show_names(self.preloaded)
        else:
            self.load_names()

    @db_work
    def load_names(self) -> None:
        self.post_message(self.NamesLoaded(staff.start_state()))

    def on_sign_in_screen_names_loaded(self, message: NamesLoaded) -> None:
        if not message.start.has_staff and not self.locked_by:
            from deskapp.screens.setup import SetupScreen

            self.replace_with(SetupScreen())  # an existing database without staff
            return
        self.show_names(message.start.names)

    def show_names(self, names: list[str]) -> None:
        self.names = names
        self.query_one("#name", Input).suggester = SuggestFromList(self.names, case_sensitive=False)
        self._show_names("")
        if not self.names:
            self.query_one("#field-name", Field).show_error(
                _("No staff member is active. An administrator can enable one with `deskapp staff enable`.")
            )

    def _show_names(self, typed: str) -> None:
        key = staff.name_key(typed)
        shown = [n for n in self.names if key in staff.name_key(n)] or self.names
        self.shown_names = shown
        options = self.query_one("#names", PlainOptionList)
        options.clear_options()
        options.add_plain(shown)

    @on(Input.Changed, "#name")
    def filter_names(self, event: Input.Changed) -> None:
        self._show_names(event.value)

    @on(OptionList.OptionSelected, "#names")
    def pick_name(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#name", Input).value = self.shown_names[int(event.option.id or 0)]
        self.query_one("#pin", Input).focus()

    @on(Input.Submitted, "#name")
    def name_done(self) -> None:
        name_input = self.query_one("#name", Input)
        matches = [n for n in self.names if staff.name_key(name_input.value) in staff.name_key(n)]
        if name_input.value.strip() and len(matches) == 1:
            name_input.value = matches[0]  # a unique part of a name is enough
        self.query_one("#pin", Input).focus()

    @on(Input.Submitted, "#pin")
    def action_sign_in(self) -> None:
        desk = self.desk_app.desk
        self.submit(
            partial(
                staff.sign_in, self.value("name"), self.value("pin"), desk.policy.security, desk.time.now()
            )
        )

    def has_typed(self) -> bool:
        return False  # a name and PIN are no work to keep

    def saved(self, result: StaffInfo) -> None:
        self.query_one("#pin", Input).value = ""
        self.desk_app.signed_in(result)
        if self.locked_by:
            self.dismiss()

    def refused(self, error: DeskError) -> None:
        self.query_one("#pin", Input).value = ""  # a wrong PIN is typed afresh; the name stays

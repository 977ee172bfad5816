"""F3 Return (归还): a tag or slip number, Enter, and the settlement shows at once.

Each item settles on its own (docs/counter.md, "Return"): while the settlement
has focus, Up and Down pick an item and keys 1-4 choose its condition (intact,
dirty, damaged, lost); those keys do nothing anywhere else, so a digit typed
outside a field never changes money. For damage an assessed compensation may be
typed for the item picked; a charge below the default asks for a reason and a
shift lead's name and PIN. Ctrl+S confirms. A slip number brings every item of
that loan still out.
"""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Input

from deskapp import i18n
from deskapp.errors import DeskError, ValidationError
from deskapp.i18n import N_, _
from deskapp.money import yuan
from deskapp.rules.lending import CONDITIONS, ReturnPreview
from deskapp.screens.base import DeskHeader, db_work
from deskapp.screens.footer import DeskFooter
from deskapp.screens.form import Field, FormScreen, PinInput
from deskapp.screens.lend import slip_screen
from deskapp.screens.plain import Plain
from deskapp.screens.return_settlement import settlement_shown
from deskapp.services import lending, returns
from deskapp.services.returns import ReturnCase, ReturnResult
from deskapp.services.settlement import CONDITION_LABELS


class Settlement(Plain, can_focus=True):
    """What the return costs. Its keys act only while it has focus: Up and Down pick
    an item, 1-4 choose that item's condition. Any other character starts the next
    scan in the tag field (tags and slips begin with a letter), so a scan made
    while the settlement has focus changes no condition."""

    BINDINGS = [
        *[
            Binding(str(n), f"screen.condition('{c}')", N_(CONDITION_LABELS[c]), show=False, id=f"return.{c}")
            for n, c in enumerate(CONDITIONS, 1)
        ],
        Binding("up", "screen.pick(-1)", N_("Previous item"), show=False, id="return.up"),
        Binding("down", "screen.pick(1)", N_("Next item"), show=False, id="return.down"),
    ]

    async def _on_key(self, event: events.Key) -> None:
        if event.is_printable and event.character and event.character not in "1234":
            event.stop()
            event.prevent_default()
            if isinstance(self.screen, ReturnScreen):
                self.screen.start_scan(event.character)
            return
        await super()._on_key(event)


class ReturnScreen(FormScreen):
    CSS_PATH = "return.tcss"
    BINDINGS = [
        Binding(
            "ctrl+s", "save", N_("Confirm"), tooltip=N_("Record the return and the money"), id="return.save"
        ),
        Binding(
            "escape", "clear", N_("Clear"), tooltip=N_("Start again (Home when empty)"), id="return.clear"
        ),
    ]
    FIELDS = ("query", "compensation", "reason", "lead", "lead_pin")

    class Found(Message):
        def __init__(self, case: ReturnCase | None, error: DeskError | None, asked: int) -> None:
            super().__init__()
            self.asked = asked
            self.case = case
            self.error = error

    def __init__(self) -> None:
        super().__init__()
        self.case: ReturnCase | None = None
        self.asked = 0
        self.conditions: dict[int, str] = {}  # by line id
        self.compensations: dict[int, str] = {}  # as typed, by line id
        self.row = 0  # the item picked in the settlement
        self.preview: ReturnPreview | None = None

    def compose(self) -> ComposeResult:
        security = self.desk_app.desk.policy.security
        yield DeskHeader()
        with VerticalScroll(classes="form", id="return-form") as form:
            form.can_focus = False  # no Tab stop of its own between the fields
            yield Plain(_("Return"), classes="title")
            yield Field(
                _("Tag or slip"),
                Input(placeholder=_("scan or type, Enter"), select_on_focus=False),
                field_id="query",
            )
            yield Settlement(id="settlement", classes="panel")
            yield Field(
                _("Assessed"),
                Input(placeholder=_("assessed, in yuan; empty: default")),
                field_id="compensation",
            )
            yield Field(_("Reason"), Input(max_length=lending.TEXT_MAX), field_id="reason")
            yield Field(_("Shift lead"), Input(), field_id="lead")
            yield Field(_("Lead's PIN"), PinInput(max_length=security.pin_max_length), field_id="lead_pin")
        yield DeskFooter()

    def on_mount(self) -> None:
        self.show()
        self.query_one("#query", Input).focus()

    def on_resize(self) -> None:
        if self.case is not None:
            self.show()  # the settlement's columns fit the new width

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("condition", "pick"):
            return self.case is not None
        return True

    def on_screen_resume(self) -> None:
        # Back from elsewhere with a half-typed tag: the next scan replaces it.
        self.query_one("#query", Input).select_all()

    # -- find ---------------------------------------------------------------------------
    def start_scan(self, first: str) -> None:
        """A character typed on the settlement: the next tag or slip begins."""
        query = self.query_one("#query", Input)
        query.value = first
        query.cursor_position = len(first)
        query.focus()

    @on(Input.Submitted, "#query")
    def find_typed(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            return
        if self.case is None or not self.has_typed():
            self.look_up(event.value)
            return
        from deskapp.screens.confirm import ask_then

        ask_then(
            self.app,
            lambda: self.look_up(event.value),
            _("Look up {query}? The conditions and amounts chosen for {slip} are thrown away.").format(
                query=event.value.strip(), slip=self.case.slip_no
            ),
        )

    def look_up(self, query: str) -> None:
        self.asked += 1  # a later scan makes the answer to an earlier one stale
        self.find(query, self.asked)

    @db_work
    def find(self, query: str, asked: int) -> None:
        try:
            self.post_message(self.Found(returns.find_for_return(query), None, asked))
        except DeskError as error:
            self.post_message(self.Found(None, error, asked))

    def on_return_screen_found(self, message: Found) -> None:
        if message.asked != self.asked:
            return
        field = self.query_one("#field-query", Field)
        if message.case is None:
            field.show_error(message.error.message if message.error else None)
            self.query_one("#query", Input).focus()
            return
        field.show_error(None)
        self.query_one("#query", Input).value = ""
        self.case, self.row = message.case, 0
        self.conditions = {line.id: "intact" for line in message.case.lines}
        self.compensations = {}
        for name in ("compensation", "reason", "lead", "lead_pin"):
            self.query_one(f"#{name}", Input).value = ""
        self.show()
        self.refresh_bindings()
        self.query_one("#settlement").focus()

    # -- condition and money ----------------------------------------------------------------
    @property
    def picked(self) -> int:
        """The line id of the item picked in the settlement (0 before a scan found one)."""
        return self.case.lines[self.row].id if self.case is not None else 0

    def action_condition(self, condition: str) -> None:
        if self.case is None:
            return
        if self.conditions[self.picked] != condition:
            self.conditions[self.picked] = condition
            self._approval_void()
        self.show()

    def _approval_void(self) -> None:
        """The money changed: a lead's PIN typed before approves what is no longer shown."""
        self.query_one("#lead_pin", Input).value = ""

    def action_pick(self, step: int) -> None:
        if self.case is None:
            return
        self.row = (self.row + step) % len(self.case.lines)
        compensation = self.query_one("#compensation", Input)
        with compensation.prevent(Input.Changed):
            compensation.value = self.compensations.get(self.picked, "")
        self.show()

    @on(Input.Changed, "#compensation")
    def compensation_changed(self, event: Input.Changed) -> None:
        if self.case is not None and self.compensations.get(self.picked, "") != event.value:
            self.compensations[self.picked] = event.value
            self._approval_void()
        self.show()

    def show(self) -> None:
        """Work out the settlement (no database: the case is loaded) and show it."""
        panel = self.query_one("#settlement", Settlement)
        comp = self.query_one("#field-compensation", Field)
        self.preview = None
        if self.case is None:
            panel.update(Text(_("Scan the item's tag or the slip's number, then Enter."), style="dim"))
            self._show_fields(compensation=False, approval=False)
            return
        desk = self.desk_app.desk
        try:
            preview = returns.preview(desk.policy, desk.time, self.case, self.conditions, self.compensations)
            comp.show_error(None)
        except ValidationError as error:
            comp.show_error(error.errors.get("compensation"))
            preview = returns.preview(desk.policy, desk.time, self.case, self.conditions)
        self.preview = preview
        width = self.query_one("#settlement").content_region.width
        panel.update(settlement_shown(desk, self.case, preview, self.row, self.conditions, width))
        self._show_fields(
            compensation=self.conditions[self.picked] == "damaged", approval=preview.needs_approval
        )

    def _show_fields(self, *, compensation: bool, approval: bool) -> None:
        self.query_one("#field-compensation").display = compensation
        for name in ("reason", "lead", "lead_pin"):
            self.query_one(f"#field-{name}").display = approval

    # -- confirm ----------------------------------------------------------------------------
    def action_save(self) -> None:
        if self.case is None:
            if self.value("query").strip():
                self.look_up(self.value("query"))
            else:
                self.query_one("#field-query", Field).show_error(_("Scan or type a tag or slip number."))
            return
        desk = self.desk_app.desk
        self.submit(
            partial(
                returns.return_items,
                self.desk_app.actor,
                desk.policy,
                desk.policy.security,
                desk.time,
                [line.id for line in self.case.lines],
                dict(self.conditions),
                dict(self.compensations),
                self.value("reason"),
                self.value("lead"),
                self.value("lead_pin"),
            )
        )

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        if event.input.id == "lead_pin" or (
            event.input.id == "compensation" and not (self.preview and self.preview.needs_approval)
        ):
            self.action_save()
        elif event.input.id != "query":
            self.focus_next()

    def saved(self, result: ReturnResult) -> None:
        net, tags = result.preview.net_fen, i18n.join(result.tags)
        if net >= 0:
            text = _("Returned {tags}: give back ¥{refund}.").format(tags=tags, refund=yuan(net))
        else:
            text = _("Returned {tags}: collect ¥{owed}.").format(tags=tags, owed=yuan(-net))
        self.notify(text, timeout=8)
        self.reset()
        self.app.push_screen(slip_screen(self.desk_app.desk, result.loan_id, result.slip_no, returned=True))

    def refused(self, error: DeskError) -> None:
        self.query_one("#lead_pin", Input).value = ""
        if error.field in (None, "query"):  # returned elsewhere meanwhile: start again
            self.case = None
            self.show()

    def reset(self) -> None:
        self.case, self.conditions, self.compensations, self.row = None, {}, {}, 0
        for name in self.FIELDS:
            self.query_one(f"#{name}", Input).value = ""
            self.query_one(f"#field-{name}", Field).show_error(None)
        self.show()
        self.refresh_bindings()
        self.query_one("#query", Input).focus()

    def has_typed(self) -> bool:
        """A condition chosen or an amount, reason or PIN typed (a scan alone is no work lost)."""
        chosen = any(c != "intact" for c in self.conditions.values())
        return chosen or any(self.value(f) for f in ("compensation", "reason", "lead", "lead_pin"))

    def action_clear(self) -> None:
        if not (self.case is not None or self.value("query")):
            self.desk_app.action_home()
        elif not self.has_typed():
            self.reset()
        else:
            from deskapp.screens.confirm import ask_then

            ask_then(
                self.app, self.reset, _("Start again? The conditions and amounts chosen are thrown away.")
            )

"""The handover itself: the shift's summary from the records, the cash and item
count (Ctrl+S), the signatures (Ctrl+O signs whoever is next), the text to
print (Ctrl+R). Past handovers: screens/handover_history.py; the start-of-day
check: screens/handover_acknowledge.py."""

from __future__ import annotations

from functools import partial

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Input, Static

from deskapp import i18n
from deskapp.errors import DeskError
from deskapp.i18n import N_, _
from deskapp.money import yuan
from deskapp.screens.base import DeskHeader, db_work, warned
from deskapp.screens.footer import DeskFooter
from deskapp.screens.form import Field, FormScreen
from deskapp.screens.plain import Plain, plain, visible
from deskapp.screens.plain_table import PlainTable
from deskapp.screens.steps import Ask, StepForm
from deskapp.services import handover, handover_count, handover_signing, handover_text, shifts, staff
from deskapp.services.handover import STATES, LogInfo
from deskapp.services.handover_signing import ROLES
from deskapp.services.staff import StaffInfo
from deskapp.services.stock import label

WARN = "bold yellow"


def flagged(text: str, warn: bool) -> Text:
    """`! ` and the warning colour when `warn` (docs/counter.md, "Without colour")."""
    return warned(text) if warn else Text(text)


OTHER_MONEY = {"other_in": N_("other money in"), "other_out": N_("other money out")}


def summary_view(desk, info: LogInfo) -> Group:
    """The shift's figures; during a blind count (docs/handover.md) without the money
    and the cash the records expect, which show once the count is saved."""
    f = info.summary
    blind = shifts.blind(desk.policy, info.state, info.cash_counted_fen)
    grid = PlainTable(box=None, show_header=False, padding=(0, 2, 0, 0))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    made = i18n.join(f"{label(desk.policy, k)} {n}" for k, n in f.get("loans_made", {}).items()) or "0"
    grid.add_row(_("Loans made"), made)
    grid.add_row(
        _("Returned / kept by customers"), f"{f.get('returned', 0)} / {f.get('kept_by_customers', 0)}"
    )
    grid.add_row(
        _("Out now / overdue"),
        flagged(f"{f.get('out_now', 0)} / {f.get('overdue_now', 0)}", bool(f.get("overdue_now"))),
    )
    if not blind:
        _money_rows(desk, grid, f)
    complaints = [f.get(k, 0) for k in ("complaints_received", "complaints_open", "complaints_overdue")]
    grid.add_row(_("Complaints received / open / past a deadline"), " / ".join(map(str, complaints)))
    grid.add_row(_("Callbacks due"), str(f.get("callbacks_due", 0)))
    grid.add_row(_("Kit uses / alerts"), f"{f.get('kit_uses', 0)} / {f.get('kit_alerts', 0)}")
    grid.add_row(_("Open promises"), flagged(str(f.get("open_promises", 0)), bool(f.get("open_promises"))))
    cash: Text | PlainTable = _cash_rows(info)
    if blind:
        cash = Text(
            _(
                "Blind count: type the cash and the items you count, then Ctrl+S. The money and "
                "what the records expect show once the count is saved."
            ),
            style=WARN,
        )
    signed = Text()
    for role in ROLES:
        who, at = getattr(info, role), getattr(info, f"{role}_at")
        if who:
            signed.append(f"{_(ROLES[role])}: {visible(who)} {desk.time.show(at)}   ")
    if handover_signing.lead_is_incoming(info):
        said = _("One-person desk: the incoming clerk, a shift lead, confirmed the difference.")
        signed.append("\n" + said, style=WARN)
    return Group(grid, Text(""), cash, signed)


def _money_rows(desk, grid: PlainTable, f: dict) -> None:
    grid.add_row(
        _("Deposits taken / refunded / kept"),
        " / ".join(
            f"¥{yuan(f.get(k, 0))}"
            for k in ("deposits_taken_fen", "deposits_refunded_fen", "deposits_kept_fen")
        ),
    )
    grid.add_row(_("Fees and charges"), f"¥{yuan(f.get('fees_fen', 0))}")
    services = f.get("services_fen", {})
    names = {k: handover.service_label(desk.policy, k) for k in desk.policy.services}
    names.update({k: _(v) for k, v in OTHER_MONEY.items()})
    grid.add_row(
        _("Services and other money"),
        i18n.join(f"{names.get(k, k)} ¥{yuan(v)}" for k, v in services.items()) or "—",
    )


def _cash_rows(info: LogInfo) -> PlainTable:
    cash = PlainTable(box=None, show_header=False, padding=(0, 2, 0, 0))
    cash.add_column(style="bold", no_wrap=True)
    cash.add_column()
    cash.add_row(_("Cash at the start"), f"¥{yuan(info.cash_opening_fen)}")
    cash.add_row(_("Cash expected now"), Text(f"¥{yuan(info.cash_expected_fen or 0)}", style="bold"))
    if info.cash_difference_fen:
        cash.add_row(_("Difference"), warned(f"¥{yuan(info.cash_difference_fen)}"))
    return cash


class HandoverSignScreen(FormScreen):
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save counts"), id="handover_sign.save"),
        Binding(
            "ctrl+o",
            "sign",
            N_("Sign"),
            tooltip=N_("The next signature: outgoing, incoming, shift lead"),
            id="handover_sign.sign",
        ),
        Binding("ctrl+r", "print", N_("Print"), id="handover_sign.print"),
        Binding("escape", "back", N_("Back"), id="handover_sign.back"),
    ]

    class Loaded(Message):
        def __init__(self, info: LogInfo) -> None:
            super().__init__()
            self.info = info

    def __init__(self, log_id: int, kinds: list[str]) -> None:
        super().__init__()
        self.log_id = log_id
        self.info: LogInfo | None = None
        self.FIELDS = ("cash_counted", "cash_reason", *(f"count_{k}" for k in kinds), "item_reason", "notes")

    def compose(self) -> ComposeResult:
        policy = self.desk_app.desk.policy
        yield DeskHeader()
        with VerticalScroll(classes="form", id="handover-sign"):
            yield Plain(_("Loading…"), id="handover-summary", classes="panel")
            yield Field(_("Cash counted"), Input(placeholder=_("yuan, as counted")), field_id="cash_counted")
            yield Field(_("Why it differs"), Input(max_length=200), field_id="cash_reason")
            for kind in policy.kinds:
                yield Field(label(policy, kind), Input(max_length=4), field_id=f"count_{kind}")
            yield Field(_("Why items differ"), Input(max_length=200), field_id="item_reason")
            yield Field(_("Notes"), Input(max_length=handover.TEXT_MAX), field_id="notes")
        yield DeskFooter()

    def on_mount(self) -> None:
        self.load()

    @db_work
    def load(self) -> None:
        self.post_message(self.Loaded(handover.get(self.log_id)))

    def on_handover_sign_screen_loaded(self, message: Loaded) -> None:
        self.show(message.info, fill=True)

    def show(self, info: LogInfo, fill: bool = False) -> None:
        self.info = info
        desk = self.desk_app.desk
        panel = self.query_one("#handover-summary", Static)
        panel.border_title = plain(
            _("Handover of {shift} · {state}").format(
                shift=handover.log_name(desk.policy, desk.time, info), state=_(STATES[info.state])
            )
        )
        panel.update(summary_view(desk, info))
        blind = shifts.blind(desk.policy, info.state, info.cash_counted_fen)
        for kind, (expected, counted) in info.items.items():
            field = self.query_one(f"#field-count_{kind}", Field)
            field.set_label(label(desk.policy, kind) if blind else f"{label(desk.policy, kind)} ({expected})")
            if fill and counted is not None:
                self.query_one(f"#count_{kind}", Input).value = str(counted)
        if fill and info.cash_counted_fen is not None:
            self.query_one("#cash_counted", Input).value = yuan(info.cash_counted_fen)
            self.query_one("#cash_reason", Input).value = info.cash_reason
            self.query_one("#item_reason", Input).value = info.item_reason
            self.query_one("#notes", Input).value = info.notes
        if fill:  # what the record holds: only what is typed over it is unsaved work
            self._blank = self.field_values()
        locked = info.state == "signed" or info.outgoing is not None
        for name in self.FIELDS:
            self.query_one(f"#{name}", Input).disabled = locked
        if not locked:
            self.query_one("#cash_counted", Input).focus()
        self.refresh_bindings()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter moves on to the next count; on the last field it saves (docs/counter.md)."""
        if event.input.id == self.FIELDS[-1]:
            self.action_save()
        else:
            self.focus_next()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("save", "sign") and (self.info is None or self.info.state == "signed"):
            return False
        return True

    def action_save(self) -> None:
        if self.info is None:
            return
        policy = self.desk_app.desk.policy
        counted = {k: self.value(f"count_{k}") for k in policy.kinds}
        self.submit(
            partial(
                handover_count.save_counts,
                self.desk_app.actor,
                self.desk_app.desk.time,
                self.log_id,
                self.value("cash_counted"),
                self.value("cash_reason"),
                counted,
                self.value("item_reason"),
                self.value("notes"),
                blind=policy.handover.blind_count,
            )
        )

    def saved(self, result: LogInfo) -> None:
        self._blank = self.field_values()  # saved: nothing typed is unsaved now
        self.show(result)
        if not self._ask_reasons(result):
            self.notify(_("Counts saved. Ctrl+O: the outgoing staff member signs."))

    def _ask_reasons(self, info: LogInfo, tell: bool = True) -> bool:
        """A blind count saved as counted that differs: the figures now show, and why it
        differs is asked beside the field (docs/handover.md, "The blind count")."""
        missing = handover_count.reasons_missing(info)
        for field, text in missing.items():
            self.query_one(f"#field-{field}", Field).show_error(text)
        if missing:
            first = next(iter(missing))
            self.query_one(f"#{first}", Input).focus()
            self.query_one(f"#field-{first}", Field).scroll_visible(animate=False)
            if tell:
                self.notify(_("The count is saved and differs from the records: say why, then Ctrl+S."))
        return bool(missing)

    def next_role(self) -> str | None:
        info, policy = self.info, self.desk_app.desk.policy
        if info is None or info.state == "signed":
            return None
        if info.outgoing is None:
            return "outgoing"
        if info.incoming is None:
            return "incoming"
        return "lead" if handover_signing.lead_needed(policy, info) and info.lead is None else None

    def action_sign(self) -> None:
        role = self.next_role()
        if role is None:
            return
        # A count that differs without its reason is refused by the signature itself, in
        # the signing form: a name and PIN typed ahead land there, never in the count.
        unexplained = (
            role == "outgoing" and self.info is not None and self._ask_reasons(self.info, tell=False)
        )  # the form itself says it
        desk, actor = self.desk_app.desk, self.desk_app.actor
        asks = [
            Ask("signer", _("Name"), max_length=40),
            Ask("signer_pin", _("PIN"), "pin", max_length=desk.policy.security.pin_max_length),
        ]
        hint = {
            "outgoing": _("The outgoing staff member signs with their own PIN."),
            "incoming": _("The incoming staff member checks the handover and signs with their own PIN."),
            "lead": _("A shift lead signs: the counts differ, or the policy asks for it."),
        }[role]
        if unexplained:
            hint = _("Say why the count differs from the records (Ctrl+S), then sign.")
        form = StepForm(
            _("Sign: {role}").format(role=_(ROLES[role])),
            asks,
            lambda a: signed_by(desk, actor, self.log_id, role, a["signer"], a["signer_pin"]),
            hint=hint,
        )
        self.app.push_screen(form, self._signed)

    def _signed(self, result: tuple[LogInfo, StaffInfo | None] | None) -> None:
        if result is None:
            return
        info, incoming = result
        self.show(info)
        if info.state != "signed":
            self.notify(_("Signed. Ctrl+O for the next signature."))
            return
        self.notify(_("The handover is signed and sealed."), timeout=8)
        # The desk is the incoming clerk's now (docs/handover.md, "After the seal").
        if incoming is not None:
            self.desk_app.signed_in(incoming)
        else:
            self.desk_app.hand_over_to(info.incoming or "")

    def action_print(self) -> None:
        if self.info is not None:
            print_handover(self.app, self.desk_app.desk, self.info)

    def action_back(self) -> None:
        self.leave()


def signed_by(desk, actor, log_id: int, role: str, name: str, pin: str) -> tuple[LogInfo, StaffInfo | None]:
    """One signature (in the worker). When the incoming clerk's signature seals the
    handover, the same name and PIN sign them in: the desk is theirs now."""
    info = kept_outside(
        desk,
        handover_signing.sign(actor, desk.policy, desk.policy.security, desk.time, log_id, role, name, pin),
    )
    if info.state != "signed" or role != "incoming":
        return info, None
    try:
        return info, staff.sign_in(name, pin, desk.policy.security, desk.time.now())
    except DeskError:  # disabled or locked since: asked to sign in instead
        return info, None


def kept_outside(desk, info: LogInfo) -> LogInfo:
    """A new seal or addendum: the chain's head goes outside the database too (in the worker)."""
    if info.state == "signed":
        from deskapp import anchors

        anchors.keep(desk.locations, desk.time.now())
    return info


def print_handover(app, desk, info: LogInfo) -> None:
    from deskapp.screens.slip import SlipScreen

    app.push_screen(
        SlipScreen(
            _("Handover {id}").format(id=info.id),
            f"handover-{info.id}",
            lambda: handover_text.as_text(desk.policy, desk.time, handover.get(info.id)),
            _("Print it again: F5, y, Enter on it."),
        )
    )

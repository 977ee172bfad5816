"""F5 Handover (交接班): this shift's log and the promises still open.

n note, e important event, p customer promise, m money (a paid service or
other cash), k a promise kept, h the handover (start it, count, sign), y past
handovers.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from deskapp.i18n import N_, _
from deskapp.money import yuan
from deskapp.screens.base import DeskHeader, DeskScreen, db_work, warned
from deskapp.screens.footer import DeskFooter
from deskapp.screens.plain import Plain, plain, visible
from deskapp.screens.plain_table import PlainTable
from deskapp.screens.steps import Ask, StepForm
from deskapp.services import handover, handover_count, handover_promises, shifts
from deskapp.services.handover import ENTRY_TYPES, EntryInfo, LogInfo

WARN = "bold yellow"


class HandoverScreen(DeskScreen):
    BINDINGS = [
        Binding("n", "write('note')", N_("Note"), id="handover.note"),
        Binding(
            "e",
            "write('event')",
            N_("Important event"),
            tooltip=N_("Also tell it in person"),
            id="handover.event",
        ),
        Binding(
            "p",
            "write('promise')",
            N_("Promise"),
            tooltip=N_("A promise to a customer, handed over in writing"),
            id="handover.promise",
        ),
        Binding(
            "m",
            "money",
            N_("Money"),
            tooltip=N_("A paid service, or other cash in or out"),
            id="handover.money",
        ),
        Binding("k", "kept", N_("Promise kept"), id="handover.kept"),
        Binding(
            "h",
            "handover",
            N_("Hand over"),
            tooltip=N_("Summary, cash and item count, signatures"),
            id="handover.start",
        ),
        Binding("y", "history", N_("Past handovers"), id="handover.history"),
        Binding("escape", "back", N_("Back"), id="handover.back"),
    ]

    class Loaded(Message):
        def __init__(self, log: LogInfo, promises: list[EntryInfo], pending: LogInfo | None) -> None:
            super().__init__()
            self.log = log
            self.promises = promises
            self.pending = pending

    def __init__(self) -> None:
        super().__init__()
        self.promises: list[EntryInfo] = []
        self.pending: LogInfo | None = None

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with VerticalScroll(id="handover"):
            yield Plain(_("Loading…"), id="shift-head", classes="panel")
            promises = Plain(id="promises", classes="panel")
            promises.border_title = _("Open promises (carried over until kept)")
            yield promises
            entries = Plain(id="log-entries", classes="panel")
            entries.border_title = _("This shift's log")
            yield entries
        yield DeskFooter()

    def on_mount(self) -> None:
        self.app.subscribe_desk_changes(self, self.reload)  # type: ignore[attr-defined]
        self.query_one("#handover").focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self, _result: object = None) -> None:
        self.load()

    @db_work
    def load(self) -> None:
        desk = self.desk_app.desk
        self.post_message(
            self.Loaded(
                handover.current(desk.policy, desk.time),
                handover_promises.open_promises(),
                handover.in_progress(),
            )
        )

    def on_handover_screen_loaded(self, message: Loaded) -> None:
        desk = self.desk_app.desk
        show = desk.time.show
        log, self.promises, self.pending = message.log, message.promises, message.pending
        head = Text()
        shift = shifts.covered(desk.policy, desk.time, log.opened_at, desk.time.now())
        # A log left open across several shifts is not called by one of them (docs/handover.md).
        head.append(
            visible(shifts.shift_label(desk.policy, shift)) if shift else _("Several shifts"), style="bold"
        )
        head.append("  " + _("since {when}").format(when=show(log.opened_at)))
        if self.pending:
            if self.pending.cash_counted_fen is None:
                waiting = _("The handover of {shift} is being counted: press h to continue.")
            else:
                waiting = _("The handover of {shift} is being signed: press h to continue.")
            name = handover.log_name(desk.policy, desk.time, self.pending)
            head.append("\n" + waiting.format(shift=name), style=WARN)
        self.query_one("#shift-head", Static).update(head)
        self.query_one("#promises", Static).update(self._promises())
        self.query_one("#log-entries", Static).update(entries_table(desk, log.entries))

    def _promises(self) -> PlainTable | Text:
        if not self.promises:
            return Text(_("None open."), style="dim")
        show = self.desk_app.desk.time.show
        today = self.desk_app.desk.time.today()
        table = PlainTable(box=None, show_header=False, padding=(0, 1, 0, 0), expand=True)
        table.add_column(no_wrap=True)
        table.add_column(no_wrap=True)
        table.add_column(ratio=1)
        for p in self.promises:
            late = p.promise_due is not None and self.desk_app.desk.time.local(p.promise_due).date() < today
            table.add_row(
                warned(show(p.promise_due)) if late else Text(show(p.promise_due) if p.promise_due else "—"),
                p.promise_to,
                p.text,
            )
        return table

    # -- writing ---------------------------------------------------------------------------------
    def _push(self, form: StepForm) -> None:
        self.app.push_screen(form, self.reload)

    def action_write(self, kind: str) -> None:
        desk, actor = self.desk_app.desk, self.desk_app.actor
        asks = [Ask("text", _("What"), "long")]
        if kind == "event":
            asks.append(Ask("told", _("Told in person"), "tick"))
        if kind == "promise":
            asks = [
                Ask("promise_to", _("To whom"), placeholder=_("name and phone"), max_length=60),
                Ask("text", _("Promised"), "long"),
                Ask("promise_due", _("By when"), placeholder=_("optional: 11-25 12:00")),
            ]
        title = _(ENTRY_TYPES[kind])
        self._push(
            StepForm(
                title[:1].upper() + title[1:],
                asks,
                lambda a: handover.write(
                    actor,
                    desk.policy,
                    desk.time,
                    kind,
                    a["text"],
                    told=a.get("told", False),
                    promise_to=a.get("promise_to", ""),
                    promise_due=a.get("promise_due", ""),
                ),
            )
        )

    def action_money(self) -> None:
        desk, actor = self.desk_app.desk, self.desk_app.actor
        services = [
            (f"{handover.service_label(desk.policy, k)} ¥{yuan(v.price_fen)}", k)
            for k, v in desk.policy.services.items()
        ]
        asks = [
            Ask("service", _("Service"), "pick", services),
            Ask("qty", _("How many"), max_length=4),
            Ask("amount", _("Or an amount"), placeholder=_("yuan, for other money")),
            Ask(
                "direction",
                _("In or out"),
                "pick",
                [(_("into the drawer"), "in"), (_("out of the drawer"), "out")],
                value="in",
            ),
            Ask("text", _("What for"), max_length=200),
        ]
        self._push(
            StepForm(
                _("Money"),
                asks,
                lambda a: handover.money(actor, desk.policy, desk.time, **a),
                hint=_("A paid service at the policy's price, or leave it empty and type an amount."),
            )
        )

    def action_kept(self) -> None:
        if not self.promises:
            self.notify(_("No promise is open."))
            return
        desk, actor = self.desk_app.desk, self.desk_app.actor
        picks = [(f"{p.promise_to}: {p.text[:30]}", str(p.id)) for p in self.promises]
        asks = [
            Ask("promise", _("Promise"), "pick", picks, value=picks[0][1]),
            Ask("text", _("How"), max_length=200),
        ]
        self._push(
            StepForm(
                _("Promise kept"),
                asks,
                lambda a: handover_promises.keep_promise(
                    actor, desk.policy, desk.time, int(a["promise"]), a["text"]
                ),
            )
        )

    def action_handover(self) -> None:
        if self.pending is not None:
            self._open_sign(self.pending.id)
            return
        from deskapp.screens.confirm import ask_then

        ask_then(
            self.app,
            self.begin,
            _("Cut the shift here and hand over?"),
            _("The log closes now; what follows goes into the next shift's log."),
        )

    @db_work
    def begin(self) -> None:
        desk = self.desk_app.desk
        started = handover_count.start(self.desk_app.actor, desk.policy, desk.time)
        self.app.call_from_thread(self._open_sign, started.id)

    def _open_sign(self, log_id: int) -> None:
        from deskapp.screens.handover_sign import HandoverSignScreen

        self.app.push_screen(HandoverSignScreen(log_id, list(self.desk_app.desk.policy.kinds)), self.reload)

    def action_history(self) -> None:
        from deskapp.screens.handover_history import HandoverHistoryScreen

        self.app.push_screen(HandoverHistoryScreen())

    def action_back(self) -> None:
        self.desk_app.action_home()


def entries_table(desk, entries: list[EntryInfo]) -> PlainTable | Text:
    if not entries:
        return Text(_("Nothing written yet: n a note, e an event, p a promise, m money."), style="dim")
    local = desk.time.local
    table = PlainTable(box=None, show_header=False, padding=(0, 1, 0, 0), expand=True)
    table.add_column(no_wrap=True, style="dim")
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True, style="bold")
    table.add_column(ratio=1)
    for e in entries:
        if e.type == "cash":
            what = f"{handover.service_label(desk.policy, e.service)} ×{e.qty}" if e.service else ""
            detail = " · ".join(part for part in (f"¥{yuan(e.amount_fen or 0)}", what, e.text) if part)
        elif e.type == "promise":
            detail = f"{e.promise_to}: {e.text}"
        else:
            detail = e.text + (" · " + _("told in person") if e.told else "")
        table.add_row(
            f"{local(e.at):%H:%M}",
            e.staff_name,
            _(ENTRY_TYPES[e.type]),
            plain(detail, style=WARN if e.type == "event" else ""),
        )
    return table

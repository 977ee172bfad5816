"""One complaint: what was registered, its deadlines, what is still needed to
close it, and its timeline. One key per step; each opens a short form."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from deskapp import i18n
from deskapp.i18n import N_, _
from deskapp.rules.complaints import MOVES, deadline_mark
from deskapp.screens.base import DeskHeader, DeskScreen, db_work
from deskapp.screens.footer import DeskFooter
from deskapp.screens.plain import Plain, plain
from deskapp.screens.plain_table import PlainTable
from deskapp.screens.steps import Ask, StepForm
from deskapp.services import calendar, complaint_callbacks, complaint_workflow, complaints
from deskapp.services.complaints import (
    CALLBACK_CHANNELS,
    CHANNELS,
    EVENT_TYPES,
    KINDS,
    SATISFACTION,
    STATES,
    ComplaintInfo,
)
from deskapp.services.slips import NBSP

WARN = "bold yellow"


def _picks(labels: dict[str, str], keys: Any = None) -> list[tuple[str, str]]:
    return [(_(labels[k]), k) for k in (keys if keys is not None else labels)]


class ComplaintScreen(DeskScreen):
    BINDINGS = [
        Binding(
            "s",
            "step('move')",
            N_("Next state"),
            tooltip=N_("Investigating, resolved, closed"),
            id="complaint.move",
        ),
        Binding(
            "k",
            "step('classify')",
            N_("Kind"),
            tooltip=N_("Kind, media risk, collective"),
            id="complaint.classify",
        ),
        Binding(
            "a",
            "step('assign')",
            N_("Assign"),
            tooltip=N_("To a department or a person"),
            id="complaint.assign",
        ),
        Binding(
            "n",
            "step('note')",
            N_("Note"),
            tooltip=N_("A note, a contact attempt, or progress told"),
            id="complaint.note",
        ),
        Binding(
            "c",
            "step('callback')",
            N_("Callback"),
            tooltip=N_("Record a callback (回访)"),
            id="complaint.callback",
        ),
        Binding(
            "i",
            "step('report')",
            N_("Incident report"),
            tooltip=N_("《事件报告》 for major and critical"),
            id="complaint.report",
        ),
        Binding("l", "step('leader')", N_("Leader informed"), id="complaint.leader"),
        Binding("g", "step('gm_pr')", N_("GM and PR notified"), id="complaint.gm_pr"),
        Binding("escape", "back", N_("Back"), id="complaint.back"),
    ]

    class Loaded(Message):
        def __init__(self, complaint: ComplaintInfo) -> None:
            super().__init__()
            self.complaint = complaint

    def __init__(self, complaint_id: int) -> None:
        super().__init__()
        self.complaint_id = complaint_id
        self.complaint: ComplaintInfo | None = None

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with VerticalScroll(id="complaint"):
            head = Plain(_("Loading…"), id="complaint-head", classes="panel")
            yield head
            timeline = Plain(id="timeline", classes="panel")
            timeline.border_title = _("Timeline")
            yield timeline
        yield DeskFooter()

    def on_mount(self) -> None:
        self.query_one("#complaint").focus()
        self.load()

    @db_work
    def load(self) -> None:
        self.post_message(self.Loaded(complaints.get(self.complaint_id)))

    def on_complaint_screen_loaded(self, message: Loaded) -> None:
        self.show(message.complaint)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        c = self.complaint
        if action != "step" or c is None:
            return True if action != "step" else False
        step = parameters[0] if parameters else ""
        if c.state == "closed":
            return False
        if step == "move":
            return bool(MOVES[c.state])
        if step == "callback":
            return c.state in ("resolved", "called_back")
        return True

    # -- showing -----------------------------------------------------------------------------
    def show(self, c: ComplaintInfo) -> None:
        self.complaint = c
        self.refresh_bindings()
        desk = self.desk_app.desk
        show, today = desk.time.show, desk.time.today()
        head = self.query_one("#complaint-head", Static)
        head.border_title = plain(f"{c.number} · {_(STATES[c.state])}")
        grid = PlainTable(box=None, show_header=False, padding=(0, 2, 0, 0), expand=True)
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(ratio=1, overflow="fold")  # Chinese has no spaces to wrap at: fold it
        flags = [
            _(label)
            for label, on in ((N_("media exposure risk"), c.media_risk), (N_("collective"), c.collective))
            if on
        ]
        kind = Text(_(KINDS[c.kind]) if c.kind else _("not yet classified"))
        if flags:
            kind.append("  " + " · ".join(flags), style="bold red")
        grid.add_row(_("Kind"), kind)
        grid.add_row(_("Received"), f"{show(c.received_at)} · {_(CHANNELS[c.channel])} · {c.taken_by}")
        grid.add_row(_("When, where"), f"{show(c.happened_at)} · {c.place}")
        grid.add_row(_("Complainant"), f"{c.complainant} · {c.contact}")
        if c.people:
            grid.add_row(_("People involved"), c.people)
        grid.add_row(_("What happened"), c.what)
        if c.expectation:
            grid.add_row(_("Expects"), c.expectation)
        if c.assigned_to:
            grid.add_row(_("Assigned to"), c.assigned_to)
        grid.add_row(_("Deadlines"), self._deadlines(c, today))
        if c.incident_report:
            grid.add_row(_("Incident report"), c.incident_report)
        if c.state != "closed":
            missing = complaints.close_blockers(c)
            grid.add_row(
                _("To close"),
                Text(i18n.join(missing, clauses=True), style=WARN)
                if missing
                else Text(_("ready: press s to close"), style="bold green"),
            )
        head.update(grid)
        self.query_one("#timeline", Static).update(self._timeline(c))

    def _deadlines(self, c: ComplaintInfo, today: date) -> Text:
        text = Text()
        local = self.desk_app.desk.time.local

        def part(label: str, due: date | None, done_at: datetime | None, working_days: bool = False) -> None:
            if due is None:
                return
            if text:
                text.append("  ")
            mark = deadline_mark(due, local(done_at).date() if done_at is not None else None, today)
            text.append(f"{label} {due:%Y-%m-%d}", style=WARN if mark in ("past", "today") else "")
            if mark == "past":
                text.append(" " + _("(past)"), style=WARN)
            elif mark == "missed":
                text.append(" " + _("(missed)"), style=WARN)
            if working_days and not calendar.confirmed(due, self.desk_app.desk.policy.calendar):
                text.append(" " + _("(calendar not confirmed)"), style=WARN)

        part(_("resolve by"), c.resolve_due, c.resolved_at)
        part(_("call back by"), c.callback_due, c.called_back_at, working_days=True)
        if c.customer_deadline:
            text.append(
                ("  " if text else "") + _("customer asked for {day}").format(day=c.customer_deadline)
            )
        if c.escalated_at:
            text.append(
                ("  " if text else "")
                + _("escalated {when}").format(  # the date and its time on one line
                    when=self.desk_app.desk.time.show(c.escalated_at).replace(" ", NBSP)
                ),
                style=WARN,
            )
        return text or Text(_("none"), style="dim")

    def _timeline(self, c: ComplaintInfo) -> PlainTable:
        show = self.desk_app.desk.time.show
        table = PlainTable(box=None, show_header=False, padding=(0, 1, 0, 0), expand=True)
        table.add_column(no_wrap=True, style="dim")
        table.add_column(no_wrap=True)
        table.add_column(no_wrap=True, style="bold")
        table.add_column(ratio=1, overflow="fold")
        for e in c.events:
            detail = e.described
            if e.type == "callback":
                how = _(CALLBACK_CHANNELS.get(e.channel or "", e.channel or ""))
                reached = (
                    _(SATISFACTION[e.satisfaction]) if e.reached and e.satisfaction else _("not reached")
                )
                detail = f"{how} · {reached} · {e.text}"
            elif e.type == "contact" and e.channel:
                detail = f"{_(CALLBACK_CHANNELS[e.channel])} · {e.text}"
            elif e.whom:
                detail = f"{e.whom}" + (f" · {e.text}" if e.text else "")
            table.add_row(show(e.at), e.staff_name, _(EVENT_TYPES.get(e.type, e.type)), detail)
        return table

    # -- steps ------------------------------------------------------------------------------
    def action_step(self, step: str) -> None:
        c = self.complaint
        if c is None:
            return
        made = getattr(self, f"_{step}_form")(c)
        self.app.push_screen(made, self._stepped)

    def _stepped(self, result: ComplaintInfo | None) -> None:
        if result is not None:
            self.show(result)

    def _form(
        self, title: str, asks: list[Ask], call: Callable[..., ComplaintInfo], hint: str = ""
    ) -> StepForm:
        return StepForm(title, asks, call, hint)

    def _move_form(self, c: ComplaintInfo) -> StepForm:
        desk, actor = self.desk_app.desk, self.desk_app.actor
        moves = MOVES[c.state]
        return self._form(
            _("Next state"),
            [
                Ask("state", _("Move to"), "pick", _picks(STATES, moves), value=moves[0]),
                Ask("text", _("Note"), "long"),
            ],
            lambda a: complaint_workflow.move(actor, desk.policy, desk.time, c.id, a["state"], a["text"]),
            hint=_("Resolving sets the callback deadline; closing needs what “To close” lists."),
        )

    def _classify_form(self, c: ComplaintInfo) -> StepForm:
        desk, actor = self.desk_app.desk, self.desk_app.actor
        return self._form(
            _("Kind"),
            [
                Ask("kind", _("Kind"), "pick", _picks(KINDS), value=c.kind),
                Ask("media_risk", _("Media risk"), "tick", value=c.media_risk),
                Ask("collective", _("Collective (5+)"), "tick", value=c.collective),
            ],
            lambda a: complaint_workflow.classify(
                actor, desk.policy, desk.time, c.id, a["kind"], a["media_risk"], a["collective"]
            ),
        )

    def _assign_form(self, c: ComplaintInfo) -> StepForm:
        desk, actor = self.desk_app.desk, self.desk_app.actor
        return self._form(
            _("Assign"),
            [Ask("assigned_to", _("Department or person"), value=c.assigned_to, max_length=60)],
            lambda a: complaint_workflow.assign(actor, desk.time, c.id, a["assigned_to"]),
        )

    def _note_form(self, c: ComplaintInfo) -> StepForm:
        desk, actor = self.desk_app.desk, self.desk_app.actor
        types = {"note": N_("note"), "contact": N_("contact"), "progress": N_("progress to the customer")}
        return self._form(
            _("Note"),
            [
                Ask(
                    "type",
                    _("What"),
                    "pick",
                    _picks(types),
                    value="progress" if c.kind == "assistance" else "note",
                ),
                Ask("channel", _("How"), "pick", _picks(CALLBACK_CHANNELS)),
                Ask("text", _("Text"), "long"),
            ],
            lambda a: complaint_workflow.add_note(actor, desk.time, c.id, a["type"], a["text"], a["channel"]),
        )

    def _callback_form(self, c: ComplaintInfo) -> StepForm:
        desk, actor = self.desk_app.desk, self.desk_app.actor
        return self._form(
            _("Callback"),
            [
                Ask("channel", _("How"), "pick", _picks(CALLBACK_CHANNELS), value="phone"),
                Ask("reached", _("Reached them"), "tick", value=True),
                Ask("outcome", _("Outcome"), max_length=complaints.LINE_MAX),
                Ask("satisfaction", _("Satisfaction"), "pick", _picks(SATISFACTION)),
            ],
            lambda a: complaint_callbacks.callback(
                actor, desk.time, c.id, a["channel"], a["reached"], a["outcome"], a["satisfaction"]
            ),
            hint=_("Not reached: untick, say why; every attempt stays on the timeline."),
        )

    def _report_form(self, c: ComplaintInfo) -> StepForm:
        desk, actor = self.desk_app.desk, self.desk_app.actor
        return self._form(
            _("Incident report"),
            [Ask("text", _("Report"), "long", value=c.incident_report)],
            lambda a: complaint_workflow.incident_report(actor, desk.time, c.id, a["text"]),
        )

    def _informed_form(self, c: ComplaintInfo, type_: str, title: str) -> StepForm:
        desk, actor = self.desk_app.desk, self.desk_app.actor
        return self._form(
            title,
            [
                Ask("whom", _("Who"), max_length=60),
                Ask("when", _("When"), placeholder=_("empty: now; 14:30; 11-24 14:30")),
                Ask("text", _("Note"), max_length=complaints.LINE_MAX),
            ],
            partial(
                lambda t, a: complaint_workflow.informed(
                    actor, desk.time, c.id, t, a["whom"], a["when"], a["text"]
                ),
                type_,
            ),
        )

    def _leader_form(self, c: ComplaintInfo) -> StepForm:
        return self._informed_form(c, "leader_informed", _("Leader informed"))

    def _gm_pr_form(self, c: ComplaintInfo) -> StepForm:
        return self._informed_form(c, "gm_pr_notified", _("GM and PR notified"))

    def action_back(self) -> None:
        self.app.pop_screen()

"""F4 Complaints (客诉): the register's lists; n registers a new complaint.

Views: open (by deadline), past a deadline, callbacks to do, all; Ctrl+K
filters by kind. Enter opens the complaint with its timeline and its steps.
"""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input

from deskapp import i18n
from deskapp.i18n import N_, _
from deskapp.screens.base import DeskHeader
from deskapp.screens.fit import Col, FitTable
from deskapp.screens.footer import DeskFooter
from deskapp.screens.lists import PagedList
from deskapp.screens.plain import Plain
from deskapp.screens.steps import Ask, StepForm
from deskapp.services import calendar, complaint_intake, complaint_reports, complaints
from deskapp.services.complaint_reports import ComplaintRow, Page
from deskapp.services.complaints import CHANNELS, KINDS, STATES, ComplaintInfo
from deskapp.services.privacy import shown

KIND_FILTERS = (None, *KINDS, "none")  # Ctrl+K steps through them


class ComplaintsScreen(PagedList):
    BINDINGS = [
        Binding(
            "n",
            "new",
            N_("New complaint"),
            tooltip=N_("Register a complaint (客诉登记)"),
            id="complaints.new",
        ),
        Binding("ctrl+n", "next_view", N_("Next list"), id="complaints.next_view", priority=True),
        Binding("ctrl+k", "next_kind", N_("Kind filter"), id="complaints.kind"),
        Binding(
            "ctrl+f",
            "search",
            N_("Search"),
            tooltip=N_("Number, name, phone or any text"),
            id="complaints.search",
            show=False,
        ),
        Binding("escape", "back", N_("Back"), id="complaints.back"),
    ]
    VIEWS = complaint_reports.VIEWS
    OPEN_HINT = N_("Enter: the complaint and its steps")

    def __init__(self) -> None:
        super().__init__()
        self.kind: str | None = None
        self.unconfirmed = False  # a row shown has a deadline past the calendar's end
        self.late = False  # a row shown is past its deadline

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with Horizontal(classes="list-bar"):
            yield Plain(id="views")
            yield Input(placeholder=_("search: number, name, phone, text"), id="search", compact=True)
        yield FitTable(
            Col(_("Number")),
            Col(_("Deadline")),
            Col(_("State")),
            Col(_("Kind"), 4, least=6),
            Col(_("Complainant"), 2, least=6),
            Col(_("Where"), 5, least=6),
            Col(_("What happened"), 2, least=10),
            Col(_("Received"), 6),
            id="complaints",
            cursor_type="row",
            zebra_stripes=True,
            classes="list-table",
        )
        yield Plain(id="list-status", classes="hint")
        yield DeskFooter()

    def fetch(self, view: str, text: str, offset: int, limit: int) -> Page:
        return complaint_reports.page(view, self.desk_app.desk.time, text, self.kind, offset, limit)

    def add_rows(self, table: DataTable, rows: list[ComplaintRow]) -> None:
        local, cal = self.desk_app.desk.time.local, self.desk_app.desk.policy.calendar
        if not table.row_count:  # a first page: the marks start again
            self.unconfirmed = self.late = False
        mask = self.desk_app.desk.policy.privacy.mask
        for row in rows:
            due = Text(f"{row.due:%m-%d}" if row.due else "", style="bold yellow" if row.late else "")
            if row.late:  # a sign, not only a colour: a 16-colour or monochrome console shows it
                due.append("!", style="bold yellow")
                self.late = True
            if row.due and row.state == "resolved" and not calendar.confirmed(row.due, cal):
                due.append("?", style="bold yellow")  # counted past the calendar's end (docs/calendar.md)
                self.unconfirmed = True
            number = Text(row.number, style="bold red" if row.media_risk else "")
            table.add_row(
                number,
                due,
                _(STATES[row.state]),
                _(KINDS[row.kind]) if row.kind else "—",
                shown(row.complainant, mask),
                shown(row.place, mask),
                shown(row.what, mask)[:40],
                f"{local(row.received_at):%m-%d %H:%M}",
                key=str(row.id),
            )

    def legend(self) -> str:
        marks = ["!" + i18n.colon() + _("Past a deadline")] if self.late else []
        if self.unconfirmed:
            marks.append(_("?: calendar not confirmed"))
        return " · ".join(marks)

    def filter_label(self) -> str:
        if self.kind is None:
            return ""
        return _(KINDS[self.kind]) if self.kind in KINDS else _("not yet classified")

    def action_next_kind(self) -> None:
        self.kind = KIND_FILTERS[(KIND_FILTERS.index(self.kind) + 1) % len(KIND_FILTERS)]
        self.reload()

    @on(DataTable.RowSelected)
    def open_complaint(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.open(int(event.row_key.value))

    def open(self, complaint_id: int) -> None:
        from deskapp.screens.complaint import ComplaintScreen

        self.app.push_screen(ComplaintScreen(complaint_id))

    def action_new(self) -> None:
        self.app.push_screen(intake_form(self.desk_app), self._registered)

    def _registered(self, result: ComplaintInfo | None) -> None:
        if result is not None:
            self.notify(
                _("Registered as {number}: give the customer this number.").format(number=result.number),
                timeout=10,
            )
            self.open(result.id)


def intake_form(desk_app) -> StepForm:
    """The complaint register's form (《客诉登记表》), in the order staff listen."""
    desk = desk_app.desk
    asks = [
        Ask(
            "channel",
            _("Came in by"),
            "pick",
            [(_(label), key) for key, label in CHANNELS.items()],
            value="walk_in",
        ),
        Ask("happened", _("When"), placeholder=_("empty: now; 14:30; 11-24 14:30")),
        Ask("place", _("Where"), placeholder=_("floor, shop, area"), max_length=100),
        Ask("what", _("What happened"), "long"),
        Ask("people", _("People involved"), max_length=complaints.LINE_MAX),
        Ask("complainant", _("Complainant"), max_length=40),
        Ask("contact", _("Contact"), placeholder=_("phone"), max_length=60),
        Ask("expectation", _("Expects"), max_length=complaints.LINE_MAX),
        Ask("deadline", _("Their deadline"), placeholder=_("optional, e.g. 11-27")),
        Ask("kind", _("Kind"), "pick", [(_(label), key) for key, label in KINDS.items()]),
        Ask("media_risk", _("Media risk"), "tick"),
        Ask("collective", _("Collective (5+)"), "tick"),
    ]
    return StepForm(
        _("New complaint"),
        asks,
        partial(_intake, desk_app.actor, desk),
        hint=_(
            "Record while listening; do not accept blame before the facts are known. "
            "The kind may wait for the investigation."
        ),
    )


def _intake(actor, desk, answers: dict) -> ComplaintInfo:
    return complaint_intake.intake(actor, desk.policy, desk.time, **answers)

"""Home: the desk at a glance after sign-in.

Each section adds its own panel here as it lands (loans out and overdue,
complaints due, open promises, kit alerts); this screen owns the layout and
the refresh, the figures come from the services.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from deskapp import i18n
from deskapp.i18n import N_, _, ngettext
from deskapp.screens.base import DeskHeader, DeskScreen, db_work, warned
from deskapp.screens.footer import DeskFooter
from deskapp.screens.plain import Plain
from deskapp.screens.plain_table import PlainTable
from deskapp.services import calendar, complaint_reports, handover, kit, loans, staff, stock, system
from deskapp.services.calendar import Gap
from deskapp.services.complaint_reports import Counts as ComplaintCounts
from deskapp.services.handover import EntryInfo
from deskapp.services.kit import Alert
from deskapp.services.loans import Counts
from deskapp.services.privacy import shown
from deskapp.services.stock import KindLevel
from deskapp.services.system import DeskStatus
from deskapp.services.text import visible

WEEKDAYS = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
            N_("Saturday"), N_("Sunday"))


WARN = "bold yellow"  # an ANSI colour, so a 16-colour console shows it too


def day_label(day: date) -> str:
    return f"{day:%Y-%m-%d} {_(WEEKDAYS[day.weekday()])}"


def gap_line(gap: Gap) -> str:
    """Home's words for the end of the confirmed calendar (docs/calendar.md)."""
    if gap.passed:
        return _("ended {day}; add {year} (deskapp calendar)").format(
            day=gap.confirmed_until, year=gap.next_year)
    return _("only to {day}; add {year} (deskapp calendar)").format(
        day=gap.confirmed_until, year=gap.next_year)


def _grid() -> PlainTable:
    table = PlainTable(box=None, show_header=False, padding=(0, 2, 0, 0))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    return table


class Panel(Plain, can_focus=True):
    """A box of Home; Enter opens the list behind its figures (mode, view)."""

    def __init__(self, *, id: str, title: str, target: tuple[str, str | None] | None = None) -> None:
        super().__init__(id=id, classes="panel")
        self.border_title = title
        self.target = target


class HomeScreen(DeskScreen):
    CSS_PATH = "home.tcss"
    SHOW_SECTIONS = True  # the footer is the desk's menu here
    AUTO_FOCUS = ""  # nothing: Home shows from the top; the arrows then move through its boxes
    BINDINGS = [
        Binding("enter", "open_focused", N_("Open list"), show=False,
                tooltip=N_("The list behind the box under the cursor"), id="home.open"),
        # The boxes, not the scroll bar, follow the arrow keys (the box in focus scrolls into view).
        Binding("down", "app.focus_next", show=False, priority=True),
        Binding("up", "app.focus_previous", show=False, priority=True),
    ]

    class StatusLoaded(Message):
        def __init__(self, status: DeskStatus, loans: Counts, low: list[KindLevel],
                     complaints: ComplaintCounts, kit_alerts: list[Alert], promises: list[EntryInfo],
                     gap: Gap | None = None) -> None:
            super().__init__()
            self.gap = gap
            self.promises = promises
            self.kit_alerts = kit_alerts
            self.status = status
            self.loans = loans
            self.low = low
            self.complaints = complaints

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with VerticalScroll(id="home", can_focus=False):
            today = Plain(id="today", classes="panel")
            today.border_title = _("Today")
            yield today
            yield Panel(id="home-promises", title=_("Open promises to customers"), target=("handover", None))
            yield Panel(id="lending", title=_("Lending"), target=("loans", "out"))
            yield Panel(id="complaints", title=_("Complaints"), target=("complaints", "open"))
            yield Panel(id="kit", title=_("First-aid kit"), target=("kit", None))
            safety = Plain(id="safety", classes="panel")
            safety.border_title = _("Records and backups")
            yield safety
        yield DeskFooter()

    def on_mount(self) -> None:
        self.app.subscribe_desk_changes(self, self.load_status)  # type: ignore[attr-defined]

    @db_work
    def load_status(self) -> None:
        desk = self.desk_app.desk
        low = [level for level in stock.levels(desk.policy) if level.below_minimum]
        self.post_message(self.StatusLoaded(system.desk_status(desk.locations, desk.time.now()),
                                            loans.counts(desk.time), low,
                                            complaint_reports.counts(desk.policy, desk.time),
                                            kit.alerts(desk.policy, desk.time), handover.open_promises(),
                                            calendar.gap(desk.policy.calendar, desk.time.today())))

    def on_screen_resume(self) -> None:
        self.load_status()  # shown first, or again after loans and returns

    async def action_open_focused(self) -> None:
        panel = self.focused
        if not isinstance(panel, Panel) or panel.target is None:
            return
        mode, view = panel.target
        await self.app.switch_mode(mode)
        screen = self.app.screen
        views = getattr(screen, "VIEWS", {})
        if view in views and screen.view != view:  # type: ignore[attr-defined]
            screen.view = view  # type: ignore[attr-defined]
            screen.reload()  # type: ignore[attr-defined]

    def on_home_screen_status_loaded(self, message: StatusLoaded) -> None:
        desk = self.desk_app.desk
        who = self.desk_app.staff
        today = _grid()
        today.add_row(_("Date"), day_label(desk.time.today()))
        today.add_row(_("Desk"), desk.policy.desk.name)
        if who:
            today.add_row(_("Signed in"), f"{who.name} ({_(staff.ROLE_LABELS[who.role])})")
        if who and who.role in ("lead", "admin") and message.status.locked_out:
            today.add_row(Text(_("Locked out"), style=WARN), self._locked(message.status.locked_out))
        if who and who.role in ("lead", "admin") and message.gap:
            today.add_row(Text(_("Calendar"), style=WARN), warned(gap_line(message.gap)))
        self.query_one("#today", Static).update(today)

        self.query_one("#lending", Panel).update(self._lending(message.loans, message.low))
        self.query_one("#lending", Panel).target = ("loans", "overdue" if message.loans.overdue else "out")
        self.query_one("#complaints", Static).update(self._complaints(message.complaints))
        c = message.complaints
        self.query_one("#complaints", Panel).target = (
            "complaints", "overdue" if c.overdue else "callbacks" if c.callbacks_due else "open")
        self.query_one("#kit", Static).update(self._kit(message.kit_alerts))
        self.query_one("#home-promises", Static).update(self._promises(message.promises))

        status = message.status
        safety = _grid()
        backup = status.last_backup
        if status.on_server:
            safety.add_row(_("Last backup"), _("on the database server"))
        elif backup is None:
            safety.add_row(_("Last backup"), warned(_("none yet")))
        else:
            age = (desk.time.today() - backup.taken.date()).days
            when = Text(backup.taken.strftime("%Y-%m-%d %H:%M"))
            if age > 1:
                when.append(" · " + ngettext("{n} day ago", "{n} days ago", age).format(n=age))
                when = warned(when)
            safety.add_row(_("Last backup"), when)
        safety.add_row(_("Staff"), ngettext("{n} active", "{n} active", status.active_staff)
                       .format(n=status.active_staff))
        safety.add_row(_("Database"), _("{file}, schema version {v}").format(
            file=status.database_name, v=status.schema_version))
        self.query_one("#safety", Static).update(safety)

    def _locked(self, names) -> Text:
        """Names locked by wrong PINs: someone may be guessing (docs/trust.md, "Sign-in")."""
        time = self.desk_app.desk.time
        said = [_("{name} until an administrator unlocks").format(name=visible(s.name)) if s.held
                else _("{name} until {time}").format(name=visible(s.name),
                                                     time=time.local(s.locked_until).strftime("%H:%M"))
                for s in names]
        return warned(i18n.join(said, clauses=True))

    def _lending(self, counts: Counts, low: list[KindLevel]) -> PlainTable:
        policy = self.desk_app.desk.policy
        grid = _grid()
        grid.add_row(_("Out now"), ngettext("{n} item", "{n} items", counts.out).format(n=counts.out))
        overdue = Text(ngettext("{n} item", "{n} items", counts.overdue).format(n=counts.overdue))
        if counts.overdue:
            overdue.append(" · " + _("Ctrl+L to see them"))
            overdue = warned(overdue)
        grid.add_row(_("Overdue"), overdue)
        grid.add_row(_("Due back today"), ngettext("{n} item", "{n} items", counts.due_today)
                     .format(n=counts.due_today))
        for level in low:
            short = _("{kind}: {n} in service, minimum {min}").format(
                kind=stock.label(policy, level.kind), n=level.in_service, min=level.min_stock)
            grid.add_row(Text(_("Low stock"), style=WARN), warned(short))
        return grid

    def _complaints(self, counts: ComplaintCounts) -> PlainTable:
        grid = _grid()

        def row(label: str, n: int, warn: bool = False) -> None:
            text = Text(ngettext("{n} complaint", "{n} complaints", n).format(n=n))
            if warn and n:
                text.append(" · " + _("F4 to see them"))
                text = warned(text)
            grid.add_row(_(label), text)

        row(N_("Open"), counts.open)
        row(N_("Past a deadline"), counts.overdue, warn=True)
        row(N_("Due soon"), counts.due_soon, warn=True)
        row(N_("Callbacks due"), counts.callbacks_due, warn=True)
        return grid

    def _kit(self, alerts: list[Alert]) -> PlainTable | Text:
        """Kit items low, expiring or expired (DESIGN.md: Home shows them at a glance)."""
        if not alerts:
            return Text(_("Nothing low, expiring or expired."))
        grid = _grid()
        for kind in kit.ALERTS:
            found = [a for a in alerts if a.kind == kind]
            if found:
                names = i18n.join(dict.fromkeys(a.line.medicine.name for a in found))
                grid.add_row(Text(_(kit.ALERTS[kind]), style=WARN),
                             warned(f"{names} · " + _("F6 to see them")))
        return grid

    def _promises(self, promises: list[EntryInfo]) -> PlainTable | Text:
        """Promises made to customers and not yet kept, carried from shift to shift."""
        if not promises:
            return Text(_("None open."))
        time, mask = self.desk_app.desk.time, self.desk_app.desk.policy.privacy.mask
        grid = _grid()
        for p in promises[:5]:
            late = p.promise_due is not None and time.local(p.promise_due).date() < time.today()
            due = time.show(p.promise_due) if p.promise_due else "—"
            promise = f"{shown(p.promise_to, mask)}{i18n.colon()}{shown(p.text, mask)}"
            grid.add_row(warned(due) if late else due, promise)
        if len(promises) > 5:
            grid.add_row("", _("and {n} more · F5").format(n=len(promises) - 5))
        return grid

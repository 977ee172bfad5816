"""Home: the desk at a glance after sign-in.

Each section adds its own panel here as it lands (loans out and overdue,
complaints due, open promises, kit alerts); this screen owns the layout and
the refresh, the figures come from the services.
"""

from __future__ import annotations

from datetime import date

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Static

from deskapp.i18n import N_, _, ngettext
from deskapp.screens.base import DeskHeader, DeskScreen, db_work
from deskapp.services import staff, system
from deskapp.services.system import DeskStatus

WEEKDAYS = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
            N_("Saturday"), N_("Sunday"))


WARN = "bold yellow"  # an ANSI colour, so a 16-colour console shows it too


def day_label(day: date) -> str:
    return f"{day:%Y-%m-%d} {_(WEEKDAYS[day.weekday()])}"


def _grid() -> Table:
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    return table


class HomeScreen(DeskScreen):
    CSS_PATH = "home.tcss"

    class StatusLoaded(Message):
        def __init__(self, status: DeskStatus) -> None:
            super().__init__()
            self.status = status

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with VerticalScroll(id="home"):
            today = Static(id="today", classes="panel")
            today.border_title = _("Today")
            yield today
            safety = Static(id="safety", classes="panel")
            safety.border_title = _("Records and backups")
            yield safety
        yield Footer()

    def on_mount(self) -> None:
        self.app.subscribe_desk_changes(self, self.load_status)  # type: ignore[attr-defined]
        self.load_status()

    @db_work
    def load_status(self) -> None:
        self.post_message(self.StatusLoaded(system.desk_status(self.desk_app.desk.locations)))

    def on_home_screen_status_loaded(self, message: StatusLoaded) -> None:
        desk = self.desk_app.desk
        who = self.desk_app.staff
        today = _grid()
        today.add_row(_("Date"), day_label(desk.time.today()))
        today.add_row(_("Desk"), desk.policy.desk.name)
        if who:
            today.add_row(_("Signed in"), f"{who.name} ({_(staff.ROLE_LABELS[who.role])})")
        self.query_one("#today", Static).update(today)

        status = message.status
        safety = _grid()
        backup = status.last_backup
        if backup is None:
            safety.add_row(_("Last backup"), Text(_("none yet"), style=WARN))
        else:
            age = (desk.time.today() - backup.taken.date()).days
            when = Text(backup.taken.strftime("%Y-%m-%d %H:%M"))
            if age > 1:
                when.append(" · " + ngettext("{n} day ago", "{n} days ago", age).format(n=age))
                when.stylize(WARN)
            safety.add_row(_("Last backup"), when)
        safety.add_row(_("Staff"), ngettext("{n} active", "{n} active", status.active_staff)
                       .format(n=status.active_staff))
        safety.add_row(_("Database"), _("{file}, schema version {v}").format(
            file=status.database_name, v=status.schema_version))
        self.query_one("#safety", Static).update(safety)

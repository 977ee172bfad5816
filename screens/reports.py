"""F7 Reports (报表): the month's complaint analysis (DOMAIN.md section 2 "Statistics").

Type a month and Enter, or PgUp / PgDn for the month before / after; Ctrl+O
writes the month's detail sheet (xlsx) beside the database, in exports/.
"""

from __future__ import annotations

from datetime import date

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Input, Static

from deskapp.i18n import N_, _, ngettext
from deskapp.screens.base import DeskHeader, DeskScreen, db_work
from deskapp.screens.form import Field
from deskapp.services import complaint_reports, sheets
from deskapp.services.complaint_reports import Analysis


def shift(month: date, by: int) -> date:
    index = month.year * 12 + month.month - 1 + by
    return date(index // 12, index % 12 + 1, 1)


class ReportsScreen(DeskScreen):
    BINDINGS = [
        Binding("pageup", "month(-1)", N_("Month before"), id="reports.before", priority=True),
        Binding("pagedown", "month(1)", N_("Month after"), id="reports.after", priority=True),
        Binding(
            "ctrl+o",
            "sheet",
            N_("Detail sheet"),
            tooltip=N_("Write the month's complaints to an xlsx sheet"),
            id="reports.sheet",
            priority=True,
        ),
        Binding("escape", "back", N_("Back"), id="reports.back"),
    ]

    class SheetWritten(Message):
        def __init__(self, written: sheets.Written) -> None:
            super().__init__()
            self.written = written

    class Analysed(Message):
        def __init__(self, analysis: Analysis) -> None:
            super().__init__()
            self.analysis = analysis

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with VerticalScroll(classes="form"):
            yield Static(_("Complaints: the month's analysis"), classes="title")
            month = f"{self.desk_app.desk.time.today():%Y-%m}"
            yield Field(_("Month"), Input(month, placeholder="2026-11", max_length=7), field_id="month")
            yield Static(id="analysis", classes="panel")
            yield Static(
                _("Detail sheets: deskapp export complaints --format xlsx --from … --to …"), classes="hint"
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#month", Input).focus()

    def on_screen_resume(self) -> None:
        self.show_month()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.show_month()

    def action_month(self, by: int) -> None:
        field = self.query_one("#month", Input)
        try:
            start, _end = complaint_reports.month_range(field.value)
        except ValueError:
            start = self.desk_app.desk.time.today().replace(day=1)
        field.value = f"{shift(start, by):%Y-%m}"
        self.show_month()

    def show_month(self) -> None:
        text = self.query_one("#month", Input).value
        try:
            start, end = complaint_reports.month_range(text)
        except ValueError:
            self.query_one("#field-month", Field).show_error(
                _("{text} is not a month like 2026-11").format(text=text)
            )
            return
        self.query_one("#field-month", Field).show_error(None)
        self.analyse(start, end)

    @db_work
    def analyse(self, start: date, end: date) -> None:
        self.post_message(self.Analysed(complaint_reports.analyse(self.desk_app.desk.time, start, end)))

    def on_reports_screen_analysed(self, message: Analysed) -> None:
        a = message.analysis
        panel = self.query_one("#analysis", Static)
        panel.border_title = _("{start} to {end}").format(start=a.start, end=a.end)
        grid = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
        grid.add_column(no_wrap=True)
        grid.add_column(justify="right", no_wrap=True)
        for label, value in complaint_reports.analysis_lines(a):
            grid.add_row(Text(label, style="" if label.startswith("  ") else "bold"), value)
        panel.update(grid)

    def action_sheet(self) -> None:
        try:
            start, end = complaint_reports.month_range(self.query_one("#month", Input).value)
        except ValueError:
            self.show_month()  # says what is wrong with the month
            return
        self.write_sheet(start, end)

    @db_work
    def write_sheet(self, start: date, end: date) -> None:
        desk = self.desk_app.desk
        folder = desk.locations.exports_dir
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / sheets.default_name("complaints", "xlsx", desk.time.today(), start, end)
        self.post_message(
            self.SheetWritten(sheets.write("complaints", "xlsx", path, desk.policy, desk.time, start, end))
        )

    def on_reports_screen_sheet_written(self, message: SheetWritten) -> None:
        self.notify(
            ngettext("Wrote {n} row to {path}.", "Wrote {n} rows to {path}.", message.written.rows).format(
                n=message.written.rows, path=message.written.path
            ),
            timeout=10,
        )

    def action_back(self) -> None:
        self.desk_app.action_home()

"""F7 Reports (报表): one place for the figures and the sheets of every section.

A span of days (a month by default; PgUp / PgDn the month before / after):
the lead's summary — loans by kind and per day, deposits held, fees taken,
the complaint analysis (docs/complaints.md, "The monthly analysis") and complaints per
week, kit use by situation — and Ctrl+O writes the chosen sheet for the span
(csv or xlsx) beside the database, in exports/.
"""

from __future__ import annotations

from datetime import date

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Input, Select, Static

from deskapp import export, i18n, private
from deskapp.errors import DeskError
from deskapp.i18n import N_, _, ngettext
from deskapp.money import yuan
from deskapp.rules.analysis import month_range
from deskapp.screens.base import DeskHeader, DeskScreen, db_work
from deskapp.screens.footer import DeskFooter
from deskapp.screens.form import Field
from deskapp.screens.plain import Plain, plain
from deskapp.screens.plain_table import PlainSelect, PlainTable
from deskapp.services import calendar, complaint_reports, desk_report, kit_register, sheets
from deskapp.services.datetext import parse_day
from deskapp.services.desk_report import Summary
from deskapp.services.stock import label

SHEETS = {
    "loans": N_("Loans"),
    "complaints": N_("Complaints"),
    "complaint-analysis": N_("Complaint analysis"),
    "medicine": N_("Medicine register"),
    "handovers": N_("Handovers"),
    "restock": N_("Restock request"),
}
BARS = " ▁▂▃▄▅▆▇█"


def shift(month: date, by: int) -> date:
    index = month.year * 12 + month.month - 1 + by
    return date(index // 12, index % 12 + 1, 1)


def spark(values: list[int]) -> str:
    """A one-line chart: a bar per value, scaled to the largest."""
    top = max(values, default=0)
    return (
        "".join(BARS[0 if not v else max(1, round(v / top * 8))] for v in values)
        if top
        else "·" * len(values)
    )


class ReportsScreen(DeskScreen):
    BINDINGS = [
        Binding("pageup", "month(-1)", N_("Month before"), id="reports.before", priority=True),
        Binding("pagedown", "month(1)", N_("Month after"), id="reports.after", priority=True),
        Binding(
            "ctrl+o",
            "sheet",
            N_("Write sheet"),
            tooltip=N_("The chosen sheet for these days, in exports/"),
            id="reports.sheet",
            priority=True,
        ),
        Binding("escape", "back", N_("Back"), id="reports.back"),
    ]

    class Ready(Message):
        def __init__(self, summary: Summary) -> None:
            super().__init__()
            self.summary = summary

    class SheetWritten(Message):
        def __init__(self, written: sheets.Written) -> None:
            super().__init__()
            self.written = written

    def compose(self) -> ComposeResult:
        today = self.desk_app.desk.time.today()
        first, last = month_range(f"{today:%Y-%m}")
        yield DeskHeader()
        # Tab reaches the report itself, whose arrows, Home and End scroll it (PageUp/PageDown: the month).
        with VerticalScroll(classes="form", can_focus=True):
            yield Plain(_("Reports"), classes="title")
            yield Field(_("From"), Input(f"{first}", max_length=10), field_id="start")
            yield Field(_("To"), Input(f"{last}", max_length=10), field_id="end")
            yield Plain(id="summary", classes="panel")
            yield Plain(id="analysis", classes="panel")
            picks = [(_(v), k) for k, v in SHEETS.items()]
            yield Field(
                _("Sheet"),
                PlainSelect(picks, value="complaints", allow_blank=False, compact=True),
                field_id="sheet",
            )
            yield Field(
                _("Format"),
                PlainSelect(
                    [("xlsx", "xlsx"), ("csv", "csv")],
                    value="xlsx",
                    allow_blank=False,
                    compact=True,
                ),
                field_id="fmt",
            )
            yield Plain(
                _(
                    "Ctrl+O writes the sheet for these days. From the command line: "
                    "deskapp export KIND --from … --to …"
                ),
                classes="hint",
            )
        yield DeskFooter()

    def on_mount(self) -> None:
        self.query_one("#start", Input).focus()

    def on_screen_resume(self) -> None:
        self.show_span()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.show_span()
        if event.input.id == "start":
            self.focus_next()

    def on_plain_select_done(self) -> None:  # Enter on a pick moves on (docs/counter.md)
        self.focus_next()

    def span(self) -> tuple[date, date] | None:
        today = self.desk_app.desk.time.today()
        found: dict[str, date | None] = {}
        for name in ("start", "end"):
            field = self.query_one(f"#field-{name}", Field)
            day = parse_day(self.query_one(f"#{name}", Input).value, today)
            field.show_error(None if day else _("Type a date such as 2026-11-27, 11-27 or 1127."))
            found[name] = day
        start, end = found["start"], found["end"]
        if start is None or end is None:
            return None
        if start > end:
            self.query_one("#field-end", Field).show_error(_("The last day is before the first."))
            return None
        return start, end

    def show_span(self) -> None:
        if span := self.span():
            self.compute(*span)

    def action_month(self, by: int) -> None:
        span = self.span()
        first = shift((span[0] if span else self.desk_app.desk.time.today()).replace(day=1), by)
        start, end = month_range(f"{first:%Y-%m}")
        self.query_one("#start", Input).value = f"{start}"
        self.query_one("#end", Input).value = f"{end}"
        self.show_span()

    @db_work
    def compute(self, start: date, end: date) -> None:
        desk = self.desk_app.desk
        end_of_calendar = calendar.days(desk.policy.calendar).confirmed_until
        self.post_message(self.Ready(desk_report.summary(desk.time, start, end, end_of_calendar)))

    def on_reports_screen_ready(self, message: Ready) -> None:
        s = message.summary
        policy = self.desk_app.desk.policy
        grid = PlainTable(box=None, show_header=False, padding=(0, 2, 0, 0))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
        loans = i18n.join(f"{label(policy, k)} {n}" for k, n in s.loans_by_kind.items()) or "0"
        grid.add_row(_("Loans"), loans)
        grid.add_row(_("Loans per day"), Text(spark([n for _d, n in s.loans_per_day]), style="cyan"))
        grid.add_row(_("Deposits held now"), f"¥{yuan(s.deposits_held_fen)}")
        grid.add_row(_("Fees and charges taken"), f"¥{yuan(s.fees_fen)}")
        grid.add_row(
            _("Complaints per week"),
            Text(spark([n for _d, n in s.complaints_per_week]), style="cyan")
            + Text("  " + " ".join(str(n) for _d, n in s.complaints_per_week), style="dim"),
        )
        uses = i18n.join(f"{_(kit_register.WHAT[k])} {n}" for k, n in s.kit_uses_by_what.items()) or "0"
        grid.add_row(_("Kit uses"), uses)
        panel = self.query_one("#summary", Static)
        panel.border_title = _("{start} to {end}").format(start=s.start, end=s.end)
        panel.update(grid)
        analysis = PlainTable(box=None, show_header=False, padding=(0, 2, 0, 0))
        analysis.add_column(no_wrap=True)
        analysis.add_column(justify="right", no_wrap=True)
        for name, value in complaint_reports.analysis_lines(s.complaints):
            analysis.add_row(plain(name, style="" if name.startswith("  ") else "bold"), value)
        box = self.query_one("#analysis", Static)
        # Every figure counts the complaints received in the span (docs/complaints.md).
        box.border_title = _("Complaints received {start} to {end}, as they stand on {today}").format(
            start=s.start, end=s.end, today=self.desk_app.desk.time.today()
        )
        box.update(Group(analysis))

    def action_sheet(self) -> None:
        span = self.span()
        if span is None:
            return
        kind = str(self.query_one("#sheet", Select).value)
        fmt = str(self.query_one("#fmt", Select).value)
        self.write_sheet(kind, fmt, *span)

    @db_work
    def write_sheet(self, kind: str, fmt: str, start: date, end: date) -> None:
        desk = self.desk_app.desk
        folder = desk.locations.exports_dir
        path = folder / sheets.default_name(kind, fmt, desk.time.today(), start, end)
        try:
            private.make_dir(folder)
            written = sheets.write(kind, fmt, path, desk.policy, desk.time, start, end)
        except OSError as error:  # a full disk, a folder made read-only: said in words
            raise DeskError(export.problem(error)) from None
        self.post_message(self.SheetWritten(written))

    def on_reports_screen_sheet_written(self, message: SheetWritten) -> None:
        w = message.written
        self.notify(
            ngettext("Wrote {n} row to {path}.", "Wrote {n} rows to {path}.", w.rows).format(
                n=w.rows, path=w.path
            ),
            timeout=10,
        )

    def action_back(self) -> None:
        self.desk_app.action_home()

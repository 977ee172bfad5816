"""Home: the desk at a glance after sign-in.

Everything a clerk needs fits 80x24 without scrolling (docs/counter.md, "Home"):
two rows of boxes side by side (lending and complaints, then the kit and the
day), the open promises across, and the shift lead's notices when there are
any. A box shows one line per figure and at most a few names with "N more";
the list behind it (its key in the corner, or Enter on the box) has the rest.
This screen owns the layout and the refresh, the figures come from the services.
"""

from __future__ import annotations

from datetime import date

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.events import Resize
from textual.message import Message
from textual.widgets import Static

from deskapp import i18n
from deskapp.i18n import N_, _, ngettext
from deskapp.rules.calendar import Gap
from deskapp.screens.base import WARNING_SIGN, DeskHeader, DeskScreen, db_work, warned
from deskapp.screens.footer import DeskFooter
from deskapp.screens.lists import PagedList
from deskapp.screens.plain import Plain
from deskapp.screens.plain_table import PlainTable
from deskapp.services import (
    calendar,
    complaint_reports,
    handover_promises,
    kit_stock,
    loan_lists,
    stock,
    system,
)
from deskapp.services.complaint_reports import Counts as ComplaintCounts
from deskapp.services.handover import EntryInfo
from deskapp.services.kit_stock import Alert
from deskapp.services.loan_lists import Counts
from deskapp.services.privacy import shown
from deskapp.services.stock import KindLevel
from deskapp.services.system import DeskStatus
from deskapp.services.text import visible

WARN = "bold yellow"  # an ANSI colour, so a 16-colour console shows it too
PROMISES_SHOWN = 3  # lines of the promises box: three promises, or two and "N more"
BOX_LINES = 4  # the boxes side by side are this tall, so their borders line up


def day_label(day: date) -> str:
    return f"{day:%Y-%m-%d} {i18n.weekday(day)}"


def gap_line(gap: Gap) -> str:
    """Home's words for the end of the confirmed calendar (docs/calendar.md)."""
    if gap.passed:
        return _("ended {day}; add {year} (deskapp calendar)").format(
            day=gap.confirmed_until, year=gap.next_year
        )
    return _("only to {day}; add {year} (deskapp calendar)").format(
        day=gap.confirmed_until, year=gap.next_year
    )


def more(n: int) -> str:
    return ngettext("and {n} more", "and {n} more", n).format(n=n)


def first_names(names: list[str], width: int) -> Text:
    """As many of `names` as fit in `width` cells, then "and N more" for the rest;
    a first name too long to fit is cut short, never the count."""
    for k in range(len(names), 0, -1):
        said = i18n.join(names[:k]) + (" " + more(len(names) - k) if k < len(names) else "")
        if cell_len(said) <= width:
            return Text(said)
    rest = " " + more(len(names) - 1) if len(names) > 1 else ""
    first = Text(names[0])
    first.truncate(max(1, width - cell_len(rest)), overflow="ellipsis")
    return first + rest


def _grid() -> PlainTable:
    """Label and figure, one line each: what does not fit ends in "…", never wraps."""
    table = PlainTable(box=None, show_header=False, padding=(0, 2, 0, 0), pad_edge=False, expand=True)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(no_wrap=True, overflow="ellipsis", ratio=1)
    return table


def filled(shown: PlainTable | Text) -> PlainTable | Text:
    """`shown` with blank lines up to BOX_LINES."""
    if isinstance(shown, Text):
        return shown + "\n" * (BOX_LINES - 1)
    while shown.row_count < BOX_LINES:
        shown.add_row("", "")
    return shown


def items(n: int, warn: bool = False) -> Text:
    return _counted(ngettext("{n} item", "{n} items", n).format(n=n), warn and n > 0)


def complaints(n: int, warn: bool = False) -> Text:
    return _counted(ngettext("{n} complaint", "{n} complaints", n).format(n=n), warn and n > 0)


def _counted(text: str, warn: bool) -> Text:
    return warned(text) if warn else Text(text)


class Panel(Plain, can_focus=True):
    """A box of Home; Enter opens the list behind its figures (mode, view)."""

    def __init__(
        self, *, id: str, title: str, key: str = "", target: tuple[str, str | None] | None = None
    ) -> None:
        super().__init__(id=id, classes="panel")
        self.border_title = title
        self.border_subtitle = key  # the section's own key, besides Enter on the box
        self.target = target


class HomeScreen(DeskScreen):
    CSS_PATH = "home.tcss"
    SHOW_SECTIONS = True  # the footer is the desk's menu here
    AUTO_FOCUS = ""  # nothing: Home shows from the top; the arrows then move through its boxes
    BINDINGS = [
        Binding(
            "enter",
            "open_focused",
            N_("Open list"),
            show=False,
            tooltip=N_("The list behind the box under the cursor"),
            id="home.open",
        ),
        # The boxes, not the scroll bar, follow the arrow keys (the box in focus scrolls into view).
        Binding("down", "app.focus_next", show=False, priority=True),
        Binding("up", "app.focus_previous", show=False, priority=True),
    ]

    class StatusLoaded(Message):
        def __init__(
            self,
            status: DeskStatus,
            loans: Counts,
            low: list[KindLevel],
            complaints: ComplaintCounts,
            kit_alerts: list[Alert],
            promises: list[EntryInfo],
            gap: Gap | None = None,
        ) -> None:
            super().__init__()
            self.gap = gap
            self.promises = promises
            self.kit_alerts = kit_alerts
            self.status = status
            self.loans = loans
            self.low = low
            self.complaints = complaints

    shown_status: StatusLoaded | None = None

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with VerticalScroll(id="home", can_focus=False):
            with Horizontal(classes="home-row"):
                yield Panel(id="lending", title=_("Lending"), key="Ctrl+L", target=("loans", "out"))
                yield Panel(id="complaints", title=_("Complaints"), key="F4", target=("complaints", "open"))
            with Horizontal(classes="home-row"):
                yield Panel(id="kit", title=_("First-aid kit"), key="F6", target=("kit", None))
                today = Plain(id="today", classes="panel")
                today.border_title = _("Today")
                yield today
            yield Panel(
                id="home-promises", title=_("Open promises to customers"), key="F5", target=("handover", None)
            )
            notices = Plain(id="lead-notices", classes="panel")
            notices.border_title = _("For the shift lead")
            notices.display = False
            yield notices
        yield DeskFooter()

    def on_mount(self) -> None:
        self.desk_app.subscribe_desk_changes(self, self.load_status)

    @db_work
    def load_status(self) -> None:
        desk = self.desk_app.desk
        low = [level for level in stock.levels(desk.policy) if level.below_minimum]
        self.post_message(
            self.StatusLoaded(
                system.desk_status(desk.locations, desk.time.now()),
                loan_lists.counts(desk.time),
                low,
                complaint_reports.counts(desk.policy, desk.time),
                kit_stock.alerts(desk.policy, desk.time),
                handover_promises.open_promises(),
                calendar.gap(desk.policy.calendar, desk.time.today()),
            )
        )

    def on_screen_resume(self) -> None:
        self.load_status()  # shown first, or again after loans and returns

    async def action_open_focused(self) -> None:
        panel = self.focused
        if not isinstance(panel, Panel) or panel.target is None:
            return
        mode, view = panel.target
        await self.app.switch_mode(mode)
        screen = self.app.screen
        if (
            isinstance(screen, PagedList)
            and view is not None
            and view in screen.VIEWS
            and screen.view != view
        ):
            screen.view = view
            screen.reload()

    def on_resize(self, _event: Resize) -> None:
        if self.shown_status is not None:  # the kit's names are fitted to the box's width
            self.call_after_refresh(self.on_home_screen_status_loaded, self.shown_status)

    def on_home_screen_status_loaded(self, message: StatusLoaded) -> None:
        self.shown_status = message
        self.query_one("#lending", Panel).update(filled(self._lending(message.loans, message.low)))
        self.query_one("#lending", Panel).target = ("loans", "overdue" if message.loans.overdue else "out")
        self.query_one("#complaints", Static).update(filled(self._complaints(message.complaints)))
        c = message.complaints
        self.query_one("#complaints", Panel).target = (
            "complaints",
            "overdue" if c.overdue else "callbacks" if c.callbacks_due else "open",
        )
        self.query_one("#kit", Static).update(filled(self._kit(message.kit_alerts)))
        self.query_one("#home-promises", Static).update(self._promises(message.promises))
        self.query_one("#today", Static).update(filled(self._today(message.status)))
        notices = self._lead_notices(message.status, message.gap)
        self.query_one("#lead-notices", Static).update(notices or "")
        self.query_one("#lead-notices", Static).display = notices is not None

    def _today(self, status: DeskStatus) -> PlainTable:
        """The day and the records' safety; the desk and who is signed in are in the header."""
        desk = self.desk_app.desk
        grid = _grid()
        grid.add_row(_("Date"), day_label(desk.time.today()))
        backup = status.last_backup
        if status.on_server:
            grid.add_row(_("Last backup"), _("on the database server"))
        elif backup is None:
            grid.add_row(_("Last backup"), warned(_("none yet")))
        else:
            age = (desk.time.today() - backup.taken.date()).days
            if age > 1:
                when = warned(
                    f"{backup.taken:%Y-%m-%d} · " + ngettext("{n} day ago", "{n} days ago", age).format(n=age)
                )
            else:
                when = Text(backup.taken.strftime("%Y-%m-%d %H:%M"))
            grid.add_row(_("Last backup"), when)
        grid.add_row(
            _("Staff"),
            ngettext("{n} active", "{n} active", status.active_staff).format(n=status.active_staff),
        )
        grid.add_row(_("Database"), Text(visible(status.database_name)))
        return grid

    def _lead_notices(self, status: DeskStatus, gap: Gap | None) -> PlainTable | None:
        who = self.desk_app.staff
        if not who or who.role not in ("lead", "admin") or not (status.locked_out or gap):
            return None
        grid = _grid()
        if status.locked_out:
            grid.add_row(Text(_("Locked out"), style=WARN), self._locked(status.locked_out))
        if gap:
            grid.add_row(Text(_("Calendar"), style=WARN), warned(gap_line(gap)))
        return grid

    def _locked(self, names) -> Text:
        """Names locked by wrong PINs: someone may be guessing (docs/trust.md, "Sign-in")."""
        time = self.desk_app.desk.time
        said = [
            _("{name} until an administrator unlocks").format(name=visible(s.name))
            if s.held
            else _("{name} until {time}").format(
                name=visible(s.name), time=time.local(s.locked_until).strftime("%H:%M")
            )
            for s in names
        ]
        return warned(i18n.join(said, clauses=True))

    def _lending(self, counts: Counts, low: list[KindLevel]) -> PlainTable:
        policy = self.desk_app.desk.policy
        grid = _grid()
        grid.add_row(_("Out now"), items(counts.out))
        grid.add_row(_("Overdue"), items(counts.overdue, warn=True))
        grid.add_row(_("Due today"), items(counts.due_today))
        if len(low) == 1:
            level = low[0]
            grid.add_row(
                Text(_("Low stock"), style=WARN),
                warned(
                    _("{kind}: {n}, minimum {min}").format(
                        kind=stock.label(policy, level.kind), n=level.in_service, min=level.min_stock
                    )
                ),
            )
        elif low:
            grid.add_row(
                Text(_("Low stock"), style=WARN),
                warned(i18n.join(stock.label(policy, level.kind) for level in low)),
            )
        return grid

    def _complaints(self, counts: ComplaintCounts) -> PlainTable:
        grid = _grid()
        grid.add_row(_("Open"), complaints(counts.open))
        grid.add_row(_("Past a deadline"), complaints(counts.overdue, warn=True))
        grid.add_row(_("Due soon"), complaints(counts.due_soon, warn=True))
        grid.add_row(_("Callbacks due"), complaints(counts.callbacks_due, warn=True))
        return grid

    def _kit(self, alerts: list[Alert]) -> PlainTable | Text:
        """Kit items low, expiring or expired (docs/counter.md, "Home")."""
        if not alerts:
            return Text(_("Nothing low, expiring or expired."))
        lang = i18n.language()
        found = {
            kind: list(
                dict.fromkeys(visible(a.line.medicine.name_in(lang)) for a in alerts if a.kind == kind)
            )
            for kind in kit_stock.ALERTS
        }
        labels = {kind: _(label) for kind, label in kit_stock.ALERTS.items() if found[kind]}
        # The names fit the box: its width less the labels and the 2 cells between.
        room = (
            (self.query_one("#kit").content_size.width or 36)
            - 2
            - max(map(cell_len, labels.values()))
            - len(WARNING_SIGN)
        )
        grid = _grid()
        for kind, label in labels.items():
            grid.add_row(Text(label, style=WARN), warned(first_names(found[kind], room)))
        return grid

    def _promises(self, promises: list[EntryInfo]) -> PlainTable | Text:
        """Promises made to customers and not yet kept, carried from shift to shift."""
        if not promises:
            return Text(_("None open."))
        time, mask = self.desk_app.desk.time, self.desk_app.desk.policy.privacy.mask
        grid = _grid()
        first = promises if len(promises) <= PROMISES_SHOWN else promises[: PROMISES_SHOWN - 1]
        for p in first:
            late = p.promise_due is not None and time.local(p.promise_due).date() < time.today()
            due = time.show(p.promise_due) if p.promise_due else "—"
            promise = f"{shown(p.promise_to, mask)}{i18n.colon()}{shown(p.text, mask)}"
            grid.add_row(warned(due) if late else Text(due), promise)
        if len(promises) > len(first):
            grid.add_row("", more(len(promises) - len(first)))
        return grid

"""The App: the composition root. It wires sections (Textual modes) to keys,
signs staff in and out, locks when idle, and reports failed workers.

Screens live in deskapp.screens (the repository's screens/ folder), one
module each, imported when first shown so the first paint stays fast.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from weakref import WeakSet

from textual import events, on
from textual.binding import Binding
from textual.dom import DOMNode
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.signal import Signal
from textual.worker import Worker, WorkerState

import deskapp.screens
from deskapp import db
from deskapp.dbfiles import is_database_error
from deskapp.desk import Desk
from deskapp.errors import DeskError
from deskapp.i18n import N_, _
from deskapp.screens import sections
from deskapp.screens.base import db_work
from deskapp.screens.plain import visible
from deskapp.screens.sections import SECTIONS, STYLE_AHEAD_AFTER, SectionModes, screen_factory
from deskapp.screens.typeahead import TypeAhead
from deskapp.services import audit, staff
from deskapp.services.staff import StaffInfo

if TYPE_CHECKING:
    from deskapp.screens.printing import PrintQueue

SCREENS_DIR = Path(deskapp.screens.__file__).resolve().parent


def _command_provider():
    from deskapp.screens.commands import DeskCommands  # textual.command only when Ctrl+P is used

    return DeskCommands


def few_colours(environ: dict[str, str] | os._Environ = os.environ) -> bool:
    """A console that shows only 16 colours (Linux console, old xterm, Windows
    console host): deskapp then uses the terminal's own palette (ansi-dark)."""
    if environ.get("COLORTERM") or environ.get("WT_SESSION"):  # truecolor, Windows Terminal
        return False
    term = environ.get("TERM", "")
    return "256" not in term and "direct" not in term


class DeskApp(SectionModes):
    TITLE = "deskapp"
    # The start screens' styles too: Textual does not read the CSS_PATH of an
    # App's default screen (get_default_screen), only of pushed and mode screens.
    CSS_PATH = [SCREENS_DIR / "app.tcss", SCREENS_DIR / "signin.tcss", SCREENS_DIR / "setup.tcss"]
    COMMANDS = {_command_provider}
    MODES = {s.mode: screen_factory(s.screen) for s in SECTIONS}
    BINDINGS = [
        Binding("f1", "help", N_("Help"), tooltip=N_("Every key of this screen"), id="help", priority=True),
        *[
            # shown on Home's footer only, the desk's menu (DeskScreen.SHOW_SECTIONS)
            Binding(s.key, f"section('{s.mode}')", s.label, id=f"section.{s.mode}", priority=True)
            for s in SECTIONS
            if s.key
        ],
        Binding(
            "f9", "lock", N_("Lock"), tooltip=N_("Lock the screen or switch staff"), id="lock", priority=True
        ),
        Binding("f10", "quit", N_("Quit"), id="quit", priority=True),
        Binding("ctrl+q", "quit", N_("Quit"), show=False, id="quit.ctrl_q", priority=True),
        Binding("ctrl+c", "help_quit", show=False, system=True),
        Binding(
            "ctrl+p",
            "command_palette",
            N_("Commands"),
            show=False,
            id="command_palette",
            tooltip=N_("Search every command"),
            priority=True,
        ),
    ]

    class BackupTaken(Message):
        def __init__(self, path: Path | None) -> None:
            super().__init__()
            self.path = path

    def __init__(
        self,
        desk: Desk,
        start: staff.StartState | None = None,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        backup_after: float = 1.0,
        theme: str | None = None,
        build_ahead: bool = False,
    ) -> None:
        super().__init__()
        self.desk = desk
        # What the first screen shows. The CLI reads it right after opening the
        # database, before Textual starts, so the first paint already has the
        # staff list and needs no worker round trip.
        self.start = start or staff.start_state()
        self.demo = self.start.demo  # the header says so on every screen (screens/base.py DeskHeader)
        self.backup_after = backup_after
        self.staff: StaffInfo | None = None
        self.locked = False
        self._monotonic = monotonic
        self._last_input = monotonic()
        self.typeahead = TypeAhead(self, background=("_daily_backup", "_close_kept"))
        self._printing: PrintQueue | None = None
        self._styled_ahead = False
        self.build_ahead = build_ahead  # the sections' screens built while idle (screens/sections.py)
        self.forms: WeakSet[Screen] = WeakSet()  # open forms (screens/form.py), asked before quitting
        # Published when what the screens show may have changed (sign-in, backup).
        self.desk_changed: Signal[str] = Signal(self, "desk-changed")
        self.theme = theme or ("ansi-dark" if few_colours() else "textual-dark")
        if self.no_color and self.native_ansi_color:
            # NO_COLOR: Textual picks its filter before the theme is set, so on the terminal's own
            # palette it would turn the colours into greys, which a 16-colour console shows as
            # black on black. Dropping the colours keeps the terminal's own text and background.
            # (Textual has no public setter for its line filters, only get_line_filters().)
            from textual.filter import Monochrome, NoColor

            self._filters = [NoColor() if isinstance(f, Monochrome) else f for f in self._filters]

    # -- who is at the desk -------------------------------------------------
    @property
    def actor(self) -> audit.Actor:
        return audit.Actor(self.staff.id if self.staff else None, "tui")

    def signed_in(self, who: StaffInfo) -> None:
        """Called by the setup and sign-in screens."""
        changed = self.staff is not None and self.staff.id != who.id
        self.staff = who
        self.locked = False
        self.sub_title = f"{who.name} · {_(staff.ROLE_LABELS[who.role])}"
        if self.current_mode not in self.MODES:  # the first sign-in, from the start screen
            self.switch_mode("home")
        if changed:
            self.notify(_("Signed in as {name}.").format(name=who.name))
        self.refresh_bindings()
        self.desk_changed.publish("signed-in")
        self._yesterdays_handover()
        if not self._styled_ahead:
            self._styled_ahead = True
            self.set_timer(STYLE_AHEAD_AFTER, self._style_sections_ahead)
            if self.build_ahead:
                self._building = self.set_interval(sections.BUILD_AHEAD_EVERY, self._build_ahead_when_idle)

    def _build_ahead_when_idle(self) -> None:
        idle = not self.typeahead.waiting and self.typeahead.settled()
        if not self._build_a_section_ahead(self._monotonic() - self._last_input if idle else 0.0):
            self._building.stop()

    class Acknowledge(Message):
        def __init__(self, info: object) -> None:
            super().__init__()
            self.info = info

    @db_work
    def _yesterdays_handover(self) -> None:
        """The day's first staff member checks the last handover before today
        (docs/handover.md, "The start of the day")."""
        from deskapp.services import handover_addenda

        info = handover_addenda.to_acknowledge(self.desk.time)
        if info is not None:
            self.post_message(self.Acknowledge(info))

    def on_desk_app_acknowledge(self, message: Acknowledge) -> None:
        from deskapp.screens.handover_acknowledge import AcknowledgeScreen

        if not self.locked:
            self.push_screen(AcknowledgeScreen(message.info))  # type: ignore[arg-type]

    def subscribe_desk_changes(self, node: DOMNode, refresh: Callable[[], object]) -> None:
        self.desk_changed.subscribe(node, lambda _reason: refresh())

    # -- start ----------------------------------------------------------------
    def get_default_screen(self) -> Screen:
        if self.start.has_staff:
            from deskapp.screens.signin import SignInScreen

            return SignInScreen(names=self.start.names)
        from deskapp.screens.setup import SetupScreen

        return SetupScreen()

    def on_mount(self) -> None:
        self.title = f"deskapp · {self.desk.policy.desk.name}"
        self.call_after_refresh(self.typeahead.start)
        if self.desk.tightened:  # docs/trust.md, "Private files"
            from deskapp.desk import tightened_line

            self.notify(tightened_line(self.desk.tightened), timeout=15)
        # After the first screen is up, not competing with it; then hourly,
        # since the desk runs across midnight.
        self.set_timer(max(self.backup_after, 0.01), self._daily_backup)
        self.set_interval(3600, self._daily_backup)
        self.set_interval(5, self.lock_if_idle)
        # Umbrellas kept by customers close on the day it happens, even on a day
        # nobody opens the return screen (docs/lending.md, "Settlement"); a
        # complaint open a month becomes major the same way (docs/complaints.md, "Escalation").
        self.set_timer(max(self.backup_after, 0.01), self._close_kept)
        self.set_interval(15 * 60, self._close_kept)

    @db_work
    def _daily_backup(self) -> None:
        from deskapp import anchors, backups

        path = backups.daily(self.desk.locations, self.desk.time, self.desk.policy.backup.keep_daily)
        anchors.keep(self.desk.locations, self.desk.time.now())
        self.post_message(self.BackupTaken(path))

    @db_work
    def _close_kept(self) -> None:
        """What changes by the calendar alone: umbrellas kept by customers, and
        complaints open a month becoming major."""
        from deskapp.services import complaint_callbacks, complaint_workflow, returns

        changed = returns.close_kept(self.desk.policy, self.desk.time)
        changed += complaint_workflow.escalate_overdue(self.desk.policy, self.desk.time)
        changed += complaint_callbacks.recount_callbacks(self.desk.policy, self.desk.time)
        if changed:
            self.call_from_thread(self.desk_changed.publish, "calendar")

    @property
    def printing(self) -> PrintQueue:
        """The desk's prints, one after another in a thread of their own (screens/printing.py)."""
        if self._printing is None:
            from deskapp.screens.printing import PrintQueue

            self._printing = PrintQueue(self)
        return self._printing

    def on_print_done(self, message: Message) -> None:
        """A print finished in the background: say how it went."""
        from deskapp.screens.printing import tell

        tell(self, message)  # type: ignore[arg-type]

    def on_unmount(self) -> None:
        if self._printing is not None:  # quitting never waits on a printer; its prints are kept
            self._printing.keep_unfinished()

    def on_desk_app_backup_taken(self, message: BackupTaken) -> None:
        if message.path is not None:
            self.desk_changed.publish("backup")

    # -- keys -----------------------------------------------------------------
    def get_key_display(self, binding: Binding) -> str:
        """F-keys as the training sheet prints them: F1, F10."""
        if binding.key_display is None and re.fullmatch(r"f\d{1,2}", binding.key):
            return binding.key.upper()
        return super().get_key_display(binding)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "lock" or action.startswith("section"):
            return self.staff is not None and not self.locked
        return True

    def action_section(self, mode: str) -> None:
        """The section's first screen (its list, its form): a record left open there is closed,
        so F4 then n is always a new complaint; a form holding typed work stays, half-filled
        (docs/counter.md, "Nothing typed is lost")."""
        self.switch_mode(mode)
        while len(self.screen_stack) > 1 and not self._holds_typed(self.screen):
            self.pop_screen()

    @staticmethod
    def _holds_typed(screen: Screen) -> bool:
        has_typed = getattr(screen, "has_typed", None)
        return bool(has_typed and has_typed())

    def action_home(self) -> None:
        if self.staff is not None and not self.locked:
            self.switch_mode("home")

    def action_help(self) -> None:
        from deskapp.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    async def action_quit(self) -> None:
        """F10 / Ctrl+Q. A form holding typed, unsaved work asks first (docs/counter.md)."""
        from deskapp.screens.confirm import ConfirmScreen, ask_then

        typed = [f for f in self.forms if f.is_attached and f.has_typed()]  # type: ignore[attr-defined]
        if not typed or isinstance(self.screen, ConfirmScreen):  # F10 again on the question: quit
            self.exit()
            return
        ask_then(
            self,
            self.exit,
            _("Quit? What is typed and not saved is thrown away."),
            _("N or Esc: back to the desk; the forms keep what is typed."),
        )

    def action_help_quit(self) -> None:
        self.notify(_("Press F10 or Ctrl+Q to quit."))

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(CommandPalette(placeholder=_("Search for commands…"), id="--command-palette"))

    def action_lock(self) -> None:
        if self.staff is None or self.locked:
            return
        from deskapp.screens.signin import SignInScreen

        self.locked = True
        self.refresh_bindings()
        self.push_screen(SignInScreen(locked_by=self.staff))

    def hand_over_to(self, incoming: str) -> None:
        """A sealed handover whose last signature was not the incoming clerk's: the
        outgoing clerk is signed out and the incoming one asked to sign in
        (docs/handover.md, "After the seal")."""
        if self.staff is None or self.locked:
            return
        from deskapp.screens.signin import SignInScreen

        self.locked = True
        self.sub_title = ""  # nobody holds the desk until the incoming clerk signs in
        self.refresh_bindings()
        self.push_screen(SignInScreen(locked_by=self.staff, taking_over=incoming))

    # -- idle lock (policy security.idle_lock_minutes) ---------------------------
    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown)) and not event.is_forwarded:
            self._last_input = self._monotonic()
        if self.typeahead.hold(event):  # it waits its turn (screens/typeahead.py)
            return
        await super().on_event(event)

    def lock_if_idle(self) -> None:
        minutes = self.desk.policy.security.idle_lock_minutes
        if minutes and self.staff and not self.locked:
            if self._monotonic() - self._last_input >= minutes * 60:
                self.action_lock()

    def _fatal_error(self) -> None:
        """An error nothing caught ends the desk with one line (docs/trust.md): Textual's
        own report prints the values of every frame, customers' names among them."""
        from rich.text import Text

        from deskapp import crashlog

        error = self._exception or RuntimeError("unknown")
        self.bell()
        self.panic(Text(crashlog.report(error, self.desk.locations.data_dir)))

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notification is plain text (docs/trust.md): a name in it shows as typed."""
        super().notify(
            visible(message), title=visible(title), severity=severity, timeout=timeout, markup=False
        )

    # -- the one place that reports a failed worker ------------------------------
    @on(Worker.StateChanged)
    def report_failed_worker(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR:
            return
        self.report_error(event.worker.error, event.worker.name)

    def report_error(self, error: BaseException | None, where: str) -> None:
        """An error of work done away from the screen, said in words."""
        if isinstance(error, DeskError):
            text = error.message
        elif error is not None and is_database_error(error):  # peewee's, or the engine's (sqlite3, psycopg2)
            text = db.explain(error)
        else:
            text = _("Something went wrong: {error}. Nothing half-done was saved.").format(error=error)
        self.log.error(f"{where} failed: {error!r}")
        self.notify(text, severity="error", timeout=10)

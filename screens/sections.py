"""The desk's sections: each a Textual mode with its F-key (keyboard contract) and its
first screen, and what keeps a section key from doing its styling twice (issue 20,
bench/keys.py)."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from textual.app import App
from textual.screen import Screen
from textual.widget import AwaitMount

from deskapp.i18n import N_


@dataclass(frozen=True)
class Section:
    """A top-level section: a Textual mode, its F-key (keyboard contract) and screen."""

    mode: str
    key: str | None
    label: str  # N_() marked; translated where shown
    screen: str  # "module:Class" in deskapp.screens


SECTIONS: tuple[Section, ...] = (
    Section("home", None, N_("Home"), "home:HomeScreen"),
    Section("lend", "f2", N_("Lend"), "lend:LendScreen"),
    Section("return", "f3", N_("Return"), "return_:ReturnScreen"),
    Section("complaints", "f4", N_("Complaints"), "complaints:ComplaintsScreen"),
    Section("handover", "f5", N_("Handover"), "handover:HandoverScreen"),
    Section("kit", "f6", N_("Kit"), "kit:KitScreen"),
    Section("reports", "f7", N_("Reports"), "reports:ReportsScreen"),
    Section("search", "f8", N_("Search"), "search:SearchScreen"),
    Section("loans", "ctrl+l", N_("Loans"), "loans:LoansScreen"),
    Section("stock", "ctrl+t", N_("Stock"), "stock:StockScreen"),
)


STYLE_AHEAD_AFTER = 0.5  # seconds after the first sign-in: Home is up, the clerk not yet busy
BUILD_AHEAD_IDLE = 2.0  # seconds without a key on Home before the next section's screen is built
BUILD_AHEAD_EVERY = 0.5  # seconds between two looks at whether the desk is idle


def screen_factory(spec: str) -> Callable[[], Screen]:
    module, cls = spec.split(":")

    def make() -> Screen:
        screen = getattr(importlib.import_module(f"deskapp.screens.{module}"), cls)()
        # Textual 8.2.8 loads the new screen's CSS (reparsing and restyling), then does it
        # all once more for a screen that has not recorded it: 45 ms of a section's first key.
        screen._css_update_count = screen.app._css_update_count
        return screen

    return make


class SectionModes(App[None]):
    """DeskApp's modes (its sections) switched and styled once each, and built ahead while
    the desk is idle on Home."""

    def __init__(self) -> None:
        super().__init__()
        self._sections_built: set[str] = set()  # the modes whose screen is made

    def switch_mode(self, mode: str) -> AwaitMount:
        """Textual 8.2.8 restyles everything when a mode's first screen is made, before that
        screen is mounted; the screen never records it, so each later switch to it would
        re-parse all the CSS and restyle every widget again (about 45 ms a section key on
        the demo desk, bench/keys.py). Once mounted, the screen is marked as styled."""
        done = super().switch_mode(mode)
        self._sections_built.add(mode)
        self.call_after_refresh(self._styled, self.screen)
        return done

    def _build_a_section_ahead(self, idle_for: float) -> bool:
        """The next section's screen made, mounted and styled out of sight while the desk has
        been idle on Home for `idle_for` seconds, so that its key only shows it (issue 20:
        a first press built and styled every widget, up to 3.6x the bare app). Switching
        there and back in one go paints nothing between. False once all are built."""
        waiting = [section.mode for section in SECTIONS if section.mode not in self._sections_built]
        if not waiting:
            return False
        if self.current_mode == "home" and len(self.screen_stack) == 1 and idle_for >= BUILD_AHEAD_IDLE:
            self.switch_mode(waiting[0])
            self.switch_mode("home")
        return True

    def _style_sections_ahead(self) -> None:
        """The sections' stylesheets read in one go, a moment after the first sign-in: Textual
        re-parses every stylesheet each time one is added, which was most of a section's
        first key (bench/keys.py). Keys typed meanwhile wait in the type-ahead."""
        paths = []
        for section in SECTIONS:
            module, name = section.screen.split(":")
            screen = getattr(importlib.import_module(f"deskapp.screens.{module}"), name)
            css = screen.CSS_PATH
            for path in [css] if isinstance(css, (str, Path)) else list(css or ()):
                path = (Path(inspect.getfile(screen)).parent / path).resolve()
                if not self.stylesheet.has_source(str(path), ""):
                    paths.append(path)
        for path in paths:
            self.stylesheet.read(path)
        if paths:
            self.stylesheet.reparse()
            self.stylesheet.update(self)

    def _styled(self, screen: Screen) -> None:
        if screen.is_mounted:
            screen._css_update_count = self._css_update_count

"""What every deskapp screen shares.

- Binding descriptions are written in English (marked N_) and translated here,
  where the Footer and F1 help read them, so the language is chosen at start.
- `db_work`: harlequin's worker discipline. Database work runs in a thread,
  one at a time per worker name, never exits the app on error; results come
  back as typed Messages, and DeskApp.on_worker_state_changed is the one place
  that reports a worker that failed.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, TypeVar

from rich.text import Text
from textual import events, on, work
from textual.binding import ActiveBinding, Binding
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen

from deskapp import db
from deskapp.i18n import _
from deskapp.screens.plain import Plain, visible
from deskapp.screens.scrolling import PAGE_KEYS, PageKeys

if TYPE_CHECKING:
    from textual.worker import Worker

    from deskapp.app import DeskApp


def translated(binding: Binding) -> Binding:
    return replace(
        binding,
        description=_(binding.description) if binding.description else "",
        tooltip=_(binding.tooltip) if binding.tooltip else "",
    )


@dataclass(frozen=True)
class KeyCommand:
    """One thing the user can do on a screen, with every key that does it."""

    keys: tuple[str, ...]
    description: str
    action: str
    node: DOMNode
    enabled: bool
    english: str = ""  # the description in English, found by the palette in either language


def desk_commands(screen: Screen) -> list[KeyCommand]:
    """The desk's own keys active on `screen` (each has an id), one entry per action.

    Textual's internal bindings (scrolling, focus, editing keys of an input)
    have no id and are left out of help and the command palette.
    """
    found: dict[str, KeyCommand] = {}
    untranslated = screen.untranslated_bindings if isinstance(screen, _Translated) else {}
    english = {a.binding.action: a.binding.description for a in untranslated.values()}
    for active in screen.active_bindings.values():
        binding = translated(active.binding)
        if not binding.id or binding.system or not binding.description:
            continue
        display = screen.app.get_key_display(binding)
        if binding.action in found:
            old = found[binding.action]
            if display not in old.keys:
                # F-keys first: they are the ones on the training sheet.
                keys = sorted((*old.keys, display), key=lambda k: not re.fullmatch(r"F\d+", k))
                found[binding.action] = replace(old, keys=tuple(keys))
        else:
            found[binding.action] = KeyCommand(
                (display,),
                binding.description,
                binding.action,
                active.node,
                active.enabled,
                english.get(binding.action, binding.description),
            )
    return list(found.values())


class DeskHeader(Plain):
    """One line: the app's title and who is signed in (lighter than Textual's Header)."""

    DEFAULT_CSS = """
    DeskHeader { dock: top; height: 1; padding: 0 1; background: $panel; color: $foreground; }
    """

    def on_mount(self) -> None:
        self.watch(self.app, "title", self._show)
        self.watch(self.app, "sub_title", self._show)

    def _show(self, _value: str = "") -> None:
        text = Text(self.app.title, style="bold")
        if getattr(self.app, "demo", False):  # in words, not a colour: 16 colours and monochrome too
            text.append("  ")
            mark = _("DEMO")
            text.append(f" {mark} ", style="bold reverse")
        if self.app.sub_title:
            text.append(f"  —  {visible(self.app.sub_title)}", style="not bold")
        self.update(text)


WARNING_SIGN = "! "


def warned(text: str | Text, style: str = "bold yellow") -> Text:
    """A warning that reads without colour too: `! ` before it (docs/counter.md, "Without colour").
    The style is an ANSI colour, so a 16-colour console shows it too."""
    shown = Text(WARNING_SIGN)
    shown.append_text(text if isinstance(text, Text) else Text(text))
    shown.stylize(style)
    return shown


# _Translated is mixed into Screen and ModalScreen. To the type checker it is a Screen; at run
# time it must not be one, since Textual takes a screen's inherited CSS from its first base
# that is a widget: a DeskModal would lose ModalScreen's.
if TYPE_CHECKING:
    _AScreen = Screen
else:
    _AScreen = object


class _Translated(PageKeys, _AScreen):
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Worker.StateChanged does not bubble: hand it to the App, the one place
        that reports a worker that failed (harlequin's discipline)."""
        report = getattr(self.app, "report_failed_worker", None)
        if report is not None:
            report(event)

    # The sections' F-keys work everywhere; the footer shows them on Home only, so
    # that at 80 columns every other screen's footer has room for its own keys.
    SHOW_SECTIONS = False

    @property
    def untranslated_bindings(self) -> dict[str, ActiveBinding]:
        """The active bindings as written, in English."""
        return super().active_bindings

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        found = {}
        for key, active in self.untranslated_bindings.items():
            binding = translated(active.binding)
            if not self.SHOW_SECTIONS and (binding.id or "").startswith("section."):
                binding = replace(binding, show=False)
            found[key] = active._replace(binding=binding, tooltip=_(active.tooltip) if active.tooltip else "")
        return found


class DeskScreen(_Translated, Screen):
    """A full screen of deskapp."""

    BINDINGS = PAGE_KEYS
    _styled_as: tuple | None = None  # the App's look when this screen was last shown

    def _app_look(self) -> tuple:
        """What, outside a screen, decides how its widgets look: the App's stylesheet (its
        sources and their updates) and its pseudo classes (focus, dark, ansi...)."""
        return self.app._css_update_count, len(self.app.stylesheet.source), self.app.pseudo_classes

    @on(events.Mount)
    def _styled_at_mount(self) -> None:
        """Its widgets were styled as they were mounted."""
        self._styled_as = self._app_look()

    def _on_screen_suspend(self) -> None:
        self._styled_as = self._app_look()

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """Textual restyles every widget of a screen brought back by a section key, a third
        of the key's time (issue 20, bench/keys.py); a screen's own changes restyle as
        they happen, so it is only needed when the App's look changed meanwhile. Runs
        before Textual's own handler, which reads `refresh_styles`."""
        if self._styled_as is not None and self._styled_as == self._app_look():
            event.refresh_styles = False

    @property
    def desk_app(self) -> DeskApp:
        return self.app  # type: ignore[return-value]

    def replace_with(self, screen: Screen) -> None:
        """Show `screen` instead of this one (the base screen of a mode stays beneath)."""
        if len(self.app.screen_stack) > 1 and self.app.screen is self:
            self.app.switch_screen(screen)
        else:
            self.app.push_screen(screen)


ResultT = TypeVar("ResultT")


class DeskModal(_Translated, ModalScreen[ResultT]):
    """A dialog over the current screen; dismiss(value) returns its answer."""

    BINDINGS = PAGE_KEYS

    @property
    def desk_app(self) -> DeskApp:
        return self.app  # type: ignore[return-value]


def db_work(method: Callable[..., Any]) -> Callable[..., Any]:
    """Run a screen method that talks to services in a worker thread.

    The thread's database connection is closed when it finishes.
    """

    @functools.wraps(method)
    def run(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        finally:
            db.release()

    return work(thread=True, exclusive=True, exit_on_error=False, group=method.__name__)(run)

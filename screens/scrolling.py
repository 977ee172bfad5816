"""PageUp, PageDown, Home and End scroll the screen's scrolling view (docs/counter.md, "Scrolling").

A scrolling view that has the focus, or holds the widget that has it, takes
these keys itself (Textual's own bindings); so do a field (Home and End move
its cursor) and a table (they move its cursor). These bindings are the
screen's, not priority ones, so they act only when nothing focused took the
key: on Home, where nothing has the focus until an arrow is pressed, or when
the focus is outside the view that scrolls.
"""

from __future__ import annotations

from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer
from textual.screen import Screen

PAGE_KEYS: list[BindingType] = [
    Binding("pageup", "scroll_view('page_up')", show=False),
    Binding("pagedown", "scroll_view('page_down')", show=False),
    Binding("home", "scroll_view('home')", show=False),
    Binding("end", "scroll_view('end')", show=False),
]


def scrolling_view(screen: Screen) -> ScrollableContainer | None:
    """The view around the focus that can scroll, else the screen's first one."""
    near = list(screen.focused.ancestors_with_self) if screen.focused else []
    views = [node for node in near if isinstance(node, ScrollableContainer)]
    views += list(screen.query(ScrollableContainer))
    return next((view for view in views if view.allow_vertical_scroll), None)


class PageKeys:
    """The action of PAGE_KEYS, for a screen."""

    def action_scroll_view(self, how: str) -> None:
        view = scrolling_view(self)  # type: ignore[arg-type]
        if view is None:
            raise SkipAction()  # nothing to scroll: the key goes on to the App
        {
            "page_up": view.scroll_page_up,
            "page_down": view.scroll_page_down,
            "home": view.scroll_home,
            "end": view.scroll_end,
        }[how]()

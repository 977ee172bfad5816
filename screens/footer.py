"""The footer: every key a screen shows, whole, at 80 columns, in either language.

Textual's Footer is one row that runs off the right edge at 80 columns, so
keys a new clerk needs are never seen. DeskFooter lays the same keys out in
rows (docs/counter.md, "The footer"):

- the screen's own keys first, in the order the screen declares them, then
  F1 Help, the one obvious way to every other key; on Home the whole menu
  (F1 to F10, Ctrl+L and Ctrl+T) is shown, as the desk's menu;
- a second row when one is not enough, never a key cut in half;
- the desk-wide keys the screen does not need on show (F9 Lock, F10 Quit,
  Ctrl+P Commands) only where the rows already there have room for them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from deskapp.i18n import N_

# Textual's own words that its widgets show in the footer, here so the catalog translates them
# (screens/base.py translates every binding's description).
TEXTUAL_WORDS = (N_("Dismiss menu"), N_("Exit the command palette"))
# Desk-wide keys that every screen has but few need in view: shown when there is room.
SPARE = ("lock", "quit", "command_palette")
GAPS = (2, 1)  # columns between two keys: two reads better, one where two would need an extra row
MAX_ROWS = 2


@dataclass(frozen=True)
class Shown:
    """One key in the footer."""

    binding: Binding
    display: str  # the key as shown: F2, ^s, esc
    enabled: bool
    tooltip: str
    spare: bool = False  # shown only where there is room for it

    @property
    def width(self) -> int:
        return cell_len(self.display) + 1 + cell_len(self.binding.description)


def lay_out(widths: Sequence[int], spare: Sequence[bool], width: int) -> tuple[list[list[int]], int]:
    """Rows of item indexes, and the gap between items, for a footer `width` columns wide.

    The needed items (spare False) go in order, in as few rows as fit, the wider
    gap first; the spare ones follow only on the rows the needed ones use.
    """
    needed = [i for i, s in enumerate(spare) if not s]
    for gap in GAPS:
        rows = _fill(needed, widths, width, gap)
        if len(rows) <= MAX_ROWS:
            break
    rows = rows or [[]]
    for i in (i for i, s in enumerate(spare) if s):
        if _room(rows[-1], widths, width, gap) < widths[i]:
            break
        rows[-1].append(i)
    return [row for row in rows if row], gap


def _fill(items: list[int], widths: Sequence[int], width: int, gap: int) -> list[list[int]]:
    rows: list[list[int]] = []
    for i in items:
        if rows and _room(rows[-1], widths, width, gap) >= widths[i]:
            rows[-1].append(i)
        else:
            rows.append([i])
    return rows


def _room(row: list[int], widths: Sequence[int], width: int, gap: int) -> int:
    """Columns left on `row` for one more item (with its gap before it)."""
    if not row:
        return width
    return width - sum(widths[i] for i in row) - gap * len(row)


class DeskFooter(Footer):
    """Textual's Footer in as many rows as its keys need (at most two at 80 columns)."""

    DEFAULT_CSS = """
    DeskFooter {
        layout: vertical;
        height: auto;
        max-height: 3;
        HorizontalGroup { height: 1; width: 100%; }
        &.-compact FooterKey { margin-right: 2; }
        &.-compact.-tight FooterKey { margin-right: 1; }
    }
    """

    def __init__(self) -> None:
        super().__init__(show_command_palette=False, compact=True)
        self._width = 0
        self._drawn: tuple | None = None  # what compose last laid out

    def bindings_changed(self, screen: Screen) -> None:
        """Laid out again only when what it shows has changed: a screen shown again has the
        same keys, and making its keys anew was a third of a section key's time (bench/keys.py)."""
        same = screen is self.screen and self.is_attached and self._drawn == self._shows()
        if self._bindings_ready and same:
            return
        super().bindings_changed(screen)

    def _shows(self) -> tuple:
        return (
            self.size.width or self.app.size.width,
            self._rows_beneath(),
            tuple(
                (s.binding.key, s.display, s.binding.description, s.enabled, s.tooltip, s.spare)
                for s in self.shown()
            ),
        )

    def shown(self) -> list[Shown]:
        """The keys this footer can show, in the order it shows them."""
        screen = self.screen
        menu = bool(getattr(screen, "SHOW_SECTIONS", False))
        own: list[Shown] = []
        desk: list[Shown] = []
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if binding.action in seen or not binding.description:
                continue
            if not binding.show and binding.id != "command_palette":
                continue
            seen.add(binding.action)
            spare = binding.id == "command_palette" or (not menu and binding.id in SPARE)
            item = Shown(binding, self.app.get_key_display(binding), active.enabled, active.tooltip, spare)
            (desk if active.node is self.app else own).append(item)
        return own + desk

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        self._width = self.size.width or self.app.size.width
        self._drawn = self._shows()
        items = self.shown()
        rows, gap = lay_out([s.width for s in items], [s.spare for s in items], self._width)
        self.set_class(gap == 1, "-tight")
        for _blank in range(self._rows_beneath() - len(rows)):  # a dialog's footer hides the one beneath
            yield HorizontalGroup()
        for row in rows:
            with HorizontalGroup():
                for i in row:
                    item = items[i]
                    yield FooterKey(
                        item.binding.key,
                        item.display,
                        item.binding.description,
                        item.binding.action,
                        disabled=not item.enabled,
                        tooltip=item.tooltip,
                    ).data_bind(compact=Footer.compact)

    def _rows_beneath(self) -> int:
        """The rows of the footer under this dialog, which its own rows cover."""
        stack = self.app.screen_stack
        if not self.screen.is_modal or self.screen not in stack or stack.index(self.screen) == 0:
            return 0
        beneath = stack[stack.index(self.screen) - 1].query(DeskFooter)
        return max((f.region.height for f in beneath), default=0)

    def on_resize(self, event: events.Resize) -> None:
        if self._bindings_ready and event.size.width != self._width:
            self.call_after_refresh(self.recompose)

"""A labelled form field with its error shown beside it, in the desk's words."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Input, Static


class Field(Widget):
    """Label, input, and an error line under the input that stays empty until
    something is wrong. One grid, no nested containers: forms paint fast."""

    DEFAULT_CSS = """
    Field { layout: grid; grid-size: 2; grid-columns: 14 32; height: auto; margin-bottom: 1; }
    Field Input { width: 32; background: $foreground 15%; }
    Field Input:focus { background: $primary 35%; }
    Field .field-error { column-span: 2; padding-left: 14; color: $text-error; display: none; }
    Field.-invalid .field-error { display: block; }
    Field.-invalid Input { background: $error 30%; }
    /* A 16-colour console has no blends: plain ANSI colours instead. */
    Field Input:ansi { background: ansi_bright_black; color: ansi_bright_white; }
    Field Input:ansi:focus { background: ansi_blue; }
    Field.-invalid Input:ansi { background: ansi_red; }
    """

    def __init__(self, label: str, input_widget: Input, *, field_id: str) -> None:
        super().__init__(id=f"field-{field_id}")
        self.label = label
        self.input = input_widget
        self.input.id = field_id
        self.input.compact = True  # one line: a form of five fields fits 80x24

    def compose(self) -> ComposeResult:
        yield Static(self.label, classes="field-label")
        yield self.input
        yield Static("", classes="field-error")

    def show_error(self, message: str | None) -> None:
        self.query_one(".field-error", Static).update(message or "")
        self.set_class(bool(message), "-invalid")

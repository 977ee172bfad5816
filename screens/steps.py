"""A small form described by a list of questions: the steps of a complaint
(classify, assign, a note, a callback, the incident report, who was informed).

Each answer comes back by its id: text as typed, a pick's value, a tick as bool;
`save(answers)` is the service call, run in a worker like every save.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.style import Style
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, TextArea

from deskapp.i18n import N_, _
from deskapp.screens.form import Field, PinInput, PushedForm
from deskapp.screens.plain import Plain
from deskapp.screens.plain_table import PlainSelect

if TYPE_CHECKING:
    from deskapp.screens.form import FieldInput


@dataclass(frozen=True)
class Ask:
    id: str
    label: str  # translated
    kind: str = "text"  # text | long | pick | tick | pin
    options: Sequence[tuple[str, str]] = ()  # (label, value) of a pick
    value: Any = None
    placeholder: str = ""
    max_length: int = 0


class LongText(TextArea):
    """Several lines of text. Enter moves on, as in every field of a form (docs/counter.md,
    "Enter"); Ctrl+J starts a new line."""

    BINDINGS = [Binding("ctrl+j", "new_line", N_("New line"), id="text.new_line")]

    class Done(Message):
        """Enter: the clerk has finished this field."""

        def __init__(self, text_area: LongText) -> None:
            super().__init__()
            self.text_area = text_area

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Done(self))
            return
        await super()._on_key(event)

    def action_new_line(self) -> None:
        self.insert("\n")


class Tick(Checkbox):
    """A checkbox that reads without colour: X when ticked, a blank when not (Textual's
    shows X either way and tells them apart by colour alone). In a 16-colour console the
    box is grey, so an unticked one still shows where it is; with focus the mark (or the
    blank) is underlined, which stays visible in monochrome (NO_COLOR)."""

    DEFAULT_CSS = """
    Tick {
        &:ansi > .toggle--button {
            background: ansi_bright_black; color: ansi_bright_white; text-style: bold;
        }
        &:ansi.-on > .toggle--button { background: ansi_bright_black; color: ansi_bright_white; }
    }
    """

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802 (Textual's name)
        return "X" if self.value else " "

    @property
    def _button(self) -> Content:
        button = super()._button
        return button.stylize(FOCUSED_TICK, 1, 2) if self.has_focus else button


FOCUSED_TICK = Style(bold=True, underline=True)


def widget_for(ask: Ask) -> FieldInput:
    if ask.kind == "pick":
        return PlainSelect(
            list(ask.options),
            allow_blank=ask.value is None,
            compact=True,
            prompt=_("choose"),
            value=ask.value if ask.value is not None else Select.NULL,
        )
    if ask.kind == "tick":
        return Tick("", bool(ask.value), compact=True)
    if ask.kind == "long":
        return LongText(ask.value or "", compact=True, placeholder=ask.placeholder, classes="long")
    if ask.kind == "pin":
        return PinInput(ask.value or "", placeholder=ask.placeholder, max_length=ask.max_length)
    return Input(ask.value or "", placeholder=ask.placeholder, max_length=ask.max_length)


def answer_of(widget: Widget) -> Any:
    if isinstance(widget, Select):
        return "" if widget.value is Select.NULL else widget.value
    if isinstance(widget, Checkbox):
        return widget.value
    if isinstance(widget, TextArea):
        return widget.text
    if isinstance(widget, Input):
        return widget.value
    raise TypeError(f"no answer in {widget!r}")


class StepForm(PushedForm):
    def __init__(
        self, title: str, asks: Sequence[Ask], save: Callable[[dict[str, Any]], Any], hint: str = ""
    ) -> None:
        super().__init__()
        self.TITLE_TEXT = title
        self.asks = list(asks)
        self.FIELDS = tuple(a.id for a in self.asks)
        self.save = save
        self.hint = hint

    def fields(self) -> ComposeResult:
        if self.hint:
            yield Plain(self.hint, classes="hint")
        for ask in self.asks:
            yield Field(ask.label, widget_for(ask), field_id=ask.id)

    def answers(self) -> dict[str, Any]:
        return {a.id: answer_of(self.query_one(f"#{a.id}")) for a in self.asks}

    def action_save(self) -> None:
        self.submit(partial(self.save, self.answers()))

    def refused(self, error) -> None:
        for ask in self.asks:
            if ask.kind == "pin":
                self.query_one(f"#{ask.id}", Input).value = ""

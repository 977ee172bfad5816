"""Forms: a labelled field with its error beside it, and a screen that saves one."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.cells import cell_len
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static
from textual.worker import Worker

from deskapp.errors import DeskError, ValidationError
from deskapp.i18n import N_, _
from deskapp.screens.base import DeskHeader, DeskScreen, db_work
from deskapp.screens.footer import DeskFooter
from deskapp.screens.plain import Plain

if TYPE_CHECKING:
    # Types only: a sign-in screen needs none of these widgets, and start-up imports it.
    from textual.widgets import Checkbox, Select, TextArea

    from deskapp.screens.plain_table import PlainSelect
    from deskapp.screens.steps import LongText

    # What a field's input may be (screens/steps.py asks with each).
    FieldInput = Input | Select[Any] | TextArea | Checkbox


class PinInput(Input):
    """A PIN: digits only (half- or full-width), never shown."""

    def __init__(self, value: str = "", **options) -> None:
        super().__init__(value, password=True, restrict=r"[0-9\uff10-\uff19]*", **options)


class Field(Widget):
    """Label, input, and an error line under the input that stays empty until
    something is wrong. One grid, no nested containers: forms paint fast."""

    DEFAULT_CSS = """
    Field { layout: grid; grid-size: 2; grid-columns: 14 32; height: auto; margin-bottom: 1; }
    Field Input { width: 32; background: $foreground 15%; }
    Field Input:focus { background: $primary 35%; }
    Field .field-error {
        column-span: 2; padding-left: 14; color: $text-error; text-style: bold; display: none;
    }
    /* The field with the cursor, without colour too (docs/counter.md, "Without colour"). */
    Field.-focused > .field-label { text-style: reverse; }
    Field Input:nocolor { text-style: underline; }  /* no background there: a line to write on */
    Field.-invalid .field-error { display: block; }
    Field.-invalid Input { background: $error 30%; }
    /* A 16-colour console has no blends: plain ANSI colours instead. */
    Field Input:ansi { background: ansi_bright_black; color: ansi_bright_white; }
    Field Input:ansi:focus { background: ansi_blue; }
    Field.-invalid Input:ansi { background: ansi_red; }
    """

    def __init__(self, label: str, input_widget: FieldInput, *, field_id: str) -> None:
        super().__init__(id=f"field-{field_id}")
        self.label = label
        self.label_column = (LABEL_LEAST, False)  # the width its label is given, and whether it is above
        self.input = input_widget
        self.input.id = field_id
        self.input.compact = True  # one line: a form of five fields fits 80x24

    def compose(self) -> ComposeResult:
        yield Plain(self.label, classes="field-label")
        yield self.input
        yield Plain("", classes="field-error")

    # A class, not :focus-within: Textual restyles on focus only the focused widget's
    # ancestors and their children when one of them has a :focus-within rule of its own.
    def on_descendant_focus(self) -> None:
        self.add_class("-focused")

    def on_descendant_blur(self) -> None:
        self.remove_class("-focused")

    def on_mount(self) -> None:
        screen = self.screen
        if screen not in _aligning:  # once for all the fields mounted together
            _aligning.add(screen)
            screen.call_later(align_labels, screen)

    def set_label(self, label: str) -> None:
        self.label = label
        self.query_one(".field-label", Static).update(label)
        align_labels(self.screen)

    def show_error(self, message: str | None) -> None:
        self.query_one(".field-error", Static).update(message or "")
        self.set_class(bool(message), "-invalid")


LABEL_LEAST = 14  # cells: the label column when every label is short
LABEL_MOST = 24  # a label longer than this goes above its field


def align_labels(screen: Widget) -> None:
    """One label column for the screen's fields, as wide as its longest label and a gap
    of two cells, so a label never runs into its field nor wraps, in either language;
    a label too long for that goes above its field."""
    _aligning.discard(screen)
    fields = list(screen.query(Field))
    widths = [cell_len(f.label) for f in fields]
    column = max([LABEL_LEAST - GAP, *(w for w in widths if w <= LABEL_MOST - GAP)]) + GAP
    for field, width in zip(fields, widths, strict=True):
        above = width > column - GAP
        if field.label_column == (column, above):
            continue
        field.label_column = (column, above)
        field.set_class(above, "-label-above")
        field.styles.grid_size_columns = 1 if above else 2
        field.styles.grid_columns = "1fr" if above else f"{column} 32"
        field.query_one(".field-error").styles.padding = (0, 0, 0, 0 if above else column)


GAP = 2
_aligning: weakref.WeakSet[Widget] = weakref.WeakSet()  # screens whose labels are to be aligned


class FormScreen(DeskScreen):
    """A screen whose form is saved by one service call in a worker.

    `submit(call)` runs `call()` (a service function with the values read on
    the UI thread) unless a save is under way; a DeskError comes back as
    Refused and its message(s) show beside the fields, anything else as Saved
    for `saved()`. A failure that is not the user's is reported by the App.
    """

    FIELDS: tuple[str, ...] = ()

    class Saved(Message):
        def __init__(self, result: Any) -> None:
            super().__init__()
            self.result = result

    class Refused(Message):
        def __init__(self, error: DeskError) -> None:
            super().__init__()
            self.error = error

    busy = False
    _blank: dict[str, object] | None = None  # what the fields held when the form opened

    @on(events.Mount)
    def _remember_blank(self) -> None:
        self._blank = self.field_values()
        forms = getattr(self.app, "forms", None)
        if forms is not None:
            forms.add(self)

    def field_values(self) -> dict[str, object]:
        found: dict[str, object] = {}
        for n, widget in enumerate(self.query("Input, TextArea, Select, Checkbox")):
            found[widget.id or str(n)] = (
                getattr(widget, "value", None) if hasattr(widget, "value") else getattr(widget, "text", None)
            )  # a TextArea has text, no value
        return found

    def has_typed(self) -> bool:
        """Something typed and not saved (docs/counter.md, "Nothing typed is lost")."""
        return self._blank is not None and self.field_values() != self._blank

    def leave(self) -> None:
        """Back without saving: at once when nothing is typed, else after a Y."""
        if not self.has_typed():
            self.dismiss(None)
            return
        from deskapp.screens.confirm import discard_then

        discard_then(self.app, lambda: self.dismiss(None))

    def value(self, field: str) -> str:
        return self.query_one(f"#{field}", Input).value

    def submit(self, call: Callable[[], Any]) -> None:
        if self.busy:
            return
        self.busy = True
        for field in self.FIELDS:
            self.query_one(f"#field-{field}", Field).show_error(None)
        self._save(call)

    @db_work
    def _save(self, call: Callable[[], Any]) -> None:
        try:
            result = call()
        except DeskError as error:
            self.post_message(self.Refused(error))
        else:
            self.post_message(self.Saved(result))

    @on(Worker.StateChanged)
    def _save_finished(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "_save" and event.worker.is_finished:
            self.busy = False

    def on_form_screen_saved(self, message: Saved) -> None:
        self.saved(message.result)

    def on_form_screen_refused(self, message: Refused) -> None:
        error = message.error
        found: dict[str, list[str]] = {}
        pairs = error.errors.items() if isinstance(error, ValidationError) else [(error.field, error.message)]
        for field, text in pairs:
            # A rule about no field of this form (or a field it lacks) shows on the first.
            found.setdefault(field if field in self.FIELDS else self.FIELDS[0], []).append(text)
        errors = {field: " ".join(texts) for field, texts in found.items()}
        for field, text in errors.items():
            self.query_one(f"#field-{field}", Field).show_error(text)
        self.refused(error)
        first = next(iter(errors))
        self.query_one(f"#{first}").focus()  # the cursor where the clerk must look (docs/counter.md)
        self.query_one(f"#field-{first}", Field).scroll_visible(animate=False)

    def saved(self, result: Any) -> None:
        raise NotImplementedError

    def refused(self, error: DeskError) -> None:
        """Called after the errors are shown (e.g. to clear a PIN)."""


class PushedForm(FormScreen):
    """A form pushed over a list or a record: Ctrl+S saves and dismiss(result)
    returns to it; Esc returns without saving. Subclasses yield their fields."""

    TITLE_TEXT = ""  # N_() marked
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save"), id="form.save"),
        Binding("escape", "cancel", N_("Cancel"), tooltip=N_("Back, nothing saved"), id="form.cancel"),
    ]

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with VerticalScroll(classes="form"):
            yield Plain(_(self.TITLE_TEXT), classes="title")
            yield from self.fields()
        yield DeskFooter()

    def fields(self) -> ComposeResult:
        raise NotImplementedError

    def action_save(self) -> None:
        raise NotImplementedError

    def on_mount(self) -> None:
        self.focus_next()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._entered(event.input.id)

    def on_long_text_done(self, event: LongText.Done) -> None:  # Enter in several lines
        self._entered(event.text_area.id)

    def on_plain_select_done(self, event: PlainSelect.Done) -> None:  # Enter on a pick
        self._entered(event.select.id)

    def _entered(self, field: str | None) -> None:
        """Enter moves on; on the last field it saves."""
        if field == self.FIELDS[-1]:
            self.action_save()
        else:
            self.focus_next()

    def action_cancel(self) -> None:
        self.leave()

    def saved(self, result: Any) -> None:
        self.dismiss(result)

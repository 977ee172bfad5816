"""A yes-or-no question before something that cannot be undone, or that would throw
away what was typed (docs/counter.md, "Nothing typed is lost").

Only Y says yes: Enter does not, so an Enter typed ahead for the form beneath
can never confirm. N or Esc says no.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical

from deskapp.i18n import N_, _
from deskapp.screens.base import DeskModal
from deskapp.screens.footer import DeskFooter
from deskapp.screens.plain import Plain
from deskapp.screens.wrapped import Wrapped


class ConfirmScreen(DeskModal[bool]):
    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical {
        width: 60; max-width: 100%; height: auto; border: thick $warning; padding: 1 2;
        background: $surface;
    }
    ConfirmScreen .question { text-style: bold; }
    ConfirmScreen .keys { margin-top: 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("y", "answer(True)", N_("Yes"), id="confirm.yes"),
        Binding("n,escape", "answer(False)", N_("No"), id="confirm.no"),
    ]

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Wrapped(self.question, classes="question")
            if self.detail:
                yield Wrapped(self.detail)
            yield Plain(_("Y: yes · N or Esc: no"), classes="keys")
        yield DeskFooter()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


def ask_then(app: App, then: Callable[[], object], question: str, detail: str = "") -> None:
    """Ask `question`; run `then()` only when the answer is Y."""

    def answered(yes: bool | None) -> None:
        if yes:
            then()

    app.push_screen(ConfirmScreen(question, detail), answered)


def discard_then(app: App, then: Callable[[], object]) -> None:
    """Ask before throwing away what is typed in a form; `then()` on Y."""
    ask_then(app, then, _("Throw away what you typed?"), _("N or Esc: back to the form, as it is."))

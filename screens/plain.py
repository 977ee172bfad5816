"""Stored text on screen: content, never markup (docs/trust.md, "Stored text is content").

Textual's Static, DataTable and OptionList and Rich's Table read a plain str as
markup: a borrower called `Eve[/]` would crash the screen, `[bold red]x` would
paint itself red. Every screen builds what it shows from these instead, so a
str given to any of them is shown as the characters it holds, with hidden
characters (a right-to-left override, a zero-width space) made visible as
<U+202E>. deskapp's own styling is a rich Text with a style, never markup.
The DataTable of the lists is in plain_table.py (kept apart: importing DataTable
costs the sign-in screen 20 ms). tests/test_layers.py keeps the screens on these.
"""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.widgets import OptionList, Select, Static
from textual.widgets.option_list import Option

from deskapp.services.text import visible


def plain(value: object, style: str = "") -> Text:
    """Stored text (or anything else) as a Text that is never read as markup."""
    if isinstance(value, Text):
        return value
    return Text(visible(value), style=style)


def plain_cells(cells: tuple[Any, ...]) -> list[Any]:
    return [plain(c) if isinstance(c, str) else c for c in cells]


class PlainTable(Table):
    """A Rich table whose str cells are content."""

    def add_row(self, *cells: Any, **options: Any) -> None:  # type: ignore[override]
        super().add_row(*plain_cells(cells), **options)


class Plain(Static):
    """A Static whose str content is content: update("Eve[/]") shows Eve[/]."""

    def __init__(self, content: Any = "", **options: Any) -> None:
        super().__init__(plain(content) if isinstance(content, str) else content, markup=False, **options)

    def update(self, content: Any = "", *, layout: bool = True) -> None:
        super().update(plain(content) if isinstance(content, str) else content, layout=layout)


class PlainOptionList(OptionList):
    """An OptionList whose prompts are content."""

    def __init__(self, *content: Any, **options: Any) -> None:
        super().__init__(*content, markup=False, **options)

    def add_plain(self, prompts: list[str]) -> None:
        """One option per text; each option's id is its index in `prompts`."""
        self.add_options([Option(plain(p), id=str(n)) for n, p in enumerate(prompts)])


def plain_options(options: Any) -> list[tuple[Text, Any]]:
    return [(plain(label), value) for label, value in options]


class PlainSelect(Select):
    """A Select whose option labels are content (a promise's text, a medicine's name)."""

    def __init__(self, options: Any, **settings: Any) -> None:
        super().__init__(plain_options(options), **settings)

    def set_options(self, options: Any) -> None:
        super().set_options(plain_options(options))

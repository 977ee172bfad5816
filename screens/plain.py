"""Stored text on screen: content, never markup (docs/trust.md, "Stored text is content").

Textual's Static, DataTable and OptionList and Rich's Table read a plain str as
markup: a borrower called `Eve[/]` would crash the screen, `[bold red]x` would
paint itself red. Every screen builds what it shows from these instead, so a
str given to any of them is shown as the characters it holds, with hidden
characters (a right-to-left override, a zero-width space) made visible as
<U+202E>. deskapp's own styling is a rich Text with a style, never markup.
Tables and picks (Rich's Table, the DataTable, Select) are in plain_table.py, kept
off the sign-in screen's start (DataTable alone costs it 20 ms).
tests/test_layers.py keeps the screens on these two modules.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from deskapp.services.text import visible


def plain(value: object, style: str = "") -> Text:
    """Stored text (or anything else) as a Text that is never read as markup."""
    if isinstance(value, Text):
        return value
    return Text(visible(value), style=style)


def plain_cells(cells: tuple[Any, ...]) -> list[Any]:
    return [plain(c) if isinstance(c, str) else c for c in cells]


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

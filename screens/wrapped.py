"""Text in a dialog, wrapped at words as a slip is (services/slips.py, `wrap`): between
words, or beside a Chinese character, never inside a date and time or an amount."""

from __future__ import annotations

from rich.text import Text

from deskapp.screens.plain import Plain, plain
from deskapp.services.slips import wrap


class Wrapped(Plain):
    """Stored or translated text (content, never markup), wrapped to its width."""

    def __init__(self, text: str = "", **options) -> None:
        super().__init__("", **options)
        self.text = text

    def update(self, text: str = "", *, layout: bool = True) -> None:  # type: ignore[override]
        self.text = text
        super().update(self._lines(self.content_region.width), layout=layout)

    def _lines(self, width: int) -> Text:
        return plain("\n".join(wrap(self.text, width)) if width > 0 else self.text)

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(wrap(self.text, width)) if width > 0 else 1

    def render(self) -> Text:
        return self._lines(self.content_region.width)

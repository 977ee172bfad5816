"""The command palette (Ctrl+P): every key of the current screen, found by name."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from deskapp.i18n import _
from deskapp.screens.base import desk_commands


class DeskCommands(Provider):
    """Each command is found by its name in the screen's language and by its English
    name, so a Chinese desk finds 借出 by typing 借 or Lend."""

    def _commands(self) -> Iterator[tuple[str, str, str, partial]]:
        app = self.app
        for command in desk_commands(self.screen):
            if command.enabled and not command.action.endswith("command_palette"):
                yield command.description, command.english, " / ".join(command.keys), partial(
                    app.run_action, command.action, command.node
                )
        if getattr(app, "staff", None) is not None and not getattr(app, "locked", False):
            yield _("Home"), "Home", "", partial(app.run_action, "home")

    async def discover(self) -> Hits:
        for title, _english, key, command in self._commands():
            yield DiscoveryHit(title, command, help=key)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, english, key, command in self._commands():
            score = matcher.match(title)
            shown = matcher.highlight(title) if score > 0 else title
            if english and english != title:
                score = max(score, matcher.match(english))
            if score > 0:
                yield Hit(score, shown, command, help=f"{key}  {english}" if english != title else key)

"""The command palette (Ctrl+P): every key of the current screen, found by name."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from deskapp.i18n import _
from deskapp.screens.base import desk_commands


class DeskCommands(Provider):
    def _commands(self) -> Iterator[tuple[str, str, partial]]:
        app = self.app
        for command in desk_commands(self.screen):
            if command.enabled and not command.action.endswith("command_palette"):
                yield command.description, " / ".join(command.keys), partial(
                    app.run_action, command.action, command.node
                )
        if getattr(app, "staff", None) is not None and not getattr(app, "locked", False):
            yield _("Home"), "", partial(app.run_action, "home")

    async def discover(self) -> Hits:
        for title, key, command in self._commands():
            yield DiscoveryHit(title, command, help=key)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, key, command in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), command, help=key)

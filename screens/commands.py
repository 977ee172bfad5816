"""The command palette (Ctrl+P): every key of the current screen, found by name."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from deskapp import pinyin
from deskapp.i18n import _
from deskapp.screens.base import desk_commands


class DeskCommands(Provider):
    """Each command is found by its name in the screen's language, by its English
    name, and a Chinese name by its pinyin initials or its pinyin: a Chinese desk
    finds 借出 by typing 借, jc, jiechu or Lend."""

    _spellings: asyncio.Future[dict[str, pinyin.Spelling]] | None = None

    def _commands(self) -> Iterator[tuple[str, str, str, partial]]:
        app = self.app
        for command in desk_commands(self.screen):
            if command.enabled and not command.action.endswith("command_palette"):
                yield (
                    command.description,
                    command.english,
                    " / ".join(command.keys),
                    partial(app.run_action, command.action, command.node),
                )
        if getattr(app, "staff", None) is not None and not getattr(app, "locked", False):
            yield _("Home"), "Home", "", partial(app.run_action, "home")

    async def startup(self) -> None:
        titles = [title for title, *_rest in self._commands()]
        if any(pinyin.is_chinese(title) for title in titles):  # pypinyin loads while the list shows
            self._spellings = asyncio.get_running_loop().run_in_executor(None, pinyin.spell_all, titles)

    async def discover(self) -> Hits:
        for title, _english, key, command in self._commands():
            yield DiscoveryHit(title, command, help=key)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        spellings = await self._spellings if self._spellings is not None else {}
        for title, english, key, command in self._commands():
            score, shown = found(matcher, title, spellings.get(title))
            if english and english != title:
                score = max(score, matcher.match(english))
            if score > 0:
                yield Hit(score, shown, command, help=f"{key}  {english}" if english != title else key)


def found(matcher: Matcher, title: str, spelling: pinyin.Spelling | None) -> tuple[float, Content | str]:
    """How well `title` (or its pinyin) matches, and the title with what matched marked:
    for initials, the characters they stand for."""
    score = matcher.match(title)
    if score > 0:
        return score, matcher.highlight(title)
    if spelling is None:
        return 0, title
    by_initials, offsets = matcher.fuzzy_search.match(matcher.query, spelling.initials)
    # The whole pinyin only as typed in one run (jie, jiechu): letters picked from it match too much.
    whole = matcher.match(spelling.whole) if matcher.query.lower() in spelling.whole else 0
    if by_initials >= whole and by_initials > 0:
        shown = Content(title)
        for offset in offsets:
            shown = shown.stylize(matcher.match_style, offset, offset + 1)
        return by_initials, shown
    return whole, title

"""Type-ahead: keys typed at any speed act as if typed one by one on an idle desk
(docs/counter.md, "Type-ahead").

Textual hands a key to whatever has focus the moment the key is read. What a key
does often lands later: Enter in a field posts Submitted, and the screen moves
focus or clears the field when that message is handled; F2 mounts a screen whose
fields get focus after their Mount; a scan is checked by a worker. Keys read
meanwhile went to the old field (`Qi⏎139` became `Qi139`, `U05⏎U07⏎` one tag),
to a screen not yet there (lost), or to the name field in clear text (a PIN).

So the App passes on a key only when the desk is settled: no message waiting or
being handled anywhere on the screens shown, and no worker of theirs running
(their checks and saves). Until then keys wait here, in order, and each is
passed on once the one before it has had all its effects. On a settled desk a
key goes straight through. Keys that have waited HOLD_LIMIT seconds go on all
the same, so a worker that hangs cannot take the keyboard (and F10) away.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Iterable

from textual import events
from textual.app import App
from textual.worker import WorkerState

HOLD_LIMIT = 10.0  # seconds
ACTIVE = (WorkerState.PENDING, WorkerState.RUNNING)


def _busy(node) -> bool:
    """Messages waiting at `node`: queued, peeked, or to run after the one in hand."""
    return bool(node.message_queue_size or node._pending_message is not None or node._next_callbacks)


def _laying_out(screen) -> bool:
    """A layout still to do: until it is done a field just shown is not in the focus
    chain, and Tab would pass it by."""
    return bool(screen._layout_required or screen._scroll_required or screen._recompose_required)


class TypeAhead:
    """The keys (and pastes) read but not yet passed on to the desk's screens."""

    def __init__(self, app: App, background: Iterable[str] = ()) -> None:
        self.app = app
        self.background = frozenset(background)  # worker groups keys never wait for
        self.waiting: deque[tuple[float, events.Key | events.Paste]] = deque()
        self.passed: set[int] = set()  # ids of the copies handed on, not to hold again
        self._task: asyncio.Task[None] | None = None
        # Keys typed while the program starts reach the terminal before it is in raw
        # mode, and the terminal turns their Enter into a newline (Ctrl+J).
        self.started = False

    def start(self) -> None:
        """The first screen is up: the terminal is in raw mode, Ctrl+J is Ctrl+J."""
        self.started = True

    def settled(self) -> bool:
        """Nothing waiting on the shown screens and no worker of theirs under way.

        A message being handled has left its queue; a handler that posts
        nothing and starts no worker is done once the loop turns, which is why
        _pass_on sees the desk settled twice, a turn apart, before a key goes on.
        """
        app = self.app
        if any(w.state in ACTIVE and w.group not in self.background for w in app.workers):
            return False
        if _busy(app):
            return False
        if _laying_out(app.screen):  # screens beneath are laid out when they are shown again
            return False
        for screen in app.screen_stack:
            if _busy(screen) or any(_busy(node) for node in screen.walk_children()):
                return False
        return True

    def hold(self, event: events.Event) -> bool:
        """True when `event` waits its turn (the App does nothing more with it now)."""
        if not isinstance(event, (events.Key, events.Paste)) or event.is_forwarded:
            return False
        if id(event) in self.passed:
            self.passed.discard(id(event))
            return False
        if isinstance(event, events.Key) and event.key.startswith("alt+"):
            # A terminal reads Esc and a key typed right after it as Alt+key; deskapp
            # binds no Alt key, so it is the Esc and then the key (docs/counter.md).
            key = event.key.removeprefix("alt+")
            self.waiting.append((time.monotonic(), events.Key("escape", "\x1b")))
            event = events.Key(key, "\r" if key == "enter" else key if len(key) == 1 else None)
        elif not self.started and isinstance(event, events.Key) and event.key == "ctrl+j":
            event = events.Key("enter", "\r")
        elif not self.waiting and self.settled():
            return False
        self.waiting.append((time.monotonic(), event))
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._pass_on())
        return True

    async def _pass_on(self) -> None:
        while self.waiting:
            held_since, event = self.waiting[0]
            polls = calm = 0
            while calm < 2 and time.monotonic() - held_since < HOLD_LIMIT:
                calm = calm + 1 if self.settled() else 0
                polls += 1
                # At once, then every 2 ms; a wait longer than half a second (a slow
                # database) is looked at every 20 ms, not to keep an old PC's core busy.
                await asyncio.sleep(0 if polls < 50 else 0.002 if polls < 300 else 0.02)
            self.waiting.popleft()
            copy = (
                events.Key(event.key, event.character)
                if isinstance(event, events.Key)
                else events.Paste(event.text)
            )
            self.passed.add(id(copy))
            self.app.post_message(copy)
            await asyncio.sleep(0)

    async def wait_until_settled(self, timeout: float = 30.0) -> None:
        """For tests: every key passed on and handled (TimeoutError if that never comes)."""
        start = time.monotonic()
        while self.waiting or not self.settled():
            if time.monotonic() - start > timeout:
                raise TimeoutError(f"the desk did not settle; {len(self.waiting)} keys waiting")
            await asyncio.sleep(0.001)

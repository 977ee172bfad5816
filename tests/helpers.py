"""Helpers for the tests (not fixtures)."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from rich.console import Console
from textual.widgets import Static

from deskapp.clock import DeskTime, fixed
from deskapp.desk import Desk
from deskapp.screens.form import Field
from deskapp.services import audit, complaint_intake, lending, returns, staff
from deskapp.services.staff import StaffInfo

if TYPE_CHECKING:
    from deskapp.app import DeskApp

T = TypeVar("T")


def add_admin(desk: Desk, name: str = "王芳", pin: str = "123456") -> StaffInfo:
    return staff.create_first_admin(name, pin, pin, desk.policy.security, desk.time.now())


def add_staff(
    desk: Desk, admin: StaffInfo, name: str, role: str = "staff", pin: str | None = None
) -> StaffInfo:
    """A clerk's PIN is 5678 unless given; a lead's or administrator's 567890 (6 digits by default)."""
    pin = pin or ("5678" if role == "staff" else "567890")
    return staff.add_staff(
        audit.Actor(admin.id, "tui"), name, role, pin, pin, desk.policy.security, desk.time.now()
    )


async def settle(pilot) -> None:
    """Let every key typed be handled, workers finish and their messages land."""
    for _ in range(3):
        await pilot.app.typeahead.wait_until_settled()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def error_of(app: DeskApp, field: str) -> str:
    widget = app.screen.query_one(f"#field-{field}", Field)
    return str(widget.query_one(".field-error", Static).render()) if widget.has_class("-invalid") else ""


async def type_in(pilot, text: str) -> None:
    """Type into the focused field (as a scanner would: all at once)."""
    pilot.app.focused.insert_text_at_cursor(text)
    await pilot.pause()


def text_of(widget: Static) -> str:
    """What a Static shows, as plain text."""
    console = Console(width=200, record=True, file=io.StringIO())
    shown = widget.render()
    if hasattr(shown, "plain"):  # plain text (Content)
        return shown.plain
    console.print(shown._renderable)
    return console.export_text()


async def open_section(pilot, key: str, name: str = "李雷", pin: str = "5678") -> None:
    """Sign in (the clerk of the `counter` and `register` fixtures) and press a section's key."""
    await sign_in(pilot, name, pin)
    await pilot.press(key)
    await settle(pilot)


async def fill_lend_form(pilot, tag: str = "U01", name: str = "张三", phone: str = "13800138000") -> None:
    """Sign in as the clerk, press F2 and type a loan up to the phone, not yet saved."""
    await open_section(pilot, "f2")
    await type_in(pilot, tag)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("enter")
    await type_in(pilot, name)
    await pilot.press("enter")
    await type_in(pilot, phone)


async def sign_in(pilot, name: str, pin: str) -> None:
    await settle(pilot)
    await type_in(pilot, name)
    await pilot.press("enter")
    await type_in(pilot, pin)
    await pilot.press("enter")
    await settle(pilot)


# -- lending ------------------------------------------------------------------------

TZ = "Asia/Shanghai"


def at(text: str) -> DeskTime:
    """The desk's clock showing `text` (local time at the desk, "2026-11-01 10:00")."""
    clock = DeskTime(TZ)
    local = datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=clock.zone)
    return DeskTime(TZ, fixed(local))


def lend(desk, tags, when, phone="13800138000", name="张三"):
    return lending.lend(desk.actor, desk.policy, at(when), tags, name, phone)


def give_back(desk, query, when, condition="intact", **kw):
    case = returns.find_for_return(query)
    return returns.return_items(
        desk.actor,
        desk.policy,
        desk.policy.security,
        at(when),
        [line.id for line in case.lines],
        condition,
        **kw,
    )


# -- complaints ----------------------------------------------------------------------


def take(desk, when="2026-11-24 10:00", **fields):
    values = dict(
        channel="walk_in",
        happened="08:00",
        place="3F 童装店",
        what="店员态度差",
        people="店员小王",
        complainant="张女士",
        contact="13800138000",
        expectation="道歉",
    )
    values.update(fields)
    return complaint_intake.intake(desk.actor, desk.policy, at(when), **values)


def screen_text(app: DeskApp) -> str:
    """What the terminal shows of the current screen, line by line."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def poll_until(
    look: Callable[[], T],
    done: Callable[[T], bool],
    until_changed: Callable[[float], object],
    what: str,
    timeout: float = 30.0,
) -> T:
    """What `look()` returns once `done` holds for it, for a process outside the test (a real
    terminal): looked at, then again each time `until_changed(seconds_left)` returns (it waits
    until something may have changed, at most that long). Fails after `timeout` seconds with
    what it last saw."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        seen = look()
        if done(seen):
            return seen
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"never {what} in {timeout} s; last seen:\n{seen}")
        until_changed(left)


async def wait_for(pilot, condition, timeout: float = 10.0) -> None:
    """Let the app run until `condition()` holds (fails after `timeout` seconds)."""
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the condition never came true"
        await pilot.pause()

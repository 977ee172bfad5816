"""The screens, driven through Textual's Pilot as a clerk would with the keyboard."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.widgets import Input, OptionList, Static

from deskapp.app import DeskApp
from deskapp.models import AuditEntry, Staff
from deskapp.screens.help import HelpScreen
from deskapp.screens.home import HomeScreen
from deskapp.screens.setup import SetupScreen
from deskapp.screens.signin import SignInScreen

from helpers import add_admin, add_staff, error_of, screen_text, settle, sign_in, text_of, type_in, wait_for


class Clock:
    """A monotonic clock the test moves by hand (idle lock)."""

    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


async def test_first_start_creates_the_administrator(desk):
    app = DeskApp(desk)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        assert app.focused.id == "name"
        await type_in(pilot, "Wang Fang")
        await pilot.press("enter")
        await type_in(pilot, "123456")
        await pilot.press("enter")
        await type_in(pilot, "123456")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.staff.name == "Wang Fang" and app.staff.role == "admin"
        assert "Wang Fang" in app.sub_title
    assert Staff.select().count() == 1


async def test_setup_errors_show_beside_the_field_and_keep_what_was_typed(desk):
    app = DeskApp(desk)
    async with app.run_test() as pilot:
        await settle(pilot)
        await type_in(pilot, "Wang Fang")
        await pilot.press("tab")
        await type_in(pilot, "12")
        await pilot.press("tab")
        await type_in(pilot, "12")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        assert "6 to 8 digits" in error_of(app, "pin")
        assert error_of(app, "name") == ""
        assert app.screen.query_one("#name", Input).value == "Wang Fang"
        assert app.focused.id == "pin"
        # Correcting it clears the error and creates the administrator.
        app.screen.query_one("#pin", Input).value = "123456"
        app.screen.query_one("#pin_again", Input).value = "123456"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert Staff.select().count() == 1


async def test_sign_in_by_typing_a_name_and_pin(desk):
    add_admin(desk, "Wang Fang")
    app = DeskApp(desk)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        await sign_in(pilot, "wang", "123456")  # a unique part of the name is enough
        assert isinstance(app.screen, HomeScreen)
        assert app.staff.name == "Wang Fang"


async def test_sign_in_by_picking_from_the_list(desk):
    admin = add_admin(desk, "Wang Fang")
    add_staff(desk, admin, "Li Lei")
    app = DeskApp(desk)
    async with app.run_test() as pilot:
        await settle(pilot)
        names = app.screen.query_one("#names", OptionList)
        assert [str(names.get_option_at_index(i).prompt) for i in range(names.option_count)] == [
            "Li Lei",
            "Wang Fang",
        ]
        names.focus()
        await pilot.press("down", "down", "enter")
        assert app.screen.query_one("#name", Input).value == "Wang Fang"
        assert app.focused.id == "pin"
        await type_in(pilot, "123456")
        await pilot.press("enter")
        await settle(pilot)
        assert app.staff.name == "Wang Fang"


async def test_wrong_pin_shows_the_tries_left_and_locks_after_five(desk):
    add_admin(desk, "Wang Fang")
    app = DeskApp(desk)
    async with app.run_test() as pilot:
        await sign_in(pilot, "Wang Fang", "0000")
        assert "4 more tries" in error_of(app, "pin")
        assert app.screen.query_one("#name", Input).value == "Wang Fang"  # kept
        assert app.screen.query_one("#pin", Input).value == ""
        for _ in range(4):
            await type_in(pilot, "0000")
            await pilot.press("enter")
            await settle(pilot)
        assert "now locked for 5 minutes" in error_of(app, "pin")
        await type_in(pilot, "123456")
        await pilot.press("enter")
        await settle(pilot)
        assert "Try again in 5 minutes" in error_of(app, "pin")
        assert app.staff is None


async def test_f9_locks_and_another_staff_member_takes_over(desk):
    admin = add_admin(desk, "Wang Fang")
    add_staff(desk, admin, "Li Lei")
    app = DeskApp(desk)
    async with app.run_test() as pilot:
        await sign_in(pilot, "Wang Fang", "123456")
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen) and app.locked
        assert "Wang Fang was signed in" in str(app.screen.query_one("#lock-notice", Static).render())
        await pilot.press("escape")  # the lock cannot be dismissed
        await pilot.press("f9")
        assert isinstance(app.screen, SignInScreen)
        await sign_in(pilot, "Li Lei", "5678")
        assert isinstance(app.screen, HomeScreen) and not app.locked
        assert app.staff.name == "Li Lei"
    assert AuditEntry.select().where(AuditEntry.action == "staff.sign_in").count() == 2


async def test_the_app_locks_itself_when_idle(locations):
    from conftest import make_desk

    locations.config_dir.mkdir(parents=True)
    locations.policy_file.write_text("[security]\nidle_lock_minutes = 3\n")
    desk = make_desk(locations)
    add_admin(desk, "Wang Fang")
    clock = Clock()
    app = DeskApp(desk, monotonic=clock)
    async with app.run_test() as pilot:
        await sign_in(pilot, "Wang Fang", "123456")
        clock.t += 179
        app.lock_if_idle()
        assert not app.locked
        await pilot.press("f1", "escape")  # a key counts as activity
        clock.t += 179
        app.lock_if_idle()
        assert not app.locked
        clock.t += 1
        app.lock_if_idle()
        await settle(pilot)
        assert app.locked and isinstance(app.screen, SignInScreen)


async def test_f1_lists_every_key_of_the_screen(desk):
    add_admin(desk, "Wang Fang")
    app = DeskApp(desk)
    async with app.run_test() as pilot:
        await sign_in(pilot, "Wang Fang", "123456")
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        rows = dict((desc, keys) for keys, desc in app.screen.rows)
        assert rows["Help"] == "F1" and rows["Lock"] == "F9" and rows["Quit"] == "F10 / ^q"
        assert rows["Commands"] == "^p"
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_keys_are_translated(locations):
    from conftest import make_desk

    desk = make_desk(locations, lang="zh_CN")
    add_admin(desk, "王芳")
    app = DeskApp(desk)
    async with app.run_test() as pilot:
        await sign_in(pilot, "王芳", "123456")
        descriptions = {a.binding.description for a in app.screen.active_bindings.values()}
        assert {"帮助", "锁屏", "退出"} <= descriptions
        await pilot.press("f1")
        await settle(pilot)
        assert ("F9", "锁屏") in app.screen.rows


def chinese_desk_app(locations) -> DeskApp:
    from conftest import make_desk

    desk = make_desk(locations, lang="zh_CN")
    add_admin(desk, "王芳")
    return DeskApp(desk)


async def open_palette(pilot, query: str) -> None:
    """Signed in as the administrator, Ctrl+P and `query` typed."""
    from textual.command import CommandPalette

    await sign_in(pilot, "王芳", "123456")
    await pilot.press("ctrl+p")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CommandPalette)
    await type_in(pilot, query)


async def test_command_palette_finds_translated_commands(locations):
    app = chinese_desk_app(locations)
    async with app.run_test() as pilot:
        await open_palette(pilot, "锁")
        await wait_for(pilot, lambda: app.screen.query_one("CommandList").option_count > 0)  # its hits
        await pilot.press("enter")
        await settle(pilot)
        assert app.locked


async def test_the_chinese_palette_finds_a_command_by_its_english_name(locations):
    app = chinese_desk_app(locations)
    async with app.run_test() as pilot:
        await open_palette(pilot, "Lend")
        hits = app.screen.query_one("CommandList")

        def first() -> str:  # the best hit, once the list shows the search's hits
            return str(hits.get_option_at_index(0).prompt) if hits.option_count else ""

        await wait_for(pilot, lambda: "借出" in first())
        assert "F2" in first() and "Lend" in first()
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "LendScreen"


async def test_sections_and_lock_are_not_offered_before_sign_in(desk):
    add_admin(desk, "Wang Fang")
    app = DeskApp(desk)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("f9")
        assert not app.locked and app.staff is None
        keys = {a.binding.action for a in app.screen.active_bindings.values()}
        assert "lock" not in keys


async def test_f10_quits(desk):
    add_admin(desk, "Wang Fang")
    app = DeskApp(desk)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("f10")
        await pilot.pause()
    assert app.return_code == 0 and not app.is_running


async def test_home_shows_the_desk_and_the_daily_backup(desk):
    add_admin(desk, "Wang Fang")
    app = DeskApp(desk, backup_after=0)
    async with app.run_test() as pilot:
        await sign_in(pilot, "Wang Fang", "123456")
        today = text_of(app.screen.query_one("#today", Static))
        header = screen_text(app).splitlines()[0]  # the desk and who is signed in
    assert "2026-11-24 Tuesday" in today and "2026-11-24 10:00" in today and "1 active" in today
    assert "Wang Fang · administrator" in header
    assert list(desk.locations.backup_dir.glob("daily-20261124-*.sqlite3"))


def test_sixteen_colour_consoles_get_the_ansi_theme():
    from deskapp.app import few_colours

    assert few_colours({"TERM": "linux"})
    assert few_colours({"TERM": "xterm"})
    assert not few_colours({"TERM": "xterm-256color"})
    assert not few_colours({"TERM": "xterm", "COLORTERM": "truecolor"})
    assert not few_colours({"WT_SESSION": "1"})


async def test_the_first_start_offers_the_demo(desk):
    app = DeskApp(desk)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        assert any("try a demo desk" in text_of(hint) for hint in app.screen.query(".hint"))
        await pilot.press("ctrl+o")
        await pilot.pause()
    assert app.return_value == "demo" and Staff.select().count() == 0


# -- ticks read without colour (a 16-colour or monochrome console) ------------------------


class Ticks(App):
    CSS = "Checkbox { width: 32; }"  # as in a form (screens/app.tcss)

    def compose(self):
        from deskapp.screens.steps import Ask, widget_for

        for tick_id, value in (("on", True), ("off", False)):
            tick = widget_for(Ask(tick_id, tick_id, "tick", value=value))  # as every form's tick is made
            tick.id = tick_id
            yield tick


@pytest.mark.parametrize("theme", ["textual-dark", "ansi-dark"])
@pytest.mark.parametrize("no_color", [False, True])
async def test_a_tick_shows_an_x_and_no_tick_a_blank_in_text_not_only_colour(monkeypatch, theme, no_color):
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    app = Ticks()
    async with app.run_test() as pilot:
        app.theme = theme
        await pilot.pause()

        def shown(tick_id: str) -> str:
            region = app.query_one(f"#{tick_id}").content_region
            return screen_text(app).splitlines()[region.y][region.x : region.x + 3]

        assert shown("on") == "▐X▌" and shown("off") == "▐ ▌"
        app.query_one("#off").focus()
        await pilot.press("space")  # ticked by the keyboard: the mark shows
        assert shown("off") == "▐X▌"
        await pilot.press("space")
        assert shown("off") == "▐ ▌"


def test_no_color_on_a_sixteen_colour_console_keeps_the_terminals_own_text_colour(desk, monkeypatch):
    """NO_COLOR with the terminal's palette: colours dropped, not turned into greys (which a
    16-colour console shows as black on black)."""
    from textual.filter import Monochrome, NoColor

    monkeypatch.setenv("NO_COLOR", "1")
    kinds = {type(f) for f in DeskApp(desk, theme="ansi-dark").get_line_filters()}
    assert NoColor in kinds and Monochrome not in kinds
    kinds = {type(f) for f in DeskApp(desk, theme="textual-dark").get_line_filters()}
    assert Monochrome in kinds  # Textual's own choice for its truecolour themes

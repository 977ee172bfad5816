"""PageUp/PageDown/Home/End scroll every scrolling view (docs/counter.md, "Scrolling");
in a field Home and End still move the text cursor."""

from __future__ import annotations

from datetime import date

import pytest
from textual.containers import ScrollableContainer
from textual.widgets import DataTable, Input

from deskapp.app import DeskApp
from deskapp.screens.help import HelpScreen
from deskapp.screens.home import HomeScreen
from deskapp.screens.loan_detail import LoanDetailScreen
from deskapp.screens.slip import SlipScreen
from deskapp.screens.steps import StepForm
from deskapp.services import audit, demo, handover, staff

from helpers import lend, open_section, settle, type_in, wait_for


@pytest.fixture
def demo_desk(desk):
    demo.build(desk.policy, date(2026, 11, 24))
    return desk


async def pages(pilot, view: ScrollableContainer) -> None:
    """PageDown scrolls a page, End reaches the bottom, PageUp and Home go back to the top."""
    await settle(pilot)
    assert view.max_scroll_y > 0, "the content is taller than the view"
    focused = pilot.app.focused
    await pilot.press("pagedown")
    await wait_for(pilot, lambda: view.scroll_y > 0)
    await pilot.press("end")
    await wait_for(pilot, lambda: view.scroll_y == view.max_scroll_y)
    await pilot.press("pageup")
    await wait_for(pilot, lambda: view.scroll_y < view.max_scroll_y)
    await pilot.press("home")
    await wait_for(pilot, lambda: view.scroll_y == 0)
    assert pilot.app.focused is focused  # scrolling moves no focus


async def test_home_on_a_short_terminal_scrolls_by_page(demo_desk):
    app = DeskApp(demo_desk, backup_after=60)
    async with app.run_test(size=(80, 16)) as pilot:
        await open_section(pilot, "escape")  # the start-of-day check can wait
        assert isinstance(app.screen, HomeScreen) and app.focused is None
        await pages(pilot, app.screen.query_one("#home", ScrollableContainer))


async def test_a_form_scrolls_by_page_and_home_end_stay_in_the_field(register):
    app = DeskApp(register, backup_after=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "f4")
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, StepForm)
        await pilot.press("tab")
        field = app.focused
        assert isinstance(field, Input)
        await type_in(pilot, "09:30")
        await pilot.press("home")
        assert field.cursor_position == 0
        await pilot.press("end")
        assert field.cursor_position == 5
        view = app.screen.query_one(".form", ScrollableContainer)
        await pilot.press("pagedown")
        await wait_for(pilot, lambda: view.scroll_y > 0)
        await pilot.press("pageup")
        await wait_for(pilot, lambda: view.scroll_y == 0)
        assert app.focused is field and field.value == "09:30"


async def test_help_scrolls_by_page(register):
    app = DeskApp(register, backup_after=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "f4")
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pages(pilot, app.screen.query_one("#help", ScrollableContainer))


async def test_the_handover_scrolls_by_page(demo_desk):
    desk = demo_desk
    clerk = audit.Actor(staff.sign_in("李雷", "5678", desk.policy.security, desk.time.now()).id, "tui")
    for n in range(12):
        handover.write(clerk, demo_desk.policy, demo_desk.time, "note", f"第 {n} 条交接")
    app = DeskApp(demo_desk, backup_after=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "escape")
        await pilot.press("f5")
        await settle(pilot)
        await pages(pilot, app.screen.query_one("#handover", ScrollableContainer))


async def test_a_loan_and_its_slip_scroll_by_page(counter):
    lend(counter, "U01 U02 S1 W1", "2026-11-24 09:00")
    app = DeskApp(counter, backup_after=60)
    async with app.run_test(size=(80, 14)) as pilot:  # a loan's box is at most 90% of the screen
        await open_section(pilot, "ctrl+l")
        await settle(pilot)
        assert isinstance(app.focused, DataTable)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LoanDetailScreen)
        await pages(pilot, app.screen.query_one("#loan-box", ScrollableContainer))
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, SlipScreen)
        await pages(pilot, app.screen.query_one("#slip-box", ScrollableContainer))


async def test_the_report_is_reached_by_tab_and_scrolled_by_the_keyboard(demo_desk):
    """PageUp/PageDown choose the month on F7; Shift+Tab from the first field reaches the report,
    whose rows a short screen would otherwise never show."""
    app = DeskApp(demo_desk, backup_after=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "f7", "韩梅梅", "654321")
        while not isinstance(app.screen.focused, Input):  # past the start-of-day check
            await pilot.press("escape")
            await settle(pilot)
        await pilot.press("shift+tab")
        await settle(pilot)
        report = app.screen.focused
        assert isinstance(report, ScrollableContainer) and report.max_scroll_y > 0
        await pilot.press("end")
        await wait_for(pilot, lambda: report.scroll_y == report.max_scroll_y)
        await pilot.press("up")
        await wait_for(pilot, lambda: report.scroll_y == report.max_scroll_y - 1)
        await pilot.press("home")
        await wait_for(pilot, lambda: report.scroll_y == 0)


async def test_a_dialog_footer_covers_the_two_rows_of_the_footer_beneath(demo_desk):
    from deskapp.screens.footer import DeskFooter

    from helpers import screen_text

    app = DeskApp(demo_desk, backup_after=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "f6", "韩梅梅", "654321")
        while app.screen.is_modal:  # the start-of-day check
            await pilot.press("escape")
            await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        assert app.screen.query_one(DeskFooter).region.height == 2  # the kit's keys take two rows
        await pilot.press("q")  # the restock request, a dialog over the kit
        await wait_for(pilot, lambda: isinstance(app.screen, SlipScreen))
        await settle(pilot)
        last = screen_text(app).splitlines()[-2:]
        assert last[0].strip() == "" and "esc Close" in last[1], last


async def test_home_and_end_in_a_list_go_to_its_first_and_last_row(counter):
    for n, tag in enumerate(["U01", "U02", "U03", "U04", "U05", "S1", "S2", "W1"]):
        lend(counter, tag, f"2026-11-2{n % 4} 10:00", phone=f"1380013800{n}")  # eight loans, one a row
    app = DeskApp(counter, backup_after=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "ctrl+l")
        table = app.screen.query_one(DataTable)
        await wait_for(pilot, lambda: table.row_count == 8)
        assert app.focused is table and table.cursor_row == 0
        await pilot.press("end")
        await wait_for(pilot, lambda: table.cursor_row == 7)
        await pilot.press("home")
        await wait_for(pilot, lambda: table.cursor_row == 0)

"""Every screen's footer keys are whole at 80 columns, in Chinese and in English
(docs/counter.md, "The footer").

The tour walks the demo desk the way a clerk does, screen by screen; at each stop
every key the footer must show is checked against what the terminal draws.
"""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Footer

from deskapp.app import DeskApp
from deskapp.screens.footer import SPARE, lay_out
from deskapp.screens.home import HomeScreen
from deskapp.services import demo

from conftest import make_desk
from helpers import screen_text, settle, sign_in

TODAY = date(2026, 11, 24)
WIDTH, HEIGHT = 80, 24


# -- the layout rule, on its own ------------------------------------------------------


def test_needed_keys_fill_rows_in_order_and_spare_keys_take_only_the_room_left():
    rows, gap = lay_out([30, 30, 30], [False, False, True], 80)
    assert (rows, gap) == ([[0, 1]], 2)  # 30 + 2 + 30 = 62: no room for 2 more than 30
    rows, gap = lay_out([30, 30, 10, 10], [False, False, True, True], 80)
    assert rows == [[0, 1, 2]]  # 62 + 2 + 10 = 74; the next spare (86) would not fit
    rows, gap = lay_out([50, 50, 5], [False, False, True], 80)
    assert rows == [[0], [1, 2]]  # a second row for the needed ones; the spare fits beside


def test_the_narrow_gap_is_used_only_when_the_wide_one_needs_a_third_row():
    widths = [25, 25, 26] * 2  # 76 + 2 gaps of 2 = 80 per row: two rows with the wide gap
    assert lay_out(widths, [False] * 6, 80) == ([[0, 1, 2], [3, 4, 5]], 2)
    widths = [26, 26, 26] * 2  # 78 + 4 = 82 each with gaps of 2: three rows; gaps of 1: two rows
    assert lay_out(widths, [False] * 6, 80) == ([[0, 1, 2], [3, 4, 5]], 1)


def test_a_key_wider_than_a_row_still_gets_a_row_of_its_own():
    assert lay_out([90, 5], [False, False], 80)[0] == [[0], [1]]


# -- the tour -----------------------------------------------------------------------


def expected_keys(app: DeskApp) -> list[tuple[str, bool]]:
    """Each key the screen on top shows ("F2 Lend"), and whether it may be left out for room:
    read from the screen's bindings, not from the footer under test."""
    screen = app.screen
    menu = getattr(screen, "SHOW_SECTIONS", False)
    found: dict[str, tuple[str, bool]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if binding.description and (binding.show or binding.id == "command_palette"):
            spare = binding.id == "command_palette" or (not menu and binding.id in SPARE)
            label = f"{app.get_key_display(binding)} {binding.description}"
            found.setdefault(binding.action, (label, spare))
    return list(found.values())


def footer_problems(app: DeskApp) -> list[str]:
    """What is wrong with the footer of the screen on top: keys cut, missing or off screen."""
    footer = app.screen.query_one(Footer)
    rows = footer.region.height
    bottom = "\n".join(screen_text(app).splitlines()[-rows:]) if rows else ""
    problems = []
    if rows > 2:
        problems.append(f"{rows} footer rows")
    if footer.region.bottom != HEIGHT:
        problems.append("the footer is not at the bottom of the screen")
    for label, spare in expected_keys(app):
        key = label.split(" ")[0]
        if label not in bottom and (not spare or f"{key} " in bottom):  # a spare key: whole or not there
            problems.append(f"{label!r} not whole in {bottom!r}")
    return problems


async def go_home(pilot) -> None:
    for _ in range(6):
        if isinstance(pilot.app.screen, HomeScreen):
            return
        await pilot.press("escape")
        await settle(pilot)
    raise AssertionError(f"stuck on {pilot.app.screen!r}")


# Each stop: a name, the keys that lead there from Home, and the screen they lead to.
TOUR: list[tuple[str, list[str], str]] = [
    ("Home", [], "HomeScreen"),
    ("Lend", ["f2"], "LendScreen"),
    ("Return", ["f3"], "ReturnScreen"),
    ("Complaints", ["f4"], "ComplaintsScreen"),
    ("Complaint", ["f4", "enter"], "ComplaintScreen"),
    ("Complaint: note form", ["f4", "enter", "n"], "StepForm"),
    ("New complaint", ["f4", "n"], "StepForm"),
    ("Handover", ["f5"], "HandoverScreen"),
    ("Handover: note form", ["f5", "n"], "StepForm"),
    ("Handover: counting and signing", ["f5", "h", "y"], "HandoverSignScreen"),
    ("Past handovers", ["f5", "y"], "HandoverHistoryScreen"),
    ("Kit", ["f6"], "KitScreen"),
    ("Kit: register a use", ["f6", "u"], "StepForm"),
    ("Kit register", ["f6", "l"], "KitUsesScreen"),
    ("Reports", ["f7"], "ReportsScreen"),
    ("Search", ["f8"], "SearchScreen"),
    ("Loans", ["ctrl+l"], "LoansScreen"),
    ("Loan detail", ["ctrl+l", "enter"], "LoanDetailScreen"),
    ("Loan slip", ["ctrl+l", "enter", "p"], "SlipScreen"),
    ("Stock", ["ctrl+t"], "StockScreen"),
    ("Stock: add items", ["ctrl+t", "a"], "AddItemsForm"),
    ("Stock: stock-take", ["ctrl+t", "c"], "StockTakeForm"),
    ("Lock", ["f9"], "SignInScreen"),
]


async def tour(lang: str, locations, stops=TOUR) -> dict[str, tuple[str, list[str], list[str]]]:
    """Each stop's screen, footer rows and problems, walked on a demo desk in `lang`."""
    desk = make_desk(locations, lang=lang)
    demo.build(desk.policy, TODAY)
    app = DeskApp(desk, backup_after=0)
    seen: dict[str, tuple[str, list[str], list[str]]] = {}
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await settle(pilot)
        seen["Sign-in"] = stop(app)
        await sign_in(pilot, "韩梅梅", "654321")
        if not isinstance(app.screen, HomeScreen):  # the start of the day: yesterday's handover
            seen["Start of the day"] = stop(app)
            await pilot.press("escape")
            await settle(pilot)
        for name, keys, _screen in stops:
            for key in keys:
                await pilot.press(key)
                await settle(pilot)
            seen[name] = stop(app)
            if name == "Lock":
                await sign_in(pilot, "韩梅梅", "654321")
            await go_home(pilot)
    return seen


def stop(app: DeskApp) -> tuple[str, list[str], list[str]]:
    footer = app.screen.query_one(Footer)
    rows = screen_text(app).splitlines()[-footer.region.height :] if footer.region.height else []
    return type(app.screen).__name__, [r.rstrip() for r in rows], footer_problems(app)


PARTS = 4  # the tour in parts, so that the test workers walk them side by side


@pytest.mark.parametrize("part", range(PARTS))
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
async def test_every_screen_shows_its_footer_keys_whole_at_80_columns(locations, lang, part):
    stops = TOUR[part::PARTS]
    seen = await tour(lang, locations, stops)
    problems = {name: p for name, (_cls, _rows, p) in seen.items() if p}
    assert problems == {}
    assert {name: seen[name][0] for name, _keys, _screen in stops} == {
        name: screen for name, _keys, screen in stops
    }  # each stop reached the screen it is named after


async def test_the_first_start_shows_its_keys_whole(locations):
    for lang in ("zh_CN", "en"):
        app = DeskApp(make_desk(locations, lang=lang), backup_after=0)
        async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
            await settle(pilot)
            assert footer_problems(app) == []

"""F8 search across the sections, and every section opened on the demo desk."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import DataTable, Input

from deskapp.app import DeskApp
from deskapp.models import Complaint, Loan
from deskapp.screens.complaint import ComplaintScreen
from deskapp.screens.loan_detail import LoanDetailScreen
from deskapp.screens.search import SearchScreen
from deskapp.services import demo, search

from helpers import at, lend, open_section, settle, take, text_of, type_in, wait_for


@pytest.mark.engines
def test_one_field_finds_loans_complaints_items_and_promises(counter):
    from deskapp.services import handover

    loan = lend(counter, "U01", "2026-11-20 10:00", phone="13812345678", name="刘女士")
    # Her complaint names the slip and the umbrella; a promise names the complaint.
    take(counter, complainant="刘女士", contact="138 1234 5678", what=f"{loan.slip_no} U01 押金未退")
    handover.write(
        counter.actor,
        counter.policy,
        at("2026-11-24 09:00"),
        "promise",
        "找到后通知 C0000001",
        promise_to="刘女士 13812345678",
    )
    clock = at("2026-11-24 10:00")
    kinds = lambda text: [h.kind for h in search.find(counter.policy, clock, text)]  # noqa: E731
    assert kinds(loan.slip_no) == ["loan"]  # a code is its own record, nothing else
    assert kinds("c0000001") == ["complaint"]
    assert kinds("u01") == ["item", "loan"]
    assert kinds("5678") == ["loan", "complaint", "promise"]  # the last four digits
    assert kinds("138-1234-5678") == ["loan", "complaint", "promise"]  # the whole phone
    assert kinds("刘女士") == kinds("刘") == ["loan", "complaint", "promise"]
    assert kinds("\u202e刘\u200b女士") == kinds("刘女士")  # what the clerk cannot see is not searched
    assert kinds("押金") == ["complaint"] and kinds("通知") == ["promise"]
    assert kinds("nobody") == [] and kinds("  ") == []
    hit = search.find(counter.policy, clock, "U01")[1]
    assert hit.title == f"{loan.slip_no} 刘女士" and "138****5678" in hit.detail


@pytest.fixture
def demo_desk(desk):
    demo.build(desk.policy, date(2026, 11, 24))
    return desk


async def test_search_opens_a_loan_and_a_complaint(demo_desk):
    slip = f"L{Loan.select().order_by(Loan.id.desc()).first().id:07d}"
    who = Complaint.get_by_id(3).complainant
    app = DeskApp(demo_desk, backup_after=60)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_section(pilot, "f8")
        assert isinstance(app.screen, SearchScreen) and app.focused.id == "query"
        app.focused.insert_text_at_cursor(slip)
        await pilot.press("enter")  # Enter in the search box opens the first record found
        await settle(pilot)
        assert isinstance(app.screen, LoanDetailScreen)
        await pilot.press("escape")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count >= 1 and str(table.get_row_at(0)[0]) == "loan"
        await pilot.press("enter")  # and Enter on a row opens that one
        await settle(pilot)
        assert isinstance(app.screen, LoanDetailScreen)
        await pilot.press("escape")
        await settle(pilot)
        query = app.screen.query_one("#query", Input)
        query.value = "C0000003"
        query.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ComplaintScreen)
        assert who in text_of(app.screen.query_one("#complaint-head"))


@pytest.mark.parametrize(
    "key, screen",
    [
        ("f2", "LendScreen"),
        ("f3", "ReturnScreen"),
        ("f4", "ComplaintsScreen"),
        ("f5", "HandoverScreen"),
        ("f6", "KitScreen"),
        ("f7", "ReportsScreen"),
        ("f8", "SearchScreen"),
        ("ctrl+l", "LoansScreen"),
        ("ctrl+t", "StockScreen"),
    ],
)
async def test_every_section_opens_on_the_demo_desk(demo_desk, key, screen):
    app = DeskApp(demo_desk, backup_after=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, key)
        assert type(app.screen).__name__ == screen
        await settle(pilot)
        assert not app.screen.query("LoadingIndicator")


async def test_home_boxes_open_the_list_behind_them(demo_desk):
    from deskapp.screens.complaints import ComplaintsScreen
    from deskapp.screens.handover import HandoverScreen
    from deskapp.screens.home import HomeScreen
    from deskapp.screens.kit import KitScreen
    from deskapp.screens.loans import LoansScreen

    app = DeskApp(demo_desk, backup_after=60)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_section(pilot, "escape")  # the start-of-day check can wait
        assert isinstance(app.screen, HomeScreen) and app.focused is None  # Home shows from the top
        await pilot.press("down")
        assert app.focused.id == "lending"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LoansScreen) and app.screen.view == "overdue"
        assert app.screen.query_one(DataTable).row_count > 0
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ComplaintsScreen) and app.screen.view == "overdue"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, KitScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, HandoverScreen)


async def test_down_from_the_search_box_goes_to_the_results_and_enter_opens_the_row_chosen(demo_desk):
    app = DeskApp(demo_desk, backup_after=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "f8")
        await type_in(pilot, "女士")  # loans and complaints alike
        table = app.screen.query_one(DataTable)
        await wait_for(pilot, lambda: table.row_count >= 3)
        kinds = [str(table.get_row_at(n)[0]) for n in range(table.row_count)]
        await pilot.press("down")  # to the results, the first row under the cursor
        assert app.focused is table and table.cursor_row == 0
        target = next(n for n, kind in enumerate(kinds) if kind != kinds[0])
        for _ in range(target):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        opened = {"loan": LoanDetailScreen, "complaint": ComplaintScreen}
        assert isinstance(app.screen, opened[kinds[target]]) and kinds[target] != kinds[0]

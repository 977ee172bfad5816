"""Lend (F2), return (F3) and the loan lists, driven by the keyboard through Pilot."""

from __future__ import annotations

import threading

import pytest
from textual.widgets import DataTable, Input, Static

from deskapp.app import DeskApp
from deskapp.models import CashEntry, Item, Loan, LoanItem
from deskapp.screens.lend import LendScreen
from deskapp.screens.loan_detail import LoanDetailScreen
from deskapp.screens.loans import LoansScreen
from deskapp.screens.return_ import ReturnScreen
from deskapp.screens.slip import SlipScreen
from deskapp.services import lending, stock

from helpers import error_of, lend, open_section, settle, sign_in, text_of, type_in, wait_for


@pytest.mark.engines  # the screens on a server too: workers' own connections
async def test_lend_by_keyboard_shows_the_deposit_then_saves_and_offers_the_slip(counter):
    app = DeskApp(counter, backup_after=60)
    async with app.run_test() as pilot:
        await open_section(pilot, "f2")
        assert isinstance(app.screen, LendScreen) and app.focused.id == "tags"
        await type_in(pilot, "u01")
        await pilot.press("enter")
        await settle(pilot)
        await type_in(pilot, "U02")
        await pilot.press("enter")
        await settle(pilot)
        quote = text_of(app.screen.query_one("#quote", Static))
        assert "U01" in quote and "U02" in quote and "¥40.00" in quote
        assert "12-01 22:00" in quote  # 24 Nov + 7 days, by closing time
        assert app.screen.query_one("#tags", Input).value == ""
        await type_in(pilot, "-U02")  # one taken off again
        await pilot.press("enter")
        await settle(pilot)
        assert "¥20.00" in text_of(app.screen.query_one("#quote", Static))
        await pilot.press("enter")  # empty tag field: on to the borrower
        assert app.focused.id == "borrower"
        await type_in(pilot, "张三")
        await pilot.press("enter")
        await type_in(pilot, "138 0013 8000")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SlipScreen)
        slip = text_of(app.screen.query_one("#slip-text", Static))
        assert "L0000001" in slip and "138****8000" in slip and "13800138000" in slip
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LendScreen) and app.focused.id == "tags"
        assert app.screen.query_one("#borrower", Input).value == ""
    loan = Loan.get()
    assert (loan.borrower, loan.phone, loan.lent_by.name) == ("张三", "13800138000", "李雷")
    assert [i.item.tag for i in loan.items] == ["U01"]
    assert [c.amount_fen for c in CashEntry.select()] == [2000]
    assert Item.get(Item.tag == "U01").status == "on_loan"


async def test_scans_one_after_another_keep_every_good_tag(counter):
    app = DeskApp(counter, backup_after=60)
    async with app.run_test() as pilot:
        await open_section(pilot, "f2")
        for tag in ("U01", "X99", "U02", "S1"):  # typed as a scanner does: keys, then Enter
            await pilot.press(*tag, "enter")
            if tag == "X99":
                await settle(pilot)
                field = app.screen.query_one("#tags", Input)
                assert (field.value, field.selected_text) == ("X99", "X99")  # back, selected
                assert "X99 is not a tag of ours" in error_of(app, "tags")
        for _ in range(3):
            await settle(pilot)
        assert app.screen.tags == ["U01", "U02", "S1"]
        quote = text_of(app.screen.query_one("#quote", Static))
        assert "¥540.00" in quote and "X99" not in quote
        assert app.screen.query_one("#tags", Input).value == ""


async def test_scans_queue_while_the_database_is_slow(counter, monkeypatch):
    real_quote, answer = lending.quote, threading.Event()

    def quote(*args, **kwargs):
        answer.wait(60)  # the database is slow: nothing comes back until the test says so
        return real_quote(*args, **kwargs)

    monkeypatch.setattr(lending, "quote", quote)
    app = DeskApp(counter, backup_after=60)
    async with app.run_test() as pilot:
        await open_section(pilot, "f2")
        await pilot.press(*"U01", "enter", *"U02", "enter", *"S1", "enter")
        assert app.screen.quoting  # U01 is being checked
        waiting = [event.key for _at, event in app.typeahead.waiting]
        assert waiting == ["U", "0", "2", "enter", "S", "1", "enter"]  # the next scans wait their turn
        answer.set()
        for _ in range(8):
            await settle(pilot)
        assert app.screen.tags == ["U01", "U02", "S1"] and not app.screen.queue


async def test_lend_refusals_show_beside_the_tags_and_save_nothing(counter):
    lend(counter, "U01 U02", "2026-11-24 09:00")
    app = DeskApp(counter, backup_after=60)
    async with app.run_test() as pilot:
        await open_section(pilot, "f2")
        await type_in(pilot, "X99")
        await pilot.press("enter")
        await settle(pilot)
        assert "X99 is not a tag of ours" in error_of(app, "tags")
        assert app.screen.query_one("#tags", Input).value == "X99"  # kept to correct
        app.screen.query_one("#tags", Input).value = ""
        await type_in(pilot, "U01")
        await pilot.press("enter")
        await settle(pilot)
        assert "U01 is on loan, not available" in error_of(app, "tags")
        app.screen.query_one("#tags", Input).value = ""
        await type_in(pilot, "U03")
        await pilot.press("enter")
        await settle(pilot)
        assert error_of(app, "tags") == ""
        await pilot.press("enter")
        await type_in(pilot, "张三")
        await pilot.press("enter")
        await type_in(pilot, "13800138000")
        await pilot.press("enter")  # the phone brings the per-customer limit
        await settle(pilot)
        assert "already has Umbrella × 2 out and this loan asks for 1 more; the limit is 2" in error_of(
            app, "tags"
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, LendScreen)
        assert "limit is 2" in error_of(app, "tags")
        app.screen.query_one("#phone", Input).value = "12345"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "12345 is not a phone number" in error_of(app, "phone")
        assert app.screen.query_one("#borrower", Input).value == "张三"
    assert Loan.select().count() == 1


@pytest.mark.engines  # the screens on a server too: workers' own connections
async def test_return_shows_the_settlement_and_keys_choose_the_condition(counter):
    lend(counter, "U01", "2026-11-15 10:00")  # due 22 Nov 22:00: 2 days late on the 24th
    app = DeskApp(counter, backup_after=60)
    async with app.run_test() as pilot:
        await open_section(pilot, "f3")
        assert isinstance(app.screen, ReturnScreen) and app.focused.id == "query"
        await type_in(pilot, "U01")
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused.id == "settlement"
        shown = text_of(app.screen.query_one("#settlement", Static))
        assert "L0000001" in shown and "138****8000" in shown
        assert "2.00" in shown and "¥18.00" in shown  # fee 2, refund 18 (docs/lending.md, "Settlement")
        await pilot.press("2")  # dirty: the deposit is forfeited
        assert "¥0.00" in text_of(app.screen.query_one("#settlement", Static))
        await pilot.press("1")
        assert "¥18.00" in text_of(app.screen.query_one("#settlement", Static))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SlipScreen)
        assert "Return slip" in text_of(app.screen.query_one("#slip-text", Static))
        await pilot.press("escape")
        await settle(pilot)
        assert app.focused.id == "query"
    line = LoanItem.get()
    assert (line.state, line.condition, line.days_late, line.fee_fen, line.refund_fen) == (
        "returned",
        "intact",
        2,
        200,
        1800,
    )
    assert Item.get(Item.tag == "U01").status == "available"


async def test_the_settlement_says_what_each_part_costs_and_the_total(counter):
    """docs/lending.md "Settlement": the late fee and the forfeit add up to the total, in columns
    that say so, and the line below says what the deposit covers."""
    lend(counter, "S1", "2026-11-23 08:00")  # due 23 Nov 22:00: a day late on the 24th
    app = DeskApp(counter, backup_after=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "f3")
        await type_in(pilot, "S1")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("2")  # dirty
        lines = text_of(app.screen.query_one("#settlement", Static)).splitlines()
        head = next(line for line in lines if "Forfeit" in line)
        assert head.split() == ["Tag", "Condition", "Due", "Late", "Fee", "Forfeit", "Assessed", "Total"]
        row = next(line for line in lines if line.startswith("S1 Stroller"))
        assert row.split()[-4:] == ["1", "50.00", "500.00", "550.00"]
        total = next(line for line in lines if "Customer pays" in line)
        assert " ".join(total.split()) == "Deposit ¥500.00, charged ¥550.00: ! Customer pays ¥50.00"


async def test_return_lookup_errors_show_beside_the_field(counter):
    app = DeskApp(counter, backup_after=60)
    async with app.run_test() as pilot:
        await open_section(pilot, "f3")
        await type_in(pilot, "U02")
        await pilot.press("enter")
        await settle(pilot)
        assert "U02 is not out on loan" in error_of(app, "query")
        await pilot.press("1")  # no case yet: the key types into the field instead
        assert app.screen.query_one("#query", Input).value == "U021"


async def test_a_lower_damage_charge_needs_a_reason_and_a_leads_pin(counter):
    lend(counter, "S1", "2026-11-24 08:00")
    app = DeskApp(counter, backup_after=60)
    async with app.run_test() as pilot:
        await open_section(pilot, "f3")
        await type_in(pilot, "S1")
        await pilot.press("enter")
        await settle(pilot)
        assert not app.screen.query_one("#field-compensation").display
        await pilot.press("3")  # damaged
        assert app.screen.query_one("#field-compensation").display
        await pilot.press("tab")
        assert app.focused.id == "compensation"
        await type_in(pilot, "100")
        assert app.screen.query_one("#field-reason").display  # 100 < the 500 forfeit
        shown = text_of(app.screen.query_one("#settlement", Static))
        assert "¥400.00" in shown
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Say why" in error_of(app, "reason")
        app.screen.query_one("#reason", Input).value = "轮子松动,已修"
        app.screen.query_one("#lead", Input).value = "韩梅梅"
        app.screen.query_one("#lead_pin", Input).value = "0000"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error_of(app, "lead_pin")
        assert app.screen.query_one("#lead_pin", Input).value == ""
        app.screen.query_one("#lead_pin", Input).value = "654321"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SlipScreen)
    line = LoanItem.get()
    assert (line.condition, line.charge_fen, line.refund_fen, line.compensation_fen) == (
        "damaged",
        10000,
        40000,
        10000,
    )
    assert line.approved_by.name == "韩梅梅" and line.reduction_reason == "轮子松动,已修"


@pytest.mark.engines  # the screens on a server too: workers' own connections
async def test_loan_list_pages_masks_phones_and_opens_a_loan_in_full(counter):
    stock.add_items(counter.actor, counter.policy, "umbrella", "P001-P130", "", counter.time.now())
    for n in range(1, 131):
        lend(counter, f"P{n:03d}", "2026-11-10 10:00", phone=f"139{n:08d}", name=f"客{n}")
    app = DeskApp(counter, backup_after=60)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_section(pilot, "ctrl+l")
        assert isinstance(app.screen, LoansScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 100  # one page, not the table
        assert not app.screen.query("LoadingIndicator")  # nothing covers the list
        assert "139****0001" in [str(c) for c in table.get_row_at(0)]
        table.move_cursor(row=85)
        await settle(pilot)
        assert table.row_count == 130
        await pilot.press("ctrl+n")  # overdue: all of them (due 17 Nov)
        await settle(pilot)
        assert table.row_count == 100
        await pilot.press("ctrl+f")
        assert app.focused.id == "search"
        await type_in(pilot, "0042")
        await pilot.press("enter")
        await settle(pilot)
        assert table.row_count == 1
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LoanDetailScreen)
        shown = text_of(app.screen.query_one("#loan-text", Static))
        assert "13900000042" in shown and "Overdue" in shown  # in words, as in the list
        await pilot.press("r")  # nothing returned yet: no return slip
        assert isinstance(app.screen, LoanDetailScreen)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, SlipScreen)
        assert "REPRINT" in text_of(app.screen.query_one("#slip-text", Static))


async def test_stock_add_edit_retire_and_count_from_the_keyboard(counter):
    from deskapp.models import StockCount
    from deskapp.screens.stock import StockScreen
    from deskapp.screens.stock_add import AddItemsForm
    from deskapp.screens.stock_take import StockTakeForm

    lend(counter, "S1", "2026-11-24 09:00")
    app = DeskApp(counter, backup_after=60)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_section(pilot, "ctrl+t")
        assert isinstance(app.screen, StockScreen)
        levels = text_of(app.screen.query_one("#levels", Static))
        assert "Umbrella" in levels and "20" in levels  # 5 umbrellas, minimum 20
        table = app.screen.query_one(DataTable)
        assert table.row_count == 8
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AddItemsForm)
        await pilot.press("tab")
        await type_in(pilot, "U06-U08")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert type(app.screen).__name__ == "TagLabelsScreen"  # their tags are offered
        await pilot.press("escape")  # not now
        await settle(pilot)
        assert isinstance(app.screen, StockScreen)
        assert table.row_count == 11
        table.move_cursor(row=0)
        await pilot.press("x")  # S1 (strollers sort first) is out: refused
        await settle(pilot)
        assert isinstance(app.screen, StockScreen)
        table.move_cursor(row=1)  # S2
        await pilot.press("x")
        await settle(pilot)
        await type_in(pilot, "轮子坏了")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert Item.get(Item.tag == "S2").status == "retired"
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, StockTakeForm)
        await type_in(pilot, "7")  # umbrellas: 8 expected
        await pilot.press("enter")
        await type_in(pilot, "0")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Type how many" in error_of(app, "count_wheelchair")
        assert app.focused.id == "count_wheelchair"
        await type_in(pilot, "0")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, StockScreen)
        assert "Umbrella -1" in text_of(app.screen.query_one("#levels", Static))
    assert {c.kind: (c.expected, c.counted) for c in StockCount.select()} == {
        "umbrella": (8, 7),
        "stroller": (0, 0),
        "wheelchair": (1, 0),
    }


async def test_the_app_closes_kept_umbrellas_and_home_shows_what_is_out(counter):
    lend(counter, "U01", "2026-10-20 10:00")  # due 27 Oct; the fee passed the deposit on 17 Nov
    lend(counter, "U02", "2026-11-15 10:00", phone="13900139000")  # due 22 Nov: overdue
    lend(counter, "S1", "2026-11-24 09:00", phone="13700137000")  # due today 22:00
    app = DeskApp(counter, backup_after=0)
    async with app.run_test() as pilot:
        await sign_in(pilot, "李雷", "5678")
        await settle(pilot)
        home = " ".join(text_of(app.screen.query_one("#lending", Static)).split())
        assert "Out now 2 items" in home
        assert "Overdue ! 1 item" in home
        assert "Due today 1 item" in home
        assert "Umbrella: 4, minimum 20" in home
    kept = LoanItem.get(LoanItem.item == Item.get(Item.tag == "U01"))
    assert (kept.state, kept.refund_fen, kept.days_late) == ("kept", 0, 21)


async def test_stock_shown_again_keeps_its_list_unless_the_stock_changed(counter):
    """Ctrl+T again on an unchanged stock shows the list as it was, without building its
    rows again (issue 20: 500 rows on a big desk); an item lent meanwhile shows at once."""
    app = DeskApp(counter, backup_after=60)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_section(pilot, "ctrl+t")
        table = app.screen.query_one(DataTable)
        first_row = table.ordered_rows[0]
        await pilot.press("escape", "ctrl+t")
        await settle(pilot)
        assert table.ordered_rows[0] is first_row and table.row_count == 8
        lend(counter, "U01", "2026-11-24 09:00")
        await pilot.press("escape", "ctrl+t")
        await wait_for(pilot, lambda: table.ordered_rows[0] is not first_row)
        statuses = [str(table.get_row_at(i)[2]) for i in range(table.row_count)]
        assert statuses.count("on loan") == 1

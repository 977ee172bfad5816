"""F6 Kit through Pilot: receive stock, register a use, alerts, the restock request."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from deskapp.app import DeskApp
from deskapp.models import KitBatch, KitCheck, KitUse
from deskapp.screens.confirm import ConfirmScreen
from deskapp.screens.home import HomeScreen
from deskapp.screens.kit import KitScreen
from deskapp.screens.kit_uses import KitUsesScreen
from deskapp.screens.slip import SlipScreen
from deskapp.screens.steps import StepForm
from deskapp.services import kit

from helpers import error_of, open_section, settle, sign_in, text_of, type_in


def row_of(table: DataTable, code: str) -> list[str]:
    return [str(c) for c in table.get_row(code)]


async def test_receive_then_register_a_use_by_keyboard(register):
    app = DeskApp(register, backup_after=60)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_section(pilot, "f6")
        assert isinstance(app.screen, KitScreen)
        table = app.screen.query_one(DataTable)
        assert (
            row_of(table, "A01")[:3] == ["A01", "Iodophor swabs", "0 swabs"]
            and row_of(table, "A01")[4] == "20"
        )
        head = text_of(app.screen.query_one("#kit-head", Static))
        assert "Desk kit" in head and "Never checked" in head
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, StepForm) and app.focused.id == "code"
        await pilot.press("tab")
        await type_in(pilot, "25")
        await pilot.press("enter")
        await type_in(pilot, "2027-03")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, KitScreen)
        assert row_of(table, "A01")[2:] == ["25 swabs", "", "20", "2027-03-31"]
        table.move_cursor(row=10)  # B01, taken by mouth
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("tab")
        await type_in(pilot, "10")
        await pilot.press("enter")
        await type_in(pilot, "0630")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "taken by mouth" in error_of(app, "lead")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)  # what was typed is not thrown away unasked
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert app.focused.id == "happened"
        await pilot.press("enter", "tab")  # now; a customer
        await type_in(pilot, "王先生")
        await pilot.press("enter")
        await type_in(pilot, "13800138000")
        await pilot.press("enter", "tab", "tab")  # minor injury; no details
        app.screen.query_one("#item1").value = "A01"
        await pilot.press("tab")
        await type_in(pilot, "30")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Only 25 swabs of Iodophor swabs" in error_of(app, "qty1")
        app.screen.query_one("#qty1").value = "2"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, KitScreen)
        assert row_of(table, "A01")[2] == "23 swabs"
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, KitUsesScreen)
        uses = app.screen.query_one(DataTable)
        assert uses.row_count == 1 and "Iodophor swabs 2 swabs" in [str(c) for c in uses.get_row_at(0)]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, KitScreen)
    assert KitUse.get().person_name == "王先生" and KitBatch.get().left_qty == 23


async def test_check_restock_and_home_alerts(register):
    kit.prepare(register.actor, register.time.now())
    kit_id = kit.kits()[0].id
    from helpers import at

    kit.receive(
        register.actor,
        register.policy,
        register.policy.security,
        at("2026-11-01 09:00"),
        kit_id,
        "A05",
        "3",
        "",
        "2026-11-20",
    )
    app = DeskApp(register, backup_after=60)
    async with app.run_test(size=(100, 40)) as pilot:
        await sign_in(pilot, "李雷", "5678")
        assert isinstance(app.screen, HomeScreen)
        home = " ".join(text_of(app.screen.query_one("#kit", Static)).split())
        assert "expired Bandage roll" in home and "below minimum" in home
        await pilot.press("f6")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert "expired" in row_of(table, "A05")[3]
        table.move_cursor(row=4)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)  # taking stock out cannot be undone
        await pilot.press("y")
        await settle(pilot)
        assert "expired" not in row_of(table, "A05")[3]
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "all in order" in text_of(app.screen.query_one("#kit-head", Static))
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, SlipScreen)
        text = text_of(app.screen.query_one("#slip-text", Static))
        assert "Medicine restock request" in text and "A05 Bandage roll" in text
    assert KitCheck.select().count() == 1 and KitBatch.get().removed_qty == 3

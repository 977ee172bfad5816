"""F6 Kit through Pilot: receive stock, register a use, alerts, the restock request, and the
prescription rule (docs/kit.md)."""

from __future__ import annotations

from textual.widgets import Checkbox, DataTable, Input, Static

from deskapp import i18n
from deskapp.app import DeskApp
from deskapp.i18n import _
from deskapp.models import AuditEntry, KitBatch, KitCheck, KitUse, Medicine
from deskapp.screens.confirm import ConfirmScreen
from deskapp.screens.home import HomeScreen
from deskapp.screens.kit import KitScreen
from deskapp.screens.kit_uses import KitUsesScreen
from deskapp.screens.slip import SlipScreen
from deskapp.screens.steps import StepForm
from deskapp.services import kit, kit_stock

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

    kit_stock.receive(
        register.actor,
        register.policy,
        register.policy.security,
        at("2026-11-01 09:00"),
        kit_id,
        "A05",
        "3",
        "",
        "2026-11-20",
        language=i18n.language(),
    )
    app = DeskApp(register, backup_after=60)
    async with app.run_test(size=(100, 40)) as pilot:
        await sign_in(pilot, "李雷", "5678")
        assert isinstance(app.screen, HomeScreen)
        home = " ".join(text_of(app.screen.query_one("#kit", Static)).split())
        assert "expired ! Bandage roll" in home and "below minimum" in home
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


# -- prescription and oral medicine (docs/kit.md, "Prescription and oral medicine") ------------------


def receive_now(desk, code: str, qty: str, expiry: str = "2027-03") -> int:
    kit.prepare(desk.actor, desk.time.now())
    kit_id = kit.kits()[0].id
    kit_stock.receive(
        desk.actor,
        desk.policy,
        desk.policy.security,
        desk.time,
        kit_id,
        code,
        qty,
        "",
        expiry,
        language=i18n.language(),
    )
    return kit_id


async def to_field(pilot, field: str) -> None:
    """Tab from field to field, as a clerk does, until `field` has the cursor."""
    for _tab in range(len(pilot.app.screen.FIELDS)):
        if pilot.app.focused.id == field:
            return
        await pilot.press("tab")
    assert pilot.app.focused.id == field


async def test_ticking_prescription_on_a_stocked_item_is_refused_beside_the_tick(register):
    receive_now(register, "A01", "25")
    app = DeskApp(register, backup_after=60)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_section(pilot, "f6")
        await pilot.press("m")  # the first row: A01, 25 swabs in the kit
        await settle(pilot)
        assert isinstance(app.screen, StepForm) and app.focused.id == "code"
        await to_field(pilot, "min_qty")
        await pilot.press("2", "5")  # typed over the 20 shown
        await to_field(pilot, "prescription")
        await pilot.press("space")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, StepForm)
        assert error_of(app, "prescription") == (
            "Iodophor swabs is a prescription medicine: it never goes into the kit, so it cannot be on its "
            "list."
        )
        assert app.focused.id == "prescription"  # the cursor where the clerk must look
        assert app.screen.query_one("#min_qty", Input).value == "25"  # nothing typed is lost
        assert app.screen.query_one("#prescription", Checkbox).value is True
        a01 = Medicine.get(Medicine.code == "A01")
        assert (a01.min_qty, a01.prescription) == (20, False)  # nothing half-written
        assert not AuditEntry.select().where(AuditEntry.action == "kit.list_edit").exists()
        await pilot.press("space", "ctrl+s")  # untick: the minimum is saved
        await settle(pilot)
        assert isinstance(app.screen, KitScreen)
        assert row_of(app.screen.query_one(DataTable), "A01")[2:5] == ["25 swabs", "", "25"]
    assert Medicine.get(Medicine.code == "A01").min_qty == 25


async def test_a_new_prescription_medicine_is_refused_in_the_clerks_language(locations):
    from conftest import make_desk
    from helpers import add_admin

    desk = make_desk(locations, lang="zh_CN")
    add_admin(desk, "王芳")
    app = DeskApp(desk, backup_after=60)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_section(pilot, "f6", "王芳", "123456")
        before = Medicine.select().count()  # the standard list, copied on first use
        await pilot.press("a")
        await settle(pilot)
        typed = {
            "code": "P01",
            "name_zh": "阿莫西林胶囊",
            "name_en": "Amoxicillin",
            "unit_zh": "盒",
            "min_qty": "2",
        }
        for field, text in typed.items():
            await to_field(pilot, field)
            await type_in(pilot, text)
        await to_field(pilot, "prescription")
        await pilot.press("space", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, StepForm)
        said = error_of(app, "prescription")
        assert said == _(
            "{name} is a prescription medicine: it never goes into the kit, so it cannot be on its list."
        ).format(name="阿莫西林胶囊")
        assert "阿莫西林胶囊" in said and "Amoxicillin" not in said  # named as the clerk reads it
        assert text_of(app.screen.query_one("#field-prescription .field-label", Static)) == "处方药"
        assert {f: app.screen.query_one(f"#{f}", Input).value for f in typed} == typed
        assert Medicine.select().count() == before and Medicine.get_or_none(Medicine.code == "P01") is None
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)  # what was typed is not thrown away unasked
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, KitScreen)
        assert "P01" not in [str(row.key.value) for row in app.screen.query_one(DataTable).ordered_rows]
    assert not AuditEntry.select().where(AuditEntry.action == "kit.list_add").exists()


async def test_prescription_medicine_left_by_an_earlier_version_is_shown_refused_and_taken_out(register):
    from datetime import date

    kit_id = receive_now(register, "A01", "25")
    p01 = Medicine.create(
        code="P01",
        name_zh="阿莫西林胶囊",
        name_en="Amoxicillin",
        unit_zh="盒",
        unit_en="boxes",
        min_qty=4,
        oral=False,
        prescription=True,
    )
    KitBatch.create(
        kit=kit_id,
        medicine=p01.id,
        expiry=date(2027, 6, 30),
        received_qty=7,
        left_qty=7,
        received_at=register.time.now(),
        received_by=register.actor.staff_id,
    )
    app = DeskApp(register, backup_after=60)
    async with app.run_test(size=(100, 40)) as pilot:
        await sign_in(pilot, "李雷", "5678")
        home = " ".join(text_of(app.screen.query_one("#kit", Static)).split())
        assert "prescription: take out ! Amoxicillin" in home
        await pilot.press("f6")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert row_of(table, "P01")[1:4] == [
            "Amoxicillin (prescription)",
            "7 boxes",
            "prescription: take out",
        ]
        table.move_cursor(row=table.get_row_index("P01"))
        await pilot.press("r")
        await settle(pilot)
        await to_field(pilot, "qty")
        await type_in(pilot, "3")
        await to_field(pilot, "expiry")
        await type_in(pilot, "2027-06")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error_of(app, "code") == "Amoxicillin is a prescription medicine: it never goes into the kit."
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert row_of(table, "P01")[2:4] == ["0 boxes", ""]
    held = KitBatch.select().where(KitBatch.medicine == p01.id)
    assert [(b.left_qty, b.removed_qty) for b in held] == [(0, 7)]


async def test_a_load_that_finishes_after_a_newer_one_is_not_shown(register):
    """x starts its taking-out while the screen, resumed from the question, reloads: the load that
    read before the taking-out can land last, and must not show its figures."""
    receive_now(register, "A01", "25")
    app = DeskApp(register, backup_after=60)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_section(pilot, "f6")
        screen = app.screen
        screen.post_message(KitScreen.Loaded(screen.kits, [], None, [], screen.generation - 1))
        await settle(pilot)
        assert row_of(screen.query_one(DataTable), "A01")[2] == "25 swabs"

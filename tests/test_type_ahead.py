"""Type-ahead (docs/counter.md, "Type-ahead"): whole key sequences sent at once, as a
barcode scanner or a practised typist on a busy PC sends them, with every database
worker made slow, leave the database exactly as the same keys typed one by one on
an idle desk. Each flow starts from the same copy of one desk, and the paced run's
result is checked against the desk's rules as well, so both cannot be wrong alike.
"""

from __future__ import annotations

import shutil
import time

import pytest
from textual import events
from textual.keys import _character_to_key

from deskapp import db, i18n
from deskapp.app import DeskApp
from deskapp.models import ALL_MODELS, Complaint, KitUse, Loan, LoanItem, ShiftLog, Staff
from deskapp.paths import Locations
from deskapp.services import audit, kit, kit_stock, lending, stock

from conftest import make_desk
from helpers import add_admin, add_staff, settle

SPECIAL = {"enter", "tab", "shift+tab", "escape", "up", "down", "space", "backspace"}


def keys_of(*parts: str) -> list[events.Key]:
    """Key events for `parts`: a key's name (enter, ctrl+s, f2) or text typed character by character."""
    found = []
    for part in parts:
        if part in SPECIAL or "+" in part and len(part) > 1 or part[:1] == "f" and part[1:].isdigit():
            found.append(events.Key(part, "\r" if part == "enter" else None))
        else:
            found += [events.Key(ch if ch.isalnum() else _character_to_key(ch), ch) for ch in part]
    return found


async def type_keys(pilot, parts: list[str], *, burst: bool) -> None:
    """All keys at once (burst), or one by one, each after the desk has settled."""
    await settle(pilot)
    for event in keys_of(*parts):
        pilot.app.post_message(event)
        if not burst:
            await settle(pilot)
    for _ in range(4):
        await settle(pilot)


def records() -> dict[str, list[tuple]]:
    return {m._meta.table_name: sorted(map(repr, m.select().tuples())) for m in ALL_MODELS}


@pytest.fixture
def desk_file(tmp_path):
    """A desk (the counter fixture's people and stock, a stroller lent and the kit
    stocked), closed, to be copied for each run."""
    locations = Locations(tmp_path / "base", tmp_path / "config", tmp_path / "base" / "desk.sqlite3")
    d = make_desk(locations)
    admin = add_admin(d)
    clerk = add_staff(d, admin, "李雷", "staff", "5678")
    add_staff(d, admin, "韩梅梅", "lead", "654321")
    add_staff(d, admin, "张伟", "staff", "2468")
    actor = audit.Actor(clerk.id, "tui")
    stock.add_items(actor, d.policy, "umbrella", "U01-U05", "", d.time.now())
    stock.add_items(actor, d.policy, "stroller", "S1 S2", "", d.time.now())
    lending.lend(actor, d.policy, d.time, "S1", "王五", "13600136000")
    kit.prepare(actor, d.time.now())
    kit_stock.receive(
        actor,
        d.policy,
        d.policy.security,
        d.time,
        kit.kits()[0].id,
        "A01",
        "25",
        "",
        "2027-03",
        language=i18n.language(),
    )
    db.disconnect()
    return locations


async def run(
    desk_file, tmp_path, monkeypatch, name: str, parts: list[str], *, burst: bool, slow: bool = False
) -> dict:
    folder = tmp_path / name
    folder.mkdir()
    shutil.copy(desk_file.database, folder / "desk.sqlite3")
    locations = Locations(folder, desk_file.config_dir, folder / "desk.sqlite3")
    if slow:  # every worker holds on a while after its database work, as on a busy PC
        real = db.release
        # A fake slow release (what is simulated), not a wait for anything: nothing waits on it.
        monkeypatch.setattr(db, "release", lambda: (time.sleep(0.03), real()))
    app = DeskApp(make_desk(locations), backup_after=600)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_keys(pilot, parts, burst=burst)
    monkeypatch.undo()
    found = records()
    db.disconnect()
    return found


async def same_either_way(desk_file, tmp_path, monkeypatch, parts: list[str]) -> None:
    paced = await run(desk_file, tmp_path, monkeypatch, "paced", parts, burst=False)
    burst = await run(desk_file, tmp_path, monkeypatch, "burst", parts, burst=True, slow=True)
    assert burst == paced
    db.connect(tmp_path / "paced" / "desk.sqlite3")  # the paced result, for the rules below


SIGN_IN = ["李雷", "tab", "5678", "enter"]


async def test_sign_in_and_lend_two_items_typed_ahead_from_the_start(desk_file, tmp_path, monkeypatch):
    """Typed while the app starts: the name, Tab, the PIN; then two scans right after F2."""
    parts = [
        *SIGN_IN,
        "f2",
        "U01",
        "enter",
        "U02",
        "enter",
        "enter",
        "Qi",
        "enter",
        "13800138000",
        "enter",
        "enter",
        "enter",
        "escape",
    ]
    await same_either_way(desk_file, tmp_path, monkeypatch, parts)
    loan = Loan.select().order_by(Loan.id.desc()).get()
    assert (loan.borrower, loan.phone) == ("Qi", "13800138000")
    assert sorted(i.item.tag for i in loan.items) == ["U01", "U02"]
    assert Staff.get(Staff.name == "李雷").failed_pins == 0


async def test_return_with_a_lower_charge_typed_ahead(desk_file, tmp_path, monkeypatch):
    parts = [
        *SIGN_IN,
        "f3",
        "S1",
        "enter",
        "3",
        "tab",
        "100",
        "enter",
        "轮子松动",
        "enter",
        "韩梅梅",
        "enter",
        "654321",
        "enter",
        "escape",
    ]
    await same_either_way(desk_file, tmp_path, monkeypatch, parts)
    line = LoanItem.get(LoanItem.state == "returned")
    assert (line.condition, line.charge_fen, line.refund_fen, line.reduction_reason) == (
        "damaged",
        10000,
        40000,
        "轮子松动",
    )
    assert line.approved_by.name == "韩梅梅"


async def test_a_complaint_typed_ahead(desk_file, tmp_path, monkeypatch):
    parts = [
        *SIGN_IN,
        "f4",
        "n",
        "tab",
        "09:30",
        "enter",
        "3F 童装店",
        "enter",
        "店员态度差",
        "enter",
        "enter",
        "张女士",
        "enter",
        "13800138000",
        "enter",
        "enter",
        "1126",
        "ctrl+s",
    ]
    await same_either_way(desk_file, tmp_path, monkeypatch, parts)
    c = Complaint.get()
    assert (c.place, c.what, c.people, c.complainant, c.contact) == (
        "3F 童装店",
        "店员态度差",
        "",
        "张女士",
        "13800138000",
    )


async def test_a_medicine_use_typed_ahead(desk_file, tmp_path, monkeypatch):
    parts = [
        *SIGN_IN,
        "f6",
        "u",
        "enter",
        "enter",
        "王先生",
        "enter",
        "13800138000",
        "enter",
        "enter",
        "enter",
        "space",
        "A01",
        "enter",
        "tab",
        "2",
        "ctrl+s",
    ]  # Enter moves on, Space opens a list
    await same_either_way(desk_file, tmp_path, monkeypatch, parts)
    use = KitUse.get()
    assert (use.person_name, use.contact) == ("王先生", "13800138000")
    assert [(line.batch.medicine.code, line.qty) for line in use.lines] == [("A01", 2)]


async def test_a_handover_counted_and_signed_typed_ahead(desk_file, tmp_path, monkeypatch):
    parts = [
        *SIGN_IN,
        "f5",
        "h",
        "y",
        "0",
        "tab",
        "tab",
        "5",
        "tab",
        "1",
        "tab",
        "0",
        "ctrl+s",
        "ctrl+o",
        "李雷",
        "enter",
        "5678",
        "ctrl+s",
        "ctrl+o",
        "张伟",
        "enter",
        "2468",
        "ctrl+s",
    ]
    await same_either_way(desk_file, tmp_path, monkeypatch, parts)
    log = ShiftLog.get_by_id(1)
    assert (log.state, log.cash_counted_fen, log.outgoing.name, log.incoming.name) == (
        "signed",
        0,
        "李雷",
        "张伟",
    )


async def test_esc_and_a_key_read_together_are_esc_then_the_key(counter):
    """A terminal reads Esc and a key right after it as Alt+key: deskapp takes it as both."""
    from deskapp.screens.lend import LendScreen

    from helpers import open_section, type_in

    app = DeskApp(counter, backup_after=60)
    async with app.run_test() as pilot:
        await open_section(pilot, "f2")
        await pilot.press("enter")  # no tags yet: the borrower
        await type_in(pilot, "张三")
        app.post_message(events.Key("alt+y", "y"))  # Esc (empty the form? asked) and Y (yes)
        await settle(pilot)
        assert isinstance(app.screen, LendScreen)
        assert app.screen.query_one("#borrower").value == ""


async def test_enter_on_a_pick_moves_on_and_keeps_the_choice(register):
    from helpers import open_section

    app = DeskApp(register, backup_after=60)
    async with app.run_test() as pilot:
        await open_section(pilot, "f4")
        await pilot.press("n")
        await settle(pilot)
        assert app.focused.id == "channel"
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused.id == "happened"
        assert app.screen.query_one("#channel").value == "walk_in"

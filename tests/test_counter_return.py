"""The return at the counter (docs/counter.md, "Return"): each item settles on its own,
and no key typed anywhere can change a condition or save a lower charge unasked."""

from __future__ import annotations

import asyncio
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deskapp import db
from deskapp.app import DeskApp
from deskapp.errors import ValidationError
from deskapp.models import CashEntry, Item, Loan, LoanItem, NameGram
from deskapp.screens.return_ import ReturnScreen
from deskapp.services import returns

from helpers import at, error_of, lend, open_section, settle, type_in
from test_type_ahead import keys_of


@pytest.mark.engines
def test_each_item_of_a_slip_settles_on_its_own(counter):
    """An intact umbrella and a damaged stroller, on one slip: the umbrella's deposit
    back, the stroller's assessed ¥100 kept (a lead approves it), the rest back."""
    loan = lend(counter, "U01 S1", "2026-11-24 08:00")
    case = returns.find_for_return(loan.slip_no)
    umbrella, stroller = (line.id for line in case.lines)
    result = returns.return_items(
        counter.actor,
        counter.policy,
        counter.policy.security,
        at("2026-11-24 10:00"),
        [umbrella, stroller],
        {umbrella: "intact", stroller: "damaged"},
        {stroller: "100"},
        "轮子松动",
        "韩梅梅",
        "654321",
    )
    assert (result.preview.refund_fen, result.preview.charge_fen, result.preview.owed_fen) == (
        2000 + 40000,
        10000,
        0,
    )
    rows = {r.item.tag: r for r in LoanItem.select()}
    assert (rows["U01"].condition, rows["U01"].refund_fen, rows["U01"].approved_by) == ("intact", 2000, None)
    assert (rows["S1"].condition, rows["S1"].charge_fen, rows["S1"].refund_fen) == ("damaged", 10000, 40000)
    assert rows["S1"].approved_by.name == "韩梅梅" and rows["S1"].reduction_reason == "轮子松动"
    assert [i.status for i in (rows["U01"].item, rows["S1"].item)] == ["available", "repair"]


@pytest.mark.engines
def test_a_condition_per_item_is_checked(counter):
    loan = lend(counter, "U01 U02", "2026-11-24 08:00")
    ids = [line.id for line in returns.find_for_return(loan.slip_no).lines]
    with pytest.raises(ValidationError) as caught:
        returns.return_items(
            counter.actor,
            counter.policy,
            counter.policy.security,
            at("2026-11-24 10:00"),
            ids,
            {ids[0]: "intact", ids[1]: "broken"},
        )
    assert "1 intact" in caught.value.errors["condition"]
    assert LoanItem.select().where(LoanItem.state == "out").count() == 2


async def test_keys_pick_an_item_and_choose_its_condition_on_the_settlement_only(counter):
    lend(counter, "U01 S1", "2026-11-24 08:00")
    app = DeskApp(counter, backup_after=60)
    async with app.run_test() as pilot:
        await open_section(pilot, "f3")
        await type_in(pilot, "L0000001")
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReturnScreen) and app.focused.id == "settlement"
        await pilot.press("down", "3")  # the stroller is damaged
        await settle(pilot)
        assert list(screen.conditions.values()) == ["intact", "damaged"]
        await pilot.press("tab")
        assert app.focused.id == "compensation"
        await pilot.press("2")  # a digit in a field is the field's
        await settle(pilot)
        assert list(screen.conditions.values()) == ["intact", "damaged"]
        assert screen.compensations == {screen.case.lines[1].id: "2"}


# -- any keys at all ------------------------------------------------------------------------

KEYS = st.lists(
    st.sampled_from(
        [
            "1",
            "2",
            "3",
            "4",
            "0",
            "5",
            "tab",
            "shift+tab",
            "enter",
            "escape",
            "ctrl+s",
            "up",
            "down",
            "y",
            "n",
            "a",
            "backspace",
        ]
    ),
    min_size=5,
    max_size=40,
)
RANDOM = settings(
    max_examples=int(os.environ.get("DESKAPP_KEY_EXAMPLES", "20")),
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@RANDOM
@given(keys=KEYS)
def test_no_key_sequence_saves_a_lower_charge_or_a_condition_not_chosen(counter, keys):
    """A damaged stroller assessed at ¥100 (below the ¥500 forfeit), then keys at random,
    all at once. Nothing may save the lower charge without the lead (whose name no key
    here can type), and whatever is saved is in the condition last chosen on the
    settlement: a condition never changes while the focus is elsewhere."""
    CashEntry.delete().execute()  # a fresh loan each example, on the same desk
    LoanItem.delete().execute()
    NameGram.delete().execute()
    Loan.delete().execute()
    Item.update(status="available").execute()
    lend(counter, "S1", "2026-11-24 08:00")
    chosen: list[tuple[str, str | None]] = []
    real = ReturnScreen.action_condition

    def watched(self, condition):
        chosen.append((condition, getattr(self.app.focused, "id", None)))
        real(self, condition)

    async def drive() -> None:
        app = DeskApp(counter, backup_after=600)
        async with app.run_test() as pilot:
            await open_section(pilot, "f3")
            for event in keys_of("S1", "enter", "3", "tab", "100", *keys):
                app.post_message(event)
            await settle(pilot)
            await settle(pilot)

    ReturnScreen.action_condition = watched
    try:
        asyncio.run(drive())
    finally:
        ReturnScreen.action_condition = real
        db.release()
    assert all(focus == "settlement" for _c, focus in chosen), chosen
    line = LoanItem.get()
    if line.state == "returned":
        default = counter.policy.kinds["stroller"].damaged_charge_fen if line.condition == "damaged" else None
        assert not (default is not None and line.charge_fen < default), "a lower charge saved unapproved"
        assert line.approved_by is None
        assert line.condition == chosen[-1][0]


async def test_a_scan_while_the_settlement_has_focus_looks_up_the_next_item(counter):
    lend(counter, "U01", "2026-11-24 08:00")
    lend(counter, "U04", "2026-11-24 08:00", phone="13900139000")
    app = DeskApp(counter, backup_after=60)
    async with app.run_test() as pilot:
        await open_section(pilot, "f3")
        for event in keys_of("U01", "enter", "U04", "enter"):  # two scans, the second on the settlement
            app.post_message(event)
        await settle(pilot)
        screen = app.screen
        assert [line.tag for line in screen.case.lines] == ["U04"]
        assert list(screen.conditions.values()) == ["intact"]  # its 4 was no "lost"
        assert LoanItem.select().where(LoanItem.state == "out").count() == 2


async def test_a_lead_pin_typed_before_the_money_changed_approves_nothing(counter):
    lend(counter, "U01 S1", "2026-11-24 08:00")
    app = DeskApp(counter, backup_after=60)
    async with app.run_test() as pilot:
        await open_section(pilot, "f3")
        for event in keys_of(
            "L0000001",
            "enter",
            "down",
            "3",
            "tab",
            "100",
            "enter",
            "轮子松动",
            "enter",
            "韩梅梅",
            "enter",
            "654321",
            "shift+tab",
            "shift+tab",
            "shift+tab",
            "shift+tab",
            "up",
            "3",
            "tab",
            "1",
            "ctrl+s",
        ):
            app.post_message(event)
        await settle(pilot)
        assert app.screen.query_one("#lead_pin").value == ""  # the umbrella was lowered after the PIN
        assert "PIN" in (error_of(app, "lead_pin") + error_of(app, "lead"))
    assert LoanItem.select().where(LoanItem.state == "out").count() == 2

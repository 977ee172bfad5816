"""F5 Handover through Pilot: the log, promises, counting, signing, the start-of-day check."""

from __future__ import annotations

from textual.widgets import Input, Static

from deskapp.app import DeskApp
from deskapp.models import HandoverAck, ShiftLog
from deskapp.screens.confirm import ConfirmScreen
from deskapp.screens.handover import HandoverScreen
from deskapp.screens.handover_sign import AcknowledgeScreen, HandoverSignScreen
from deskapp.screens.home import HomeScreen
from deskapp.screens.steps import StepForm
from deskapp.services import handover, seals

from helpers import add_staff, at, error_of, open_section, settle, sign_in, text_of, type_in


def with_taker(desk):
    from deskapp.models import Staff
    from deskapp.services.staff import _info

    add_staff(desk, _info(Staff.get(Staff.name == "王芳")), "张伟", "staff", "2468")
    return desk


async def test_write_the_log_then_hand_over_and_sign(counter):
    d = with_taker(counter)
    app = DeskApp(d, backup_after=60)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_section(pilot, "f5")
        assert isinstance(app.screen, HandoverScreen)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, StepForm) and app.focused.id == "promise_to"
        await type_in(pilot, "刘女士 13600136000")
        await pilot.press("enter")
        app.focused.insert("找到蓝色雨伞后电话通知")
        await pilot.press("tab")
        await type_in(pilot, "11-25 12:00")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        app.screen.query_one("#service").value = "photocopy_a4"
        await pilot.press("tab")
        await type_in(pilot, "10")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HandoverScreen)
        assert "刘女士 13600136000" in text_of(app.screen.query_one("#promises", Static))
        log = text_of(app.screen.query_one("#log-entries", Static))
        assert "¥5.00 · Photocopy A4 b/w ×10" in log
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)  # cutting the shift cannot be undone
        await pilot.press("enter")  # Enter does not say yes
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, HandoverSignScreen)
        assert "Cash expected now  ¥5.00" in text_of(app.screen.query_one("#handover-summary", Static))
        assert app.focused.id == "cash_counted"
        await type_in(pilot, "4")
        for field, value in (("count_umbrella", "5"), ("count_stroller", "2"), ("count_wheelchair", "1")):
            app.screen.query_one(f"#{field}", Input).value = value
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "differs from the records by ¥-1.00" in error_of(app, "cash_reason")
        app.screen.query_one("#cash_counted", Input).value = "5"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, StepForm)
        await type_in(pilot, "李雷")
        await pilot.press("enter")
        await type_in(pilot, "5678")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HandoverSignScreen)
        assert app.screen.query_one("#cash_counted", Input).disabled  # the counts are the outgoing's
        await pilot.press("ctrl+o")
        await settle(pilot)
        await type_in(pilot, "李雷")  # the same person cannot take over from themself
        await pilot.press("enter")
        await type_in(pilot, "5678")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "another person" in error_of(app, "signer")
        app.screen.query_one("#signer", Input).value = "张伟"
        app.screen.query_one("#signer_pin", Input).value = "2468"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Handover of Morning · signed" in app.screen.query_one("#handover-summary").border_title
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HandoverScreen)
        assert "Evening" in text_of(app.screen.query_one("#shift-head", Static))
        assert "刘女士" in text_of(app.screen.query_one("#promises", Static))  # carried over
    first = ShiftLog.get_by_id(1)
    assert (first.state, first.cash_counted_fen, first.outgoing.name, first.incoming.name) == (
        "signed",
        500,
        "李雷",
        "张伟",
    )
    assert seals.verify() == []


async def test_counts_typed_with_enter_and_a_difference_confirmed_by_another_lead(counter):
    """The counts go in as a person types them (Enter from field to field, in
    one burst); the difference is confirmed by a lead who is not the incoming
    clerk, and the sealing leaves its head in chain-heads.txt and its code on paper."""
    from deskapp import anchors
    from deskapp.screens.slip import SlipScreen

    app = DeskApp(counter, backup_after=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "f5")
        await pilot.press("h", "y")
        await settle(pilot)
        assert app.focused.id == "cash_counted"
        await pilot.press(*"10", "enter", *"found", "enter", "5", "enter", "2", "enter", "1", "enter",
                          "enter", *"ok", "enter")  # the last Enter saves the counts
        await settle(pilot)
        info = handover.get(app.screen.log_id)
        assert (info.cash_counted_fen, info.cash_reason, info.notes) == (1000, "found", "ok")
        for name, pin in (("李雷", "5678"), ("韩梅梅", "654321"), ("韩梅梅", "654321")):  # out, in, lead
            await pilot.press("ctrl+o")
            await settle(pilot)
            await type_in(pilot, name)
            await pilot.press("enter")
            await type_in(pilot, pin)
            await pilot.press("ctrl+s")
            await settle(pilot)
        assert "a shift lead other than the incoming clerk" in error_of(app, "signer")
        app.screen.query_one("#signer", Input).value = "王芳"
        app.screen.query_one("#signer_pin", Input).value = "123456"
        await pilot.press("ctrl+s")
        await settle(pilot)
        signed = handover.get(app.screen.log_id)
        assert (signed.state, signed.incoming, signed.lead) == ("signed", "韩梅梅", "王芳")
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, SlipScreen)
        assert seals.seal_code(signed.id, signed.hash) in text_of(app.screen.query_one("#slip-text", Static))
    heads = (counter.locations.backup_dir / anchors.HEADS_FILE).read_text().split()
    assert heads[-2:] == [str(signed.id), signed.hash]
    assert seals.verify() == []


async def test_the_day_starts_by_checking_yesterdays_handover(counter):
    d = with_taker(counter)
    handover.write(d.actor, d.policy, at("2026-11-23 21:00"), "event", "闭店前电梯故障,已报修", told=True)
    log = handover.start(d.actor, d.policy, at("2026-11-23 22:00"))
    handover.save_counts(
        d.actor, at("2026-11-23 22:01"), log.id, "0", "", {k: str(v[0]) for k, v in log.items.items()}, "", ""
    )
    handover.sign(
        d.actor, d.policy, d.policy.security, at("2026-11-23 22:02"), log.id, "outgoing", "李雷", "5678"
    )
    handover.sign(
        d.actor, d.policy, d.policy.security, at("2026-11-23 22:03"), log.id, "incoming", "张伟", "2468"
    )
    app = DeskApp(d, backup_after=60)
    async with app.run_test(size=(100, 40)) as pilot:
        await sign_in(pilot, "李雷", "5678")
        await settle(pilot)
        assert isinstance(app.screen, AcknowledgeScreen)
        assert "电梯故障" in text_of(app.screen.query_one(Static))
        await pilot.press("enter")  # an Enter typed ahead does not sign it off
        await settle(pilot)
        assert isinstance(app.screen, AcknowledgeScreen)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "None open" in text_of(app.screen.query_one("#home-promises", Static))
    assert HandoverAck.get().staff.name == "李雷"


async def test_counts_typed_are_not_thrown_away_unasked(counter):
    app = DeskApp(counter, backup_after=60)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_section(pilot, "f5")
        await pilot.press("h", "y")
        await settle(pilot)
        assert isinstance(app.screen, HandoverSignScreen) and app.focused.id == "cash_counted"
        await type_in(pilot, "0")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen.query_one("#cash_counted", Input).value == "0"
        for field, value in (("count_umbrella", "5"), ("count_stroller", "2"), ("count_wheelchair", "1")):
            app.screen.query_one(f"#{field}", Input).value = value
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")  # saved: nothing to lose, no question
        await settle(pilot)
        assert isinstance(app.screen, HandoverScreen)

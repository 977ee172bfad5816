"""F5 Handover through Pilot: the log, promises, counting, signing, the start-of-day check."""

from __future__ import annotations

from textual.widgets import Input, Static

from deskapp.app import DeskApp
from deskapp.models import HandoverAck, ShiftLog
from deskapp.rules.seals import seal_code
from deskapp.screens.confirm import ConfirmScreen
from deskapp.screens.handover import HandoverScreen
from deskapp.screens.handover_acknowledge import AcknowledgeScreen
from deskapp.screens.handover_sign import HandoverSignScreen
from deskapp.screens.home import HomeScreen
from deskapp.screens.signin import SignInScreen
from deskapp.screens.steps import StepForm
from deskapp.services import handover, handover_count, handover_signing, seals

from conftest import POLICY
from helpers import add_staff, at, error_of, open_section, settle, sign_in, text_of, type_in


def with_taker(desk):
    from deskapp.models import Staff
    from deskapp.services.staff import _info

    add_staff(desk, _info(Staff.get(Staff.name == "王芳")), "张伟", "staff", "2468")
    return desk


def labels(app) -> list[str]:
    """The item count's labels on the handover screen."""
    return [
        text_of(app.screen.query_one(f"#field-count_{k} .field-label", Static))
        for k in ("umbrella", "stroller", "wheelchair")
    ]


async def count_items(pilot, cash: str) -> None:
    """On the count step: the cash as typed, the items as on hand (5, 2, 1), then Ctrl+S."""
    app = pilot.app
    app.screen.query_one("#cash_counted", Input).value = cash
    for field, value in (("count_umbrella", "5"), ("count_stroller", "2"), ("count_wheelchair", "1")):
        app.screen.query_one(f"#{field}", Input).value = value
    await pilot.press("ctrl+s")
    await settle(pilot)


async def sign_as(pilot, name: str, pin: str) -> None:
    """Ctrl+O: the next signature, with a name and PIN."""
    await pilot.press("ctrl+o")
    await settle(pilot)
    assert isinstance(pilot.app.screen, StepForm)
    await type_in(pilot, name)
    await pilot.press("enter")
    await type_in(pilot, pin)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def write_promise_and_money(pilot) -> None:
    app = pilot.app
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


async def test_write_the_log_then_hand_over_and_sign(counter):
    d = with_taker(counter)
    app = DeskApp(d, backup_after=60)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_section(pilot, "f5")
        assert isinstance(app.screen, HandoverScreen)
        await write_promise_and_money(pilot)
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
        assert isinstance(app.screen, HandoverSignScreen) and app.focused.id == "cash_counted"
        await count_items(pilot, "5")
        await sign_as(pilot, "李雷", "5678")
        assert isinstance(app.screen, HandoverSignScreen)
        assert app.screen.query_one("#cash_counted", Input).disabled  # the counts are the outgoing's
        await sign_as(pilot, "李雷", "5678")  # the same person cannot take over from themself
        assert "another person" in error_of(app, "signer")
        app.screen.query_one("#signer", Input).value = "张伟"
        app.screen.query_one("#signer_pin", Input).value = "2468"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Handover of Morning · signed" in app.screen.query_one("#handover-summary").border_title
        # The incoming clerk's signature sealed it: the desk is theirs, signed in with that PIN.
        assert (app.staff.name, app.locked) == ("张伟", False)
        assert app.sub_title.startswith("张伟")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HandoverScreen)
        # Handed over at 10:00: the next log covers the rest of the morning.
        assert "Morning  since 2026-11-24 10:00" in text_of(app.screen.query_one("#shift-head", Static))
        assert "刘女士" in text_of(app.screen.query_one("#promises", Static))  # carried over
    first = ShiftLog.get_by_id(1)
    assert (first.state, first.cash_counted_fen, first.outgoing.name, first.incoming.name) == (
        "signed",
        500,
        "李雷",
        "张伟",
    )
    assert seals.verify() == []


async def test_the_count_is_blind_until_it_is_saved(counter):
    """Policy handover.blind_count (the default): neither the cash nor the items the records
    expect show while counting; the first count is saved as counted, then they show."""
    handover.money(counter.actor, counter.policy, at("2026-11-24 09:00"), "photocopy_a4", qty="10")  # ¥5
    app = DeskApp(counter, backup_after=60)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_section(pilot, "f5")
        await pilot.press("h", "y")
        await settle(pilot)
        summary = text_of(app.screen.query_one("#handover-summary", Static))
        assert "Blind count" in summary and "Cash expected" not in summary and "¥5.00" not in summary
        assert "Photocopy" not in summary  # the money would give the cash away
        assert labels(app) == ["Umbrella", "Stroller", "Wheelchair"]  # no expected number beside them
        assert app.focused.id == "cash_counted"
        await count_items(pilot, "4")
        # Saved as counted; now the figures show and why it differs is asked.
        assert ShiftLog.get_by_id(1).cash_counted_fen == 400
        summary = text_of(app.screen.query_one("#handover-summary", Static))
        assert "Cash expected now  ¥5.00" in summary and "Difference         ! ¥-1.00" in summary
        assert labels(app) == ["Umbrella (5)", "Stroller (2)", "Wheelchair (1)"]
        assert "differs from the records by ¥-1.00" in error_of(app, "cash_reason")
        assert app.focused.id == "cash_reason"
        # The outgoing cannot sign an unexplained difference: the signing form says so, and a
        # name and PIN typed ahead land in it, never in the count (a PIN saved as a count).
        await pilot.press("ctrl+o", *"李雷", "tab", *"5678", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, StepForm)
        assert "Say why the count differs" in error_of(app, "signer")
        await pilot.press("escape", "y")  # what was typed there is thrown away, asked first
        await settle(pilot)
        assert isinstance(app.screen, HandoverSignScreen) and ShiftLog.get_by_id(1).outgoing_id is None
        assert [
            app.screen.query_one(f"#{f}", Input).value
            for f in ("cash_counted", "cash_reason", "count_umbrella", "count_stroller")
        ] == ["4", "", "5", "2"]
        assert app.focused.id == "cash_reason"
        await type_in(pilot, "少收一元,已查")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert error_of(app, "cash_reason") == ""
        assert ShiftLog.get_by_id(1).cash_reason == "少收一元,已查"


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
        await pilot.press(
            *"10",
            "enter",
            *"found",
            "enter",
            "5",
            "enter",
            "2",
            "enter",
            "1",
            "enter",
            "enter",
            *"ok",
            "enter",
        )  # the last Enter saves the counts
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
        signed = handover.get(1)
        assert (signed.state, signed.incoming, signed.lead) == ("signed", "韩梅梅", "王芳")
        # The lead's PIN sealed it: the outgoing clerk is signed out and the incoming one asked in.
        assert isinstance(app.screen, SignInScreen) and app.locked and app.sub_title == ""
        assert "韩梅梅, sign in to take over" in text_of(app.screen.query_one("#lock-notice", Static))
        assert (app.screen.query_one("#name", Input).value, app.focused.id) == ("韩梅梅", "pin")
        await type_in(pilot, "654321")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HandoverSignScreen) and app.staff.name == "韩梅梅"
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, SlipScreen)
        assert seal_code(signed.id, signed.hash) in text_of(app.screen.query_one("#slip-text", Static))
    heads = (counter.locations.backup_dir / anchors.HEADS_FILE).read_text().split()
    assert heads[-2:] == [str(signed.id), signed.hash]
    assert seals.verify() == []


async def test_the_day_starts_by_checking_yesterdays_handover(counter):
    d = with_taker(counter)
    handover.write(d.actor, d.policy, at("2026-11-23 21:00"), "event", "闭店前电梯故障,已报修", told=True)
    log = handover_count.start(d.actor, d.policy, at("2026-11-23 22:00"))
    handover_count.save_counts(
        d.actor, at("2026-11-23 22:01"), log.id, "0", "", {k: str(v[0]) for k, v in log.items.items()}, "", ""
    )
    handover_signing.sign(
        d.actor, d.policy, d.policy.security, at("2026-11-23 22:02"), log.id, "outgoing", "李雷", "5678"
    )
    handover_signing.sign(
        d.actor, d.policy, d.policy.security, at("2026-11-23 22:03"), log.id, "incoming", "张伟", "2468"
    )
    app = DeskApp(d, backup_after=60)
    async with app.run_test(size=(100, 40)) as pilot:
        await sign_in(pilot, "李雷", "5678")
        await settle(pilot)
        assert isinstance(app.screen, AcknowledgeScreen)
        assert "电梯故障" in text_of(app.screen.query_one("#ack-text", Static))
        title = app.screen.query_one("#slip-box").border_title
        assert title == "Handover of 2026-11-23: check it and confirm"
        assert text_of(app.screen.query_one("#ack-when", Static)) == "Signed yesterday, 2026-11-23 22:03."
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


async def test_a_log_open_for_days_and_a_check_nine_days_late_say_so(counter):
    """Issue 17: a log begun days ago is not called by the shift it began in, and the
    start-of-day check names the day of the handover it shows (today is 24 November)."""
    d = with_taker(counter)
    log = handover_count.start(d.actor, d.policy, at("2026-11-15 22:00"))  # the desk's first log, its evening
    handover_count.save_counts(
        d.actor, at("2026-11-15 22:01"), log.id, "0", "", {k: str(v[0]) for k, v in log.items.items()}, "", ""
    )
    for role, name, pin in (("outgoing", "李雷", "5678"), ("incoming", "张伟", "2468")):
        handover_signing.sign(
            d.actor, d.policy, d.policy.security, at("2026-11-15 22:03"), log.id, role, name, pin
        )
    handover.write(d.actor, d.policy, at("2026-11-16 09:00"), "note", "开门")
    app = DeskApp(d, backup_after=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "李雷", "5678")
        assert isinstance(app.screen, AcknowledgeScreen)
        title = app.screen.query_one("#slip-box").border_title
        assert title == "Handover of 2026-11-15: check it and confirm"
        assert text_of(app.screen.query_one("#ack-when", Static)) == "Signed 9 days ago, 2026-11-15 22:03."
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        head = text_of(app.screen.query_one("#shift-head", Static))
        assert head.startswith("Several shifts  since 2026-11-15 22:00")  # not "Morning"
        await pilot.press("h", "y")
        await settle(pilot)
        title = app.screen.query_one("#handover-summary").border_title
        assert title == "Handover of 11-15 22:00–11-24 10:00 · handing over"


async def test_without_a_blind_count_the_expected_figures_show_while_counting(counter):
    from deskapp import policy

    counter.locations.policy_file.parent.mkdir(parents=True, exist_ok=True)
    counter.locations.policy_file.write_text("[handover]\nblind_count = false\n", encoding="utf-8")
    counter.policy = policy.load(counter.locations.policy_file, defaults=POLICY)
    app = DeskApp(counter, backup_after=60)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_section(pilot, "f5")
        await pilot.press("h", "y")
        await settle(pilot)
        assert "Cash expected now  ¥0.00" in text_of(app.screen.query_one("#handover-summary", Static))
        assert labels(app) == ["Umbrella (5)", "Stroller (2)", "Wheelchair (1)"]
        await type_in(pilot, "1")
        for field, value in (("count_umbrella", "5"), ("count_stroller", "2"), ("count_wheelchair", "1")):
            app.screen.query_one(f"#{field}", Input).value = value
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "differs from the records by ¥1.00" in error_of(app, "cash_reason")
        assert ShiftLog.get_by_id(1).cash_counted_fen is None  # refused, as before: not blind

"""The handover book (docs/handover.md): the summary from known records, the cash
difference rule, who signs what in which order, read-only after signing, addenda,
the seal catching an edited row, and promises carried over."""

import pytest

from deskapp import db
from deskapp.errors import DeskError, ValidationError
from deskapp.models import HandoverAddendum, LogEntry, ShiftLog
from deskapp.rules.seals import seal_code
from deskapp.services import (
    complaints,
    handover,
    handover_addenda,
    handover_count,
    handover_history,
    handover_promises,
    handover_signing,
    handover_text,
    seals,
    shifts,
)

from conftest import POLICY
from helpers import add_staff, at, give_back, lend, take
from test_cli import run

pytestmark = pytest.mark.engines  # every test on SQLite and on PostgreSQL (conftest)


@pytest.fixture
def shift(counter):
    """The counter desk (clerk 李雷 5678, lead 韩梅梅 654321, admin 王芳 123456) and 张伟 (2468),
    who takes over. The morning log opens at 08:30 on 24 November."""
    from deskapp.models import Staff

    admin = Staff.get(Staff.name == "王芳")
    from deskapp.services.staff import _info

    add_staff(counter, _info(admin), "张伟", "staff", "2468")
    handover.write(counter.actor, counter.policy, at("2026-11-24 08:30"), "note", "早班开始,雨伞架已整理")
    return counter


def start(d, when="2026-11-24 15:00"):
    return handover_count.start(d.actor, d.policy, at(when))


def count(d, log, cash, reason="", items=None, item_reason="", when="2026-11-24 15:05"):
    counted = items or {k: str(v[0]) for k, v in log.items.items()}
    return handover_count.save_counts(
        d.actor, at(when), log.id, cash, reason, counted, item_reason, "交接正常"
    )


def sign(d, log, role, name, pin, when="2026-11-24 15:10"):
    return handover_signing.sign(d.actor, d.policy, d.policy.security, at(when), log.id, role, name, pin)


def test_the_summary_comes_from_the_records(shift):
    d = shift
    lend(d, "U01 U02", "2026-11-24 09:00")  # deposits 40
    lend(d, "S1", "2026-11-24 09:30", phone="13900139000")  # deposit 500
    give_back(d, "U01", "2026-11-24 10:00")  # refund 20
    handover.money(d.actor, d.policy, at("2026-11-24 11:00"), "photocopy_a4", qty="10")  # 10 x 0.50
    handover.money(d.actor, d.policy, at("2026-11-24 11:30"), "", amount="20", direction="out", text="买胶带")
    take(d, "2026-11-24 10:30")
    log = start(d)
    lend(d, "U03", "2026-11-24 15:30", phone="13700137000")  # after the cut: the next shift's
    f = log.summary
    assert f["loans_made"] == {"umbrella": 2, "stroller": 1}
    assert (f["returned"], f["out_now"], f["overdue_now"]) == (1, 2, 0)
    assert (f["deposits_taken_fen"], f["deposits_refunded_fen"], f["deposits_kept_fen"]) == (54000, 2000, 0)
    assert f["services_fen"] == {"photocopy_a4": 500, "other_out": -2000}
    assert (f["complaints_received"], f["complaints_open"], f["open_promises"]) == (1, 1, 0)
    assert log.cash_expected_fen == 54000 - 2000 + 500 - 2000 == 50500
    assert log.items == {"umbrella": [4, None], "stroller": [1, None], "wheelchair": [1, None]}
    nxt = handover.current(d.policy, at("2026-11-24 15:31"))
    assert nxt.shift == "evening" and nxt.id > log.id  # the next log opened at the cut
    later = handover_count.summary(
        d.policy, at("2026-11-24 16:00"), ShiftLog.get_by_id(nxt.id), at("2026-11-24 16:00").now()
    )
    assert later["loans_made"] == {"umbrella": 1} and later["deposits_taken_fen"] == 2000


def test_a_cash_difference_needs_a_reason_and_a_lead(shift):
    d = shift
    handover.money(d.actor, d.policy, at("2026-11-24 11:00"), "fax_local", qty="3")  # ¥3.00
    log = start(d)
    assert log.cash_expected_fen == 300
    with pytest.raises(ValidationError) as caught:
        count(d, log, "2.50")
    assert caught.value.errors == {"cash_reason": "The cash differs from the records by ¥-0.50: say why."}
    log = count(d, log, "2.50", "找零少找 0.5 元")
    assert (log.cash_difference_fen, handover_signing.lead_needed(d.policy, log)) == (-50, True)
    log = count(d, log, "3")
    assert (log.cash_difference_fen, handover_signing.lead_needed(d.policy, log)) == (0, False)
    with pytest.raises(ValidationError, match="items counted differ"):
        count(d, log, "3", items={"umbrella": "4", "stroller": "2", "wheelchair": "1"})


def test_who_signs_what_and_in_which_order(shift):
    d = shift
    log = start(d)
    with pytest.raises(DeskError, match="counted first"):
        sign(d, log, "outgoing", "李雷", "5678")
    log = count(d, log, "0", "", item_reason="")
    with pytest.raises(DeskError, match="outgoing staff member signs first"):
        sign(d, log, "incoming", "张伟", "2468")
    with pytest.raises(DeskError) as caught:
        sign(d, log, "outgoing", "李雷", "0000")  # a person signs only with their own PIN
    assert caught.value.field == "signer_pin"
    log = sign(d, log, "outgoing", "李雷", "5678")
    with pytest.raises(DeskError, match="no longer change"):
        count(d, log, "1", "多了一元")
    with pytest.raises(DeskError, match="another person"):
        sign(d, log, "incoming", "李雷", "5678")
    with pytest.raises(DeskError, match="needs no shift lead"):
        sign(d, log, "lead", "韩梅梅", "654321")
    log = sign(d, log, "incoming", "张伟", "2468")
    assert (log.state, log.outgoing, log.incoming, len(log.hash)) == ("signed", "李雷", "张伟", 64)
    with pytest.raises(DeskError, match="signed and can no longer change"):
        sign(d, log, "lead", "韩梅梅", "654321")


def test_a_difference_waits_for_the_lead_who_is_not_the_outgoing(shift):
    d = shift
    log = start(d)
    log = count(d, log, "10", "抽屉里多出 10 元,待查")
    sign(d, log, "outgoing", "韩梅梅", "654321")
    log = sign(d, log, "incoming", "张伟", "2468")
    assert log.state == "counting"  # still waiting for the lead
    with pytest.raises(DeskError, match="must not be the outgoing"):
        sign(d, log, "lead", "韩梅梅", "654321")
    with pytest.raises(DeskError, match="not a shift lead"):
        sign(d, log, "lead", "李雷", "5678")
    log = sign(d, log, "lead", "王芳", "123456")
    assert (log.state, log.lead) == ("signed", "王芳")


def test_the_lead_who_confirms_a_difference_is_not_the_incoming_clerk(shift):
    """Segregation of duties (docs/trust.md): nobody confirms their own drawer."""
    d = shift
    log = count(d, start(d), "10", "抽屉里多出 10 元,待查")
    sign(d, log, "outgoing", "李雷", "5678")
    log = sign(d, log, "incoming", "韩梅梅", "654321")  # a lead takes over the counter
    with pytest.raises(DeskError, match="a shift lead other than the incoming clerk") as caught:
        sign(d, log, "lead", "韩梅梅", "654321")
    assert caught.value.field == "signer"
    assert ShiftLog.get_by_id(log.id).lead_id is None
    log = sign(d, log, "lead", "王芳", "123456")
    assert (log.state, log.incoming, log.lead) == ("signed", "韩梅梅", "王芳")
    assert not handover_signing.lead_is_incoming(log)
    assert "One-person desk" not in handover_text.as_text(d.policy, at("2026-11-24 15:30"), log)


def test_a_one_person_desk_may_let_the_incoming_lead_confirm_and_says_so(shift):
    from deskapp import policy

    d = shift
    d.locations.policy_file.parent.mkdir(parents=True, exist_ok=True)
    d.locations.policy_file.write_text("[handover]\nlead_may_be_incoming = true\n", encoding="utf-8")
    d.policy = policy.load(d.locations.policy_file, defaults=POLICY)
    log = count(d, start(d), "10", "抽屉里多出 10 元,待查")
    sign(d, log, "outgoing", "李雷", "5678")
    sign(d, log, "incoming", "韩梅梅", "654321")
    log = sign(d, log, "lead", "韩梅梅", "654321")
    assert (log.state, log.incoming, log.lead) == ("signed", "韩梅梅", "韩梅梅")
    assert handover_signing.lead_is_incoming(log)
    text = "".join(handover_text.as_text(d.policy, at("2026-11-24 15:30"), log).split())  # as wrapped
    said = "One-person desk: the incoming clerk, a shift lead, confirmed the difference."
    assert "".join(said.split()) in text


def test_always_a_lead_when_the_policy_says_so(shift, tmp_path):
    from deskapp import policy

    d = shift
    d.locations.policy_file.parent.mkdir(parents=True, exist_ok=True)
    d.locations.policy_file.write_text('[handover]\nlead_signs = "always"\n', encoding="utf-8")
    d.policy = policy.load(d.locations.policy_file, defaults=POLICY)
    log = count(d, start(d), "0")
    sign(d, log, "outgoing", "李雷", "5678")
    assert sign(d, log, "incoming", "张伟", "2468").state == "counting"
    assert sign(d, log, "lead", "韩梅梅", "654321").state == "signed"


def signed(d, when="2026-11-24 15:00"):
    from deskapp.money import yuan

    log = start(d, when)
    log = count(d, log, yuan(log.cash_expected_fen), when=when)  # the drawer as expected
    sign(d, log, "outgoing", "李雷", "5678", when=when)
    return sign(d, log, "incoming", "张伟", "2468", when=when)


def test_signed_is_read_only_corrections_are_addenda_and_the_seal_catches_edits(shift, capsys):
    d = shift
    first = signed(d)
    handover.write(d.actor, d.policy, at("2026-11-24 16:00"), "event", "电梯故障,已报工程部", told=True)
    second = signed(d, "2026-11-24 22:00")
    assert ShiftLog.get_by_id(second.id).prev_hash == first.hash
    with pytest.raises(DeskError, match="can no longer change"):
        count(d, first, "5", "补记")
    with pytest.raises(DeskError, match="Only a signed handover"):
        handover_addenda.addendum(
            d.actor,
            d.policy.security,
            at("2026-11-24 22:30"),
            handover.current(d.policy, at("2026-11-24 22:30")).id,
            "x",
            "李雷",
            "5678",
        )
    after = handover_addenda.addendum(
        d.actor,
        d.policy.security,
        at("2026-11-24 23:00"),
        first.id,
        "补充:复印收入 5 元未登记",
        "李雷",
        "5678",
    )
    assert after.addenda[0][1:] == ("李雷", "补充:复印收入 5 元未登记")
    assert seals.verify() == []
    dbfile = str(d.locations.target)
    db.disconnect()
    assert run(["--db", dbfile, "check"]) == 0
    db.connect(d.locations.target)
    # Someone edits a signed row behind the program's back.
    LogEntry.update(text="电梯正常").where(LogEntry.type == "event").execute()
    HandoverAddendum.update(text="没有补充").execute()
    problems = seals.verify()
    assert problems == [
        f"Handover {first.id}: addendum 1 was changed after it was signed.",
        f"Handover {second.id}: its content was changed after it was signed.",
        f"Handover {first.id}: addendum 1 is not the one the audit trail recorded (entry 25).",
    ]
    db.disconnect()
    capsys.readouterr()
    assert run(["--db", dbfile, "check"]) == 1
    assert "its content was changed after it was signed" in capsys.readouterr().out


def test_promises_carry_over_until_kept(shift):
    d = shift
    promise = handover.write(
        d.actor,
        d.policy,
        at("2026-11-24 09:00"),
        "promise",
        "失物(蓝色雨伞)找到后电话通知",
        promise_to="刘女士 13600136000",
        promise_due="11-25 12:00",
    )
    with pytest.raises(ValidationError) as caught:
        handover.write(d.actor, d.policy, at("2026-11-24 09:05"), "promise", "回电")
    assert "promise_to" in caught.value.errors
    first = signed(d)
    assert first.summary["open_promises"] == 1
    assert [p.id for p in handover_promises.open_promises()] == [promise.id]
    handover_promises.keep_promise(
        d.actor, d.policy, at("2026-11-24 17:00"), promise.id, "已电话通知,顾客明天来取"
    )
    assert handover_promises.open_promises() == []
    with pytest.raises(DeskError, match="already marked kept"):
        handover_promises.keep_promise(d.actor, d.policy, at("2026-11-24 17:05"), promise.id)
    assert seals.verify() == []  # keeping it did not touch the signed page


def test_yesterdays_last_handover_is_acknowledged_once(shift):
    d = shift
    assert handover_addenda.to_acknowledge(at("2026-11-24 16:00")) is None
    log = signed(d, "2026-11-24 22:00")
    assert handover_addenda.to_acknowledge(at("2026-11-24 23:00")) is None  # today's own
    shown = handover_addenda.to_acknowledge(at("2026-11-25 08:30"))
    assert shown.id == log.id
    handover_addenda.acknowledge(d.actor, at("2026-11-25 08:31"), log.id)
    assert handover_addenda.to_acknowledge(at("2026-11-25 09:00")) is None


def test_text_and_sheet(shift, tmp_path):
    d = shift
    handover.money(d.actor, d.policy, at("2026-11-24 11:00"), "photocopy_a4", qty="4")
    complaints  # noqa: B018 (complaints feed the summary; see test_the_summary_comes_from_the_records)
    log = signed(d)
    text = handover_text.as_text(d.policy, at("2026-11-24 15:30"), log)
    assert "Shift handover" in text and "Cash expected" in text
    assert "Seal " + seal_code(log.id, log.hash) in text
    assert all(len(line) <= d.policy.slips.width for line in text.splitlines())
    db.disconnect()
    sheet = tmp_path / "h.csv"
    assert run(["--db", str(d.locations.target), "export", "handovers", "-o", str(sheet)]) == 0
    assert "李雷" in sheet.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize(
    "when, shift",
    [
        ("2026-11-24 08:30", "morning"),
        ("2026-11-24 15:29", "morning"),
        ("2026-11-24 15:30", "evening"),
        ("2026-11-24 23:45", "evening"),
        ("2026-11-24 06:00", "evening"),
    ],
)
def test_the_shift_by_the_clock(desk, when, shift):
    assert shifts.shift_at(desk.policy, at(when), at(when).now()) == shift


def test_control_characters_are_refused_and_nothing_is_written(shift):
    with pytest.raises(ValidationError, match="Control characters"):
        handover.write(shift.actor, shift.policy, at("2026-11-24 09:00"), "note", "bell\x07")
    assert LogEntry.select().where(LogEntry.text.contains("bell")).count() == 0


# -- every record in exactly one log (docs/handover.md, "What a log covers") --------------------------

MONEY = (
    "deposits_taken_fen",
    "deposits_refunded_fen",
    "deposits_kept_fen",
    "balances_paid_fen",
    "fees_fen",
    "lending_drawer_fen",
)


def with_taker(d):
    """张伟 (2468), who takes over."""
    from deskapp.models import Staff
    from deskapp.services.staff import _info

    add_staff(d, _info(Staff.get(Staff.name == "王芳")), "张伟", "staff", "2468")
    return d


def sealed(d, when, out=("李雷", "5678"), inc=("张伟", "2468")):
    """Cut at `when`, count the drawer as expected, sign: the handover as LogInfo."""
    from deskapp.money import yuan

    log = start(d, when)
    log = count(d, log, yuan(log.cash_expected_fen), when=when)
    sign(d, log, "outgoing", *out, when=when)
    return sign(d, log, "incoming", *inc, when=when)


def records_total():
    """What the records themselves hold, by the summary's keys."""
    import peewee as pw

    from deskapp.models import CashEntry, Loan, LoanItem

    cash = dict(
        CashEntry.select(CashEntry.kind, pw.fn.SUM(CashEntry.amount_fen)).group_by(CashEntry.kind).tuples()
    )
    returned = LoanItem.select().where(LoanItem.state == "returned")
    return {
        "deposits_taken_fen": cash.get("deposit_taken", 0),
        "deposits_refunded_fen": cash.get("deposit_refunded", 0),
        "deposits_kept_fen": cash.get("deposit_kept", 0),
        "balances_paid_fen": cash.get("balance_paid", 0),
        "fees_fen": sum(r.charge_fen for r in returned),
        "lending_drawer_fen": CashEntry.select(pw.fn.SUM(CashEntry.drawer_fen)).scalar(),
        "items_lent": LoanItem.select().join(Loan).count(),
        "returned": returned.count(),
        "services": LogEntry.select(pw.fn.SUM(LogEntry.amount_fen)).where(LogEntry.type == "cash").scalar(),
    }


def handovers_total(logs):
    total = {k: sum(log.summary[k] for log in logs) for k in MONEY}
    total["items_lent"] = sum(sum(log.summary["loans_made"].values()) for log in logs)
    total["returned"] = sum(log.summary["returned"] for log in logs)
    total["services"] = sum(sum(log.summary["services_fen"].values()) for log in logs)
    return total


def test_a_new_desks_first_loan_is_in_the_first_handover_and_every_record_in_exactly_one(counter):
    """The desk's first action is a loan, long before anyone opens F5; a loan made at the
    very moment of a cut belongs to the next log only. The handovers add up to the records."""
    d = with_taker(counter)
    lend(d, "U01 U02", "2026-11-24 09:00")  # the desk's first record: deposits 2 x 20
    lend(d, "S1", "2026-11-24 09:30", phone="13900139000")  # deposit 500
    give_back(d, "U01", "2026-11-24 10:00")  # refund 20
    assert not ShiftLog.select().exists()  # nobody has opened F5 yet
    first = sealed(d, "2026-11-24 15:00")
    lend(d, "U03", "2026-11-24 15:00", phone="13700137000")  # at the cut itself: the next log's
    give_back(d, "S1", "2026-11-24 16:00")  # refund 500
    handover.money(d.actor, d.policy, at("2026-11-24 17:00"), "", amount="20", direction="out", text="买胶带")
    give_back(d, "U02", "2026-11-24 18:00", condition="dirty")  # the deposit of 20 kept
    lend(d, "S2", "2026-11-24 20:00", phone="13600136000")  # deposit 500
    second = sealed(d, "2026-11-24 22:00", out=("张伟", "2468"), inc=("李雷", "5678"))
    give_back(d, "U03", "2026-11-25 09:00")  # refund 20
    give_back(d, "S2", "2026-11-25 12:00", condition="damaged", compensation="550")  # + 50 a day late
    handover.money(d.actor, d.policy, at("2026-11-25 13:00"), "photocopy_a4", qty="10")  # 5.00
    third = sealed(d, "2026-11-25 15:00")

    f = first.summary
    assert (f["loans_made"], f["deposits_taken_fen"], f["deposits_refunded_fen"]) == (
        {"umbrella": 2, "stroller": 1},
        54000,
        2000,
    )
    assert first.cash_expected_fen == 54000 - 2000 == 52000  # was ¥0 when the log began at F5
    assert (first.opened_at, first.summary["since"]) == (at("2026-11-24 09:00").now(), None)
    s = second.summary
    assert s["loans_made"] == {"umbrella": 1, "stroller": 1}  # U03 at 15:00 and S2
    assert (s["deposits_taken_fen"], s["deposits_refunded_fen"], s["deposits_kept_fen"]) == (
        52000,
        50000,
        2000,
    )
    assert second.cash_expected_fen == 52000 + 52000 - 50000 - 2000 == 52000
    assert third.cash_expected_fen == 52000 - 2000 + 10000 + 500 == 60500
    assert (
        handovers_total([first, second, third])
        == records_total()
        == {
            "deposits_taken_fen": 106000,
            "deposits_refunded_fen": 54000,
            "deposits_kept_fen": 52000,
            "balances_paid_fen": 10000,
            "fees_fen": 62000,
            "lending_drawer_fen": 62000,
            "items_lent": 5,
            "returned": 5,
            "services": -1500,
        }
    )
    assert third.cash_expected_fen == records_total()["lending_drawer_fen"] + records_total()["services"]


def test_a_deposit_kept_found_after_the_cut_goes_in_the_open_log(counter):
    """An umbrella becomes the customer's on 11-29 (the fee reaches the deposit); the desk
    only notices after that day's cut. The kept deposit is counted in the next handover."""
    from deskapp.services import returns

    d = with_taker(counter)
    lend(d, "U01", "2026-11-01 10:00")
    first = sealed(d, "2026-11-29 15:00")
    assert returns.close_kept(d.policy, at("2026-11-29 16:00")) == 1
    nxt = start(d, "2026-11-29 22:00")
    assert (first.summary["deposits_kept_fen"], nxt.summary["deposits_kept_fen"]) == (0, 2000)


# -- what a handover is called, and the blind count (docs/handover.md) ------------------------------------


def test_a_log_left_open_for_days_is_named_by_its_times_everywhere(shift):
    d = shift  # the morning log opened at 08:30 on 24 November; nobody hands over for nine days
    log = start(d, "2026-12-03 12:10")
    assert log.shift == "morning"  # as first guessed; what it is called comes from its times
    assert handover.log_name(d.policy, at("2026-12-03 12:20"), log) == "11-24 08:30–12-03 12:10"
    text = handover_text.as_text(d.policy, at("2026-12-03 12:20"), log)
    assert "11-24 08:30–12-03 12:10 · handing over" in " ".join(text.split())  # as wrapped to fit the paper
    assert (
        next(handover_history.export_rows(d.policy, at("2026-12-03 12:20")))[1] == "11-24 08:30–12-03 12:10"
    )
    nxt = handover.current(d.policy, at("2026-12-03 14:00"))
    assert handover.log_name(d.policy, at("2026-12-03 14:00"), nxt) == "Morning"  # the rest of the morning


def test_a_blind_count_is_saved_as_counted_then_asks_why(shift):
    d = shift
    handover.money(d.actor, d.policy, at("2026-11-24 11:00"), "fax_local", qty="3")  # ¥3.00
    log = start(d)
    assert d.policy.handover.blind_count  # the shipped default
    before = handover_text.as_text(d.policy, at("2026-11-24 15:01"), log)
    assert "Blind count" in before and "Loans made" in before
    assert "Cash expected" not in before and "Services and other money" not in before
    assert "Umbrella" not in before  # nor the items the records expect
    assert "Local fax x3" in before and "¥3.00" not in before  # the log's money: the entry, no sum
    counted = {k: str(v[0]) for k, v in log.items.items()}
    log = handover_count.save_counts(
        d.actor, at("2026-11-24 15:05"), log.id, "2.50", "", counted, "", "", blind=True
    )
    assert (log.cash_counted_fen, log.cash_difference_fen) == (250, -50)  # saved as counted, no reason yet
    assert handover_count.reasons_missing(log) == {
        "cash_reason": "The cash differs from the records by ¥-0.50: say why."
    }
    after = handover_text.as_text(d.policy, at("2026-11-24 15:06"), log)
    assert "Cash expected" in after and "Blind count" not in after and "¥3.00" in after
    with pytest.raises(DeskError, match="Say why the count differs"):
        sign(d, log, "outgoing", "李雷", "5678")
    with pytest.raises(ValidationError, match="say why"):  # a recount is checked as always
        handover_count.save_counts(
            d.actor, at("2026-11-24 15:07"), log.id, "2.50", "", counted, "", "", blind=True
        )
    log = count(d, log, "2.50", "找零少找 0.5 元")
    assert sign(d, log, "outgoing", "李雷", "5678").outgoing == "李雷"


def test_without_a_blind_count_the_figures_show_before_counting(shift):
    from deskapp import policy

    d = shift
    d.locations.policy_file.parent.mkdir(parents=True, exist_ok=True)
    d.locations.policy_file.write_text("[handover]\nblind_count = false\n", encoding="utf-8")
    d.policy = policy.load(d.locations.policy_file, defaults=POLICY)
    handover.money(d.actor, d.policy, at("2026-11-24 11:00"), "fax_local", qty="3")
    text = handover_text.as_text(d.policy, at("2026-11-24 15:01"), start(d))
    assert "Cash expected" in text and "¥3.00" in text and "Blind count" not in text

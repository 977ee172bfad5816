"""Lending rules with the worked examples of docs/lending.md, to the fen."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deskapp.errors import DeskError, ValidationError
from deskapp.models import AuditEntry, CashEntry, Item, Loan, LoanItem
from deskapp.rules.lending import charge_parts, due_at, kept_on, settle
from deskapp.services import lending, returns
from deskapp.services.settlement import closing_time, terms

from helpers import at, give_back, lend

pytestmark = pytest.mark.engines  # every test on SQLite and on PostgreSQL (conftest)

# -- the rules themselves ----------------------------------------------------------


@pytest.mark.parametrize(
    "returned, late, fee, refund",
    [
        (date(2026, 11, 8), 0, 0, 2000),  # on the due date: on time
        (date(2026, 11, 1), 0, 0, 2000),
        (date(2026, 11, 9), 1, 100, 1900),
        (date(2026, 11, 10), 2, 200, 1800),  # docs/lending.md: 2 days, fee 2, refund 18
        (date(2026, 11, 28), 20, 2000, 0),  # fee 20 = deposit: refund 0, umbrella back
        (date(2026, 11, 29), 21, 2000, 0),  # would be 21 > 20: capped, the deposit kept
    ],
)
def test_umbrella_days_late_fee_and_refund(desk, returned, late, fee, refund):
    s = settle(terms(desk.policy, "umbrella"), 2000, date(2026, 11, 8), returned, "intact")
    assert (s.days_late, s.fee_fen, s.refund_fen, s.owed_fen) == (late, fee, refund, 0)


@pytest.mark.parametrize(
    "returned, late, fee, refund, owed",
    [
        (date(2026, 11, 1), 0, 0, 50000, 0),  # same day, 21:30: refund 500
        (date(2026, 11, 3), 2, 10000, 40000, 0),  # 2 days, fee 100, refund 400
        (date(2026, 11, 11), 10, 50000, 0, 0),  # fee = deposit
        (date(2026, 11, 12), 11, 55000, 0, 5000),  # 11 days, fee 550: deposit kept and 50 owed
    ],
)
def test_stroller_fee_has_no_cap(desk, returned, late, fee, refund, owed):
    s = settle(terms(desk.policy, "stroller"), 50000, date(2026, 11, 1), returned, "intact")
    assert (s.days_late, s.fee_fen, s.refund_fen, s.owed_fen) == (late, fee, refund, owed)


def test_kept_day_is_the_first_day_the_fee_exceeds_the_deposit(desk):
    umbrella = terms(desk.policy, "umbrella")
    assert kept_on(umbrella, 2000, date(2026, 11, 8)) == date(2026, 11, 29)
    assert kept_on(umbrella, 2050, date(2026, 11, 8)) == date(2026, 11, 29)  # 21 x 1 > 20.50
    assert kept_on(terms(desk.policy, "stroller"), 50000, date(2026, 11, 1)) is None


# docs/lending.md "Settlement": every condition, on time and late, default and assessed.
# The assessment counts only for damage; elsewhere it is ignored. Umbrella: deposit 20, 1 a day,
# capped at the deposit; assessed 8. Stroller: deposit 500, 50 a day, no cap; assessed 480.
# (kind, condition, days late, assessed, fee, forfeit or assessed part, charge, refund, owed, reduction)
SETTLEMENTS = [
    ("umbrella", "intact", 0, None, 0, 0, 0, 2000, 0, False),
    ("umbrella", "intact", 0, 800, 0, 0, 0, 2000, 0, False),
    ("umbrella", "intact", 2, None, 200, 0, 200, 1800, 0, False),
    ("umbrella", "intact", 2, 800, 200, 0, 200, 1800, 0, False),
    ("umbrella", "dirty", 0, None, 0, 2000, 2000, 0, 0, False),
    ("umbrella", "dirty", 0, 800, 0, 2000, 2000, 0, 0, False),
    ("umbrella", "dirty", 2, None, 200, 1800, 2000, 0, 0, False),  # capped: the deposit, no more
    ("umbrella", "dirty", 2, 800, 200, 1800, 2000, 0, 0, False),
    ("umbrella", "damaged", 0, None, 0, 2000, 2000, 0, 0, False),
    ("umbrella", "damaged", 0, 800, 0, 800, 800, 1200, 0, True),
    ("umbrella", "damaged", 2, None, 200, 1800, 2000, 0, 0, False),
    ("umbrella", "damaged", 2, 800, 200, 800, 1000, 1000, 0, True),  # fee + assessed, as fee + forfeit
    ("umbrella", "damaged", 0, 3500, 0, 2000, 2000, 0, 0, False),  # never more than lost: the deposit
    ("umbrella", "lost", 0, None, 0, 2000, 2000, 0, 0, False),
    ("umbrella", "lost", 0, 800, 0, 2000, 2000, 0, 0, False),
    ("umbrella", "lost", 2, None, 200, 1800, 2000, 0, 0, False),
    ("umbrella", "lost", 2, 800, 200, 1800, 2000, 0, 0, False),
    ("stroller", "intact", 0, None, 0, 0, 0, 50000, 0, False),
    ("stroller", "intact", 0, 48000, 0, 0, 0, 50000, 0, False),
    ("stroller", "intact", 1, None, 5000, 0, 5000, 45000, 0, False),
    ("stroller", "intact", 1, 48000, 5000, 0, 5000, 45000, 0, False),
    ("stroller", "dirty", 0, None, 0, 50000, 50000, 0, 0, False),
    ("stroller", "dirty", 0, 48000, 0, 50000, 50000, 0, 0, False),
    ("stroller", "dirty", 1, None, 5000, 50000, 55000, 0, 5000, False),  # the fee is not lost in the forfeit
    ("stroller", "dirty", 1, 48000, 5000, 50000, 55000, 0, 5000, False),
    ("stroller", "damaged", 0, None, 0, 50000, 50000, 0, 0, False),
    ("stroller", "damaged", 0, 48000, 0, 48000, 48000, 2000, 0, True),
    ("stroller", "damaged", 1, None, 5000, 50000, 55000, 0, 5000, False),
    ("stroller", "damaged", 1, 48000, 5000, 48000, 53000, 0, 3000, True),  # 20 less than the default
    ("stroller", "damaged", 0, 60000, 0, 60000, 60000, 0, 10000, False),  # assessed above: owed
    ("stroller", "lost", 0, None, 0, 50000, 50000, 0, 0, False),
    ("stroller", "lost", 0, 48000, 0, 50000, 50000, 0, 0, False),
    ("stroller", "lost", 1, None, 5000, 50000, 55000, 0, 5000, False),
    ("stroller", "lost", 1, 48000, 5000, 50000, 55000, 0, 5000, False),
]


@pytest.mark.parametrize(
    "kind, condition, days, assessed, fee, part, charge, refund, owed, reduction", SETTLEMENTS
)
def test_the_settlement_rule(
    desk, kind, condition, days, assessed, fee, part, charge, refund, owed, reduction
):
    rules = desk.policy.kinds[kind]
    due = date(2026, 11, 8)
    s = settle(
        terms(desk.policy, kind), rules.deposit_fen, due, due + timedelta(days=days), condition, assessed
    )
    assert (s.fee_fen, s.condition_fen, s.charge_fen, s.refund_fen, s.owed_fen, s.is_reduction) == (
        fee,
        part,
        charge,
        refund,
        owed,
        reduction,
    )
    assert s.compensation_fen == (assessed if condition == "damaged" else None)
    parts = charge_parts(s.fee_fen, s.charge_fen, s.compensation_fen)
    assert sum(fen for _, fen in parts) == charge
    assert s.refund_fen + s.charge_fen == rules.deposit_fen + s.owed_fen  # the deposit pays first


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kind=st.sampled_from(["umbrella", "stroller"]), days=st.integers(0, 40), assessed=st.integers(0, 500000)
)
def test_an_assessment_below_the_forfeit_never_costs_more(desk, kind, days, assessed):
    """A lead-approved reduction costs the customer less than the default, never more."""
    rules = desk.policy.kinds[kind]
    due = date(2026, 11, 8)
    default = settle(terms(desk.policy, kind), rules.deposit_fen, due, due + timedelta(days=days), "damaged")
    s = settle(
        terms(desk.policy, kind), rules.deposit_fen, due, due + timedelta(days=days), "damaged", assessed
    )
    assert s.fee_fen == default.fee_fen
    if assessed <= rules.damaged_charge_fen:
        assert s.charge_fen <= default.charge_fen
        if not rules.fee_capped_at_deposit:
            assert default.charge_fen - s.charge_fen == rules.damaged_charge_fen - assessed
    assert s.is_reduction == (s.charge_fen < default.charge_fen)


def test_due_times_follow_the_term_and_closing_time(counter):
    clock = at("2026-11-01 10:00")
    policy, closing = counter.policy, closing_time(counter.policy)
    umbrella = due_at(clock.now(), policy.kinds["umbrella"].term_days, closing, clock.zone)
    stroller = due_at(clock.now(), policy.kinds["stroller"].term_days, closing, clock.zone)
    assert clock.show(umbrella) == "2026-11-08 22:00"
    assert clock.show(stroller) == "2026-11-01 22:00"


# -- lending ------------------------------------------------------------------------


def test_a_loan_records_items_deposits_and_staff_in_one_go(counter):
    loan = lend(counter, "u01 U02", "2026-11-01 10:00")
    assert loan.slip_no == f"L{loan.id:07d}" and loan.deposit_fen == 4000
    row = Loan.get_by_id(loan.id)
    assert (row.borrower, row.phone, row.phone_last4, row.lent_by_id) == (
        "张三",
        "13800138000",
        "8000",
        counter.actor.staff_id,
    )
    assert [i.item.tag for i in row.items] == ["U01", "U02"]
    assert {Item.get(Item.tag == t).status for t in ("U01", "U02")} == {"on_loan"}
    cash = [(c.kind, c.amount_fen, c.drawer_fen) for c in CashEntry.select()]
    assert cash == [("deposit_taken", 2000, 2000)] * 2
    assert AuditEntry.select().where(AuditEntry.action == "loan.lend").count() == 1


def test_quote_shows_deposit_and_due_before_saving(counter):
    q = lending.quote(counter.policy, at("2026-11-01 10:00"), "U01 S1")
    assert q.deposit_fen == 52000
    assert [line.kind for line in q.lines] == ["umbrella", "stroller"]


@pytest.mark.parametrize(
    "tags, phone, field, words",
    [
        ("X99", "13800138000", "tags", "X99 is not a tag of ours"),
        ("", "13800138000", "tags", "Type or scan"),
        ("U01", "12345", "phone", "not a phone number"),
        ("U01", "", "phone", "phone number"),
    ],
)
def test_refusals_name_the_field_and_save_nothing(counter, tags, phone, field, words):
    with pytest.raises(ValidationError) as err:
        lend(counter, tags, "2026-11-01 10:00", phone=phone)
    assert words in err.value.errors[field]
    assert Loan.select().count() == 0 and CashEntry.select().count() == 0


def test_an_item_out_cannot_be_lent_again(counter):
    lend(counter, "U01", "2026-11-01 10:00")
    with pytest.raises(ValidationError, match="U01 is on loan, not available"):
        lend(counter, "U01", "2026-11-01 10:05", phone="13900139000")


def test_the_third_umbrella_for_one_phone_is_refused(counter):
    lend(counter, "U01 U02", "2026-11-01 10:00")
    with pytest.raises(
        ValidationError,
        match="already has Umbrella × 2 out and this loan asks for 1 more; the limit is 2 per customer",
    ):
        lend(counter, "U03", "2026-11-01 11:00", phone="138 0013 8000")
    lend(counter, "U03", "2026-11-01 11:00", phone="13900139000")  # another customer may
    lend(counter, "S1", "2026-11-01 11:00")  # strollers have no limit by default
    give_back(counter, "U01", "2026-11-02 10:00")
    lend(counter, "U04", "2026-11-02 10:05")  # one back: one more allowed


def test_the_limit_counts_the_new_loan_too(counter):
    with pytest.raises(
        ValidationError, match=r"^This loan asks for Umbrella × 3; the limit is 2 per customer\.$"
    ):
        lend(counter, "U01 U02 U03", "2026-11-01 10:00")


# -- returning -----------------------------------------------------------------------


def test_umbrella_worked_examples_end_to_end(counter):
    a = lend(counter, "U01", "2026-11-01 10:00")
    b = lend(counter, "U02", "2026-11-01 10:00", phone="13900139000")
    c = lend(counter, "U03", "2026-11-01 10:00", phone="13700137000")
    r = give_back(counter, "U01", "2026-11-08 21:00")
    assert (r.preview.refund_fen, r.preview.charge_fen) == (2000, 0)
    r = give_back(counter, b.slip_no, "2026-11-10 12:00")
    assert (r.preview.settlements[0].days_late, r.preview.charge_fen, r.preview.refund_fen) == (2, 200, 1800)
    r = give_back(counter, "U03", "2026-11-28 09:00")
    assert (r.preview.settlements[0].days_late, r.preview.refund_fen) == (20, 0)
    assert Item.get(Item.tag == "U03").status == "available"  # the umbrella is back
    assert {li.state for li in LoanItem.select()} == {"returned"}
    cash = sorted(
        (c.kind, c.amount_fen, c.drawer_fen)
        for c in CashEntry.select().where(CashEntry.kind != "deposit_taken")
    )
    assert cash == [
        ("deposit_kept", 200, 0),
        ("deposit_kept", 2000, 0),
        ("deposit_refunded", 1800, -1800),
        ("deposit_refunded", 2000, -2000),
    ]
    assert a and c


def test_stroller_returned_late_owes_the_balance(counter):
    lend(counter, "S1", "2026-11-01 10:00")
    lend(counter, "S2", "2026-11-01 10:00", phone="13900139000")
    r = give_back(counter, "S1", "2026-11-01 21:30")
    assert r.preview.refund_fen == 50000
    r = give_back(counter, "S2", "2026-11-12 10:00")
    s = r.preview.settlements[0]
    assert (s.days_late, s.fee_fen, s.refund_fen, s.owed_fen) == (11, 55000, 0, 5000)
    assert CashEntry.get(CashEntry.kind == "balance_paid").drawer_fen == 5000


def test_a_slip_returns_all_its_items_still_out(counter):
    loan = lend(counter, "U01 U02", "2026-11-01 10:00")
    give_back(counter, "U01", "2026-11-02 10:00")
    case = returns.find_for_return(loan.slip_no.lower())
    assert [line.tag for line in case.lines] == ["U02"]
    give_back(counter, loan.slip_no, "2026-11-02 10:00")
    with pytest.raises(DeskError, match="has been returned"):
        returns.find_for_return(loan.slip_no)


@pytest.mark.parametrize(
    "query, words", [("U05", "not out on loan"), ("ZZZ", "No item or slip"), ("L0009999", "no slip")]
)
def test_return_lookup_explains_what_it_found(counter, query, words):
    with pytest.raises(DeskError, match=words):
        returns.find_for_return(query)


def test_the_same_umbrella_cannot_be_returned_twice(counter):
    lend(counter, "U01", "2026-11-01 10:00")
    case = returns.find_for_return("U01")  # both clerks looked it up
    ids = [line.id for line in case.lines]
    returns.return_items(
        counter.actor, counter.policy, counter.policy.security, at("2026-11-02 10:00"), ids, "intact"
    )
    with pytest.raises(DeskError, match="already returned"):
        returns.return_items(
            counter.actor, counter.policy, counter.policy.security, at("2026-11-02 10:00"), ids, "intact"
        )
    assert CashEntry.select().where(CashEntry.kind == "deposit_refunded").count() == 1


def test_conditions_move_the_item(counter):
    lend(counter, "U01 U02", "2026-11-01 10:00")
    lend(counter, "U03", "2026-11-01 10:00", phone="13900139000")
    give_back(counter, "U01", "2026-11-02 10:00", "damaged")
    give_back(counter, "U02", "2026-11-02 10:00", "lost")
    give_back(counter, "U03", "2026-11-02 10:00", "dirty")
    assert [Item.get(Item.tag == t).status for t in ("U01", "U02", "U03")] == ["repair", "lost", "available"]
    assert {li.refund_fen for li in LoanItem.select()} == {0}


def test_a_lower_damage_charge_needs_a_reason_and_a_leads_pin(counter):
    lend(counter, "U01", "2026-11-01 10:00")
    with pytest.raises(ValidationError) as err:
        give_back(counter, "U01", "2026-11-02 10:00", "damaged", compensation="5")
    assert "reason" in err.value.errors
    with pytest.raises(ValidationError) as err:
        give_back(counter, "U01", "2026-11-02 10:00", "damaged", compensation="5", reason="小划痕")
    assert "lead" in err.value.errors
    with pytest.raises(DeskError) as wrong:
        give_back(
            counter,
            "U01",
            "2026-11-02 10:00",
            "damaged",
            compensation="5",
            reason="小划痕",
            lead="韩梅梅",
            lead_pin="0000",
        )
    assert wrong.value.field == "lead_pin"
    with pytest.raises(DeskError, match="not a shift lead"):
        give_back(
            counter,
            "U01",
            "2026-11-02 10:00",
            "damaged",
            compensation="5",
            reason="小划痕",
            lead="李雷",
            lead_pin="5678",
        )
    assert LoanItem.get().state == "out"  # nothing was returned by the refusals
    r = give_back(
        counter,
        "U01",
        "2026-11-02 10:00",
        "damaged",
        compensation="5",
        reason="小划痕",
        lead="韩梅梅",
        lead_pin="654321",
    )
    assert (r.preview.charge_fen, r.preview.refund_fen) == (500, 1500)
    row = LoanItem.get()
    assert (row.reduction_reason, row.approved_by_id, row.compensation_fen) == (
        "小划痕",
        counter.lead.id,
        500,
    )
    wrong_count = AuditEntry.select().where(AuditEntry.action == "staff.pin_wrong").count()
    assert wrong_count == 1  # the wrong PIN counted though the return was refused


def test_a_bad_compensation_amount_is_refused_beside_its_field(counter):
    lend(counter, "U01", "2026-11-01 10:00")
    with pytest.raises(ValidationError) as err:
        give_back(counter, "U01", "2026-11-02 10:00", "damaged", compensation="abc")
    assert "compensation" in err.value.errors


# -- kept by the customer --------------------------------------------------------------


def test_an_umbrella_not_back_by_day_21_becomes_the_customers(counter):
    lend(counter, "U01", "2026-11-01 10:00")
    lend(counter, "S1", "2026-11-01 10:00")  # strollers are never closed this way
    assert returns.close_kept(counter.policy, at("2026-11-28 23:59")) == 0
    assert returns.close_kept(counter.policy, at("2026-11-29 00:00")) == 1
    row = LoanItem.get(LoanItem.kind == "umbrella")
    assert (row.state, row.fee_fen, row.charge_fen, row.refund_fen, row.owed_fen) == (
        "kept",
        2000,
        2000,
        0,
        0,
    )
    assert at("2026-11-29 00:00").show(row.closed_at) == "2026-11-29 00:00"
    assert Item.get(Item.tag == "U01").status == "kept"
    assert CashEntry.get(CashEntry.kind == "deposit_kept").amount_fen == 2000
    entry = AuditEntry.get(AuditEntry.action == "loan.kept")
    assert entry.staff_id is None and entry.source == "system"
    assert returns.close_kept(counter.policy, at("2026-11-30 10:00")) == 0  # once only
    assert LoanItem.get(LoanItem.kind == "stroller").state == "out"


def test_the_slip_of_a_kept_umbrella_says_it_is_the_customers(counter):
    loan = lend(counter, "U01 U02", "2026-11-01 10:00")
    give_back(counter, "U02", "2026-11-02 10:00")
    returns.close_kept(counter.policy, at("2026-11-29 00:00"))
    with pytest.raises(DeskError) as err:
        returns.find_for_return(loan.slip_no)
    assert str(err.value) == (
        f"Nothing on slip {loan.slip_no} is out: U01 became the customer's when the "
        "overdue fee passed the deposit (the deposit was kept)."
    )
    with pytest.raises(DeskError, match=r"U01 is not out on loan \(it is kept by customer\)"):
        returns.find_for_return("U01")


def test_an_umbrella_past_its_day_cannot_be_returned_before_the_check_closes_it(counter):
    lend(counter, "U01", "2026-11-01 10:00")  # the customer's from 11-29 00:00
    case = returns.find_for_return("U01")  # looked up at 23:59 on the 28th, confirmed after midnight
    with pytest.raises(DeskError, match="U01 became the customer's"):
        returns.return_items(
            counter.actor,
            counter.policy,
            counter.policy.security,
            at("2026-11-29 00:05"),
            [line.id for line in case.lines],
            "intact",
        )
    assert (
        LoanItem.get().state == "kept"
        and CashEntry.select().where(CashEntry.kind == "deposit_refunded").count() == 0
    )


def test_closing_late_is_still_dated_the_day_it_happened(counter):
    lend(counter, "U01", "2026-11-01 10:00")
    assert returns.close_kept(counter.policy, at("2026-12-05 09:00")) == 1
    row = LoanItem.get()
    assert at("2026-12-05 09:00").show(row.closed_at) == "2026-11-29 00:00"
    assert AuditEntry.get(AuditEntry.action == "loan.kept").at > row.closed_at

"""deskapp/rules/lending.py alone: plain values in, exact figures out (docs/lending.md).

The terms here are built in the test, not read from data/policy.toml, so a change to the
shipped defaults moves none of these figures."""

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from deskapp.rules.lending import (
    CONDITIONS,
    ITEM_AFTER,
    LendingTerms,
    ReturnPreview,
    charge_parts,
    days_late,
    due_at,
    kept_on,
    past_limit,
    settle,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
CLOSING = time(22, 0)
# An umbrella-like kind: ¥20 deposit, ¥1 a day, capped at the deposit; forfeits of ¥20.
CAPPED = LendingTerms(
    term_days=7,
    overdue_fee_per_day_fen=100,
    fee_capped_at_deposit=True,
    dirty_charge_fen=2000,
    damaged_charge_fen=2000,
    lost_charge_fen=2000,
)
# A stroller-like kind: due the same day, ¥50 a day, no cap; dirty ¥30, damaged ¥400, lost ¥500.
UNCAPPED = LendingTerms(
    term_days=0,
    overdue_fee_per_day_fen=5000,
    fee_capped_at_deposit=False,
    dirty_charge_fen=3000,
    damaged_charge_fen=40000,
    lost_charge_fen=50000,
)
DUE = date(2026, 11, 8)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


# -- due and days late ----------------------------------------------------------------


def test_due_is_the_desks_date_plus_the_term_at_closing_time():
    # 10:00 in Shanghai is 02:00 UTC; due 7 days on at 22:00 Shanghai, 14:00 UTC.
    assert due_at(utc("2026-11-01 02:00"), 7, CLOSING, SHANGHAI) == utc("2026-11-08 14:00")


def test_a_term_of_0_is_due_the_same_day_at_closing():
    assert due_at(utc("2026-11-01 02:00"), 0, CLOSING, SHANGHAI) == utc("2026-11-01 14:00")


def test_the_day_counts_in_the_desks_zone_across_midnight_utc():
    # 23:30 UTC on the 1st is 07:30 on the 2nd in Shanghai: the term counts from the 2nd.
    assert due_at(utc("2026-11-01 23:30"), 0, CLOSING, SHANGHAI) == utc("2026-11-02 14:00")
    # 15:59 UTC on the 1st is 23:59 in Shanghai, after closing: still the 1st's date.
    assert due_at(utc("2026-11-01 15:59"), 0, CLOSING, SHANGHAI) == utc("2026-11-01 14:00")


def test_a_closing_time_after_midnight_utc_stays_on_the_desks_date():
    # Closing at 09:00 Shanghai is 01:00 UTC of the same date.
    assert due_at(utc("2026-11-01 00:30"), 1, time(9, 0), SHANGHAI) == utc("2026-11-02 01:00")


@pytest.mark.parametrize(
    "on, late",
    [
        (date(2026, 11, 1), 0),  # early
        (DUE, 0),  # on the due date: on time
        (date(2026, 11, 9), 1),
        (date(2026, 12, 8), 30),
    ],
)
def test_days_late_are_calendar_days_after_the_due_date(on, late):
    assert days_late(DUE, on) == late


def test_kept_on_is_the_first_day_the_fee_passes_the_deposit():
    assert kept_on(CAPPED, 2000, DUE) == date(2026, 11, 29)  # day 20 is exactly the deposit; day 21 passes
    assert kept_on(CAPPED, 2050, DUE) == date(2026, 11, 29)  # 21 x 1 > 20.50
    assert kept_on(CAPPED, 1999, DUE) == date(2026, 11, 28)  # 20 x 1 > 19.99


def test_kept_on_is_none_without_the_cap_or_without_a_fee():
    assert kept_on(UNCAPPED, 50000, DUE) is None
    free = LendingTerms(7, 0, True, 2000, 2000, 2000)
    assert kept_on(free, 2000, DUE) is None


# -- the limit per customer ---------------------------------------------------------------


def test_past_limit_names_each_kind_over_its_limit_with_what_is_out():
    limits = {"umbrella": 2, "stroller": 1, "wheelchair": 0}
    assert past_limit(["umbrella", "umbrella"], {}, limits) == []  # exactly the limit
    assert past_limit(["umbrella"], {"umbrella": 2}, limits) == [("umbrella", 2, 1)]
    assert past_limit(["umbrella"] * 3, {}, limits) == [("umbrella", 0, 3)]
    assert past_limit(["wheelchair"] * 5, {"wheelchair": 9}, limits) == []  # 0: no limit
    assert past_limit(["stroller", "umbrella", "stroller"], {"umbrella": 2}, limits) == [
        ("stroller", 0, 2),
        ("umbrella", 2, 1),
    ]


# -- settlement ---------------------------------------------------------------------------


def figures(s):
    return (s.days_late, s.fee_fen, s.condition_fen, s.charge_fen, s.refund_fen, s.owed_fen)


def test_returned_on_the_due_day_intact_costs_nothing():
    assert figures(settle(CAPPED, 2000, DUE, DUE, "intact")) == (0, 0, 0, 0, 2000, 0)


def test_one_day_late_costs_one_days_fee():
    assert figures(settle(CAPPED, 2000, DUE, DUE + timedelta(days=1), "intact")) == (1, 100, 0, 100, 1900, 0)
    assert figures(settle(UNCAPPED, 50000, DUE, DUE + timedelta(days=1), "intact")) == (
        1,
        5000,
        0,
        5000,
        45000,
        0,
    )


def test_a_fee_reaching_the_cap_exactly_keeps_the_whole_deposit_and_no_more():
    assert figures(settle(CAPPED, 2000, DUE, DUE + timedelta(days=20), "intact")) == (20, 2000, 0, 2000, 0, 0)
    assert figures(settle(CAPPED, 2000, DUE, DUE + timedelta(days=21), "intact")) == (21, 2000, 0, 2000, 0, 0)


def test_without_the_cap_a_fee_past_the_deposit_is_owed():
    assert figures(settle(UNCAPPED, 50000, DUE, DUE + timedelta(days=11), "intact")) == (
        11,
        55000,
        0,
        55000,
        0,
        5000,
    )


def test_a_capped_kind_dirty_and_late_costs_the_deposit_at_most():
    s = settle(CAPPED, 2000, DUE, DUE + timedelta(days=2), "dirty")
    assert figures(s) == (2, 200, 1800, 2000, 0, 0)  # the forfeit shown is what is left of the deposit


def test_a_lost_item_forfeits_its_charge_on_top_of_the_fee():
    assert figures(settle(UNCAPPED, 50000, DUE, DUE, "lost")) == (0, 0, 50000, 50000, 0, 0)
    assert figures(settle(UNCAPPED, 50000, DUE, DUE + timedelta(days=1), "lost")) == (
        1,
        5000,
        50000,
        55000,
        0,
        5000,
    )


def test_each_condition_has_its_own_charge():
    on = DUE
    assert [settle(UNCAPPED, 50000, DUE, on, c).charge_fen for c in CONDITIONS] == [0, 3000, 40000, 50000]


def test_an_assessment_replaces_the_forfeit_for_damage_only():
    lower = settle(UNCAPPED, 50000, DUE, DUE + timedelta(days=1), "damaged", 38000)
    assert figures(lower) == (1, 5000, 38000, 43000, 7000, 0)
    assert (lower.default_charge_fen, lower.compensation_fen, lower.is_reduction) == (45000, 38000, True)
    higher = settle(UNCAPPED, 50000, DUE, DUE, "damaged", 60000)
    assert (higher.charge_fen, higher.owed_fen, higher.is_reduction) == (60000, 10000, False)
    ignored = settle(UNCAPPED, 50000, DUE, DUE, "dirty", 100)
    assert (ignored.charge_fen, ignored.compensation_fen) == (3000, None)


def test_an_assessment_on_a_capped_kind_stops_at_the_deposit():
    s = settle(CAPPED, 2000, DUE, DUE, "damaged", 3500)
    assert (s.charge_fen, s.refund_fen, s.owed_fen, s.is_reduction) == (2000, 0, 0, False)


def test_the_kept_part_is_the_charge_the_deposit_covers():
    assert settle(UNCAPPED, 50000, DUE, DUE + timedelta(days=1), "lost").kept_fen == 50000
    assert settle(CAPPED, 2000, DUE, DUE + timedelta(days=2), "intact").kept_fen == 200


def test_an_unknown_condition_is_refused():
    with pytest.raises(ValueError):
        settle(CAPPED, 2000, DUE, DUE, "wet")


def test_charge_parts_add_up_to_the_charge():
    assert charge_parts(200, 2000, None) == [("fee", 200), ("forfeit", 1800)]
    assert charge_parts(5000, 43000, 38000) == [("fee", 5000), ("assessed", 38000)]
    assert charge_parts(100, 100, None) == [("fee", 100)]
    assert charge_parts(None, None, None) == [("fee", 0)]


def test_several_items_settle_each_on_its_own_and_the_counter_nets_them():
    # docs/lending.md, "Settlement" rule 4: ¥20 back on one, ¥50 beyond the deposit on another: collect ¥30.
    umbrella = settle(CAPPED, 2000, DUE, DUE, "intact")
    stroller = settle(UNCAPPED, 50000, DUE, DUE + timedelta(days=11), "intact")
    both = ReturnPreview([umbrella, stroller])
    assert (both.refund_fen, both.owed_fen, both.charge_fen, both.net_fen) == (2000, 5000, 55000, -3000)
    assert not both.needs_approval
    assessed = settle(UNCAPPED, 50000, DUE, DUE, "damaged", 100)
    assert ReturnPreview([umbrella, assessed]).needs_approval


def test_where_an_item_goes_after_its_return():
    assert ITEM_AFTER == {"intact": "available", "dirty": "available", "damaged": "repair", "lost": "lost"}

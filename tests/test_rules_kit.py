"""The kit's arithmetic alone (deskapp/rules/kit.py; docs/kit.md, "Stock, uses and alerts"):
batches as plain values, exact figures at the edges."""

from datetime import date

import pytest

from deskapp.rules.kit import (
    Batch,
    Draw,
    Level,
    alerts,
    allocate,
    english_unit,
    expiring_by,
    in_language,
    is_expired,
    level,
    parse_expiry,
    to_buy,
)

TODAY = date(2026, 11, 24)
WARN_DAYS = 30  # a fixture value, not the shipped policy's


# -- which batches a use draws from ----------------------------------------------------------------


def test_a_use_draws_from_the_batch_that_expires_first():
    batches = [Batch(1, date(2027, 6, 30), 5), Batch(2, date(2027, 1, 31), 3)]
    plan = allocate(batches, 4, TODAY)
    assert (plan.short, plan.draws) == (False, (Draw(2, 3), Draw(1, 1)))


def test_on_a_tie_on_expiry_the_batch_received_first_goes_first():
    batches = [Batch(7, date(2027, 3, 31), 2), Batch(4, date(2027, 3, 31), 2)]
    assert allocate(batches, 3, TODAY).draws == (Draw(4, 2), Draw(7, 1))


def test_exactly_enough_empties_every_usable_batch():
    batches = [Batch(1, date(2027, 1, 31), 2), Batch(2, date(2027, 2, 28), 3)]
    plan = allocate(batches, 5, TODAY)
    assert (plan.short, plan.draws, plan.usable) == (False, (Draw(1, 2), Draw(2, 3)), 5)


def test_one_short_takes_nothing_and_says_what_there_is():
    batches = [Batch(1, date(2027, 1, 31), 2), Batch(2, date(2027, 2, 28), 3)]
    plan = allocate(batches, 6, TODAY)
    assert (plan.short, plan.draws, plan.usable, plan.expired) == (True, (), 5, 0)


def test_an_expired_batch_is_skipped_and_counted_apart():
    batches = [Batch(1, date(2026, 11, 23), 4), Batch(2, date(2027, 2, 28), 1)]
    assert allocate(batches, 1, TODAY).draws == (Draw(2, 1),)
    plan = allocate(batches, 2, TODAY)
    assert (plan.short, plan.draws, plan.usable, plan.expired) == (True, (), 1, 4)


def test_a_batch_is_usable_on_its_expiry_day_and_expired_the_day_after():
    assert allocate([Batch(1, TODAY, 1)], 1, TODAY).draws == (Draw(1, 1),)
    assert (is_expired(TODAY, TODAY), is_expired(date(2026, 11, 23), TODAY)) == (False, True)


def test_empty_batches_are_passed_over():
    batches = [Batch(1, date(2027, 1, 31), 0), Batch(2, date(2027, 2, 28), 2)]
    assert allocate(batches, 2, TODAY).draws == (Draw(2, 2),)


# -- levels, alerts and the restock request --------------------------------------------------------


def test_expiring_soon_is_up_to_the_warning_day_inclusive():
    assert expiring_by(TODAY, WARN_DAYS) == date(2026, 12, 24)
    batches = [Batch(1, date(2026, 12, 24), 2), Batch(2, date(2026, 12, 25), 3), Batch(3, TODAY, 1)]
    assert level(batches, TODAY, WARN_DAYS) == Level(6, 3, 0, TODAY)


def test_a_level_counts_expired_units_apart_from_the_usable():
    batches = [Batch(1, date(2026, 11, 23), 4), Batch(2, date(2027, 3, 31), 5), Batch(3, date(2027, 1, 1), 0)]
    assert level(batches, TODAY, WARN_DAYS) == Level(5, 0, 4, date(2027, 3, 31))
    assert level([], TODAY, WARN_DAYS) == Level(0, 0, 0, None)


def test_alerts_at_the_minimum_and_one_below():
    assert alerts(Level(3, 0, 0, None), 3, False) == []
    assert alerts(Level(2, 1, 1, None), 3, False) == ["below_min", "expiring", "expired"]


def test_prescription_medicine_only_says_take_it_out():
    assert alerts(Level(0, 0, 5, None), 3, True) == ["prescription"]
    assert alerts(Level(0, 0, 0, None), 3, True) == []


@pytest.mark.parametrize(
    ("usable", "expiring", "wanted"), [(10, 0, 0), (10, 1, 1), (10, 10, 10), (0, 0, 10), (12, 1, 0)]
)
def test_the_restock_request_discounts_what_expires_soon(usable, expiring, wanted):
    assert to_buy(10, Level(usable, expiring, 0, None)) == wanted


# -- names and units, dates as typed ---------------------------------------------------------------


def test_a_name_in_the_language_asked_for():
    assert in_language("zh_CN", "创可贴", "Adhesive bandages") == "创可贴"
    assert in_language("en", "创可贴", "Adhesive bandages") == "Adhesive bandages"
    assert (english_unit("盒"), english_unit("帖")) == ("boxes", "帖")


@pytest.mark.parametrize(
    ("typed", "expiry"),
    [
        ("2027-02", date(2027, 2, 28)),
        ("202802", date(2028, 2, 29)),
        ("20270331", date(2027, 3, 31)),
        ("1124", date(2026, 11, 24)),  # today is the next such day
        ("1123", date(2027, 11, 23)),  # yesterday: next year's
        ("2027-02-30", None),
        ("", None),
    ],
)
def test_an_expiry_as_typed(typed, expiry):
    assert parse_expiry(typed, TODAY) == expiry

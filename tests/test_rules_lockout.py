"""deskapp/rules/lockout.py: wrong PINs, locks that grow, and the hold, with exact figures."""

from __future__ import annotations

from datetime import datetime, timedelta

from deskapp.rules.lockout import WrongPin, after_wrong_pin, minutes_left, steps

STEPS = [5, 15, 60]  # a small policy of this test's own, not the shipped one
TRIES = 5


def test_a_setting_of_one_number_or_a_list():
    assert steps(10) == [10]
    assert steps([5, 15, 60]) == [5, 15, 60]
    assert steps((5, 15)) == [5, 15]


def test_wrong_pins_before_the_lock_count_and_say_how_many_are_left():
    assert after_wrong_pin(0, 0, False, TRIES, STEPS) == WrongPin(1, 0, None, False, 4)
    assert after_wrong_pin(3, 0, False, TRIES, STEPS) == WrongPin(4, 0, None, False, 1)


def test_the_last_try_locks_for_the_step_of_the_locks_in_a_row():
    assert after_wrong_pin(4, 0, False, TRIES, STEPS) == WrongPin(0, 1, 5, False, 0)
    assert after_wrong_pin(4, 1, False, TRIES, STEPS) == WrongPin(0, 2, 15, False, 0)
    assert after_wrong_pin(4, 2, False, TRIES, STEPS) == WrongPin(0, 3, 60, False, 0)


def test_after_the_last_step_the_name_is_held():
    assert after_wrong_pin(4, 3, False, TRIES, STEPS) == WrongPin(0, 4, None, True, 0)
    assert after_wrong_pin(4, 9, False, TRIES, STEPS) == WrongPin(0, 10, None, True, 0)


def test_an_administrator_keeps_the_longest_step_and_is_never_held():
    assert after_wrong_pin(4, 3, True, TRIES, STEPS) == WrongPin(0, 4, 60, False, 0)
    assert after_wrong_pin(4, 9, True, TRIES, STEPS) == WrongPin(0, 10, 60, False, 0)


def test_one_try_allowed_locks_at_the_first_wrong_pin():
    assert after_wrong_pin(0, 0, False, 1, [10]) == WrongPin(0, 1, 10, False, 0)
    assert after_wrong_pin(0, 1, False, 1, [10]) == WrongPin(0, 2, None, True, 0)


def test_minutes_left_round_up_and_are_at_least_one():
    now = datetime(2026, 11, 24, 2, 0)
    assert minutes_left(now + timedelta(minutes=5), now) == 5
    assert minutes_left(now + timedelta(minutes=4, seconds=1), now) == 5
    assert minutes_left(now + timedelta(seconds=59), now) == 1
    assert minutes_left(now + timedelta(seconds=1), now) == 1
    assert minutes_left(now + timedelta(milliseconds=500), now) == 1

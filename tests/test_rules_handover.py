"""rules.handover alone: the cash the desk should hold, differences, reasons, the lead (docs/handover.md)."""

from __future__ import annotations

from deskapp.rules.handover import (
    cash_difference,
    counts_differ,
    expected_cash,
    item_differences,
    lead_is_incoming,
    lead_needed,
    lead_refused,
    money_by_service,
    unexplained,
)


def test_expected_cash_is_the_opening_plus_the_drawer_plus_the_logs_money():
    # ¥500 counted last time; deposits ¥300 taken, ¥100 refunded: +¥200 in the drawer;
    # a gift wrap ¥15, other money out ¥20
    assert expected_cash(50000, 20000, {"gift_wrap": 1500, "other_out": -2000}) == 69500
    assert expected_cash(0, 0, {}) == 0
    assert expected_cash(1000, -3000, {}) == -2000  # more refunded than there was: the figure says so


def test_the_logs_money_by_service():
    lines = [("gift_wrap", 500), (None, 3000), ("gift_wrap", 1000), (None, -2000), (None, 1)]
    assert money_by_service(lines) == {"gift_wrap": 1500, "other_in": 3001, "other_out": -2000}
    assert money_by_service([]) == {}


def test_the_cash_difference():
    assert cash_difference(69500, 69450) == -50  # ¥0.50 missing
    assert cash_difference(69500, 69500) == 0
    assert cash_difference(0, 0) == 0
    assert cash_difference(0, 100) == 100
    assert cash_difference(69500, None) is None
    assert cash_difference(None, 100) is None


def test_item_differences():
    items = {"umbrella": [10, 9], "stroller": [3, 3], "wheelchair": [2, None]}
    assert item_differences(items) == {"umbrella": -1}
    assert item_differences({"umbrella": [0, 2]}) == {"umbrella": 2}
    assert not counts_differ(100, 100, {"stroller": [3, 3]})
    assert counts_differ(100, 99, {})
    assert counts_differ(100, 100, items)
    assert not counts_differ(100, None, {"umbrella": [10, None]})  # nothing counted yet


def test_what_still_needs_a_reason():
    items = {"umbrella": [10, 9]}
    assert unexplained(69500, 69450, items, "", "") == ["cash_reason", "item_reason"]
    assert unexplained(69500, 69450, items, "少找零", "一把借出未登记") == []
    assert unexplained(69500, 69500, {"umbrella": [10, 10]}, "", "") == []
    assert unexplained(0, 0, {}, "", "") == []
    assert unexplained(69500, None, {"umbrella": [10, None]}, "", "") == []


def test_when_the_lead_signs():
    assert lead_needed("always", False)
    assert lead_needed("on_difference", True)
    assert not lead_needed("on_difference", False)


def test_who_may_sign_as_the_lead():
    # outgoing 1, incoming 2; the lead 3
    assert lead_refused(3, 1, 2, True, False) is None
    assert lead_refused(1, 1, 2, False, True) == "outgoing"
    assert lead_refused(2, 1, 2, True, False) == "incoming"
    assert lead_refused(2, 1, 2, True, True) is None  # the one-person desk
    assert lead_refused(2, 1, 2, False, False) is None  # nothing to confirm
    assert lead_is_incoming(2, 2, True)
    assert not lead_is_incoming(2, 3, True)
    assert not lead_is_incoming(2, 2, False)
    assert not lead_is_incoming(None, None, True)

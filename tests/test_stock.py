"""Stock: adding, editing and retiring items, levels against the minimum, stock-takes."""

import pytest

from deskapp.errors import DeskError, ValidationError
from deskapp.models import AuditEntry, Item
from deskapp.services import audit, lending, stock

from helpers import add_admin

pytestmark = pytest.mark.engines  # every test on SQLite and on PostgreSQL (conftest)


@pytest.fixture
def actor(desk):
    return audit.Actor(add_admin(desk).id, "tui")


def test_a_range_adds_every_tag_with_its_width(desk, actor):
    added = stock.add_items(actor, desk.policy, "umbrella", "u01-U12", "", desk.time.now())
    assert [i.tag for i in added][:3] == ["U01", "U02", "U03"] and len(added) == 12
    assert AuditEntry.select().where(AuditEntry.action == "item.add").count() == 12
    assert stock.expand_range("7-9") == ["7", "8", "9"]
    assert stock.split_tags("ｕ01，u02 u01") == ["U01", "U02"]


@pytest.mark.parametrize(
    "kind, tags, field",
    [
        ("umbrella", "U1 U1?", "tags"),
        ("umbrella", "U20-U01", "tags"),
        ("umbrella", "", "tags"),
        ("boat", "B1", "kind"),
        ("umbrella", "L0000001", "tags"),
    ],
)
def test_bad_items_are_refused_and_nothing_is_added(desk, actor, kind, tags, field):
    with pytest.raises(ValidationError) as err:
        stock.add_items(actor, desk.policy, kind, tags, "", desk.time.now())
    assert field in err.value.errors
    assert Item.select().count() == 0


def test_a_tag_is_unique(desk, actor):
    stock.add_items(actor, desk.policy, "umbrella", "U01", "", desk.time.now())
    with pytest.raises(ValidationError, match="Already in stock: U01"):
        stock.add_items(actor, desk.policy, "umbrella", "U02 u01", "", desk.time.now())
    assert Item.select().count() == 1


def test_edit_moves_only_between_states_the_desk_owns(desk, actor):
    (item,) = stock.add_items(actor, desk.policy, "stroller", "S1", "", desk.time.now())
    assert stock.edit_item(actor, item.id, "repair", "轮子松了", desk.time.now()).status == "repair"
    assert stock.edit_item(actor, item.id, "available", "", desk.time.now()).status == "available"
    lending.lend(actor, desk.policy, desk.time, "S1", "张三", "13800138000")
    with pytest.raises(ValidationError, match="cannot be set"):
        stock.edit_item(actor, item.id, "available", "", desk.time.now())
    with pytest.raises(DeskError, match="on loan"):
        stock.retire_item(actor, item.id, "旧了", desk.time.now())


def test_retire_needs_a_reason_and_leaves_the_count(desk, actor):
    (item,) = stock.add_items(actor, desk.policy, "umbrella", "U01", "", desk.time.now())
    with pytest.raises(ValidationError):
        stock.retire_item(actor, item.id, " ", desk.time.now())
    assert stock.retire_item(actor, item.id, "伞骨断了", desk.time.now()).status == "retired"
    assert stock.list_items().total == 0
    assert stock.list_items(include_gone=True).total == 1


def test_levels_flag_kinds_below_the_minimum(desk, actor):
    stock.add_items(actor, desk.policy, "umbrella", "U01-U19", "", desk.time.now())
    stock.add_items(actor, desk.policy, "stroller", "S1", "", desk.time.now())
    lending.lend(actor, desk.policy, desk.time, "U01", "张三", "13800138000")
    by_kind = {level.kind: level for level in stock.levels(desk.policy)}
    assert (by_kind["umbrella"].available, by_kind["umbrella"].on_loan) == (18, 1)
    assert by_kind["umbrella"].below_minimum  # 19 in service, the minimum is 20
    stock.add_items(actor, desk.policy, "umbrella", "U20", "", desk.time.now())
    by_kind = {level.kind: level for level in stock.levels(desk.policy)}
    assert not by_kind["umbrella"].below_minimum and not by_kind["stroller"].below_minimum
    assert by_kind["wheelchair"].below_minimum  # none at all, the minimum is 1


def test_a_stock_take_records_the_difference_and_who_counted(desk, actor):
    stock.add_items(actor, desk.policy, "umbrella", "U01-U05", "", desk.time.now())
    stock.add_items(actor, desk.policy, "stroller", "S1", "", desk.time.now())
    lending.lend(actor, desk.policy, desk.time, "U01", "张三", "13800138000")
    with pytest.raises(ValidationError) as err:
        stock.record_stock_take(actor, desk.policy, {"umbrella": "3", "stroller": "x"}, "", desk.time.now())
    assert set(err.value.errors) == {"count_stroller", "count_wheelchair"}
    take = stock.record_stock_take(
        actor,
        desk.policy,
        {"umbrella": "3", "stroller": "1", "wheelchair": "０"},
        "月末盘点",
        desk.time.now(),
    )
    lines = {line.kind: (line.expected, line.counted, line.difference) for line in take.lines}
    assert lines == {"umbrella": (4, 3, -1), "stroller": (1, 1, 0), "wheelchair": (0, 0, 0)}
    assert stock.last_stock_take().staff_name == "王芳"

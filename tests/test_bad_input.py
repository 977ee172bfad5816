"""Bad input at every form that stores something: a wrong date, a negative or absurd
amount, text far too long, control characters (a scanner's stray escape). Each is
refused beside its field, in words, and nothing stored changes (every table counted
before and after). Section tests hold the finer rules; this is the matrix across them."""

from __future__ import annotations

import pytest

from deskapp import i18n
from deskapp.errors import ValidationError
from deskapp.models import ALL_MODELS
from deskapp.services import handover, kit, kit_register, kit_stock, lending

from helpers import at, give_back, lend, take

pytestmark = pytest.mark.engines  # every test on SQLite and on PostgreSQL (conftest)

LONG = "长" * 500
NOW = "2026-11-24 10:00"


def lend_with(d, **kw):
    values = dict(tags="U01", borrower="张三", phone="13800138000", id_number="", note="")
    values.update(kw)
    return lending.lend(d.actor, d.policy, at(NOW), **values)


def receive_with(d, qty="5", expiry="2027-06", batch_no=""):
    return kit_stock.receive(
        d.actor,
        d.policy,
        d.policy.security,
        at(NOW),
        d.kit_id,
        "A01",
        qty,
        batch_no,
        expiry,
        language=i18n.language(),
    )


def use_with(d, qty="1", **kw):
    values = dict(
        happened="", person_type="customer", person_name="王先生", contact="13800138000", what="minor_injury"
    )
    values.update(kw)
    return kit_register.register_use(
        d.actor, at(NOW), d.kit_id, items=[("A01", qty)], **values, language=i18n.language()
    )


def damaged_return(d, compensation):
    return give_back(d, "U05", NOW, "damaged", compensation=compensation)


def cash(d, amount, direction="in", text="零钱"):
    return handover.money(d.actor, d.policy, at(NOW), "", amount=amount, direction=direction, text=text)


CASES = [
    # lending
    ("a name far too long", lambda d: lend_with(d, borrower=LONG), "borrower", "at most"),
    ("control characters in a name", lambda d: lend_with(d, borrower="张\x1b[31m三"), "borrower", "control"),
    ("a note far too long", lambda d: lend_with(d, note=LONG), "note", "at most"),
    ("a phone of letters", lambda d: lend_with(d, phone="call me"), "phone", ""),
    ("a negative compensation", lambda d: damaged_return(d, "-35"), "compensation", "35.50"),
    ("an absurd compensation", lambda d: damaged_return(d, "880000"), "compensation", "more than the desk"),
    # complaints
    ("a day that does not exist", lambda d: take(d, happened="2026-02-30 10:00"), "happened", "14:30"),
    ("a deadline month 13", lambda d: take(d, deadline="2026-13-01"), "deadline", "2026-11-27"),
    ("a complaint far too long", lambda d: take(d, what=LONG * 10), "what", "at most"),
    ("control characters in a complaint", lambda d: take(d, what="店员\x07态度差"), "what", "control"),
    # kit
    ("a negative quantity received", lambda d: receive_with(d, qty="-5"), "qty", "whole number"),
    ("an absurd quantity received", lambda d: receive_with(d, qty="1000000"), "qty", "whole number"),
    ("an expiry month 13", lambda d: receive_with(d, expiry="2027-13"), "expiry", "2027-03"),
    ("a batch number far too long", lambda d: receive_with(d, batch_no=LONG), "batch_no", "at most"),
    ("an absurd quantity used", lambda d: use_with(d, qty="99999"), "qty1", "only 10"),
    (
        "control characters in the register",
        lambda d: use_with(d, person_name="王\x00先生"),
        "person_name",
        "control",
    ),
    # handover
    ("a negative cash amount", lambda d: cash(d, "-20"), "amount", "35.50"),
    ("an absurd cash amount", lambda d: cash(d, "9999999"), "amount", "more than the desk"),
    ("a cash note far too long", lambda d: cash(d, "20", text=LONG), "text", "at most"),
]


@pytest.fixture
def busy_desk(counter):
    """The counter desk with an umbrella out (U05, for a damaged return), the kit ready
    with 10 swabs in stock, and a complaint in the register."""
    d = counter
    lend(d, "U05", "2026-11-23 10:00", phone="13900139000")
    kit.prepare(d.actor, d.time.now())
    d.kit_id = kit.kits()[0].id  # type: ignore[attr-defined]
    receive_with(d, qty="10")
    take(d)
    return d


def counts() -> dict[str, int]:
    return {m._meta.table_name: m.select().count() for m in ALL_MODELS}


@pytest.mark.parametrize("name, call, field, words", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_refused_beside_its_field_and_nothing_changes(busy_desk, name, call, field, words):
    before = counts()
    with pytest.raises(ValidationError) as caught:
        call(busy_desk)
    assert field in caught.value.errors, caught.value.errors
    assert words.lower() in caught.value.errors[field].lower()
    assert counts() == before

"""Untrusted text into every service that stores text (docs/trust.md): generated
Unicode (CJK, emoji, combining marks, wide and zero-width characters, markup-like
brackets, formula starters, very long strings, control and direction characters).

Each value is either refused with a message beside its field, or stored and read
back from the database with its content intact: nothing but spacing and format
characters taken out of free text, nothing changed in a name (a name holding a
hidden character is refused, never quietly altered), and no hidden character
left in what was stored."""

from __future__ import annotations

import itertools
import os
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deskapp import i18n
from deskapp.errors import ValidationError
from deskapp.models import Complaint, ComplaintEvent, Item, KitUse, Loan, LoanItem, LogEntry, Staff
from deskapp.services import (
    audit,
    complaint_workflow,
    handover,
    kit,
    kit_register,
    kit_stock,
    lending,
    staff,
    stock,
)
from deskapp.services.text import is_hidden

from helpers import at, give_back, take

pytestmark = pytest.mark.engines  # every property on SQLite and on PostgreSQL (conftest)

NOW = "2026-11-24 10:00"

# What people (and scanners, and copy-paste) put into fields.
PIECES = [
    "[/]",
    "[bold red]x[/]",
    "[bold]x[/bold]",
    "[link=http://x]点此[/link]",
    "[",
    "]",
    "\\[",
    "=1+1",
    '=HYPERLINK("http://x","click")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3",
    "＝1+1",
    "\u202e",
    "\u202a",
    "\u2066",
    "\u2069",
    "\u200b",
    "\u200d",
    "\u200e",
    "\ufeff",
    "\u2060",
    "\u00ad",
    "\u2028",
    "\u2029",
    "\x1b[31m",
    "\x00",
    "\x07",
    "\t",
    "\n",
    "\r\n",
    "张三",
    "李雷",
    "客服中心",
    "ｗｉｄｅ",
    "１２３",
    "e\u0301",
    "Z\u0336\u0337",
    "👨‍👩‍👧",
    "🇨🇳",
    "😀",
    "O'Brien",
    "<script>",
    "%s",
    "{name}",
    "'; DROP TABLE loan; --",
]
TYPED = st.one_of(
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=8).map("".join),
    st.text(max_size=60),
    st.text(alphabet=st.sampled_from("长客诉借还药箱ß"), min_size=30, max_size=450),  # long; ß folds to ss
)
EXAMPLES = int(os.environ.get("DESKAPP_TEXT_EXAMPLES", "25"))
GENERATED = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=bool(os.environ.get("CI")),  # CI: the same cases every run
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def content(text: str) -> str:
    """What must survive storing: the text, width-folded, without spacing or format characters."""
    return "".join(
        ch
        for ch in unicodedata.normalize("NFKC", text)
        if not ch.isspace() and unicodedata.category(ch) != "Cf"
    )


def stored_as(call, read_back, typed: str, field: str, *, name: bool, lines: bool = False) -> str | None:
    """Run `call(typed)`; check the property; the stored value, or None when refused."""
    try:
        result = call(typed)
    except ValidationError as error:
        assert error.errors.get(field), f"refused without a word beside {field}: {error.errors}"
        return None
    stored = read_back(result)
    allowed = "\n\t" if lines else ""
    assert not [ch for ch in stored if is_hidden(ch) and ch not in allowed], repr(stored)
    assert content(stored) == content(typed), (typed, stored)
    if name:
        folded = unicodedata.normalize("NFKC", typed)
        assert not any(unicodedata.category(ch) == "Cf" for ch in folded), (
            f"a name with a hidden character was stored: {typed!r} -> {stored!r}"
        )
    return stored


@pytest.fixture
def busy(counter):
    d = counter
    kit.prepare(d.actor, d.time.now())
    d.kit_id = kit.kits()[0].id  # type: ignore[attr-defined]
    kit_stock.receive(
        d.actor,
        d.policy,
        d.policy.security,
        at(NOW),
        d.kit_id,
        "A01",
        "900",
        "",
        "2027-06",
        language=i18n.language(),
    )
    d.complaint = take(d)  # type: ignore[attr-defined]
    d.tags = itertools.count(1)  # type: ignore[attr-defined]
    return d


def _lend(d, borrower="张三", note=""):
    return lending.lend(d.actor, d.policy, at(NOW), "U01", borrower, "13800138000", "", note)


def _lend_and_back(d, **kw):
    try:
        return _lend(d, **kw)
    finally:
        if Loan.select().join(LoanItem).where(LoanItem.state == "out").exists():
            give_back(d, "U01", NOW)


@GENERATED
@given(typed=TYPED)
def test_a_borrowers_name(busy, typed):
    stored_as(
        lambda t: _lend_and_back(busy, borrower=t),
        lambda r: Loan.get_by_id(r.id).borrower,
        typed,
        "borrower",
        name=True,
    )


@GENERATED
@given(typed=TYPED)
def test_a_loans_note(busy, typed):
    stored_as(
        lambda t: _lend_and_back(busy, note=t), lambda r: Loan.get_by_id(r.id).note, typed, "note", name=False
    )


@GENERATED
@given(typed=TYPED)
def test_the_reason_for_a_lower_charge(busy, typed):
    _lend(busy)

    def settle(reason):
        return give_back(
            busy, "U01", NOW, "damaged", compensation="1", reason=reason, lead="韩梅梅", lead_pin="654321"
        )

    try:
        stored_as(
            settle,
            lambda r: LoanItem.get(LoanItem.reduction_reason.is_null(False)).reduction_reason,
            typed,
            "reason",
            name=False,
        )
    finally:
        LoanItem.update(reduction_reason=None).execute()
        if LoanItem.select().where(LoanItem.state == "out").exists():
            give_back(busy, "U01", NOW)
        Item.update(status="available").where(Item.tag == "U01").execute()  # back from repair


@GENERATED
@given(
    typed=TYPED, field=st.sampled_from(["complainant", "contact", "what", "place", "people", "expectation"])
)
def test_a_complaint(busy, typed, field):
    name = field in ("complainant", "contact")
    stored_as(
        lambda t: take(busy, **{field: t}),
        lambda r: getattr(Complaint.get_by_id(r.id), field),
        typed,
        field,
        name=name,
        lines=field == "what",
    )


@GENERATED
@given(typed=TYPED)
def test_a_note_on_a_complaint(busy, typed):
    def note(text):
        complaint_workflow.add_note(busy.actor, at(NOW), busy.complaint.id, "note", text)
        return ComplaintEvent.select().order_by(ComplaintEvent.id.desc()).get()

    stored_as(note, lambda r: r.text, typed, "text", name=False, lines=True)


@GENERATED
@given(typed=TYPED, field=st.sampled_from(["person_name", "contact", "note"]))
def test_a_medicine_use(busy, typed, field):
    values = dict(
        happened="",
        person_type="customer",
        person_name="王先生",
        contact="13800138000",
        what="minor_injury",
        note="",
    )
    values[field] = typed

    def use(_text):
        kit_register.register_use(
            busy.actor, at(NOW), busy.kit_id, items=[("A01", "1")], **values, language=i18n.language()
        )
        return KitUse.select().order_by(KitUse.id.desc()).get()

    stored_as(use, lambda r: getattr(r, field), typed, field, name=field != "note")


@GENERATED
@given(typed=TYPED, field=st.sampled_from(["text", "promise_to"]))
def test_the_handover_log(busy, typed, field):
    values = {"text": "答应明天回电", "promise_to": "张女士"}
    values[field] = typed

    def write(_text):
        return handover.write(
            busy.actor,
            busy.policy,
            at(NOW),
            "promise",
            values["text"],
            promise_to=values["promise_to"],
            promise_due="2026-11-25 10:00",
        )

    stored_as(
        write,
        lambda r: getattr(LogEntry.get_by_id(r.id), field),
        typed,
        field,
        name=field == "promise_to",
        lines=field == "text",
    )


@GENERATED
@given(typed=TYPED)
def test_a_staff_members_name(busy, typed):
    admin = Staff.get(Staff.role == "admin")

    def add(name):
        return staff.add_staff(
            audit.Actor(admin.id, "cli"), name, "staff", "2468", "2468", busy.policy.security, busy.time.now()
        )

    stored = stored_as(add, lambda r: Staff.get_by_id(r.id).name, typed, "name", name=True)
    if stored is not None:
        assert not any(unicodedata.category(ch).startswith("C") for ch in stored)


@GENERATED
@given(typed=TYPED)
def test_a_stock_note(busy, typed):
    def add(note):
        tag = f"N{next(busy.tags)}"
        return stock.add_items(busy.actor, busy.policy, "umbrella", tag, note, busy.time.now())[0]

    stored_as(add, lambda r: Item.get_by_id(r.id).note, typed, "note", name=False)


@pytest.mark.parametrize("typed", ["张\u202e三", "Eve\u200b", "\ufeff李雷", "王\u2066芳\u2069"])
def test_a_name_with_a_hidden_character_is_refused_in_words(busy, typed):
    with pytest.raises(ValidationError) as caught:
        _lend(busy, borrower=typed)
    assert "direction-changing" in caught.value.errors["borrower"]
    assert "U+" in caught.value.errors["borrower"]


def test_free_text_loses_its_hidden_characters_and_keeps_its_words(busy):
    entry = handover.write(busy.actor, busy.policy, at(NOW), "note", "伞架\u202e坏了\u2028明天修\u200b")
    assert LogEntry.get_by_id(entry.id).text == "伞架坏了\n明天修"

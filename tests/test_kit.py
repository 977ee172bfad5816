"""The first-aid kit (docs/kit.md): first-expiry-first use, expired and over-drawn
stock refused, the prescription and oral rules, alerts at exact dates."""

from datetime import date
from functools import partial

import pytest

from deskapp import i18n
from deskapp.errors import DeskError, ValidationError
from deskapp.models import AuditEntry, KitBatch, KitUse, KitUseLine, Medicine
from deskapp.rules import kit as rules_kit
from deskapp.services import audit, kit, kit_checks, kit_register, kit_restock, kit_stock, staff

from helpers import add_admin, add_staff, at
from test_cli import run

pytestmark = pytest.mark.engines  # every test on SQLite and on PostgreSQL (conftest)


@pytest.fixture
def desk_kit(desk):
    """Clerk 李雷 (the actor), lead 韩梅梅 PIN 654321; the standard list and the desk kit.
    Today 2026-11-24."""
    admin = add_admin(desk)
    clerk = add_staff(desk, admin, "李雷", "staff", "5678")
    add_staff(desk, admin, "韩梅梅", "lead", "654321")
    desk.actor = audit.Actor(clerk.id, "tui")
    kit.prepare(desk.actor, desk.time.now())
    desk.kit_id = kit.kits()[0].id
    return desk


def receive(d, code, qty, expiry, when="2026-11-24 09:00", batch="", **kw):
    return kit_stock.receive(
        d.actor,
        d.policy,
        d.policy.security,
        at(when),
        d.kit_id,
        code,
        str(qty),
        batch,
        expiry,
        **kw,
        language=i18n.language(),
    )


def use(d, *items, when="2026-11-24 10:00", **kw):
    values = dict(
        happened="", person_type="customer", person_name="王先生", contact="13800138000", what="minor_injury"
    )
    values.update(kw)
    return kit_register.register_use(
        d.actor, at(when), d.kit_id, items=[(c, str(q)) for c, q in items], **values, language=i18n.language()
    )


def line(d, code, when="2026-11-24 10:00"):
    return next(li for li in kit_stock.levels(d.policy, at(when), d.kit_id) if li.medicine.code == code)


@pytest.mark.parametrize(
    "typed, expiry",
    [
        ("2027-03", "2027-03-31"),
        ("202703", "2027-03-31"),
        ("2027/3", "2027-03-31"),
        ("2027-02", "2027-02-28"),
        ("20270331", "2027-03-31"),
        ("2027-03-31", "2027-03-31"),
        ("0331", "2027-03-31"),
        ("03-31", "2027-03-31"),
        ("1231", "2026-12-31"),
        ("1124", "2026-11-24"),
        ("1123", "2027-11-23"),  # today still counts; yesterday means next year
        ("2027-13", None),
        ("soon", None),
    ],
)
def test_expiry_as_typed(typed, expiry):
    assert rules_kit.parse_expiry(typed, date(2026, 11, 24)) == (
        date.fromisoformat(expiry) if expiry else None
    )


def test_the_standard_list_and_a_first_kit_are_there(desk_kit):
    codes = {m.code: m for m in kit.medicines()}
    assert codes["A01"].name_en == "Iodophor swabs" and codes["A01"].min_qty == 20
    assert codes["B01"].oral and not codes["B01"].prescription
    assert [k.name for k in kit.kits()] == ["Desk kit"]


def test_use_takes_the_earliest_expiry_first_and_never_an_expired_batch(desk_kit):
    d = desk_kit
    old = receive(d, "A03", 3, "2026-11-20", when="2026-11-01 09:00", batch="OLD")  # expired by the 24th
    late = receive(d, "A03", 5, "2027-06", batch="LATE")
    early = receive(d, "A03", 5, "2026-12-31", batch="EARLY")
    u = use(d, ("A03", 7), ("", ""))  # an empty line of the form is skipped
    assert u.items == [("A03", "Adhesive bandages", 7, "pcs")]
    left = {b.batch_no: b.left_qty for b in KitBatch.select()}
    assert left == {"OLD": 3, "EARLY": 0, "LATE": 3}
    assert [(li.batch.batch_no, li.qty) for li in KitUseLine.select().order_by(KitUseLine.id)] == [
        ("EARLY", 5),
        ("LATE", 2),
    ]
    assert (old.left_qty, early.expiry, late.expiry) == (3, date(2026, 12, 31), date(2027, 6, 30))


def test_an_over_draw_is_refused_and_takes_nothing(desk_kit):
    d = desk_kit
    receive(d, "A03", 3, "2026-11-20", when="2026-11-01 09:00")
    receive(d, "A03", 4, "2027-06")
    receive(d, "A01", 10, "2027-06")
    with pytest.raises(ValidationError) as caught:
        use(d, ("A01", 2), ("A03", 5))
    assert caught.value.errors == {"qty2": "Only 4 pcs of Adhesive bandages can be used here (3 expired)."}
    assert KitUse.select().count() == 0 and KitUseLine.select().count() == 0
    assert {
        b.medicine.code: b.left_qty for b in KitBatch.select().where(KitBatch.expiry > date(2027, 1, 1))
    } == {"A03": 4, "A01": 10}
    with pytest.raises(ValidationError, match="Only 0"):
        use(d, ("A05", 1))
    with pytest.raises(ValidationError) as caught:
        use(d, ("Z99", 1), ("A01", "x"))
    assert (
        "not on the standard list" in caught.value.errors["item1"]
        and "whole number" in caught.value.errors["qty2"]
    )


def test_oral_only_with_a_leads_pin(desk_kit):
    d = desk_kit
    with pytest.raises(ValidationError) as caught:
        receive(d, "B01", 10, "2027-06")
    assert "taken by mouth" in caught.value.errors["lead"]
    with pytest.raises(DeskError) as caught:
        receive(d, "B01", 10, "2027-06", lead="韩梅梅", lead_pin="0000")
    assert caught.value.field == "lead_pin"
    with pytest.raises(DeskError, match="not a shift lead"):
        receive(d, "B01", 10, "2027-06", lead="李雷", lead_pin="5678")
    batch = receive(d, "B01", 10, "2027-06", lead="韩梅梅", lead_pin="654321")
    assert KitBatch.get_by_id(batch.id).approved_by.name == "韩梅梅"
    assert KitBatch.select().count() == 1
    with pytest.raises(ValidationError, match="has expired"):
        receive(d, "A01", 5, "2026-11-23")


def test_alerts_at_their_edges(desk_kit):
    d = desk_kit  # warn 30 days: on the 24th of November, up to the 24th of December
    receive(d, "A01", 15, "2026-12-24")  # expiring (the 30th day)
    receive(d, "A02", 25, "2026-12-25")  # not yet
    receive(d, "A04", 10, "2026-11-24", when="2026-11-01 09:00")  # expires today: still usable
    receive(d, "A05", 2, "2026-11-23", when="2026-11-01 09:00")  # expired yesterday
    a01, a02, a04, a05 = (line(d, c) for c in ("A01", "A02", "A04", "A05"))
    assert (a01.usable, a01.expiring, a01.alerts) == (15, 15, ["below_min", "expiring"])
    assert (a02.usable, a02.expiring, a02.alerts) == (25, 0, [])
    assert (a04.usable, a04.expired, a04.alerts) == (10, 0, ["expiring"])  # min 10: not below
    assert (a05.usable, a05.expired, a05.alerts) == (0, 2, ["below_min", "expired"])
    assert line(d, "A04", "2026-11-25 09:00").alerts == ["below_min", "expired"]
    kinds = {(a.line.medicine.code, a.kind) for a in kit_stock.alerts(d.policy, at("2026-11-24 10:00"))}
    assert ("A05", "expired") in kinds and ("A02", "expiring") not in kinds
    assert kit_stock.remove_expired(d.actor, at("2026-11-24 10:00"), d.kit_id, "A05") == 2
    assert line(d, "A05").expired == 0
    assert AuditEntry.select().where(AuditEntry.action == "kit.remove").count() == 1
    with pytest.raises(DeskError, match="Nothing expired"):
        kit_stock.remove_expired(d.actor, at("2026-11-24 10:00"), d.kit_id, "A05")


def test_restock_request_discounts_stock_expiring_soon(desk_kit):
    d = desk_kit
    receive(d, "A01", 15, "2026-12-10")  # min 20, all 15 expiring: buy 20
    receive(d, "A03", 25, "2027-06")  # min 30: buy 5
    receive(d, "A03", 4, "2026-12-01")  # expiring: does not count
    wanted = {r.line.medicine.code: r.to_buy for r in kit_restock.restock(d.policy, at("2026-11-24 10:00"))}
    assert wanted["A01"] == 20 and wanted["A03"] == 5 and wanted["A05"] == 5
    text = kit_restock.restock_text(
        d.policy,
        at("2026-11-24 10:00"),
        kit_restock.restock(d.policy, at("2026-11-24 10:00")),
        language=i18n.language(),
    )
    assert "Medicine restock request" in text and "A03 Adhesive bandages" in text
    assert all(len(row) <= d.policy.slips.width for row in text.splitlines())


def test_kit_check_needs_a_note_when_something_is_wrong(desk_kit):
    d = desk_kit
    assert kit_checks.last_check(d.kit_id) is None
    with pytest.raises(ValidationError, match="what is wrong"):
        kit_checks.record_check(d.actor, at("2026-11-24 10:00"), d.kit_id, True, False, True)
    kit_checks.record_check(
        d.actor, at("2026-11-24 10:00"), d.kit_id, True, False, True, "封条破损,已重新封好"
    )
    last = kit_checks.record_check(d.actor, at("2026-11-24 11:00"), d.kit_id, True, True, True)
    assert (last.ok, last.staff_name, at("2026-11-24 11:00").show(last.at)) == (
        True,
        "李雷",
        "2026-11-24 11:00",
    )


def test_the_register_records_who_what_help_and_120(desk_kit, tmp_path):
    d = desk_kit
    receive(d, "A01", 20, "2027-06")
    with pytest.raises(ValidationError) as caught:
        use(d, what="other", person_name="", called_120=True, called_120_at="25:00")
    assert set(caught.value.errors) == {"what_text", "person_name", "called_120_at"}
    u = use(
        d,
        ("A01", 2),
        person_type="vendor_staff",
        person_name="赵敏",
        contact="耐克专柜",
        what="other",
        what_text="手指划伤",
        disinfection=True,
        bandaging=True,
        called_120=True,
        called_120_at="09:50",
        happened="09:40",
    )
    assert (u.person_type, u.what_text, u.items, u.called_120) == (
        "vendor_staff",
        "手指划伤",
        [("A01", "Iodophor swabs", 2, "swabs")],
        True,
    )
    assert at("2026-11-24 10:00").show(u.called_120_at) == "2026-11-24 09:50"
    assert kit_register.help_given(u) == "disinfection, bandaging"
    assert [r.person_name for r in kit_register.uses("赵", language=i18n.language()).rows] == ["赵敏"]
    assert [r.person_name for r in kit_register.uses("耐克", language=i18n.language()).rows] == [
        "赵敏"
    ]  # the contact's words
    assert [r.person_name for r in kit_register.uses("OTHER", language=i18n.language()).rows] == [
        "赵敏"
    ]  # the kind of use shown
    assert kit_register.uses("heatstroke", language=i18n.language()).rows == []
    i18n.set_language("zh_CN")
    try:
        assert [r.person_name for r in kit_register.uses("其他", language=i18n.language()).rows] == [
            "赵敏"
        ]  # as the register shows it
    finally:
        i18n.set_language("en")
    sheet = tmp_path / "m.csv"
    assert run(["--db", str(d.locations.target), "export", "medicine", "-o", str(sheet)]) == 0
    text = sheet.read_text(encoding="utf-8-sig")
    assert "赵敏" in text and "Iodophor swabs 2 swabs" in text and "disinfection, bandaging" in text


def test_control_characters_are_refused_in_the_register(desk_kit):
    with pytest.raises(ValidationError) as caught:
        use(desk_kit, person_name="王\x1b[31m先生")
    assert "Control characters" in caught.value.errors["person_name"]
    assert KitUse.select().count() == 0


def test_two_desks_using_the_last_bandages_at_once_never_take_more_than_is_there(desk_kit):
    """Both read 4 left and want 3: one use is registered, the other is refused
    (on PostgreSQL the desks' write lock keeps this; see deskapp/db.py)."""
    from test_concurrency import race

    d = desk_kit
    receive(d, "A03", 4, "2027-06")
    results = race(lambda: use(d, ("A03", 3)), lambda: use(d, ("A03", 3), person_name="李女士"))
    assert sum(isinstance(r, ValidationError) for r in results) == 1
    assert KitUse.select().count() == 1
    assert [b.left_qty for b in KitBatch.select()] == [1]


def test_a_units_english_word_follows_its_chinese_unit_unless_typed(desk_kit):
    d = desk_kit
    add = partial(kit.save_medicine, language="en")
    m = add(d.actor, d.time.now(), "X01", "口罩", "Masks", "盒", "", "2", False, False)
    assert (m.unit_zh, m.unit_en) == ("盒", "boxes")  # the usual word, none typed
    m = add(d.actor, d.time.now(), "X01", "口罩", "Masks", "袋", m.unit_en, "2", False, False)
    assert m.unit_en == "bags"  # the unit changed, the word left as it was: it follows
    m = add(d.actor, d.time.now(), "X01", "口罩", "Masks", "袋", "sachets", "2", False, False)
    m = add(d.actor, d.time.now(), "X01", "口罩", "Masks", "盒", "sachets", "2", False, False)
    assert m.unit_en == "sachets"  # typed by someone: kept
    assert add(d.actor, d.time.now(), "X02", "冰贴", "Gel", "帖", "", "2", False, False).unit_en == "帖"


# -- prescription and oral medicine (docs/kit.md, "Prescription and oral medicine") ----------------

REFUSED = "Amoxicillin is a prescription medicine: it never goes into the kit."
LIST_REFUSAL = (
    "Amoxicillin is a prescription medicine: it never goes into the kit, so it cannot be on its list."
)


def save(
    d,
    code,
    *,
    name_en="Amoxicillin",
    unit_zh="盒",
    min_qty="2",
    oral=False,
    prescription=False,
    name_zh="阿莫西林胶囊",
):
    return kit.save_medicine(
        d.actor,
        d.time.now(),
        code,
        name_zh,
        name_en,
        unit_zh,
        "",
        min_qty,
        oral,
        prescription,
        language=i18n.language(),
    )


def edits():
    return AuditEntry.select().where(AuditEntry.action.in_(["kit.list_add", "kit.list_edit"])).count()


def legacy_prescription(d):
    """What an earlier version let in: P01 marked prescription, 5 boxes expired and 7 usable in the kit."""
    m = Medicine.create(
        code="P01",
        name_zh="阿莫西林胶囊",
        name_en="Amoxicillin",
        unit_zh="盒",
        unit_en="boxes",
        min_qty=4,
        oral=False,
        prescription=True,
    )
    for batch, expiry, qty in (("OLD", date(2026, 11, 1), 5), ("NEW", date(2027, 6, 30), 7)):
        KitBatch.create(
            kit=d.kit_id,
            medicine=m.id,
            batch_no=batch,
            expiry=expiry,
            received_qty=qty,
            left_qty=qty,
            received_at=d.time.now(),
            received_by=d.actor.staff_id,
        )
    return m


def test_a_new_prescription_medicine_is_refused_beside_its_tick_and_nothing_is_written(desk_kit):
    d = desk_kit
    before = (Medicine.select().count(), edits())
    with pytest.raises(ValidationError) as caught:
        save(d, "P01", prescription=True)
    assert caught.value.errors == {"prescription": LIST_REFUSAL}
    with pytest.raises(ValidationError) as caught:
        save(d, "P02", name_zh="", name_en="", prescription=True)  # no name typed: said without one
    assert caught.value.errors["prescription"] == (
        "A prescription medicine never goes into the kit, so it cannot be on its list."
    )
    assert (Medicine.select().count(), edits()) == before
    assert Medicine.get_or_none(Medicine.code == "P01") is None


def test_the_refusal_names_the_medicine_in_the_readers_language(desk_kit):
    i18n.set_language("zh_CN")
    try:
        with pytest.raises(ValidationError) as caught:
            save(desk_kit, "P01", prescription=True)
        said = caught.value.errors["prescription"]
        assert said == i18n._(
            "{name} is a prescription medicine: it never goes into the kit, so it cannot be on its list."
        ).format(name="阿莫西林胶囊")
        assert "阿莫西林胶囊" in said and "Amoxicillin" not in said
    finally:
        i18n.set_language("en")


def test_ticking_prescription_on_an_item_with_stock_is_refused_and_its_units_stay_in_sight(desk_kit):
    d = desk_kit
    receive(d, "A01", 25, "2027-03")
    before = edits()
    with pytest.raises(ValidationError) as caught:
        save(
            d,
            "A01",
            name_zh="碘伏棉签",
            name_en="Iodophor swabs",
            unit_zh="支",
            min_qty="20",
            prescription=True,
        )
    assert caught.value.errors == {
        "prescription": (
            "Iodophor swabs is a prescription medicine: it never goes into the kit, so it cannot be on its "
            "list."
        )
    }
    assert edits() == before and not Medicine.get(Medicine.code == "A01").prescription
    a01 = line(d, "A01")
    assert (a01.usable, a01.alerts) == (25, [])
    with pytest.raises(ValidationError, match="so it cannot be on its list"):  # no stock: refused the same
        save(d, "A02", name_zh="医用酒精棉片", name_en="Alcohol pads", unit_zh="片", prescription=True)
    assert not Medicine.get(Medicine.code == "A02").prescription


def test_oral_cannot_change_while_a_kit_holds_the_item_expired_units_included(desk_kit):
    d = desk_kit
    receive(d, "A05", 2, "2026-11-23", when="2026-11-01 09:00")  # expired: still in the kit
    receive(d, "B01", 10, "2027-06", lead="韩梅梅", lead_pin="654321")
    before = edits()
    with pytest.raises(ValidationError) as caught:
        save(d, "A05", name_zh="绷带", name_en="Bandage roll", unit_zh="卷", min_qty="5", oral=True)
    assert caught.value.errors == {
        "oral": ("2 rolls of it are still in the kit: whether it is oral cannot change until none is left.")
    }
    with pytest.raises(ValidationError) as caught:
        save(d, "B01", name_zh="藿香正气水", name_en="Huoxiang Zhengqi liquid", unit_zh="支", min_qty="10")
    assert caught.value.errors == {
        "oral": ("10 vials of it are still in the kit: whether it is oral cannot change until none is left.")
    }
    assert edits() == before and Medicine.get(Medicine.code == "B01").oral
    m = save(
        d,
        "B01",
        name_zh="藿香正气水",
        name_en="Huoxiang Zhengqi liquid",
        unit_zh="支",
        min_qty="12",
        oral=True,
    )  # anything but its type may change
    assert (m.min_qty, m.oral) == (12, True)
    assert kit_stock.remove_expired(d.actor, at("2026-11-24 10:00"), d.kit_id, "A05") == 2
    m = save(d, "A05", name_zh="绷带", name_en="Bandage roll", unit_zh="卷", min_qty="5", oral=True)
    assert m.oral  # none left: its type may change
    entry = (
        AuditEntry.select().where(AuditEntry.action == "kit.list_edit").order_by(AuditEntry.id.desc()).get()
    )
    assert '"oral": false' in entry.before and '"oral": true' in entry.after


def test_receiving_a_prescription_medicine_is_refused_and_a_type_changed_meanwhile_too(desk_kit, monkeypatch):
    d = desk_kit
    legacy_prescription(d)
    with pytest.raises(ValidationError) as caught:
        receive(d, "P01", 1, "2027-06")
    assert caught.value.errors == {"code": REFUSED}
    approve = staff.approve

    def approve_while_someone_unticks_oral(*args):
        found = approve(*args)
        save(d, "B01", name_zh="藿香正气水", name_en="Huoxiang Zhengqi liquid", unit_zh="支", min_qty="10")
        return found

    monkeypatch.setattr(staff, "approve", approve_while_someone_unticks_oral)
    with pytest.raises(DeskError) as caught:
        receive(d, "B01", 10, "2027-06", lead="韩梅梅", lead_pin="654321")
    assert caught.value.message == "Huoxiang Zhengqi liquid was changed meanwhile; try again."
    assert KitBatch.select().where(KitBatch.medicine != Medicine.get(Medicine.code == "P01").id).count() == 0


def test_prescription_medicine_an_earlier_version_let_in_shows_is_never_used_or_bought_and_goes_out(desk_kit):
    d = desk_kit
    legacy_prescription(d)
    p01 = line(d, "P01")
    assert (p01.usable, p01.expired, p01.below_min, p01.alerts) == (7, 5, False, ["prescription"])
    assert [
        (a.line.medicine.code, a.kind)
        for a in kit_stock.alerts(d.policy, at("2026-11-24 10:00"))
        if a.line.medicine.code == "P01"
    ] == [("P01", "prescription")]
    assert "P01" not in {r.line.medicine.code for r in kit_restock.restock(d.policy, at("2026-11-24 10:00"))}
    receive(d, "A01", 20, "2027-06")
    with pytest.raises(ValidationError) as caught:
        use(d, ("A01", 2), ("P01", 1))
    assert caught.value.errors == {"item2": REFUSED}
    assert (KitUse.select().count(), KitUseLine.select().count(), line(d, "A01").usable) == (0, 0, 20)
    with pytest.raises(ValidationError) as caught:
        save(d, "P01", min_qty="4")  # unticked, but the kit holds it
    assert caught.value.errors == {
        "prescription": (
            "12 boxes of it are still in the kit: it stays a prescription medicine until they are taken out "
            "(x on F6)."
        )
    }
    assert kit_stock.remove_expired(d.actor, at("2026-11-24 10:00"), d.kit_id, "P01") == 12  # expired or not
    held = KitBatch.select().where(KitBatch.medicine == Medicine.get(Medicine.code == "P01").id)
    assert [(b.batch_no, b.left_qty, b.removed_qty) for b in held.order_by(KitBatch.id)] == [
        ("OLD", 0, 5),
        ("NEW", 0, 7),
    ]
    reasons = [e.after for e in AuditEntry.select().where(AuditEntry.action == "kit.remove")]
    assert len(reasons) == 2 and all('"reason": "prescription"' in r for r in reasons)
    assert line(d, "P01").alerts == []
    assert not save(d, "P01", min_qty="4").prescription  # marked by mistake: now it can be corrected


def test_check_warns_of_prescription_medicine_in_a_kit(desk_kit, capsys):
    d = desk_kit
    legacy_prescription(d)
    assert run(["--db", str(d.locations.target), "check"]) == 0  # the records are sound
    out = capsys.readouterr().out
    assert (
        "Warning: prescription medicine is in the kit, which never holds any: Desk kit: P01 Amoxicillin "
        "12 boxes. Take it out on F6 with x (docs/kit.md)."
    ) in out


def test_the_standard_list_file_holds_no_prescription_medicine(tmp_path):
    shipped = kit.standard_list(kit.data_file("kit_standard.toml"))
    assert not any(item["prescription"] for item in shipped.values())
    path = tmp_path / "list.toml"
    path.write_text(
        '[items.P01]\nname_zh = "阿莫西林胶囊"\nname_en = "Amoxicillin"\nunit_zh = "盒"\n'
        'unit_en = "boxes"\nmin_qty = 1\noral = true\nprescription = true\n',
        encoding="utf-8",
    )
    with pytest.raises(DeskError) as caught:
        kit.standard_list(path)
    assert caught.value.message == (
        f"The kit's standard list {path} cannot be used: P01 is a prescription "
        "medicine, which never goes into the kit."
    )

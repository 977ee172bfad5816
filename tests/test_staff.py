import json
from datetime import timedelta

import pytest

from deskapp import i18n
from deskapp.clock import DeskTime, fixed
from deskapp.errors import DeskError, ValidationError
from deskapp.models import AuditEntry, Staff
from deskapp.services import audit, staff

from helpers import add_admin, add_staff

pytestmark = pytest.mark.engines  # every test on SQLite and on PostgreSQL (conftest)


def sign_in(desk, name, pin, minutes_later=0):
    return staff.sign_in(name, pin, desk.policy.security, desk.time.now() + timedelta(minutes=minutes_later))


def test_first_administrator_is_created_once(desk):
    admin = add_admin(desk)
    assert (admin.name, admin.role, admin.active) == ("王芳", "admin", True)
    with pytest.raises(DeskError, match="already exists"):
        add_admin(desk, "Li Lei")
    entry = AuditEntry.get(AuditEntry.action == "staff.create")
    assert entry.staff_id == admin.id and entry.at == desk.time.now()
    assert json.loads(entry.after) == {"name": "王芳", "role": "admin", "active": True}


@pytest.mark.parametrize(
    "name, pin, again, field, text",
    [
        ("", "123456", "123456", "name", "Type a name."),
        ("x" * 41, "123456", "123456", "name", "at most 40"),
        ("Li\x07Lei", "123456", "123456", "name", "control characters"),
        ("Li Lei", "", "", "pin", "Type a PIN."),
        ("Li Lei", "12345", "12345", "pin", "6 to 8 digits"),  # an administrator's: 6 by default
        ("Li Lei", "123456789", "123456789", "pin", "6 to 8 digits"),
        ("Li Lei", "12a456", "12a456", "pin", "digits only"),
        ("Li Lei", "１２３４５６", "１２３４５６", "pin", "digits only"),  # full-width digits
        ("Li Lei", "123456", "123465", "pin_again", "not the same"),
    ],
)
def test_bad_input_is_refused_beside_its_field_and_nothing_is_stored(desk, name, pin, again, field, text):
    with pytest.raises(ValidationError) as err:
        staff.create_first_admin(name, pin, again, desk.policy.security, desk.time.now())
    assert text in err.value.errors[field]
    assert Staff.select().count() == 0 and AuditEntry.select().count() == 0


def test_pin_length_edges_follow_the_policy(desk):
    add_admin(desk, "Six", "123456")
    admin = staff.sign_in("Six", "123456", desk.policy.security, desk.time.now())
    assert add_staff(desk, admin, "Eight", pin="12345678").name == "Eight"
    assert add_staff(desk, admin, "Four", pin="1234").name == "Four"  # a clerk's PIN: 4 digits will do
    for role in ("lead", "admin"):
        with pytest.raises(ValidationError) as err:
            add_staff(desk, admin, f"New {role}", role, pin="12345")
        assert err.value.errors == {"pin": "A PIN has 6 to 8 digits."}


def test_names_are_unique_whatever_the_case_or_width(desk):
    admin = add_admin(desk)
    add_staff(desk, admin, "Li Lei")
    for same in ("li lei", "  Li   Lei ", "Ｌｉ Ｌｅｉ"):
        with pytest.raises(ValidationError, match="already a staff member"):
            add_staff(desk, admin, same)


def test_pin_is_stored_only_as_a_salted_hash(desk):
    add_admin(desk, pin="258025")
    stored = Staff.get().pin_hash
    assert stored.startswith("scrypt$") and "258025" not in stored
    add_admin_two = staff.add_staff(
        audit.Actor(1, "tui"), "B", "staff", "258025", "258025", desk.policy.security, desk.time.now()
    )
    assert Staff.get_by_id(add_admin_two.id).pin_hash != stored  # different salt
    assert not any("258025" in (e.after or "") for e in AuditEntry.select())


def test_sign_in_with_the_right_pin(desk):
    add_admin(desk)
    who = sign_in(desk, "王芳", "123456")
    assert who.last_sign_in == desk.time.now()
    assert AuditEntry.select().where(AuditEntry.action == "staff.sign_in").count() == 1


def test_unknown_and_disabled_names_cannot_sign_in(desk):
    admin = add_admin(desk)
    add_staff(desk, admin, "Li Lei")
    staff.set_active(audit.Actor(admin.id, "tui"), "Li Lei", False, desk.time.now())
    for name in ("Nobody", "Li Lei"):
        with pytest.raises(DeskError) as err:
            sign_in(desk, name, "5678")
        assert err.value.field == "name"


def test_five_wrong_pins_lock_the_name_for_five_minutes(desk):
    add_admin(desk)
    for left in (4, 3, 2, 1):
        with pytest.raises(DeskError, match=f"{left} more tr"):
            sign_in(desk, "王芳", "0000")
    with pytest.raises(DeskError, match="now locked for 5 minutes"):
        sign_in(desk, "王芳", "0000")
    row = Staff.get()
    assert row.locked_until == desk.time.now() + timedelta(minutes=5)
    # Even the right PIN is refused while locked, up to the last second ...
    with pytest.raises(DeskError, match="Try again in 1 minute"):
        almost = desk.time.now() + timedelta(minutes=4, seconds=59)
        staff.sign_in("王芳", "123456", desk.policy.security, almost)
    # ... and accepted from the moment the lock ends.
    assert sign_in(desk, "王芳", "123456", minutes_later=5).name == "王芳"
    actions = [e.action for e in AuditEntry.select().order_by(AuditEntry.id)]
    assert actions.count("staff.pin_wrong") == 4 and actions.count("staff.pin_locked") == 1


def test_a_right_pin_resets_the_count(desk):
    add_admin(desk)
    for _ in range(4):
        with pytest.raises(DeskError):
            sign_in(desk, "王芳", "0000")
    sign_in(desk, "王芳", "123456")
    for left in (4, 3):  # counting starts again from five
        with pytest.raises(DeskError, match=f"{left} more tr"):
            sign_in(desk, "王芳", "0000")


def test_lockout_follows_the_policy(locations):
    from conftest import make_desk

    locations.config_dir.mkdir(parents=True)
    locations.policy_file.write_text("[security]\npin_max_attempts = 2\npin_lockout_minutes = 30\n")
    desk = make_desk(locations)
    add_admin(desk)
    with pytest.raises(DeskError, match="1 more try"):
        sign_in(desk, "王芳", "0000")
    with pytest.raises(DeskError, match="locked for 30 minutes"):
        sign_in(desk, "王芳", "0000")


def test_only_an_administrator_manages_staff(desk):
    admin = add_admin(desk)
    lead = add_staff(desk, admin, "Li Lei", "lead")
    as_lead = audit.Actor(lead.id, "tui")
    with pytest.raises(DeskError, match="Only an administrator"):
        staff.add_staff(as_lead, "X", "staff", "1234", "1234", desk.policy.security, desk.time.now())
    with pytest.raises(DeskError, match="Only an administrator"):
        staff.reset_pin(as_lead, "王芳", "9999", "9999", desk.policy.security, desk.time.now())


def test_an_administrator_cannot_disable_themself_and_a_disabled_one_has_no_rights(desk):
    admin = add_admin(desk)
    second = add_staff(desk, admin, "Zhang Wei", "admin")
    as_admin = audit.Actor(admin.id, "tui")
    with pytest.raises(DeskError, match="cannot disable yourself"):
        staff.set_active(as_admin, "王芳", False, desk.time.now())
    staff.set_active(as_admin, "Zhang Wei", False, desk.time.now())
    with pytest.raises(DeskError, match="Only an administrator"):
        staff.set_active(audit.Actor(second.id, "tui"), "王芳", False, desk.time.now())
    assert staff.set_active(as_admin, "Zhang Wei", True, desk.time.now()).active


def test_reset_pin_lifts_the_lock(desk):
    admin = add_admin(desk)
    add_staff(desk, admin, "Li Lei")
    for _ in range(5):
        with pytest.raises(DeskError):
            sign_in(desk, "Li Lei", "0000")
    staff.reset_pin(
        audit.Actor(admin.id, "cli"), "li lei", "654321", "654321", desk.policy.security, desk.time.now()
    )
    assert sign_in(desk, "Li Lei", "654321").name == "Li Lei"
    entry = AuditEntry.get(AuditEntry.action == "staff.reset_pin")
    assert entry.source == "cli" and entry.staff_id == admin.id


def test_messages_follow_the_language(desk):
    add_admin(desk)
    i18n.set_language("zh_CN")
    with pytest.raises(DeskError, match="密码错误。再错 4 次 王芳 将被锁定。"):
        sign_in(desk, "王芳", "0000")


def test_desk_time_shows_utc_in_the_desk_zone():
    t = DeskTime("Asia/Shanghai", fixed(__import__("conftest").NOW))
    assert t.show(t.now()) == "2026-11-24 10:00"
    assert str(t.today()) == "2026-11-24"


def _five_wrong(desk, name, minutes_later):
    for _ in range(5):
        with pytest.raises(DeskError) as caught:
            sign_in(desk, name, "0000", minutes_later=minutes_later)
    return caught.value.message


def test_lockouts_lengthen_then_hold_until_an_administrator_unlocks(desk):
    """5 min, 15 min, 1 h, then until an administrator unlocks (docs/trust.md, "Sign-in")."""
    admin = add_admin(desk)
    add_staff(desk, admin, "Li Lei", "lead")
    assert _five_wrong(desk, "Li Lei", 0) == "Wrong PIN. Li Lei is now locked for 5 minutes."
    assert _five_wrong(desk, "Li Lei", 5) == "Wrong PIN. Li Lei is now locked for 15 minutes."
    with pytest.raises(DeskError, match="Try again in 1 minute"):  # 5 + 15 minutes, less a second
        staff.sign_in(
            "Li Lei", "567890", desk.policy.security, desk.time.now() + timedelta(minutes=19, seconds=59)
        )
    assert _five_wrong(desk, "Li Lei", 20) == "Wrong PIN. Li Lei is now locked for 60 minutes."
    last = _five_wrong(desk, "Li Lei", 80)
    assert last == "Wrong PIN. Li Lei is now locked until an administrator unlocks the name."
    row = Staff.get(Staff.name == "Li Lei")
    assert (row.held, row.locked_until, row.lockouts) == (True, None, 4)
    with pytest.raises(DeskError, match="until an administrator unlocks"):  # a year later, the right PIN
        sign_in(desk, "Li Lei", "567890", minutes_later=365 * 24 * 60)
    later = desk.time.now() + timedelta(minutes=90)
    assert [s.name for s in staff.locked_out(later)] == ["Li Lei"]
    staff.unlock(audit.Actor(admin.id, "cli"), "li lei", later)
    assert staff.locked_out(later) == []
    assert sign_in(desk, "Li Lei", "567890", minutes_later=90).name == "Li Lei"
    assert Staff.get(Staff.name == "Li Lei").lockouts == 0  # the right PIN starts the steps again
    actions = [e.action for e in AuditEntry.select().order_by(AuditEntry.id)]
    counts = [actions.count(a) for a in ("staff.pin_locked", "staff.pin_held", "staff.unlock")]
    assert counts == [3, 1, 1]


def test_an_administrators_own_name_keeps_the_longest_step(desk):
    """Never held: a desk whose only administrator was held could not unlock anyone."""
    add_admin(desk)
    for n, minutes_later in enumerate((0, 5, 20, 80, 140)):
        expected = (5, 15, 60, 60, 60)[n]
        assert (
            _five_wrong(desk, "王芳", minutes_later)
            == f"Wrong PIN. 王芳 is now locked for {expected} minutes."
        )
    assert not Staff.get().held


def test_an_old_policy_with_one_lockout_length_holds_after_it(locations):
    from conftest import make_desk

    locations.config_dir.mkdir(parents=True)
    locations.policy_file.write_text("[security]\npin_max_attempts = 1\npin_lockout_minutes = 30\n")
    desk = make_desk(locations)
    admin = add_admin(desk)
    add_staff(desk, admin, "Li Lei")
    with pytest.raises(DeskError, match="locked for 30 minutes"):
        sign_in(desk, "Li Lei", "0000")
    with pytest.raises(DeskError, match="until an administrator unlocks"):
        sign_in(desk, "Li Lei", "0000", minutes_later=30)

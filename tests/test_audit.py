import pytest

from deskapp.db import database
from deskapp.models import AuditEntry, Staff
from deskapp.services import audit

from helpers import add_admin

pytestmark = pytest.mark.engines  # every test on SQLite and on PostgreSQL (conftest)


def test_an_audit_record_cannot_be_written_outside_a_transaction(desk):
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit.record(audit.SYSTEM, "x", "staff", 1, desk.time.now())


def test_a_change_and_its_audit_record_commit_or_roll_back_together(desk):
    add_admin(desk)
    with pytest.raises(ZeroDivisionError):
        with database.atomic():
            Staff.update(active=False).execute()
            audit.record(
                audit.SYSTEM,
                "staff.disable",
                "staff",
                1,
                desk.time.now(),
                {"active": True},
                {"active": False},
            )
            raise ZeroDivisionError  # anything failing after the writes
    assert Staff.get().active is True
    assert AuditEntry.select().where(AuditEntry.action == "staff.disable").count() == 0

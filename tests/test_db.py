import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from playhouse.schema_diff import diff_models

from deskapp import db, dbfiles, migrations, schema
from deskapp.db import DatabaseProblem, database
from deskapp.models import ALL_MODELS, Staff
from deskapp.services import staff

from conftest import make_desk
from helpers import add_admin, add_staff

MIGRATIONS = Path(schema.__file__).parent / "migrations"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_nothing_opens_the_database_at_import():
    code = (
        "import deskapp.models, deskapp.services.staff, deskapp.app, deskapp.cli; "
        "from deskapp.db import database; print(database.obj is None)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


def test_connection_settings(desk):
    get = lambda p: database.execute_sql(f"PRAGMA {p}").fetchone()[0]  # noqa: E731
    assert get("journal_mode") == "wal"
    assert get("foreign_keys") == 1
    assert get("synchronous") == 2  # FULL
    assert get("busy_timeout") == 5000


@pytest.mark.engines
def test_a_fresh_database_gets_every_migration_and_matches_the_models(desk):
    assert schema.database_version() == schema.program_version() >= 1
    assert not diff_models(database.obj, ALL_MODELS), "a model changed without a migration"


def test_a_newer_database_is_refused_and_left_untouched(locations):
    make_desk(locations)
    database.execute_sql("INSERT INTO schema_migration (name, applied) VALUES ('0999_future', '2030-01-01')")
    db.disconnect()
    before = digest(locations.database)
    with pytest.raises(DatabaseProblem, match="newer deskapp"):
        make_desk(locations)
    assert digest(locations.database) == before
    assert database.obj is None


def _migrations_with(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "migrations"
    folder.mkdir()
    for f in MIGRATIONS.glob("[0-9]*.py"):
        shutil.copy(f, folder)
    (folder / "0900_test.py").write_text(body)
    return folder


def test_an_older_database_is_backed_up_then_migrated(locations, tmp_path, monkeypatch):
    desk = make_desk(locations)
    add_admin(desk)
    db.disconnect()
    monkeypatch.setattr(
        schema,
        "MIGRATIONS_DIR",
        _migrations_with(
            tmp_path,
            (
                "from peewee import CharField\n"
                "def up(migrator, db):\n"
                "    migrator.migrate(migrator.add_column('staff', 'nickname', CharField(null=True)))\n"
            ),
        ),
    )
    make_desk(locations)
    assert schema.database_version() == 900
    assert "nickname" in [c.name for c in database.get_columns("staff")]
    (backup,) = (locations.backup_dir).glob("pre-v900-*.sqlite3")
    old = sqlite3.connect(backup)
    assert [r[0] for r in old.execute("SELECT name FROM schema_migration")] == migrations.known()
    assert old.execute("SELECT name FROM staff").fetchall() == [("王芳",)]
    old.close()


def fail_a_migration_half_way(locations, tmp_path, monkeypatch) -> None:
    """A desk with its administrator, then a new migration that adds a column and
    fails before it finishes: opening the desk raises."""
    desk = make_desk(locations)
    add_admin(desk)
    db.disconnect()
    monkeypatch.setattr(
        schema,
        "MIGRATIONS_DIR",
        _migrations_with(
            tmp_path,
            (
                "from peewee import CharField\n"
                "def up(migrator, db):\n"
                "    migrator.migrate(migrator.add_column('staff', 'nickname', CharField(null=True)))\n"
                "    raise RuntimeError('half way')\n"
            ),
        ),
    )
    with pytest.raises(RuntimeError, match="half way"):
        make_desk(locations)


def test_a_failing_migration_changes_nothing(locations, tmp_path, monkeypatch):
    fail_a_migration_half_way(locations, tmp_path, monkeypatch)
    monkeypatch.setattr(schema, "MIGRATIONS_DIR", MIGRATIONS)
    make_desk(locations)
    assert schema.database_version() == migrations.number(migrations.known()[-1])
    assert "nickname" not in [c.name for c in database.get_columns("staff")]
    assert Staff.select().count() == 1


def test_a_file_that_is_not_a_database_is_refused_and_kept(locations):
    locations.database.parent.mkdir(parents=True)
    locations.database.write_bytes(b"these are the desk's notes, not a database" * 100)
    before = digest(locations.database)
    with pytest.raises(DatabaseProblem, match="damaged or is not a deskapp database"):
        make_desk(locations)
    assert digest(locations.database) == before


def test_a_folder_in_place_of_the_file_is_refused(locations):
    locations.database.mkdir(parents=True)
    with pytest.raises(DatabaseProblem, match="cannot be opened"):
        make_desk(locations)


def test_a_database_locked_by_another_program_gives_a_clear_message(locations):
    desk = make_desk(locations)
    admin = add_admin(desk)
    db.disconnect()
    db.connect(locations.database, busy_timeout_s=0.2)
    other = sqlite3.connect(locations.database)
    other.execute("BEGIN IMMEDIATE")  # another desk is in the middle of saving
    try:
        with pytest.raises(db.Error) as err:
            add_staff(desk, admin, "Li Lei")
        assert "busy" in db.explain(err.value)
    finally:
        other.rollback()
        other.close()
    assert Staff.select().count() == 1
    assert add_staff(desk, admin, "Li Lei").name == "Li Lei"  # and works once it is free


def test_integrity_check_finds_damage(desk, tmp_path):
    add_admin(desk)
    db.disconnect()
    assert dbfiles.integrity_problems(desk.locations.database) == []
    damaged = tmp_path / "damaged.sqlite3"
    data = bytearray(desk.locations.database.read_bytes())
    page = 4096
    for i in range(page * 1 + 100, min(len(data), page * 3)):  # scribble over the table pages
        data[i] = 0x5A
    damaged.write_bytes(bytes(data))
    assert dbfiles.integrity_problems(damaged)


@pytest.mark.engines
def test_names_are_case_insensitive_on_lookup(desk):
    add_admin(desk, "Wang Fang")
    assert staff.sign_in("wang fang", "123456", desk.policy.security, desk.time.now()).name == "Wang Fang"


@pytest.mark.parametrize("engine", ["sqlite", "postgresql-fresh"], indirect=True)
def test_migration_6_chains_the_audit_entries_written_before_it(locations, tmp_path, monkeypatch):
    """A desk of version 5 (no chain yet): its audit entries, written with and
    without fractions of a second, are chained in id order, and the chain then
    goes on with the entries written after it (docs/trust.md, "The seal chain")."""
    from datetime import datetime

    from deskapp.desk import open_desk
    from deskapp.models import AuditEntry
    from deskapp.services import audit, seals

    old = tmp_path / "v5"
    old.mkdir()
    for f in MIGRATIONS.glob("000[1-5]_*.py"):
        shutil.copy(f, old)
    monkeypatch.setattr(schema, "MIGRATIONS_DIR", old)
    open_desk(lang="en", locations=locations, create=True)
    insert = (
        "INSERT INTO audit_entry (at, staff_id, source, action, entity, entity_id, before, after) "
        f"VALUES ({', '.join([database.param] * 8)})"
    )
    for at, after in (
        (datetime(2026, 11, 1, 2, 0), '{"name": "王芳"}'),
        (datetime(2026, 11, 1, 2, 0, 0, 250000), None),
    ):
        database.execute_sql(insert, (at, None, "cli", "staff.create", "staff", "1", None, after))
    db.disconnect()
    monkeypatch.setattr(schema, "MIGRATIONS_DIR", MIGRATIONS)
    desk = make_desk(locations)
    rows = list(AuditEntry.select().order_by(AuditEntry.id))
    assert [r.prev_hash for r in rows] == ["", rows[0].hash]
    assert all(len(r.hash) == 64 and r.hash == audit.row_hash(r) for r in rows)
    admin = add_admin(desk)  # written by this version: it goes on from the last one
    new = AuditEntry.select().where(AuditEntry.staff == admin.id).get()
    assert new.prev_hash == rows[-1].hash and seals.verify() == []


def _insert(table: str, **values) -> None:
    marks = ", ".join([database.param] * len(values))
    names = ", ".join(values)
    database.execute_sql(f"INSERT INTO {table} ({names}) VALUES ({marks})", tuple(values.values()))


@pytest.mark.parametrize("engine", ["sqlite", "postgresql-fresh"], indirect=True)
def test_migration_7_reads_sentences_back_into_codes(locations, tmp_path, monkeypatch):
    """A desk of version 6 whose records hold the app's sentences in English and in
    Chinese: they become codes; a sentence it cannot read stays as written and
    `deskapp check` names its complaint (docs/records.md)."""
    from datetime import datetime

    from deskapp.desk import open_desk
    from deskapp.models import ComplaintEvent, Kit, KitBatch, Medicine
    from deskapp.services import complaints, system

    old = tmp_path / "v6"
    old.mkdir()
    for f in MIGRATIONS.glob("000[1-6]_*.py"):
        shutil.copy(f, old)
    monkeypatch.setattr(schema, "MIGRATIONS_DIR", old)
    admin = add_admin(open_desk(lang="en", locations=locations, create=True))
    at = datetime(2026, 11, 2, 2, 0)
    for _number in (1, 2):
        _insert(
            "complaint",
            received_at=at,
            taken_by_id=admin.id,
            channel="walk_in",
            happened_at=at,
            place="B1",
            what="x",
            people="",
            complainant="周",
            contact="138",
            expectation="",
            kind="general",
            media_risk=False,
            collective=False,
            state="investigating",
            assigned_to="",
            incident_report="",
        )
    sentences = [
        (1, "state", "received → investigating: 已联系店铺"),
        (1, "state", "调查中 → 已处理"),
        (1, "kind", "责任投诉:重大 · 媒体曝光风险"),
        (1, "kind", "assistance"),
        (1, "escalated", "Not handled within 1 month(s): now major."),
        (1, "escalated", "2 个月内未处理(时效过长):升级为重大投诉。"),
        (1, "note", "received → investigating"),  # typed by a person: left alone
        (2, "state", "received → somewhere else"),  # not a state this version knew
    ]
    for complaint, type_, text in sentences:
        _insert(
            "complaint_event",
            complaint_id=complaint,
            at=at,
            recorded_at=at,
            staff_id=admin.id,
            type=type_,
            text=text,
        )
    _insert("kit", name="服务台药箱", location="服务台", active=True)
    _insert("kit", name="Back office", location="at the desk", active=True)
    _insert(
        "medicine",
        code="A01",
        name_zh="碘伏棉签",
        name_en="Iodophor swabs",
        unit="支",
        min_qty=20,
        oral=False,
        prescription=False,
        active=True,
    )
    _insert(
        "medicine",
        code="X01",
        name_zh="冰贴",
        name_en="Cooling gel",
        unit="帖",
        min_qty=2,
        oral=False,
        prescription=False,
        active=True,
    )
    _insert(
        "medicine",
        code="X02",
        name_zh="口罩",
        name_en="Masks",
        unit="盒",
        min_qty=2,
        oral=False,
        prescription=False,
        active=True,
    )
    for reason in ("已过期", "受潮"):
        _insert(
            "kit_batch",
            kit_id=1,
            medicine_id=1,
            batch_no="",
            expiry=at.date(),
            received_qty=1,
            left_qty=0,
            received_at=at,
            received_by_id=admin.id,
            removed_at=at,
            removed_by_id=admin.id,
            removed_qty=1,
            removed_reason=reason,
        )
    db.disconnect()
    monkeypatch.setattr(schema, "MIGRATIONS_DIR", MIGRATIONS)
    report = system.check_database(locations)  # checked as this version reads it: migrated first
    assert report.problems == [] and "version 6" in report.updated
    assert f"now at version {schema.program_version()}" in report.updated
    assert len(report.notes) == 1 and "C0000002" in report.notes[0]
    make_desk(locations)

    rows = ComplaintEvent.select().order_by(ComplaintEvent.id)
    events = [(e.text, json.loads(e.facts or "{}")) for e in rows]
    assert events == [
        ("已联系店铺", {"from": "received", "to": "investigating"}),
        ("", {"from": "investigating", "to": "resolved"}),
        ("", {"kind": "major", "media_risk": True, "collective": False}),
        ("", {"kind": "assistance", "media_risk": False, "collective": False}),
        ("", {"months": 1}),
        ("", {"months": 2}),
        ("received → investigating", {}),
        ("received → somewhere else", {}),
    ]
    kits = [(k.name, k.location) for k in Kit.select().order_by(Kit.id)]
    assert kits == [("", ""), ("Back office", "at the desk")]
    units = [(m.unit_zh, m.unit_en) for m in Medicine.select().order_by(Medicine.id)]
    assert units == [("支", "swabs"), ("帖", "帖"), ("盒", "boxes")]  # the list's word; an unknown one copied
    assert [b.removed_reason for b in KitBatch.select().order_by(KitBatch.id)] == ["", "受潮"]
    assert complaints.unread_events() == ["C0000002"]


@pytest.mark.parametrize("engine", ["sqlite", "postgresql-fresh"], indirect=True)
def test_migration_8_indexes_the_names_of_the_loans_written_before_it(locations, tmp_path, monkeypatch):
    """A desk of version 7 with loans: each borrower's name gets its character pairs, so
    a search by part of a name finds them through the index (docs/records.md)."""
    from datetime import datetime

    from deskapp.desk import open_desk
    from deskapp.models import NameGram
    from deskapp.services import loan_lists

    old = tmp_path / "v7"
    old.mkdir()
    for f in MIGRATIONS.glob("000[1-7]_*.py"):
        shutil.copy(f, old)
    monkeypatch.setattr(schema, "MIGRATIONS_DIR", old)
    admin = add_admin(open_desk(lang="en", locations=locations, create=True))
    at = datetime(2026, 11, 2, 2, 0)
    names = ["王小明", "Li Lei", "欧阳", "周", "王小明"]
    _insert("item", kind="umbrella", tag="U01", status="available", note="", added_at=at)
    for name in names:
        _insert(
            "loan",
            lent_at=at,
            lent_by_id=admin.id,
            borrower=name,
            phone="13800138000",
            phone_last4="8000",
            id_number="",
            note="",
        )
    for loan_id in range(1, len(names) + 1):
        _insert(
            "loan_item",
            loan_id=loan_id,
            item_id=1,
            kind="umbrella",
            deposit_fen=2000,
            due_at=at,
            state="returned",
        )
    db.disconnect()
    monkeypatch.setattr(schema, "MIGRATIONS_DIR", MIGRATIONS)
    desk = make_desk(locations)
    pairs = sorted((g.gram, g.loan_id) for g in NameGram.select() if len(g.gram) == 2)
    assert pairs == sorted(
        [
            ("王小", 1),
            ("小明", 1),
            ("li", 2),
            ("i ", 2),
            (" l", 2),
            ("le", 2),
            ("ei", 2),
            ("欧阳", 3),
            ("王小", 5),
            ("小明", 5),
        ]
    )
    singles = sorted((g.gram, g.loan_id) for g in NameGram.select() if len(g.gram) == 1)  # migration 9
    assert singles == sorted(
        [
            ("王", 1),
            ("小", 1),
            ("明", 1),
            ("l", 2),
            ("i", 2),
            ("e", 2),
            ("欧", 3),
            ("阳", 3),
            ("周", 4),
            ("王", 5),
            ("小", 5),
            ("明", 5),
        ]
    )

    def named(text):
        return sorted({row.loan_id for row in loan_lists.page("history", desk.time, text, 0, 100).rows})

    assert (named("小明"), named("LI L"), named("王小明")) == ([1, 5], [2], [1, 5])
    assert (named("周"), named("欧")) == ([4], [3])  # one character: its own key
    assert desk.policy  # the desk opens on the migrated file


@pytest.mark.parametrize("engine", ["sqlite", "postgresql-fresh"], indirect=True)
def test_migration_9_indexes_the_text_of_the_complaints_written_before_it(locations, tmp_path, monkeypatch):
    """A desk of version 8 with complaints: the complainant, place, people and what
    happened of each get their keys (characters, pairs, the contact's last four digits),
    so F8 finds them through the index (docs/records.md, "Finding a record")."""
    from datetime import datetime

    from deskapp.desk import open_desk
    from deskapp.models import ComplaintGram
    from deskapp.services import complaint_reports

    old = tmp_path / "v8"
    old.mkdir()
    for f in MIGRATIONS.glob("000[1-8]_*.py"):
        shutil.copy(f, old)
    monkeypatch.setattr(schema, "MIGRATIONS_DIR", old)
    admin = add_admin(open_desk(lang="en", locations=locations, create=True))
    at = datetime(2026, 11, 2, 2, 0)
    for who, place, people, what, contact in [
        ("王女士", "B1", "", "Lift", "138"),
        ("周", "3F", "保安", "异物", "+86 138-0013-8000"),
    ]:
        _insert(
            "complaint",
            received_at=at,
            taken_by_id=admin.id,
            channel="walk_in",
            happened_at=at,
            place=place,
            what=what,
            people=people,
            complainant=who,
            contact=contact,
            expectation="",
            kind="general",
            media_risk=False,
            collective=False,
            state="investigating",
            assigned_to="",
            incident_report="",
        )
    db.disconnect()
    monkeypatch.setattr(schema, "MIGRATIONS_DIR", MIGRATIONS)
    desk = make_desk(locations)
    keys = sorted((g.gram, g.complaint_id) for g in ComplaintGram.select())
    assert keys == sorted(
        [
            ("王女", 1),
            ("女士", 1),
            ("b1", 1),
            ("li", 1),
            ("if", 1),
            ("ft", 1),
            ("王", 1),
            ("女", 1),
            ("士", 1),
            ("b", 1),
            ("1", 1),
            ("l", 1),
            ("i", 1),
            ("f", 1),
            ("t", 1),
            ("3f", 2),
            ("保安", 2),
            ("异物", 2),
            ("周", 2),
            ("3", 2),
            ("f", 2),
            ("保", 2),
            ("安", 2),
            ("异", 2),
            ("物", 2),
            ("#8000", 2),
            ("#13800138000", 2),
        ]
    )

    def found(text):
        return [c.id for c in complaint_reports.page("all", desk.time, text).rows]

    assert [found(t) for t in ("女士", "LIFT", "王女士", "保安", "异物")] == [[1], [1], [1], [2], [2]]
    assert (found("周"), found("物"), found("8000"), found("13800138000")) == ([2], [2], [2], [2])

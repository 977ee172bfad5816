import sqlite3
from datetime import timedelta

import pytest

from deskapp import backups, db, dbfiles
from deskapp.clock import DeskTime, fixed
from deskapp.errors import DeskError
from deskapp.models import Staff

from conftest import NOW, make_desk
from helpers import add_admin, add_staff


def names(path):
    conn = sqlite3.connect(path)
    try:
        return sorted(r[0] for r in conn.execute("SELECT name FROM staff"))
    finally:
        conn.close()


def test_daily_backup_once_a_day(desk):
    add_admin(desk)
    first = backups.daily(desk.locations, desk.time, keep=14)
    assert first is not None and first.name == "daily-20261124-100000.sqlite3"
    later = DeskTime("Asia/Shanghai", fixed(NOW + timedelta(hours=13)))  # 23:00 the same day
    assert backups.daily(desk.locations, later, keep=14) is None
    next_day = DeskTime("Asia/Shanghai", fixed(NOW + timedelta(hours=14)))  # 00:00 the next day
    assert backups.daily(desk.locations, next_day, keep=14) is not None
    assert dbfiles.integrity_problems(first) == []
    assert names(first) == ["王芳"]


def test_the_last_fourteen_daily_backups_are_kept(desk):
    add_admin(desk)
    manual = backups.take(desk.locations, desk.time, "manual")
    for day in range(16):
        backups.daily(desk.locations, DeskTime("Asia/Shanghai", fixed(NOW + timedelta(days=day))), keep=14)
    daily = [b for b in backups.list_backups(desk.locations.backup_dir) if b.kind == "daily"]
    assert len(daily) == 14
    assert daily[-1].taken.date().isoformat() == "2026-11-26"  # the 24th and 25th are gone
    assert manual.exists()  # only daily backups are pruned


def test_backup_to_a_chosen_folder_holds_committed_records(desk, tmp_path):
    admin = add_admin(desk)
    add_staff(desk, admin, "Li Lei")  # still in the WAL, not yet checkpointed
    path = backups.take(desk.locations, desk.time, "manual", tmp_path / "usb")
    assert path.parent == tmp_path / "usb"
    assert names(path) == ["Li Lei", "王芳"]
    assert not list((tmp_path / "usb").glob("*.partial"))


def test_restore_brings_back_a_backup_after_a_safety_copy(desk):
    admin = add_admin(desk)
    saved = backups.take(desk.locations, desk.time, "manual")
    add_staff(desk, admin, "Li Lei")
    safety = backups.restore(desk.locations, desk.time, saved)
    assert [r.name for r in Staff.select()] == ["王芳"]  # the open connection sees the restored data
    assert names(safety) == ["Li Lei", "王芳"]


def test_restore_refuses_a_damaged_file_and_changes_nothing(desk, tmp_path):
    add_admin(desk)
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4000)
    with pytest.raises(DeskError, match="failed the integrity check|damaged"):
        backups.restore(desk.locations, desk.time, bad)
    assert [r.name for r in Staff.select()] == ["王芳"]


def test_restore_refuses_a_database_of_another_program(desk, tmp_path):
    add_admin(desk)
    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(DeskError, match="not a deskapp database"):
        backups.restore(desk.locations, desk.time, other)


def test_restore_refuses_a_newer_database(desk, tmp_path):
    add_admin(desk)
    newer = backups.take(desk.locations, desk.time, "manual", tmp_path)
    conn = sqlite3.connect(newer)
    conn.execute("INSERT INTO schema_migration (name, applied) VALUES ('0999_future', '2030-01-01')")
    conn.commit()
    conn.close()
    with pytest.raises(DeskError, match="newer deskapp"):
        backups.restore(desk.locations, desk.time, newer)


def test_restore_can_replace_a_damaged_live_database(locations, tmp_path):
    desk = make_desk(locations)
    add_admin(desk)
    good = backups.take(desk.locations, desk.time, "manual", tmp_path)
    db.disconnect()
    for suffix in ("-wal", "-shm"):
        locations.database.with_name(locations.database.name + suffix).unlink(missing_ok=True)
    locations.database.write_bytes(b"garbage" * 1000)
    kept = backups.restore(locations, desk.time, good)
    assert names(locations.database) == ["王芳"]
    assert kept.read_bytes() == b"garbage" * 1000  # the damaged file is kept, not deleted

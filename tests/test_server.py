"""A PostgreSQL server shared by several desks (README, "Several desks, one database"):
what only a server has, and what a desk is told when the server is not there.
The service suite itself runs on both engines (conftest, `engines`)."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from deskapp import backups, db, migrations, schema
from deskapp.db import DatabaseProblem, database
from deskapp.errors import DeskError
from deskapp.models import Staff
from deskapp.paths import Locations, locate

from conftest import make_desk
from helpers import add_admin, add_staff
from test_cli import run
from test_db import fail_a_migration_half_way

on_server = pytest.mark.parametrize("engine", ["postgresql-fresh"], indirect=True)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nobody listens once it is closed


def test_a_url_is_a_server_and_its_password_is_never_shown(tmp_path, monkeypatch):
    monkeypatch.setenv("DESKAPP_DB", "postgresql://desk@10.0.0.5/deskapp")
    assert locate(None).server == "postgresql://desk@10.0.0.5/deskapp"  # $DESKAPP_DB as --db
    monkeypatch.delenv("DESKAPP_DB")
    loc = locate("postgresql://desk:s3cret@10.0.0.5:5432/deskapp")
    assert loc.server and loc.target == loc.server
    assert loc.shown == "postgresql://desk:***@10.0.0.5:5432/deskapp"
    assert loc.slips_dir == loc.data_dir / "slips" and loc.exports_dir == loc.data_dir / "exports"
    assert db.server_settings(loc.server, 5.0) | {"options": ""} == {
        "host": "10.0.0.5",
        "port": 5432,
        "user": "desk",
        "password": "s3cret",
        "connect_timeout": 5,
        "application_name": "deskapp",
        "options": "",
    }
    assert "lock_timeout=5000" in db.server_settings(loc.server, 5.0)["options"]
    assert not locate(str(tmp_path / "desk.sqlite3")).server


def test_locate_shows_the_server_without_its_password(capsys):
    assert run(["--db", "postgresql://desk:s3cret@10.0.0.5/deskapp", "locate"]) == 0
    out = capsys.readouterr().out
    assert "postgresql://desk:***@10.0.0.5/deskapp" in out and "s3cret" not in out
    assert "on the database server (pg_dump)" in out


def test_a_server_that_cannot_be_reached_is_said_in_words(tmp_path):
    url = f"postgresql://desk:s3cret@127.0.0.1:{closed_port()}/deskapp"
    loc = Locations(tmp_path / "d", tmp_path / "c", tmp_path / "d" / "x.sqlite3", server=url)
    with pytest.raises(DatabaseProblem) as caught:
        make_desk(loc)
    assert "cannot be reached" in caught.value.message and "s3cret" not in caught.value.message
    assert database.obj is None
    with pytest.raises(DatabaseProblem, match="names no database"):
        db.connect("postgresql://desk@127.0.0.1:5432")


def test_the_cli_says_so_too_and_exits_1(capsys):
    assert run(["--db", f"postgresql://desk@127.0.0.1:{closed_port()}/deskapp", "staff", "list"]) == 1
    assert "cannot be reached" in capsys.readouterr().err


@on_server
def test_a_database_the_server_does_not_have(engine, tmp_path):
    url = engine[1].rsplit("/", 1)[0] + "/no_such_desk"
    with pytest.raises(DatabaseProblem, match="has no such database"):
        db.connect(url)


@on_server
def test_a_newer_server_database_is_refused_and_left_untouched(locations):
    make_desk(locations)
    database.execute_sql("INSERT INTO schema_migration (name, applied) VALUES ('0999_future', now())")
    tables = sorted(database.get_tables())
    db.disconnect()
    with pytest.raises(DatabaseProblem, match="newer deskapp"):
        make_desk(locations)
    db.connect(locations.target)
    assert sorted(database.get_tables()) == tables
    assert len(schema.applied()) == len(migrations.known()) + 1


@on_server
def test_a_failing_migration_on_the_server_changes_nothing(locations, tmp_path, monkeypatch):
    """No backup file on a server: each migration is one transaction, tables included."""
    fail_a_migration_half_way(locations, tmp_path, monkeypatch)
    db.connect(locations.target)
    assert "nickname" not in [c.name for c in database.get_columns("staff")]
    assert schema.applied() == migrations.known()
    assert not locations.backup_dir.exists()


@on_server
def test_a_desk_waiting_past_the_busy_timeout_is_told_and_nothing_is_half_saved(locations):
    """Another desk holds the write lock (in the middle of saving) longer than the timeout."""
    import psycopg2

    desk = make_desk(locations)
    admin = add_admin(desk)
    db.disconnect()
    db.connect(locations.target, busy_timeout_s=0.2)
    other = psycopg2.connect(locations.target)
    with other.cursor() as cur:
        cur.execute("BEGIN; SELECT pg_advisory_xact_lock(%s)", (db.WRITE_LOCK,))
    try:
        with pytest.raises(db.Error) as err:
            add_staff(desk, admin, "Li Lei")
        assert "busy" in db.explain(err.value)
    finally:
        other.rollback()
        other.close()
    assert Staff.select().count() == 1
    assert add_staff(desk, admin, "Li Lei").name == "Li Lei"  # and works once it is free


@on_server
def test_check_works_and_backup_is_the_servers_business(locations, capsys):
    desk = make_desk(locations)
    add_admin(desk)
    db.disconnect()
    url = locations.target
    assert run(["--db", url, "check"]) == 0
    assert "OK" in capsys.readouterr().out
    assert run(["--db", url, "backup"]) == 1
    assert "pg_dump" in capsys.readouterr().err
    assert run(["--db", url, "restore", str(Path("nothing.sqlite3"))]) == 1
    assert backups.daily(locations, desk.time, 7) is None
    with pytest.raises(DeskError, match="pg_dump"):
        backups.take(locations, desk.time, "manual")
    assert run(["--db", url, "demo", "--no-open"]) == 1
    assert "never on a server" in capsys.readouterr().err


@on_server
def test_a_server_database_cut_at_its_end_is_caught_by_the_heads_a_desk_kept(locations, capsys):
    """deskapp takes no backups of a server database; the heads file each desk keeps
    is the outside copy of the chain (docs/trust.md, "The seal chain")."""
    from deskapp import anchors
    from deskapp.models import AuditEntry

    desk = make_desk(locations)
    admin = add_admin(desk)
    add_staff(desk, admin, "李雷")
    url = locations.target
    anchors.keep(locate(url), desk.time.now())
    assert run(["--db", url, "check"]) == 0
    db.connect(url)
    AuditEntry.delete().where((AuditEntry.action == "staff.create") & (AuditEntry.entity_id != "1")).execute()
    db.disconnect()
    capsys.readouterr()
    assert run(["--db", url, "check"]) == 1
    said = capsys.readouterr().out
    assert "the audit trail then ended at entry 2, which this database no longer holds" in said


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
async def test_home_says_where_the_records_are_and_who_backs_them_up(counter):
    from textual.widgets import Static

    from deskapp.app import DeskApp

    from helpers import sign_in, text_of

    app = DeskApp(counter, backup_after=0.01)
    async with app.run_test(size=(100, 30)) as pilot:
        await sign_in(pilot, "李雷", "5678")
        shown = text_of(app.screen.query_one("#today", Static))
    assert "on the database server" in shown and "@ 127.0.0.1" in shown and "none yet" not in shown
    # The daily backup did not try to copy a file; the chain's head is kept outside (docs/trust.md).
    assert [p.name for p in counter.locations.backup_dir.iterdir()] == ["chain-heads.txt"]


@on_server
def test_a_lost_connection_is_said_in_words_and_the_next_save_reconnects(locations):
    """The server restarts (or the cable is pulled) while a desk is open: that save fails
    with a message; the worker closes its connection, so the next save connects anew."""
    import psycopg2

    desk = make_desk(locations)
    admin = add_admin(desk)
    other = psycopg2.connect(locations.target)
    other.autocommit = True
    with other.cursor() as cur:
        cur.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    other.close()
    with pytest.raises(db.Error) as err:
        add_staff(desk, admin, "Li Lei")
    assert "cannot be reached" in db.explain(err.value)
    db.release()  # what every worker does when it finishes (screens/base.py db_work)
    assert add_staff(desk, admin, "Li Lei").name == "Li Lei"
    assert Staff.select().count() == 2


def test_only_the_server_connection_imports_the_driver():
    """The PostgreSQL driver is an extra (pyproject.toml, `server`): a desk on its own file
    is installed without it. deskapp imports it in one place, when it connects to a server,
    and never hides it from peewee (no process-wide tricks)."""
    import ast
    from pathlib import Path

    root = Path(db.__file__).parent
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            names += [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(n.split(".")[0] in ("psycopg2", "psycopg") for n in names):
                found.append(path.name)
        assert "sys.modules[" not in path.read_text(encoding="utf-8"), f"{path.name} writes sys.modules"
    assert found == ["db.py"]

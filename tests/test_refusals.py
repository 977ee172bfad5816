"""What the engines really raise, and how the desk reads it: by the engine's code
(SQLite's result code, PostgreSQL's SQLSTATE), not by the words of its message."""

from __future__ import annotations

import sqlite3
import uuid
from urllib.parse import urlsplit

import peewee
import pytest

from deskapp import db, dbfiles
from deskapp.db import DatabaseProblem, database
from deskapp.rules.refusals import Refusal

from conftest import _admin

on_server = pytest.mark.parametrize("engine", ["postgresql-fresh"], indirect=True)


@pytest.fixture
def file(tmp_path):
    path = tmp_path / "desk.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE note (text TEXT)")
    conn.commit()
    conn.close()
    return path


def as_user(url: str, user: str) -> str:
    parts = urlsplit(url)
    return parts._replace(netloc=f"{user}@{parts.hostname}:{parts.port}").geturl()


def raised(action) -> BaseException:
    with pytest.raises((sqlite3.Error, peewee.PeeweeException)) as caught:
        action()
    return caught.value


def test_a_read_only_file(file):
    ro = sqlite3.connect(f"{file.as_uri()}?mode=ro", uri=True)
    error = raised(lambda: ro.execute("INSERT INTO note VALUES ('x')"))
    assert dbfiles.refusal(error) is Refusal.READ_ONLY
    assert dbfiles.explain(error, file).startswith(f"The database file {file} is read-only")


def test_peewee_s_error_is_read_by_the_driver_s_code_inside(file):
    ro = peewee.SqliteDatabase(f"{file.as_uri()}?mode=ro", uri=True)
    error = raised(lambda: ro.execute_sql("INSERT INTO note VALUES ('x')"))
    assert isinstance(error, peewee.OperationalError)
    assert dbfiles.refusal(error) is Refusal.READ_ONLY
    ro.close()


def test_a_full_disk(file):
    conn = sqlite3.connect(file)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    error = raised(lambda: conn.execute("INSERT INTO note VALUES (?)", ("x" * 100_000,)))
    assert dbfiles.refusal(error) is Refusal.DISK
    assert dbfiles.explain(error) == "The disk is full or failing; the change was not saved."


def test_a_file_that_is_not_a_database(tmp_path):
    notes = tmp_path / "notes.sqlite3"
    notes.write_bytes(b"these are the desk's notes, not a database" * 100)
    conn = sqlite3.connect(notes)
    error = raised(lambda: conn.execute("SELECT * FROM sqlite_master"))
    assert dbfiles.refusal(error) is Refusal.DAMAGED
    assert "is damaged or is not a deskapp database" in dbfiles.explain(error, notes)


def test_a_file_in_a_folder_that_is_not_there(tmp_path):
    error = raised(lambda: sqlite3.connect(tmp_path / "gone" / "desk.sqlite3"))
    assert dbfiles.refusal(error) is Refusal.CANNOT_OPEN


def test_a_database_another_program_is_writing(file):
    other = sqlite3.connect(file)
    other.execute("BEGIN IMMEDIATE")
    conn = sqlite3.connect(file, timeout=0)
    try:
        error = raised(lambda: conn.execute("BEGIN IMMEDIATE"))
    finally:
        other.rollback()
    assert dbfiles.refusal(error) is Refusal.BUSY


def test_an_sql_mistake_is_not_the_file_s_fault(file):
    error = raised(lambda: sqlite3.connect(file).execute("SELECT missing FROM note"))
    assert dbfiles.refusal(error) is Refusal.OTHER
    assert dbfiles.explain(error).startswith("The database refused the change (no such column")


def test_a_full_disk_in_a_transaction_is_what_is_said_not_the_rollback_after_it(file):
    """SQLite may roll back by itself on SQLITE_FULL; peewee's rollback then fails too."""
    db.connect(file)
    pages = database.execute_sql("PRAGMA page_count").fetchone()[0]
    database.execute_sql(f"PRAGMA max_page_count = {pages + 1}")
    with pytest.raises(db.Error) as caught:
        for n in range(100):
            with db.write_transaction():
                database.execute_sql("INSERT INTO note VALUES (?)", ("x" * 3000,))
                database.execute_sql("INSERT INTO note VALUES (?)", (f"{n}" * 3000,))
    assert dbfiles.refusal(caught.value) is Refusal.DISK


@on_server
def test_a_user_the_server_does_not_know(engine):
    with pytest.raises(DatabaseProblem, match="refused the user name or password"):
        db.connect(as_user(engine[1], f"nobody_{uuid.uuid4().hex[:8]}"))


@on_server
def test_a_database_the_server_does_not_have(engine):
    with pytest.raises(DatabaseProblem, match="has no such database"):
        db.connect(engine[1].rsplit("/", 1)[0] + "/no_such_desk")


@on_server
def test_a_read_only_server_session(engine):
    db.connect(engine[1])
    database.execute_sql("CREATE TABLE note (text TEXT)")
    database.execute_sql("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    error = raised(lambda: database.execute_sql("INSERT INTO note VALUES ('x')"))
    assert dbfiles.refusal(error) is Refusal.NOT_ALLOWED
    assert "does not let this desk change the records" in dbfiles.explain(error, "the server")


@on_server
def test_a_user_without_the_right_to_write(engine):
    role = f"clerk_{uuid.uuid4().hex[:8]}"
    db.connect(engine[1])
    database.execute_sql("CREATE TABLE note (text TEXT)")
    _admin(f"CREATE ROLE {role} LOGIN")
    try:
        db.disconnect()
        db.connect(as_user(engine[1], role))
        error = raised(lambda: database.execute_sql("INSERT INTO note VALUES ('x')"))
        assert dbfiles.refusal(error) is Refusal.NOT_ALLOWED
    finally:
        db.disconnect()
        _admin(f"DROP ROLE {role}")


def test_a_desk_installed_without_the_server_driver_is_told_so():
    """The driver is imported where a server is connected; without it, the desk says why."""
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['psycopg2'] = None\n"  # as if it were not installed
        "from deskapp import db\n"
        "try:\n"
        "    db.connect('postgresql://desk@127.0.0.1:1/deskapp')\n"
        "except db.DatabaseProblem as problem:\n"
        "    print(problem.message)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "installed without its PostgreSQL driver (psycopg2)" in out.stdout

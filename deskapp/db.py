"""The database connection (peewee). With deskapp.dbfiles, the only modules
that know the engine is SQLite.

Nothing here runs at import: `connect()` binds the models' proxy to a file.
Settings (DESIGN.md "Data"):
- WAL, so the screen can read while a worker writes;
- foreign keys on;
- a busy timeout, so a second deskapp on the same file waits instead of failing;
- synchronous=FULL: every commit is on disk before it returns. NORMAL would
  survive a killed program but can lose the last commits when the PC loses
  power, and a desk's cash records must not.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import peewee

from deskapp.dbfiles import BUSY_TIMEOUT_S, DatabaseProblem, explain

__all__ = ["BUSY_TIMEOUT_S", "DatabaseProblem", "Error", "connect", "database", "disconnect",
           "explain", "pragmas", "release", "write_transaction"]


def pragmas(busy_timeout_s: float) -> dict[str, object]:
    return {
        "journal_mode": "wal",
        "foreign_keys": 1,
        "synchronous": "full",
        "busy_timeout": int(busy_timeout_s * 1000),
    }


database = peewee.DatabaseProxy()
"""What the models are bound to; initialised by connect()."""

Error = peewee.PeeweeException  # what callers catch for "the database refused"


def connect(path: Path, busy_timeout_s: float = BUSY_TIMEOUT_S) -> peewee.Database:
    """Open (creating if needed) the SQLite file and bind the models to it."""
    path = Path(path)
    if path.exists() and not path.is_file():
        raise DatabaseProblem(explain(sqlite3.DatabaseError("unable to open"), path))
    path.parent.mkdir(parents=True, exist_ok=True)
    db = peewee.SqliteDatabase(str(path), pragmas=pragmas(busy_timeout_s), timeout=busy_timeout_s)
    try:
        db.connect()
        db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except (peewee.PeeweeException, sqlite3.Error) as exc:
        if not db.is_closed():
            db.close()
        raise DatabaseProblem(explain(exc, path)) from exc
    database.initialize(db)
    return db


def write_transaction():
    """A transaction that will write. On SQLite it takes the write lock at BEGIN
    (IMMEDIATE), so a second desk on the same file waits its turn (busy timeout)
    instead of failing half-way when both read first and then try to write."""
    if isinstance(database.obj, peewee.SqliteDatabase):
        return database.atomic(lock_type="IMMEDIATE")
    return database.atomic()


def release() -> None:
    """Close this thread's connection (workers call it when they finish)."""
    if database.obj is not None and not database.is_closed():
        database.close()


def disconnect() -> None:
    if database.obj is not None:
        release()
        database.initialize(None)

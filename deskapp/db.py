"""The database connection (peewee). With deskapp.dbfiles, the only modules
that know which engine is in use: a local SQLite file (every desk by default)
or a PostgreSQL server that several desks of one mall share (issue 7).

Nothing here runs at import: `connect()` binds the models' proxy to a file or
a server. SQLite settings (docs/records.md, "The database"):
- WAL, so the screen can read while a worker writes;
- foreign keys on;
- a busy timeout, so a second deskapp on the same file waits instead of failing;
- synchronous=FULL: every commit is on disk before it returns. NORMAL would
  survive a killed program but can lose the last commits when the PC loses
  power, and a desk's cash records must not.

On PostgreSQL every writing transaction takes one advisory lock first, so
writes are serialised across desks exactly as SQLite serialises them on one
file: the checks a service makes before it writes (is this umbrella still
here? which number is next? what is the last handover's seal?) still hold
when it writes. The same busy timeout applies as `lock_timeout`.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path

import peewee

from deskapp import private
from deskapp.dbfiles import BUSY_TIMEOUT_S, DatabaseProblem, explain, words
from deskapp.paths import is_server, masked
from deskapp.rules.refusals import SQLITE_ERROR, Refusal

__all__ = [
    "BUSY_TIMEOUT_S",
    "DatabaseProblem",
    "Error",
    "connect",
    "database",
    "disconnect",
    "explain",
    "on_server",
    "pragmas",
    "release",
    "write_transaction",
]

WRITE_LOCK = 0x6465736B  # "desk": the advisory lock every writing transaction takes on a server


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


def connect(target: Path | str, busy_timeout_s: float = BUSY_TIMEOUT_S) -> peewee.Database:
    """Open the database and bind the models to it: a postgresql:// URL, or a
    SQLite file (made, private, when missing; its folder must be there)."""
    if is_server(target):
        return _connect_server(str(target), busy_timeout_s)
    path = Path(target)
    if (path.exists() and not path.is_file()) or not path.parent.is_dir():
        raise DatabaseProblem(words(Refusal.CANNOT_OPEN, path))
    private.create(path)  # before SQLite makes it: its -wal and -shm take this file's mode
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


def server_settings(url: str, busy_timeout_s: float) -> dict[str, object]:
    """psycopg2's connection settings for a postgresql://user:password@host:port/name URL."""
    from urllib.parse import parse_qsl, unquote, urlsplit

    parts = urlsplit(url)
    settings: dict[str, object] = dict(parse_qsl(parts.query))  # e.g. ?sslmode=require
    settings.update(
        host=parts.hostname or None,
        port=parts.port or None,
        user=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        connect_timeout=max(1, round(busy_timeout_s)),
        application_name="deskapp",
        # Times are stored as naive UTC (models.UTCDateTimeField); a wait for a
        # lock longer than the busy timeout fails with a message, as on SQLite.
        options=f"-c timezone=UTC -c lock_timeout={int(busy_timeout_s * 1000)}",
    )
    return {k: v for k, v in settings.items() if v is not None}


def _connect_server(url: str, busy_timeout_s: float) -> peewee.Database:
    from urllib.parse import urlsplit

    name = urlsplit(url).path.lstrip("/")
    if not name:
        raise DatabaseProblem(words(Refusal.NO_DATABASE_NAME, masked(url)))
    try:
        from psycopg2.extensions import make_dsn  # only a desk on a server needs the driver
    except ImportError as exc:
        raise DatabaseProblem(words(Refusal.NO_DRIVER, masked(url))) from exc
    # One libpq connection string: its keywords are the driver's, not peewee's own arguments.
    db = peewee.PostgresqlDatabase(name, dsn=make_dsn(**server_settings(url, busy_timeout_s)))
    try:
        db.connect()
    except peewee.PeeweeException as exc:  # server down, wrong password, no such database
        if not db.is_closed():
            db.close()
        raise DatabaseProblem(explain(exc, masked(url), connecting=True)) from exc
    database.initialize(db)
    return db


def on_server() -> bool:
    """The connected database is a server shared by several desks (not a local file)."""
    return isinstance(database.obj, peewee.PostgresqlDatabase)


@contextmanager
def write_transaction():
    """A transaction that will write, serialised with every other desk's writes.

    On SQLite it takes the write lock at BEGIN (IMMEDIATE), so a second desk on
    the same file waits its turn (busy timeout) instead of failing half-way when
    both read first and then try to write. On a server the advisory lock does
    the same (module docstring); it is released at commit or rollback."""
    if not on_server():
        try:
            with database.atomic(lock_type="IMMEDIATE") as txn:
                yield txn
        except peewee.OperationalError as exc:
            raise _first_failure(exc) from None
        return
    with database.atomic() as txn:
        database.execute_sql("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
        yield txn


def _first_failure(exc: BaseException) -> BaseException:
    """The error that failed a transaction, not the rollback that failed after it.

    SQLite rolls a transaction back by itself on some errors (a full disk,
    SQLITE_FULL); peewee's own rollback then fails ("no transaction is active",
    "no such savepoint": SQLite's generic SQLITE_ERROR) and would hide why the
    save failed, which the rollback's error carries as its context."""
    while _generic(exc) and (before := _failed_before(exc)) is not None:
        exc = before
    return exc


def _generic(exc: BaseException) -> bool:
    """SQLite's generic SQLITE_ERROR, raised by sqlite3 or wrapped by peewee (`orig`)."""
    engine = getattr(exc, "orig", exc)
    return isinstance(engine, sqlite3.Error) and getattr(engine, "sqlite_errorcode", None) == SQLITE_ERROR


def _failed_before(exc: BaseException) -> BaseException | None:
    """The database error that was being handled when exc was raised, if any
    (past peewee's wrapping of exc itself)."""
    context = exc.__context__
    orig = getattr(exc, "orig", None)
    if isinstance(orig, BaseException) and context is orig:
        context = orig.__context__
    return context if isinstance(context, (sqlite3.Error, peewee.PeeweeException)) else None


def release() -> None:
    """Close this thread's connection (workers call it when they finish)."""
    if database.obj is not None and not database.is_closed():
        database.close()


def disconnect() -> None:
    if database.obj is not None:
        release()
        database.initialize(None)

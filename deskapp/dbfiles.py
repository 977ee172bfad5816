"""Whole-file operations on the SQLite database: version peek, integrity,
backup, restore. Plain sqlite3, no ORM, so the start path and the CLI's file
verbs stay light; also the words for what either engine (SQLite, PostgreSQL)
refused, read from the engine's own error code (deskapp/rules/refusals.py).
With deskapp.db, the only modules that know the engine.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

from deskapp import private
from deskapp.errors import DeskError
from deskapp.i18n import _
from deskapp.rules.refusals import Refusal, of_failed_connection, of_server, of_sqlite

BUSY_TIMEOUT_S = 5.0


class DatabaseProblem(DeskError):
    """The database cannot be used; the message says why in the user's words."""


def is_database_error(exc: BaseException) -> bool:
    """An error raised by the database engine or the ORM (not a bug in deskapp)."""
    if isinstance(exc, sqlite3.Error):
        return True
    psycopg2 = sys.modules.get("psycopg2")  # loaded only on a desk that uses a server
    if psycopg2 is not None and isinstance(exc, psycopg2.Error):
        return True
    peewee = sys.modules.get("peewee")
    return peewee is not None and isinstance(exc, peewee.PeeweeException)


def refusal(exc: BaseException, connecting: bool = False) -> Refusal:
    """What the engine's error code says went wrong; `connecting`: the error came
    while a connection to the server was being made."""
    engine = _engine_error(exc)
    if isinstance(engine, sqlite3.Error):
        return of_sqlite(getattr(engine, "sqlite_errorcode", None))
    psycopg2 = sys.modules.get("psycopg2")
    if psycopg2 is not None and isinstance(engine, psycopg2.Error):
        if engine.pgcode:
            return of_server(engine.pgcode)
        if connecting and isinstance(engine, psycopg2.OperationalError):
            return of_failed_connection(str(engine))
        if isinstance(engine, (psycopg2.OperationalError, psycopg2.InterfaceError)):
            return Refusal.UNREACHABLE  # without a code, after connecting: libpq lost the connection
        return Refusal.OTHER
    peewee = sys.modules.get("peewee")
    if connecting and peewee is not None and isinstance(engine, peewee.ImproperlyConfigured):
        return Refusal.NO_DRIVER  # at connect: peewee found no driver when it was imported
    return Refusal.OTHER


def _engine_error(exc: BaseException) -> BaseException:
    """The driver's own exception inside peewee's (which keeps it as `orig`)."""
    seen = exc
    while (orig := getattr(seen, "orig", None)) is not None or (orig := seen.__cause__) is not None:
        if not isinstance(orig, BaseException) or orig is seen:
            break
        seen = orig
    return seen


def explain(exc: BaseException, path: Path | str | None = None, connecting: bool = False) -> str:
    """A database exception as a sentence for the desk user."""
    return words(refusal(exc, connecting), path, exc)


def words(why: Refusal, path: Path | str | None = None, exc: BaseException | None = None) -> str:
    """A refusal in the desk's words; `path` is the file or the server's (masked) address."""
    where = str(path) if path else _("the database")
    if why is Refusal.BUSY:
        return _("The database is busy: another deskapp is saving. Please try again in a moment.")
    if why is Refusal.READ_ONLY:
        return _(
            "The database file {path} is read-only, so nothing can be saved. "
            "Ask for its permissions to be fixed."
        ).format(path=where)
    if why is Refusal.DISK:
        return _("The disk is full or failing; the change was not saved.")
    if why is Refusal.DAMAGED:
        return _(
            "The database file {path} is damaged or is not a deskapp database. "
            "Nothing was changed; `deskapp restore` can bring back a backup."
        ).format(path=where)
    if why is Refusal.CANNOT_OPEN:
        return _(
            "The database file {path} cannot be opened: check that its folder exists and can be written to."
        ).format(path=where)
    if server := _server_words(why, where):
        return server
    return _("The database refused the change ({reason}); nothing was saved.").format(reason=exc)


def _server_words(why: Refusal, where: str) -> str | None:
    """What a PostgreSQL server (or its driver) refused, in the desk's words."""
    if why is Refusal.NO_DRIVER:
        return _(
            "deskapp was installed without its PostgreSQL driver (psycopg2); "
            "install it with `bash scripts/setup.sh server`."
        )
    if why is Refusal.NO_DATABASE_NAME:
        return _(
            "The server address {url} names no database; write it as postgresql://user@host:5432/deskapp."
        ).format(url=where)
    if why is Refusal.LOGIN_REFUSED:
        return _("The database server {url} refused the user name or password.").format(url=where)
    if why is Refusal.NO_SUCH_DATABASE:
        return _(
            "The database server {url} has no such database; it is created once "
            'by whoever runs the server (README, "Several desks, one database").'
        ).format(url=where)
    if why is Refusal.UNREACHABLE:
        return _(
            "The database server {url} cannot be reached: check the network cable and that "
            "the server is running. Nothing was saved; try again."
        ).format(url=where)
    if why is Refusal.NOT_ALLOWED:
        return _(
            "The database server {url} does not let this desk change the records; "
            "ask whoever runs the server."
        ).format(url=where)
    return None


# -- whole-file operations: integrity, backup, restore ----------------------


def _open_raw(path: Path, readonly: bool) -> sqlite3.Connection:
    uri = f"{Path(path).resolve().as_uri()}?mode={'ro' if readonly else 'rw'}"
    conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S)
    return conn


def peek(path: Path) -> sqlite3.Connection:
    """A look into a database file that leaves no trace: without a -wal file beside
    it, opened as immutable, so SQLite does not make a -wal and -shm either."""
    if Path(f"{path}-wal").exists():
        return _open_raw(path, readonly=True)
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro&immutable=1", uri=True)


def integrity_problems(path: Path) -> list[str]:
    """SQLite's own checks of a file; [] when it is sound."""
    if not Path(path).is_file():
        raise DatabaseProblem(_("There is no database file at {path}.").format(path=path))
    try:
        conn = peek(path)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            problems = [] if rows == ["ok"] else rows
            for table, rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check"):
                problems.append(
                    _("row {rowid} of {table} points to a missing {parent}").format(
                        rowid=rowid, table=table, parent=parent
                    )
                )
            return problems
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return [explain(exc, path)]


def copy_file(source: Path, target: Path) -> None:
    """A consistent copy of a live database file (SQLite's online backup API).

    Written beside the target and renamed into place, so a half-written copy
    never carries the target's name.
    """
    private.make_dir(target.parent)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        private.create(partial)
        src = _open_raw(source, readonly=True)
        try:
            dst = sqlite3.connect(str(partial))
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")  # a self-contained single file
            finally:
                dst.close()
        finally:
            src.close()
        with open(partial, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(partial, target)
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseProblem(explain(exc, source)) from exc
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseProblem(
            _("The backup could not be written to {path}: {reason}").format(path=target, reason=exc.strerror)
        ) from exc


def overwrite_with(source: Path, target: Path) -> None:
    """Replace the live database at target with the content of source, in one step.

    The online backup API writes every page under the target's own lock, so a
    deskapp that has the file open sees either the old or the new database.
    """
    try:
        src = _open_raw(source, readonly=True)
        try:
            dst = sqlite3.connect(str(target), timeout=BUSY_TIMEOUT_S)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        raise DatabaseProblem(explain(exc, target)) from exc


def replace_damaged(source: Path, target: Path, keep_as: Path) -> None:
    """Put a sound copy of source in place of a damaged (or missing) target file.

    The damaged file and its journal are moved to keep_as (evidence), never deleted.
    """
    copy_file(source, target.with_name(target.name + ".restoring"))
    private.make_dir(keep_as.parent)
    for suffix in ("", "-wal", "-shm"):
        old = target.with_name(target.name + suffix)
        if old.exists():
            os.replace(old, keep_as.with_name(keep_as.name + suffix))
    os.replace(target.with_name(target.name + ".restoring"), target)


def applied_migrations(path: Path) -> list[str]:
    """Names of the migrations recorded in a database file; [] when it has none
    or cannot be read (opening it for real then says why)."""
    try:
        conn = peek(path)
    except sqlite3.Error:
        return []
    try:
        return [r[0] for r in conn.execute("SELECT name FROM schema_migration")]
    except sqlite3.Error:
        return []
    finally:
        conn.close()


def desk_kind(path: Path) -> str:
    """What a database file says it is (models.DeskMark): "demo", or "" for a desk's
    real records (and for a file that cannot be read as a deskapp database)."""
    try:
        conn = peek(path)
    except sqlite3.Error:
        return ""
    try:
        row = conn.execute("SELECT value FROM desk_mark WHERE key = 'kind'").fetchone()
        return row[0] if row else ""
    except sqlite3.Error:
        return ""
    finally:
        conn.close()


def staff_row(path: Path, key: str) -> tuple[str, bool, str, bool, str | None] | None:
    """(role, active, PIN hash, held, locked until) of a staff member in a database file, read without
    changing it (a restore checks an administrator against the backup when the
    desk's own file is damaged or gone)."""
    try:
        conn = peek(path)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute(
            "SELECT role, active, pin_hash, held, locked_until FROM staff WHERE name_key = ?", (key,)
        ).fetchone()
        return (row[0], bool(row[1]), row[2], bool(row[3]), row[4]) if row else None
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def founder(path: Path) -> tuple[str, str] | None:
    """Who the desk in a file was started by, and when: its first staff member's
    name and creation time. Every backup of a desk shares them."""
    try:
        conn = peek(path)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute("SELECT name_key, created_at FROM staff ORDER BY id LIMIT 1").fetchone()
        return (row[0], str(row[1])) if row else None
    except sqlite3.Error:
        return None
    finally:
        conn.close()

"""What a database engine's refusal means for the desk, read from the engine's own
error code: SQLite's result code, PostgreSQL's SQLSTATE (docs/design.md, "Patterns
every part follows"). The words for each (deskapp.dbfiles.explain) are said by the
caller, in the user's language."""

from __future__ import annotations

from enum import Enum


class Refusal(Enum):
    """Why the database did not do what the desk asked."""

    BUSY = "busy"  # another desk holds the write lock past the busy timeout
    READ_ONLY = "read_only"  # the file cannot be written
    DISK = "disk"  # the disk is full or failing
    DAMAGED = "damaged"  # not a database, or a damaged one
    CANNOT_OPEN = "cannot_open"  # no such folder, or a folder where the file should be
    NO_DRIVER = "no_driver"  # installed without the PostgreSQL driver
    NO_DATABASE_NAME = "no_database_name"  # a postgresql:// URL without a database
    LOGIN_REFUSED = "login_refused"  # the server refused the user name or password
    NO_SUCH_DATABASE = "no_such_database"
    UNREACHABLE = "unreachable"  # no server at that address, or the connection was lost
    NOT_ALLOWED = "not_allowed"  # the server does not let this user change the records
    OTHER = "other"


# SQLite's primary result codes: an extended code (SQLITE_READONLY_DBMOVED,
# SQLITE_IOERR_WRITE ...) carries its primary code in its low byte.
SQLITE_ERROR = 1  # generic: an SQL error, or a rollback with no transaction to roll back
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26

_SQLITE = {
    SQLITE_BUSY: Refusal.BUSY,
    SQLITE_LOCKED: Refusal.BUSY,
    SQLITE_READONLY: Refusal.READ_ONLY,
    SQLITE_IOERR: Refusal.DISK,
    SQLITE_FULL: Refusal.DISK,
    SQLITE_CORRUPT: Refusal.DAMAGED,
    SQLITE_NOTADB: Refusal.DAMAGED,
    SQLITE_CANTOPEN: Refusal.CANNOT_OPEN,
}


def of_sqlite(code: int | None) -> Refusal:
    """SQLite's result code (primary or extended) as a refusal."""
    if code is None:
        return Refusal.OTHER
    return _SQLITE.get(code & 0xFF, Refusal.OTHER)


# PostgreSQL's SQLSTATE codes, by their names in the server's errcodes.
_SERVER = {
    "28000": Refusal.LOGIN_REFUSED,  # invalid_authorization_specification: no such role
    "28P01": Refusal.LOGIN_REFUSED,  # invalid_password
    "3D000": Refusal.NO_SUCH_DATABASE,  # invalid_catalog_name
    "42501": Refusal.NOT_ALLOWED,  # insufficient_privilege
    "25006": Refusal.NOT_ALLOWED,  # read_only_sql_transaction
    "53100": Refusal.DISK,  # disk_full
    "58030": Refusal.DISK,  # io_error
    "55P03": Refusal.BUSY,  # lock_not_available: lock_timeout passed (deskapp.db)
    "40P01": Refusal.BUSY,  # deadlock_detected
    "57P01": Refusal.UNREACHABLE,  # admin_shutdown: the connection was ended
    "57P02": Refusal.UNREACHABLE,  # crash_shutdown
    "57P03": Refusal.UNREACHABLE,  # cannot_connect_now: starting up or shutting down
}


def of_server(sqlstate: str | None) -> Refusal:
    """PostgreSQL's SQLSTATE as a refusal; class 08 is a connection that failed."""
    if not sqlstate:
        return Refusal.OTHER
    if sqlstate.startswith("08"):
        return Refusal.UNREACHABLE
    return _SERVER.get(sqlstate, Refusal.OTHER)


def of_failed_connection(message: str) -> Refusal:
    """A connection to the server that failed before it was made.

    psycopg2 gives no SQLSTATE for these (libpq has no result to read it from), only
    libpq's message: the server's own refusals are recognised in it; anything else
    means no server answered at that address."""
    text = message.lower()
    if "password authentication failed" in text or ("role" in text and "does not exist" in text):
        return Refusal.LOGIN_REFUSED
    if "database" in text and "does not exist" in text:
        return Refusal.NO_SUCH_DATABASE
    return Refusal.UNREACHABLE

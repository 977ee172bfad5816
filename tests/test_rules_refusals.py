"""deskapp/rules/refusals.py: an engine's error code as the desk's refusal, code by code."""

from __future__ import annotations

import pytest

from deskapp.rules.refusals import Refusal, of_failed_connection, of_server, of_sqlite


@pytest.mark.parametrize(
    ("code", "refusal"),
    [
        (5, Refusal.BUSY),  # SQLITE_BUSY
        (6, Refusal.BUSY),  # SQLITE_LOCKED
        (517, Refusal.BUSY),  # SQLITE_BUSY_SNAPSHOT
        (8, Refusal.READ_ONLY),  # SQLITE_READONLY
        (1032, Refusal.READ_ONLY),  # SQLITE_READONLY_DBMOVED
        (13, Refusal.DISK),  # SQLITE_FULL
        (10, Refusal.DISK),  # SQLITE_IOERR
        (778, Refusal.DISK),  # SQLITE_IOERR_WRITE
        (11, Refusal.DAMAGED),  # SQLITE_CORRUPT
        (26, Refusal.DAMAGED),  # SQLITE_NOTADB
        (14, Refusal.CANNOT_OPEN),  # SQLITE_CANTOPEN
        (1, Refusal.OTHER),  # SQLITE_ERROR: an SQL error, not the file's
        (19, Refusal.OTHER),  # SQLITE_CONSTRAINT
        (2067, Refusal.OTHER),  # SQLITE_CONSTRAINT_UNIQUE
        (None, Refusal.OTHER),  # an error sqlite3 raised without a code
    ],
)
def test_sqlite_codes(code, refusal):
    assert of_sqlite(code) is refusal


@pytest.mark.parametrize(
    ("sqlstate", "refusal"),
    [
        ("28P01", Refusal.LOGIN_REFUSED),
        ("28000", Refusal.LOGIN_REFUSED),
        ("3D000", Refusal.NO_SUCH_DATABASE),
        ("42501", Refusal.NOT_ALLOWED),
        ("25006", Refusal.NOT_ALLOWED),
        ("53100", Refusal.DISK),
        ("58030", Refusal.DISK),
        ("55P03", Refusal.BUSY),
        ("40P01", Refusal.BUSY),
        ("08000", Refusal.UNREACHABLE),
        ("08006", Refusal.UNREACHABLE),
        ("57P01", Refusal.UNREACHABLE),
        ("57P03", Refusal.UNREACHABLE),
        ("23505", Refusal.OTHER),  # unique_violation
        ("42P01", Refusal.OTHER),  # undefined_table
        ("53200", Refusal.OTHER),  # out_of_memory: not the disk
        ("", Refusal.OTHER),
        (None, Refusal.OTHER),
    ],
)
def test_server_sqlstates(sqlstate, refusal):
    assert of_server(sqlstate) is refusal


@pytest.mark.parametrize(
    ("message", "refusal"),
    [
        (
            'connection to server at "10.0.0.5", port 5432 failed: FATAL:  password authentication '
            'failed for user "desk"',
            Refusal.LOGIN_REFUSED,
        ),
        (
            'connection to server at "10.0.0.5", port 5432 failed: FATAL:  role "x" does not exist',
            Refusal.LOGIN_REFUSED,
        ),
        (
            'connection to server at "10.0.0.5", port 5432 failed: FATAL:  database "desk" does not exist',
            Refusal.NO_SUCH_DATABASE,
        ),
        ('connection to server at "10.0.0.5", port 5432 failed: Connection refused', Refusal.UNREACHABLE),
        ('could not translate host name "desk-server" to address', Refusal.UNREACHABLE),
        ("timeout expired", Refusal.UNREACHABLE),
        ("", Refusal.UNREACHABLE),
    ],
)
def test_a_connection_that_failed_before_it_was_made(message, refusal):
    assert of_failed_connection(message) is refusal

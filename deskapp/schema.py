"""Schema versions: numbered files in deskapp/migrations, applied at start.

The version of a database is the number of the last migration applied to it.
An older database is backed up (backups.before_migration) and then brought
forward by playhouse.migrations; a database that has migrations this program
does not know is newer than the program and is refused before anything
touches it. The common case, an up-to-date database, costs one small query.
"""

from __future__ import annotations

from collections.abc import Callable

import peewee as pw

from deskapp import migrations
from deskapp.db import DatabaseProblem, database

MIGRATIONS_DIR = migrations.DIRECTORY
HISTORY_TABLE = "schema_migration"  # playhouse.migrations' history of applied files


class _History(pw.Model):
    name = pw.CharField(unique=True)

    class Meta:
        database = database
        table_name = HISTORY_TABLE


def known() -> list[str]:
    return migrations.known(MIGRATIONS_DIR)


def applied() -> list[str]:
    """Migration names recorded in the connected database."""
    if not database.table_exists(HISTORY_TABLE):
        return []
    return [row.name for row in _History.select(_History.name)]


def program_version() -> int:
    return max(map(migrations.number, known()), default=0)


def database_version() -> int:
    return max(map(migrations.number, applied()), default=0)


def problems() -> list[str]:
    """What is wrong with the connected database's schema, for `deskapp check`."""
    refusal = migrations.too_new(applied(), known())
    return [refusal] if refusal else []


def migrate(backup: Callable[[int, int], object] | None = None) -> list[str]:
    """Bring the connected database up to this program's schema.

    `backup(from_version, to_version)` is called first when a database that
    already holds data is about to change. Returns the migrations applied.
    """
    done = applied()
    if refusal := migrations.too_new(done, known()):
        raise DatabaseProblem(refusal)
    if not set(known()) - set(done):
        return []
    from playhouse.migrations import Runner  # only when there is something to do

    if backup is not None and database.get_tables():
        backup(database_version(), program_version())
    runner = Runner(database.obj, directory=str(MIGRATIONS_DIR), table_name=HISTORY_TABLE)
    return runner.up()

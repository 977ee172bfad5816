"""Opening the desk: language, policy, database and schema, in that order.

The CLI and the tests both start here; nothing below runs at import.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from deskapp import i18n, policy, private
from deskapp.clock import Clock, DeskTime, utc_now
from deskapp.errors import DeskError
from deskapp.i18n import _, ngettext
from deskapp.paths import Locations, locate
from deskapp.policy import Policy


@dataclass
class Desk:
    """Everything a running deskapp needs to know about where and how it runs."""

    locations: Locations
    policy: Policy
    time: DeskTime
    language: str
    tightened: list[Path] = field(default_factory=list)  # files made private at start


def load_settings(
    locations: Locations, lang: str | None = None, clock: Clock = utc_now, *, defaults: Path | None = None
) -> Desk:
    """Language and policy, without touching the database. `defaults` is the policy file the
    desk's own overrides apply to (the shipped data/policy.toml unless given: the tests' own)."""
    # Policy errors are reported in the language the files ask for, as far as
    # they can be read; then the checked policy's choice applies.
    i18n.set_language(i18n.choose(lang, policy.language_setting(locations.policy_file)))
    loaded = policy.load(locations.policy_file, defaults)
    language = i18n.choose(lang, loaded.desk.language)
    i18n.set_language(language)
    return Desk(locations, loaded, DeskTime(loaded.desk.timezone, clock), language)


def open_desk(
    database: str | Path | None = None,
    lang: str | None = None,
    clock: Clock = utc_now,
    locations: Locations | None = None,
    create: bool = False,
    defaults: Path | None = None,
) -> Desk:
    """Load settings, connect, and migrate (with a backup first when data exists).

    A database file that is not there is made only when `create` is set (the
    first-start screen, `deskapp init`, the demo); a folder that is not there
    is never made, except deskapp's own data folder (docs/trust.md)."""
    from deskapp import backups, db, schema

    desk = load_settings(locations or locate(database), lang, clock, defaults=defaults)
    if not desk.locations.server:
        where_to(desk.locations, create)
    desk.tightened = private.tighten(private_paths(desk.locations))
    db.connect(desk.locations.target)
    try:
        schema.migrate(backup=backups.before_migration(desk.locations, desk.time))
    except BaseException:
        db.disconnect()
        raise
    return desk


def where_to(locations: Locations, create: bool) -> None:
    """Refuse a database file that is not there (unless making one) and a folder that is not there."""
    path = locations.database
    if path.exists():
        return
    if path.parent.resolve() == locations.data_dir.resolve():  # deskapp's own folder
        private.make_dir(locations.data_dir)
    elif problem := missing_folder(locations):
        raise DeskError(problem)
    if not create:
        raise DeskError(
            _(
                "There is no desk at {path}. `deskapp --db {path}` makes one on its first-start "
                "screen, or `deskapp init {path}`."
            ).format(path=path)
        )


def missing_folder(locations: Locations) -> str | None:
    """Why a --db in a folder that is not there is refused (never made: docs/trust.md)."""
    folder = locations.database.parent
    if locations.server or folder.is_dir() or folder.resolve() == locations.data_dir.resolve():
        return None
    return _(
        "The folder {folder} does not exist, so no desk was opened or made there. "
        "Check the path: a typing mistake, or a drive that is not connected?"
    ).format(folder=folder)


def private_paths(locations: Locations) -> list[Path]:
    """What deskapp made for this desk and keeps private: the database and its
    journals, its backups, slips and sheets, and deskapp's own data folder."""
    own = [locations.backup_dir, locations.slips_dir, locations.exports_dir, locations.data_dir]
    if locations.server:
        return own
    base = locations.database
    return [base, *(base.with_name(base.name + s) for s in ("-wal", "-shm", "-journal")), *own]


def tightened_line(paths: list[Path]) -> str:
    """The line that says files were made private at start (docs/trust.md)."""
    return ngettext(
        "Made {n} file readable by this account only (it was open to others): {first}",
        "Made {n} files readable by this account only (they were open to others): {first} ...",
        len(paths),
    ).format(n=len(paths), first=paths[0])

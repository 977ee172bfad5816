"""Opening the desk: language, policy, database and schema, in that order.

The CLI and the tests both start here; nothing below runs at import.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from deskapp import i18n, policy
from deskapp.clock import Clock, DeskTime, utc_now
from deskapp.paths import Locations, locate
from deskapp.policy import Policy


@dataclass
class Desk:
    """Everything a running deskapp needs to know about where and how it runs."""

    locations: Locations
    policy: Policy
    time: DeskTime
    language: str


def load_settings(locations: Locations, lang: str | None = None,
                  clock: Clock = utc_now) -> Desk:
    """Language and policy, without touching the database."""
    # Policy errors are reported in the --lang / locale language, then the
    # policy's own language choice applies.
    i18n.set_language(i18n.choose(lang))
    loaded = policy.load(locations.policy_file)
    language = i18n.choose(lang, loaded.desk.language)
    i18n.set_language(language)
    return Desk(locations, loaded, DeskTime(loaded.desk.timezone, clock), language)


def open_desk(database: str | Path | None = None, lang: str | None = None,
              clock: Clock = utc_now, locations: Locations | None = None) -> Desk:
    """Load settings, connect, and migrate (with a backup first when data exists)."""
    from deskapp import backups, db, schema

    desk = load_settings(locations or locate(database), lang, clock)
    db.connect(desk.locations.target)
    try:
        schema.migrate(backup=backups.before_migration(desk.locations, desk.time))
    except BaseException:
        db.disconnect()
        raise
    return desk

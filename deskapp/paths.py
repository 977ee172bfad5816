"""Where deskapp keeps things: the database, the desk's policy overrides, backups."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "deskapp"
DB_FILENAME = "deskapp.sqlite3"
DB_ENV = "DESKAPP_DB"


def data_file(*parts: str) -> Path:
    """A file shipped in deskapp.data (the repository's data/ folder)."""
    import deskapp.data  # a plain folder on disk, installed or not

    return Path(deskapp.data.__file__).resolve().parent.joinpath(*parts)


@dataclass(frozen=True)
class Locations:
    data_dir: Path  # platformdirs' user data dir: default database and backups
    config_dir: Path  # platformdirs' user config dir: the desk's policy.toml
    database: Path  # the SQLite file in use

    @property
    def policy_file(self) -> Path:
        return self.config_dir / "policy.toml"

    @property
    def default_database(self) -> Path:
        return self.data_dir / DB_FILENAME

    @property
    def slips_dir(self) -> Path:
        """Slips saved as text when no print command is set: beside the database."""
        return self.database.parent / "slips"

    @property
    def exports_dir(self) -> Path:
        """Sheets written from the screens (F7): beside the database."""
        return self.database.parent / "exports"

    @property
    def backup_dir(self) -> Path:
        """Backups of this database, one folder per database file."""
        root = self.data_dir / "backups"
        if self.database.resolve() == self.default_database.resolve():
            return root / self.database.stem
        import hashlib

        tag = hashlib.sha256(str(self.database.resolve()).encode()).hexdigest()[:8]
        return root / f"{self.database.stem}-{tag}"


def locate(db: str | os.PathLike[str] | None = None) -> Locations:
    """Locations for --db (or $DESKAPP_DB), else the default database."""
    import platformdirs  # only when a location is asked for, not at import

    data_dir = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    config_dir = Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    chosen = db or os.environ.get(DB_ENV) or data_dir / DB_FILENAME
    return Locations(data_dir, config_dir, Path(chosen).expanduser())

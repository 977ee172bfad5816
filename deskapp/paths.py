"""Where deskapp keeps things: the database, the desk's policy overrides, backups."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "deskapp"
DB_FILENAME = "deskapp.sqlite3"
DB_ENV = "DESKAPP_DB"
SERVER_SCHEMES = ("postgresql://", "postgres://")


def is_server(target: object) -> bool:
    """A database on a server (a postgresql:// URL, in any case) rather than a local file."""
    return isinstance(target, str) and target.lower().startswith(SERVER_SCHEMES)


def data_file(*parts: str) -> Path:
    """A file shipped in deskapp.data (the repository's data/ folder)."""
    import deskapp.data  # a plain folder on disk, installed or not

    return Path(deskapp.data.__file__).resolve().parent.joinpath(*parts)


def masked(url: str) -> str:
    """A server URL without its password (after user: or as ?password=), for
    messages and `deskapp locate`."""
    import re
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.password is not None:
        parts = parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@", 1))
    query = re.sub(r"(^|&)(password=)[^&]*", r"\1\2***", parts.query, flags=re.IGNORECASE)
    return parts._replace(query=query).geturl()


def has_password(url: str) -> bool:
    """A server URL that carries its password (docs/trust.md, "Sign-in")."""
    from urllib.parse import parse_qs, urlsplit

    parts = urlsplit(url)
    return parts.password is not None or any(k.lower() == "password" for k in parse_qs(parts.query))


@dataclass(frozen=True)
class Locations:
    data_dir: Path  # platformdirs' user data dir: default database and backups
    config_dir: Path  # platformdirs' user config dir: the desk's policy.toml
    database: Path  # the SQLite file in use (unused when `server` is set)
    server: str = ""  # a postgresql:// URL when several desks share one server database

    @property
    def target(self) -> Path | str:
        """What deskapp.db.connect opens: the server URL or the file."""
        return self.server or self.database

    @property
    def shown(self) -> str:
        """The database as people see it: the file, or the URL without its password."""
        return masked(self.server) if self.server else str(self.database)

    @property
    def policy_file(self) -> Path:
        return self.config_dir / "policy.toml"

    @property
    def default_database(self) -> Path:
        return self.data_dir / DB_FILENAME

    @property
    def slips_dir(self) -> Path:
        """Slips saved as text when no print command is set: beside the database
        (in the data dir for a server database)."""
        return self._beside / "slips"

    @property
    def exports_dir(self) -> Path:
        """Sheets written from the screens (F7): beside the database."""
        return self._beside / "exports"

    @property
    def _beside(self) -> Path:
        return self.data_dir if self.server else self.database.parent

    @property
    def backup_dir(self) -> Path:
        """Backups of this database, one folder per database file. For a server
        database (backed up by the server: pg_dump) it holds only the chain's
        heads this desk keeps (deskapp.anchors), one folder per server database."""
        import hashlib

        root = self.data_dir / "backups"
        if self.server:
            return root / f"server-{hashlib.sha256(masked(self.server).encode()).hexdigest()[:8]}"
        if self.database.resolve() == self.default_database.resolve():
            return root / self.database.stem
        tag = hashlib.sha256(str(self.database.resolve()).encode()).hexdigest()[:8]
        return root / f"{self.database.stem}-{tag}"


def locate(db: str | os.PathLike[str] | None = None) -> Locations:
    """Locations for --db (or $DESKAPP_DB), else the default database."""
    import platformdirs  # only when a location is asked for, not at import

    data_dir = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    config_dir = Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    chosen = db or os.environ.get(DB_ENV) or data_dir / DB_FILENAME
    if is_server(str(chosen)):
        return Locations(data_dir, config_dir, data_dir / DB_FILENAME, server=str(chosen))
    return Locations(data_dir, config_dir, Path(chosen).expanduser())

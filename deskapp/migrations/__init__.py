"""Schema migrations, one numbered file each (NNNN_name.py with up(migrator, db)),
run by playhouse.migrations (see deskapp.schema). Importing this package loads
no migration and no ORM: it only lists what this program carries.
"""

from __future__ import annotations

from pathlib import Path

from deskapp.i18n import _

DIRECTORY = Path(__file__).resolve().parent


def number(name: str) -> int:
    return int(name.split("_", 1)[0])


def known(directory: Path = DIRECTORY) -> list[str]:
    """Migration names this program carries, in order."""
    return sorted((p.stem for p in directory.glob("[0-9]*.py")), key=number)


def too_new(applied: list[str], carried: list[str]) -> str | None:
    """Why a database with these migrations applied is too new for this program, or None."""
    unknown = sorted(set(applied) - set(carried))
    if not unknown:
        return None
    return _("This database was written by a newer deskapp (it has {migrations}). "
             "It was not opened or changed; please install the newer program.").format(
        migrations=", ".join(unknown))

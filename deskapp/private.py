"""Files only this account can read (docs/trust.md, "Private files").

The database holds customers' phones and ID numbers and the PINs' hashes, so
everything deskapp creates (the database and its -wal/-shm, backups, slips,
sheets, logs, the demo) is made readable by its owner only, whatever the
umask: files 0600, the folders deskapp makes 0700. SQLite gives the -wal and
-shm files the database file's own mode, so making that file first is enough.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def make_dir(path: Path) -> Path:
    """Like mkdir -p; the folders it makes are 0700 (existing ones are left as they are)."""
    missing = []
    for folder in (path, *path.parents):
        if folder.exists():
            break
        missing.append(folder)
    for folder in reversed(missing):
        folder.mkdir(mode=DIR_MODE, exist_ok=True)
        os.chmod(folder, DIR_MODE)  # mkdir's mode passes through the umask
    return path


def create(path: Path) -> Path:
    """An empty file readable by its owner only, unless it is there already."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return path
    try:
        os.fchmod(fd, FILE_MODE)  # the mode of os.open passes through the umask
    finally:
        os.close(fd)
    return path


def write_bytes(path: Path, data: bytes) -> Path:
    """Replace a file's content; a new file is private."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "wb") as fh:
        os.fchmod(fh.fileno(), FILE_MODE)
        fh.write(data)
    return path


def append_line(path: Path, line: str) -> None:
    make_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
    with os.fdopen(fd, "a", encoding="utf-8") as fh:
        os.fchmod(fh.fileno(), FILE_MODE)
        fh.write(line + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def tighten(paths: list[Path]) -> list[Path]:
    """Make these files and folders private when they are not; returns what was
    changed. What a folder holds is looked at only when the folder itself was
    open to others (made before these rules): a private folder keeps its
    contents from other accounts anyway, and a year of slips is not walked at
    every start. Files of another account are left alone."""
    changed = []
    for path in paths:
        loose = _tighten_one(path)
        changed += loose
        if loose and path.is_dir() and not path.is_symlink():
            for child in sorted(path.iterdir()):
                changed += tighten([child])
    return changed


def _tighten_one(path: Path) -> list[Path]:
    try:
        info = path.lstat()
    except OSError:
        return []
    if stat.S_ISLNK(info.st_mode) or info.st_uid != os.getuid() or not info.st_mode & 0o077:
        return []
    if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
        return []
    try:
        os.chmod(path, DIR_MODE if stat.S_ISDIR(info.st_mode) else FILE_MODE)
    except OSError:
        return []
    return [path]

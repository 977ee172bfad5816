"""What an unexpected error leaves behind (docs/trust.md, "No traceback for the user").

The user gets one line in their language naming this log; the log gets what a
maintainer needs (the error's kind and where in the code it happened) and
nothing a customer typed: no error message and no values, since either may
hold a name or a phone number. The log is readable by its owner only.
"""

from __future__ import annotations

import os
import traceback
from datetime import datetime, timezone
from pathlib import Path

from deskapp import __version__, private
from deskapp.i18n import _

LOG_NAME = "errors.log"
KEEP_BYTES = 1_000_000  # past this the log starts again: the newest errors matter


def details(error: BaseException) -> str:
    """The error's kind and stack (file, line, function) with its causes; no message."""
    lines: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        kind = type(current)
        lines.append(f"{kind.__module__}.{kind.__qualname__}")
        for frame in traceback.extract_tb(current.__traceback__):
            lines.append(f"  {frame.filename}:{frame.lineno} in {frame.name}")
        current = current.__cause__ or current.__context__
        if current is not None:
            lines.append("caused by / while handling:")
    return "\n".join(lines)


def write(error: BaseException, folder: Path) -> Path:
    """Append `error` to the log in `folder` (made if need be); returns the log's path."""
    private.make_dir(folder)
    path = folder / LOG_NAME
    if path.exists() and path.stat().st_size > KEEP_BYTES:
        path.unlink()
    when = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    entry = f"--- {when} deskapp {__version__}\n{details(error)}\n"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as fh:
        fh.write(entry)
    return path


def report(error: BaseException, folder: Path) -> str:
    """Log `error` in `folder`; the one line that tells the user where."""
    kind = type(error).__name__
    try:
        log = write(error, folder)
    except OSError:
        return _("deskapp stopped on an unexpected error ({kind}); it could not be written to a log.").format(
            kind=kind
        )
    return _("deskapp stopped on an unexpected error ({kind}); the details are in {log}.").format(
        kind=kind, log=log
    )

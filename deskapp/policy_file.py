"""Changes deskapp itself writes into the desk's policy file, keeping its
comments and layout (tomlkit). Only `deskapp calendar --add-…` does so."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from deskapp import private


def add_calendar_days(path: Path, holidays: list[date], workdays: list[date]) -> tuple[list[str], list[str]]:
    """Add days to [calendar] holidays and workdays (a day moves from one list to
    the other when it is given there); returns what was new in each. The file is
    replaced in one step, and only when the policy still loads afterwards."""
    import tomlkit

    from deskapp import policy

    old = path.read_text(encoding="utf-8") if path.exists() else ""
    doc = tomlkit.parse(old)
    section = doc.setdefault("calendar", tomlkit.table())
    added = []
    for key, days, other in (("holidays", holidays, "workdays"), ("workdays", workdays, "holidays")):
        have = [str(d) for d in section.get(key, [])]
        new = sorted({d.isoformat() for d in days} - set(have))
        section[key] = _array(sorted(set(have) | set(new)))
        if other in section:
            section[other] = _array([d for d in section[other] if d not in new])
        added.append(new)
    _replace(path, tomlkit.dumps(doc))
    try:
        policy.load(path)
    except policy.PolicyError:
        _replace(path, old)
        raise
    return added[0], added[1]


def _array(days: list[str]):
    import tomlkit

    out = tomlkit.array()
    out.extend(days)
    if len(days) > 4:
        out.multiline(True)
    return out


def _replace(path: Path, text: str) -> None:
    private.make_dir(path.parent)
    partial = path.with_name(path.name + ".part")
    partial.unlink(missing_ok=True)
    private.write_bytes(partial, text.encode("utf-8"))
    os.replace(partial, path)

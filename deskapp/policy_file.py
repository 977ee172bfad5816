"""Changes deskapp itself writes into the desk's policy file, keeping its
comments and layout (tomlkit). Only `deskapp calendar --add-…/--remove` does so."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from deskapp import private


@dataclass
class CalendarChange:
    holidays: list[str] = field(default_factory=list)  # added
    workdays: list[str] = field(default_factory=list)  # added
    removed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.holidays or self.workdays or self.removed)


def calendar_lists(path: Path) -> tuple[set[str], set[str]]:
    """The days the policy file's [calendar] lists now: (holidays, workdays)."""
    import tomlkit

    doc = tomlkit.parse(path.read_text(encoding="utf-8")) if path.exists() else {}
    section = doc.get("calendar", {})
    return {str(d) for d in section.get("holidays", [])}, {str(d) for d in section.get("workdays", [])}


def change_calendar(
    path: Path, holidays: list[date], workdays: list[date], remove: list[date]
) -> CalendarChange:
    """Add days to [calendar] holidays and workdays and take days out of both; the
    lists keep their comments (new days go at the end). The file is replaced in
    one step, and only when the policy still loads afterwards."""
    import tomlkit

    from deskapp import policy

    old = path.read_text(encoding="utf-8") if path.exists() else ""
    doc = tomlkit.parse(old)
    section = doc.setdefault("calendar", tomlkit.table())
    change = CalendarChange()
    gone = {d.isoformat() for d in remove}
    for key in ("holidays", "workdays"):
        items = section.get(key)
        if items is None:
            continue
        for i in reversed(range(len(items))):
            if str(items[i]) in gone:
                change.removed.append(str(items[i]))
                del items[i]
    adding = (("holidays", holidays, change.holidays), ("workdays", workdays, change.workdays))
    for key, days, added in adding:
        items = section.get(key)
        if items is None:
            items = section[key] = tomlkit.array()
        have = {str(d) for d in items}
        for day in sorted({d.isoformat() for d in days} - have):
            items.append(day)
            added.append(day)
    if change:
        _replace(path, tomlkit.dumps(doc))
        try:
            policy.load(path)
        except policy.PolicyError:
            _replace(path, old)
            raise
    return change


def _replace(path: Path, text: str) -> None:
    private.make_dir(path.parent)
    partial = path.with_name(path.name + ".part")
    partial.unlink(missing_ok=True)
    private.write_bytes(partial, text.encode("utf-8"))
    os.replace(partial, path)

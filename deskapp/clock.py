"""Time: stored in UTC, shown in the desk's time zone (policy desk.timezone)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def fixed(moment: datetime) -> Clock:
    """A clock that always says `moment` (tests, demo data)."""
    moment = moment.astimezone(timezone.utc)
    return lambda: moment


class DeskTime:
    """Converts between stored UTC and the desk's wall clock."""

    def __init__(self, tz_name: str, clock: Clock = utc_now) -> None:
        self.zone = ZoneInfo(tz_name)
        self.clock = clock

    def now(self) -> datetime:
        """Aware UTC now."""
        return self.clock()

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    def today(self) -> date:
        return self.local(self.now()).date()

    def show(self, moment: datetime | None, with_seconds: bool = False) -> str:
        if moment is None:
            return ""
        return self.local(moment).strftime("%Y-%m-%d %H:%M:%S" if with_seconds else "%Y-%m-%d %H:%M")

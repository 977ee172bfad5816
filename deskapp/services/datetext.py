"""Dates and times as a clerk types them: quickly, in a few forms.

Days: 2026-11-27, 2026/11/27, 20261127, 11-27, 11/27, 1127 (this year). Times:
14:30, 1430. A moment: a day and a time, or a time alone (today).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time


def _clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").strip()


def parse_day(text: str, today: date) -> date | None:
    """The day typed, or None when it is not one."""
    t = _clean(text).replace("/", "-").replace(".", "-")
    for pattern, parts in (
        (r"(\d{4})-(\d{1,2})-(\d{1,2})", "ymd"),
        (r"(\d{4})(\d{2})(\d{2})", "ymd"),
        (r"(\d{1,2})-(\d{1,2})", "md"),
        (r"(\d{2})(\d{2})", "md"),
    ):
        m = re.fullmatch(pattern, t)
        if m:
            numbers = [int(g) for g in m.groups()]
            year, month, day = numbers if parts == "ymd" else [today.year, *numbers]
            try:
                return date(year, month, day)
            except ValueError:
                return None
    return None


def parse_time(text: str) -> time | None:
    m = re.fullmatch(r"(\d{1,2}):?(\d{2})", _clean(text))
    if not m:
        return None
    hour, minute = int(m.group(1)), int(m.group(2))
    return time(hour, minute) if hour < 24 and minute < 60 else None


def parse_moment(text: str, now: datetime) -> datetime | None:
    """A local moment: "2026-11-24 14:30", "11-24 14:30", "14:30" (today), or a day alone (its 00:00).
    `now` is the desk's local now (aware); the result has its time zone."""
    parts = _clean(text).split()
    if len(parts) == 1:
        if ":" in parts[0] or re.fullmatch(r"\d{3,4}", parts[0]):  # 14:30, 1430: a time today
            at = parse_time(parts[0])
            if at is not None:
                return datetime.combine(now.date(), at, now.tzinfo)
        day = parse_day(parts[0], now.date())
        return datetime.combine(day, time(), now.tzinfo) if day else None
    if len(parts) == 2:
        day, at = parse_day(parts[0], now.date()), parse_time(parts[1])
        if day and at:
            return datetime.combine(day, at, now.tzinfo)
    return None


def typed_moment(
    text: str, field: str, clock, errors: dict[str, str], *, empty: str = "now", past_only: bool = True
) -> datetime | None:
    """A moment typed into a form, in UTC; a wrong one adds a message to `errors[field]`.

    Empty text is now (`empty="now"`) or None (`empty="none"`). With `past_only`,
    a moment more than five minutes ahead is refused (something that happened).
    `clock` is the desk's DeskTime.
    """
    from datetime import timedelta, timezone

    from deskapp.i18n import _

    now = clock.now()
    if not (text or "").strip():
        return now if empty == "now" else None
    moment = parse_moment(text, clock.local(now))
    if moment is None:
        errors[field] = _("Type a date and time such as 2026-11-24 14:30, 11-24 14:30 or 14:30.")
        return now if empty == "now" else None
    moment = moment.astimezone(timezone.utc)
    if past_only and moment > now + timedelta(minutes=5):
        errors[field] = _("That is in the future.")
    return moment

"""What a policy key may hold (deskapp/policy_types.py gives each key its rule): each rule checks a value
and says in words what is allowed, for the message that names the file and key."""

from __future__ import annotations

from typing import Any

from deskapp.i18n import _


class Int:
    __slots__ = ("min", "max")

    def __init__(self, lo: int, hi: int) -> None:
        self.min, self.max = lo, hi

    def allows(self, value: Any) -> bool:
        return type(value) is int and self.min <= value <= self.max

    def describe(self) -> str:
        return _("a whole number from {min} to {max}").format(min=self.min, max=self.max)


class Text:
    __slots__ = ("max_len", "min_len")

    def __init__(self, max_len: int, allow_empty: bool = False) -> None:
        self.max_len = max_len
        self.min_len = 0 if allow_empty else 1

    def allows(self, value: Any) -> bool:
        return isinstance(value, str) and self.min_len <= len(value.strip()) <= self.max_len

    def describe(self) -> str:
        return _("text of {lo} to {n} characters").format(lo=self.min_len, n=self.max_len)


class Choice:
    __slots__ = ("options",)

    def __init__(self, *options: str | int) -> None:
        self.options = options

    def allows(self, value: Any) -> bool:
        return type(value) in (str, int) and value in self.options

    def describe(self) -> str:
        return _("one of: {options}").format(options=", ".join(map(str, self.options)))


class Bool:
    def allows(self, value: Any) -> bool:
        return type(value) is bool

    def describe(self) -> str:
        return _("true or false")


class TimeOfDay:
    def allows(self, value: Any) -> bool:
        import re

        return isinstance(value, str) and re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value) is not None

    def describe(self) -> str:
        return _("a time of day such as 22:00")


class TimeZone:
    def allows(self, value: Any) -> bool:
        from zoneinfo import ZoneInfo

        try:
            ZoneInfo(value)
        except (ValueError, TypeError, KeyError, OSError):
            return False
        return True

    def describe(self) -> str:
        return _("a time zone name such as Asia/Shanghai")


class Dates:
    """A list of dates written "YYYY-MM-DD" (holidays, make-up working days)."""

    def allows(self, value: Any) -> bool:
        from datetime import date

        if not isinstance(value, list):
            return False
        try:
            for day in value:
                date.fromisoformat(day)
        except (TypeError, ValueError):
            return False
        return all(isinstance(day, str) and len(day) == 10 for day in value)

    def describe(self) -> str:
        return _('a list of dates such as ["2026-10-01", "2026-10-02"]')


class Weekdays:
    """A list of ISO weekdays, 1 = Monday ... 7 = Sunday."""

    def allows(self, value: Any) -> bool:
        return (
            isinstance(value, list)
            and len(set(value)) == len(value) < 7
            and all(type(d) is int and 1 <= d <= 7 for d in value)
        )

    def describe(self) -> str:
        return _("a list of up to six weekdays from 1 (Monday) to 7 (Sunday), such as [6, 7]")


class Steps:
    """One whole number, or a list of them that grow: lock-outs in a row, in minutes."""

    __slots__ = ("max", "min")

    def __init__(self, lo: int, hi: int) -> None:
        self.min, self.max = lo, hi

    def allows(self, value: Any) -> bool:
        values = value if isinstance(value, list) else [value]
        return (
            bool(values)
            and all(type(v) is int and self.min <= v <= self.max for v in values)
            and values == sorted(values)
        )

    def describe(self) -> str:
        return _("a whole number from {min} to {max}, or a growing list of them such as [5, 15, 60]").format(
            min=self.min, max=self.max
        )


Rule = Int | Text | Choice | Bool | TimeOfDay | TimeZone | Dates | Weekdays | Steps

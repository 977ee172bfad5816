"""The desk's shifts and what a handover is called (docs/handover.md).

Rules on the policy's [shifts] and the desk's clock: no database, no Textual; a
shift's label is in the desk's language (i18n), which is why this is not in rules/.
- A shift's hours are start to end on the desk's wall clock (an end at or before
  the start is on the next day). Outside every shift, a moment belongs to the
  shift that began last before it.
- A log is named by the one shift it covers: every moment of it within shift hours
  lies in one shift on one day, give or take GRACE at either end (a handover a
  little early or late). Otherwise it is named by its times.
- The count is blind (policy handover.blind_count) until it is saved.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from deskapp import i18n
from deskapp.clock import DeskTime
from deskapp.policy import Policy

GRACE = timedelta(hours=1)  # a handover this much early or late still names the shift


def shift_label(policy: Policy, shift: str) -> str:
    rules = policy.shifts.get(shift)
    if rules is None:
        return shift
    return rules.label_zh if i18n.language() == "zh_CN" else rules.label_en


def next_shift(policy: Policy, shift: str) -> str:
    names = list(policy.shifts)
    return names[(names.index(shift) + 1) % len(names)] if shift in names else names[0]


Hours = tuple[datetime, datetime, str]  # a shift on one day: start, end, name


def _hours(policy: Policy, clock: DeskTime, first: date, last: date) -> Iterator[Hours]:
    """Each shift's hours (start, end, name) on the days from `first` to `last`, in order."""
    found = []
    day = first
    while day <= last:
        for name, rules in policy.shifts.items():
            start = datetime.combine(day, time.fromisoformat(rules.start), clock.zone)
            end = datetime.combine(day, time.fromisoformat(rules.end), clock.zone)
            found.append((start, end + timedelta(days=1) if end <= start else end, name))
        day += timedelta(days=1)
    return iter(sorted(found))


def _days(clock: DeskTime, moment: datetime) -> tuple[date, date]:
    day = clock.local(moment).date()
    return day - timedelta(days=1), day + timedelta(days=1)


def shift_at(policy: Policy, clock: DeskTime, moment: datetime) -> str:
    """The shift whose hours hold `moment`; outside every shift, the one that began
    last before it (after closing: the evening; before opening: the evening before)."""
    began = [
        (start, end, name)
        for start, end, name in _hours(policy, clock, *_days(clock, moment))
        if start <= moment
    ]
    holding = [name for start, end, name in began if moment < end]
    return holding[-1] if holding else began[-1][2]


def _within_hours(
    policy: Policy, clock: DeskTime, since: datetime, until: datetime
) -> tuple[datetime, datetime] | None:
    """The first and the last moment of [since, until] within a shift's hours."""
    first = next(
        (
            max(since, s)
            for s, e, _n in _hours(policy, clock, *_days(clock, since))
            if e > since and s <= until
        ),
        None,
    )
    last = [
        min(until, e) for s, e, _n in _hours(policy, clock, *_days(clock, until)) if e > since and s <= until
    ]
    return (first, last[-1]) if first is not None and last else None


def covered(policy: Policy, clock: DeskTime, since: datetime, until: datetime) -> str | None:
    """The one shift a log from `since` to `until` covers, or None when it spans several."""
    inside = _within_hours(policy, clock, since, until)
    if inside is None:  # wholly outside the desk's hours: a short one is the shift before it
        return shift_at(policy, clock, since) if until - since <= GRACE else None
    first, last = inside
    if last - first > timedelta(days=1) + 2 * GRACE:  # no shift is that long
        return None
    fits = [
        (min(last, e) - max(first, s), -s.timestamp(), name)
        for s, e, name in _hours(policy, clock, _days(clock, first)[0], _days(clock, last)[1])
        if s - GRACE <= first and last <= e + GRACE
    ]
    return max(fits)[2] if fits else None


def log_name(policy: Policy, clock: DeskTime, since: datetime, until: datetime) -> str:
    """A log's name: its shift ("Evening"), or its times ("01-28 15:30–02-06 12:10",
    "11-24 08:30–22:30" within a day)."""
    shift = covered(policy, clock, since, until)
    if shift is not None:
        return shift_label(policy, shift)
    a, b = clock.local(since), clock.local(until)
    if a.date() == b.date():
        return f"{a:%m-%d %H:%M}–{b:%H:%M}"
    form = "%Y-%m-%d %H:%M" if a.year != b.year else "%m-%d %H:%M"
    return f"{a:{form}}–{b:{form}}"


def days_ago(clock: DeskTime, moment: datetime) -> int:
    """Calendar days from `moment` to today on the desk's clock (1: yesterday)."""
    return (clock.today() - clock.local(moment).date()).days


def blind(policy: Policy, state: str, counted_fen: int | None) -> bool:
    """A handover being counted whose count is not yet saved, on a desk that counts
    blind: what the records expect is not shown (docs/handover.md, "The blind count")."""
    return bool(policy.handover.blind_count) and state == "counting" and counted_fen is None

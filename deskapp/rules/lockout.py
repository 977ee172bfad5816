"""Wrong PINs and lock-outs (docs/trust.md, "Sign-in"): every `max_attempts` wrong PINs
in a row lock the name, each lock longer than the one before; after the last step the
name is held until an administrator unlocks it. An administrator's own name keeps the
longest step instead, so a desk can never lose its last administrator."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class WrongPin:
    """What one more wrong PIN does to a name."""

    failed_pins: int  # wrong PINs in a row now: 0 once they lock the name
    lockouts: int  # locks in a row now
    locked_minutes: int | None  # how long this wrong PIN locks the name; None: not locked, or held
    held: bool  # locked until an administrator unlocks the name
    tries_left: int  # wrong PINs still allowed before the name locks (0 once it is locked)


def steps(setting: int | Sequence[int]) -> list[int]:
    """Minutes of each lock-out in a row (policy security.pin_lockout_minutes: one number or a list)."""
    return [setting] if isinstance(setting, int) else list(setting)


def after_wrong_pin(
    failed_pins: int, lockouts: int, admin: bool, max_attempts: int, lockout_minutes: Sequence[int]
) -> WrongPin:
    """A wrong PIN after `failed_pins` in a row (a lock that ran out left the count at 0)
    and `lockouts` locks in a row."""
    failed = failed_pins + 1
    if failed < max_attempts:
        return WrongPin(failed, lockouts, None, False, max_attempts - failed)
    held = lockouts >= len(lockout_minutes) and not admin
    minutes = lockout_minutes[min(lockouts, len(lockout_minutes) - 1)]
    return WrongPin(0, lockouts + 1, None if held else minutes, held, 0)


def minutes_left(locked_until: datetime, now: datetime) -> int:
    """Whole minutes until a lock runs out, rounded up, at least 1."""
    return max(1, -(-int((locked_until - now).total_seconds()) // 60))

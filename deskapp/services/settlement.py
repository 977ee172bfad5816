"""The lending rules, pure (the rule book: docs/lending.md): when an item is due, the
days late, the day a capped item becomes the customer's, and what a return costs.
No database and no screen: lending.py applies these to the records.

Every number comes from the policy's [kinds.*] tables and [lending]:
- due: the borrow date plus term_days, by lending.closing_time ("Due and days late");
- days late: calendar days from the due date to the return date; returning on
  the due date is on time;
- overdue fee: days late x overdue_fee_per_day_fen; where fee_capped_at_deposit,
  a fee that would exceed the deposit is not charged: the deposit is kept and
  the item becomes the customer's, on the first day that happens (kept_on);
- condition (归还情况): intact costs nothing more; dirty, damaged or lost cost
  the condition's charge (by default the deposit, forfeited: 没收押金), or for
  damage a compensation the desk assessed instead (作价赔偿);
- the charge is the fee plus the condition's cost, for a default and an assessed
  charge alike; a kind capped at its deposit never costs more than the deposit.
  A charge below the default needs a reason and a shift lead's PIN
  ("Settlement").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from deskapp.clock import DeskTime
from deskapp.i18n import N_
from deskapp.policy import Policy
from deskapp.policy_types import KindSettings

CONDITIONS = ("intact", "dirty", "damaged", "lost")
CONDITION_LABELS = {
    "intact": N_("intact"),
    "dirty": N_("dirty"),
    "damaged": N_("damaged"),
    "lost": N_("lost"),
}

# -- the rules ------------------------------------------------------------------------


def due_at(policy: Policy, kind: str, lent_at: datetime, clock: DeskTime) -> datetime:
    """When an item lent at `lent_at` is due back (UTC)."""
    day = clock.local(lent_at).date() + timedelta(days=policy.kinds[kind].term_days)
    hour, minute = map(int, policy.lending.closing_time.split(":"))
    return datetime.combine(day, time(hour, minute), tzinfo=clock.zone).astimezone(timezone.utc)


def days_late(due: date, on: date) -> int:
    """Calendar days from the due date to `on`; on the due date itself, 0."""
    return max(0, (on - due).days)


def kept_on(rules: KindSettings, deposit_fen: int, due: date) -> date | None:
    """The day an item of a capped kind becomes the customer's: the first day
    its fee would exceed the deposit. None for kinds without the cap."""
    if not rules.fee_capped_at_deposit or rules.overdue_fee_per_day_fen <= 0:
        return None
    return due + timedelta(days=deposit_fen // rules.overdue_fee_per_day_fen + 1)


@dataclass(frozen=True)
class Settlement:
    """One item's return, in the paper form's words (docs/lending.md, "Settlement"):
    the overdue fee (折旧费) plus what the condition costs (没收押金, or 作价赔偿 when
    damage was assessed) is the charge; the deposit pays it first."""

    condition: str
    days_late: int
    fee_fen: int  # the overdue fee, 折旧费 (capped at the deposit where the kind says so)
    default_charge_fen: int  # what the return would cost without an assessment
    charge_fen: int  # what the return costs: fee and condition together
    refund_fen: int  # deposit given back
    owed_fen: int  # to pay beyond the deposit
    compensation_fen: int | None  # assessed damage (作价赔偿), when the desk assessed it

    @property
    def condition_fen(self) -> int:
        """What the condition costs on top of the fee: the forfeit (没收押金) or the assessment."""
        return self.charge_fen - self.fee_fen

    @property
    def kept_fen(self) -> int:
        """The part of the deposit the desk keeps."""
        return self.charge_fen - self.owed_fen

    @property
    def is_reduction(self) -> bool:
        return self.charge_fen < self.default_charge_fen


# The parts of a charge, in the paper form's words (docs/lending.md, "Settlement").
CHARGE_PARTS = {
    "fee": N_("Overdue fee"),
    "forfeit": N_("Deposit forfeited"),
    "assessed": N_("Assessed compensation"),
}


def charge_parts(
    fee_fen: int | None, charge_fen: int | None, compensation_fen: int | None
) -> list[tuple[str, int]]:
    """A settled charge as its parts: the overdue fee (折旧费, always), then the
    condition's part when there is one: the forfeit (没收押金) or the assessed
    compensation (作价赔偿). The parts add up to the charge."""
    fee, charge = fee_fen or 0, charge_fen or 0
    parts = [("fee", fee)]
    if compensation_fen is not None:
        parts.append(("assessed", charge - fee))
    elif charge > fee:
        parts.append(("forfeit", charge - fee))
    return parts


def settle(
    rules: KindSettings,
    deposit_fen: int,
    due: date,
    on: date,
    condition: str,
    compensation_fen: int | None = None,
) -> Settlement:
    """The settlement of one item returned on `on` in `condition` (docs/lending.md, "Settlement")."""
    if condition not in CONDITIONS:
        raise ValueError(condition)
    late = days_late(due, on)
    fee = late * rules.overdue_fee_per_day_fen
    if rules.fee_capped_at_deposit:
        fee = min(fee, deposit_fen)
    forfeit = 0 if condition == "intact" else getattr(rules, f"{condition}_charge_fen")
    if condition != "damaged":
        compensation_fen = None

    def total(condition_fen: int) -> int:
        charge = fee + condition_fen
        # A kind capped at its deposit never costs more than the deposit (docs/lending.md).
        return min(charge, deposit_fen) if rules.fee_capped_at_deposit else charge

    default = total(forfeit)
    charge = default if compensation_fen is None else total(compensation_fen)
    return Settlement(
        condition,
        late,
        fee,
        default,
        charge,
        max(0, deposit_fen - charge),
        max(0, charge - deposit_fen),
        compensation_fen,
    )

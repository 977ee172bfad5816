"""The lending rules (the rule book: docs/lending.md): when an item is due, the days late,
the day a capped item becomes the customer's, what a return costs and how the counter
nets several items. Plain values in, plain values out: services/lending.py and
services/returns.py apply these to the records, and the Return screen previews with them.

The numbers are a kind's terms (LendingTerms, from the policy's [kinds.*] tables) and
the desk's closing time ([lending]):
- due: the borrow date plus term_days, by the closing time ("Due and days late");
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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo

CONDITIONS = ("intact", "dirty", "damaged", "lost")
# Where the item goes after a return in that condition.
ITEM_AFTER = {"intact": "available", "dirty": "available", "damaged": "repair", "lost": "lost"}


@dataclass(frozen=True)
class LendingTerms:
    """One kind's terms, as its [kinds.NAME] table gives them (docs/lending.md)."""

    term_days: int
    overdue_fee_per_day_fen: int
    fee_capped_at_deposit: bool
    dirty_charge_fen: int
    damaged_charge_fen: int
    lost_charge_fen: int

    def forfeit_fen(self, condition: str) -> int:
        """What the condition costs by default (没收押金); intact costs nothing."""
        return {
            "intact": 0,
            "dirty": self.dirty_charge_fen,
            "damaged": self.damaged_charge_fen,
            "lost": self.lost_charge_fen,
        }[condition]


# -- due and days late ------------------------------------------------------------------


def due_at(lent_at: datetime, term_days: int, closing: time, zone: tzinfo) -> datetime:
    """When an item lent at `lent_at` is due back (UTC): the desk's date it was lent
    on, plus `term_days`, at the closing time in the desk's zone."""
    day = lent_at.astimezone(zone).date() + timedelta(days=term_days)
    return datetime.combine(day, closing, tzinfo=zone).astimezone(timezone.utc)


def days_late(due: date, on: date) -> int:
    """Calendar days from the due date to `on`; on the due date itself, 0."""
    return max(0, (on - due).days)


def kept_on(terms: LendingTerms, deposit_fen: int, due: date) -> date | None:
    """The day an item of a capped kind becomes the customer's: the first day
    its fee would exceed the deposit. None for kinds without the cap."""
    if not terms.fee_capped_at_deposit or terms.overdue_fee_per_day_fen <= 0:
        return None
    return due + timedelta(days=deposit_fen // terms.overdue_fee_per_day_fen + 1)


# -- the limit per customer -------------------------------------------------------------


def past_limit(
    kinds: Sequence[str], out: Mapping[str, int], limits: Mapping[str, int]
) -> list[tuple[str, int, int]]:
    """The kinds a loan of `kinds` (one per item) would take past their limit per customer,
    given what the customer has `out` already (docs/lending.md, "The limit per customer";
    a limit of 0 is none): (kind, already out, asked), in the loan's order."""
    passed = []
    for kind in dict.fromkeys(kinds):
        limit, asked = limits[kind], kinds.count(kind)
        if limit and out.get(kind, 0) + asked > limit:
            passed.append((kind, out.get(kind, 0), asked))
    return passed


# -- settlement -------------------------------------------------------------------------


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


def settle(
    terms: LendingTerms,
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
    fee = late * terms.overdue_fee_per_day_fen
    if terms.fee_capped_at_deposit:
        fee = min(fee, deposit_fen)
    if condition != "damaged":
        compensation_fen = None

    def total(condition_fen: int) -> int:
        charge = fee + condition_fen
        # A kind capped at its deposit never costs more than the deposit (docs/lending.md).
        return min(charge, deposit_fen) if terms.fee_capped_at_deposit else charge

    default = total(terms.forfeit_fen(condition))
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


@dataclass(frozen=True)
class ReturnPreview:
    """Several items returned together: each settles on its own deposit and the counter
    nets them (docs/lending.md, "Settlement" rule 4)."""

    settlements: list[Settlement]

    @property
    def refund_fen(self) -> int:
        return sum(s.refund_fen for s in self.settlements)

    @property
    def owed_fen(self) -> int:
        return sum(s.owed_fen for s in self.settlements)

    @property
    def charge_fen(self) -> int:
        return sum(s.charge_fen for s in self.settlements)

    @property
    def net_fen(self) -> int:
        """What the counter hands over: given back when positive, collected when negative."""
        return self.refund_fen - self.owed_fen

    @property
    def needs_approval(self) -> bool:
        return any(s.is_reduction for s in self.settlements)

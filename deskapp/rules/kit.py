"""The first-aid kit's arithmetic (docs/kit.md, "Stock, uses and alerts"): which batches a use
draws from, what counts as expired or expiring soon, what the restock request asks for, and
an expiry as staff type it. Batches come in as plain values; names come in both languages
and the caller says which one it shows."""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

# The English word for the usual Chinese units, when an item is added without one.
UNITS_EN = {
    "支": "pcs",
    "片": "pcs",
    "块": "pcs",
    "个": "pcs",
    "只": "pcs",
    "条": "pcs",
    "根": "pcs",
    "枚": "pcs",
    "卷": "rolls",
    "副": "pairs",
    "对": "pairs",
    "双": "pairs",
    "瓶": "bottles",
    "盒": "boxes",
    "包": "packs",
    "袋": "bags",
    "贴": "patches",
    "粒": "tablets",
    "颗": "tablets",
    "张": "sheets",
    "套": "sets",
    "管": "tubes",
    "罐": "cans",
    "板": "strips",
    "台": "units",
}


def in_language(language: str, zh: str, en: str) -> str:
    """An item's name or unit as shown in `language` (zh_CN: the Chinese one)."""
    return zh if language == "zh_CN" else en


def english_unit(unit_zh: str) -> str:
    """The usual English word for a Chinese unit (盒 -> boxes); any other unit as it is."""
    return UNITS_EN.get(unit_zh, unit_zh)


# -- dates -----------------------------------------------------------------------------------------


def parse_expiry(text: str, today: date) -> date | None:
    """An expiry as printed or typed: 2027-03 or 202703 (the month's last day),
    2027-03-31 or 20270331, 03-31 or 0331 (the next such day from today)."""
    t = unicodedata.normalize("NFKC", text or "").strip().replace("/", "-").replace(".", "-")
    try:
        month_only = re.fullmatch(r"(\d{4})-(\d{1,2})|(\d{4})(\d{2})", t) if len(t) in (6, 7) else None
        if month_only:
            year, month = (int(g) for g in month_only.groups() if g)
            return date(year, month, calendar.monthrange(year, month)[1])
        if m := re.fullmatch(r"(\d{4})-?(\d{1,2})-?(\d{1,2})", t):
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if m := re.fullmatch(r"(\d{1,2})-?(\d{2})", t):
            day = date(today.year, int(m.group(1)), int(m.group(2)))
            return day if day >= today else date(today.year + 1, day.month, day.day)
    except ValueError:
        return None
    return None


def is_expired(expiry: date, today: date) -> bool:
    """A batch is usable through its expiry day and expired the day after."""
    return expiry < today


def expiring_by(today: date, warn_days: int) -> date:
    """The last expiry that counts as expiring soon (kit.expiry_warn_days from today)."""
    return today + timedelta(days=warn_days)


# -- stock -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Batch:
    """A batch in a kit as the rules see it: what is left of it and when it expires."""

    id: int
    expiry: date
    left_qty: int


@dataclass(frozen=True)
class Level:
    """One item's stock in one kit."""

    usable: int  # not expired
    expiring: int  # usable, but expiring by the warning day
    expired: int  # still in the kit, past its expiry
    next_expiry: date | None  # of the usable stock


def level(batches: Iterable[Batch], today: date, warn_days: int) -> Level:
    mine = [b for b in batches if b.left_qty > 0]
    usable = [b for b in mine if not is_expired(b.expiry, today)]
    soon = expiring_by(today, warn_days)
    return Level(
        sum(b.left_qty for b in usable),
        sum(b.left_qty for b in usable if b.expiry <= soon),
        sum(b.left_qty for b in mine if is_expired(b.expiry, today)),
        min((b.expiry for b in usable), default=None),
    )


def alerts(stock: Level, min_qty: int, prescription: bool) -> list[str]:
    """The alerts of an item's stock, as codes (services/kit_stock.ALERTS): a prescription
    medicine only says to take it out (docs/kit.md, "Prescription medicine already in a database")."""
    if prescription:
        return ["prescription"] if stock.usable + stock.expired else []
    on = (
        ("below_min", stock.usable < min_qty),
        ("expiring", stock.expiring > 0),
        ("expired", stock.expired > 0),
    )
    return [code for code, is_on in on if is_on]


def to_buy(min_qty: int, stock: Level) -> int:
    """What the restock request asks for: up to the minimum once the stock expiring soon is
    discounted."""
    return max(0, min_qty - (stock.usable - stock.expiring))


@dataclass(frozen=True)
class Draw:
    """Units a use takes from one batch."""

    batch_id: int
    qty: int


@dataclass(frozen=True)
class Allocation:
    """What a use of `wanted` units takes: the draws, earliest expiry first; none at all when
    the usable stock is short (`usable` and `expired` then say why)."""

    wanted: int
    draws: tuple[Draw, ...]
    usable: int
    expired: int

    @property
    def short(self) -> bool:
        return self.usable < self.wanted


def allocate(batches: Iterable[Batch], amount: int, today: date) -> Allocation:
    """First-expiry-first-out: the batches that expire first (on the same day, the one received
    first), never an expired one; all of `amount` or nothing."""
    ordered = sorted((b for b in batches if b.left_qty > 0), key=lambda b: (b.expiry, b.id))
    usable = [b for b in ordered if not is_expired(b.expiry, today)]
    have = sum(b.left_qty for b in usable)
    expired = sum(b.left_qty for b in ordered if is_expired(b.expiry, today))
    if have < amount or amount <= 0:
        return Allocation(amount, (), have, expired)
    draws = []
    left = amount
    for b in usable:
        take = min(left, b.left_qty)
        draws.append(Draw(b.id, take))
        left -= take
        if not left:
            break
    return Allocation(amount, tuple(draws), have, expired)

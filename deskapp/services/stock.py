"""Lendable items (stock): adding, editing, retiring, levels against the
policy's minimum, and the stock-take (盘点). docs/lending.md, "Stock"."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import cast

import peewee as pw

from deskapp import i18n
from deskapp.db import database
from deskapp.errors import DeskError, ValidationError
from deskapp.i18n import N_, _
from deskapp.models import Item, StockCount, StockTake
from deskapp.policy import Policy
from deskapp.services import audit, transaction
from deskapp.services.text import clean

STATUS_LABELS = {
    "available": N_("available"),
    "on_loan": N_("on loan"),
    "repair": N_("in repair"),
    "lost": N_("lost"),
    "retired": N_("retired"),
    "kept": N_("kept by customer"),
}
# What the desk may set by hand; on loan and kept follow loans and returns.
EDITABLE_STATUSES = ("available", "repair", "lost")
IN_SERVICE = ("available", "on_loan", "repair")
NOTE_MAX = 200
RANGE_MAX = 200  # tags one range may add at once


def label(policy: Policy, kind: str) -> str:
    """A kind's name in the current language (the policy holds both)."""
    rules = policy.kinds.get(kind)
    if rules is None:
        return kind
    return rules.label_zh if i18n.language() == "zh_CN" else rules.label_en


def normalize_tag(text: str) -> str:
    """As scanned or typed: full-width folded, spaces removed, upper case."""
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text or "")).upper()


def split_tags(text: str) -> list[str]:
    """'U01, U02 u03' -> ['U01', 'U02', 'U03'] (in order, each once)."""
    parts = re.split(r"[\s,，;；、]+", unicodedata.normalize("NFKC", text or ""))
    return list(dict.fromkeys(normalize_tag(p) for p in parts if p.strip()))


def expand_range(text: str) -> list[str]:
    """'U01-U20' -> U01..U20 (the digits keep their width); other text as split_tags."""
    m = re.fullmatch(r"([A-Z]*)(\d+)-\1?(\d+)", normalize_tag(text))
    if not m:
        return split_tags(text)
    prefix, first, last = m.group(1), m.group(2), m.group(3)
    lo, hi = int(first), int(last)
    if hi < lo or hi - lo >= RANGE_MAX:
        raise ValidationError(
            {"tags": _("A range runs from a lower to a higher number, at most {n} tags.").format(n=RANGE_MAX)}
        )
    return [f"{prefix}{n:0{len(first)}d}" for n in range(lo, hi + 1)]


def tag_problem(tag: str) -> str | None:
    if not tag:
        return _("Type or scan a tag.")
    if len(tag) > 30 or not re.fullmatch(r"[0-9A-Z\-_./#]+", tag):
        return _("{tag} is not a tag: use up to 30 letters, digits and - _ . / #.").format(tag=tag)
    if re.fullmatch(r"L\d{7}", tag):
        return _("{tag} looks like a slip number; pick another tag.").format(tag=tag)
    return None


def _note(note: str) -> str:
    errors: dict[str, str] = {}
    note = clean(note, "note", NOTE_MAX, errors, one_line=True)
    if errors:
        raise ValidationError(errors)
    return note


@dataclass(frozen=True)
class ItemInfo:
    id: int
    kind: str
    tag: str
    status: str
    note: str


def _info(row: Item) -> ItemInfo:
    return ItemInfo(row.id, row.kind, row.tag, row.status, row.note)


@dataclass(frozen=True)
class ItemPage:
    rows: list[ItemInfo]
    total: int
    offset: int


def list_items(
    kind: str | None = None, query: str = "", offset: int = 0, limit: int = 100, include_gone: bool = False
) -> ItemPage:
    """Items by kind and tag; retired, lost and kept ones only when asked."""
    q = Item.select()
    if kind:
        q = q.where(Item.kind == kind)
    if not include_gone:
        q = q.where(Item.status.in_(IN_SERVICE))
    if text := normalize_tag(query):
        q = q.where(Item.tag.contains(text) | Item.note.contains(query.strip()))
    total = q.count()
    rows = q.order_by(Item.kind, Item.tag).offset(offset).limit(limit)
    return ItemPage([_info(r) for r in rows], total, offset)


def get(item_id: int) -> ItemInfo:
    row = Item.get_or_none(Item.id == item_id)
    if row is None:
        raise DeskError(_("This item no longer exists."))
    return _info(row)


@transaction
def add_items(
    actor: audit.Actor, policy: Policy, kind: str, tags: str, note: str, now: datetime
) -> list[ItemInfo]:
    """Add one item, several ('U01 U02') or a range ('U01-U20') of one kind."""
    errors: dict[str, str] = {}
    if kind not in policy.kinds:
        errors["kind"] = _("Pick a kind: {kinds}.").format(
            kinds=i18n.join(label(policy, k) for k in policy.kinds)
        )
    wanted = expand_range(tags)
    if not wanted:
        errors["tags"] = _("Type or scan a tag.")
    for tag in wanted:
        if problem := tag_problem(tag):
            errors["tags"] = problem
            break
    note = _note(note)
    if not errors:
        taken = [r.tag for r in Item.select(Item.tag).where(Item.tag.in_(wanted))]
        if taken:
            errors["tags"] = _("Already in stock: {tags}.").format(tags=i18n.join(taken))
    if errors:
        raise ValidationError(errors)
    added = []
    for tag in wanted:
        try:
            with database.atomic():
                row = Item.create(kind=kind, tag=tag, note=note, added_at=now)
        except pw.IntegrityError:  # added by another desk a moment ago
            raise ValidationError({"tags": _("Already in stock: {tags}.").format(tags=tag)}) from None
        audit.record(actor, "item.add", "item", row.id, now, after={"kind": kind, "tag": tag, "note": note})
        added.append(_info(row))
    return added


@transaction
def edit_item(actor: audit.Actor, item_id: int, status: str, note: str, now: datetime) -> ItemInfo:
    """Change an item's note, or move it between available, in repair and lost."""
    row = Item.get_or_none(Item.id == item_id)
    if row is None:
        raise DeskError(_("This item no longer exists."))
    note = _note(note)
    if status != row.status:
        if row.status not in EDITABLE_STATUSES or status not in EDITABLE_STATUSES:
            raise ValidationError(
                {
                    "status": _("An item {state} cannot be set to {new} by hand.").format(
                        state=_(STATUS_LABELS[row.status]), new=_(STATUS_LABELS.get(status, status))
                    )
                }
            )
    before = {"status": row.status, "note": row.note}
    after = {"status": status, "note": note}
    if before != after:
        Item.update(status=status, note=note).where(Item.id == row.id).execute()
        audit.record(actor, "item.edit", "item", row.id, now, before=before, after=after)
    return get(row.id)


@transaction
def retire_item(actor: audit.Actor, item_id: int, reason: str, now: datetime) -> ItemInfo:
    """Take an item out of service for good (worn out, given away); its loans stay."""
    row = Item.get_or_none(Item.id == item_id)
    if row is None:
        raise DeskError(_("This item no longer exists."))
    reason = _note(reason)
    if not reason:
        raise ValidationError({"note": _("Say why the item is retired.")})
    if row.status == "on_loan":
        raise DeskError(_("{tag} is on loan; take it back first.").format(tag=row.tag))
    if row.status != "retired":
        Item.update(status="retired", note=reason).where(Item.id == row.id).execute()
        audit.record(
            actor,
            "item.retire",
            "item",
            row.id,
            now,
            before={"status": row.status, "note": row.note},
            after={"status": "retired", "note": reason},
        )
    return get(row.id)


# -- levels and the stock-take ------------------------------------------------------


@dataclass(frozen=True)
class KindLevel:
    kind: str
    available: int
    on_loan: int
    repair: int
    min_stock: int

    @property
    def in_service(self) -> int:
        return self.available + self.on_loan + self.repair

    @property
    def below_minimum(self) -> bool:
        return self.in_service < self.min_stock


def levels(policy: Policy) -> list[KindLevel]:
    """Per kind of the policy: how many are on hand, out, in repair, against the minimum."""
    counts: dict[tuple[str, str], int] = {}
    q = (
        Item.select(Item.kind, Item.status, pw.fn.COUNT(Item.id).alias("n"))
        .where(Item.status.in_(IN_SERVICE))
        .group_by(Item.kind, Item.status)
    )
    # (kind, status, count) rows, which the peewee stubs type as the model's.
    for kind, status, n in cast("Iterable[tuple[str, str, int]]", q.tuples()):
        counts[(kind, status)] = n
    return [
        KindLevel(
            kind,
            counts.get((kind, "available"), 0),
            counts.get((kind, "on_loan"), 0),
            counts.get((kind, "repair"), 0),
            rules.min_stock,
        )
        for kind, rules in policy.kinds.items()
    ]


@dataclass(frozen=True)
class CountLine:
    kind: str
    expected: int
    counted: int

    @property
    def difference(self) -> int:
        return self.counted - self.expected


@dataclass(frozen=True)
class StockTakeInfo:
    id: int
    at: datetime
    staff_name: str
    note: str
    lines: list[CountLine]


def _take_info(take: StockTake) -> StockTakeInfo:
    counts = StockCount.select().where(StockCount.stock_take == take).order_by(StockCount.id)
    lines = [CountLine(c.kind, c.expected, c.counted) for c in counts]
    return StockTakeInfo(take.id, take.at, take.staff.name, take.note, lines)


@transaction
def record_stock_take(
    actor: audit.Actor, policy: Policy, counted: dict[str, str], note: str, now: datetime
) -> StockTakeInfo:
    """Compare what staff counted on hand with what should be there (available items).

    `counted` maps kind -> the number as typed; every kind of the policy is counted.
    """
    errors: dict[str, str] = {}
    numbers: dict[str, int] = {}
    for kind in policy.kinds:
        text = (counted.get(kind) or "").strip()
        if not re.fullmatch(r"\d{1,4}", unicodedata.normalize("NFKC", text)):
            errors[f"count_{kind}"] = _("Type how many you counted (0 or more).")
        else:
            numbers[kind] = int(unicodedata.normalize("NFKC", text))
    note = _note(note)
    if errors:
        raise ValidationError(errors)
    expected = {level.kind: level.available for level in levels(policy)}
    take = StockTake.create(at=now, staff=actor.staff_id, note=note)
    for kind, n in numbers.items():
        StockCount.create(stock_take=take, kind=kind, expected=expected[kind], counted=n)
    audit.record(
        actor,
        "stock.take",
        "stock_take",
        take.id,
        now,
        after={k: {"expected": expected[k], "counted": n} for k, n in numbers.items()},
    )
    return _take_info(take)


def last_stock_take() -> StockTakeInfo | None:
    # The id column: the model types `id` as a row's int, for the type checker (deskapp/models/base.py).
    take = (
        StockTake.select().order_by(StockTake.at.desc(), cast("pw.Field[int]", StockTake.id).desc()).first()
    )
    return _take_info(take) if take else None

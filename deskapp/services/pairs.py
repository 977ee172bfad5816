"""Finding a record by part of its text through an index (docs/records.md, "Finding a
record"): each record's texts are kept as their characters and every two characters side
by side (ASCII letters in lower case), and a phone or contact as "#" and the last four
digits it ends with ("#8000") and, when it is a phone number, "#" and all its digits.
NameGram holds them for the borrowers' names; ComplaintGram, KitUseGram and PromiseGram
for the texts of complaints, kit uses and promises."""

from __future__ import annotations

import re
import unicodedata
from functools import reduce
from operator import or_

import peewee as pw

from deskapp.models import BaseModel, ComplaintGram, KitUseGram, NameGram, PromiseGram
from deskapp.services.contact import normalize_phone

Index = type[NameGram] | type[ComplaintGram] | type[KitUseGram] | type[PromiseGram]
"""The indexes a record is found by: a key (`gram`) and the record it leads to."""

NUMBER = re.compile(r"(?:(?:\+86|0086)[\s\-]*)?\d[\d\s\-()（）]*\d")  # a number as written
DENSE = 2000  # records sharing a key beyond which reading the list in order is sooner


def fold(text: str) -> str:
    return "".join(ch.lower() if ch.isascii() else ch for ch in text)


def without_numbers(text: str) -> str:
    """A contact's words without its numbers, which are keys of their own (`keys`)."""
    return NUMBER.sub(" ", unicodedata.normalize("NFKC", text))


def keys(*texts: str, phones: tuple[str, ...] = ()) -> set[str]:
    """The keys a record is found by: each character (but spaces) and each two characters
    side by side of `texts`; for each number in `phones` ("刘女士 138-1234-5678"), "#" and
    its last four digits, and "#" and the whole number when it is a phone (7 to 12 digits)."""
    found: set[str] = set()
    for text in texts:
        folded = fold(text)
        found.update(ch for ch in folded if not ch.isspace())
        found.update(folded[i : i + 2] for i in range(len(folded) - 1))
    for phone in phones:
        for written in NUMBER.findall(unicodedata.normalize("NFKC", phone)):
            number = normalize_phone(written)
            found.update({"#" + number[-4:]} if len(number) >= 4 else ())
            found.update({"#" + number} if 7 <= len(number) <= 12 else ())
    return found


def phone_typed(text: str) -> str | None:
    """The digits of a text that is the last four digits of a phone or a whole phone (7 to
    12 digits; spaces, dashes and +86 allowed), or None."""
    digits = normalize_phone(text)
    return digits if re.fullmatch(r"\d{4}|\d{7,12}", digits) else None


def _rarest(index: Index, text: str) -> tuple[str, int] | None:
    folded = fold(text)
    wanted = {folded} if len(folded) == 1 else {folded[i : i + 2] for i in range(len(folded) - 1)}
    if not wanted:
        return None
    # How many records share each key, up to DENSE, in one round trip.
    first, *more = [index.select(index.gram).where(index.gram == k).limit(DENSE) for k in sorted(wanted)]
    union: pw.SelectBase = first
    for each in more:
        union = union.union_all(each)
    shared = union.alias("shared")
    counted = index.select(shared.c.gram, pw.fn.COUNT(pw.SQL("*"))).from_(shared).group_by(shared.c.gram)
    sizes: dict[str, int] = {k: 0 for k in wanted} | {key: n for key, n in counted.tuples().execute()}
    key = min(sorted(sizes), key=lambda k: sizes[k])
    return key, sizes[key]


def holding(index: Index, owner: pw.Field, outer: pw.Field, text: str) -> pw.ColumnBase | None:
    """The rows whose `outer` key is a record `index` lists under the key of `text` fewest
    records share: its one character, or the rarest of its pairs (a text of more than two
    characters needs its whole text checked as well). A key few records share gives them
    at once; one many share (a common surname) is checked row by row as the
    list is read in its order, which finds a page soonest. None for an empty text."""
    rarest = _rarest(index, text)
    if rarest is None:
        return None
    key, size = rarest
    if size < DENSE:
        return outer.in_(_ids(index, owner, key))
    return pw.fn.EXISTS(index.select(owner).where((index.gram == key) & (owner == outer)))


def matching(
    index: Index,
    owner: pw.Field,
    record: type[BaseModel],
    text: str,
    texts: tuple[pw.Field, ...],
    phone: bool = False,
) -> pw.ColumnBase:
    """The records of `record` that hold `text` in one of `texts`, or, for a text that is a
    phone or its last four digits, whose phone (the record's `phones` keys) is that: through
    `index`. A text of more than two characters is checked whole on the records its rarest
    pair gives."""
    said = reduce(or_, (field.contains(text) for field in texts))
    digits = phone_typed(text) if phone else None
    by_phone = _ids(index, owner, "#" + digits) if digits else []
    exact = len(fold(text)) <= 2
    rarest = _rarest(index, text)
    if rarest is None:
        return said
    key, size = rarest
    if size < DENSE:  # a few records: one list of ids, read by the record's key
        ids = sorted(set(_ids(index, owner, key)) | set(by_phone))
        if exact:
            return record.id.in_(ids)
        return record.id.in_(ids) & (record.id.in_(by_phone) | said if by_phone else said)
    by_text: pw.ColumnBase = pw.fn.EXISTS(
        index.select(owner).where((index.gram == key) & (owner == record.id))
    )
    by_text = by_text if exact else by_text & said
    return record.id.in_(by_phone) | by_text if by_phone else by_text


def _ids(index: Index, owner: pw.Field, key: str) -> list[int]:
    """The records under `key`, fetched first: handed a subquery and a list's order and
    limit, PostgreSQL reads the whole list backwards instead (25 ms on 100,000 complaints)."""
    return list(index.select(owner).where(index.gram == key).scalars())


def write(index: Index, owner: pw.Field, record_id: int, *texts: str, phones: tuple[str, ...] = ()) -> None:
    """The keys of a new record's texts into `index`, in chunks any SQLite takes."""
    rows = [(key, record_id) for key in sorted(keys(*texts, phones=phones))]
    for chunk in pw.chunked(rows, 400):
        index.insert_many(chunk, fields=[index.gram, owner]).execute()

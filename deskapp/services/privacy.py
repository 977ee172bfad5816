"""Customers' phones and ID numbers, masked the same way wherever they leave a
record's own detail screen: lists, search results, Home, the customer's copy
of a slip and every exported sheet (docs/records.md, "Privacy").

One function, `shown`, and one policy setting, [privacy] mask. Pure: neither
the database nor the screens.
"""

from __future__ import annotations

import re
import unicodedata

# A run of digits, with the spaces, dashes and brackets people type inside a number
# (and an ID number's final X), not touching another digit on either side.
_RUN = re.compile(r"(?<!\d)[+＋]?\d[\d \-－()（）]{5,24}\d(?:[Xx](?!\d))?(?!\d)")
MOBILE = re.compile(r"1[3-9]\d{9}")
LANDLINE = re.compile(r"0\d{9,11}")
CHINESE_ID = re.compile(r"\d{17}[\dX]")
OLD_ID = re.compile(r"[1-8]\d{5}\d\d(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}")  # 15 digits, before 2013


def mask_id(id_number: str) -> str:
    """110105194912310021 -> 11**************21."""
    if len(id_number) <= 4:
        return "*" * len(id_number)
    return id_number[:2] + "*" * (len(id_number) - 4) + id_number[-2:]


def _masked(typed: str) -> str | None:
    """A phone or Chinese ID number, masked where it was typed (its spaces, dashes and
    brackets stay: "(021) 6234 5678" -> "(021) **** 5678"); None when it is not one."""
    plain = unicodedata.normalize("NFKC", typed).upper()
    where = [i for i, ch in enumerate(plain) if ch.isdigit() or ch == "X"]
    digits = "".join(plain[i] for i in where)
    if plain.lstrip().startswith("+86") or digits.startswith("0086") and len(digits) > 13:
        skip = 2 if plain.lstrip().startswith("+") else 4  # the country code is no part of it
        where, digits = where[skip:], digits[skip:]
    if MOBILE.fullmatch(digits) or LANDLINE.fullmatch(digits):
        keep = (3, 4)  # 138****8000: enough to recognise, not to call
    elif CHINESE_ID.fullmatch(digits) or OLD_ID.fullmatch(digits):
        keep = (2, 2)
    else:
        return None
    hidden = set(where[keep[0] : len(where) - keep[1]])
    return "".join("*" if i in hidden else ch for i, ch in enumerate(typed))


def _number(match: re.Match) -> str:
    """A run of digits: the number it is, or the numbers among its space-separated
    parts (a date and then a phone: "11-27 13800138000")."""
    typed = match.group(0)
    whole = _masked(typed)
    if whole is not None:
        return whole
    if typed[-1] in "Xx" and (number := _masked(typed[:-1])) is not None:  # "13800138000x"
        return number + typed[-1]
    parts = typed.split(" ")
    out, i = [], 0
    while i < len(parts):
        for j in range(len(parts), i, -1):  # the longest run of parts that is a number
            found = _masked(" ".join(parts[i:j])) if any(ch.isdigit() for ch in parts[i]) else None
            if found is not None:
                out.append(found)
                i = j
                break
        else:
            out.append(parts[i])
            i += 1
    return " ".join(out)


def shown(text: str | None, mask: bool = True) -> str:
    """`text` as a list, a sheet or the customer's slip shows it: every phone and
    Chinese ID number in it masked, whatever else was typed around them."""
    if not text:
        return text or ""
    if not mask:
        return text
    return _RUN.sub(_number, text)


def shown_id(id_number: str, mask: bool = True) -> str:
    """A loan's ID field: whatever kind of document, only its ends are shown."""
    return mask_id(id_number) if mask and id_number else id_number

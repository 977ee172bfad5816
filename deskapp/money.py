"""Money is integer fen everywhere; this only reads and writes it for people."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation


def yuan(fen: int) -> str:
    """2050 -> '20.50'; -300 -> '-3.00'."""
    sign = "-" if fen < 0 else ""
    whole, part = divmod(abs(fen), 100)
    return f"{sign}{whole}.{part:02d}"


def parse_yuan(text: str) -> int | None:
    """'20', '20.5', '¥20.50', '20元' -> fen; None when it is not an amount of money."""
    cleaned = re.sub(r"[\s¥￥,元]", "", text or "")
    if not re.fullmatch(r"\d{1,7}(\.\d{1,2})?", cleaned):
        return None
    try:
        return int(Decimal(cleaned) * 100)
    except InvalidOperation:
        return None


def too_large(fen: int, largest_fen: int) -> str | None:
    """Why an amount typed at the desk is refused as a slip of the keyboard (policy
    desk.largest_amount_fen), or None."""
    if fen <= largest_fen:
        return None
    from deskapp.i18n import _

    return _(
        "{amount} is more than the desk ever takes or pays at once ({largest}); check what was typed."
    ).format(amount=yuan(fen), largest=yuan(largest_fen))

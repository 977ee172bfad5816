"""The seals' arithmetic (docs/trust.md, "The seal chain"): a signed handover's content
as it is hashed, the hash, an addendum's hash, and the seal code printed on a handover.

services.seals gathers a handover's rows into the content and keeps and checks the chain."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any


def iso(value: datetime | None) -> str | None:
    """A moment as the seal writes it: UTC, ISO 8601."""
    return value.astimezone(timezone.utc).isoformat() if value else None


def content_hash(content: Mapping[str, Any]) -> str:
    """The SHA-256 of a handover's content: canonical JSON (sorted keys, no spaces, UTF-8)."""
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def addendum_hash(log_hash: str, staff_id: int, at: datetime, text: str) -> str:
    """An addendum's seal: it covers its handover's seal, who wrote it, when and what."""
    return hashlib.sha256(
        json.dumps([log_hash, staff_id, iso(at), text], ensure_ascii=False).encode("utf-8")
    ).hexdigest()


def chain_breaks(links: Sequence[tuple[str, str]]) -> list[int]:
    """Positions in `links` (each handover's prev_hash and hash, oldest first) whose
    prev_hash is not the hash before it; the first one's is empty."""
    previous = ""
    breaks = []
    for n, (prev_hash, seal) in enumerate(links):
        if prev_hash != previous:
            breaks.append(n)
        previous = seal
    return breaks


# -- the seal code printed on a handover ----------------------------------------------------------

CODE_DIGITS = 16  # hex digits of the seal in the code: 64 bits, beyond any search for a match


@dataclass(frozen=True)
class Code:
    """A seal code as printed: a handover (addendum 0) or its nth addendum, and hex digits."""

    log_id: int
    addendum: int
    digits: str

    def __str__(self) -> str:
        return seal_code(self.log_id, self.digits.ljust(CODE_DIGITS, "0"), self.addendum)


def seal_code(log_id: int, seal: str, addendum: int = 0) -> str:
    """What the print shows: 42-3F9A-C0D1-77E2-9B10 for handover 42, 42.1-… for its first addendum."""
    digits = seal[:CODE_DIGITS].upper()
    head = f"{log_id}.{addendum}" if addendum else str(log_id)
    return "-".join([head] + [digits[i : i + 4] for i in range(0, CODE_DIGITS, 4)])


def parse_code(code: str) -> Code | None:
    """A code as typed (any case, dashes or spaces anywhere); None when it is not one."""
    m = re.fullmatch(r"\s*(\d{1,9})(?:\.(\d{1,4}))?\s*-?\s*([0-9A-Fa-f][0-9A-Fa-f\s-]*)", code)
    if not m:
        return None
    digits = re.sub(r"[\s-]", "", m[3]).lower()
    return Code(int(m[1]), int(m[2] or 0), digits) if len(digits) == CODE_DIGITS else None

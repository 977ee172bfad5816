"""Text as typed into a form, checked one way everywhere (DESIGN.md: bad input gets a
clear message beside the field, and nothing half-written is stored)."""

from __future__ import annotations

import unicodedata

from deskapp.i18n import _


def clean(text: str, field: str, limit: int, errors: dict[str, str], required: str | None = None, *,
          one_line: bool = False) -> str:
    """`text` normalised (full-width folded, ends stripped; `one_line`: inner runs of
    space collapsed); a problem is added to `errors[field]`: missing when `required`
    (its message), longer than `limit`, or holding control characters."""
    text = unicodedata.normalize("NFKC", text or "")
    text = " ".join(text.split()) if one_line else text.strip()
    if not text and required:
        errors[field] = required
    elif len(text) > limit:
        errors[field] = _("At most {n} characters here.").format(n=limit)
    elif any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in text):
        errors[field] = _("Control characters are not allowed here.")
    return text

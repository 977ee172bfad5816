"""Text as typed into a form, checked one way everywhere (docs/trust.md: bad input
gets a clear message beside the field, nothing half-written is stored, and no
text can disguise itself)."""

from __future__ import annotations

import unicodedata

from deskapp.i18n import _

LINE_BREAKS = "\u2028\u2029"  # Unicode's line and paragraph separators: a plain newline here


def is_hidden(ch: str) -> bool:
    """A character that shows nothing of itself but changes what is around it:
    control characters (but newline and tab), format characters (bidirectional
    overrides and isolates U+202A-U+202E, U+2066-U+2069, marks U+200E U+200F,
    zero-width U+200B-U+200D, U+2060, U+FEFF, soft hyphen...) and the line and
    paragraph separators."""
    category = unicodedata.category(ch)
    return (category == "Cc" and ch not in "\n\t") or category in ("Cf", "Zl", "Zp")


def searched(text: str | None) -> str:
    """A text typed into a search: hidden characters out (the clerk cannot see them, so
    cannot mean them) and the spaces around it."""
    return "".join(ch for ch in text or "" if not is_hidden(ch)).strip()


def hidden_in(text: str) -> list[str]:
    """The hidden characters of `text`, as U+XXXX codes, each once."""
    return list(dict.fromkeys(f"U+{ord(ch):04X}" for ch in text if is_hidden(ch)))


def visible(value: object) -> str:
    """`value` as text whose every character shows: hidden ones become <U+XXXX>
    (screens and sheets show stored text this way, docs/trust.md)."""
    text = str(value)
    if not any(is_hidden(ch) for ch in text):
        return text
    return "".join(f"<U+{ord(ch):04X}>" if is_hidden(ch) else ch for ch in text)


def clean(
    text: str,
    field: str,
    limit: int,
    errors: dict[str, str],
    required: str | None = None,
    *,
    one_line: bool = False,
    name: bool = False,
) -> str:
    """`text` normalised (full-width folded, ends stripped; `one_line`: inner runs of
    space collapsed); a problem is added to `errors[field]`: missing when `required`
    (its message), longer than `limit`, or holding control characters.

    Format characters (docs/trust.md, "Hidden characters"): refused in a `name`
    (a person's or a thing's name, a phone, a code), where what is shown must be
    exactly what is stored; taken out of free text, where they only disguise it.
    """
    text = unicodedata.normalize("NFKC", text or "")
    if not name:
        text = "".join("\n" if ch in LINE_BREAKS else ch for ch in text if unicodedata.category(ch) != "Cf")
    text = " ".join(text.split()) if one_line else text.strip()
    if not text and required:
        errors[field] = required
    elif len(text) > limit:
        errors[field] = _("At most {n} characters here.").format(n=limit)
    elif any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in text):
        errors[field] = _("Control characters are not allowed here.")
    elif codes := hidden_in(text):
        errors[field] = _(
            "Invisible or direction-changing characters ({codes}) are not allowed here: "
            "type the text again without them."
        ).format(codes=", ".join(codes))
    return text

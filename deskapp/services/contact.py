"""A borrower's phone and ID number: checked and normalised. How they are masked
where they are shown is services/privacy.py."""

from __future__ import annotations

import re
import unicodedata

from deskapp.i18n import _

MOBILE = re.compile(r"1[3-9]\d{9}")  # mainland mobile numbers
LANDLINE = re.compile(r"0\d{9,11}")  # area code and number, e.g. 02112345678
ID_NUMBER = re.compile(r"[0-9A-Z]{6,30}")
PHONE_MAX = 24  # as typed: +86, spaces and dashes allowed
ID_MAX = 40


def normalize_phone(text: str) -> str:
    """Digits only: full-width digits, spaces, dashes, brackets and +86 removed."""
    digits = re.sub(r"[\s\-()（）]", "", unicodedata.normalize("NFKC", text or ""))
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    return digits


def phone_problem(phone: str) -> str | None:
    """Why a normalised phone number is not one we can call back, or None."""
    if not phone:
        return _("Type the borrower's phone number.")
    if MOBILE.fullmatch(phone) or LANDLINE.fullmatch(phone):
        return None
    return _(
        "{phone} is not a phone number: a mobile has 11 digits starting with 1, "
        "a landline starts with its area code."
    ).format(phone=phone)


def normalize_id(text: str) -> str:
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text or "")).upper()


def id_problem(id_number: str) -> str | None:
    if id_number and not ID_NUMBER.fullmatch(id_number):
        return _("An ID number has 6 to 30 letters and digits.")
    return None

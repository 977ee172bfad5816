"""PINs: checked for form, stored only as a salted scrypt hash."""

from __future__ import annotations

import os

from deskapp.i18n import _
from deskapp.policy_types import SecuritySettings

# Cost of the hash: about 50 ms on this class of PC, 16 MiB of memory. Stored
# with each hash, so raising it later does not break existing PINs.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
_MAXMEM = 64 * 1024 * 1024


def hash_pin(pin: str) -> str:
    import hashlib

    salt = os.urandom(16)
    digest = hashlib.scrypt(
        pin.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, maxmem=_MAXMEM, dklen=32
    )
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    import hashlib
    import hmac

    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        actual = hashlib.scrypt(
            pin.encode(),
            salt=bytes.fromhex(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=_MAXMEM,
            dklen=len(digest) // 2,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual.hex(), digest)


def min_length(security: SecuritySettings, role: str) -> int:
    """The fewest digits of a new PIN for this role."""
    lo = security.pin_min_length
    if role in ("lead", "admin"):
        lo = max(lo, min(security.lead_pin_min_length, security.pin_max_length))
    return lo


def pin_problem(pin: str, security: SecuritySettings, role: str = "staff") -> str | None:
    """Why a new PIN is not acceptable, or None. Leads and administrators may be
    asked for longer ones (security.lead_pin_min_length; docs/trust.md "Sign-in")."""
    lo, hi = min_length(security, role), security.pin_max_length
    if not pin:
        return _("Type a PIN.")
    if not (pin.isascii() and pin.isdigit()):
        return _("A PIN is digits only.")
    if not lo <= len(pin) <= hi:
        if lo == hi:
            return _("A PIN has exactly {n} digits.").format(n=lo)
        return _("A PIN has {lo} to {hi} digits.").format(lo=lo, hi=hi)
    return None

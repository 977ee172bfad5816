"""The desk's policy: the shipped defaults in data/policy.toml, a desk's own
overrides in policy.toml in the user config dir. Loaded and checked at start.

The numbers live in the TOML files; this module only knows each key's type
and what is allowed, so a wrong value is refused with the file, key and rule.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from deskapp.errors import DeskError
from deskapp.i18n import _
from deskapp.paths import data_file
from deskapp.policy_rules import Bool, Choice, Dates, Int, Rule, Steps, Text, TimeOfDay, TimeZone, Weekdays


class PolicyError(DeskError):
    pass


MONEY = Int(0, 10_000_000)  # fen: up to 100,000 CNY

# How the desk reaches its printer (docs/printing.md): none saves slips as text,
# command pipes their text to slips.print_command, the rest speak ESC/POS.
CONNECTIONS = ("none", "command", "usb", "serial", "network", "cups", "file")
# The settings each ESC/POS connection cannot do without.
PRINTER_NEEDS = {
    "usb": ("usb_vendor", "usb_product"),
    "serial": ("serial_device",),
    "network": ("host",),
    "file": ("file",),
}

# Every key of policy.toml and what it may hold, by [section]. The values
# themselves are only in the TOML files.
SPEC: dict[str, dict[str, Rule]] = {
    "desk": {
        "name": Text(40),
        "language": Choice("auto", "zh_CN", "en"),
        "timezone": TimeZone(),
        "largest_amount_fen": MONEY,
    },
    "security": {
        "pin_min_length": Int(4, 12),
        "pin_max_length": Int(4, 12),
        "pin_max_attempts": Int(1, 20),
        "pin_lockout_minutes": Steps(1, 1440),
        "lead_pin_min_length": Int(4, 12),
        "idle_lock_minutes": Int(0, 480),
    },
    "backup": {
        "keep_daily": Int(1, 365),
    },
    "lending": {
        "closing_time": TimeOfDay(),
    },
    "complaints": {
        "resolve_days": Int(1, 90),
        "callback_working_days": Int(1, 30),
        "escalate_after_months": Int(1, 24),
        "warn_days": Int(0, 30),
    },
    "kit": {
        "expiry_warn_days": Int(0, 365),
    },
    "handover": {
        "lead_signs": Choice("always", "on_difference"),
        "lead_may_be_incoming": Bool(),
        "blind_count": Bool(),
    },
    "calendar": {
        "weekend": Weekdays(),
        "holidays": Dates(),
        "workdays": Dates(),
        "warn_days": Int(0, 365),
    },
    "privacy": {
        "mask": Bool(),
    },
    "slips": {
        "width": Choice(32, 48),
        "print_command": Text(200, allow_empty=True),
        "encoding": Choice("utf-8", "gb18030", "gbk"),
    },
    "printer": {
        "connection": Choice(*CONNECTIONS),
        "usb_vendor": Int(0, 0xFFFF),
        "usb_product": Int(0, 0xFFFF),
        "serial_device": Text(200, allow_empty=True),
        "serial_baud": Choice(9600, 19200, 38400, 57600, 115200),
        "host": Text(200, allow_empty=True),
        "port": Int(1, 65535),
        "cups_queue": Text(100, allow_empty=True),
        "file": Text(200, allow_empty=True),
        "codes": Choice("code128", "qr", "both", "none"),
        "cut": Bool(),
        "ask_status": Bool(),
        "label_sheet": Choice("pdf", "svg"),
    },
}

# Each lendable kind is a table [kinds.NAME] (docs/lending.md); a desk may
# change any key of a shipped kind or add a kind of its own with every key.
KIND_NAME = r"[a-z][a-z0-9_]{0,19}"
KIND_SPEC: dict[str, Rule] = {
    "label_zh": Text(20),
    "label_en": Text(20),
    "deposit_fen": MONEY,
    "limit_per_phone": Int(0, 99),  # 0: no limit
    "term_days": Int(0, 365),
    "overdue_fee_per_day_fen": MONEY,
    "fee_capped_at_deposit": Bool(),
    "dirty_charge_fen": MONEY,
    "damaged_charge_fen": MONEY,
    "lost_charge_fen": MONEY,
    "min_stock": Int(0, 9999),
}


# Shifts (docs/handover.md) and the paid services that feed the cash count
# (section 5) are tables too: [shifts.NAME], [services.NAME].
SHIFT_SPEC: dict[str, Rule] = {
    "label_zh": Text(20),
    "label_en": Text(20),
    "start": TimeOfDay(),
    "end": TimeOfDay(),
}
SERVICE_SPEC: dict[str, Rule] = {
    "label_zh": Text(20),
    "label_en": Text(30),
    "unit_zh": Text(10),
    "unit_en": Text(10),
    "price_fen": MONEY,
}
TABLES: dict[str, dict[str, Rule]] = {"kinds": KIND_SPEC, "shifts": SHIFT_SPEC, "services": SERVICE_SPEC}


class Section:
    """Read-only values of one [section]: policy.security.pin_max_attempts."""

    __slots__ = ("_name", "_values")

    def __init__(self, name: str, values: dict[str, Any]) -> None:
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_values", values)

    def __getattr__(self, key: str) -> Any:
        try:
            return self._values[key]
        except KeyError:
            raise AttributeError(f"policy [{self._name}] has no {key}") from None

    def __setattr__(self, key: str, value: Any) -> None:
        raise AttributeError("the policy is read-only")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Section) and other._values == self._values

    def __repr__(self) -> str:
        return f"[{self._name}] {self._values}"


class Policy(Section):
    """All sections: policy.desk, policy.security, ...; policy.kinds[name] for each lendable
    kind, policy.shifts[name] and policy.services[name] likewise."""


SecurityPolicy = Section  # what services take for the [security] section


# -- loading -----------------------------------------------------------------


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise PolicyError(_("Policy file {file} is missing.").format(file=path)) from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PolicyError(
            _("Policy file {file} cannot be read: {reason}").format(file=path, reason=exc)
        ) from None


def _unknown(path: Path, key: str) -> PolicyError:
    return PolicyError(_("Policy file {file}: unknown setting {key}.").format(file=path, key=key))


def _merge(values: dict[str, tuple[Any, Path]], doc: dict[str, Any], path: Path) -> None:
    """Copy doc's keys into values as 'section.key' (or 'kinds.NAME.key') -> (value, file),
    refusing unknown keys."""
    import re

    for section, table in doc.items():
        if (section not in SPEC and section not in TABLES) or not isinstance(table, dict):
            raise PolicyError(
                _("Policy file {file}: unknown section [{key}].").format(file=path, key=section)
            )
        if section in TABLES:
            for kind, rules in table.items():
                if not re.fullmatch(KIND_NAME, kind) or not isinstance(rules, dict):
                    raise PolicyError(
                        _(
                            "Policy file {file}: [{section}.{kind}] is not a valid name; "
                            "use lower-case letters, digits and _."
                        ).format(file=path, section=section, kind=kind)
                    )
                for key, value in rules.items():
                    if key not in TABLES[section]:
                        raise _unknown(path, f"{section}.{kind}.{key}")
                    values[f"{section}.{kind}.{key}"] = (value, path)
            continue
        for key, value in table.items():
            if key not in SPEC[section]:
                raise _unknown(path, f"{section}.{key}")
            values[f"{section}.{key}"] = (value, path)


def _checked(
    values: dict[str, tuple[Any, Path]], prefix: str, rules: dict[str, Rule], defaults: Path
) -> Section:
    checked = {}
    for name, check in rules.items():
        key = f"{prefix}.{name}"
        if key not in values:
            # A kind a desk adds names its own file; a shipped key missing, the defaults.
            source = next((p for k, (_v, p) in values.items() if k.startswith(prefix + ".")), defaults)
            raise PolicyError(_("Policy file {file}: {key} is missing.").format(file=source, key=key))
        value, source = values[key]
        if not check.allows(value):
            raise PolicyError(
                _("Policy file {file}: {key} = {value!r} is not allowed; use {allowed}.").format(
                    file=source, key=key, value=value, allowed=check.describe()
                )
            )
        checked[name] = value
    return Section(prefix, checked)


def language_setting(override: Path | None = None) -> str | None:
    """desk.language before the policy is loaded, for --help and the policy's own errors:
    the desk's file's, else the shipped one's; None when neither says (a wrong file is
    reported by load)."""
    if override is not None and override.exists():
        value = _language_in(override)
        if value is not None:
            return value
    return _shipped_language()


@lru_cache(maxsize=1)
def _shipped_language() -> str | None:
    return _language_in(data_file("policy.toml"))


def _language_in(path: Path) -> str | None:
    try:
        value = _read(path).get("desk", {}).get("language")
    except (PolicyError, AttributeError):
        return None
    return value if isinstance(value, str) else None


def load(override: Path | None = None, defaults: Path | None = None) -> Policy:
    """The shipped defaults, overlaid with the desk's file when it exists."""
    defaults = defaults or data_file("policy.toml")
    values: dict[str, tuple[Any, Path]] = {}
    _merge(values, _read(defaults), defaults)
    if override is not None and override.exists():
        _merge(values, _read(override), override)

    _printer_by_command(values, defaults)
    built: dict[str, Any] = {
        section: _checked(values, section, rules, defaults) for section, rules in SPEC.items()
    }
    for table, rules in TABLES.items():
        names = dict.fromkeys(k.split(".")[1] for k in values if k.startswith(table + "."))
        built[table] = MappingProxyType(
            {name: _checked(values, f"{table}.{name}", rules, defaults) for name in names}
        )
    if not built["kinds"]:
        raise PolicyError(_("Policy file {file}: no [kinds.…] of lendable items.").format(file=defaults))
    if not built["shifts"]:
        raise PolicyError(_("Policy file {file}: no [shifts.…] of the desk's shifts.").format(file=defaults))
    policy = Policy("policy", built)
    _check_printer(policy, values)

    sec = policy.security
    if sec.pin_min_length > sec.pin_max_length:
        raise PolicyError(
            _("Policy file {file}: {key} = {value!r} is not allowed; use {allowed}.").format(
                file=values["security.pin_min_length"][1],
                key="security.pin_min_length",
                value=sec.pin_min_length,
                allowed=_("a number no larger than security.pin_max_length ({n})").format(
                    n=sec.pin_max_length
                ),
            )
        )
    return policy


def _printer_by_command(values: dict[str, tuple[Any, Path]], defaults: Path) -> None:
    """A desk whose file set slips.print_command before [printer] existed keeps printing
    through it (docs/printing.md, "Connections")."""
    command = values.get("slips.print_command", ("", defaults))[0]
    connection = values.get("printer.connection")
    if isinstance(command, str) and command.strip() and connection and connection[1] == defaults:
        values["printer.connection"] = ("command", values["slips.print_command"][1])


def _check_printer(policy: Policy, values: dict[str, tuple[Any, Path]]) -> None:
    printer = policy.printer
    if printer.connection == "command":
        needed = {"slips.print_command": policy.slips.print_command.strip()}
    else:
        needs = PRINTER_NEEDS.get(printer.connection, ())
        needed = {f"printer.{key}": getattr(printer, key) for key in needs}
    for key, value in needed.items():
        if not (value.strip() if isinstance(value, str) else value):
            raise PolicyError(
                _("Policy file {file}: printer.connection = {value!r} needs {key}.").format(
                    file=values["printer.connection"][1], value=printer.connection, key=key
                )
            )

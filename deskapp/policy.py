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
from typing import Any, TypeVar

from deskapp.errors import DeskError
from deskapp.i18n import _
from deskapp.paths import data_file
from deskapp.policy_rules import Rule, Steps
from deskapp.policy_types import SECTIONS, TABLES, Policy, rules_of


class PolicyError(DeskError):
    pass


T = TypeVar("T")


# The settings each ESC/POS connection cannot do without.
PRINTER_NEEDS = {
    "usb": ("usb_vendor", "usb_product"),
    "serial": ("serial_device",),
    "network": ("host",),
    "file": ("file",),
}

# A lendable kind, shift or service is a table [kinds.NAME] (docs/lending.md); a desk may
# change any key of a shipped one or add one of its own with every key.
KIND_NAME = r"[a-z][a-z0-9_]{0,19}"


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
        if (section not in SECTIONS and section not in TABLES) or not isinstance(table, dict):
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
                    if key not in rules_of(TABLES[section]):
                        raise _unknown(path, f"{section}.{kind}.{key}")
                    values[f"{section}.{kind}.{key}"] = (value, path)
            continue
        for key, value in table.items():
            if key not in rules_of(SECTIONS[section]):
                raise _unknown(path, f"{section}.{key}")
            values[f"{section}.{key}"] = (value, path)


def _checked(values: dict[str, tuple[Any, Path]], prefix: str, table: type[T], defaults: Path) -> T:
    """The table's values, each checked against its rule, as the table's dataclass."""
    checked: dict[str, Any] = {}
    for name, check in rules_of(table).items():
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
        checked[name] = _frozen(value, check)
    return table(**checked)


def _frozen(value: Any, check: Rule) -> Any:
    """Lists become tuples (the policy is read-only); a single lock-out step, a 1-tuple."""
    if isinstance(check, Steps) and not isinstance(value, list):
        return (value,)
    return tuple(value) if isinstance(value, list) else value


def _entries(values: dict[str, tuple[Any, Path]], table: str) -> list[str]:
    """The NAMEs of [table.NAME] in the files, in the order they first appear."""
    return list(dict.fromkeys(k.split(".")[1] for k in values if k.startswith(table + ".")))


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
    sections: dict[str, Any] = {
        name: _checked(values, name, table, defaults) for name, table in SECTIONS.items()
    }
    tables: dict[str, Any] = {
        name: MappingProxyType(
            {entry: _checked(values, f"{name}.{entry}", table, defaults) for entry in _entries(values, name)}
        )
        for name, table in TABLES.items()
    }
    if not tables["kinds"]:
        raise PolicyError(_("Policy file {file}: no [kinds.…] of lendable items.").format(file=defaults))
    if not tables["shifts"]:
        raise PolicyError(_("Policy file {file}: no [shifts.…] of the desk's shifts.").format(file=defaults))
    policy = Policy(**sections, **tables)
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

"""The desk's policy: DOMAIN.md's defaults in data/policy.toml, a desk's own
overrides in policy.toml in the user config dir. Loaded and checked at start.

The numbers live in the TOML files; this module only knows each key's type
and what is allowed, so a wrong value is refused with the file, key and rule.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from deskapp.errors import DeskError
from deskapp.i18n import _
from deskapp.paths import data_file


class PolicyError(DeskError):
    pass


# -- rules ------------------------------------------------------------------

class Int:
    __slots__ = ("min", "max")

    def __init__(self, lo: int, hi: int) -> None:
        self.min, self.max = lo, hi

    def allows(self, value: Any) -> bool:
        return type(value) is int and self.min <= value <= self.max

    def describe(self) -> str:
        return _("a whole number from {min} to {max}").format(min=self.min, max=self.max)


class Text:
    __slots__ = ("max_len",)

    def __init__(self, max_len: int) -> None:
        self.max_len = max_len

    def allows(self, value: Any) -> bool:
        return isinstance(value, str) and 0 < len(value.strip()) <= self.max_len

    def describe(self) -> str:
        return _("text of 1 to {n} characters").format(n=self.max_len)


class Choice:
    __slots__ = ("options",)

    def __init__(self, *options: str) -> None:
        self.options = options

    def allows(self, value: Any) -> bool:
        return value in self.options

    def describe(self) -> str:
        return _("one of: {options}").format(options=", ".join(self.options))


class TimeZone:
    def allows(self, value: Any) -> bool:
        from zoneinfo import ZoneInfo

        try:
            ZoneInfo(value)
        except (ValueError, TypeError, KeyError, OSError):
            return False
        return True

    def describe(self) -> str:
        return _("a time zone name such as Asia/Shanghai")


Rule = Int | Text | Choice | TimeZone

# Every key of policy.toml and what it may hold, by [section]. The values
# themselves are only in the TOML files.
SPEC: dict[str, dict[str, Rule]] = {
    "desk": {
        "name": Text(40),
        "language": Choice("auto", "zh_CN", "en"),
        "timezone": TimeZone(),
    },
    "security": {
        "pin_min_length": Int(4, 12),
        "pin_max_length": Int(4, 12),
        "pin_max_attempts": Int(1, 20),
        "pin_lockout_minutes": Int(1, 1440),
        "idle_lock_minutes": Int(0, 480),
    },
    "backup": {
        "keep_daily": Int(1, 365),
    },
}


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
    """All sections: policy.desk, policy.security, ..."""


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


def _merge(values: dict[str, tuple[Any, Path]], doc: dict[str, Any], path: Path) -> None:
    """Copy doc's keys into values as 'section.key' -> (value, file), refusing unknown keys."""
    for section, table in doc.items():
        if section not in SPEC or not isinstance(table, dict):
            raise PolicyError(
                _("Policy file {file}: unknown section [{key}].").format(file=path, key=section)
            )
        for key, value in table.items():
            if key not in SPEC[section]:
                raise PolicyError(
                    _("Policy file {file}: unknown setting {key}.").format(
                        file=path, key=f"{section}.{key}"
                    )
                )
            values[f"{section}.{key}"] = (value, path)


def load(override: Path | None = None, defaults: Path | None = None) -> Policy:
    """The shipped defaults, overlaid with the desk's file when it exists."""
    defaults = defaults or data_file("policy.toml")
    values: dict[str, tuple[Any, Path]] = {}
    _merge(values, _read(defaults), defaults)
    if override is not None and override.exists():
        _merge(values, _read(override), override)

    built = {}
    for section, rules in SPEC.items():
        checked = {}
        for name, check in rules.items():
            key = f"{section}.{name}"
            if key not in values:
                raise PolicyError(
                    _("Policy file {file}: {key} is missing.").format(file=defaults, key=key)
                )
            value, source = values[key]
            if not check.allows(value):
                raise PolicyError(
                    _("Policy file {file}: {key} = {value!r} is not allowed; use {allowed}.").format(
                        file=source, key=key, value=value, allowed=check.describe()
                    )
                )
            checked[name] = value
        built[section] = Section(section, checked)
    policy = Policy("policy", built)

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

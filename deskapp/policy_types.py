"""What each table of policy.toml holds, as typed frozen dataclasses: the type checker
sees every use, and a misspelt key is an error where it is written.

Each field carries the rule its value must meet (deskapp/policy_rules.py); the values
themselves are only in the TOML files (data/policy.toml and the desk's own file).
deskapp/policy.py reads and checks the files and builds these."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from deskapp.policy_rules import Bool, Choice, Dates, Int, Rule, Steps, Text, TimeOfDay, TimeZone, Weekdays

MONEY = Int(0, 10_000_000)  # fen: up to 100,000 CNY

# How the desk reaches its printer (docs/printing.md): none saves slips as text,
# command pipes their text to slips.print_command, the rest speak ESC/POS.
CONNECTIONS = ("none", "command", "usb", "serial", "network", "cups", "file")


def setting(rule: Rule) -> Any:
    """A field whose value must meet `rule` when the policy is loaded."""
    return field(metadata={"rule": rule})


def rules_of(table: type) -> dict[str, Rule]:
    """Each key of a table and the rule its value must meet, in the file's order."""
    return {f.name: f.metadata["rule"] for f in fields(table)}


@dataclass(frozen=True)
class DeskSettings:
    name: str = setting(Text(40))
    language: str = setting(Choice("auto", "zh_CN", "en"))
    timezone: str = setting(TimeZone())
    largest_amount_fen: int = setting(MONEY)


@dataclass(frozen=True)
class SecuritySettings:
    pin_min_length: int = setting(Int(4, 12))
    pin_max_length: int = setting(Int(4, 12))
    pin_max_attempts: int = setting(Int(1, 20))
    pin_lockout_minutes: tuple[int, ...] = setting(Steps(1, 1440))  # one number in the file: a 1-tuple
    lead_pin_min_length: int = setting(Int(4, 12))
    idle_lock_minutes: int = setting(Int(0, 480))


@dataclass(frozen=True)
class BackupSettings:
    keep_daily: int = setting(Int(1, 365))


@dataclass(frozen=True)
class LendingSettings:
    closing_time: str = setting(TimeOfDay())  # "HH:MM", the desk's time


@dataclass(frozen=True)
class ComplaintSettings:
    resolve_days: int = setting(Int(1, 90))
    callback_working_days: int = setting(Int(1, 30))
    escalate_after_months: int = setting(Int(1, 24))
    warn_days: int = setting(Int(0, 30))


@dataclass(frozen=True)
class KitSettings:
    expiry_warn_days: int = setting(Int(0, 365))


@dataclass(frozen=True)
class HandoverSettings:
    lead_signs: str = setting(Choice("always", "on_difference"))
    lead_may_be_incoming: bool = setting(Bool())
    blind_count: bool = setting(Bool())


@dataclass(frozen=True)
class CalendarSettings:
    weekend: tuple[int, ...] = setting(Weekdays())  # ISO weekdays, 1 = Monday
    holidays: tuple[str, ...] = setting(Dates())  # "YYYY-MM-DD"
    workdays: tuple[str, ...] = setting(Dates())
    warn_days: int = setting(Int(0, 365))


@dataclass(frozen=True)
class PrivacySettings:
    mask: bool = setting(Bool())


@dataclass(frozen=True)
class SlipSettings:
    width: int = setting(Choice(32, 48))
    print_command: str = setting(Text(200, allow_empty=True))
    encoding: str = setting(Choice("utf-8", "gb18030", "gbk"))


@dataclass(frozen=True)
class PrinterSettings:
    connection: str = setting(Choice(*CONNECTIONS))
    usb_vendor: int = setting(Int(0, 0xFFFF))
    usb_product: int = setting(Int(0, 0xFFFF))
    serial_device: str = setting(Text(200, allow_empty=True))
    serial_baud: int = setting(Choice(9600, 19200, 38400, 57600, 115200))
    host: str = setting(Text(200, allow_empty=True))
    port: int = setting(Int(1, 65535))
    cups_queue: str = setting(Text(100, allow_empty=True))
    file: str = setting(Text(200, allow_empty=True))
    codes: str = setting(Choice("code128", "qr", "both", "none"))
    cut: bool = setting(Bool())
    ask_status: bool = setting(Bool())
    label_sheet: str = setting(Choice("pdf", "svg"))


@dataclass(frozen=True)
class KindSettings:
    """One lendable kind, a table [kinds.NAME] (docs/lending.md)."""

    label_zh: str = setting(Text(20))
    label_en: str = setting(Text(20))
    deposit_fen: int = setting(MONEY)
    limit_per_phone: int = setting(Int(0, 99))  # 0: no limit
    term_days: int = setting(Int(0, 365))
    overdue_fee_per_day_fen: int = setting(MONEY)
    fee_capped_at_deposit: bool = setting(Bool())
    dirty_charge_fen: int = setting(MONEY)
    damaged_charge_fen: int = setting(MONEY)
    lost_charge_fen: int = setting(MONEY)
    min_stock: int = setting(Int(0, 9999))


@dataclass(frozen=True)
class ShiftSettings:
    """One of the desk's shifts, a table [shifts.NAME] (docs/handover.md)."""

    label_zh: str = setting(Text(20))
    label_en: str = setting(Text(20))
    start: str = setting(TimeOfDay())
    end: str = setting(TimeOfDay())


@dataclass(frozen=True)
class ServiceSettings:
    """A paid service whose takings join the cash count, a table [services.NAME]."""

    label_zh: str = setting(Text(20))
    label_en: str = setting(Text(30))
    unit_zh: str = setting(Text(10))
    unit_en: str = setting(Text(10))
    price_fen: int = setting(MONEY)


@dataclass(frozen=True)
class Policy:
    """The whole policy: policy.desk, policy.security, …; policy.kinds[name] for each
    lendable kind, policy.shifts[name] and policy.services[name] likewise."""

    desk: DeskSettings
    security: SecuritySettings
    backup: BackupSettings
    lending: LendingSettings
    complaints: ComplaintSettings
    kit: KitSettings
    handover: HandoverSettings
    calendar: CalendarSettings
    privacy: PrivacySettings
    slips: SlipSettings
    printer: PrinterSettings
    kinds: Mapping[str, KindSettings]
    shifts: Mapping[str, ShiftSettings]
    services: Mapping[str, ServiceSettings]


# The [section]s with one set of keys, and the tables of named entries ([kinds.NAME] …),
# each with the dataclass it becomes: the policy file's whole vocabulary.
SECTIONS: dict[str, type] = {
    "desk": DeskSettings,
    "security": SecuritySettings,
    "backup": BackupSettings,
    "lending": LendingSettings,
    "complaints": ComplaintSettings,
    "kit": KitSettings,
    "handover": HandoverSettings,
    "calendar": CalendarSettings,
    "privacy": PrivacySettings,
    "slips": SlipSettings,
    "printer": PrinterSettings,
}
TABLES: dict[str, type] = {"kinds": KindSettings, "shifts": ShiftSettings, "services": ServiceSettings}

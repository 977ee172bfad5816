"""The sheets head office asks for (csv or xlsx): loans and complaints over a
span of desk dates. One place builds them, for `deskapp export` and for F7."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from deskapp import export
from deskapp.clock import DeskTime
from deskapp.i18n import _
from deskapp.policy import Policy

KINDS = ("loans", "complaints", "medicine", "restock", "handovers")
LOAN_MONEY = {"deposit", "fee", "charge", "refund", "owed"}


@dataclass(frozen=True)
class Written:
    path: Path
    rows: int


def _cell(clock: DeskTime, value: object, money: bool = False) -> object:
    """Money in yuan (two places), times on the desk's clock."""
    if value is None:
        return None
    if money:
        return Decimal(value).scaleb(-2)
    if hasattr(value, "astimezone"):
        return clock.show(value)
    return value


def _loans(policy: Policy, clock: DeskTime, start: date | None, end: date | None) -> Iterator[list]:
    from deskapp.services import lending, loans
    from deskapp.services.stock import label

    lending.close_kept(policy, clock)  # the sheet shows kept umbrellas as kept
    for row in loans.export_rows(clock, start, end):
        row[2] = label(policy, row[2])
        row[9] = _(loans.STATE_LABELS.get(row[9], row[9]))
        row[12] = _(lending.CONDITION_LABELS[row[12]]) if row[12] else ""
        yield [_cell(clock, v, c in LOAN_MONEY) for v, c in zip(row, loans.EXPORT_COLUMNS, strict=True)]


def _complaints(policy: Policy, clock: DeskTime, start: date | None, end: date | None) -> Iterator[list]:
    from deskapp.services import calendar, complaint_reports, complaints

    complaints.escalate_overdue(policy, clock)
    complaints.recount_callbacks(policy, clock)
    for row in complaint_reports.export_rows(clock, start, end):
        due = row[complaint_reports.CALLBACK_BY]
        unconfirmed = due is not None and not calendar.confirmed(due, policy.calendar)
        yield [_cell(clock, v) for v in row] + [_("not confirmed") if unconfirmed else ""]


def default_name(kind: str, fmt: str, today: date, start: date | None, end: date | None) -> str:
    span = "-".join(d.strftime("%Y%m%d") for d in (start, end) if d) or today.strftime("%Y%m%d")
    return f"{kind}-{span}.{fmt}"


def write(kind: str, fmt: str, path: Path, policy: Policy, clock: DeskTime, start: date | None = None,
          end: date | None = None) -> Written:
    """Write the `kind` sheet for `start`..`end` (desk dates, both included) to `path`."""
    from deskapp.services import audit, complaint_reports, handover, kit, loans

    if kind == "loans":
        columns, rows, title = loans.EXPORT_COLUMNS, _loans(policy, clock, start, end), _("Loans")
    elif kind == "complaints":
        columns, rows = complaint_reports.EXPORT_COLUMNS, _complaints(policy, clock, start, end)
        title = _("Complaints")
    elif kind == "medicine":  # 《用药登记表》
        columns, title = kit.USE_COLUMNS, _("Medicine register")
        rows = ([_cell(clock, v) for v in row] for row in kit.use_rows(clock, start, end))
    elif kind == "restock":  # 药品申购: as things stand now, whatever the dates
        kit.prepare(audit.SYSTEM, clock.now())
        columns, rows, title = kit.RESTOCK_COLUMNS, kit.restock_rows(policy, clock), _("Restock request")
    elif kind == "handovers":  # 《客服中心交接班记录薄》
        columns, title = handover.EXPORT_COLUMNS, _("Handovers")
        rows = ([_cell(clock, v) for v in row] for row in handover.export_rows(policy, clock, start, end))
    else:
        raise ValueError(kind)
    count = export.write(path, fmt, [_(c) for c in columns], rows, title=title)
    return Written(path, count)


def week_range(text: str) -> tuple[date, date]:
    """'2026-W48' (ISO week) -> its Monday and Sunday; ValueError when it is not one."""
    import re

    m = re.fullmatch(r"(\d{4})-?W(\d{1,2})", text.strip().upper())
    if not m:
        raise ValueError(text)
    monday = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    return monday, monday + timedelta(days=6)

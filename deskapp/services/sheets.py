"""The sheets head office asks for (csv or xlsx): loans, complaints, the month's
complaint analysis, the medicine register, the restock request and handovers,
over a span of desk dates. One place builds them, for `deskapp export` and for F7.

Rows are typed here, by column, so head office can sum and filter them
(deskapp/export.py renders each type per format): money as Decimal yuan,
stored moments as naive datetimes on the desk's clock, desk dates as dates,
rates as export.Rate.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from deskapp import export, i18n
from deskapp.clock import DeskTime
from deskapp.errors import DeskError
from deskapp.i18n import N_, _
from deskapp.policy import Policy
from deskapp.rules.analysis import Analysis
from deskapp.services import audit, transaction

KINDS = ("loans", "complaints", "complaint-analysis", "medicine", "restock", "handovers")
TITLES = {
    "loans": N_("Loans"),
    "complaints": N_("Complaints"),
    "complaint-analysis": N_("Complaint analysis"),
    "medicine": N_("Medicine register"),  # 《用药登记表》
    "restock": N_("Restock request"),  # 药品申购
    "handovers": N_("Handovers"),  # 《客服中心交接班记录薄》
}
NEEDS_SPAN = ("complaint-analysis",)  # a month's figures, or a week's: never "everything"
UNDATED = ("restock",)  # as things stand now, whatever the dates

# Columns (by their English header) that hold money, in fen.
LOAN_MONEY = {"deposit", "fee", "charge", "refund", "owed"}
HANDOVER_MONEY = {"cash expected", "cash counted", "difference"}

ANALYSIS_COLUMNS = (N_("figure"), N_("count"), N_("rate"))


@dataclass(frozen=True)
class Written:
    path: Path
    rows: int


# -- typed cells ----------------------------------------------------------------------------------


def _moment(clock: DeskTime, value: object) -> object:
    """A stored (aware) moment as a naive datetime on the desk's clock, to the minute as the
    sheet shows it (so a filter on 10:49 finds it); a desk date stays a date."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return clock.local(value).replace(tzinfo=None, second=0, microsecond=0)
    return value


def _money(value: int | str | None) -> Decimal | None:
    """Fen -> Decimal yuan."""
    return None if value is None or value == "" else Decimal(int(value)).scaleb(-2)


def typed(
    clock: DeskTime, columns: tuple[str, ...], rows: Iterable[list], money: Collection[str] = ()
) -> Iterator[list]:
    """Rows with money (fen, in the `money` columns) as Decimal yuan and stored moments
    on the desk's clock."""
    is_money = [c in money for c in columns]
    for row in rows:
        yield [_money(v) if m else _moment(clock, v) for v, m in zip(row, is_money, strict=True)]


# -- the kinds ------------------------------------------------------------------------------------


def _loans(
    policy: Policy, clock: DeskTime, start: date | None, end: date | None, mask: bool
) -> Iterator[list]:
    from deskapp.services import loan_lists, returns, settlement
    from deskapp.services.stock import label

    returns.close_kept(policy, clock)  # the sheet shows kept umbrellas as kept
    for row in loan_lists.export_rows(clock, start, end, mask=mask):
        row[2] = label(policy, row[2])
        row[9] = _(loan_lists.STATE_LABELS.get(row[9], row[9]))
        row[12] = _(settlement.CONDITION_LABELS[row[12]]) if row[12] else ""
        yield row


def _complaints(
    policy: Policy, clock: DeskTime, start: date | None, end: date | None, mask: bool
) -> Iterator[list]:
    from deskapp.services import calendar, complaint_callbacks, complaint_details, complaint_workflow

    complaint_workflow.escalate_overdue(policy, clock)
    complaint_callbacks.recount_callbacks(policy, clock)
    for row in complaint_details.export_rows(clock, start, end, mask=mask):
        due = row[complaint_details.CALLBACK_BY]
        unconfirmed = due is not None and not calendar.confirmed(due, policy.calendar)
        yield [*row, _("not confirmed") if unconfirmed else ""]


def analysis_rows(analysis: Analysis) -> list[list]:
    """The complaint analysis (deskapp/rules/analysis.py) as sheet rows: figure (translated), count, rate.
    Every kind and channel has its row, so one month's sheet lines up with the next."""
    from deskapp.services import complaint_reports
    from deskapp.services.complaints import CHANNELS
    from deskapp.services.complaints import KINDS as COMPLAINT_KINDS

    a = analysis

    def share(n: int) -> export.Rate | None:
        return export.Rate(n / a.total) if a.total else None

    def rate(value: float | None) -> export.Rate | None:
        return None if value is None else export.Rate(value)

    rows: list[list] = [[_("Complaints received"), a.total, None]]
    for kind in (*COMPLAINT_KINDS, None):
        n = a.by_kind.get(kind, 0)
        name = _(COMPLAINT_KINDS[kind]) if kind else _("not yet classified")
        rows.append([_("Kind — {kind}").format(kind=name), n, share(n)])
    for channel in CHANNELS:
        n = a.by_channel.get(channel, 0)
        rows.append([_("Channel — {channel}").format(channel=_(CHANNELS[channel])), n, share(n)])
    rows += [[label, count, rate(value)] for label, count, value in complaint_reports.figures(a)]
    return rows


def _analysis(policy: Policy, clock: DeskTime, start: date, end: date) -> Iterator[list]:
    from deskapp.services import calendar, complaint_callbacks, complaint_reports, complaint_workflow

    complaint_workflow.escalate_overdue(policy, clock)
    complaint_callbacks.recount_callbacks(policy, clock)
    yield from analysis_rows(
        complaint_reports.analyse(clock, start, end, calendar.days(policy.calendar).confirmed_until)
    )


def _sheet(
    kind: str, policy: Policy, clock: DeskTime, start: date | None, end: date | None, mask: bool
) -> tuple[tuple[str, ...], Iterable[list]]:
    from deskapp.services import (
        audit,
        complaint_details,
        handover_history,
        kit,
        kit_register,
        kit_restock,
        loan_lists,
    )

    if kind == "loans":
        columns: tuple[str, ...] = loan_lists.EXPORT_COLUMNS
        return columns, typed(clock, columns, _loans(policy, clock, start, end, mask), money=LOAN_MONEY)
    if kind == "complaints":
        columns = complaint_details.EXPORT_COLUMNS
        return columns, typed(clock, columns, _complaints(policy, clock, start, end, mask))
    if kind == "complaint-analysis":
        if start is None or end is None:
            raise DeskError(
                _("The complaint analysis is for a span of days: give --month, --week or --from and --to.")
            )
        return ANALYSIS_COLUMNS, _analysis(policy, clock, start, end)
    if kind == "medicine":
        columns = kit_register.USE_COLUMNS
        rows = kit_register.use_rows(clock, start, end, mask=mask, language=i18n.language())
        return columns, typed(clock, columns, rows)
    if kind == "restock":
        kit.prepare(audit.SYSTEM, clock.now())
        columns = kit_restock.RESTOCK_COLUMNS
        return columns, typed(
            clock, columns, kit_restock.restock_rows(policy, clock, language=i18n.language())
        )
    if kind == "handovers":
        columns = handover_history.EXPORT_COLUMNS
        rows = handover_history.export_rows(policy, clock, start, end, mask=mask)
        return columns, typed(clock, columns, rows, money=HANDOVER_MONEY)
    raise ValueError(kind)


# -- names ----------------------------------------------------------------------------------------


def _whole(start: date | None, end: date | None) -> str:
    """ "month" or "week" when the span is exactly one, else ""."""
    if start and end:
        following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
        if start.day == 1 and end == following - timedelta(days=1):
            return "month"
        if start.isoweekday() == 1 and end == start + timedelta(days=6):
            return "week"
    return ""


def span_text(start: date | None, end: date | None) -> str:
    """'2026-11' for a month, '2026-W48' for an ISO week, '2026-11-24' for a day, else the two days."""
    whole = _whole(start, end)
    if whole == "month" and start:
        return f"{start:%Y-%m}"
    if whole == "week" and start:
        year, week, _day = start.isocalendar()
        return f"{year}-W{week:02d}"
    if start and start == end:
        return start.isoformat()
    return "~".join(f"{d:%Y%m%d}" if d else "" for d in (start, end)) if (start or end) else ""


# The complaint sheets of a week and of a month are the mall's 客诉周报明细 and 客诉月报明细.
COMPLAINT_DETAIL = {"week": N_("Complaints weekly"), "month": N_("Complaints monthly")}


def sheet_title(kind: str, today: date, start: date | None = None, end: date | None = None) -> str:
    """The sheet's name, in the chosen language: 'Loans 2026-11', '客诉周报明细 2026-W48'
    (Excel's rules: export.sheet_name). A long name gives way, never the dates."""
    span = today.isoformat() if kind in UNDATED else span_text(start, end)
    whole = _whole(start, end)
    title = COMPLAINT_DETAIL[whole] if kind == "complaints" and whole else TITLES[kind]
    name = _(title)
    if span:
        room = export.SHEET_NAME - len(span) - 1
        if len(name) > room:  # cut at a word when there is one: "Complaint 20261101~20261115"
            name = name[: room + 1].rsplit(" ", 1)[0] if " " in name[: room + 1] else name[:room]
        name = name.rstrip() + " " + span
    return export.sheet_name(name)


def default_name(kind: str, fmt: str, today: date, start: date | None, end: date | None) -> str:
    """loans-20261101-20261130.csv; without days, everything until today: loans-all-20261202.csv
    (the restock request is as things stand today: restock-20261202.csv)."""
    span = "-".join(d.strftime("%Y%m%d") for d in (start, end) if d)
    if kind in UNDATED:
        span = today.strftime("%Y%m%d")
    elif not span:
        span = "all-" + today.strftime("%Y%m%d")
    return f"{kind}-{span}.{fmt}"


def write(
    kind: str,
    fmt: str,
    path: Path,
    policy: Policy,
    clock: DeskTime,
    start: date | None = None,
    end: date | None = None,
    *,
    mask: bool = True,
) -> Written:
    """Write the `kind` sheet for `start`..`end` (desk dates, both included) to `path`,
    phones and ID numbers masked unless `mask` is False (docs/records.md, "Privacy")."""
    columns, rows = _sheet(kind, policy, clock, start, end, mask)
    title = sheet_title(kind, clock.today(), start, end)
    count = export.write(path, fmt, [_(c) for c in columns], rows, title=title)
    return Written(path, count)


@transaction
def record_unmasked(
    actor: audit.Actor, kind: str, start: date | None, end: date | None, path: Path, now: datetime
) -> None:
    """An administrator's sheet with phones and ID numbers in full, in the audit trail."""
    audit.record(
        actor,
        "export.unmasked",
        "sheet",
        kind,
        now,
        after={
            "kind": kind,
            "from": start and start.isoformat(),
            "to": end and end.isoformat(),
            "file": str(path),
        },
    )


def week_range(text: str) -> tuple[date, date]:
    """'2026-W48' (ISO week) -> its Monday and Sunday; ValueError when it is not one."""
    import re

    m = re.fullmatch(r"(\d{4})-?W(\d{1,2})", text.strip().upper())
    if not m:
        raise ValueError(text)
    monday = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    return monday, monday + timedelta(days=6)

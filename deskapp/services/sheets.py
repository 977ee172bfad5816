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

from deskapp import export
from deskapp.clock import DeskTime
from deskapp.errors import DeskError
from deskapp.i18n import N_, _
from deskapp.policy import Policy

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

# Columns (by their English header) that hold money or times the producer gives
# in another form: fen (int) or yuan written out (str); a time written out.
LOAN_MONEY = {"deposit", "fee", "charge", "refund", "owed"}
HANDOVER_MONEY = {"cash expected", "cash counted", "difference"}
MEDICINE_TIMES = {"120 called"}
SHOWN_TIME = "%Y-%m-%d %H:%M"  # DeskTime.show()

ANALYSIS_COLUMNS = (N_("figure"), N_("count"), N_("rate"))


@dataclass(frozen=True)
class Written:
    path: Path
    rows: int


# -- typed cells ----------------------------------------------------------------------------------

def _moment(clock: DeskTime, value: object) -> object:
    """A stored (aware) moment as a naive datetime on the desk's clock; a desk date stays a date."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return clock.local(value).replace(tzinfo=None)
    return value


def _money(value: object) -> Decimal | None:
    """Fen (int) or yuan written out ('1045.00') -> Decimal yuan."""
    if value is None or value == "":
        return None
    if isinstance(value, int):
        return Decimal(value).scaleb(-2)
    return Decimal(str(value).replace(",", "")).quantize(Decimal("0.01"))


def _time(clock: DeskTime, value: object) -> object:
    """A time written out by DeskTime.show() -> a naive datetime (text that is not one stays)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            return datetime.strptime(value, SHOWN_TIME)
        except ValueError:
            return value
    return _moment(clock, value)


def typed(clock: DeskTime, columns: tuple[str, ...], rows: Iterable[list], money: Collection[str] = (),
          times: Collection[str] = ()) -> Iterator[list]:
    """Rows with money as Decimal yuan and times on the desk's clock, by column name."""
    kinds = ["money" if c in money else "time" if c in times else "" for c in columns]
    for row in rows:
        yield [
            _money(v) if k == "money" else _time(clock, v) if k == "time" else _moment(clock, v)
            for v, k in zip(row, kinds, strict=True)
        ]


# -- the kinds ------------------------------------------------------------------------------------

def _loans(policy: Policy, clock: DeskTime, start: date | None, end: date | None) -> Iterator[list]:
    from deskapp.services import lending, loans
    from deskapp.services.stock import label

    lending.close_kept(policy, clock)  # the sheet shows kept umbrellas as kept
    for row in loans.export_rows(clock, start, end):
        row[2] = label(policy, row[2])
        row[9] = _(loans.STATE_LABELS.get(row[9], row[9]))
        row[12] = _(lending.CONDITION_LABELS[row[12]]) if row[12] else ""
        yield row


def _complaints(policy: Policy, clock: DeskTime, start: date | None, end: date | None) -> Iterator[list]:
    from deskapp.services import calendar, complaint_reports, complaints

    complaints.escalate_overdue(policy, clock)
    complaints.recount_callbacks(policy, clock)
    for row in complaint_reports.export_rows(clock, start, end):
        due = row[complaint_reports.CALLBACK_BY]
        unconfirmed = due is not None and not calendar.confirmed(due, policy.calendar)
        yield [*row, _("not confirmed") if unconfirmed else ""]


def analysis_rows(analysis) -> list[list]:
    """A complaint_reports.Analysis as sheet rows: figure (translated), count, rate.
    Every kind and channel has its row, so one month's sheet lines up with the next."""
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
    in_time = a.callbacks_on_time / a.called_back if a.called_back else None
    hours = None if a.hours_to_resolve is None else round(a.hours_to_resolve, 1)
    rows += [
        [_("Handled (resolved or later)"), a.handled, rate(a.handling_rate)],
        [_("Handled in time"), a.on_time, rate(a.timeliness_rate)],
        [_("Called back"), a.called_back, rate(a.callback_rate)],
        [_("Called back in time"), a.callbacks_on_time, rate(in_time)],
        [_("Callbacks not confirmed"), a.unconfirmed_callbacks, None],
        [_("Average time to resolve (hours)"), hours, None],
        [_("Escalated (open a month)"), a.escalated, share(a.escalated)],
        [_("Media exposure risk"), a.media_risk, share(a.media_risk)],
        [_("Collective"), a.collective, share(a.collective)],
    ]
    return rows


def _analysis(policy: Policy, clock: DeskTime, start: date, end: date) -> Iterator[list]:
    from deskapp.services import calendar, complaint_reports, complaints

    complaints.escalate_overdue(policy, clock)
    complaints.recount_callbacks(policy, clock)
    yield from analysis_rows(complaint_reports.analyse(clock, start, end,
                                                       calendar.days(policy.calendar).confirmed_until))


def _sheet(kind: str, policy: Policy, clock: DeskTime, start: date | None,
           end: date | None) -> tuple[tuple[str, ...], Iterable[list]]:
    from deskapp.services import audit, complaint_reports, handover, kit, loans

    if kind == "loans":
        columns = loans.EXPORT_COLUMNS
        return columns, typed(clock, columns, _loans(policy, clock, start, end), money=LOAN_MONEY)
    if kind == "complaints":
        columns = complaint_reports.EXPORT_COLUMNS
        return columns, typed(clock, columns, _complaints(policy, clock, start, end))
    if kind == "complaint-analysis":
        if start is None or end is None:
            raise DeskError(_("The complaint analysis is for a span of days: give --month, --week "
                              "or --from and --to."))
        return ANALYSIS_COLUMNS, _analysis(policy, clock, start, end)
    if kind == "medicine":
        columns = kit.USE_COLUMNS
        return columns, typed(clock, columns, kit.use_rows(clock, start, end), times=MEDICINE_TIMES)
    if kind == "restock":
        kit.prepare(audit.SYSTEM, clock.now())
        columns = kit.RESTOCK_COLUMNS
        return columns, typed(clock, columns, kit.restock_rows(policy, clock))
    if kind == "handovers":
        columns = handover.EXPORT_COLUMNS
        rows = handover.export_rows(policy, clock, start, end)
        return columns, typed(clock, columns, rows, money=HANDOVER_MONEY)
    raise ValueError(kind)


# -- names ----------------------------------------------------------------------------------------

def span_text(start: date | None, end: date | None) -> str:
    """'2026-11' for a month, '2026-W48' for an ISO week, '2026-11-24' for a day, else the two days."""
    if start and end:
        following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
        if start.day == 1 and end == following - timedelta(days=1):
            return f"{start:%Y-%m}"
        if start.isoweekday() == 1 and end == start + timedelta(days=6):
            year, week, _day = start.isocalendar()
            return f"{year}-W{week:02d}"
        if start == end:
            return start.isoformat()
    return "~".join(f"{d:%Y%m%d}" if d else "" for d in (start, end)) if (start or end) else ""


def sheet_title(kind: str, today: date, start: date | None = None, end: date | None = None) -> str:
    """The sheet's name, in the chosen language: 'Loans 2026-11', '借用记录 2026-W48'
    (Excel's rules: export.sheet_name). A long name gives way, never the dates."""
    span = today.isoformat() if kind in UNDATED else span_text(start, end)
    name = _(TITLES[kind])
    if span:
        name = name[: export.SHEET_NAME - len(span) - 1].rstrip() + " " + span
    return export.sheet_name(name)


def default_name(kind: str, fmt: str, today: date, start: date | None, end: date | None) -> str:
    span = "-".join(d.strftime("%Y%m%d") for d in (start, end) if d) or today.strftime("%Y%m%d")
    return f"{kind}-{span}.{fmt}"


def write(kind: str, fmt: str, path: Path, policy: Policy, clock: DeskTime, start: date | None = None,
          end: date | None = None) -> Written:
    """Write the `kind` sheet for `start`..`end` (desk dates, both included) to `path`."""
    columns, rows = _sheet(kind, policy, clock, start, end)
    title = sheet_title(kind, clock.today(), start, end)
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

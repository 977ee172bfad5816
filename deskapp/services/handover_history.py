"""Past handovers (docs/handover.md): the list the screens page through, and the
handovers sheet of the export (services/sheets.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from deskapp import i18n
from deskapp.clock import DeskTime
from deskapp.i18n import N_, _
from deskapp.models import ShiftLog
from deskapp.policy import Policy
from deskapp.services.handover import STATES, LogInfo, get, log_name
from deskapp.services.privacy import shown
from deskapp.services.stock import label as kind_label


@dataclass(frozen=True)
class HistoryPage:
    rows: list[LogInfo]
    total: int
    offset: int
    has_more: bool


def history(offset: int = 0, limit: int = 50) -> HistoryPage:
    q = ShiftLog.select(ShiftLog.id).where(ShiftLog.state != "open").order_by(-ShiftLog.id)
    found = [r.id for r in q.offset(offset).limit(limit + 1)]
    more = len(found) > limit
    return HistoryPage(
        [get(i) for i in found[:limit]], q.count() if more else offset + len(found), offset, more
    )


EXPORT_COLUMNS = (
    N_("handover"),
    N_("shift"),
    N_("from"),
    N_("handed over"),
    N_("state"),
    N_("cash expected"),
    N_("cash counted"),
    N_("difference"),
    N_("reason"),
    N_("items (expected / counted)"),
    N_("notes"),
    N_("entries"),
    N_("outgoing"),
    N_("incoming"),
    N_("shift lead"),
    N_("signed at"),
    N_("seal"),
)


def export_rows(
    policy: Policy, clock: DeskTime, start: date | None = None, end: date | None = None, *, mask: bool = True
) -> Iterator[list[Any]]:
    """Handed-over logs opened from `start` to `end`; phones and ID numbers in the notes
    masked unless `mask` is False (services/privacy.py)."""
    q = ShiftLog.select(ShiftLog.id).where(ShiftLog.state != "open").order_by(ShiftLog.id)
    if start:
        q = q.where(
            ShiftLog.opened_at >= datetime.combine(start, time(), clock.zone).astimezone(timezone.utc)
        )
    if end:
        q = q.where(
            ShiftLog.opened_at
            < datetime.combine(end + timedelta(days=1), time(), clock.zone).astimezone(timezone.utc)
        )
    for row in q:
        i = get(row.id)
        yield [
            i.id,
            log_name(policy, clock, i),
            i.opened_at,
            i.started_at,
            _(STATES[i.state]),
            i.cash_expected_fen,  # fen: the sheet writes yuan
            i.cash_counted_fen,
            i.cash_difference_fen,
            i.cash_reason,
            i18n.join(
                (f"{kind_label(policy, k)} {e}/{'' if c is None else c}" for k, (e, c) in i.items.items()),
                clauses=True,
            ),
            shown(i.notes, mask),
            len(i.entries),
            i.outgoing or "",
            i.incoming or "",
            i.lead or "",
            i.signed_at,
            i.hash,
        ]

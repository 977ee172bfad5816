"""F8: one field that finds a record in every section (README, "Keys").

A slip number, a tag, a phone (full or its last four digits), a name, a
complaint number or any text: loans, complaints, items, kit uses and handover
promises, each list asked through its own indexed query and cut short.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from deskapp import i18n
from deskapp.clock import DeskTime
from deskapp.i18n import N_, _
from deskapp.models import Item, LogEntry
from deskapp.policy import Policy
from deskapp.services import complaint_reports, kit, loans
from deskapp.services.complaints import KINDS, STATES
from deskapp.services.privacy import shown
from deskapp.services.stock import STATUS_LABELS, label, normalize_tag

KINDS_FOUND = {
    "loan": N_("loan"),
    "complaint": N_("complaint"),
    "item": N_("lendable item"),
    "kit_use": N_("kit use"),
    "promise": N_("promise"),
}
PER_KIND = 20


@dataclass(frozen=True)
class Hit:
    kind: str  # KINDS_FOUND
    id: int  # of the record to open: loan, complaint, item, kit use, log entry
    title: str
    detail: str
    when: datetime | None


def find(policy: Policy, clock: DeskTime, text: str) -> list[Hit]:
    text = (text or "").strip()
    if not text:
        return []
    hits: list[Hit] = []
    mask = policy.privacy.mask
    tag = normalize_tag(text)
    item = Item.get_or_none(Item.tag == tag) if tag else None
    if item is not None:
        hits.append(
            Hit(
                "item", item.id, f"{item.tag} {label(policy, item.kind)}", _(STATUS_LABELS[item.status]), None
            )
        )
    seen: set[int] = set()
    for row in loans.page("history", clock, text, 0, PER_KIND * 2).rows:
        if row.loan_id in seen or len(seen) >= PER_KIND:
            continue
        seen.add(row.loan_id)
        item = f"{row.tag} {label(policy, row.kind)}"
        state = _(loans.STATE_LABELS[row.state])
        hits.append(
            Hit(
                "loan",
                row.loan_id,
                f"{row.slip_no} {shown(row.borrower, mask)}",
                f"{item} · {shown(row.phone, mask)} · {state}",
                row.lent_at,
            )
        )
    for c in complaint_reports.page("all", clock, text, None, 0, PER_KIND).rows:
        hits.append(
            Hit(
                "complaint",
                c.id,
                f"{c.number} {shown(c.complainant, mask)}",
                f"{_(STATES[c.state])} · {_(KINDS[c.kind]) if c.kind else '—'} · {shown(c.place, mask)} · "
                + shown(c.what, mask),
                c.received_at,
            )
        )
    for u in kit.uses(text, 0, PER_KIND).rows:
        items = i18n.join(f"{name} {i18n.quantity(qty, unit)}" for _c, name, qty, unit in u.items)
        hits.append(Hit("kit_use", u.id, shown(u.person_name, mask), f"{_(kit.WHAT[u.what])} · {items}",
                        u.happened_at))
    promises = (
        LogEntry.select()
        .where(
            (LogEntry.type == "promise") & (LogEntry.text.contains(text) | LogEntry.promise_to.contains(text))
        )
        .order_by(LogEntry.id.desc())
        .limit(PER_KIND)
    )
    for p in promises:
        kept = LogEntry.select().where(LogEntry.closes == p.id).exists()
        hits.append(
            Hit(
                "promise",
                p.id,
                shown(p.promise_to, mask),
                f"{shown(p.text, mask)} · " + (_("promise kept") if kept else _("not kept yet")),
                p.at,
            )
        )
    return hits

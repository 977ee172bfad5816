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
from deskapp.models import Item, LogEntry, PromiseGram
from deskapp.policy import Policy
from deskapp.services import complaint_reports, kit_register, loan_lists, pairs
from deskapp.services.complaints import KINDS, STATES, complaint_id_of
from deskapp.services.lending import loan_id_of
from deskapp.services.privacy import shown
from deskapp.services.stock import STATUS_LABELS, label, normalize_tag
from deskapp.services.text import searched

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
    """Every kind of record holding `text`; a slip, complaint number or tag is that record
    (and a tag its item's loans) and nothing else, so a scanned code never waits on the
    other sections."""
    text = searched(text)
    if not text:
        return []
    mask = policy.privacy.mask
    tag = normalize_tag(text)
    item = Item.get_or_none(Item.tag == tag) if tag else None
    hits: list[Hit] = []
    if item is not None:
        state = _(STATUS_LABELS[item.status])
        hits.append(Hit("item", item.id, f"{item.tag} {label(policy, item.kind)}", state, None))
    if complaint_id_of(text) is None:
        hits += _loans(policy, clock, text, mask)
    if loan_id_of(text) is None and item is None:
        hits += _complaints(clock, text, mask)
        if complaint_id_of(text) is None:
            hits += _kit_uses(text, mask) + _promises(text, mask)
    return hits


def _loans(policy: Policy, clock: DeskTime, text: str, mask: bool) -> list[Hit]:
    hits: list[Hit] = []
    seen: set[int] = set()
    for row in loan_lists.page("history", clock, text, 0, PER_KIND * 2).rows:
        if row.loan_id in seen or len(seen) >= PER_KIND:
            continue
        seen.add(row.loan_id)
        item = f"{row.tag} {label(policy, row.kind)}"
        state = _(loan_lists.STATE_LABELS[row.state])
        hits.append(
            Hit(
                "loan",
                row.loan_id,
                f"{row.slip_no} {shown(row.borrower, mask)}",
                f"{item} · {shown(row.phone, mask)} · {state}",
                row.lent_at,
            )
        )
    return hits


def _complaints(clock: DeskTime, text: str, mask: bool) -> list[Hit]:
    return [
        Hit(
            "complaint",
            c.id,
            f"{c.number} {shown(c.complainant, mask)}",
            f"{_(STATES[c.state])} · {_(KINDS[c.kind]) if c.kind else '—'} · {shown(c.place, mask)} · "
            + shown(c.what, mask),
            c.received_at,
        )
        for c in complaint_reports.page("all", clock, text, None, 0, PER_KIND).rows
    ]


def _kit_uses(text: str, mask: bool) -> list[Hit]:
    hits = []
    for u in kit_register.uses(text, 0, PER_KIND, counted=False, language=i18n.language()).rows:
        items = i18n.join(f"{name} {i18n.quantity(qty, unit)}" for _c, name, qty, unit in u.items)
        hits.append(
            Hit(
                "kit_use",
                u.id,
                shown(u.person_name, mask),
                f"{_(kit_register.WHAT[u.what])} · {items}",
                u.happened_at,
            )
        )
    return hits


def _promises(text: str, mask: bool) -> list[Hit]:
    said = pairs.matching(
        PromiseGram, PromiseGram.entry, LogEntry, text, (LogEntry.text, LogEntry.promise_to), phone=True
    )
    found = (
        LogEntry.select()
        .where((LogEntry.type == "promise") & said)
        .order_by(LogEntry.id.desc())
        .limit(PER_KIND)
    )
    hits = []
    for p in found:
        kept = LogEntry.select().where(LogEntry.closes == p.id).exists()
        state = _("promise kept") if kept else _("not kept yet")
        hits.append(Hit("promise", p.id, shown(p.promise_to, mask), f"{shown(p.text, mask)} · {state}", p.at))
    return hits

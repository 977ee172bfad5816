"""The signatures and the seal (docs/handover.md, docs/trust.md).

- Signatures, in order: outgoing, incoming (another person), then the shift lead
  where needed (not the outgoing person). Each is that person's own PIN. A count
  that differs needs the lead; policy handover.lead_signs = "always" makes the
  lead's signature part of every handover.
- Fully signed, a handover is read-only and carries a SHA-256 over its content and
  the previous handover's hash (rules.seals); a correction is a signed addendum
  (services.handover_addenda). services.seals keeps and checks the chain
  (`deskapp check`).
"""

from __future__ import annotations

from datetime import datetime

from deskapp.clock import DeskTime
from deskapp.errors import DeskError
from deskapp.i18n import N_, _
from deskapp.models import ShiftLog
from deskapp.policy import Policy
from deskapp.policy_types import SecuritySettings
from deskapp.rules import handover as handover_rules
from deskapp.services import audit, handover, handover_count, seals, staff, transaction
from deskapp.services.handover import LogInfo


def lead_needed(policy: Policy, info: LogInfo) -> bool:
    return handover_rules.lead_needed(policy.handover.lead_signs, info.counts_differ)


def lead_is_incoming(info: LogInfo) -> bool:
    """The one-person desk of policy handover.lead_may_be_incoming: the incoming clerk
    confirmed a count that differs as the lead (the handover says so)."""
    _out, incoming, lead = info.signer_ids
    return handover_rules.lead_is_incoming(incoming, lead, info.counts_differ)


def _lead_problem(policy: Policy, info: LogInfo, who: staff.StaffInfo) -> None:
    """Segregation of duties on the cash (docs/trust.md): the lead who confirms a
    count that differs is neither the outgoing nor the incoming clerk."""
    outgoing, incoming, _lead = info.signer_ids
    refused = handover_rules.lead_refused(
        who.id, outgoing, incoming, info.counts_differ, policy.handover.lead_may_be_incoming
    )
    if refused == "outgoing":
        raise DeskError(_("The shift lead who signs must not be the outgoing staff member."), "signer")
    if refused == "incoming":
        raise DeskError(
            _("The counts differ: a shift lead other than the incoming clerk confirms them."), "signer"
        )


ROLES = {"outgoing": N_("outgoing"), "incoming": N_("incoming"), "lead": N_("shift lead")}


def sign(
    actor: audit.Actor,
    policy: Policy,
    security: SecuritySettings,
    clock: DeskTime,
    log_id: int,
    role: str,
    name: str,
    pin: str,
) -> LogInfo:
    """One signature, with the signer's own PIN (checked, and wrong PINs counted,
    in its own transaction). Order: outgoing, incoming, then the lead if needed."""
    if role not in ROLES:
        raise ValueError(role)
    info = handover.get(handover_count.counting(log_id).id)
    if role == "outgoing" and info.cash_counted_fen is None:
        raise DeskError(_("Enter the cash and items counted first (Ctrl+S)."), "signer")
    if role == "outgoing" and handover_count.reasons_missing(info):
        raise DeskError(_("Say why the count differs from the records (Ctrl+S), then sign."), "signer")
    if role == "incoming" and info.outgoing is None:
        raise DeskError(_("The outgoing staff member signs first."), "signer")
    if role == "lead":
        if not lead_needed(policy, info):
            raise DeskError(_("This handover needs no shift lead's signature."), "signer")
        if info.incoming is None:
            raise DeskError(_("The outgoing and incoming staff sign before the shift lead."), "signer")
    now = clock.now()
    who = (
        staff.approve(name, pin, security, now, actor.source)
        if role == "lead"
        else staff.confirm(name, pin, security, now, actor.source)
    )
    return _signed(actor, policy, clock, log_id, role, who)


@transaction
def _signed(
    actor: audit.Actor, policy: Policy, clock: DeskTime, log_id: int, role: str, who: staff.StaffInfo
) -> LogInfo:
    log = handover_count.counting(log_id)
    if getattr(log, f"{role}_id"):
        raise DeskError(_("The {role} signature is already there.").format(role=_(ROLES[role])), "signer")
    if role == "incoming" and who.id == log.outgoing_id:
        raise DeskError(_("The incoming signature must be another person's than the outgoing one."), "signer")
    if role == "lead":
        _lead_problem(policy, handover.get(log.id), who)
    now = clock.now()
    ShiftLog.update(**{role: who.id, f"{role}_at": now}).where(ShiftLog.id == log.id).execute()
    audit.record(
        audit.Actor(who.id, actor.source),
        f"handover.sign_{role}",
        "shift_log",
        log.id,
        now,
        after={"signed_by": who.name},
    )
    info = handover.get(log.id)
    if info.incoming and (info.lead or not lead_needed(policy, info)):
        _seal(actor, log.id, now)
        info = handover.get(log.id)
    return info


def _seal(actor: audit.Actor, log_id: int, now: datetime) -> None:
    """The last signature seals the handover onto the chain (docs/trust.md, "The seal chain")."""
    previous = (
        ShiftLog.select()
        .where((ShiftLog.state == "signed") & (ShiftLog.id < log_id))
        .order_by(-ShiftLog.id)
        .first()
    )
    row = ShiftLog.get_by_id(log_id)
    row.state, row.signed_at, row.prev_hash = "signed", now, previous.hash if previous else ""
    row.hash = seals.seal_of(row)
    row.save()
    audit.record(actor, "handover.signed", "shift_log", log_id, now, after={"hash": row.hash})

"""The policy's numbers and the desk's words for the lending rules (docs/lending.md):
the arithmetic itself is deskapp/rules/lending.py, which takes plain values; this
module reads them from the policy, and names conditions and charge parts as the
paper form does (gettext msgids, translated where shown).
"""

from __future__ import annotations

from datetime import time

from deskapp.i18n import N_
from deskapp.policy import Policy
from deskapp.rules.lending import LendingTerms

CONDITION_LABELS = {
    "intact": N_("intact"),
    "dirty": N_("dirty"),
    "damaged": N_("damaged"),
    "lost": N_("lost"),
}

# The parts of a charge, in the paper form's words (docs/lending.md, "Settlement").
CHARGE_PARTS = {
    "fee": N_("Overdue fee"),
    "forfeit": N_("Deposit forfeited"),
    "assessed": N_("Assessed compensation"),
}


def terms(policy: Policy, kind: str) -> LendingTerms:
    """A kind's lending terms, from its [kinds.NAME] table."""
    rules = policy.kinds[kind]
    return LendingTerms(
        term_days=rules.term_days,
        overdue_fee_per_day_fen=rules.overdue_fee_per_day_fen,
        fee_capped_at_deposit=rules.fee_capped_at_deposit,
        dirty_charge_fen=rules.dirty_charge_fen,
        damaged_charge_fen=rules.damaged_charge_fen,
        lost_charge_fen=rules.lost_charge_fen,
    )


def closing_time(policy: Policy) -> time:
    """The desk's closing time ([lending] closing_time), when items fall due."""
    hour, minute = map(int, policy.lending.closing_time.split(":"))
    return time(hour, minute)

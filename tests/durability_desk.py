"""A deskapp process that registers and moves complaints and signs handovers without
pause until it is killed (tests/test_durability.py). Each change is announced ("begin
complaint") before its transactions start, and printed only after they returned."""

import sys
from pathlib import Path

from deskapp.desk import open_desk
from deskapp.money import yuan
from deskapp.services import (
    audit,
    complaint_intake,
    complaint_workflow,
    handover,
    handover_count,
    handover_signing,
    pins,
    staff,
)

pins.SCRYPT_N = 2**4
desk = open_desk(Path(sys.argv[1]), lang="en", create=True)
policy, clock = desk.policy, desk.time
if not staff.has_staff():
    admin = staff.create_first_admin("admin", "123456", "123456", policy.security, clock.now())
    staff.add_staff(
        audit.Actor(admin.id, "cli"), "taker", "staff", "5678", "5678", policy.security, clock.now()
    )
actor = audit.Actor(1, "cli")
start = int(sys.argv[2])
print("ready", flush=True)
for i in range(start, start + 100_000):
    print("begin complaint", flush=True)
    c = complaint_intake.intake(
        actor,
        policy,
        clock,
        channel="phone",
        happened="",
        place="1F",
        what=f"case {i}",
        people="",
        complainant=f"client {i}",
        contact="13800138000",
        kind="general",
    )
    print(f"complaint {c.id}", flush=True)
    print(f"begin investigating {c.id}", flush=True)
    complaint_workflow.move(actor, policy, clock, c.id, "investigating")
    print(f"investigating {c.id}", flush=True)
    print("begin signed", flush=True)
    handover.write(actor, policy, clock, "note", f"note {i}")
    log = handover.in_progress() or handover_count.start(
        actor, policy, clock
    )  # a killed one is finished first
    if log.outgoing is None:
        log = handover_count.save_counts(
            actor,
            clock,
            log.id,
            yuan(log.cash_expected_fen),
            "",
            {k: str(v[0]) for k, v in log.items.items()},
            "",
            "",
        )
        log = handover_signing.sign(
            actor, policy, policy.security, clock, log.id, "outgoing", "admin", "123456"
        )
    handover_signing.sign(actor, policy, policy.security, clock, log.id, "incoming", "taker", "5678")
    print(f"signed {log.id}", flush=True)

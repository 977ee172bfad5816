"""A deskapp process that lends and takes back without pause until it is killed
(tests/test_durability.py). Each change is announced ("begin lend") before its transaction
starts, and printed only after it returned."""

import sys
from pathlib import Path

from deskapp.desk import open_desk
from deskapp.services import audit, lending, pins, returns, staff, stock

pins.SCRYPT_N = 2**4
desk = open_desk(Path(sys.argv[1]), lang="en", create=True)
policy = desk.policy
if not staff.has_staff():
    staff.create_first_admin("admin", "123456", "123456", policy.security, desk.time.now())
    stock.add_items(audit.Actor(1, "cli"), policy, "umbrella", "K001-K040", "", desk.time.now())
actor = audit.Actor(1, "cli")
start = int(sys.argv[2])
print("ready", flush=True)
for i in range(start, start + 100_000):
    free = [item.tag for item in stock.list_items("umbrella", limit=200).rows if item.status == "available"]
    if len(free) >= 2 and i % 3:
        print("begin lend", flush=True)
        loan = lending.lend(actor, policy, desk.time, free[:2], f"客{i}", f"139{i:08d}")
        print(f"lend {loan.slip_no}", flush=True)
    else:
        case = None
        for item in stock.list_items("umbrella", limit=200).rows:
            if item.status == "on_loan":
                case = returns.find_for_return(item.tag)
                break
        if case is None:
            continue
        print(f"begin return {case.slip_no}", flush=True)
        returns.return_items(
            actor, policy, policy.security, desk.time, [line.id for line in case.lines], "intact"
        )
        print(f"return {case.slip_no} {case.lines[0].tag}", flush=True)

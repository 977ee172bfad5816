"""A deskapp process that writes without pause until it is killed (tests/test_durability.py).

Each change is announced ("begin add clerk 7", one line, flushed) before its transaction
starts and printed again without "begin" only after it returned, so every such line is a
promise the database must keep, and a kill after a "begin" is a kill in the middle of a change.
"""

import sys
from pathlib import Path

from deskapp.desk import open_desk
from deskapp.services import audit, pins, staff

pins.SCRYPT_N = 2**4  # the hash cost is not what is under test
desk = open_desk(Path(sys.argv[1]), lang="en", create=True)
security = desk.policy.security
if not staff.has_staff():
    staff.create_first_admin("admin", "123456", "123456", security, desk.time.now())
admin = staff.sign_in("admin", "123456", security, desk.time.now())
actor = audit.Actor(admin.id, "cli")
start = int(sys.argv[2])
print("ready", flush=True)
for i in range(start, start + 100_000):
    print(f"begin add clerk {i}", flush=True)
    who = staff.add_staff(actor, f"clerk {i}", "staff", "1234", "1234", security, desk.time.now())
    print(f"add {who.name}", flush=True)
    print(f"begin disable {who.name}", flush=True)
    who = staff.set_active(actor, who.name, False, desk.time.now())
    print(f"disable {who.name}", flush=True)

"""Several desks on one database at once: throughput, latency, and no item lent twice.

    .venv/bin/python bench/desks.py [--ops 200] [--umbrellas 12] [--desks 1,2,3,4]
                                    [--server URL | --no-server]

Each desk is its own process (as each counter PC runs its own deskapp) with
its own connection. All desks work the same small stock of umbrellas, so
they collide all the time: a desk picks an umbrella at random; when it is in
stock it lends it, when it is out (lent at any desk) it takes it back. A
refusal ("just lent at another desk", "already returned") is the right
answer to a collision and is counted, not timed. Every desk does --ops
attempts, starting at the same moment.

Run on a SQLite file (the desks of one PC, or a shared folder) and on a
PostgreSQL server (--server URL, or by default a throwaway one on loopback,
fsync on). After each run the database is checked: no umbrella ever on two
loans at once (each loan of an item starts after the one before it ended),
one deposit taken per loan line and one refund per return.
Not a test: it prints figures, it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))
sys.path.insert(0, str(ROOT))


def desk_locations(folder: Path, server: str):
    from deskapp.paths import Locations

    return Locations(folder / "data", folder / "config", folder / "data" / "desk.sqlite3", server=server)


def prepare(folder: Path, server: str, umbrellas: int) -> None:
    from deskapp import db
    from deskapp.desk import open_desk
    from deskapp.services import audit, staff, stock

    desk = open_desk(lang="en", locations=desk_locations(folder, server), create=True)
    admin = staff.create_first_admin("Bench Admin", "123456", "123456", desk.policy.security, desk.time.now())
    stock.add_items(
        audit.Actor(admin.id, "tui"), desk.policy, "umbrella", f"R01-R{umbrellas:02d}", "", desk.time.now()
    )
    db.disconnect()


def work(folder: Path, server: str, umbrellas: int, ops: int, start_at: float, seed: int) -> dict:
    """One desk: `ops` attempts; the seconds each committed lend / return took."""
    from deskapp import db
    from deskapp.desk import open_desk
    from deskapp.errors import DeskError
    from deskapp.services import audit, lending, returns

    desk = open_desk(lang="en", locations=desk_locations(folder, server), create=True)
    actor = audit.Actor(1, "tui")
    rng = random.Random(seed)
    timed, refused, busy = [], 0, 0
    while time.time() < start_at:
        time.sleep(0.001)
    began = time.perf_counter()
    reasons: dict[str, int] = {}
    for n in range(ops):
        tag = f"R{rng.randint(1, umbrellas):02d}"
        t = time.perf_counter()
        try:
            case = returns.find_for_return(tag)
        except DeskError:
            case = None
        try:
            if case is None:  # in stock (as far as this desk can see): lend it
                phone = f"13{seed % 10}{n:08d}"  # a customer each time (a phone has a limit of items out)
                lending.lend(actor, desk.policy, desk.time, [tag], "张三", phone)
            else:
                returns.return_items(
                    actor,
                    desk.policy,
                    desk.policy.security,
                    desk.time,
                    [line.id for line in case.lines],
                    "intact",
                )
        except DeskError as error:
            refused += 1
            reason = getattr(error, "errors", {}).get("tags", error.message)[:40]
            reasons[reason] = reasons.get(reason, 0) + 1
            continue
        except db.Error:  # waited past the busy timeout
            busy += 1
            continue
        timed.append(time.perf_counter() - t)
    elapsed = time.perf_counter() - began
    db.disconnect()
    return {"timed": timed, "refused": refused, "busy": busy, "elapsed": elapsed, "reasons": reasons}


def check(folder: Path, server: str) -> dict:
    """Proof: never two loans of one item at once; one deposit per line, one refund per return."""
    from deskapp import db
    from deskapp.desk import open_desk
    from deskapp.models import CashEntry, Loan, LoanItem

    open_desk(lang="en", locations=desk_locations(folder, server), create=True)
    overlaps = 0
    lines = 0
    by_item: dict[int, list] = {}
    for line in LoanItem.select(LoanItem, Loan).join(Loan).order_by(LoanItem.item, LoanItem.id):
        by_item.setdefault(line.item_id, []).append(line)
        lines += 1
    for history in by_item.values():
        for before, after in zip(history, history[1:], strict=False):
            # each loan of an item starts once the one before it was closed
            if before.closed_at is None or after.loan.lent_at < before.closed_at:
                overlaps += 1
    out_twice = sum(1 for h in by_item.values() if sum(li.state == "out" for li in h) > 1)
    deposits = CashEntry.select().where(CashEntry.kind == "deposit_taken").count()
    refunds = CashEntry.select().where(CashEntry.kind == "deposit_refunded").count()
    returned = LoanItem.select().where(LoanItem.state == "returned").count()
    db.disconnect()
    return {
        "lines": lines,
        "overlaps": overlaps,
        "out_twice": out_twice,
        "deposits_ok": deposits == lines,
        "refunds_ok": refunds == returned,
    }


def run_desks(server: str, desks: int, args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url = server
        if server:
            from lending import fresh_server_database

            url = fresh_server_database(server, f"deskapp_bench_desks{desks}")
        prepare(folder, url, args.umbrellas)
        start_at = time.time() + 1.5  # every desk has started and connected by then
        procs = [
            subprocess.Popen(
                [
                    sys.executable,
                    __file__,
                    "--worker",
                    json.dumps([str(folder), url, args.umbrellas, args.ops, start_at, 1000 + n]),
                ],
                stdout=subprocess.PIPE,
                text=True,
            )
            for n in range(desks)
        ]
        results = [json.loads(p.communicate()[0]) for p in procs]
        proof = check(folder, url)
    timed = sorted(s for r in results for s in r["timed"])
    wall = max(r["elapsed"] for r in results)
    refused = sum(r["refused"] for r in results)
    busy = sum(r["busy"] for r in results)
    if args.verbose:
        reasons: dict[str, int] = {}
        for r in results:
            for k, v in r["reasons"].items():
                reasons[k] = reasons.get(k, 0) + v
        print("   ", reasons)
    print(
        f"  {desks} desk{'s' if desks > 1 else ' '}  {len(timed):5d} committed in {wall:5.2f} s = "
        f"{len(timed) / wall:6.1f}/s   median {statistics.median(timed) * 1000:6.2f} ms  "
        f"p90 {timed[int(len(timed) * 0.9) - 1] * 1000:6.2f} ms  worst {timed[-1] * 1000:7.2f} ms   "
        f"refused {refused}, busy {busy}   lent twice: {proof['overlaps'] + proof['out_twice']}"
        f"{'' if proof['deposits_ok'] and proof['refunds_ok'] else '  CASH ENTRIES WRONG'}"
    )


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--worker":
        folder, url, umbrellas, ops, start_at, seed = json.loads(sys.argv[2])
        print(json.dumps(work(Path(folder), url, umbrellas, ops, start_at, seed)))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ops", type=int, default=200, help="attempts per desk")
    ap.add_argument("--umbrellas", type=int, default=12, help="the shared stock")
    ap.add_argument("--desks", default="1,2,3,4")
    ap.add_argument("--server", default="", help="a PostgreSQL admin URL (default: a throwaway server)")
    ap.add_argument("--no-server", action="store_true", help="SQLite only")
    ap.add_argument("--verbose", action="store_true", help="print why attempts were refused")
    args = ap.parse_args()
    os.environ.setdefault("LANG", "C.UTF-8")
    counts = [int(n) for n in args.desks.split(",")]
    print(
        f"{args.ops} attempts per desk on {args.umbrellas} shared umbrellas; each desk its own process; "
        f"{os.cpu_count()} CPUs"
    )
    print("\nSQLite file (WAL, synchronous=FULL):")
    for n in counts:
        run_desks("", n, args)
    if args.no_server:
        return 0
    print("\nPostgreSQL:")
    if args.server:
        for n in counts:
            run_desks(args.server, n, args)
    else:
        from lending import ThrowawayServer

        with ThrowawayServer() as server:
            for n in counts:
                run_desks(server.url, n, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

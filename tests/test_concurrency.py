"""Two desks (threads with their own connections, as two deskapp processes would have)
on one database file at the same moment."""

from __future__ import annotations

import threading

from deskapp import db
from deskapp.errors import DeskError
from deskapp.models import CashEntry, LoanItem
from deskapp.services import lending

from helpers import at, lend


def race(*calls):
    """Run the calls at the same moment, each in its own thread; their results or errors."""
    start = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(n, call):
        start.wait()
        try:
            results[n] = call()
        except DeskError as error:
            results[n] = error
        finally:
            db.release()

    threads = [threading.Thread(target=run, args=(n, c)) for n, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def test_two_clerks_returning_the_same_umbrella_one_succeeds(counter):
    lend(counter, "U01", "2026-11-20 10:00")
    line_ids = [line.id for line in lending.find_for_return("U01").lines]

    def give_back():
        return lending.return_items(
            counter.actor, counter.policy, counter.policy.security, at("2026-11-24 10:00"), line_ids, "intact"
        )

    results = race(give_back, give_back)
    done = [r for r in results if isinstance(r, lending.ReturnResult)]
    refused = [r for r in results if isinstance(r, DeskError)]
    assert len(done) == 1 and len(refused) == 1
    assert "already returned" in refused[0].message
    assert CashEntry.select().where(CashEntry.kind == "deposit_refunded").count() == 1
    assert LoanItem.get().state == "returned"


def test_two_desks_lending_the_same_umbrella_one_succeeds(counter):
    def lend_it(phone):
        return lambda: lending.lend(
            counter.actor, counter.policy, at("2026-11-24 10:00"), "U02", "张三", phone
        )

    results = race(lend_it("13800138000"), lend_it("13900139000"))
    assert sum(isinstance(r, lending.LoanInfo) for r in results) == 1
    refused = [r for r in results if isinstance(r, DeskError)]
    assert len(refused) == 1 and (
        "just lent at another desk" in refused[0].message or "not available" in refused[0].message
    )
    assert LoanItem.select().count() == 1
    assert CashEntry.select().where(CashEntry.kind == "deposit_taken").count() == 1

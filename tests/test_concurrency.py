"""Two desks (threads with their own connections, as two deskapp processes would have)
on one database (a file, or a PostgreSQL server) at the same moment."""

from __future__ import annotations

import threading

import pytest

from deskapp import db
from deskapp.errors import DeskError
from deskapp.models import CashEntry, LoanItem
from deskapp.services import lending, returns

from helpers import at, lend, wait_for


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


@pytest.mark.engines
def test_two_clerks_returning_the_same_umbrella_one_succeeds(counter):
    lend(counter, "U01", "2026-11-20 10:00")
    line_ids = [line.id for line in returns.find_for_return("U01").lines]

    def give_back():
        return returns.return_items(
            counter.actor, counter.policy, counter.policy.security, at("2026-11-24 10:00"), line_ids, "intact"
        )

    results = race(give_back, give_back)
    done = [r for r in results if isinstance(r, returns.ReturnResult)]
    refused = [r for r in results if isinstance(r, DeskError)]
    assert len(done) == 1 and len(refused) == 1
    assert "already returned" in refused[0].message
    assert CashEntry.select().where(CashEntry.kind == "deposit_refunded").count() == 1
    assert LoanItem.get().state == "returned"


@pytest.mark.engines
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


async def test_a_save_that_waits_too_long_says_so_and_keeps_the_form(counter):
    """Another deskapp holds the write lock past the busy timeout: the clerk is told, in
    words, and what they typed stays on screen to save again."""
    import sqlite3

    from textual.widgets import Input

    from deskapp.app import DeskApp
    from deskapp.models import Loan

    from helpers import fill_lend_form, settle

    path = counter.locations.database
    db.disconnect()
    db.connect(path, busy_timeout_s=0.2)  # not five seconds in a test
    other = sqlite3.connect(path, timeout=0.1)
    app = DeskApp(counter, backup_after=60)
    async with app.run_test() as pilot:
        await fill_lend_form(pilot)
        other.execute("BEGIN IMMEDIATE")  # the other desk starts saving, and takes its time
        await pilot.press("ctrl+s")
        # the save fails (the App reports it): no settle(), which re-raises
        await wait_for(pilot, lambda: any("another deskapp" in n.message for n in app._notifications))
        shown = [n.message for n in app._notifications]
        assert any("another deskapp is saving" in m for m in shown)
        assert app.screen.query_one("#borrower", Input).value == "张三"
        assert app.screen.tags == ["U01"]
        other.rollback()
        await pilot.press("ctrl+s")  # and it saves once the other desk is done
        await settle(pilot)
    other.close()
    assert Loan.select().count() == 1


@pytest.mark.engines
def test_desks_writing_at_once_keep_one_audit_chain(counter):
    """The audit trail is a hash chain (docs/trust.md): eight desks lending at the
    same moment each append after the one before, never two after the same entry."""
    from deskapp.models import AuditEntry
    from deskapp.services import seals, stock

    stock.add_items(counter.actor, counter.policy, "umbrella", "U06-U13", "", counter.time.now())

    def lend_it(tag):  # each to another customer (at most two umbrellas each)
        return lambda: lending.lend(
            counter.actor, counter.policy, at("2026-11-24 10:00"), tag, "张三", f"138001380{tag[1:]}"
        )

    results = race(*(lend_it(f"U{n:02d}") for n in range(6, 14)))
    assert all(isinstance(r, lending.LoanInfo) for r in results), results
    prevs = [r.prev_hash for r in AuditEntry.select().order_by(AuditEntry.id)]
    assert len(prevs) == len(set(prevs))  # no fork
    assert seals.verify() == []

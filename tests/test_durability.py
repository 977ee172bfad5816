"""kill -9 a real deskapp process while it writes; nothing committed may be lost
and nothing half-written may remain."""

from __future__ import annotations

import json
import os
import random
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from deskapp import db, dbfiles
from deskapp.models import AuditEntry, Staff

WRITER = Path(__file__).with_name("durability_writer.py")

# Each round lets the writer confirm at least this many changes before it is killed: a few
# seconds of work on a slow shared machine, and never "killed before it wrote anything".
AT_LEAST = 20
DEADLINE = 120.0  # seconds a writer may take to show its next line before the test gives up


class Writer:
    """A writer script (tests/durability_*.py) running on its own, read line by line as it
    prints: "begin ..." as it starts a change, the change itself once its transaction returned."""

    def __init__(self, script: Path, path: Path, start: int) -> None:
        self.errors = path.with_name(f"{script.stem}-{start}.err")
        with self.errors.open("w") as err:  # a file, so that a chatty writer never blocks on a pipe
            self.proc = subprocess.Popen(
                [sys.executable, str(script), str(path), str(start)], stdout=subprocess.PIPE, stderr=err
            )
        assert self.proc.stdout is not None
        self.out = self.proc.stdout.fileno()
        self.partial = b""
        self.lines: list[str] = []  # every whole line printed so far

    def read(self, timeout: float) -> bool:
        """Take what the writer printed within `timeout` seconds; False at its end of output."""
        ready, _, _ = select.select([self.out], [], [], timeout)
        if not ready:
            return True
        chunk = os.read(self.out, 65536)
        *whole, self.partial = (self.partial + chunk).split(b"\n")
        self.lines += [line.decode() for line in whole]
        return bool(chunk)

    def wait_for(self, condition: Callable[[list[str]], bool], what: str) -> None:
        deadline = time.monotonic() + DEADLINE
        while not condition(self.lines):
            assert time.monotonic() < deadline, f"no {what} in {DEADLINE} s; last: {self.lines[-3:]}"
            assert self.read(0.5), f"the writer ended before {what}: {self.errors.read_text()}"

    def wait_for_more(self) -> None:
        printed = len(self.lines)
        self.wait_for(lambda lines: len(lines) > printed, "next line")

    def confirmed(self) -> list[str]:
        return [line for line in self.lines if line and line != "ready" and not line.startswith("begin ")]

    def kill_mid_write(self) -> None:
        """kill -9 in the middle of a change: the writer is stopped (SIGSTOP) and its output
        read; while its last line is a confirmation, not a "begin", it goes on (SIGCONT) to
        its next line and is stopped again."""
        while True:
            os.kill(self.proc.pid, signal.SIGSTOP)
            _pid, status = os.waitpid(self.proc.pid, os.WUNTRACED)  # until it has stopped
            assert os.WIFSTOPPED(status), "the writer ended before it was killed"
            while self.read(0.05) and select.select([self.out], [], [], 0)[0]:
                pass  # everything it printed before it stopped
            if self.lines[-1].startswith("begin ") and not self.partial:
                break
            os.kill(self.proc.pid, signal.SIGCONT)
            self.wait_for_more()
        assert self.proc.poll() is None, "the writer had stopped writing before it was killed"
        os.kill(self.proc.pid, signal.SIGKILL)  # in the middle of the change it began
        assert self.proc.wait(DEADLINE) == -signal.SIGKILL
        while self.read(DEADLINE):
            pass
        assert self.lines[-1].startswith("begin "), "a change was confirmed after the writer stopped"


def run_and_kill(path: Path, start: int, after_lines: int, writer: Path = WRITER) -> list[str]:
    """The changes a writer confirmed (at least `after_lines` of them) before it was killed
    with another one begun."""
    running = Writer(writer, path, start)
    try:
        running.wait_for(lambda lines: "ready" in lines, "ready")
        running.wait_for(lambda lines: len(running.confirmed()) >= after_lines, f"{after_lines} changes")
        running.kill_mid_write()
    finally:
        if running.proc.poll() is None:  # a failed test leaves no writer behind
            running.proc.kill()
            running.proc.wait()
        assert running.proc.stdout is not None
        running.proc.stdout.close()
    promised = running.confirmed()
    assert len(promised) >= after_lines >= AT_LEAST
    return promised


@pytest.mark.slow
def test_kill_9_while_writing_loses_nothing_committed(tmp_path):
    path = tmp_path / "desk.sqlite3"
    rng = random.Random(20261124)
    promised: list[str] = []
    for round_ in range(6):
        promised += run_and_kill(path, start=round_ * 1000, after_lines=AT_LEAST + rng.randint(0, 100))

    assert dbfiles.integrity_problems(path) == []
    db.connect(path)
    try:
        rows = {s.name: s for s in Staff.select()}
        for line in promised:
            verb, name = line.split(" ", 1)
            assert name in rows, f"committed '{line}' is missing"
            if verb == "disable":
                assert not rows[name].active, f"committed '{line}' is missing"
        # No half records: every change has its audit entry and every audit entry its change.
        for s in rows.values():
            if s.name == "admin":
                continue
            actions = [
                e.action
                for e in AuditEntry.select().where(AuditEntry.entity_id == str(s.id)).order_by(AuditEntry.id)
            ]
            assert actions[0] == "staff.create"
            assert ("staff.disable" in actions) == (not s.active)
            last = (
                AuditEntry.select()
                .where(AuditEntry.entity_id == str(s.id))
                .order_by(AuditEntry.id.desc())
                .get()
            )
            if last.action == "staff.disable":
                assert json.loads(last.after) == {"active": False}
        created = {e.entity_id for e in AuditEntry.select().where(AuditEntry.action == "staff.create")}
        assert created == {str(s.id) for s in rows.values()}
    finally:
        db.disconnect()


LENDER = Path(__file__).with_name("durability_lender.py")


@pytest.mark.slow
def test_kill_9_while_lending_leaves_whole_loans_and_returns(tmp_path):
    from deskapp.models import CashEntry, Item, Loan, LoanItem

    path = tmp_path / "desk.sqlite3"
    rng = random.Random(20261125)
    promised: list[str] = []
    for round_ in range(5):
        promised += run_and_kill(
            path, start=round_ * 1000, after_lines=AT_LEAST + rng.randint(0, 40), writer=LENDER
        )

    assert dbfiles.integrity_problems(path) == []
    db.connect(path)
    try:
        for line in promised:
            verb, slip, *tag = line.split()
            loan = Loan.get_by_id(int(slip[1:]))  # committed loans are there
            if verb == "return":
                back = LoanItem.get((LoanItem.loan == loan) & (LoanItem.item == Item.get(Item.tag == tag[0])))
                assert back.state == "returned", f"committed '{line}' is missing"
        # No half records: each loan has its two items, each item its deposit (and refund when back),
        # each item's status agrees with its loans.
        for loan in Loan.select():
            lines = list(loan.items)
            assert len(lines) == 2
            for li in lines:
                kinds = sorted(c.kind for c in CashEntry.select().where(CashEntry.loan_item == li))
                assert kinds == (
                    ["deposit_refunded", "deposit_taken"] if li.state == "returned" else ["deposit_taken"]
                )
        for item in Item.select():
            out = LoanItem.select().where((LoanItem.item == item) & (LoanItem.state == "out")).count()
            assert (item.status == "on_loan") == (out == 1) and out <= 1
        assert AuditEntry.select().where(AuditEntry.action == "loan.lend").count() == Loan.select().count()
        assert (
            AuditEntry.select().where(AuditEntry.action == "loan.return").count()
            == LoanItem.select().where(LoanItem.state == "returned").count()
        )
    finally:
        db.disconnect()


DESK_WRITER = Path(__file__).with_name("durability_desk.py")


@pytest.mark.slow
def test_kill_9_while_handling_complaints_and_signing_handovers(tmp_path):
    from deskapp.models import Complaint, ComplaintEvent, ShiftLog
    from deskapp.services import seals

    path = tmp_path / "desk.sqlite3"
    rng = random.Random(20261126)
    promised: list[str] = []
    for round_ in range(5):
        promised += run_and_kill(
            path, start=round_ * 1000, after_lines=AT_LEAST + rng.randint(0, 10), writer=DESK_WRITER
        )

    assert dbfiles.integrity_problems(path) == []
    db.connect(path)
    try:
        for line in promised:
            verb, number = line.split()
            if verb == "complaint":
                assert Complaint.get_or_none(Complaint.id == int(number)), f"committed '{line}' is missing"
            elif verb == "investigating":
                assert Complaint.get_by_id(int(number)).state == "investigating"
            else:
                assert ShiftLog.get_by_id(int(number)).state == "signed"
        # No half records: every complaint has its registration, every state its timeline line.
        for c in Complaint.select():
            types = [e.type for e in ComplaintEvent.select().where(ComplaintEvent.complaint == c.id)]
            assert types[0] == "created" and (c.state == "investigating") == ("state" in types)
        # Every signed handover still matches its seal, in an unbroken chain.
        assert seals.verify() == []
        assert ShiftLog.select().where(ShiftLog.state == "counting").count() <= 1
    finally:
        db.disconnect()

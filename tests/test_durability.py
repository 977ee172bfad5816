"""kill -9 a real deskapp process while it writes; nothing committed may be lost
and nothing half-written may remain."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from deskapp import db, dbfiles
from deskapp.models import AuditEntry, Staff

WRITER = Path(__file__).with_name("durability_writer.py")


def run_and_kill(path: Path, start: int, after_lines: int, writer: Path = WRITER) -> list[str]:
    proc = subprocess.Popen(
        [sys.executable, str(writer), str(path), str(start)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
    promised = []
    for _ in range(after_lines):
        line = proc.stdout.readline().strip()
        if not line:
            break
        promised.append(line)
    os.kill(proc.pid, signal.SIGKILL)  # in the middle of whatever it was writing
    proc.wait()
    # A line that was printed before the kill is a committed change too.
    promised += [line for line in proc.stdout.read().splitlines() if line]
    return promised


@pytest.mark.slow
def test_kill_9_while_writing_loses_nothing_committed(tmp_path):
    path = tmp_path / "desk.sqlite3"
    rng = random.Random(20261124)
    promised: list[str] = []
    for round_ in range(6):
        promised += run_and_kill(path, start=round_ * 1000, after_lines=rng.randint(3, 120))

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
        promised += run_and_kill(path, start=round_ * 1000, after_lines=rng.randint(3, 60), writer=LENDER)

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
            path, start=round_ * 1000, after_lines=rng.randint(2, 20), writer=DESK_WRITER
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

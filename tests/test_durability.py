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


def run_and_kill(path: Path, start: int, after_lines: int) -> list[str]:
    proc = subprocess.Popen([sys.executable, str(WRITER), str(path), str(start)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
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
            actions = [e.action for e in AuditEntry.select().where(AuditEntry.entity_id == str(s.id))
                       .order_by(AuditEntry.id)]
            assert actions[0] == "staff.create"
            assert ("staff.disable" in actions) == (not s.active)
            last = AuditEntry.select().where(AuditEntry.entity_id == str(s.id)).order_by(
                AuditEntry.id.desc()).get()
            if last.action == "staff.disable":
                assert json.loads(last.after) == {"active": False}
        created = {e.entity_id for e in AuditEntry.select().where(AuditEntry.action == "staff.create")}
        assert created == {str(s.id) for s in rows.values()}
    finally:
        db.disconnect()

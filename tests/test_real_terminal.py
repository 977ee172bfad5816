"""Type-ahead in a real terminal (docs/counter.md, "Type-ahead"): tmux types a whole
burst in one call, through the terminal's own input path that Pilot does not use.
The keys are sent the moment the program is started, before it has painted."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid

import pytest

from deskapp import db
from deskapp.models import Loan
from deskapp.paths import Locations
from deskapp.services import audit, stock

from conftest import make_desk
from helpers import add_admin, add_staff

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=True).stdout


def wait_for(session: str, text: str, timeout: float = 20) -> str:
    """The screen once it shows `text` (polled; fails with the screen after `timeout`)."""
    deadline = time.monotonic() + timeout
    while True:
        screen = tmux("capture-pane", "-p", "-t", session)
        if text in screen:
            return screen
        if time.monotonic() > deadline:
            pytest.fail(f"never showed {text!r}:\n{screen}")
        time.sleep(0.05)


@pytest.fixture
def desk_path(tmp_path):
    locations = Locations(tmp_path / "data", tmp_path / "config", tmp_path / "data" / "desk.sqlite3")
    d = make_desk(locations)
    admin = add_admin(d)
    clerk = add_staff(d, admin, "李雷", "staff", "5678")
    stock.add_items(audit.Actor(clerk.id, "tui"), d.policy, "umbrella", "U01-U05", "", d.time.now())
    db.disconnect()
    return locations.database


@pytest.fixture
def session(tmp_path):
    name = f"deskapp-test-{uuid.uuid4().hex[:8]}"
    yield name
    subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


def test_sign_in_and_two_scans_right_after_f2_typed_in_one_burst(desk_path, session, tmp_path):
    env = f"XDG_DATA_HOME={tmp_path / 'xdg'} XDG_CONFIG_HOME={tmp_path / 'config'} TERM=xterm-256color"
    command = f"env {env} {sys.executable} -m deskapp --db {desk_path} --lang en"
    tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", command)
    # At once, while the program is still starting: the name, Tab, the PIN, Enter, F2 and two scans.
    tmux("send-keys", "-t", session, "李雷", "Tab", "5678", "Enter", "F2", "U01", "Enter", "U02", "Enter")
    screen = wait_for(session, "U02 Umbrella")
    assert "U01 Umbrella" in screen and "¥40.00" in screen and "李雷" in screen
    tmux("send-keys", "-t", session, "Enter", "Qi", "Enter", "13800138000", "Enter", "Enter", "Enter")
    wait_for(session, "Loan slip L0000001")
    db.connect(desk_path)  # the loan is committed before its slip shows
    loan = Loan.get()
    assert (loan.borrower, loan.phone) == ("Qi", "13800138000")
    assert sorted(i.item.tag for i in loan.items) == ["U01", "U02"]

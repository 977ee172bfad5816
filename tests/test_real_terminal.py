"""Type-ahead in a real terminal (docs/counter.md, "Type-ahead"): tmux types a whole
burst in one call, through the terminal's own input path that Pilot does not use.
The keys are sent the moment the program is started, before it has painted."""

from __future__ import annotations

import os
import select
import shlex
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from deskapp import db
from deskapp.models import Loan
from deskapp.paths import Locations
from deskapp.services import audit, stock

from conftest import make_desk
from helpers import add_admin, add_staff, poll_until

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=True).stdout


class Pane:
    """A tmux session's window, and what the program in it prints (tmux pipe-pane into a
    FIFO), so that the test looks at the screen again only once it has printed more."""

    def __init__(self, session: str, fifo: Path) -> None:
        self.session = session
        os.mkfifo(fifo)
        # Opened for writing too, so that it is never at its end while tmux's cat is starting.
        self.printed = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)
        tmux("pipe-pane", "-t", session, f"cat > {shlex.quote(str(fifo))}")

    def screen(self) -> str:
        return tmux("capture-pane", "-p", "-t", self.session)

    def until_printed(self, timeout: float) -> None:
        # At most a second: tmux may pass the output on just before its screen shows it.
        if select.select([self.printed], [], [], min(timeout, 1.0))[0]:
            while select.select([self.printed], [], [], 0)[0]:
                os.read(self.printed, 65536)

    def wait_for(self, text: str, timeout: float = 30) -> str:
        """The screen once it shows `text` (fails with the screen after `timeout` seconds)."""
        return poll_until(
            self.screen, lambda screen: text in screen, self.until_printed, f"showed {text!r}", timeout
        )

    def __enter__(self) -> Pane:
        return self

    def __exit__(self, *exc: object) -> None:
        os.close(self.printed)


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
    with Pane(session, tmp_path / "pane.fifo") as pane:
        screen = pane.wait_for("U02 Umbrella")
        assert "U01 Umbrella" in screen and "¥40.00" in screen and "李雷" in screen
        tmux("send-keys", "-t", session, "Enter", "Qi", "Enter", "13800138000", "Enter", "Enter", "Enter")
        pane.wait_for("Loan slip L0000001")
    db.connect(desk_path)  # the loan is committed before its slip shows
    loan = Loan.get()
    assert (loan.borrower, loan.phone) == ("Qi", "13800138000")
    assert sorted(i.item.tag for i in loan.items) == ["U01", "U02"]

"""Section keys benchmark: each section key from Home until its screen is painted
with its data, in a real terminal (tmux, 80x24), against a bare Textual app that
pushes a screen of the same kind (a form of four fields; a 100-row DataTable).

    .venv/bin/python bench/keys.py [--rounds 3] [--presses 5] [--keys F2,C-l] [--loans 1000000]

Each round starts each app afresh: the first press of a key after start is timed
apart from the later ones (Esc back to Home between presses). With --idle 8 the
first press comes after eight idle seconds on Home, time deskapp uses to build
the sections' screens out of sight (screens/sections.py). The apps run
interleaved, key by key, so both see the same machine. Prints medians and the
ratio deskapp/bare per key, first press and later presses; the aim is 1.30x
(issue 20). The desk is the demo desk (`deskapp demo`, in a temporary folder), or
with --loans the million-loan desk of bench/lending.py (its lending keys only).
Needs tmux. Not a test: it prints figures, it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# What each key shows on the demo desk once its data is painted (English), and the
# kind of screen the bare app pushes for it.
KEYS = {
    "F2": ("the deposit shows here", "form"),
    "F3": ("Scan the item's tag", "form"),
    "F4": ("C0000001", "table"),
    "F5": ("Several shifts", "form"),
    "F6": ("Iodophor swabs", "table"),
    "F7": ("Deposits held now", "form"),
    "F8": ("Found  Record", "form"),
    "C-l": ("L0000079", "table"),
    "C-t": ("Wheelchair", "table"),
}

# The same on the million-loan desk of bench/lending.py: its first overdue loan, its first item.
LOAN_KEYS = {
    "F2": KEYS["F2"],
    "F3": KEYS["F3"],
    "F8": KEYS["F8"],
    "C-l": ("L0999001", "table"),
    "C-t": ("U0001", "table"),
}

BARE_APP = """
from textual.app import App
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Label, Static


class FormScreen(Screen):
    def compose(self):
        with Vertical():
            for name in ("Tags", "Borrower", "Phone", "Note"):
                yield Label(name)
                yield Input(placeholder=name)
            yield Static("FORMREADY")
        yield Footer()

    def key_escape(self):
        self.app.pop_screen()


class ListScreen(Screen):
    def compose(self):
        yield DataTable()
        yield Footer()

    def on_mount(self):
        t = self.query_one(DataTable)
        t.add_columns("Slip", "Tag", "Name", "Phone", "Lent", "Due")
        t.add_rows((f"ROW{i:04d}", f"U{i:02d}", "Name", "138****0000", "11-30 10:00", "12-07 22:00")
                   for i in range(100))

    def key_escape(self):
        self.app.pop_screen()


class Bare(App):
    BINDINGS = [(k, "form", k) for k in ("f2", "f3", "f5", "f7", "f8")] + [
        (k, "table", k) for k in ("f4", "f6", "ctrl+l", "ctrl+t")]

    def compose(self):
        yield Static("HOMEREADY")
        yield Footer()

    def action_form(self):
        self.push_screen(FormScreen())

    def action_table(self):
        self.push_screen(ListScreen())


Bare().run()
"""
BARE_MARKER = {"form": "FORMREADY", "table": "ROW0000"}


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", "-L", "deskapp-keys", *args], capture_output=True, text=True).stdout


def wait(session: str, marker: str, timeout: float = 30.0) -> bool:
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        if marker in tmux("capture-pane", "-p", "-t", session):
            return True
        time.sleep(0.002)
    return False


def gone(session: str, marker: str, timeout: float = 10.0) -> None:
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout and marker in tmux("capture-pane", "-p", "-t", session):
        time.sleep(0.005)


def presses(
    command: str,
    ready: str,
    setup: list[tuple[str, ...]],
    key: str,
    marker: str,
    home: str,
    n: int,
    idle: float = 0.4,
) -> list[float]:
    """Start the app, reach Home, then time `key` until `marker` n times (Esc between)."""
    session = "keys"
    tmux("kill-session", "-t", session)
    tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", command + "; sleep 600")
    try:
        if not wait(session, ready, 60):
            raise SystemExit(f"never ready: {command}\n{tmux('capture-pane', '-p', '-t', session)}")
        for *keys, mark in setup:
            tmux("send-keys", "-t", session, *keys)
            if not wait(session, mark, 20):
                raise SystemExit(f"setup stuck before {mark!r}\n{tmux('capture-pane', '-p', '-t', session)}")
        out = []
        for _ in range(n):
            time.sleep(idle if not out else 0.4)  # idle, as between two customers
            t0 = time.perf_counter()
            tmux("send-keys", "-t", session, key)
            if not wait(session, marker, 20):
                screen = tmux("capture-pane", "-p", "-t", session)
                raise SystemExit(f"{marker!r} never shown after {key}\n{screen}")
            out.append(time.perf_counter() - t0)
            tmux("send-keys", "-t", session, "Escape")
            gone(session, marker)
            wait(session, home, 10)
        return out
    finally:
        tmux("kill-session", "-t", session)


def demo_desk(work: Path) -> tuple[dict[str, str], Path]:
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(work / "data"),
        "XDG_CONFIG_HOME": str(work / "config"),
        "LANG": "C.UTF-8",
    }
    deskapp = str(Path(sys.executable).with_name("deskapp"))
    subprocess.run([deskapp, "demo", "--no-open"], env=env, check=True, capture_output=True)
    return env, work / "data" / "deskapp" / "demo" / "deskapp-demo.sqlite3"


def loans_desk(work: Path, cache: Path, loans: int) -> tuple[dict[str, str], Path]:
    """The million-loan desk, built once by bench/lending.py and kept in `cache`."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import lending as bench_lending

    from deskapp import db

    folder = bench_lending.cached_desk(cache, loans)
    db.disconnect()
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(work / "data"),
        "XDG_CONFIG_HOME": str(work / "config"),
        "LANG": "C.UTF-8",
    }
    return env, folder / "data" / "desk.sqlite3"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--presses", type=int, default=5)
    ap.add_argument("--keys", default="")
    ap.add_argument("--loans", type=int, default=0, help="the million-loan desk of bench/lending.py")
    ap.add_argument(
        "--idle",
        type=float,
        default=0.4,
        help="seconds on Home before the first press (a clerk waiting for a customer; deskapp "
        "builds the sections' screens while idle)",
    )
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "deskapp-bench")
    args = ap.parse_args()
    shown = LOAN_KEYS if args.loans else KEYS
    keys = args.keys.split(",") if args.keys else list(shown)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.loans:
            env, database = loans_desk(work, args.cache, args.loans)
            desk_setup = [("Bench Admin", "Enter", "PIN"), ("123456", "Enter", "F2 Lend")]
        else:
            env, database = demo_desk(work)
            desk_setup = [
                ("李雷", "Enter", "PIN"),
                ("5678", "Enter", "check it and confirm"),
                ("Escape", "F2 Lend"),
            ]
        bare = work / "bare.py"
        bare.write_text(BARE_APP)
        prefix = " ".join(f"{k}={env[k]}" for k in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "LANG"))
        desk = f"{prefix} {Path(sys.executable).with_name('deskapp')} --lang en --db {database}"
        first: dict[tuple[str, str], list[float]] = {}
        later: dict[tuple[str, str], list[float]] = {}
        for _ in range(args.rounds):
            for key in keys:
                marker, kind = shown[key]
                bare_app = f"{sys.executable} {bare}"
                for name, command, ready, setup, mark, home in (
                    ("deskapp", desk, "Sign in", desk_setup, marker, "F2 Lend"),
                    ("bare", bare_app, "HOMEREADY", [], BARE_MARKER[kind], "HOMEREADY"),
                ):
                    times = presses(command, ready, setup, key, mark, home, args.presses, args.idle)
                    first.setdefault((name, key), []).append(times[0])
                    later.setdefault((name, key), []).extend(times[1:])
        tmux("kill-server")
    where = f"{args.loans:,} loans" if args.loans else "demo desk"
    where += f"; {args.idle:g} s idle before the first"
    print(
        f"{args.rounds} rounds, {args.presses} presses each; 80x24 in tmux; {where}; "
        f"python {sys.version.split()[0]}"
    )
    print(
        f"{'key':5s} {'first: deskapp':>15s} {'bare':>7s} {'ratio':>6s}   {'later: deskapp':>15s} "
        f"{'bare':>7s} {'ratio':>6s}"
    )
    for key in keys:
        f_d, f_b = (statistics.median(first[(n, key)]) for n in ("deskapp", "bare"))
        l_d, l_b = (statistics.median(later[(n, key)]) for n in ("deskapp", "bare"))
        print(
            f"{key:5s} {f_d * 1000:12.0f} ms {f_b * 1000:4.0f} ms {f_d / f_b:5.2f}x   "
            f"{l_d * 1000:12.0f} ms {l_b * 1000:4.0f} ms {l_d / l_b:5.2f}x"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

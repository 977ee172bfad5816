#!/usr/bin/env python3
"""Time a terminal (TUI) program's first paint, its quit, and its peak memory.

The command runs inside a detached tmux session of a fixed size on a private
tmux server (own socket, no user config).  The screen is polled with
``capture-pane -p`` until a marker string appears; then a quit key is sent and
the time until the program's process exits is measured.  Peak RSS of the
program's process tree is sampled from /proc while it runs.

    python tui_first_paint.py --marker Hello --runs 7 -- python app.py
    python tui_first_paint.py --marker '^q Quit' --quit-key ctrl+q --json -- posting

Stdlib only; needs tmux (>= 3.0) and Linux /proc.  Importable: see
``TmuxServer`` and ``measure_once`` for driving several commands interleaved.

What the numbers mean
  paint   seconds from just before the tmux client that creates the session is
          spawned, to the first poll that finds the marker on screen.  It
          includes ~1-3 ms of tmux session/pane setup and up to one poll
          interval of polling delay; calibrate with a trivial command, e.g.
          ``--marker READY --quit-key ctrl+d -- sh -c 'echo READY; exec cat'``
          (about 10 ms here).  With several --marker, each one's time is
          reported and paint is the time until all were seen.
  quit    seconds from sending the quit key to the program's process being
          gone (or a zombie), polled every ~2 ms via /proc.
  rss     peak RSS of the process tree: the sum over every process seen in the
          tree (pane process and descendants) of its VmHWM, sampled while
          running.  An upper bound when children peak at different times; for
          a single-process app it is simply that process's peak RSS.

A program that dies before its marker is reported as EXITED-BEFORE-MARKER with
its exit status or signal; --show-screen prints its last screen.  Exit code of
this script: 0 when every counted run showed the marker(s), else 1.

Polling uses one long-lived tmux control-mode client (``tmux -C``), so a poll
costs a round trip on a socket rather than a fork+exec of a tmux client
(~3-5 ms of CPU each, which would compete with the app on a small machine).
``--poll-mode exec`` uses a fresh ``tmux capture-pane`` process per poll.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field

__all__ = ["TmuxServer", "RunResult", "measure_once", "tmux_key", "summarize"]

_KEY_ALIASES = {
    "esc": "Escape",
    "escape": "Escape",
    "enter": "Enter",
    "return": "Enter",
    "tab": "Tab",
    "space": "Space",
    "backspace": "BSpace",
    "up": "Up",
    "down": "Down",
    "left": "Left",
    "right": "Right",
    "home": "Home",
    "end": "End",
    "pageup": "PPage",
    "pagedown": "NPage",
    "delete": "DC",
}


def tmux_key(key: str) -> str:
    """Translate 'ctrl+q' / 'alt+x' / 'escape' style names to tmux key names.

    Anything not recognised (e.g. 'C-q', 'q', 'F10') is passed through as is.
    """
    parts = key.split("+")
    if len(parts) == 1:
        return _KEY_ALIASES.get(key.lower(), key)
    *mods, base = parts
    prefix = ""
    for mod in mods:
        m = mod.lower()
        if m in ("ctrl", "control", "c"):
            prefix += "C-"
        elif m in ("alt", "meta", "m"):
            prefix += "M-"
        elif m in ("shift", "s"):
            prefix += "S-"
        else:
            raise ValueError(f"unknown modifier {mod!r} in key {key!r}")
    return prefix + _KEY_ALIASES.get(base.lower(), base)


def _tmux_quote(s: str) -> str:
    """Quote one argument for tmux's command parser (control-mode input)."""
    return "'" + s.replace("'", "'\\''") + "'"


# --------------------------------------------------------------------------
# /proc helpers
# --------------------------------------------------------------------------


def _proc_alive(pid: int) -> bool:
    """True while pid exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read()
    except (FileNotFoundError, ProcessLookupError):
        return False
    # state is the field after the parenthesised comm (which may hold spaces)
    state = data[data.rfind(b")") + 2 : data.rfind(b")") + 3]
    return state not in (b"Z", b"X")


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                out.extend(int(x) for x in f.read().split())
        except OSError:
            pass
    return out


def _process_tree(root: int) -> list[int]:
    seen, stack = [], [root]
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.append(pid)
        stack.extend(_children(pid))
    return seen


def _vm_hwm_kib(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


class _RssSampler:
    """Tracks max VmHWM per pid over the process tree of one root pid."""

    def __init__(self, root: int):
        self.root = root
        self.hwm: dict[int, int] = {}

    def sample(self) -> None:
        for pid in _process_tree(self.root):
            v = _vm_hwm_kib(pid)
            if v is not None and v > self.hwm.get(pid, 0):
                self.hwm[pid] = v

    @property
    def total_mib(self) -> float:
        return sum(self.hwm.values()) / 1024.0


# --------------------------------------------------------------------------
# tmux server + control-mode client
# --------------------------------------------------------------------------


class TmuxError(RuntimeError):
    pass


class TmuxServer:
    """A private tmux server with one control-mode client used for commands.

    Use as a context manager; the server is killed on exit.
    """

    KEEPER = "tfp-keeper"

    def __init__(self, term: str = "xterm-256color", poll_mode: str = "control"):
        self.socket = f"tfp-{os.getpid()}-{int(time.time() * 1000) % 100000}"
        self.term = term
        self.poll_mode = poll_mode
        self._ctl: subprocess.Popen | None = None
        self._n = 0

    # -- plumbing ---------------------------------------------------------
    def _base(self) -> list[str]:
        return ["tmux", "-L", self.socket, "-f", "/dev/null"]

    def run(self, *args: str, check: bool = True) -> str:
        """Run one tmux command through a fresh client process."""
        p = subprocess.run(self._base() + list(args), capture_output=True, text=True)
        if check and p.returncode != 0:
            raise TmuxError(f"tmux {' '.join(args)}: {p.stderr.strip()}")
        return p.stdout

    def command(self, *args: str) -> list[str]:
        """Run one tmux command through the control-mode client; return output lines."""
        if self._ctl is None:
            return self.run(*args).splitlines()
        assert self._ctl.stdin and self._ctl.stdout
        self._ctl.stdin.write(" ".join(_tmux_quote(a) for a in args) + "\n")
        self._ctl.stdin.flush()
        return self._read_block()

    def _read_block(self) -> list[str]:
        assert self._ctl and self._ctl.stdout
        lines: list[str] = []
        inside = ours = False
        while True:
            line = self._ctl.stdout.readline()
            if not line:
                raise TmuxError("tmux control client closed its output")
            line = line.rstrip("\n")
            if not inside:
                if line.startswith("%begin"):
                    # "%begin TIME NUMBER FLAGS": FLAGS is 1 for a command
                    # this client sent; the attach's own block has 0.
                    inside, lines = True, []
                    fields = line.split()
                    ours = len(fields) < 4 or fields[3] == "1"
                elif line.startswith("%exit"):
                    raise TmuxError("tmux control client exited: " + line)
                continue  # notifications outside a block are ignored
            if line.startswith("%end") or line.startswith("%error"):
                inside = False
                if not ours:
                    continue
                if line.startswith("%error"):
                    raise TmuxError("tmux error: " + " | ".join(lines))
                return lines
            lines.append(line)

    # -- lifecycle --------------------------------------------------------
    def __enter__(self) -> "TmuxServer":
        # A keeper session keeps the server (and the control client) alive
        # between runs, so server start-up is never inside a measurement.
        self.run("new-session", "-d", "-s", self.KEEPER, "-x", "80", "-y", "24", "sleep", "2147483647")
        self.run("set-option", "-g", "default-terminal", self.term)
        # Keep a dead pane's last screen for diagnostics (exit is detected via
        # /proc, not via the pane closing; sessions are killed after each run).
        self.run("set-option", "-g", "remain-on-exit", "on")
        self.run("set-option", "-g", "history-limit", "0")
        if self.poll_mode == "control":
            self._ctl = subprocess.Popen(
                self._base() + ["-C", "attach-session", "-t", self.KEEPER],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                bufsize=1,
                errors="replace",
            )
            # Sync: skip the attach's own block(s) until our marker comes back.
            assert self._ctl.stdin
            self._ctl.stdin.write("display-message -p TFP_SYNC\n")
            self._ctl.stdin.flush()
            while "TFP_SYNC" not in self._read_block():
                pass
        return self

    def __exit__(self, *exc) -> None:
        if self._ctl is not None:
            try:
                self._ctl.stdin.close()  # type: ignore[union-attr]
            except OSError:
                pass
        self.run("kill-server", check=False)
        sock = os.path.join(os.environ.get("TMUX_TMPDIR", "/tmp"), f"tmux-{os.getuid()}", self.socket)
        try:
            os.unlink(sock)
        except OSError:
            pass
        if self._ctl is not None:
            try:
                self._ctl.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self._ctl.kill()
            self._ctl = None

    # -- operations -------------------------------------------------------
    def new_session(self, cmd: list[str], width: int, height: int, cwd: str | None = None) -> tuple[str, int]:
        """Start cmd in a new detached session; return (session name, pane pid)."""
        self._n += 1
        name = f"tfp-run-{self._n}"
        args = [
            "new-session",
            "-d",
            "-P",
            "-F",
            "#{pane_pid}",
            "-s",
            name,
            "-x",
            str(width),
            "-y",
            str(height),
        ]
        if cwd:
            args += ["-c", cwd]
        # `env TERM=...` makes the argv >1 word, so tmux execs it directly (no
        # shell); env then execs the command, so the pane pid is the program.
        args += ["env", f"TERM={self.term}", *cmd]
        return name, int(self.run(*args).strip())

    def dead_status(self, target: str) -> str:
        try:
            return "".join(
                self.command(
                    "display-message",
                    "-p",
                    "-t",
                    target,
                    "#{?pane_dead_signal,signal #{pane_dead_signal},#{pane_dead_status}}",
                )
            )
        except TmuxError:
            return ""

    def capture(self, target: str) -> str:
        if self.poll_mode == "exec":
            return self.run("capture-pane", "-p", "-t", target, check=False)
        try:
            return "\n".join(self.command("capture-pane", "-p", "-t", target))
        except TmuxError:
            return ""  # pane already gone

    def send_keys(self, target: str, keys: list[str]) -> None:
        self.command("send-keys", "-t", target, *keys)

    def kill_session(self, target: str) -> None:
        try:
            self.command("kill-session", "-t", target)
        except TmuxError:
            pass


# --------------------------------------------------------------------------
# one measurement
# --------------------------------------------------------------------------


@dataclass
class RunResult:
    paint_s: float | None  # None: a marker not seen before the timeout
    quit_s: float | None  # None: did not exit within quit timeout
    rss_mib: float | None  # None: not sampled
    exited_early: bool = False  # process died before the marker appeared
    exit_status: str = ""  # its exit status (or signal) when it did
    marks: dict = field(default_factory=dict)  # marker -> seconds to first seen
    screen: str = field(default="", repr=False)


def measure_once(
    server: TmuxServer,
    cmd: list[str],
    marker: str | list[str],
    *,
    width: int = 80,
    height: int = 24,
    timeout: float = 30.0,
    poll: float = 0.01,
    quit_keys: list[str] | None = None,
    quit_timeout: float = 10.0,
    rss: bool = False,
    rss_every: float = 0.05,
    cwd: str | None = None,
) -> RunResult:
    """Run cmd once; paint_s is the time until every marker has been seen.

    With several markers (e.g. first frame, then data loaded) each one's own
    time is in RunResult.marks.
    """
    quit_keys = ["C-q"] if quit_keys is None else quit_keys
    markers = [marker] if isinstance(marker, str) else list(marker)
    marks: dict[str, float] = {}
    t0 = time.perf_counter()
    target, pid = server.new_session(cmd, width, height, cwd)
    try:
        sampler = _RssSampler(pid) if rss else None
        paint = None
        screen = ""
        exited_early = False
        next_rss = 0.0
        while True:
            now = time.perf_counter()
            screen = server.capture(target)
            t_seen = time.perf_counter() - t0
            for m in markers:
                if m not in marks and m in screen:
                    marks[m] = t_seen
            if len(marks) == len(markers):
                paint = t_seen
                break
            if not _proc_alive(pid):
                exited_early = True
                time.sleep(0.05)  # let tmux notice, then keep the dead pane's screen
                screen = server.capture(target)
                break
            if now - t0 > timeout:
                break
            if sampler and now >= next_rss:
                sampler.sample()
                next_rss = now + rss_every
            time.sleep(poll)
        if sampler and not exited_early:
            sampler.sample()
        quit_s = None
        if paint is not None:
            if sampler:
                # let the app settle briefly so post-paint work is counted in RSS
                time.sleep(0.2)
                sampler.sample()
            tq = time.perf_counter()
            if quit_keys:
                server.send_keys(target, quit_keys)
            while time.perf_counter() - tq < quit_timeout:
                if not _proc_alive(pid):
                    quit_s = time.perf_counter() - tq
                    break
                time.sleep(0.002)
        status = server.dead_status(target) if exited_early else ""
        return RunResult(
            paint, quit_s, sampler.total_mib if sampler else None, exited_early, status, marks, screen
        )
    finally:
        server.kill_session(target)


# --------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------


def summarize(values: list[float | None]) -> dict | None:
    v = [x for x in values if x is not None]
    if not v:
        return None
    return {"median": statistics.median(v), "min": min(v), "max": max(v), "n": len(v)}


def _fmt(s: dict | None, unit: str, scale: float = 1.0, nd: int = 3) -> str:
    if s is None:
        return "n/a"
    return (
        f"median {s['median'] * scale:.{nd}f}{unit}  min {s['min'] * scale:.{nd}f}{unit}"
        f"  max {s['max'] * scale:.{nd}f}{unit}  (n={s['n']})"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="Time a TUI's first paint of a marker inside tmux, its quit, and peak RSS.",
        usage="%(prog)s --marker TEXT [options] -- COMMAND [ARG ...]",
    )
    ap.add_argument(
        "--marker",
        required=True,
        action="append",
        help="text whose appearance on screen counts as first paint; repeat it to "
        "time several (e.g. first frame, then data loaded): paint = all seen",
    )
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--warmup", type=int, default=1, help="uncounted runs first (default 1)")
    ap.add_argument("--width", type=int, default=80)
    ap.add_argument("--height", type=int, default=24)
    ap.add_argument("--term", default="xterm-256color")
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for the marker")
    ap.add_argument("--poll", type=float, default=0.01, help="poll interval in seconds (default 0.01)")
    ap.add_argument("--poll-mode", choices=("control", "exec"), default="control")
    ap.add_argument(
        "--quit-key",
        action="append",
        default=None,
        help="key to send after the marker (repeatable, sent in order; default ctrl+q; 'none' sends nothing)",
    )
    ap.add_argument("--quit-timeout", type=float, default=10.0)
    ap.add_argument("--rss", action="store_true", help="sample peak RSS of the process tree")
    ap.add_argument("--cwd", default=None)
    ap.add_argument(
        "--show-screen",
        action="store_true",
        help="print the screen seen at first paint (or at timeout) of the first counted run",
    )
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    a = ap.parse_args(argv)
    cmd = a.command[1:] if a.command[:1] == ["--"] else a.command
    if not cmd:
        ap.error("no command given (put it after --)")
    keys = a.quit_key or ["ctrl+q"]
    quit_keys = [] if keys == ["none"] else [tmux_key(k) for k in keys]

    results: list[RunResult] = []
    with TmuxServer(term=a.term, poll_mode=a.poll_mode) as srv:
        for i in range(a.warmup + a.runs):
            r = measure_once(
                srv,
                cmd,
                a.marker,
                width=a.width,
                height=a.height,
                timeout=a.timeout,
                poll=a.poll,
                quit_keys=quit_keys,
                quit_timeout=a.quit_timeout,
                rss=a.rss,
                cwd=a.cwd,
            )
            counted = i >= a.warmup
            if counted:
                results.append(r)
            if not a.json:
                tag = f"run {i - a.warmup + 1}" if counted else f"warmup {i + 1}"
                paint = "TIMEOUT" if r.paint_s is None else f"{r.paint_s:.3f}s"
                if r.exited_early:
                    paint = f"EXITED-BEFORE-MARKER (status {r.exit_status or '?'})"
                quit_ = "n/a" if r.quit_s is None else f"{r.quit_s:.3f}s"
                rss = "" if r.rss_mib is None else f"  rss={r.rss_mib:.1f}MiB"
                print(f"{tag}: paint={paint}  quit={quit_}{rss}", file=sys.stderr, flush=True)
            if a.show_screen and (counted and len(results) == 1):
                print("----- screen -----\n" + r.screen + "\n------------------", file=sys.stderr)

    summary = {
        "command": shlex.join(cmd),
        "marker": a.marker,
        "size": f"{a.width}x{a.height}",
        "runs": a.runs,
        "poll_mode": a.poll_mode,
        "paint_s": summarize([r.paint_s for r in results]),
        "marks_s": {m: summarize([r.marks.get(m) for r in results]) for m in a.marker},
        "quit_s": summarize([r.quit_s for r in results]),
        "rss_mib": summarize([r.rss_mib for r in results]) if a.rss else None,
        "failures": sum(1 for r in results if r.paint_s is None),
        "per_run": [{k: v for k, v in asdict(r).items() if k != "screen"} for r in results],
    }
    if a.json:
        print(json.dumps(summary, indent=1))
    else:
        print(f"command:     {summary['command']}")
        if len(a.marker) > 1:
            for m, st in summary["marks_s"].items():
                print(f"  {m!r:20s} {_fmt(st, 's')}")
        print(f"first paint: {_fmt(summary['paint_s'], 's')}")
        print(f"quit->exit:  {_fmt(summary['quit_s'], 's')}")
        if a.rss:
            print(f"peak RSS:    {_fmt(summary['rss_mib'], 'MiB', nd=1)}")
        if summary["failures"]:
            print(f"failures:    {summary['failures']} of {a.runs} runs never showed the marker")
    return 0 if summary["failures"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

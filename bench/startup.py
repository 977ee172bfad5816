"""Start-up benchmark: deskapp's first usable screen against a bare Textual app.

    .venv/bin/python bench/startup.py [--runs 9]

Both run in a real terminal (a private tmux server, 80x24), interleaved, in
the same run, through bench/tui_first_paint.py. The bare app is one
Static and a Footer. deskapp starts on a database with staff, so its first
usable screen is the sign-in screen with the staff list loaded (the list is
the marker). Prints the medians and the ratios, and the time from Ctrl+Q until
the process is gone; targets (issue 20): start within 1.2x, peak memory within
1.3x and quit no slower than the bare app (README, "Start-up figures").
Needs tmux. Not a test: it prints figures, it asserts nothing.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import tui_first_paint as tool  # bench/, beside this script

ROOT = Path(__file__).resolve().parent.parent

BARE_APP = """
from textual.app import App
from textual.widgets import Footer, Static

class Bare(App):
    def compose(self):
        yield Static("Hello from a bare app")
        yield Footer()

Bare().run()
"""


def compile_bytecode() -> None:
    """As a desk has it after its first start (or a wheel install): the bytecode
    cache written, even when this shell sets PYTHONDONTWRITEBYTECODE."""
    import compileall

    import deskapp
    import deskapp.screens

    for package in (deskapp, deskapp.screens):
        compileall.compile_dir(Path(package.__file__).parent, quiet=1)


def prepare(workdir: Path) -> dict[str, str]:
    """A desk with staff and today's backup, as on any start after the first."""
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(workdir / "data"),
        "XDG_CONFIG_HOME": str(workdir / "config"),
        "LANG": "C.UTF-8",
    }
    deskapp = str(Path(sys.executable).with_name("deskapp"))
    subprocess.run([deskapp, "init"], env=env, check=True, capture_output=True)
    subprocess.run(
        [deskapp, "staff", "add", "Bench Admin"],
        input="123456\n123456\n",
        text=True,
        env=env,
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [deskapp, "staff", "add", "Zhou Min", "--admin", "Bench Admin"],
        input="123456\n5678\n5678\n",
        text=True,
        env=env,
        check=True,
        capture_output=True,
    )
    return env


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=9)
    args = ap.parse_args()
    compile_bytecode()
    if importlib.util.find_spec("psycopg2") is not None:
        print(
            "note: this environment has the PostgreSQL driver (the test extras install it) and peewee "
            "loads it at every start: about 6 MiB and 15 ms more than a desk on a file, which is "
            "installed without it (pyproject.toml, extra `server`)",
            file=sys.stderr,
        )

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = prepare(work)
        bare = work / "bare_app.py"
        bare.write_text(BARE_APP)
        os.environ.update({k: env[k] for k in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "LANG")})
        cases = {
            "bare Textual app": ([sys.executable, str(bare)], "Hello from a bare app"),
            "deskapp sign-in": (
                [str(Path(sys.executable).with_name("deskapp")), "--lang", "en"],
                ["type or pick from the list", "Zhou Min"],
            ),
        }
        results: dict[str, list] = {name: [] for name in cases}
        with tool.TmuxServer() as server:
            for i in range(args.runs + 1):  # the first round warms the disk cache, uncounted
                for name, (cmd, marker) in cases.items():
                    r = tool.measure_once(server, cmd, marker, rss=True, quit_keys=["C-q"])
                    if r.paint_s is None:
                        print(
                            f"{name}: no first paint (exited={r.exited_early} {r.exit_status})\n{r.screen}",
                            file=sys.stderr,
                        )
                        return 1
                    if i:
                        results[name].append(r)

    med = {
        name: (statistics.median(r.paint_s for r in rs), statistics.median(r.rss_mib for r in rs))
        for name, rs in results.items()
    }
    quits = {
        name: statistics.median(r.quit_s if r.quit_s is not None else float("inf") for r in rs)
        for name, rs in results.items()
    }
    print(f"runs: {args.runs} each, interleaved, 80x24 in tmux; python {sys.version.split()[0]}")
    for name, (paint, rss) in med.items():
        lo = min(r.paint_s for r in results[name])
        hi = max(r.paint_s for r in results[name])
        print(
            f"{name:18s} first paint median {paint * 1000:6.0f} ms (min {lo * 1000:.0f}, "
            f"max {hi * 1000:.0f})   peak RSS median {rss:5.1f} MiB   quit (Ctrl+Q) median "
            f"{quits[name] * 1000:4.0f} ms"
        )
    form = statistics.median(r.marks["type or pick from the list"] for r in results["deskapp sign-in"])
    print(
        f"{'':18s} of which the sign-in form (typing possible) at {form * 1000:.0f} ms; the staff list last"
    )
    (bp, br), (dp, dr) = med["bare Textual app"], med["deskapp sign-in"]
    print(
        f"ratio deskapp/bare: start {dp / bp:.2f}x to the staff list, {form / bp:.2f}x to the form "
        f"(target <= 1.20x); memory {dr / br:.2f}x (target <= 1.30x); quit "
        f"{quits['deskapp sign-in'] / quits['bare Textual app']:.2f}x (target <= 1.00x)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

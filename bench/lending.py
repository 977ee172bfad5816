"""Lending benchmark: commit times and the loan lists on a million loans, on SQLite and PostgreSQL.

    .venv/bin/python bench/lending.py [--commits 200] [--loans 1000000] [--cache DIR]
                                      [--server URL | --no-server]

1. Commits: the median (and 90th percentile) time of lending.lend() for one
   umbrella and of returns.return_items() for it, on a file database with the
   desk's own settings (WAL, synchronous=FULL: each commit is on disk when it
   returns). The aim: a loan or a return commits in a few milliseconds.
2. Lists: a database of --loans past loans (one item each; 1,000 still out,
   half of them overdue), built once with bulk inserts and kept in --cache.
   Times loan_lists.page() for each list and for searches, then the real screen
   (DeskApp headless, Pilot): from Ctrl+L, and from Ctrl+N to the overdue
   list, until the table shows its rows, against a bare Textual app that
   pushes a screen with a 100-row DataTable, measured in the same run.
3. The same commits and lists on a PostgreSQL server: --server URL (a database
   the benchmark may fill and empty), or by default a throwaway server on
   loopback started with scripts/pg_server.sh (fsync on, as a real server).
   The million loans are copied into it from the SQLite file.
Several desks at once on one database: bench/desks.py.
Not a test: it prints figures, it asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.2f} ms"


def summary(samples: list[float]) -> str:
    samples = sorted(samples)
    p90 = samples[int(len(samples) * 0.9) - 1]
    return f"median {ms(statistics.median(samples))}  p90 {ms(p90)}  (n={len(samples)})"


def open_bench_desk(folder: Path, lang: str = "en", server: str = ""):
    from deskapp.desk import open_desk
    from deskapp.paths import Locations

    locations = Locations(folder / "data", folder / "config", folder / "data" / "desk.sqlite3", server=server)
    return open_desk(lang=lang, locations=locations, create=True)


class ThrowawayServer:
    """scripts/pg_server.sh start/stop around a block; .url is the server's admin database."""

    def __enter__(self) -> ThrowawayServer:
        import subprocess

        self.folder = tempfile.mkdtemp(prefix="deskapp-bench-pg.")
        out = subprocess.run(
            ["bash", str(ROOT / "scripts" / "pg_server.sh"), "start", self.folder],
            capture_output=True,
            text=True,
            check=True,
        )
        self.url = out.stdout.strip()
        return self

    def __exit__(self, *exc) -> None:
        import subprocess

        subprocess.run(
            ["bash", str(ROOT / "scripts" / "pg_server.sh"), "stop", self.folder],
            capture_output=True,
            check=False,
        )


def fresh_server_database(admin_url: str, name: str) -> str:
    """Drop and create `name` on the server; its URL."""
    from urllib.parse import urlsplit

    import psycopg2

    conn = psycopg2.connect(admin_url)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        cur.execute(f"CREATE DATABASE {name}")
        cur.execute("SHOW server_version")
        version = cur.fetchone()[0]
        cur.execute("SHOW fsync")
        fsync = cur.fetchone()[0]
    conn.close()
    print(f"  (PostgreSQL {version}, fsync={fsync}, database {name})")
    return urlsplit(admin_url)._replace(path=f"/{name}").geturl()


def admin(desk):
    from deskapp.services import audit, staff

    if not staff.has_staff():
        staff.create_first_admin("Bench Admin", "123456", "123456", desk.policy.security, desk.time.now())
    return audit.Actor(1, "tui")


# -- 1. commits -------------------------------------------------------------------------


def bench_commits(n: int, server: str = "") -> None:
    from deskapp import db
    from deskapp.services import lending, returns, stock

    with tempfile.TemporaryDirectory() as tmp:
        desk = open_bench_desk(Path(tmp), server=server)
        actor = admin(desk)
        stock.add_items(actor, desk.policy, "umbrella", f"B001-B{n:03d}", "", desk.time.now())
        lend_s, return_s = [], []
        for i in range(1, n + 1):
            t = time.perf_counter()
            lending.lend(actor, desk.policy, desk.time, [f"B{i:03d}"], "张三", f"139{i:08d}")
            lend_s.append(time.perf_counter() - t)
        for i in range(1, n + 1):
            case = returns.find_for_return(f"B{i:03d}")
            t = time.perf_counter()
            returns.return_items(
                actor,
                desk.policy,
                desk.policy.security,
                desk.time,
                [line.id for line in case.lines],
                "intact",
            )
            return_s.append(time.perf_counter() - t)
        if server:
            where = "on PostgreSQL (synchronous_commit={})".format(
                db.database.execute_sql("SHOW synchronous_commit").fetchone()[0]
            )
        else:
            sync = db.database.execute_sql("PRAGMA synchronous").fetchone()[0]
            mode = db.database.execute_sql("PRAGMA journal_mode").fetchone()[0]
            where = f"on a file database (journal_mode={mode}, synchronous={sync}, 2=FULL)"
        db.disconnect()
    print(f"commits {where}:")
    print(f"  lend one umbrella    {summary(lend_s)}")
    print(f"  return it (intact)   {summary(return_s)}")


# -- 2. a million loans -----------------------------------------------------------------------


def build(folder: Path, loans: int) -> None:
    """Loans one item each, lent every few minutes up to today; all returned but the last 1,000."""
    desk = open_bench_desk(folder)
    admin(desk)
    from deskapp import db

    db.disconnect()
    path = folder / "data" / "desk.sqlite3"
    con = sqlite3.connect(path)
    con.execute("PRAGMA synchronous=OFF")
    items = 2000
    out = min(1000, loans)
    now = datetime.now(timezone.utc).replace(microsecond=0, tzinfo=None)
    step = timedelta(minutes=3)
    fmt = "%Y-%m-%d %H:%M:%S"
    rng = random.Random(7)
    surnames = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
    with con:
        con.executemany(
            "INSERT INTO item (id, kind, tag, status, note, added_at) VALUES (?, 'umbrella', ?, ?, '', ?)",
            (
                (i, f"U{i:04d}", "on_loan" if i <= out else "available", (now - step * loans).strftime(fmt))
                for i in range(1, items + 1)
            ),
        )

        def loan_rows():
            for n in range(1, loans + 1):
                lent = now - step * (loans - n) - timedelta(days=4 if n > loans - out // 2 else 10)
                phone = f"13{rng.randrange(10**9):09d}"
                yield (n, lent.strftime(fmt), surnames[n % len(surnames)] + "先生", phone, phone[-4:])

        con.executemany(
            "INSERT INTO loan (id, lent_at, lent_by_id, borrower, phone, phone_last4, "
            "id_number, note) VALUES (?, ?, 1, ?, ?, ?, '', '')",
            loan_rows(),
        )
        from deskapp.services.pairs import keys

        names = con.execute("SELECT id, borrower FROM loan").fetchall()
        con.executemany(
            "INSERT INTO name_gram (gram, loan_id) VALUES (?, ?)",
            ((gram, loan_id) for loan_id, name in names for gram in keys(name)),
        )

        def line_rows():
            for n in range(1, loans + 1):
                lent = now - step * (loans - n) - timedelta(days=4 if n > loans - out // 2 else 10)
                due = (lent + timedelta(days=7)).strftime(fmt)
                is_out = n > loans - out
                item = (loans - n) + 1 if is_out else rng.randrange(out + 1, items + 1)
                if is_out:
                    yield (n, n, item, due, "out", None, None, None, None, None, None, None, None)
                else:
                    yield (
                        n,
                        n,
                        item,
                        due,
                        "returned",
                        (lent + timedelta(days=2)).strftime(fmt),
                        1,
                        "intact",
                        0,
                        0,
                        0,
                        2000,
                        0,
                    )

        con.executemany(
            "INSERT INTO loan_item (id, loan_id, item_id, kind, deposit_fen, due_at, state, "
            "closed_at, closed_by_id, condition, days_late, fee_fen, charge_fen, refund_fen, "
            "owed_fen) VALUES (?, ?, ?, 'umbrella', 2000, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            line_rows(),
        )
    con.execute("ANALYZE")
    con.close()


def cached_desk(cache: Path, loans: int) -> Path:
    from deskapp import migrations

    folder = cache / f"loans-{loans}-schema{len(migrations.known())}"
    if not (folder / "data" / "desk.sqlite3").exists():
        shutil.rmtree(folder, ignore_errors=True)
        t = time.perf_counter()
        build(folder, loans)
        print(f"built {loans:,} loans in {time.perf_counter() - t:.0f} s (kept in {folder})")
    return folder


LOAN_TABLES = ("staff", "item", "loan", "name_gram", "loan_item")


def copy_to_server(folder: Path, url: str, tables: tuple[str, ...] = LOAN_TABLES) -> None:
    """The cached file's rows into a migrated server database (COPY), then ANALYZE."""
    import io

    import psycopg2

    from deskapp import db

    open_bench_desk(folder, server=url)
    db.disconnect()
    src = sqlite3.connect(folder / "data" / "desk.sqlite3")
    dst = psycopg2.connect(url)
    t = time.perf_counter()
    with dst, dst.cursor() as cur:
        for table in tables:
            columns = [r[1] for r in src.execute(f"PRAGMA table_info({table})")]
            cur.execute(f"DELETE FROM {table}")
            rows = src.execute(f"SELECT {', '.join(columns)} FROM {table}")
            while chunk := rows.fetchmany(50_000):
                buf = io.StringIO()
                for row in chunk:
                    buf.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
                buf.seek(0)
                cur.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buf)
            if not table.endswith("_gram"):  # keyed by its pair and record, no sequence
                cur.execute(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))")
    dst.autocommit = True
    with dst.cursor() as cur:
        cur.execute("ANALYZE")
    dst.close()
    src.close()
    print(f"  copied {', '.join(tables)} into the server in {time.perf_counter() - t:.0f} s")


def bench_pages(folder: Path, server: str = "") -> None:
    from deskapp import db
    from deskapp.services import loan_lists

    desk = open_bench_desk(folder, server=server)
    if server:
        size = db.database.execute_sql("SELECT pg_database_size(current_database())").fetchone()[0] / 2**20
    else:
        size = (folder / "data" / "desk.sqlite3").stat().st_size / 2**20
    total = db.database.execute_sql("SELECT count(*) FROM loan_item").fetchone()[0]
    print(
        f"\nlists on {total:,} loan items ({size:.0f} MiB {'PostgreSQL' if server else 'SQLite'} database),"
        " loan_lists.page(), 100 rows:"
    )
    middle = total // 2
    some = db.database.execute_sql(
        f"SELECT phone_last4, borrower FROM loan WHERE id = {int(middle)}"
    ).fetchone()
    cases = [
        ("out now", "out", ""),
        ("overdue", "overdue", ""),
        ("history", "history", ""),
        ("history, a slip", "history", f"L{middle:07d}"),
        ("history, last 4 of a phone", "history", some[0]),
        ("history, a name", "history", some[1]),
        ("history, two characters of it", "history", some[1][:2]),
        ("history, one character", "history", some[1][:1]),
        ("history, a tag", "history", "U0500"),
    ]
    for name, view, text in cases:
        first = None
        runs = []
        for _ in range(5):
            t = time.perf_counter()
            page = loan_lists.page(view, desk.time, text, 0, 100)
            runs.append(time.perf_counter() - t)
            first = first if first is not None else runs[-1]
        print(
            f"  {name:28s} median {ms(statistics.median(runs))}  first {ms(first)}"
            f"  ({len(page.rows)} rows of {'(not counted)' if page.total is None else f'{page.total:,}'})"
        )
    db.disconnect()


async def open_list_in_app(folder: Path) -> tuple[float, float, float, float]:
    """Seconds from the first Ctrl+L to the rows (the screen's module is imported then), from
    Ctrl+N (overdue) to its rows, and from Ctrl+L again after Home; peak RSS MiB."""
    from textual.widgets import DataTable

    from deskapp.app import DeskApp

    desk = open_bench_desk(folder)
    app = DeskApp(desk, backup_after=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.focused.insert_text_at_cursor("Bench Admin")
        await pilot.press("enter")
        app.focused.insert_text_at_cursor("123456")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()

        async def until_rows(key: str, before: int = -1) -> float:
            t = time.perf_counter()
            await pilot.press(key)
            while True:
                table = app.screen.query(DataTable)
                if table and table.first().row_count and app.screen.generation != before:
                    if not app.screen.fetching:
                        return time.perf_counter() - t
                await asyncio.sleep(0.001)

        opened = await until_rows("ctrl+l")
        generation = app.screen.generation
        overdue = await until_rows("ctrl+n", generation)
        generation = app.screen.generation
        await pilot.press("escape")
        await pilot.pause()
        again = await until_rows("ctrl+l", generation)
    return opened, overdue, again, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def open_list_in_bare_app() -> float:
    """A bare Textual app pushing a screen with a DataTable of 100 rows."""
    from textual.app import App
    from textual.screen import Screen
    from textual.widgets import DataTable, Footer

    class ListScreen(Screen):
        def compose(self):
            yield DataTable()
            yield Footer()

        def on_mount(self):
            table = self.query_one(DataTable)
            table.add_columns("Slip", "Item", "Borrower", "Phone", "Lent", "Due", "Days late", "State")
            for n in range(100):
                table.add_row(
                    f"L{n:07d}",
                    f"U{n:04d} Umbrella",
                    "王先生",
                    "138****8000",
                    "11-20 10:00",
                    "11-27 22:00",
                    "",
                    "out",
                )

    class Bare(App):
        pass

    app = Bare()
    async with app.run_test(size=(80, 24)) as pilot:
        t = time.perf_counter()
        app.push_screen(ListScreen())
        while not (app.screen.query(DataTable) and app.screen.query_one(DataTable).row_count):
            await asyncio.sleep(0.001)
        await pilot.pause()
        return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--commits", type=int, default=200)
    ap.add_argument("--loans", type=int, default=1_000_000)
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "deskapp-bench")
    ap.add_argument("--runs", type=int, default=5, help="times the screens are opened")
    ap.add_argument("--server", default="", help="a PostgreSQL admin URL (default: a throwaway server)")
    ap.add_argument("--no-server", action="store_true", help="SQLite only")
    args = ap.parse_args()
    os.environ.setdefault("LANG", "C.UTF-8")
    print(f"python {sys.version.split()[0]}, sqlite {sqlite3.sqlite_version}")
    bench_commits(args.commits)
    folder = cached_desk(args.cache, args.loans)
    bench_pages(folder)
    desk_runs, bare_runs = [], []
    for _ in range(args.runs):  # interleaved
        bare_runs.append(asyncio.run(open_list_in_bare_app()))
        desk_runs.append(asyncio.run(open_list_in_app(folder)))
    from deskapp import db

    db.disconnect()
    bare = statistics.median(bare_runs)
    opened = statistics.median(r[0] for r in desk_runs)
    overdue = statistics.median(r[1] for r in desk_runs)
    again = statistics.median(r[2] for r in desk_runs)
    print(f"\nscreens, headless 80x24, median of {args.runs}:")
    print(f"  bare Textual app, push a 100-row DataTable   {ms(bare)}")
    print(f"  deskapp first Ctrl+L (imports the screen)    {ms(opened)}   ratio {opened / bare:.2f}x")
    print(f"  deskapp Ctrl+N, overdue list shown           {ms(overdue)}   ratio {overdue / bare:.2f}x")
    print(f"  deskapp Ctrl+L again from Home               {ms(again)}   ratio {again / bare:.2f}x")
    print(f"  peak RSS of this process {max(r[3] for r in desk_runs):.0f} MiB")
    if not args.no_server:
        print("\nthe same on PostgreSQL:")
        if args.server:
            bench_server(args.server, args, folder)
        else:
            with ThrowawayServer() as server:
                bench_server(server.url, args, folder)
    return 0


def bench_server(admin_url: str, args: argparse.Namespace, folder: Path) -> None:
    bench_commits(args.commits, fresh_server_database(admin_url, "deskapp_bench_commits"))
    url = fresh_server_database(admin_url, "deskapp_bench_loans")
    copy_to_server(folder, url)
    bench_pages(folder, url)


if __name__ == "__main__":
    raise SystemExit(main())

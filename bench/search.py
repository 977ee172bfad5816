"""Search benchmark: F8 and the lists' searches on a million loans and 100,000 complaints,
on SQLite and PostgreSQL.

    .venv/bin/python bench/search.py [--loans 1000000] [--complaints 100000] [--cache DIR]
                                     [--server URL | --no-server | --filled URL]

The desk of bench/lending.py (--loans past loans, built once and kept in --cache),
with --complaints complaints, 20,000 kit uses and 100,000 lines of the handover
log (one in ten a promise) added, kept in --cache too. For each kind of text a
clerk types into F8 (a slip, a tag, the last four digits of a phone, a
two-character name, a name no record holds, a complaint number, part of what
happened), it times the whole of F8 (search.find: loans, complaints, items, kit
uses and promises) and the complaint list's search alone, median of 7 and the
first. The aim (issue 20): 20 ms or less for each, on both engines.
Not a test: it prints figures, it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lending as bench_lending  # noqa: E402

FMT = "%Y-%m-%d %H:%M:%S"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
PLACES = ["1F 化妆品区", "2F 女装", "3F 童装店", "4F 美食广场", "B1 超市", "B2 停车场", "5F 影院", "电梯间"]
WHAT = [
    "店员态度差",
    "商品有质量问题",
    "退货被拒",
    "停车收费有误",
    "食品里有异物",
    "排队时间太长",
    "地面湿滑摔倒",
    "空调太冷",
    "广播声音太大",
    "卫生间不干净",
]
TABLES = (
    "complaint",
    "complaint_gram",
    "kit",
    "kit_use",
    "kit_use_gram",
    "shift_log",
    "log_entry",
    "promise_gram",
)


def build(folder: Path, complaints: int, uses: int = 20_000, log_lines: int = 100_000) -> None:
    from deskapp.services.pairs import keys, without_numbers

    con = sqlite3.connect(folder / "data" / "desk.sqlite3")
    con.execute("PRAGMA synchronous=OFF")
    rng = random.Random(11)
    now = datetime.now(timezone.utc).replace(microsecond=0, tzinfo=None)
    step = timedelta(minutes=50)

    def complaint_rows():
        for n in range(1, complaints + 1):
            got = now - step * (complaints - n)
            who = SURNAMES[n % len(SURNAMES)] + ("女士" if n % 2 else "先生")
            phone = f"13{rng.randrange(10**9):09d}"
            yield (
                n,
                got.strftime(FMT),
                got.strftime(FMT),
                rng.choice(PLACES),
                rng.choice(WHAT),
                "店员",
                who,
                phone,
                "general",
                "closed",
                got.strftime(FMT),
            )

    with con:
        con.executemany(
            "INSERT INTO complaint (id, received_at, happened_at, place, what, people, complainant, contact, "
            "kind, state, closed_at, taken_by_id, channel, expectation, media_risk, collective, assigned_to, "
            "incident_report) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 'walk_in', '', 0, 0, '', '')",
            complaint_rows(),
        )
        texts = con.execute("SELECT id, complainant, place, people, what, contact FROM complaint").fetchall()
        con.executemany(
            "INSERT INTO complaint_gram (gram, complaint_id) VALUES (?, ?)",
            ((key, row[0]) for row in texts for key in keys(*row[1:5], phones=row[5:])),
        )
        con.execute("INSERT INTO kit (id, name, location, active) VALUES (1, '', '', 1)")
        con.executemany(
            "INSERT INTO kit_use (kit_id, happened_at, registered_at, registered_by_id, person_type, "
            "person_name, contact, what, what_text, disinfection, bandaging, help_other, called_120, "
            "refused, note) VALUES (1, ?, ?, 1, 'customer', ?, ?, 'minor_injury', '擦伤', 1, 1, '', 0, 0, "
            "'')",
            (
                (
                    (now - step * n).strftime(FMT),
                    (now - step * n).strftime(FMT),
                    SURNAMES[n % len(SURNAMES)] + "小朋友",
                    f"139{n:08d}",
                )
                for n in range(uses)
            ),
        )
        texts = con.execute("SELECT id, person_name, contact, what_text, note FROM kit_use").fetchall()
        con.executemany(
            "INSERT INTO kit_use_gram (gram, use_id) VALUES (?, ?)",
            (
                (key, row[0])
                for row in texts
                for key in keys(row[1], without_numbers(row[2]), *row[3:], phones=row[2:3])
            ),
        )
        con.executemany(
            "INSERT INTO shift_log (id, shift, opened_at, state, summary, notes, "
            "cash_opening_fen, cash_reason, items, item_reason, prev_hash, hash) "
            "VALUES (?, 'day', ?, 'signed', '', '', 0, '', '', '', '', '')",
            ((n, (now - timedelta(days=n)).strftime(FMT)) for n in range(1, log_lines // 30 + 2)),
        )
        con.executemany(
            "INSERT INTO log_entry (log_id, at, staff_id, type, text, told, promise_to) "
            "VALUES (?, ?, 1, ?, ?, 0, ?)",
            log_rows(now - step * n for n in range(log_lines)),
        )
        texts = con.execute("SELECT id, text, promise_to FROM log_entry WHERE type = 'promise'").fetchall()
        con.executemany(
            "INSERT INTO promise_gram (gram, entry_id) VALUES (?, ?)",
            ((key, row[0]) for row in texts for key in keys(row[1], without_numbers(row[2]), phones=row[2:])),
        )
    con.execute("ANALYZE")
    con.close()


def log_rows(times):
    """Handover log lines, one in ten a promise to a customer."""
    for n, at in enumerate(times):
        if n % 10:
            yield (n // 30 + 1, at.strftime(FMT), "note", "交接正常", "")
        else:
            who = SURNAMES[n % len(SURNAMES)] + "女士"
            yield (n // 30 + 1, at.strftime(FMT), "promise", "答应下午回电", who)


def cached(cache: Path, loans: int, complaints: int) -> Path:
    from deskapp import migrations

    folder = cache / f"search-{loans}-{complaints}-schema{len(migrations.known())}"
    if not (folder / "data" / "desk.sqlite3").exists():
        shutil.rmtree(folder, ignore_errors=True)
        loans_folder = bench_lending.cached_desk(cache, loans)
        t = time.perf_counter()
        part = folder.with_name(folder.name + ".part")
        shutil.rmtree(part, ignore_errors=True)
        shutil.copytree(loans_folder, part)
        build(part, complaints)
        part.rename(folder)
        print(f"built {complaints:,} complaints in {time.perf_counter() - t:.0f} s (kept in {folder})")
    return folder


def timed(call, runs: int = 7) -> tuple[float, float, object]:
    times, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - t)
    return statistics.median(times), times[0], result


def bench(folder: Path, server: str = "") -> None:
    from deskapp import db
    from deskapp.services import complaint_reports, search

    desk = bench_lending.open_bench_desk(folder, server=server)
    sql = db.database.execute_sql
    counts = {
        t: sql(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("loan", "complaint", "kit_use", "log_entry")
    }
    middle = counts["loan"] // 2
    last4, name = sql(f"SELECT phone_last4, borrower FROM loan WHERE id = {middle}").fetchone()
    (who,) = sql(f"SELECT complainant FROM complaint WHERE id = {counts['complaint'] // 2}").fetchone()
    print(f"\n{'PostgreSQL' if server else 'SQLite'}: " + ", ".join(f"{n:,} {t}" for t, n in counts.items()))
    print(f"  {'F8 text':34s} {'F8 (every section)':>22s} {'complaint list':>22s}")
    cases = [
        ("a slip", f"L{counts['loan'] - 1:07d}"),
        ("a tag", "U0500"),
        ("last 4 of a phone", last4),
        ("a borrower's name", name),
        ("two characters of it", name[:2]),
        ("a complainant", who),
        ("part of what happened", "异物"),
        ("a name no record holds", "欧阳"),
        ("a complaint number", f"C{counts['complaint'] // 2:07d}"),
        ("one character", "欧"),
    ]
    for label, text in cases:
        found, found_first, hits = timed(lambda text=text: search.find(desk.policy, desk.time, text))
        listed, listed_first, _page = timed(lambda text=text: complaint_reports.page("all", desk.time, text))
        print(
            f"  {label + ' ' + text:34s} {found * 1000:7.1f} ms (first {found_first * 1000:5.1f})"
            f" {listed * 1000:7.1f} ms (first {listed_first * 1000:5.1f})  {len(hits)} hits"
        )
    db.disconnect()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--loans", type=int, default=1_000_000)
    ap.add_argument("--complaints", type=int, default=100_000)
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "deskapp-bench")
    ap.add_argument("--server", default="", help="a PostgreSQL admin URL (default: a throwaway server)")
    ap.add_argument("--no-server", action="store_true", help="SQLite only")
    ap.add_argument("--filled", default="", help="the URL of a server database an earlier run filled")
    args = ap.parse_args()
    os.environ.setdefault("LANG", "C.UTF-8")
    print(f"python {sys.version.split()[0]}, sqlite {sqlite3.sqlite_version}")
    folder = cached(args.cache, args.loans, args.complaints)
    bench(folder)
    if args.filled:
        bench(folder, args.filled)
    elif not args.no_server:
        if args.server:
            on_server(args.server, folder)
        else:
            with bench_lending.ThrowawayServer() as server:
                on_server(server.url, folder)
    return 0


def on_server(admin_url: str, folder: Path) -> None:
    url = bench_lending.fresh_server_database(admin_url, "deskapp_bench_search")
    bench_lending.copy_to_server(folder, url, bench_lending.LOAN_TABLES + TABLES)
    bench(folder, url)


if __name__ == "__main__":
    raise SystemExit(main())

"""What a desk sees when its database file goes bad, and how it comes back.

For each bad file: a clear message (no traceback), the file left exactly as it
was, and `deskapp restore` (no file named: the newest sound backup) bringing
the records back. Bad input (malformed kit list) is refused with its name.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from deskapp import db, dbfiles
from deskapp.errors import DeskError
from deskapp.models import Medicine

from test_cli import immutable, run  # noqa: F401 (immutable is a fixture)


def digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture
def kept(tmp_path, capsys):
    """A database with the administrator 王芳 and a daily backup of it."""
    path = tmp_path / "data" / "desk.sqlite3"
    path.parent.mkdir()
    assert run(["init", str(path)]) == 0
    assert run(["--db", str(path), "staff", "add", "王芳"], "123456\n123456\n") == 0
    assert run(["--db", str(path), "backup"]) == 0
    capsys.readouterr()
    return path


def not_a_database(path: Path) -> None:
    path.write_bytes(b"the desk's notes, saved over the database by mistake\n" * 200)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def damaged(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for i in range(4096 + 100, min(len(data), 4096 * 6)):  # the table pages, not the header
        data[i] = 0x5A
    path.write_bytes(bytes(data))


def newer(path: Path) -> None:
    con = sqlite3.connect(path)
    with con:
        con.execute("INSERT INTO schema_migration (name, applied) VALUES ('0999_future', '2030-01-01')")
    con.close()


@pytest.mark.parametrize(
    "spoil, said",
    [
        (not_a_database, "is damaged or is not a deskapp database"),
        (damaged, "is damaged or is not a deskapp database"),
        (newer, "written by a newer deskapp"),
    ],
)
def test_a_bad_file_is_explained_left_untouched_and_restore_brings_the_records_back(
    kept, capsys, spoil, said
):
    spoil(kept)
    before = digest(kept)
    assert run(["--db", str(kept), "staff", "list"]) == 1
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err
    assert digest(kept) == before
    assert run(["--db", str(kept), "restore", "--admin", "王芳"], "123456\n") == 0
    assert "Restored" in capsys.readouterr().out
    assert run(["--db", str(kept), "staff", "list"]) == 0
    assert "王芳" in capsys.readouterr().out
    # what was there is kept for whoever looks into it: the bad file itself, or a copy
    copies = [p for p in kept.parent.parent.rglob("*.sqlite3") if p != kept]
    if spoil is newer:
        assert any("0999_future" in dbfiles.applied_migrations(p) for p in copies)
    else:
        assert any(digest(p) == before for p in copies)


def test_restore_without_a_sound_backup_says_so(tmp_path, capsys):
    path = tmp_path / "desk.sqlite3"
    assert run(["init", str(path)]) == 0
    assert run(["--db", str(path), "staff", "add", "王芳"], "123456\n123456\n") == 0
    capsys.readouterr()
    assert run(["--db", str(path), "restore"]) == 1
    assert "There is no sound backup" in capsys.readouterr().err


def full_disk(monkeypatch, pages: int) -> None:
    """The disk fills up: SQLite may not grow the file past `pages` pages (SQLITE_FULL,
    exactly what a full disk gives)."""
    plain = db.pragmas
    monkeypatch.setattr(db, "pragmas", lambda timeout: {**plain(timeout), "max_page_count": pages})


def test_a_full_disk_is_explained_and_nothing_half_written(kept, capsys, monkeypatch):
    pages = sqlite3.connect(kept).execute("PRAGMA page_count").fetchone()[0]
    full_disk(monkeypatch, pages)
    stdin = "123456\n5678\n5678\n"
    for n in range(200):  # the free space left in the last pages fills up, then a save cannot fit
        code = run(["--db", str(kept), "staff", "add", f"员工{n:03d}" + "x" * 30, "--admin", "王芳"], stdin)
        if code:
            break
    err = capsys.readouterr().err
    assert code == 1 and "The disk is full or failing; the change was not saved." in err
    assert "Traceback" not in err
    monkeypatch.undo()
    assert run(["--db", str(kept), "check"]) == 0
    assert run(["--db", str(kept), "staff", "list"]) == 0  # and everything saved before is there
    listed = capsys.readouterr().out
    assert "王芳" in listed and f"员工{n:03d}" not in listed and (n == 0 or f"员工{n - 1:03d}" in listed)


async def test_a_disk_filling_up_half_way_through_a_loan_keeps_the_form_and_saves_nothing(
    counter, monkeypatch
):
    """On the F2 screen the disk fills up after the loan's rows are written, before its
    audit record: the clerk is told in words, what was typed stays, no loan, no deposit."""
    from textual.widgets import Input

    from deskapp.app import DeskApp
    from deskapp.models import CashEntry, Item, Loan, LoanItem
    from deskapp.services import audit

    from helpers import fill_lend_form, settle, wait_for

    record = audit.record

    def disk_fills_up(actor, action, *args, **kwargs):
        if action == "loan.lend":
            full = sqlite3.OperationalError("database or disk is full")
            full.sqlite_errorcode, full.sqlite_errorname = (
                sqlite3.SQLITE_FULL,
                "SQLITE_FULL",
            )  # as SQLite sets them
            raise full
        return record(actor, action, *args, **kwargs)

    app = DeskApp(counter, backup_after=60)
    async with app.run_test() as pilot:
        await fill_lend_form(pilot)
        monkeypatch.setattr(audit, "record", disk_fills_up)
        await pilot.press("ctrl+s")
        # the save fails (the App reports it): no settle(), which re-raises
        await wait_for(pilot, lambda: any("disk is full" in n.message for n in app._notifications))
        shown = [n.message for n in app._notifications]
        assert "The disk is full or failing; the change was not saved." in shown
        assert app.screen.query_one("#borrower", Input).value == "张三"
        assert app.screen.tags == ["U01"]
        assert Loan.select().count() == LoanItem.select().count() == CashEntry.select().count() == 0
        assert Item.get(Item.tag == "U01").status == "available"
        monkeypatch.setattr(audit, "record", record)
        await pilot.press("ctrl+s")  # room again: the same form saves
        await settle(pilot)
    assert Loan.select().count() == 1


def test_a_malformed_kit_list_is_refused_by_name_and_nothing_copied(desk, tmp_path, monkeypatch):
    from deskapp.services import audit, kit

    from helpers import add_admin

    actor = audit.Actor(add_admin(desk).id, "tui")
    good = Path(kit.data_file("kit_standard.toml")).read_text(encoding="utf-8")
    cases = {
        "not toml": "[items.A01\nname_zh = ",
        "no items": "[other]\nx = 1\n",
        "min_qty text": good.replace("min_qty = 20", 'min_qty = "20"', 1),
        "negative": good.replace("min_qty = 20", "min_qty = -3", 1),
        "absurd": good.replace("min_qty = 20", "min_qty = 100000", 1),
        "long name": good.replace('name_zh = "碘伏棉签"', 'name_zh = "' + "碘" * 41 + '"', 1),
        "control char": good.replace('name_zh = "碘伏棉签"', 'name_zh = "碘伏\\u0007棉签"', 1),
        "unknown key": good.replace("oral = false", "oral = false\norals = true", 1),
        "oral missing": good.replace("oral = false\n", "", 1),
    }
    bad = tmp_path / "kit_standard.toml"
    monkeypatch.setattr(kit, "data_file", lambda *parts: bad)
    for name, text in cases.items():
        bad.write_text(text, encoding="utf-8")
        with pytest.raises(DeskError, match="kit's standard list .* cannot be used") as caught:
            kit.prepare(actor, desk.time.now())
        assert str(bad) in caught.value.message, name
        assert Medicine.select().count() == 0, name

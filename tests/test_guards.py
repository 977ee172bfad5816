"""No destructive verb without a guard, and private files (docs/trust.md,
"Guards" and "Private files"): a real desk is left byte for byte as it was by
`demo`, by an unauthorised `restore` and by a --db that names a missing folder;
everything deskapp makes is readable by its owner only, whatever the umask."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest

from deskapp import db
from deskapp.app import DeskApp
from deskapp.desk import open_desk
from deskapp.paths import locate

from helpers import open_section, settle, type_in
from test_cli import run


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def real_desk(tmp_path, capsys) -> Path:
    """A desk's real records: an administrator and a clerk."""
    path = tmp_path / "desk" / "desk.sqlite3"
    path.parent.mkdir()
    assert run(["init", str(path)]) == 0
    assert run(["--db", str(path), "staff", "add", "王芳"], "123456\n123456\n") == 0
    assert run(["--db", str(path), "staff", "add", "李雷", "--admin", "王芳"], "123456\n5678\n5678\n") == 0
    capsys.readouterr()
    return path


def files_beside(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()}


@pytest.mark.parametrize("argv", [["demo", "--rebuild", "--no-open"], ["demo", "--no-open"]])
def test_the_demo_never_rebuilds_or_opens_a_real_desk(real_desk, capsys, argv):
    before, names = digest(real_desk), files_beside(real_desk)
    assert run(["--db", str(real_desk), *argv]) == 1
    assert "holds a desk's records, not a demo" in capsys.readouterr().err
    assert digest(real_desk) == before and files_beside(real_desk) == names


def test_the_demo_rebuilds_a_demo(tmp_path, capsys):
    path = tmp_path / "demo.sqlite3"
    assert run(["--db", str(path), "demo", "--no-open", "--today", "2026-11-24"]) == 0
    first = digest(path)
    again = ["--db", str(path), "demo", "--rebuild", "--no-open", "--today", "2026-11-24", "--seed", "3"]
    assert run(again) == 0
    assert "A demo desk with" in capsys.readouterr().out and digest(path) != first


def test_restore_without_an_administrator_changes_nothing(real_desk, capsys):
    assert run(["--db", str(real_desk), "backup"]) == 0
    (copy,) = locate(real_desk).backup_dir.glob("manual-*.sqlite3")
    before, names = digest(real_desk), files_beside(real_desk)
    assert run(["--db", str(real_desk), "restore", str(copy)]) == 1
    assert "give an administrator's name with --admin" in capsys.readouterr().err
    assert digest(real_desk) == before and files_beside(real_desk) == names
    assert sorted(p.name for p in copy.parent.iterdir()) == ["chain-heads.txt", copy.name]  # no pre-restore


@pytest.mark.parametrize(
    "name, pin, said",
    [
        ("王芳", "000000", "Wrong PIN"),
        ("李雷", "5678", "Only an administrator can do this."),
    ],
)
def test_restore_by_someone_who_is_not_an_administrator_restores_nothing(real_desk, capsys, name, pin, said):
    assert run(["--db", str(real_desk), "backup"]) == 0
    (copy,) = locate(real_desk).backup_dir.glob("manual-*.sqlite3")
    add = ["--db", str(real_desk), "staff", "add", "张伟", "--admin", "王芳"]
    assert run(add, "123456\n2468\n2468\n") == 0
    capsys.readouterr()
    assert run(["--db", str(real_desk), "restore", str(copy), "--admin", name], pin + "\n") == 1
    assert said in capsys.readouterr().err
    assert run(["--db", str(real_desk), "staff", "list"]) == 0
    assert "张伟" in capsys.readouterr().out  # still the desk as it was: nothing restored
    assert not list(copy.parent.glob("pre-restore-*"))


def test_restore_takes_only_a_backup_of_this_desk(real_desk, tmp_path, capsys):
    """Not the demo (its PINs are printed for all to read), not another desk's file."""
    demo, other = tmp_path / "demo.sqlite3", tmp_path / "other" / "desk.sqlite3"
    assert run(["--db", str(demo), "demo", "--no-open", "--today", "2026-11-24"]) == 0
    other.parent.mkdir()
    assert run(["init", str(other)]) == 0
    assert run(["--db", str(other), "staff", "add", "王芳"], "123456\n123456\n") == 0
    before = digest(real_desk)
    capsys.readouterr()
    for source, said in (
        (demo, "is a demo desk: it is never restored over a desk's records."),
        (other, "is not a backup of this desk"),
    ):
        assert run(["--db", str(real_desk), "restore", str(source), "--admin", "王芳"], "123456\n") == 1
        assert said in capsys.readouterr().err
    assert digest(real_desk) == before


def test_someone_who_is_not_an_administrator_is_not_signed_in_by_a_staff_verb(real_desk, capsys):
    from deskapp.models import AuditEntry, Staff

    assert run(["--db", str(real_desk), "staff", "unlock", "王芳", "--admin", "李雷"], "5678\n") == 1
    assert "Only an administrator can do this." in capsys.readouterr().err
    db.connect(real_desk)
    clerk = Staff.get(Staff.name == "李雷")
    assert clerk.last_sign_in is None
    signed_in = AuditEntry.select().where(AuditEntry.action == "staff.sign_in", AuditEntry.staff == clerk)
    assert not signed_in.exists()
    db.disconnect()


def test_a_demo_left_open_to_others_is_made_private(tmp_path, capsys, umask_022):
    path = tmp_path / "demo.sqlite3"
    assert run(["--db", str(path), "demo", "--no-open", "--today", "2026-11-24"]) == 0
    os.chmod(path, 0o644)
    capsys.readouterr()
    assert run(["--db", str(path), "demo", "--no-open"]) == 0
    assert "readable by this account only" in capsys.readouterr().out
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["staff", "list"],
        ["check"],
        ["backup"],
        ["report", "complaints", "--month", "2026-11"],
        ["export", "loans"],
        ["init"],
        ["demo", "--no-open"],
        ["restore", "--admin", "王芳"],
    ],
)
def test_a_missing_folder_is_refused_and_never_made(tmp_path, capsys, argv):
    missing = tmp_path / "usb" / "desk" / "desk.sqlite3"  # a drive that is not connected
    assert run(["--db", str(missing), *argv]) == 1
    err = capsys.readouterr().err
    assert str(missing.parent) in err and "does not exist" in err and "Traceback" not in err
    assert not (tmp_path / "usb").exists()


@pytest.mark.parametrize("argv", [["staff", "list"], ["backup"], ["export", "loans"], ["staff", "add", "X"]])
def test_no_verb_makes_a_desk_where_there_is_none(tmp_path, capsys, argv):
    typo = tmp_path / "deks.sqlite3"
    assert run(["--db", str(typo), *argv], "123456\n123456\n") == 1
    err = capsys.readouterr().err
    assert f"There is no desk at {typo}" in err or "There is no database file" in err
    assert list(tmp_path.iterdir()) == []


def test_the_desk_screens_keep_a_new_file_only_with_its_first_administrator(tmp_path, monkeypatch):
    """`deskapp --db NEW` opens the first-start screen; left at once, no file stays."""
    typo = tmp_path / "deks.sqlite3"
    monkeypatch.setattr(DeskApp, "run", lambda self, **kw: None)  # the person presses F10 at once
    assert run(["--db", str(typo)]) == 0
    assert list(tmp_path.iterdir()) == []


# -- private files ------------------------------------------------------------------


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def modes(root: Path) -> dict[str, str]:
    """Every file and folder under root, with its permissions."""
    return {str(p.relative_to(root)): oct(stat.S_IMODE(p.stat().st_mode)) for p in sorted(root.rglob("*"))}


def assert_private(found: dict[str, str]) -> None:
    wider = {p: m for p, m in found.items() if int(m, 8) & 0o077}
    assert not wider, f"readable by others: {wider}"


def test_every_file_a_verb_makes_is_private_under_umask_022(tmp_path, capsys, umask_022):
    desk = tmp_path / "desk"
    desk.mkdir()
    path = desk / "desk.sqlite3"
    out = tmp_path / "out"
    out.mkdir()
    steps = [
        (["init", str(path)], ""),
        (["--db", str(path), "staff", "add", "王芳"], "123456\n123456\n"),
        (["--db", str(path), "backup"], ""),
        (["--db", str(path), "backup", "--to", str(out)], ""),
        (["--db", str(path), "export", "loans", "-o", str(out / "loans.csv")], ""),
        (
            [
                "--db",
                str(path),
                "export",
                "complaints",
                "--format",
                "xlsx",
                "-o",
                str(out / "complaints.xlsx"),
            ],
            "",
        ),
        (["--db", str(out / "demo.sqlite3"), "demo", "--no-open", "--today", "2026-11-24"], ""),
    ]
    for argv, stdin in steps:
        assert run(argv, stdin) == 0, (argv, capsys.readouterr().err)
    (copy,) = locate(path).backup_dir.glob("manual-*.sqlite3")
    assert run(["--db", str(path), "restore", str(copy), "--admin", "王芳"], "123456\n") == 0
    found = {**modes(desk), **modes(out), **modes(tmp_path / "xdg-data")}
    for name in (
        "desk.sqlite3",
        "loans.csv",
        "complaints.xlsx",
        "demo.sqlite3",
        "deskapp",
        "deskapp/backups/desk-" + locate(path).backup_dir.name.split("-")[-1],
    ):
        assert name in found, sorted(found)
    assert any(name.endswith("chain-heads.txt") for name in found)
    assert any("pre-restore-" in name for name in found)
    assert_private(found)


async def test_a_desk_screen_session_makes_only_private_files(counter, umask_022):
    """Sign in, lend an umbrella, save its slip (no printer set), and the daily backup."""
    app = DeskApp(counter, backup_after=0)
    async with app.run_test() as pilot:
        await open_section(pilot, "f2")
        await type_in(pilot, "U01")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await type_in(pilot, "张三")
        await pilot.press("enter")
        await type_in(pilot, "13800138000")
        await pilot.press("enter", "ctrl+s")
        await settle(pilot)
        await pilot.press("enter")  # print: saved as a file
        await settle(pilot)
    root = counter.locations.data_dir
    found = modes(root)
    assert any(name.startswith("slips/") for name in found), sorted(found)
    assert any(name.startswith("backups/") and name.endswith(".sqlite3") for name in found), sorted(found)
    assert "desk.sqlite3-wal" in found or "desk.sqlite3" in found
    assert_private(found)


def test_wider_files_are_tightened_at_start_with_a_line_saying_so(real_desk, capsys):
    assert run(["--db", str(real_desk), "backup"]) == 0
    backup_dir = locate(real_desk).backup_dir
    os.chmod(real_desk, 0o644)
    os.chmod(backup_dir, 0o755)
    for p in backup_dir.iterdir():
        os.chmod(p, 0o644)
    capsys.readouterr()
    assert run(["--db", str(real_desk), "staff", "list"]) == 0
    err = capsys.readouterr().err
    assert "readable by this account only" in err and str(real_desk) in err
    assert stat.S_IMODE(real_desk.stat().st_mode) == 0o600
    assert_private(modes(backup_dir.parent))
    desk = open_desk(real_desk)  # nothing left to tighten the second time
    db.disconnect()
    assert desk.tightened == []


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://desk:s3cret@127.0.0.1:1/deskapp",
        "postgresql://127.0.0.1:1/deskapp?user=desk&password=s3cret",
        "POSTGRESQL://desk:s3cret@127.0.0.1:1/deskapp",
    ],
)
def test_a_server_password_on_the_command_line_is_warned_about_and_never_shown(capsys, url):
    assert run(["--db", url, "locate"]) == 0
    said = capsys.readouterr()
    assert "PGPASSWORD or a pgpass file" in said.err and "s3cret" not in said.out + said.err


def test_a_server_address_without_a_password_is_left_to_libpq(capsys):
    from deskapp.db import server_settings

    assert run(["--db", "postgresql://desk@127.0.0.1:1/deskapp", "locate"]) == 0
    assert capsys.readouterr().err == ""
    # Without one in the address none is passed on, so libpq reads PGPASSWORD or ~/.pgpass itself.
    assert "password" not in server_settings("postgresql://desk@127.0.0.1:1/deskapp", 5)


async def test_the_desk_screens_say_so_too(real_desk):
    from helpers import wait_for

    os.chmod(real_desk, 0o644)
    desk = open_desk(real_desk, "zh_CN")
    app = DeskApp(desk, backup_after=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: any("仅本账户可读" in n.message for n in app._notifications))
    assert stat.S_IMODE(real_desk.stat().st_mode) == 0o600


def test_a_name_typed_on_the_command_line_is_echoed_as_content(real_desk, capsys):
    for typed, shown in (("\u202e王芳", "<U+202E>王芳"), ("[bold]x", "[bold]x")):
        assert run(["--db", str(real_desk), "staff", "unlock", "李雷", "--admin", typed], "123456\n") == 1
        assert f"No active staff member is called {shown}." in capsys.readouterr().err

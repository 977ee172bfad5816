import io
import os
import subprocess
import sys

import pytest
from rich.cells import cell_len

from deskapp import __version__, db
from deskapp.cli import main
from deskapp.models import AuditEntry


@pytest.fixture
def dbfile(tmp_path, capsys):
    """A new, empty desk made as a person would: `deskapp init FILE`."""
    path = str(tmp_path / "cli.sqlite3")
    assert run(["init", path]) == 0
    assert f"A new desk at {path}." in capsys.readouterr().out
    return path


def run(argv, stdin="", monkeypatch=None):
    """main() in this process, with PINs on standard input as a script would give them."""
    sys.stdin = io.StringIO(stdin)
    try:
        return main(argv)
    finally:
        sys.stdin = sys.__stdin__
        db.disconnect()


def test_version_and_help(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0 and __version__ in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for verb in ("locate", "check", "backup", "restore", "staff", "--db", "--lang"):
        assert verb in out


def test_help_in_chinese(capsys):
    with pytest.raises(SystemExit):
        main(["--lang", "zh_CN", "staff", "--help"])
    assert "停止员工登录" in capsys.readouterr().out


@pytest.mark.parametrize("lang", ["zh", "zh_CN", "ZH", "zh-CN"])
def test_chinese_is_zh_or_zh_cn(capsys, lang):
    with pytest.raises(SystemExit):
        main(["--lang", lang, "staff", "--help"])
    assert "停止员工登录" in capsys.readouterr().out


def test_the_help_and_its_headings_are_in_chinese(capsys):
    with pytest.raises(SystemExit):
        main(["--lang", "zh", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("用法：deskapp") and "\n选项:\n" in out and "显示本帮助并退出" in out
    assert not any(w in out for w in ("usage:", "options:", "positional arguments", "show this help"))
    with pytest.raises(SystemExit):
        main(["--lang", "zh", "staff", "add"])
    assert "deskapp staff add：出错：" in capsys.readouterr().err


def test_a_language_we_do_not_have_is_refused_in_one_line(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--lang", "fr", "locate"])
    assert done.value.code == 2
    assert "fr is not a language here: zh (or zh_CN), or en" in capsys.readouterr().err


def test_locate_prints_the_paths(capsys, tmp_path):
    assert run(["locate"]) == 0
    out = capsys.readouterr().out
    assert str(tmp_path / "xdg-data" / "deskapp" / "deskapp.sqlite3") in out
    assert str(tmp_path / "xdg-config" / "deskapp" / "policy.toml") in out
    assert "backups" in out


def test_db_from_the_environment(capsys, monkeypatch, dbfile):
    monkeypatch.setenv("DESKAPP_DB", dbfile)
    run(["locate"])
    assert dbfile in capsys.readouterr().out


def test_staff_administration(capsys, dbfile):
    assert run(["--db", dbfile, "staff", "add", "王芳"], "123456\n123456\n") == 0
    assert "first administrator" in capsys.readouterr().out
    assert (
        run(
            ["staff", "add", "Li Lei", "--role", "lead", "--admin", "王芳", "--db", dbfile],
            "123456\n567890\n567890\n",
        )
        == 0
    )
    assert run(["--db", dbfile, "staff", "disable", "Li Lei", "--admin", "王芳"], "123456\n") == 0
    capsys.readouterr()
    assert run(["--db", dbfile, "staff", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split()[:2] == ["王芳", "administrator"]
    assert "disabled" in lines[2]
    # Columns line up by display width, Chinese names included.
    assert (
        len(
            {
                cell_len(line[: line.index(word)])
                for line, word in zip(lines, ("role", "administrator", "shift lead"), strict=True)
            }
        )
        == 1
    )
    assert run(["--db", dbfile, "staff", "enable", "Li Lei", "--admin", "王芳"], "123456\n") == 0
    assert (
        run(["--db", dbfile, "staff", "reset-pin", "Li Lei", "--admin", "王芳"], "123456\n654321\n654321\n")
        == 0
    )
    db.connect(__import__("pathlib").Path(dbfile))
    sources = {e.source for e in AuditEntry.select()}
    assert sources == {"cli"}


def test_staff_verbs_need_the_administrators_pin(capsys, dbfile):
    run(["--db", dbfile, "staff", "add", "王芳"], "123456\n123456\n")
    assert run(["--db", dbfile, "staff", "add", "Li Lei", "--admin", "王芳"], "9999\n5678\n5678\n") == 1
    assert "Wrong PIN" in capsys.readouterr().err
    assert run(["--db", dbfile, "staff", "add", "Li Lei"], "5678\n5678\n") == 1
    assert "--admin" in capsys.readouterr().err


def test_bad_pin_from_the_cli_is_explained(capsys, dbfile):
    assert run(["--db", dbfile, "staff", "add", "王芳"], "1234\n1234\n") == 1
    assert "6 to 8 digits" in capsys.readouterr().err  # an administrator's, by default


def test_check_backup_and_restore(capsys, dbfile, tmp_path):
    run(["--db", dbfile, "staff", "add", "王芳"], "123456\n123456\n")
    assert run(["--db", dbfile, "check"]) == 0
    assert "OK" in capsys.readouterr().out
    assert run(["--db", dbfile, "backup", "--to", str(tmp_path / "usb")]) == 1
    assert "does not exist; nothing was copied" in capsys.readouterr().err  # a USB stick not plugged in
    (tmp_path / "usb").mkdir()
    assert run(["--db", dbfile, "backup", "--to", str(tmp_path / "usb")]) == 0
    (copy,) = (tmp_path / "usb").glob("manual-*.sqlite3")
    run(["--db", dbfile, "staff", "add", "Li Lei", "--admin", "王芳"], "123456\n5678\n5678\n")
    capsys.readouterr()
    assert run(["--db", dbfile, "restore", str(copy), "--admin", "王芳"], "123456\n") == 0
    out = capsys.readouterr().out
    assert "Restored" in out and "pre-restore" in out
    run(["--db", dbfile, "staff", "list"])
    assert "Li Lei" not in capsys.readouterr().out
    db.connect(__import__("pathlib").Path(dbfile))
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).get()
    assert (entry.action, entry.source, entry.staff_id) == ("desk.restore", "cli", 1)
    after = __import__("json").loads(entry.after)
    assert (after["admin"], after["from"]) == ("王芳", copy.name) and after["kept"].startswith("pre-restore-")
    db.disconnect()
    assert run(["--db", dbfile, "check"]) == 0  # the pre-restore copy is set aside by the recorded restore


def test_check_fails_on_a_damaged_file(capsys, tmp_path):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"not a database at all" * 200)
    assert run(["--db", str(bad), "check"]) == 1
    assert "damaged" in capsys.readouterr().out


def test_check_of_a_missing_file(capsys, tmp_path):
    assert run(["--db", str(tmp_path / "none.sqlite3"), "check"]) == 1
    assert "no database file" in capsys.readouterr().err


def test_a_bad_policy_file_stops_the_program_with_its_name(capsys, tmp_path, dbfile):
    policy = tmp_path / "xdg-config" / "deskapp" / "policy.toml"
    policy.parent.mkdir(parents=True)
    policy.write_text("[security]\npin_max_attempts = 99\n")
    assert run(["--db", dbfile, "--lang", "zh_CN", "staff", "list"]) == 1
    err = capsys.readouterr().err
    assert str(policy) in err and "security.pin_max_attempts" in err and "1 到 20" in err


def test_the_installed_command_runs(tmp_path):
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "d"), "XDG_CONFIG_HOME": str(tmp_path / "c")}
    out = subprocess.run(
        [sys.executable, "-m", "deskapp", "--version"], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == f"deskapp {__version__}"
    bad = tmp_path / "bad.sqlite3"
    bad.write_text("x" * 5000)
    res = subprocess.run(
        [sys.executable, "-m", "deskapp", "--db", str(bad), "--lang", "en"],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    assert res.returncode == 1 and "damaged" in res.stderr
    assert bad.read_text() == "x" * 5000


@pytest.fixture
def immutable(tmp_path):
    """Make a file unwritable even for root (chattr +i); skip where that is not possible."""
    made = []

    def make(path):
        if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
            pytest.skip("chattr +i is not available here (needs root and ext4-like file system)")
        made.append(path)

    yield make
    for path in made:
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)


def test_a_read_only_database_is_explained_and_left_as_it_is(capsys, dbfile, immutable):
    run(["--db", dbfile, "staff", "add", "王芳"], "123456\n123456\n")
    before = open(dbfile, "rb").read()
    immutable(dbfile)
    assert run(["--db", dbfile, "staff", "list"]) == 0  # reading still works
    capsys.readouterr()
    assert run(["--db", dbfile, "staff", "add", "Li Lei", "--admin", "王芳"], "123456\n5678\n5678\n") == 1
    err = capsys.readouterr().err
    assert f"The database file {dbfile} is read-only" in err and "Traceback" not in err
    assert open(dbfile, "rb").read() == before

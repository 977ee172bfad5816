"""Chinese is the desk's language: on a PC whose locale is C (or English), with the
shipped policy and no language chosen, the first start, the demo, the sheets and
the command line are in Chinese; `language = "auto"` follows the locale; --lang,
$DESKAPP_LANG and the desk's own policy choose (README, "Languages")."""

from __future__ import annotations

import csv

import pytest

from deskapp import i18n
from deskapp.app import DeskApp
from deskapp.cli import main
from deskapp.desk import open_desk
from deskapp.paths import locate
from deskapp.screens.setup import SetupScreen

from helpers import screen_text, settle
from test_cli import run

pytestmark = pytest.mark.usefixtures("shipped_language")


def desk_policy(text: str) -> None:
    """The desk's own policy.toml, where `deskapp locate` says it is."""
    policy_file = locate(None).policy_file
    policy_file.parent.mkdir(parents=True, exist_ok=True)
    policy_file.write_text(text, encoding="utf-8")


def help_text(capsys, *argv: str) -> str:
    with pytest.raises(SystemExit):
        main([*argv, "--help"])
    return capsys.readouterr().out


async def test_the_first_start_on_a_c_locale_pc_is_in_chinese(tmp_path):
    desk = open_desk(tmp_path / "new.sqlite3", create=True)
    assert desk.language == "zh_CN"
    app = DeskApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        assert "欢迎使用 deskapp" in screen_text(app) and "Welcome" not in screen_text(app)


def test_the_help_on_a_c_locale_pc_is_in_chinese(capsys):
    out = help_text(capsys)
    assert out.startswith("用法：deskapp") and "\n选项:\n" in out and "显示本帮助并退出" in out
    assert "usage:" not in out
    assert "停止员工登录" in help_text(capsys, "staff")


def test_the_demo_on_a_c_locale_pc_says_what_it_made_in_chinese(tmp_path, capsys):
    target = tmp_path / "demo.sqlite3"
    assert run(["--db", str(target), "demo", "--no-open", "--today", "2026-11-24"]) == 0
    out = capsys.readouterr().out
    assert "演示服务台" in out and "A demo desk" not in out


def test_a_sheet_on_a_c_locale_pc_has_chinese_headings(tmp_path, capsys):
    from test_sheets_export import headers

    dbfile = str(tmp_path / "desk.sqlite3")
    assert run(["init", dbfile]) == 0
    out = tmp_path / "loans.csv"
    assert run(["--db", dbfile, "export", "loans", "--month", "2026-11", "-o", str(out)]) == 0
    with out.open(encoding="utf-8-sig", newline="") as fh:
        assert next(csv.reader(fh)) == headers("loans", "zh_CN")


@pytest.mark.parametrize("locale, said", [("en_US.UTF-8", "usage:"), ("zh_CN.UTF-8", "用法：")])
def test_auto_follows_the_computers_locale(monkeypatch, capsys, tmp_path, locale, said):
    monkeypatch.setenv("LANG", locale)
    desk_policy('[desk]\nlanguage = "auto"\n')
    assert help_text(capsys).startswith(said)
    assert open_desk(tmp_path / "d.sqlite3", create=True).language == (
        "en" if locale.startswith("en") else "zh_CN"
    )


def test_a_desk_that_chose_english_gets_its_help_in_english_too(monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")  # the desk's choice, over the PC's
    desk_policy('[desk]\nlanguage = "en"\n')
    assert help_text(capsys).startswith("usage: deskapp")
    assert open_desk(tmp_path / "d.sqlite3", create=True).language == "en"


def test_a_wrong_policy_is_reported_in_the_language_the_desk_asked_for(monkeypatch, capsys):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    desk_policy('[desk]\nlanguage = "en"\n[security]\npin_min_length = "four"\n')
    assert run(["staff", "list"]) == 1
    assert "security.pin_min_length = 'four' is not allowed" in capsys.readouterr().err


@pytest.mark.parametrize(
    "lang_env, cli, policy, expected",
    [
        ("en", None, "zh_CN", "en"),  # this PC's choice, over the policy's Chinese
        ("zh", None, "en", "zh_CN"),
        ("zh", "en", "zh_CN", "en"),  # --lang, over everything
        ("", None, "zh_CN", "zh_CN"),  # the policy's, as shipped
        ("fr", None, "zh_CN", "zh_CN"),  # not a language here: the policy's
        ("", None, "auto", "en"),  # the locale
        ("", None, None, "en"),  # no policy could be read: the locale
    ],
)
def test_the_pc_and_the_command_choose_over_the_policy(monkeypatch, lang_env, cli, policy, expected):
    monkeypatch.setenv(i18n.LANG_ENV, lang_env)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert i18n.choose(cli, policy) == expected

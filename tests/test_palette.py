"""The command palette on a Chinese desk finds a command by its pinyin initials, as a
clerk types them on a Latin keyboard (借出: jc), and by its pinyin; pypinyin is loaded
only when the palette asks (README, "Languages")."""

from __future__ import annotations

import subprocess
import sys

import pytest
from textual.fuzzy import Matcher

from deskapp import pinyin
from deskapp.screens.commands import found

from helpers import settle, wait_for
from test_screens import chinese_desk_app, open_palette


def best_hit(app) -> str:
    hits = app.screen.query_one("CommandList")
    return str(hits.get_option_at_index(0).prompt) if hits.option_count else ""


@pytest.mark.parametrize(
    "typed, name, screen",
    [
        ("jc", "借出", "LendScreen"),
        ("gh", "归还", "ReturnScreen"),
        ("ks", "客诉", None),
        ("jiechu", "借出", "LendScreen"),
        ("lend", "借出", "LendScreen"),  # the English name still finds it
    ],
)
async def test_the_chinese_palette_finds_a_command_as_a_clerk_types_it(locations, typed, name, screen):
    app = chinese_desk_app(locations)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_palette(pilot, typed)
        await wait_for(pilot, lambda: best_hit(app).startswith(name))
        if screen:
            await pilot.press("enter")
            await settle(pilot)
            assert type(app.screen).__name__ == screen


# What a clerk types for each section and the names whose characters read two ways.
@pytest.mark.parametrize(
    "name, initials, whole",
    [
        ("借出", "jc", "jiechu"),
        ("归还", "gh", "guihuan"),
        ("客诉", "ks", "kesu"),
        ("交接班", "jjb", "jiaojieban"),
        ("药箱", "yx", "yaoxiang"),
        ("报表", "bb", "baobiao"),
        ("查找", "cz", "chazhao"),
        ("锁屏", "sp", "suoping"),
        ("退出", "tc", "tuichu"),
        ("帮助", "bz", "bangzhu"),
        ("首页", "sy", "shouye"),
        ("换行", "hh", "huanhang"),
        ("补打归还单", "bdghd", "budaguihuandan"),
        ("重要事件", "zysj", "zhongyaoshijian"),
        ("补充说明", "bcsm", "buchongshuoming"),
        ("逾期未还", "yqwh", "yuqiweihuan"),
        ("已还", "yh", "yihuan"),
        ("重打小票", "cdxp", "chongdaxiaopiao"),
        ("长椅", "cy", "changyi"),
        ("导出 xlsx", "dc xlsx", "daochu xlsx"),
    ],
)
def test_initials_as_a_clerk_types_them(name, initials, whole):
    assert pinyin.spell(name) == pinyin.Spelling(initials, whole)


def test_the_characters_the_initials_stand_for_are_marked():
    score, shown = found(Matcher("gh"), "补打归还单", pinyin.spell("补打归还单"))
    assert score > 0
    assert [(span.start, span.end) for span in shown.spans] == [(2, 3), (3, 4)]
    assert found(Matcher("gh"), "借出", pinyin.spell("借出"))[0] == 0
    assert found(Matcher("ie"), "借出", pinyin.spell("借出"))[0] > 0  # jiechu, typed in one run
    assert found(Matcher("jh"), "借出", pinyin.spell("借出"))[0] == 0  # not letters picked from it


def test_pypinyin_is_not_loaded_at_start():
    code = (
        "import sys, deskapp.app, deskapp.cli, deskapp.screens.commands; assert 'pypinyin' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)

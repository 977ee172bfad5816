"""Home fits 80x24 above a two-row footer, in Chinese and in English (docs/counter.md, "Home")."""

from __future__ import annotations

from contextlib import suppress
from datetime import date

import pytest

from deskapp.app import DeskApp
from deskapp.errors import DeskError
from deskapp.screens.home import HomeScreen
from deskapp.services import audit, demo, handover, staff

from conftest import make_desk
from helpers import screen_text, settle, sign_in

TODAY = date(2026, 11, 24)
FOOTER_ROWS = 2  # Home's footer lists F1-F10 on two rows
BOXES = ("#lending", "#complaints", "#kit", "#today", "#home-promises")


def busy_desk(locations, lang: str):
    """The demo desk, with more promises than Home shows and a name locked by wrong PINs."""
    desk = make_desk(locations, lang=lang)
    demo.build(desk.policy, TODAY)
    clerk = audit.Actor(staff.sign_in("李雷", "5678", desk.policy.security, desk.time.now()).id, "tui")
    for n in range(6):
        handover.write(
            clerk,
            desk.policy,
            desk.time,
            "promise",
            f"失物找到后电话通知顾客 {n}",
            promise_to=f"顾客{n} 1380013800{n}",
        )
    for _ in range(desk.policy.security.pin_max_attempts):
        with suppress(DeskError):
            staff.sign_in("张伟", "0000", desk.policy.security, desk.time.now())
    return desk


async def at_home(pilot, name: str, pin: str) -> HomeScreen:
    await sign_in(pilot, name, pin)
    while not isinstance(pilot.app.screen, HomeScreen):  # the lead's start-of-day check first
        await pilot.press("escape")
        await settle(pilot)
    await settle(pilot)
    return pilot.app.screen


def assert_fits(screen: HomeScreen, boxes: tuple[str, ...]) -> None:
    width, height = screen.size
    docked = [w.region.y for w in screen.children if w.styles.dock == "bottom" and w.display]
    bottom = min([height - FOOTER_ROWS, *docked])
    for box in boxes:
        region = screen.query_one(box).region
        assert region.height >= 3 and region.y >= 1, box  # below the header, shown
        assert region.bottom <= bottom and region.right <= width, (box, region, bottom)


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
async def test_every_box_of_home_fits_80x24_on_a_busy_desk(locations, lang):
    desk = busy_desk(locations, lang)
    app = DeskApp(desk, backup_after=0)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await at_home(pilot, "韩梅梅", "654321")  # a lead sees the most
        assert_fits(screen, BOXES)
        assert screen.query_one("#lead-notices").display
        assert_fits(screen, ("#lead-notices",))
        shown = screen_text(app)
        more = {"en": "and 7 more", "zh_CN": "另有 7 项"}[lang]
        assert more in shown  # 9 promises: the first two, then the count
        assert "张伟" in shown  # locked out: for the lead to see


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
async def test_home_fits_80x24_on_an_empty_desk(locations, lang):
    from helpers import add_admin, add_staff

    desk = make_desk(locations, lang=lang)
    add_staff(desk, add_admin(desk), "李雷", "staff", "5678")
    app = DeskApp(desk, backup_after=0)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await at_home(pilot, "李雷", "5678")
        assert_fits(screen, BOXES)
        assert not screen.query_one("#lead-notices").display

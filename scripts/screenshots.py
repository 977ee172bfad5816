"""Export the README's screenshots (SVG) from the real app, headless.

    .venv/bin/python scripts/screenshots.py

Uses a throw-away database with two staff members and a fixed clock, so the
pictures only change when the screens do.
"""

from __future__ import annotations

import asyncio
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

from deskapp import db
from deskapp.app import DeskApp
from deskapp.clock import DeskTime, fixed
from deskapp.desk import open_desk
from deskapp.paths import Locations
from deskapp.services import audit, lending, staff, stock

DOCS = Path(__file__).resolve().parent.parent / "docs"
NOW = datetime(2026, 11, 24, 2, 0, tzinfo=timezone.utc)


async def shoot(lang: str, name: str, keys: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        loc = Locations(Path(tmp), Path(tmp) / "config", Path(tmp) / "deskapp.sqlite3")
        desk = open_desk(lang=lang, clock=fixed(NOW), locations=loc)
        admin = staff.create_first_admin("王芳", "1234", "1234", desk.policy.security, NOW)
        staff.add_staff(audit.Actor(admin.id, "cli"), "李雷", "lead", "5678", "5678",
                        desk.policy.security, NOW)
        # Umbrellas and strollers; 张三 borrowed two umbrellas nine days ago (2 days late).
        actor = audit.Actor(admin.id, "cli")
        stock.add_items(actor, desk.policy, "umbrella", "U01-U20", "", NOW)
        stock.add_items(actor, desk.policy, "stroller", "S1 S2", "", NOW)
        stock.add_items(actor, desk.policy, "wheelchair", "W1", "", NOW)
        lent = DeskTime(desk.policy.desk.timezone, fixed(NOW - timedelta(days=9)))
        lending.lend(actor, desk.policy, lent, "U01 U02", "张三", "13800138000")
        app = DeskApp(desk, backup_after=0, theme="textual-dark")
        async with app.run_test(size=(80, 24)) as pilot:
            for key in keys:
                if len(key) > 1 and key not in ("enter", "f1", "f3", "f9"):
                    app.focused.insert_text_at_cursor(key)
                else:
                    await pilot.press(key)
                for _ in range(3):
                    await app.workers.wait_for_complete()
                    await pilot.pause()
            app.save_screenshot(str(DOCS / name))
        db.disconnect()


def main() -> None:
    DOCS.mkdir(exist_ok=True)
    asyncio.run(shoot("zh_CN", "home-zh.svg", ["王芳", "enter", "1234", "enter"]))
    asyncio.run(shoot("en", "sign-in-en.svg", []))
    asyncio.run(shoot("zh_CN", "return-zh.svg", ["王芳", "enter", "1234", "enter", "f3", "L0000001", "enter",
                                                  "3"]))
    print("written to", DOCS)


if __name__ == "__main__":
    main()

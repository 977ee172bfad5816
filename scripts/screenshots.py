"""Export the README's screenshots (SVG) from the real app, headless.

    .venv/bin/python scripts/screenshots.py

Uses a throw-away demo desk (the same records as `deskapp demo --today
2026-11-24`) and a fixed clock, so the pictures only change when the screens do.
"""

from __future__ import annotations

import asyncio
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from deskapp import db
from deskapp.app import DeskApp
from deskapp.clock import fixed
from deskapp.desk import open_desk
from deskapp.paths import Locations
from deskapp.services import demo, loan_lists

DOCS = Path(__file__).resolve().parent.parent / "docs"
NOW = datetime(2026, 11, 24, 2, 0, tzinfo=timezone.utc)


KEYS = ("enter", "escape", "down", "f1", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "ctrl+l")


async def shoot(lang: str, name: str, keys: list[str]) -> None:
    """The demo desk (`deskapp demo`, seed 2026, today 2026-11-24 10:00), then `keys`."""
    with tempfile.TemporaryDirectory() as tmp:
        loc = Locations(Path(tmp), Path(tmp) / "config", Path(tmp) / "deskapp.sqlite3")
        desk = open_desk(lang=lang, clock=fixed(NOW), locations=loc, create=True)
        demo.build(desk.policy, NOW.date())
        overdue = loan_lists.page("overdue", desk.time).rows[0].slip_no  # the longest overdue loan
        keys = [overdue if k == "{overdue}" else k for k in keys]
        app = DeskApp(desk, backup_after=0, theme="textual-dark")
        async with app.run_test(size=(80, 24)) as pilot:
            for key in ["李雷", "enter", "5678", "enter", "escape", *keys]:
                if key not in KEYS and len(key) > 1:
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
    asyncio.run(shoot("zh_CN", "home-zh.svg", []))
    asyncio.run(shoot("zh_CN", "return-zh.svg", ["f3", "{overdue}", "enter", "3"]))
    asyncio.run(shoot("en", "complaints-en.svg", ["f4"]))
    asyncio.run(shoot("en", "reports-en.svg", ["f7"]))
    asyncio.run(shoot("zh_CN", "kit-zh.svg", ["f6"]))
    print("written to", DOCS)


if __name__ == "__main__":
    main()

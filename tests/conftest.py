"""Shared fixtures: every test gets its own data dirs, database and a fixed clock."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from deskapp import db, i18n
from deskapp.clock import fixed
from deskapp.desk import Desk, open_desk
from deskapp.paths import Locations
from deskapp.services import pins

# 2026-11-24 10:00 at a desk in Shanghai.
NOW = datetime(2026, 11, 24, 2, 0, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """No test reads or writes the real user dirs, or inherits a language."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.delenv("DESKAPP_DB", raising=False)
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    # A cheap hash keeps the suite fast; the stored parameters still drive verification.
    monkeypatch.setattr(pins, "SCRYPT_N", 2**4)
    yield
    db.disconnect()
    i18n.set_language("en")


@pytest.fixture
def locations(tmp_path: Path) -> Locations:
    return Locations(tmp_path / "data", tmp_path / "config", tmp_path / "data" / "desk.sqlite3")


def make_desk(locations: Locations, lang: str = "en", now: datetime = NOW) -> Desk:
    return open_desk(lang=lang, clock=fixed(now), locations=locations)


@pytest.fixture
def desk(locations: Locations) -> Desk:
    return make_desk(locations)


@pytest.fixture
def counter(desk: Desk) -> Desk:
    """A desk with an admin, clerk 李雷 (PIN 5678, the actor), lead 韩梅梅 (PIN 4321),
    umbrellas U01-U05, strollers S1 S2 and wheelchair W1. Today is 2026-11-24 10:00."""
    from deskapp.services import audit, stock

    from helpers import add_admin, add_staff

    admin = add_admin(desk)
    clerk = add_staff(desk, admin, "李雷", "staff", "5678")
    lead = add_staff(desk, admin, "韩梅梅", "lead", "4321")
    actor = audit.Actor(clerk.id, "tui")
    stock.add_items(actor, desk.policy, "umbrella", "U01-U05", "", desk.time.now())
    stock.add_items(actor, desk.policy, "stroller", "S1 S2", "", desk.time.now())
    stock.add_items(actor, desk.policy, "wheelchair", "W1", "", desk.time.now())
    desk.actor, desk.lead = actor, lead  # type: ignore[attr-defined]
    return desk


@pytest.fixture
def register(desk: Desk) -> Desk:
    """A desk with clerk 李雷 as the actor, for complaints. Today is Tuesday 2026-11-24 10:00."""
    from deskapp.services import audit

    from helpers import add_admin, add_staff

    admin = add_admin(desk)
    clerk = add_staff(desk, admin, "李雷", "staff", "5678")
    desk.actor = audit.Actor(clerk.id, "tui")  # type: ignore[attr-defined]
    return desk

"""Helpers for the tests (not fixtures)."""

from __future__ import annotations

from deskapp.desk import Desk
from deskapp.services import audit, staff
from deskapp.services.staff import StaffInfo


def add_admin(desk: Desk, name: str = "王芳", pin: str = "1234") -> StaffInfo:
    return staff.create_first_admin(name, pin, pin, desk.policy.security, desk.time.now())


def add_staff(desk: Desk, admin: StaffInfo, name: str, role: str = "staff", pin: str = "5678") -> StaffInfo:
    return staff.add_staff(audit.Actor(admin.id, "tui"), name, role, pin, pin,
                           desk.policy.security, desk.time.now())


async def settle(pilot) -> None:
    """Let workers finish and their messages land."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

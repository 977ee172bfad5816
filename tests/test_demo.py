"""`deskapp demo`: a month of desk life, the same for the same seed, never in the real database."""

from __future__ import annotations

from datetime import date

from textual.widgets import Static

from deskapp import db
from deskapp.app import DeskApp
from deskapp.models import Complaint, Loan, LoanItem
from deskapp.screens.signin import SignInScreen
from deskapp.services import (
    complaint_reports,
    demo,
    handover_promises,
    kit_stock,
    loan_lists,
    seals,
)

from conftest import make_desk
from helpers import at, screen_text, settle, sign_in, text_of
from test_cli import run

TODAY = date(2026, 11, 24)


def fingerprint() -> tuple:
    return (
        [(r.borrower, r.phone, str(r.lent_at)) for r in Loan.select().order_by(Loan.id)],
        [(c.kind, c.state, c.complainant) for c in Complaint.select().order_by(Complaint.id)],
    )


def test_the_demo_has_a_bit_of_everything_and_is_the_same_for_a_seed(desk, tmp_path):
    info = demo.build(desk.policy, TODAY, seed=7)
    first = fingerprint()
    assert info.loans > 30 and info.handovers == 6
    clock = at("2026-11-24 18:00")
    counts = loan_lists.counts(clock)
    assert counts.out > 0 and counts.overdue > 0
    assert {c.state for c in Complaint.select()} == {
        "received",
        "investigating",
        "resolved",
        "called_back",
        "closed",
    }
    assert {c.kind for c in Complaint.select()} >= {
        "general",
        "major",
        "critical",
        "not_responsible",
        "assistance",
        None,
    }
    assert Complaint.select().where(Complaint.escalated_at.is_null(False)).count() == 1
    assert {a.kind for a in kit_stock.alerts(desk.policy, clock)} == {"below_min", "expiring", "expired"}
    assert handover_promises.open_promises() and seals.verify() == []
    assert complaint_reports.counts(desk.policy, clock).callbacks_due >= 1
    assert LoanItem.select().where(LoanItem.state == "returned").count() > 10

    from deskapp.paths import Locations

    from conftest import make_desk

    again = make_desk(Locations(tmp_path / "d2", tmp_path / "c2", tmp_path / "d2" / "demo.sqlite3"))
    demo.build(again.policy, TODAY, seed=7)
    assert fingerprint() == first


def test_deskapp_demo_builds_beside_and_never_into_the_real_database(locations, tmp_path, capsys):
    target = tmp_path / "try" / "demo.sqlite3"
    target.parent.mkdir()
    assert run(["--db", str(target), "demo", "--no-open", "--today", "2026-11-24"]) == 0
    out = capsys.readouterr().out
    assert "A demo desk with" in out and "李雷 (PIN 5678)" in out
    assert run(["--db", str(target), "demo", "--no-open"]) == 0  # kept: opened again as it is
    assert "A demo desk with" not in capsys.readouterr().out
    db.connect(target)
    try:
        assert Loan.select().count() > 0
    finally:
        db.disconnect()
    from deskapp.paths import locate

    real = locate(None).database  # the default database (in this test's XDG_DATA_HOME)
    assert run(["--db", str(real), "demo", "--no-open"]) == 1
    assert "never goes into the real database" in capsys.readouterr().err
    assert not real.exists()


# -- the demo says so on screen ------------------------------------------------------


def header_line(app) -> str:
    return screen_text(app).splitlines()[0]


async def test_the_demo_says_so_on_every_screen_and_its_sign_in_lists_the_pins(desk):
    demo.build(desk.policy, TODAY)
    app = DeskApp(desk, backup_after=0)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen) and "DEMO" in header_line(app)
        shown = text_of(app.screen.query_one("#demo-pins", Static))
        for name, _role, pin in demo.STAFF:  # every sign-in of the demo, from where it is defined
            assert f"{name} {pin}" in shown
        assert "staff: 李雷 5678, 张伟 2468" in shown and "administrator: 王芳 123456" in shown
        await sign_in(pilot, "李雷", "5678")
        for key in ("f2", "f4", "f8", "escape"):
            await pilot.press(key)
            await settle(pilot)
            assert "DEMO" in header_line(app), key
        await pilot.press("f9")  # the lock screen is a sign-in too
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen) and "DEMO" in header_line(app)
        assert "李雷 5678" in screen_text(app)


async def test_the_demo_in_chinese_names_the_roles_in_chinese(locations):
    desk = make_desk(locations, lang="zh_CN")
    demo.build(desk.policy, TODAY)
    app = DeskApp(desk, backup_after=0)
    async with app.run_test() as pilot:
        await settle(pilot)
        shown = text_of(app.screen.query_one("#demo-pins", Static))
        assert "员工" in shown and "领班" in shown and "管理员" in shown and "韩梅梅 654321" in shown
        assert "DEMO" in header_line(app)


async def test_a_real_desk_shows_no_demo_mark_and_no_pins(register):
    app = DeskApp(register, backup_after=0)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        assert not app.screen.query("#demo-pins") and "5678" not in screen_text(app)
        assert "DEMO" not in header_line(app)
        await sign_in(pilot, "李雷", "5678")
        await pilot.press("f4")
        await settle(pilot)
        assert "DEMO" not in header_line(app)

"""Complaints (F4) and reports (F7) through Pilot, by the keyboard."""

from __future__ import annotations

from textual.widgets import DataTable, Static, TextArea

from deskapp.app import DeskApp
from deskapp.models import Complaint, ComplaintEvent
from deskapp.screens.complaint import ComplaintScreen
from deskapp.screens.complaints import ComplaintsScreen
from deskapp.screens.home import HomeScreen
from deskapp.screens.reports import ReportsScreen
from deskapp.screens.steps import StepForm
from deskapp.services import complaint_workflow

from helpers import at, error_of, open_section, screen_text, settle, sign_in, take, text_of, type_in


async def test_register_a_complaint_by_keyboard(register):
    app = DeskApp(register, backup_after=60)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_section(pilot, "f4")
        assert isinstance(app.screen, ComplaintsScreen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, StepForm) and app.focused.id == "channel"
        await pilot.press("tab")  # walk-in, as it is
        await type_in(pilot, "09:30")
        await pilot.press("enter")
        await type_in(pilot, "3F 童装店")
        await pilot.press("enter")
        assert isinstance(app.focused, TextArea)
        app.focused.insert("店员态度差,拒绝退换")
        await pilot.press("tab")
        await pilot.press("tab")  # no one else involved
        await pilot.press("ctrl+s")  # name and contact missing: refused beside them
        await settle(pilot)
        assert "name" in error_of(app, "complainant") and "reach" in error_of(app, "contact")
        assert app.focused.id == "complainant"
        await type_in(pilot, "张女士")
        await pilot.press("enter")
        await type_in(pilot, "13800138000")
        await pilot.press("enter")
        await pilot.press("enter")  # expects nothing in particular
        await type_in(pilot, "1126")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ComplaintScreen)
        head = text_of(app.screen.query_one("#complaint-head", Static))
        assert "张女士 · 13800138000" in head and "resolve by 2026-11-26" in head
        assert "店员态度差" in head
    c = Complaint.get()
    assert (c.channel, c.place, c.kind, c.state) == ("walk_in", "3F 童装店", None, "received")


async def test_a_complaint_through_its_steps_to_closing(register):
    take(register, kind="major")
    app = DeskApp(register, backup_after=60)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_section(pilot, "f4")
        table = app.screen.query_one(DataTable)
        assert table.row_count == 1
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ComplaintScreen)
        await pilot.press("c")  # no callback before it is resolved
        assert isinstance(app.screen, ComplaintScreen)
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("tab")
        await pilot.press("ctrl+s")  # investigating
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("ctrl+s")  # resolved
        await settle(pilot)
        head = text_of(app.screen.query_one("#complaint-head", Static))
        assert "call back by 2026-11-26" in head and "the incident report" in head
        await pilot.press("c")
        await settle(pilot)
        assert app.focused.id == "channel"
        await pilot.press("tab", "tab")
        await type_in(pilot, "顾客接受道歉")
        await pilot.press("ctrl+s")  # reached but no satisfaction: refused
        await settle(pilot)
        assert error_of(app, "satisfaction")
        app.screen.query_one("#satisfaction").value = "satisfied"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ComplaintScreen)
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("ctrl+s")  # close: refused, the report and the leaders are missing
        await settle(pilot)
        assert "incident report" in error_of(app, "state")
        await pilot.press("escape")
        await pilot.press("i")
        await settle(pilot)
        app.focused.insert("经过:……")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        await type_in(pilot, "陈总")
        await pilot.press("ctrl+s")
        await settle(pilot)
        head = text_of(app.screen.query_one("#complaint-head", Static))
        assert "ready: press s to close" in head
        timeline = text_of(app.screen.query_one("#timeline", Static))
        assert "leader informed" in timeline and "陈总" in timeline
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "C0000001 · closed" in app.screen.query_one("#complaint-head").border_title
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ComplaintsScreen)
    assert Complaint.get().state == "closed"
    assert ComplaintEvent.select().where(ComplaintEvent.type == "callback").count() == 1


async def test_home_shows_complaints_due_and_reports_show_the_month(register):
    take(register, "2026-11-20 10:00")  # resolve by 11-23: past
    done = take(register, "2026-11-19 10:00", kind="general")
    # Resolved on the 20th (a Friday): call back by Tuesday the 24th, today.
    complaint_workflow.move(register.actor, register.policy, at("2026-11-20 10:00"), done.id, "resolved")
    app = DeskApp(register, backup_after=60)
    async with app.run_test(size=(100, 40)) as pilot:
        await sign_in(pilot, "李雷", "5678")
        assert isinstance(app.screen, HomeScreen)
        home = " ".join(text_of(app.screen.query_one("#complaints", Static)).split())
        assert "Open 1 complaint" in home and "Past a deadline ! 1 complaint" in home  # F4's list holds 1
        assert "Callbacks due ! 1 complaint" in home
        await pilot.press("f7")
        await settle(pilot)
        assert isinstance(app.screen, ReportsScreen)
        shown = " ".join(text_of(app.screen.query_one("#analysis", Static)).split())
        assert "Complaints received 2" in shown and "Handling rate (of those received) 50.0%" in shown
        await pilot.press("ctrl+o")
        await settle(pilot)
        sheet = register.locations.exports_dir / "complaints-20261101-20261130.xlsx"
        assert sheet.exists()
        await pilot.press("pageup")
        await settle(pilot)
        assert "Complaints received 0" in " ".join(text_of(app.screen.query_one("#analysis", Static)).split())
    import openpyxl

    rows = list(openpyxl.load_workbook(sheet).active.iter_rows(values_only=True))
    assert rows[0][0] == "number" and [r[0] for r in rows[1:]] == ["C0000001", "C0000002"]


async def test_long_chinese_text_shows_whole_on_the_complaints_own_screen(register):
    """Chinese has no spaces to wrap at: what happened, and a long note, fold onto
    the next lines instead of ending in "…" (the record's own screen holds it all)."""
    what = "顾客在三楼童装店试衣时与店员发生争执" * 6
    c = take(register, what=what)
    note = "已联系店长了解情况并约定明天上午再次回复顾客" * 4
    complaint_workflow.add_note(register.actor, at("2026-11-24 11:00"), c.id, "note", note)
    app = DeskApp(register, backup_after=60)
    async with app.run_test(size=(80, 50)) as pilot:
        await open_section(pilot, "f4")
        await pilot.press("enter")
        await settle(pilot)
        shown = "".join(ch for ch in screen_text(app) if "\u4e00" <= ch <= "\u9fff")
        assert what in shown and note in shown and "…" not in screen_text(app)


async def test_a_section_key_opens_the_sections_list_but_keeps_a_half_typed_form(register):
    """F4 after a record was left open shows the list, so n is a new complaint, not a note
    on the old one; a form half-typed on a record is still there (docs/counter.md)."""
    take(register)
    app = DeskApp(register, backup_after=60)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_section(pilot, "f4")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ComplaintScreen)
        await pilot.press("f2", "escape", "f4")
        await settle(pilot)
        assert isinstance(app.screen, ComplaintsScreen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, StepForm) and "C0000001" not in screen_text(app)
        await pilot.press("escape", "enter")  # nothing typed: the form closes; the record opens
        await settle(pilot)
        await pilot.press("a")  # assign: half-typed, then away to F2 and back
        await settle(pilot)
        await type_in(pilot, "营运部刘经理")
        await pilot.press("f2", "f4")
        await settle(pilot)
        assert isinstance(app.screen, StepForm) and "营运部刘经理" in screen_text(app)

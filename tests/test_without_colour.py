"""Read without colour (docs/counter.md, "Without colour"): on a 16-colour console with
NO_COLOR the focused field, the box and row under the cursor and warnings still stand out
by a mark or a text style, not by a colour alone."""

from __future__ import annotations

import pytest
from rich.style import Style

from deskapp.app import DeskApp

from helpers import lend, open_section, settle, sign_in, type_in


@pytest.fixture
def monochrome(monkeypatch):
    """NO_COLOR on a 16-colour console: Textual drops every colour (deskapp/app.py)."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "linux")
    monkeypatch.delenv("COLORTERM", raising=False)


def line_of(app: DeskApp, words: str) -> list:
    """The segments of the first screen line showing `words`."""
    for strip in app.screen._compositor.render_strips():
        if words in strip.text:
            return list(strip)
    raise AssertionError(f"{words!r} is not on the screen")


def style_of(app: DeskApp, words: str) -> Style:
    """The style the first cell of `words` is drawn in."""
    segments, at = line_of(app, words), None
    text = "".join(s.text for s in segments)
    at = text.index(words)
    for segment in segments:
        if at < len(segment.text):
            return segment.style or Style()
        at -= len(segment.text)
    raise AssertionError(words)


def row_styles(app: DeskApp, words: str) -> set[bool]:
    """Whether the cells of the line showing `words` are in reverse (one value if all alike)."""
    return {bool(s.style and s.style.reverse) for s in line_of(app, words) if s.text.strip()}


async def test_the_field_with_the_cursor_has_its_label_in_reverse(counter, monochrome):
    app = DeskApp(counter, backup_after=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "f2")
        assert app.no_color and app.focused.id == "tags"
        assert style_of(app, "Tags").reverse
        assert not style_of(app, "Borrower").reverse
        field = app.screen.query_one("#borrower").region
        # the field's last cell is left plain: the place of the cursor after the last character
        line = app.screen._compositor.render_strips()[field.y].crop(field.x, field.right - 1)
        assert all(s.style and s.style.underline for s in line), "an empty field shows as a line to write on"
        app.screen.query_one("#borrower").focus()
        await settle(pilot)
        assert style_of(app, "Borrower").reverse
        assert not style_of(app, "Tags").reverse


async def test_an_error_beside_a_field_is_bold_and_a_hint_is_not(counter, monochrome):
    app = DeskApp(counter, backup_after=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "f3")
        await type_in(pilot, "U02")
        await pilot.press("enter")
        await settle(pilot)
        error = next(w for w in app.screen.query(".field-error") if w.display)
        shown = str(error.render())
        assert shown and style_of(app, shown[:6]).bold
        assert not style_of(app, "Scan the item").bold  # the hint in the settlement box


async def test_homes_box_under_the_cursor_has_a_double_frame(counter, monochrome):
    app = DeskApp(counter, backup_after=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "李雷", "5678")
        frames = "".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "╔" not in frames  # nothing has focus when Home opens
        await pilot.press("down")
        await settle(pilot)
        box = app.focused
        top = app.screen._compositor.render_strips()[box.region.y].text
        assert top[box.region.x] == "╔", top


async def test_the_row_under_a_lists_cursor_is_in_reverse(counter, monochrome):
    lend(counter, "U01", "2026-11-15 10:00")
    lend(counter, "U02", "2026-11-24 09:00", phone="13900139000", name="李四")
    app = DeskApp(counter, backup_after=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "ctrl+l")
        table = app.screen.query_one("DataTable")
        table.focus()
        table.move_cursor(row=0)
        await settle(pilot)
        first, second = (str(table.get_row_at(n)[0]) for n in (0, 1))
        assert row_styles(app, first) == {True}
        assert row_styles(app, second) == {False}
        await pilot.press("down")
        await settle(pilot)
        assert row_styles(app, second) == {True}
        assert row_styles(app, first) == {False}


async def test_home_and_the_return_say_a_warning_with_a_sign(counter, monochrome):
    lend(counter, "S1", "2026-11-23 08:00")  # a day late on the 24th
    app = DeskApp(counter, backup_after=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "李雷", "5678")
        overdue = "".join(s.text for s in line_of(app, "Overdue"))
        assert "Overdue    ! 1 item" in overdue
        assert "! " not in "".join(s.text for s in line_of(app, "Out now"))
        await pilot.press("f3")
        await settle(pilot)
        await type_in(pilot, "S1")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("2")  # dirty: the customer pays
        await settle(pilot)
        assert ": ! Customer pays ¥50.00" in "".join(s.text for s in line_of(app, "Customer pays"))


async def test_a_warning_notification_is_in_reverse_and_a_note_is_not(counter, monochrome):
    app = DeskApp(counter, backup_after=60)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await sign_in(pilot, "李雷", "5678")
        app.notify("Printer out of paper", severity="warning")
        app.notify("Saved the slip")
        await settle(pilot)
        assert style_of(app, "Printer out of paper").reverse
        assert not style_of(app, "Saved the slip").reverse


async def test_the_highlighted_choice_of_a_pick_is_underlined(register, monochrome):
    app = DeskApp(register, backup_after=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "f4")
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("space")  # "Came in by": the list opens on walk-in
        await settle(pilot)
        await pilot.press("down")
        await settle(pilot)
        assert style_of(app, "phone call").underline
        assert not style_of(app, "letter").underline

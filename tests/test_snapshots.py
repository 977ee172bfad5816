"""What each screen looks like at 80x24, in Chinese and in English.

Update after a deliberate change of layout or wording:
    .venv/bin/python -m pytest tests/test_snapshots.py --snapshot-update
then look at the SVGs in tests/__snapshots__/ before committing them.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from deskapp.app import DeskApp
from deskapp.clock import DeskTime, fixed

from conftest import make_desk
from helpers import add_admin, add_staff, settle

LANGS = ["zh_CN", "en"]


@pytest.fixture
def snap_compare(snap_compare):
    """The plugin's snap_compare with the text cursors held still: a blinking cursor
    is drawn or not depending on how long the steps before took."""
    from textual.widgets import Input, TextArea

    def compare(app, run_before=None, **kwargs):
        async def before(pilot):
            if run_before is not None:
                await run_before(pilot)
            for field in [*pilot.app.screen.query(Input), *pilot.app.screen.query(TextArea)]:
                field.cursor_blink = False
            await pilot.pause()

        return snap_compare(app, run_before=before, **kwargs)

    return compare


def app_for(locations, lang, *, staff: bool = True, theme: str = "textual-dark") -> DeskApp:
    desk = make_desk(locations, lang=lang)
    if staff:
        admin = add_admin(desk, "王芳")
        add_staff(desk, admin, "Li Lei", "lead")
    return DeskApp(desk, backup_after=0, theme=theme)


async def signed_in(pilot) -> None:
    await settle(pilot)
    pilot.app.focused.insert_text_at_cursor("王芳")
    await pilot.press("enter")
    pilot.app.focused.insert_text_at_cursor("123456")
    await pilot.press("enter")
    await settle(pilot)


async def typed_loan(pilot, tags: tuple[str, ...], name: str, phone: str, note: str | None = None) -> None:
    """Signed in, F2, the tags scanned, then the borrower typed field by field and Ctrl+S."""
    await signed_in(pilot)
    await pilot.press("f2")
    await settle(pilot)
    for tag in tags:
        pilot.app.focused.insert_text_at_cursor(tag)
        await pilot.press("enter")
        await settle(pilot)
    await pilot.press("enter")
    pilot.app.focused.insert_text_at_cursor(name)
    await pilot.press("enter")
    pilot.app.focused.insert_text_at_cursor(phone)
    if note is not None:
        await pilot.press("enter")
        await pilot.press("enter")
        pilot.app.focused.insert_text_at_cursor(note)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def typed_return(pilot, query: str, condition: str) -> None:
    """Signed in, F3, a slip or tag and Enter, then a condition's key."""
    await signed_in(pilot)
    await pilot.press("f3")
    await settle(pilot)
    pilot.app.focused.insert_text_at_cursor(query)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press(condition)
    await pilot.pause()


@pytest.mark.parametrize("lang", LANGS)
def test_setup(snap_compare, locations, lang):
    async def wrong_pin(pilot):
        await settle(pilot)
        pilot.app.focused.insert_text_at_cursor("王芳")
        await pilot.press("tab")
        pilot.app.focused.insert_text_at_cursor("12")
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(app_for(locations, lang, staff=False), run_before=wrong_pin)


@pytest.mark.parametrize("lang", LANGS)
def test_sign_in_with_a_wrong_pin(snap_compare, locations, lang):
    async def wrong_pin(pilot):
        await settle(pilot)
        pilot.app.focused.insert_text_at_cursor("Li Lei")
        await pilot.press("enter")
        pilot.app.focused.insert_text_at_cursor("0000")
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(app_for(locations, lang), run_before=wrong_pin)


@pytest.mark.parametrize("lang", LANGS)
def test_home(snap_compare, locations, lang):
    assert snap_compare(app_for(locations, lang), run_before=signed_in)


@pytest.mark.parametrize("lang", LANGS)
def test_help(snap_compare, locations, lang):
    async def help_(pilot):
        await signed_in(pilot)
        await pilot.press("f1")
        await settle(pilot)

    assert snap_compare(app_for(locations, lang), run_before=help_)


@pytest.mark.parametrize("lang", LANGS)
def test_locked(snap_compare, locations, lang):
    async def lock(pilot):
        await signed_in(pilot)
        await pilot.press("f9")
        await settle(pilot)

    assert snap_compare(app_for(locations, lang), run_before=lock)


@pytest.mark.parametrize("lang", LANGS)
def test_sixteen_colours(snap_compare, locations, lang):
    """A Linux console: fields and warnings stay visible in the terminal's own 16 colours."""

    async def lock(pilot):
        await signed_in(pilot)
        await pilot.press("f9")
        await settle(pilot)
        pilot.app.focused.insert_text_at_cursor("Li")
        await pilot.press("enter")
        pilot.app.focused.insert_text_at_cursor("0")
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(app_for(locations, lang, theme="ansi-dark"), run_before=lock)


def lending_desk(locations, lang) -> DeskApp:
    """Umbrellas and a stroller; 张三 borrowed two umbrellas on 15 Nov (2 days late today)."""
    from deskapp.services import audit, lending, stock

    app = app_for(locations, lang)
    desk = app.desk
    actor = audit.Actor(1, "tui")
    stock.add_items(actor, desk.policy, "umbrella", "U01-U20", "", desk.time.now())
    stock.add_items(actor, desk.policy, "stroller", "S1 S2", "", desk.time.now())
    lent = DeskTime(desk.policy.desk.timezone, fixed(datetime(2026, 11, 15, 2, 0, tzinfo=timezone.utc)))
    lending.lend(actor, desk.policy, lent, "U01 U02", "张三", "13800138000")
    return app


@pytest.mark.parametrize("lang", LANGS)
def test_lend_with_the_deposit_to_collect(snap_compare, locations, lang):
    async def lend(pilot):
        await typed_loan(pilot, ("U03", "S2"), "李四", "1380013")

    assert snap_compare(lending_desk(locations, lang), run_before=lend)


@pytest.mark.parametrize("lang", LANGS)
def test_return_settlement(snap_compare, locations, lang):
    async def give_back(pilot):
        await typed_return(pilot, "L0000001", "3")

    assert snap_compare(lending_desk(locations, lang), run_before=give_back)


@pytest.mark.parametrize("lang", LANGS)
def test_loan_list_overdue(snap_compare, locations, lang):
    async def overdue(pilot):
        await signed_in(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)

    assert snap_compare(lending_desk(locations, lang), run_before=overdue)


@pytest.mark.parametrize("lang", LANGS)
def test_complaint_with_its_timeline(snap_compare, locations, lang):
    from deskapp.services import audit, complaint_intake, complaint_workflow

    app = app_for(locations, lang)
    desk = app.desk
    actor = audit.Actor(1, "tui")
    when = DeskTime(desk.policy.desk.timezone, fixed(datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)))
    c = complaint_intake.intake(
        actor,
        desk.policy,
        when,
        channel="phone",
        happened="09:30",
        place="3F 童装店",
        what="店员态度差,拒绝退换",
        people="店员小王",
        complainant="张女士",
        contact="13800138000",
        expectation="道歉并退换",
        deadline="11-25",
        kind="major",
        media_risk=True,
    )
    complaint_workflow.assign(actor, when, c.id, "营运部 刘经理")

    async def open_it(pilot):
        await signed_in(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(app, run_before=open_it)


@pytest.mark.parametrize("lang", LANGS)
def test_kit_with_alerts(snap_compare, locations, lang):
    from deskapp import i18n
    from deskapp.services import audit, kit, kit_stock

    app = app_for(locations, lang)
    desk = app.desk
    actor = audit.Actor(1, "tui")
    kit.prepare(actor, desk.time.now())
    kit_id = kit.kits()[0].id
    earlier = DeskTime(desk.policy.desk.timezone, fixed(datetime(2026, 11, 1, 2, 0, tzinfo=timezone.utc)))
    stock = (("A01", "25", "2027-03"), ("A03", "12", "2026-12-10"), ("A05", "3", "2026-11-20"))
    for code, qty, expiry in stock:
        kit_stock.receive(
            actor,
            desk.policy,
            desk.policy.security,
            earlier,
            kit_id,
            code,
            qty,
            "",
            expiry,
            language=i18n.language(),
        )

    async def open_kit(pilot):
        await signed_in(pilot)
        await pilot.press("f6")
        await settle(pilot)

    assert snap_compare(app, run_before=open_kit)


def hostile_desk(locations, lang) -> DeskApp:
    """Borrowers and notes that look like markup and formulas (docs/trust.md)."""
    from deskapp.services import audit, lending, stock

    app = app_for(locations, lang)
    desk = app.desk
    actor = audit.Actor(1, "tui")
    stock.add_items(actor, desk.policy, "umbrella", "U01-U20", "", desk.time.now())
    lent = DeskTime(desk.policy.desk.timezone, fixed(datetime(2026, 11, 15, 2, 0, tzinfo=timezone.utc)))
    for n, name in enumerate(("[/]", "[bold]x[/bold]", "=1+1"), start=1):
        lending.lend(actor, desk.policy, lent, f"U0{n}", name, f"1380013800{n}", "", '=HYPERLINK("x")')
    return app


@pytest.mark.parametrize("lang", LANGS)
def test_a_list_of_hostile_names_shows_them_as_typed(snap_compare, locations, lang):
    async def loans(pilot):
        await signed_in(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)

    assert snap_compare(hostile_desk(locations, lang), run_before=loans)


@pytest.mark.parametrize("lang", LANGS)
def test_a_slip_of_a_hostile_name_shows_it_as_typed(snap_compare, locations, lang):
    async def lend(pilot):
        await typed_loan(pilot, ("U09",), "[bold]x[/bold]", "13900139000", note="=1+1 [/]")

    assert snap_compare(hostile_desk(locations, lang), run_before=lend)


@pytest.mark.parametrize("lang", LANGS)
def test_new_items_tags_offered_for_printing(snap_compare, locations, lang):
    """docs/printing.md, "Tag labels": after Ctrl+T, a, U21-U30."""

    async def add(pilot):
        await signed_in(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("tab")
        pilot.app.focused.insert_text_at_cursor("U21-U30")
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(app_for(locations, lang), run_before=add)


@pytest.mark.parametrize("lang", LANGS)
def test_ticks_in_a_monochrome_sixteen_colour_console(snap_compare, locations, lang, monkeypatch):
    """NO_COLOR on a 16-colour console (the snapshot records what Textual draws, after its
    colour filters; the plugin has no colour-system setting): Media risk ticked shows X,
    Collective unticked shows a blank, and the focused one is underlined."""
    monkeypatch.setenv("NO_COLOR", "1")

    async def ticks(pilot):
        await signed_in(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        pilot.app.screen.query_one("#media_risk").focus()
        await pilot.press("space")
        pilot.app.screen.query_one("#collective").focus()
        await settle(pilot)

    assert snap_compare(app_for(locations, lang, theme="ansi-dark"), run_before=ticks)


COLOURS = ["sixteen", "monochrome"]


def few_colours_app(app: DeskApp, colours: str, monkeypatch) -> DeskApp:
    """`app` on a 16-colour console (ansi-dark), with NO_COLOR set for "monochrome"."""
    if colours == "monochrome":
        monkeypatch.setenv("NO_COLOR", "1")
    return DeskApp(app.desk, backup_after=0, theme="ansi-dark")


@pytest.mark.parametrize("colours", COLOURS)
@pytest.mark.parametrize("lang", LANGS)
def test_a_form_with_an_error_in_few_colours(snap_compare, locations, lang, colours, monkeypatch):
    """The phone refused: its label in reverse (the cursor is there), the error under it in bold."""

    async def refused(pilot):
        await typed_loan(pilot, ("U03",), "李四", "1380013")

    app = few_colours_app(lending_desk(locations, lang), colours, monkeypatch)
    assert snap_compare(app, run_before=refused)


@pytest.mark.parametrize("colours", COLOURS)
@pytest.mark.parametrize("lang", LANGS)
def test_home_in_few_colours(snap_compare, locations, lang, colours, monkeypatch):
    """Overdue and low stock start with `! `; the Lending box has the cursor (a double frame)."""

    async def lending_box(pilot):
        await signed_in(pilot)
        pilot.app.screen.query_one("#lending").focus()
        await settle(pilot)

    app = few_colours_app(lending_desk(locations, lang), colours, monkeypatch)
    assert snap_compare(app, run_before=lending_box)


@pytest.mark.parametrize("colours", COLOURS)
@pytest.mark.parametrize("lang", LANGS)
def test_a_list_in_few_colours(snap_compare, locations, lang, colours, monkeypatch):
    """The loans out: the row under the cursor in reverse, next to an overdue one."""
    from deskapp.services import audit, lending

    desk_app = lending_desk(locations, lang)
    desk = desk_app.desk
    lending.lend(audit.Actor(1, "tui"), desk.policy, desk.time, "U05", "李四", "13900139000")

    async def loans(pilot):
        await signed_in(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)
        table = pilot.app.screen.query_one("DataTable")
        table.focus()
        table.move_cursor(row=1)
        await settle(pilot)

    assert snap_compare(few_colours_app(desk_app, colours, monkeypatch), run_before=loans)


@pytest.mark.parametrize("colours", COLOURS)
@pytest.mark.parametrize("lang", LANGS)
def test_the_return_settlement_in_few_colours(snap_compare, locations, lang, colours, monkeypatch):
    """A stroller a day late and dirty: `! Customer pays`, under a double frame (the settlement has
    the cursor)."""
    from deskapp.services import audit, lending

    desk_app = lending_desk(locations, lang)
    desk = desk_app.desk
    lent = DeskTime(desk.policy.desk.timezone, fixed(datetime(2026, 11, 23, 0, 0, tzinfo=timezone.utc)))
    lending.lend(audit.Actor(1, "tui"), desk.policy, lent, "S1", "李四", "13900139000")

    async def give_back(pilot):
        await typed_return(pilot, "S1", "2")

    assert snap_compare(few_colours_app(desk_app, colours, monkeypatch), run_before=give_back)

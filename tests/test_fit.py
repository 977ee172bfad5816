"""At 80x24, in both languages: tables fit the width (screens/fit.py), labels never run
into their fields, notifications never cover the form or the settlement, dialogs wrap at
words and never inside a date and time, overdue reads without colour."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual.widgets import DataTable
from textual.widgets._toast import Toast

from deskapp import i18n
from deskapp.app import DeskApp
from deskapp.screens.confirm import ConfirmScreen
from deskapp.screens.form import Field
from deskapp.services import lending

from conftest import make_desk
from helpers import at, screen_text, settle, sign_in, type_in, wait_for

SIZE = (80, 24)
LANGS = ["zh_CN", "en"]


def app_for(locations, lang: str) -> DeskApp:
    return DeskApp(make_desk(locations, lang=lang), backup_after=0)


async def table_of(pilot, key: str, rows) -> DataTable:
    """Signed in as the clerk, `key` pressed: its table once `rows(row_count)` holds."""
    await sign_in(pilot, "李雷", "5678")
    await pilot.press(key)
    await settle(pilot)
    table = pilot.app.screen.query_one(DataTable)
    await wait_for(pilot, lambda: rows(table.row_count))
    return table


@pytest.fixture
def lent(counter):
    """Three umbrellas out, one of them long overdue, one borrower with a long name."""
    lending.lend(counter.actor, counter.policy, at("2026-11-10 09:30"), "U01", "王芳", "13800138000")
    lending.lend(counter.actor, counter.policy, at("2026-11-24 09:00"), "U02", "欧阳" * 12, "13900139000")
    lending.lend(counter.actor, counter.policy, at("2026-11-24 09:10"), "S1", "Mrs Chen [/]", "13700137000")
    return counter


def test_fit_drops_the_least_important_first_and_never_cuts_a_date():
    from deskapp.screens.fit import Col, fit

    cols = (Col("Slip"), Col("Name", 2, least=6), Col("Phone", 3), Col("Due"), Col("Lent", 4))
    assert fit(cols, [8, 6, 11, 11, 11], 70) == [(0, 8), (1, 6), (2, 11), (3, 11), (4, 11)]
    assert [i for i, _w in fit(cols, [8, 6, 11, 11, 11], 50)] == [0, 1, 2, 3]  # Lent goes first
    shown = dict(fit(cols, [8, 40, 11, 11, 11], 50))
    assert shown[0] == 8 and shown[3] == 11 and 6 <= shown[1] < 40  # the name is cut, not the date


@pytest.mark.parametrize("lang", LANGS)
async def test_loan_list_cells_are_whole_and_overdue_reads_without_colour(lent, locations, lang):
    app = app_for(locations, lang)
    async with app.run_test(size=SIZE) as pilot:
        table = await table_of(pilot, "ctrl+l", lambda n: n == 3)
        text = screen_text(app)
        for slip in ("L0000001", "L0000002", "L0000003"):
            assert slip in text
        assert "11-17 22:00" in text  # the overdue one's due time, whole
        heading = text.splitlines()[4]
        assert ("11-10 09:30" in text) == ("Lent" in heading or "借出时间" in heading)  # whole or gone
        overdue = [c.plain for c in table.get_row_at(0)]
        assert ("Overdue" if lang == "en" else "逾期") in overdue  # a word, not only a colour
        assert not any(c.plain in ("Overdue", "逾期") for c in table.get_row_at(1))


@pytest.mark.parametrize("lang", LANGS)
async def test_kit_names_and_expiry_are_whole(counter, locations, lang):
    from deskapp.services import kit, kit_stock

    kit.prepare(counter.actor, counter.time.now())
    kit_id = kit.kits()[0].id
    kit_stock.receive(
        counter.actor,
        counter.policy,
        counter.policy.security,
        at("2026-11-24 10:00"),
        kit_id,
        "B02",
        "5",
        "",
        "2027-06",
        "韩梅梅",
        "654321",
        language=i18n.language(),
    )
    app = app_for(locations, lang)
    async with app.run_test(size=SIZE) as pilot:
        table = await table_of(pilot, "f6", lambda n: n > 10)
        text = screen_text(app)
        assert "2027-06-30" in text
        names = [table.get_row_at(n)[1].plain for n in range(min(table.row_count, 14))]
        heading = text.splitlines()[7]
        # A name is cut only once the minimum, the least needed column, has gone.
        assert all(name in text for name in names) or ("Minimum" not in heading and "最低" not in heading)


async def labels_fit(pilot) -> None:
    """Every field's label ends at least a cell before its field and is one line."""
    fields = list(pilot.app.screen.query(Field))
    assert fields
    for field in fields:
        label = field.query_one(".field-label")
        if field.has_class("-label-above"):
            assert label.region.y < field.input.region.y
            continue
        assert label.region.height == 1, field.label
        assert label.region.x + cell_len(field.label) < field.input.region.x, field.label


@pytest.mark.parametrize("lang", LANGS)
async def test_form_labels_never_run_into_their_fields(register, locations, lang):
    app = app_for(locations, lang)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "李雷", "5678")
        for section, key in (("f4", "n"), ("f6", "u")):
            await pilot.press(section)
            await settle(pilot)
            await pilot.press(key)
            await settle(pilot)
            await labels_fit(pilot)
            await pilot.press("escape")
            await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        await labels_fit(pilot)


@pytest.mark.parametrize("lang", LANGS)
async def test_notifications_never_cover_the_settlement_nor_a_field(lent, locations, lang):
    app = app_for(locations, lang)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await sign_in(pilot, "李雷", "5678")
        await pilot.press("f3")
        await settle(pilot)
        await type_in(pilot, "U01")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("3")  # damaged: the assessed field shows under the settlement
        await settle(pilot)
        for text in (
            "Returned U02: give back ¥17.00.",
            "Returned S1: collect ¥12.00.",
            "已借出，单号 L0000009。",
        ):
            app.notify(text)
        await settle(pilot)
        toasts = list(app.screen.query(Toast))
        assert len(toasts) == 3
        covered = [app.screen.query_one("#settlement").region]
        covered += [f.region for f in app.screen.query(Field) if f.display]
        for toast in toasts:
            assert not any(toast.region.overlaps(r) for r in covered), toast.region


@pytest.mark.parametrize("lang", LANGS)
async def test_a_dialog_never_splits_a_date_and_time(register, locations, lang):
    app = app_for(locations, lang)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "李雷", "5678")
        # Inside the dialog a line holds 54 cells: the date fits on the first, its time not.
        question = "Throw away the loan lent " + "x" * 15
        if lang == "zh_CN":
            question = "确定要作废这笔借用吗，借出于" + "啊" * 6
        question += " 2026-11-24 14:30 by 李雷?"
        app.push_screen(ConfirmScreen(question, "整个" * 40))
        await settle(pilot)
        text = screen_text(app)
        assert "2026-11-24 14:30" in text


async def test_lock_notice_stops_short_of_the_staff_box(counter, locations):
    app = app_for(locations, "zh_CN")
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "李雷", "5678")
        await pilot.press("f9")
        await settle(pilot)
        notice = app.screen.query_one("#lock-notice")
        names = app.screen.query_one("#names")
        assert notice.region.right < names.region.x


@pytest.mark.parametrize("lang", LANGS)
async def test_a_complaint_past_its_deadline_is_marked_without_colour(register, locations, lang):
    from helpers import take

    take(register, when="2026-10-20 10:00")  # resolved by late October: long past at 11-24
    take(register)
    app = app_for(locations, lang)
    async with app.run_test(size=SIZE) as pilot:
        table = await table_of(pilot, "f4", lambda n: n == 2)
        deadlines = sorted(table.get_row_at(n)[1].plain for n in range(2))
        assert deadlines[0].endswith("!") and not deadlines[1].endswith("!")
        assert ("!：" if lang == "zh_CN" else "!: ") in screen_text(app)

"""Hostile stored text on every screen that shows it (docs/trust.md, "Stored text is
content"): at 80x24, in Chinese and in English, no screen crashes and what shows is
the literal text: `Eve[/]` as Eve[/], `[bold red]x[/]` as those characters (not red),
a right-to-left override as <U+202E>. The records are made through the services,
as a clerk would make them; the hidden characters are written into the file
directly, as a record from before the rules or from another program would be."""

from __future__ import annotations

import asyncio
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deskapp import i18n
from deskapp.app import DeskApp
from deskapp.models import Complaint, Loan
from deskapp.screens.plain import PlainOptionList
from deskapp.screens.plain_table import PlainDataTable
from deskapp.services import handover, kit, kit_register, kit_stock, lending, stock
from deskapp.services.text import visible

from conftest import make_desk
from helpers import add_admin, add_staff, at, screen_text, settle, sign_in, take, type_in, wait_for
from test_untrusted_text import PIECES

NOW = "2026-11-24 10:00"
LANGS = ["zh_CN", "en"]
SIZE = (80, 24)


@pytest.fixture
def hostile(locations):
    """A desk whose records hold markup, formulas and a direction override."""
    from deskapp.services import audit

    d = make_desk(locations)
    admin = add_admin(d)
    clerk = add_staff(d, admin, "李雷", "staff", "5678")
    add_staff(d, admin, "Eve[/]", "staff", "2468")
    actor = audit.Actor(clerk.id, "tui")
    stock.add_items(actor, d.policy, "umbrella", "U01-U03", "[bold]x[/bold]", d.time.now())
    lending.lend(actor, d.policy, at(NOW), "U01", "[bold red]x[/]", "13800138000", "", "=1+1")
    spoof = lending.lend(actor, d.policy, at(NOW), "U02", "张三", "13900139000")
    lending.lend(actor, d.policy, at(NOW), "U03", '=HYPERLINK("http://x","click")', "13700137000")
    Loan.update(borrower="张\u202e三付").where(Loan.id == spoof.id).execute()  # written by another program
    d.actor = actor  # type: ignore[attr-defined]
    c = take(d, complainant="[/]", what="=1+1 [link=http://x]点此[/link]", place="3F [red]童装[/red]")
    Complaint.update(people="店员\u202e王").where(Complaint.id == c.id).execute()
    handover.write(
        actor,
        d.policy,
        at(NOW),
        "promise",
        '=HYPERLINK("http://x")',
        promise_to="[/]王",
        promise_due="2026-11-25 10:00",
    )
    kit.prepare(actor, d.time.now())
    kit_id = kit.kits()[0].id
    kit_stock.receive(
        actor,
        d.policy,
        d.policy.security,
        at(NOW),
        kit_id,
        "A01",
        "5",
        "",
        "2027-06",
        language=i18n.language(),
    )
    kit_register.register_use(
        actor,
        at(NOW),
        kit_id,
        happened="",
        person_type="customer",
        person_name="[/]客",
        contact="13800138000",
        what="minor_injury",
        note="@SUM(1+1)",
        items=[("A01", "1")],
        language=i18n.language(),
    )
    return locations


def app_for(locations, lang: str) -> DeskApp:
    return DeskApp(make_desk(locations, lang=lang), backup_after=0)


async def visit(pilot, key: str) -> str:
    await pilot.press(key)
    await settle(pilot)
    return screen_text(pilot.app)


@pytest.mark.parametrize("lang", LANGS)
async def test_every_screen_shows_hostile_text_as_typed(hostile, lang):
    app = app_for(hostile, lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Eve[/]" in screen_text(app)  # the staff list of the sign-in screen
        await sign_in(pilot, "李雷", "5678")
        home = screen_text(app)
        assert "[/]王" in home  # Home's open promises

        loans = await visit(pilot, "ctrl+l")
        assert "[bold red]x[/]" in loans
        assert "张<U+202E>三付" in loans
        detail = await visit(pilot, "enter")
        assert "[bold red]x[/]" in detail and "=1+1" in detail
        await pilot.press("escape")

        stock_screen = await visit(pilot, "ctrl+t")
        assert "[bold]x[/bold]" in stock_screen

        complaints = await visit(pilot, "f4")
        assert "[/]" in complaints
        record = await visit(pilot, "enter")
        assert "[link=http://x]点此[/link]" in record and "3F [red]童装[/red]" in record
        assert "店员<U+202E>王" in record

        shift = await visit(pilot, "f5")
        assert "[/]王" in shift and '=HYPERLINK("http://x")' in shift

        await visit(pilot, "f6")
        await visit(pilot, "l")  # the register's rows come from a worker after the screen shows
        await wait_for(pilot, lambda: "[/]客" in screen_text(app))

        await visit(pilot, "f8")
        await type_in(pilot, "[/]")
        await pilot.press("enter")
        await settle(pilot)
        assert "[/]" in screen_text(app).split("\n", 3)[-1]  # a hit, not only the search box

        await visit(pilot, "f7")
        await visit(pilot, "f1")  # help over a screen full of records


@pytest.mark.parametrize("lang", LANGS)
async def test_a_return_shows_the_borrower_as_typed(hostile, lang):
    app = app_for(hostile, lang)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, "李雷", "5678")
        await visit(pilot, "f3")
        await type_in(pilot, "U01")
        await pilot.press("enter")
        await settle(pilot)
        assert "[bold red]x[/]" in screen_text(app)


async def test_an_error_naming_hostile_text_shows_it_beside_the_field(hostile):
    app = app_for(hostile, "en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_in(pilot, "[bold]Mallory[/")
        await pilot.press("enter")
        await type_in(pilot, "1234")
        await pilot.press("enter")
        await settle(pilot)
        shown = screen_text(app)
        assert "No active staff member is called" in shown and "[bold]Mallory[/." in shown


async def test_picking_a_hostile_name_from_the_staff_list_signs_in_as_that_name(hostile):
    app = app_for(hostile, "en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        names = app.screen.query_one("#names", PlainOptionList)
        names.focus()
        names.highlighted = next(
            i for i in range(names.option_count) if str(names.get_option_at_index(i).prompt) == "Eve[/]"
        )
        await pilot.press("enter")
        await type_in(pilot, "2468")
        await pilot.press("enter")
        await settle(pilot)
        assert app.staff is not None and app.staff.name == "Eve[/]"


SHOWN = settings(
    max_examples=int(os.environ.get("DESKAPP_SCREEN_EXAMPLES", "6")),
    deadline=None,
    database=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
NAMES = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), min_size=1, max_size=3).map("".join)


@SHOWN
@given(borrowers=st.lists(NAMES, min_size=3, max_size=3), complainant=NAMES, lang=st.sampled_from(LANGS))
def test_generated_text_shows_in_lists_and_records_as_stored(hostile, borrowers, complainant, lang):
    """Generated names written into the file as they are (as an old record or another
    program would leave them): each list cell holds exactly the stored characters, hidden
    ones as <U+XXXX>, and the complaint's record shows its complainant the same way."""
    for loan, name in zip(Loan.select().order_by(Loan.id), borrowers, strict=True):
        Loan.update(borrower=name).where(Loan.id == loan.id).execute()
    Complaint.update(complainant=complainant).execute()

    async def look() -> tuple[list[str], list[str], str]:
        app = app_for(hostile, lang)
        async with app.run_test(size=SIZE) as pilot:
            await sign_in(pilot, "李雷", "5678")
            await visit(pilot, "ctrl+l")
            table = app.screen.query_one(PlainDataTable)
            loans = [table.get_row_at(i)[2].plain for i in range(table.row_count)]
            await visit(pilot, "f4")
            table = app.screen.query_one(PlainDataTable)
            complaints = [
                str(cell.plain)
                for i in range(table.row_count)
                for cell in table.get_row_at(i)
                if hasattr(cell, "plain")
            ]
            record = await visit(pilot, "enter")
            return loans, complaints, record

    loans, complaints, record = asyncio.run(look())
    assert sorted(loans) == sorted(visible(b) for b in borrowers)
    assert visible(complainant) in complaints
    words = "".join(visible(complainant).split("\n")[0].split())[:15]  # tabs show as spaces
    assert words in "".join(record.split())


# -- sheets (docs/trust.md, "Sheets never evaluate stored text") ----------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


@pytest.mark.parametrize("kind", ["loans", "complaints", "medicine"])
def test_sheets_hold_no_formula_and_keep_numbers_numbers(hostile, tmp_path, kind):
    import csv

    from openpyxl import load_workbook

    from deskapp.services import sheets

    d = make_desk(hostile)
    csv_path, xlsx_path = tmp_path / f"{kind}.csv", tmp_path / f"{kind}.xlsx"
    sheets.write(kind, "csv", csv_path, d.policy, d.time)
    sheets.write(kind, "xlsx", xlsx_path, d.policy, d.time)

    cells = [c for row in csv.reader(csv_path.open(encoding="utf-8-sig")) for c in row]
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]
    assert [c for c in cells if c.startswith(("'=", "'@"))], "the hostile records are in the sheet"
    sheet = load_workbook(xlsx_path).active
    xlsx = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in xlsx if c.data_type == "f"]
    planted = [c for c in xlsx if isinstance(c.value, str) and c.value.startswith(FORMULA_STARTS)]
    assert planted and all(c.data_type == "s" and c.quotePrefix for c in planted)
    if kind == "loans":
        assert "张<U+202E>三付" in cells
        assert any(isinstance(c.value, (int, float)) and c.value == 20 for c in xlsx)  # a deposit in yuan


# -- the command line and the screens never print a traceback (docs/trust.md) ----------

PRINTING = [["staff", "list"], ["--help"], ["report", "complaints", "--month", "2026-11"]]


@pytest.mark.parametrize("verb", PRINTING)
def test_a_closed_pipe_ends_a_command_quietly(hostile, verb):
    import subprocess
    import sys

    read, write = os.pipe()
    os.close(read)  # as `| head` does once it has its lines
    try:
        done = subprocess.run(
            [sys.executable, "-m", "deskapp", "--db", str(hostile.target), *verb],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    finally:
        os.close(write)
    assert done.stderr == ""
    assert done.returncode == (0 if verb == ["--help"] else 141)  # argparse's help ignores a closed pipe


def test_an_unexpected_error_says_one_line_and_logs_no_customer_data(hostile, monkeypatch, capsys):
    from deskapp import cli

    def broken(args):
        raise RuntimeError("张三 13800138000 borrowed U01")

    monkeypatch.setitem(cli.VERBS, "check", broken)
    assert cli.main(["--db", str(hostile.target), "check"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "RuntimeError" in err[0] and "Traceback" not in err[0]
    assert "张三" not in err[0] and "13800138000" not in err[0]
    from deskapp.paths import locate

    log = locate(str(hostile.target)).data_dir / "errors.log"
    assert str(log) in err[0]
    text = log.read_text(encoding="utf-8")
    assert "builtins.RuntimeError" in text and "test_untrusted_shown.py" in text
    assert "张三" not in text and "13800138000" not in text
    assert log.stat().st_mode & 0o777 == 0o600


async def test_a_screen_that_fails_ends_with_one_line_and_no_values(hostile, capsys):
    app = app_for(hostile, "zh_CN")
    with pytest.raises(RuntimeError):
        async with app.run_test(size=SIZE) as pilot:
            await sign_in(pilot, "李雷", "5678")
            borrower = "张三"  # a local value, as Textual's own report would print

            def fail() -> None:
                raise RuntimeError(f"{borrower} 13800138000")

            app.call_later(fail)
            await pilot.pause()
    err = capsys.readouterr().err.replace("\n", "")  # the console folds a long path
    assert "RuntimeError" in err and "errors.log" in err
    assert "Traceback" not in err and "张三" not in err and "13800138000" not in err
    assert "张三" not in (hostile.data_dir / "errors.log").read_text(encoding="utf-8")


def test_a_saved_slip_carries_no_hidden_character(hostile, tmp_path):
    """An ESC stored in a name would be a command to a receipt printer."""
    from deskapp.services import printer

    d = make_desk(hostile)
    done = printer.deliver(d.policy, tmp_path, "x", "Borrower  张\x1b[31m三\u202e\n")
    assert not done.printed
    assert (tmp_path / "x.txt").read_bytes().decode("utf-8") == "Borrower  张<U+001B>[31m三<U+202E>\n"


@pytest.mark.parametrize("target", ["folder", "missing"])
def test_a_sheet_that_cannot_be_written_is_said_in_one_line(hostile, tmp_path, capsys, target):
    from deskapp import cli

    out = tmp_path if target == "folder" else tmp_path / "missing" / "loans.csv"
    assert cli.main(["--db", str(hostile.target), "export", "loans", "-o", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"Could not write to {out}: "
        + (
            "it is not a plain file, so it is left as it is."
            if target == "folder"
            else "its folder does not exist."
        )
    ]  # in the desk's words, not the OS's
    assert not (tmp_path / "missing").exists()


def test_a_sheet_never_replaces_a_link_or_a_device(hostile, tmp_path, capsys):
    from deskapp import cli

    target = tmp_path / "target.csv"
    target.write_text("keep")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    for out in (link, tmp_path):
        assert cli.main(["--db", str(hostile.target), "export", "loans", "-o", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0] == f"Could not write to {link}: it is not a plain file, so it is left as it is."
    assert link.is_symlink() and target.read_text() == "keep"

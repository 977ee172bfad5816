"""Phones and ID numbers, masked the same way everywhere they leave a record's own
screen (docs/records.md, "Privacy"): one function, one policy setting."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deskapp import i18n
from deskapp.app import DeskApp
from deskapp.services import (
    audit,
    handover,
    handover_count,
    kit,
    kit_register,
    kit_stock,
    lending,
    slips,
    stock,
)
from deskapp.services.privacy import shown

from conftest import make_desk
from helpers import add_admin, add_staff, at, screen_text, settle, sign_in, take, type_in, wait_for

MOBILE = "13405058726"
ID = "11010519491231002X"
LANDLINE = "02112345678"


@pytest.mark.parametrize(
    "typed, masked",
    [
        (MOBILE, "134****8726"),
        ("Tel13405058726", "Tel134****8726"),
        ("13405058726x", "134****8726x"),
        ("周女士13405058726", "周女士134****8726"),
        ("周女士 134 0505 8726", "周女士 134 **** 8726"),
        ("+86 134-0505-8726", "+86 134-****-8726"),  # masked where it was typed
        ("１３４０５０５８７２６", "１３４****８７２６"),  # typed on a full-width keyboard
        ("021-12345678 转 5", "021-****5678 转 5"),
        (f"身份证{ID}", "身份证11**************2X"),
        ("11-27 134 0505 8726 下午", "11-27 134 **** 8726 下午"),  # a date, then a phone
        ("2026-11-27 10:00", "2026-11-27 10:00"),
        ("¥1045.00 · U05 · L1234567 · C0000012", "¥1045.00 · U05 · L1234567 · C0000012"),
        ("(021)6234 5678", "(021)**** 5678"),
        ("110101900307123", "11***********23"),  # a 15-digit ID of before 2013
        ("112713800138000", "112713800138000"),  # 15 digits that are no ID: no birthday in them
        ("12345", "12345"),
        ("", ""),
    ],
)
def test_shown_masks_phones_and_ids_inside_any_text(typed, masked):
    assert shown(typed) == masked
    assert shown(typed, mask=False) == typed


PREFIX = st.text(st.sampled_from("周女士电话号码：abc ,;（）"), max_size=6)


@given(
    before=PREFIX,
    after=PREFIX,
    second=st.sampled_from("3456789"),
    rest=st.text("0123456789", min_size=9, max_size=9),
)
def test_any_mobile_number_in_any_text_is_masked(before, after, second, rest):
    number = "1" + second + rest
    out = shown(f"{before}{number}{after}")
    assert number not in out and f"{number[:3]}****{number[-4:]}" in out
    assert out.startswith(before) and out.endswith(after)  # the rest stays as typed


@pytest.fixture
def desk_with_numbers(locations):
    """A phone and an ID on a loan, a phone in a complaint's contact, a promise and a kit use."""
    d = make_desk(locations)
    admin = add_admin(d)
    clerk = add_staff(d, admin, "李雷", "staff", "5678")
    actor = d.actor = audit.Actor(clerk.id, "tui")  # type: ignore[attr-defined]
    now = at("2026-11-24 09:00")
    stock.add_items(actor, d.policy, "umbrella", "U01", "", now.now())
    lending.lend(actor, d.policy, now, "U01", f"张三{MOBILE}", MOBILE, ID)  # a number typed as the name too
    take(d, complainant=f"周女士{MOBILE}", contact=f"周女士 {LANDLINE}", what=f"顾客留了电话 {MOBILE}")
    handover.write(
        actor,
        d.policy,
        now,
        "promise",
        f"找到后打 {MOBILE}",
        promise_to=f"周女士 {MOBILE}",
        promise_due="2026-11-25 10:00",
    )
    kit.prepare(actor, d.time.now())
    kit_stock.receive(
        actor,
        d.policy,
        d.policy.security,
        now,
        kit.kits()[0].id,
        "A01",
        "5",
        "",
        "2027-06",
        language=i18n.language(),
    )
    kit_register.register_use(
        actor,
        now,
        kit.kits()[0].id,
        happened="",
        person_type="customer",
        person_name=f"赵敏 {MOBILE}",
        contact=MOBILE,
        what="minor_injury",
        what_text=f"回电 {MOBILE}",
        items=[("A01", "1")],
        language=i18n.language(),
    )
    return d


def full_numbers(text: str) -> list[str]:
    return [n for n in (MOBILE, ID, LANDLINE, "12345678") if n in text]


def test_the_customers_copy_of_a_slip_is_masked_and_the_desks_is_not(desk_with_numbers):
    d = desk_with_numbers
    text = slips.loan_slip(d.policy, d.time, 1).text()
    customer, desk_copy = text.split(d.policy.desk.name)[1], text.split(d.policy.desk.name)[2]
    assert "134****8726" in customer and not full_numbers(customer)
    assert MOBILE in desk_copy


async def look_everywhere(locations) -> dict[str, str]:
    app = DeskApp(make_desk(locations), backup_after=0)
    seen = {}
    async with app.run_test(size=(140, 50)) as pilot:
        await sign_in(pilot, "李雷", "5678")
        seen["home"] = screen_text(app)
        await pilot.press("f3")
        await settle(pilot)
        await type_in(pilot, "U01")
        await pilot.press("enter")
        await settle(pilot)
        seen["return"] = screen_text(app)
        await pilot.press("escape", "ctrl+l")
        await settle(pilot)
        seen["loans"] = screen_text(app)
        await pilot.press("escape", "f6", "l")
        await wait_for(pilot, lambda: "赵敏" in screen_text(app))
        await pilot.press("escape", "escape", "f4")
        await settle(pilot)
        seen["complaints"] = screen_text(app)
        seen["kit uses"] = screen_text(app)
        for query in ("8726", "周女士", "张三"):
            await pilot.press("escape", "escape", "f8")
            await settle(pilot)
            await type_in(pilot, query)  # found as it is typed; Enter would open the record
            await wait_for(pilot, lambda: "found" in screen_text(app))
            seen[f"search {query}"] = screen_text(app)
    return seen


async def test_lists_search_and_home_show_numbers_masked(desk_with_numbers):
    seen = await look_everywhere(desk_with_numbers.locations)
    for name, text in seen.items():
        assert not full_numbers(text), f"{name}:\n{text}"
    for name in ("home", "loans", "return", "search 8726"):
        assert "134****8726" in seen[name], name


async def test_with_masking_off_they_show_in_full(desk_with_numbers):
    policy = desk_with_numbers.locations.policy_file
    policy.parent.mkdir(parents=True, exist_ok=True)
    policy.write_text("[privacy]\nmask = false\n", encoding="utf-8")
    seen = await look_everywhere(desk_with_numbers.locations)
    assert MOBILE in seen["home"] and MOBILE in seen["loans"] and MOBILE in seen["search 8726"]


SHEETS = ("loans", "complaints", "medicine", "handovers")


def sheet_text(path) -> str:
    from openpyxl import load_workbook

    book = load_workbook(path)
    return "\n".join(str(c.value) for row in book.active.iter_rows() for c in row if c.value is not None)


@pytest.mark.parametrize("kind", SHEETS)
def test_every_sheet_is_masked(desk_with_numbers, tmp_path, kind):
    from deskapp import db

    from test_cli import run

    desk = desk_with_numbers
    if kind == "handovers":  # a log handed over, with the number in its notes
        log = handover_count.start(desk.actor, desk.policy, at("2026-11-24 15:00"))
        counted = {"umbrella": "0", "stroller": "0", "wheelchair": "0"}
        handover_count.save_counts(
            desk.actor, at("2026-11-24 15:05"), log.id, "20", "", counted, "", f"周女士来电 {MOBILE}"
        )
    db.disconnect()
    where = str(desk.locations.database)
    for fmt in ("xlsx", "csv"):
        out = tmp_path / f"{kind}.{fmt}"
        assert run(["--db", where, "export", kind, "--month", "2026-11", "-o", str(out)]) == 0
        text = sheet_text(out) if fmt == "xlsx" else out.read_text(encoding="utf-8-sig")
        assert text.count("\n") >= 1 and not full_numbers(text), text
        assert "****" in text


def test_an_administrator_may_export_in_full_and_it_is_recorded(desk_with_numbers, tmp_path, capsys):
    from deskapp import db
    from deskapp.models import AuditEntry

    from test_cli import run

    db.disconnect()
    where, out = str(desk_with_numbers.locations.database), tmp_path / "loans.xlsx"
    full = ["--db", where, "export", "loans", "--month", "2026-11", "-o", str(out), "--unmasked"]
    assert run(full) == 1 and not out.exists()  # no name given
    assert "--admin" in capsys.readouterr().err
    assert run([*full, "--admin", "李雷"], stdin="5678\n") == 1 and not out.exists()  # a clerk
    assert run([*full, "--admin", "王芳"], stdin="000000\n") == 1 and not out.exists()  # a wrong PIN
    nowhere = ["--db", where, "export", "loans", "-o", str(tmp_path / "no" / "x.xlsx"), "--unmasked"]
    make_desk(desk_with_numbers.locations)
    before = AuditEntry.select().count()
    db.disconnect()
    assert run([*nowhere, "--admin", "王芳"], stdin="123456\n") == 1  # refused before the PIN is read
    make_desk(desk_with_numbers.locations)
    assert AuditEntry.select().count() == before  # nothing recorded: no sign-in, no export
    db.disconnect()
    assert run([*full, "--admin", "王芳"], stdin="123456\n") == 0
    assert MOBILE in sheet_text(out) and ID in sheet_text(out)
    make_desk(desk_with_numbers.locations)
    entry = AuditEntry.select().where(AuditEntry.action == "export.unmasked").get()
    assert '"kind":"loans"' in entry.after.replace(" ", "") and str(out) in entry.after
    assert run(["--db", where, "export", "loans", "-o", str(tmp_path / "x.csv"), "--admin", "王芳"]) == 1

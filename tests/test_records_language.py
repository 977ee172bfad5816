"""Records in no language (docs/records.md): what the app writes is stored as codes
and values and said in the language of whoever reads it. Records are written with
the desk in one language and every screen that shows them is read in the other:
nothing of the writer's language shows but what a person typed."""

from __future__ import annotations

import re

import pytest

from deskapp import i18n
from deskapp.app import DeskApp
from deskapp.services import (
    audit,
    complaint_callbacks,
    complaint_workflow,
    handover,
    kit,
    kit_register,
    kit_stock,
    lending,
    returns,
    stock,
)

from conftest import make_desk
from helpers import add_admin, add_staff, at, screen_text, settle, sign_in, take, wait_for

# What people type, in each language: the app's own words must not be among them.
TYPED = {
    "zh_CN": dict(
        clerk="李雷",
        borrower="张三",
        place="三楼童装店",
        what="店员态度差",
        people="店员小王",
        complainant="周女士",
        expectation="道歉",
        reason="已联系店铺",
        outcome="顾客满意",
        promise="找到后电话通知",
        person="赵敏",
        desk="服务台一",
    ),
    "en": dict(
        clerk="Li Lei",
        borrower="Zhang San",
        place="Third floor kids",
        what="Rude shop assistant",
        people="Wang",
        complainant="Ms Zhou",
        expectation="An apology",
        reason="Shop was called",
        outcome="Happy now",
        promise="Call when found",
        person="Zhao Min",
        desk="Desk one",
    ),
}
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def write_records(locations, lang: str) -> dict:
    """A day of the desk, with the screens in `lang`: every kind of record the app writes."""
    typed = TYPED[lang]
    locations.policy_file.parent.mkdir(parents=True, exist_ok=True)
    locations.policy_file.write_text(f'[desk]\nname = "{typed["desk"]}"\n', encoding="utf-8")
    d = make_desk(locations, lang=lang)
    assert i18n.language() == lang
    admin = add_admin(d, "Wang Fang" if lang == "en" else "王芳")
    clerk = add_staff(d, admin, typed["clerk"], "staff", "5678")
    actor = d.actor = audit.Actor(clerk.id, "tui")  # type: ignore[attr-defined]
    stock.add_items(actor, d.policy, "umbrella", "U01-U02", "", at("2026-10-01 09:00").now())
    lending.lend(actor, d.policy, at("2026-10-01 10:00"), "U01", typed["borrower"], "13800138000")
    lending.lend(actor, d.policy, at("2026-10-01 10:00"), "U02", typed["borrower"], "13900139000")
    case = returns.find_for_return("U01")
    returns.return_items(
        actor, d.policy, d.policy.security, at("2026-10-08 10:00"), [line.id for line in case.lines], "dirty"
    )
    fields = dict(
        place=typed["place"],
        what=typed["what"],
        people=typed["people"],
        complainant=typed["complainant"],
        expectation=typed["expectation"],
    )
    old = take(d, "2026-10-02 10:00", **fields)
    complaint_workflow.classify(actor, d.policy, at("2026-10-02 11:00"), old.id, "general", True, True)
    complaint_workflow.escalate_overdue(d.policy, at("2026-11-20 09:00"))  # a month open: major
    c = take(d, "2026-11-20 10:00", **fields)
    complaint_workflow.classify(actor, d.policy, at("2026-11-20 11:00"), c.id, "assistance", False, False)
    complaint_workflow.move(actor, d.policy, at("2026-11-20 12:00"), c.id, "investigating")
    complaint_workflow.move(actor, d.policy, at("2026-11-21 12:00"), c.id, "resolved", typed["reason"])
    complaint_callbacks.callback(
        actor, at("2026-11-23 10:00"), c.id, "phone", True, typed["outcome"], "satisfied"
    )
    handover.write(
        actor,
        d.policy,
        at("2026-11-24 09:00"),
        "promise",
        typed["promise"],
        promise_to=typed["complainant"],
        promise_due="2026-11-25 10:00",
    )
    kit.prepare(actor, d.time.now())
    kit_id = kit.kits()[0].id
    security = d.policy.security
    kit_stock.receive(
        actor,
        d.policy,
        security,
        at("2026-10-01 09:00"),
        kit_id,
        "A01",
        "5",
        "",
        "2026-11-01",
        language=i18n.language(),
    )
    kit_stock.receive(
        actor,
        d.policy,
        security,
        at("2026-11-01 09:00"),
        kit_id,
        "A03",
        "9",
        "",
        "2027-06",
        language=i18n.language(),
    )
    kit_stock.remove_expired(actor, at("2026-11-23 09:00"), kit_id, "A01")
    kit_register.register_use(
        actor,
        at("2026-11-23 10:00"),
        kit_id,
        happened="",
        person_type="customer",
        person_name=typed["person"],
        contact="13800138000",
        what="minor_injury",
        items=[("A03", "2")],
        language=i18n.language(),
    )
    return typed


async def every_screen(locations, lang: str, typed: dict) -> dict[str, str]:
    """The text of every screen that shows those records, read in `lang`."""
    app = DeskApp(make_desk(locations, lang=lang), backup_after=0)
    seen: dict[str, str] = {}
    async with app.run_test(size=(140, 50)) as pilot:

        async def visit(name: str, *keys: str, until: str | None = None) -> None:
            for key in keys:
                await pilot.press(key)
                await settle(pilot)
            if until:
                await wait_for(pilot, lambda: until in screen_text(app))
            seen[name] = screen_text(app)

        await sign_in(pilot, typed["clerk"], "5678")
        seen["home"] = screen_text(app)
        await visit("loans", "ctrl+l", "ctrl+n", "ctrl+n")  # history: the returned loan too
        await visit("loan", "enter")
        await visit("complaints", "escape", "f4", "ctrl+n", "ctrl+n", "ctrl+n")  # all
        await visit("complaint", "enter")
        await pilot.press("escape")
        await visit("complaint 2", "down", "enter")
        await visit("handover", "escape", "f5")
        await visit("kit", "f6")
        await visit("register", "l", until=typed["person"])
        await visit("search", "escape", "escape", "f8")
        for ch in typed["complainant"]:
            await pilot.press(ch)
        await visit("search hits", "enter")
        await visit("reports", "escape", "f7")
    return seen


@pytest.mark.parametrize("written, read", [("zh_CN", "en"), ("en", "zh_CN")])
async def test_records_read_in_the_other_language(locations, written, read):
    typed = write_records(locations, written)
    seen = await every_screen(locations, read, typed)
    assert (
        "Not handled within" in seen["complaint"]
        or "时效过长" in seen["complaint"]
        or "Not handled within" in seen["complaint 2"]
        or "时效过长" in seen["complaint 2"]
    )
    for name, text in seen.items():
        text = text.replace(locations.database.name, "")  # a file name, as the system has it
        for words in typed.values():  # what was typed shows as typed, in either language
            text = text.replace(words, "")
        if read == "en":
            assert not CJK.findall(text), f"{name}: {CJK.findall(text)}\n{text}"
        else:
            english = [w for w in re.findall(r"[A-Za-z]{3,}", text) if w.lower() not in ALLOWED_IN_CHINESE]
            assert not english, f"{name}: {english}\n{text}"


# ASCII that the Chinese screens show on purpose: key names, file formats, and the
# command line as it is typed (deskapp export KIND --from … --to …).
ALLOWED_IN_CHINESE = {
    "deskapp",
    "esc",
    "enter",
    "tab",
    "ctrl",
    "shift",
    "pin",
    "del",
    "home",
    "end",
    "pgup",
    "pgdn",
    "space",
    "xlsx",
    "csv",
    "export",
    "kind",
    "from",
}

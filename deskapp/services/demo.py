"""A month of desk life, for a newcomer to try the program (`deskapp demo`).

Everything goes through the same services the screens use, on a clock that
walks through the month, so the records are what a real desk would have.
The same seed and the same "today" give the same database (stable snapshots).
It only ever writes to the database it is given, never the real one.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from deskapp import i18n
from deskapp.clock import DeskTime
from deskapp.errors import DeskError
from deskapp.i18n import _
from deskapp.models import DeskMark
from deskapp.money import yuan
from deskapp.policy import Policy
from deskapp.services import (
    audit,
    complaint_callbacks,
    complaint_intake,
    complaint_workflow,
    complaints,
    handover,
    handover_count,
    handover_signing,
    kit,
    kit_checks,
    kit_register,
    kit_stock,
    lending,
    returns,
    staff,
    stock,
    transaction,
)
from deskapp.services.demo_data import (
    COMPLAINT_PLANS,
    COMPLAINTS,
    PLACES,
    STAFF,
    STEPS,
    Plan,
    at,
    customer_name,
    customer_phone,
)


@dataclass(frozen=True)
class DemoInfo:
    today: date
    loans: int
    complaints: int
    handovers: int


def sign_ins_text() -> str:
    """The demo's names and PINs, a line for each role, for its sign-in screen (never a real desk's)."""
    lines = [_("The demo desk. Sign in with a name and its PIN:")]
    for role, label in staff.ROLE_LABELS.items():
        names = [f"{name} {pin}" for name, r, pin in STAFF if r == role]
        if names:
            lines.append(i18n.colon().join((_(label), i18n.join(names))))
    return "\n".join(lines)


@transaction
def _mark_demo() -> None:
    """The demo says so inside itself: `deskapp demo` rebuilds only such a database (docs/trust.md)."""
    (
        DeskMark.insert(key="kind", value="demo")
        .on_conflict(conflict_target=[DeskMark.key], update={DeskMark.value: "demo"})
        .execute()
    )


def build(policy: Policy, today: date, seed: int = 2026) -> DemoInfo:
    """Fill an empty database with the 30 days before `today` (desk dates)."""
    if staff.has_staff():
        raise DeskError(_("The demo goes into an empty database only."))
    rng = random.Random(seed)
    first = at(policy, today - timedelta(days=30), 8, 0)
    _mark_demo()
    boss, clerks = _people(policy, first)
    kit_id = _stock(policy, today, rng, boss, first)
    loans = _loans(policy, today, rng, clerks, kit_id)
    made = _complaints(policy, today, rng, clerks)
    done = _handovers(policy, today, rng, clerks)
    kit_checks.record_check(clerks[0], at(policy, today - timedelta(days=3), 9), kit_id, True, True, True)
    return DemoInfo(today, loans, made, done)


def _people(policy: Policy, first: DeskTime) -> tuple[audit.Actor, list[audit.Actor]]:
    """The demo's staff: its admin, and the clerks who work the month (two staff and the lead)."""
    sec = policy.security
    name, _role, pin = STAFF[0]
    admin = staff.create_first_admin(name, pin, pin, sec, first.now())
    boss = audit.Actor(admin.id, "cli")
    people = {STAFF[0][0]: admin}
    for name, role, pin in STAFF[1:]:
        people[name] = staff.add_staff(boss, name, role, pin, pin, sec, first.now())
    return boss, [audit.Actor(people[n].id, "tui") for n in ("李雷", "张伟", "韩梅梅")]


def _stock(policy: Policy, today: date, rng: random.Random, boss: audit.Actor, first: DeskTime) -> int:
    """The items to lend and a first-aid kit filled, one medicine soon past its date; the kit's id."""
    stock.add_items(boss, policy, "umbrella", "U01-U20", "", first.now())
    stock.add_items(boss, policy, "stroller", "S1 S2", "", first.now())
    stock.add_items(boss, policy, "wheelchair", "W1 W2", "", first.now())
    kit.prepare(boss, first.now())
    kit_id = kit.kits()[0].id
    lang = i18n.language()  # the items' names in a refusal
    for code, qty, expiry in (
        ("A01", "30", "2027-06"),
        ("A02", "25", "2027-03"),
        ("A03", "12", ""),
        ("A04", "10", "2027-01"),
        ("A05", "6", ""),
        ("A07", "20", "2027-12"),
        ("A08", "4", "2027-08"),
        ("A09", "1", "2027-05"),
        ("A10", "2", ""),
    ):
        expires = expiry or (today + timedelta(days=rng.randint(5, 25))).strftime("%Y%m%d")
        batch_no = f"B{rng.randrange(10**5):05d}"
        kit_stock.receive(
            boss, policy, policy.security, first, kit_id, code, qty, batch_no, expires, language=lang
        )
    expired_soon = (today - timedelta(days=20)).strftime("%Y%m%d")  # past by today: to take out
    kit_stock.receive(
        boss, policy, policy.security, first, kit_id, "A06", "2", "B00077", expired_soon, language=lang
    )
    return kit_id


Out = list[tuple[str, date]]  # the items out: (tag, the day it comes back, or the far future)


def _loans(policy: Policy, today: date, rng: random.Random, clerks: list[audit.Actor], kit_id: int) -> int:
    """The month day by day: the returns due, then the day's loans (more when it rains) and
    now and then a kit use; then a few never returned. The number of loans."""
    start = today - timedelta(days=30)
    loans = 0
    out: Out = []
    for offset in range(31):
        day = start + timedelta(days=offset)
        clerk = clerks[offset % 2]
        _returns_due(policy, day, rng, clerk, out)
        if day == today:
            break
        loans += _umbrellas_lent(policy, today, day, offset, rng, clerk, out)
        if rng.random() < 0.5:
            loans += _big_item_lent(policy, day, rng, clerk, out)
        if rng.random() < 0.2:
            _kit_use(policy, day, rng, clerk, kit_id)
    # A few that never came back: overdue today, not yet kept.
    free = [i.tag for i in stock.list_items("umbrella", limit=100).rows if i.status == "available"]
    for ago, tag in zip((10, 12, 16), free, strict=False):
        lending.lend(
            clerks[0],
            policy,
            at(policy, today - timedelta(days=ago), 18),
            [tag],
            customer_name(rng),
            customer_phone(rng),
        )
        loans += 1
    returns.close_kept(policy, at(policy, today, 9))
    return loans


def _returns_due(policy: Policy, day: date, rng: random.Random, clerk: audit.Actor, out: Out) -> None:
    """The items due back on `day` come back, most of them intact."""
    for tag, back in [o for o in out if o[1] <= day]:
        condition = rng.choices(("intact", "dirty", "damaged", "lost"), (30, 3, 2, 1))[0]
        try:
            case = returns.find_for_return(tag)
            returns.return_items(
                clerk,
                policy,
                policy.security,
                at(policy, day, rng.randint(10, 20)),
                [line.id for line in case.lines],
                condition,
            )
        except DeskError:
            pass
        out.remove((tag, back))


def _umbrellas_lent(
    policy: Policy, today: date, day: date, offset: int, rng: random.Random, clerk: audit.Actor, out: Out
) -> int:
    """The day's umbrellas, many when it rains; some late, some still out today. How many were lent."""
    lent = 0
    rain = rng.random() < 0.3
    free = [i.tag for i in stock.list_items("umbrella", limit=100).rows if i.status == "available"]
    for _n in range(rng.randint(4, 9) if rain else rng.randint(0, 2)):
        if not free:
            break
        tag = free.pop(rng.randrange(len(free)))
        try:
            lending.lend(
                clerk,
                policy,
                at(policy, day, rng.randint(9, 20), rng.randint(0, 59)),
                [tag],
                customer_name(rng),
                customer_phone(rng),
            )
        except DeskError:
            continue
        lent += 1
        late = rng.random() < 0.15
        back = day + timedelta(days=rng.randint(8, 14) if late else rng.randint(0, 6))
        if (late and 14 <= offset <= 24) or offset >= 28 and rng.random() < 0.5:
            back = today + timedelta(days=99)  # still out today: overdue, or just lent
        out.append((tag, back))
    return lent


def _big_item_lent(policy: Policy, day: date, rng: random.Random, clerk: audit.Actor, out: Out) -> int:
    """A stroller or a wheelchair, when one is free, mostly back the same day. How many were lent."""
    kind = rng.choice(("stroller", "wheelchair"))
    free = [i.tag for i in stock.list_items(kind).rows if i.status == "available"]
    if not free:
        return 0
    lending.lend(
        clerk,
        policy,
        at(policy, day, rng.randint(10, 16)),
        [free[0]],
        customer_name(rng),
        customer_phone(rng),
    )
    out.append((free[0], day + timedelta(days=1 if rng.random() < 0.2 else 0)))
    return 1


def _kit_use(policy: Policy, day: date, rng: random.Random, clerk: audit.Actor, kit_id: int) -> None:
    try:
        kit_register.register_use(
            clerk,
            at(policy, day, rng.randint(10, 20)),
            kit_id,
            happened="",
            person_type=rng.choice(("customer", "customer", "vendor_staff", "cleaning")),
            person_name=customer_name(rng),
            contact=customer_phone(rng),
            what=rng.choice(("minor_injury", "minor_injury", "heatstroke")),
            items=[("A01", "2"), ("A03", "1")],
            disinfection=True,
            bandaging=True,
            language=i18n.language(),
        )
    except DeskError:  # the kit ran short: a real desk would restock, the demo just goes on
        pass


def _complaints(policy: Policy, today: date, rng: random.Random, clerks: list[audit.Actor]) -> int:
    """Complaints of every kind in every state, and one open long enough to have become major."""
    channels = list(complaints.CHANNELS)
    for ago, kind, reach in COMPLAINT_PLANS:
        day = today - timedelta(days=ago)
        clerk = clerks[ago % 3]
        what, expect = COMPLAINTS[ago % len(COMPLAINTS)]
        c = complaint_intake.intake(
            clerk,
            policy,
            at(policy, day, 11),
            channel=channels[ago % len(channels)],
            happened="10:30",
            place=PLACES[ago % len(PLACES)],
            what=what,
            people="当班店员",
            complainant=customer_name(rng),
            contact=customer_phone(rng),
            expectation=expect,
            kind=kind,
            media_risk=kind == "critical",
            collective=kind == "critical",
        )
        if reach != "received":
            _followed_up(policy, today, rng, clerk, c.id, (ago, kind, reach))
    complaint_workflow.escalate_overdue(policy, at(policy, today, 9))
    return len(COMPLAINT_PLANS)


def _followed_up(
    policy: Policy, today: date, rng: random.Random, clerk: audit.Actor, complaint_id: int, plan: Plan
) -> None:
    """One complaint taken from received as far as its plan's reach, with what its kind asks for
    on the way."""
    ago, kind, reach = plan
    day = today - timedelta(days=ago)
    complaint_workflow.move(
        clerk, policy, at(policy, day, 14), complaint_id, "investigating", "已联系店铺了解情况"
    )
    complaint_workflow.assign(
        clerk, at(policy, day, 14, 5), complaint_id, rng.choice(("营运部", "物业工程部", "客服部"))
    )
    if kind == "assistance":
        complaint_workflow.add_note(
            clerk, at(policy, day, 16), complaint_id, "progress", "已转物业,告知顾客处理进度", "phone"
        )
    if kind in ("major", "critical"):
        complaint_workflow.incident_report(
            clerk, at(policy, day, 17), complaint_id, "经过、原因、处理结果及整改措施。"
        )
        complaint_workflow.informed(
            clerk, at(policy, day, 17, 30), complaint_id, "leader_informed", "陈总", "17:20"
        )
    if kind == "critical":
        complaint_workflow.informed(
            clerk, at(policy, day, 17, 40), complaint_id, "gm_pr_notified", "总经理、市场部"
        )
    for step in STEPS[1 : STEPS.index(reach) + 1]:
        when = at(policy, min(today, day + timedelta(days=1 + STEPS.index(step))), 15)
        if step == "called_back":
            complaint_callbacks.callback(
                clerk, when, complaint_id, "phone", True, "顾客表示满意", "satisfied"
            )
        else:
            complaint_workflow.move(
                clerk, policy, when, complaint_id, step, "已处理" if step == "resolved" else ""
            )


def _name_of(clerk: audit.Actor) -> str:
    """A demo clerk's name (the demo's clerks are all staff, never the system)."""
    if clerk.staff_id is None:
        raise ValueError(clerk)
    return staff.get(clerk.staff_id).name


def _handovers(policy: Policy, today: date, rng: random.Random, clerks: list[audit.Actor]) -> int:
    """Signed handovers for the last three days, with notes, money and a few promises still open."""
    sec = policy.security
    pins = {n: p for n, _r, p in STAFF}
    names = {a.staff_id: _name_of(a) for a in clerks}
    done = 0
    first = today - timedelta(days=3)
    handover.money(clerks[0], policy, at(policy, first, 8, 30), "", amount="1000", text="备用金(开班)")
    for ago in (3, 2, 1):
        day = today - timedelta(days=ago)
        for cut, shift_end in ((15, 30), (22, 30)):
            outgoing, incoming = (clerks[0], clerks[1]) if cut == 15 else (clerks[1], clerks[0])
            handover.write(outgoing, policy, at(policy, day, cut - 3), "note", "雨伞架已整理,借还正常")
            handover.money(
                outgoing, policy, at(policy, day, cut - 2), "photocopy_a4", qty=str(rng.randint(2, 12))
            )
            if rng.random() < 0.5:
                handover.write(
                    outgoing,
                    policy,
                    at(policy, day, cut - 1),
                    "event",
                    "2F 扶梯短暂停运,已报工程部",
                    told=True,
                )
            if ago == 1 or rng.random() < 0.3:
                handover.write(
                    outgoing,
                    policy,
                    at(policy, day, cut - 1, 30),
                    "promise",
                    "失物找到后电话通知顾客",
                    promise_to=f"{customer_name(rng)} {customer_phone(rng)}",
                    promise_due=f"{today:%m-%d} 18:00",
                )
            log = handover_count.start(outgoing, policy, at(policy, day, cut, shift_end))
            counted = {k: str(v[0]) for k, v in log.items.items()}
            handover_count.save_counts(
                outgoing,
                at(policy, day, cut, shift_end + 5),
                log.id,
                yuan(log.cash_expected_fen or 0),
                "",
                counted,
                "",
                "交接正常",
            )
            when = at(policy, day, cut, shift_end + 10)
            out_name, in_name = names[outgoing.staff_id], names[incoming.staff_id]
            handover_signing.sign(outgoing, policy, sec, when, log.id, "outgoing", out_name, pins[out_name])
            handover_signing.sign(incoming, policy, sec, when, log.id, "incoming", in_name, pins[in_name])
            done += 1
    return done

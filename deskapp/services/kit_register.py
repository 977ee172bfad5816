"""The medicine-usage register (《用药登记表》; docs/kit.md, "Stock, uses and alerts"): who
was helped, what happened, what was given. A use takes from the kit's stock in the same
transaction, the batches that expire first first, never an expired one (deskapp/rules/kit.py);
asking for more than the usable stock is refused and takes nothing."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from peewee import Desc

from deskapp import i18n
from deskapp.clock import DeskTime
from deskapp.errors import DeskError, ValidationError
from deskapp.i18n import N_, _
from deskapp.models import Kit, KitBatch, KitUse, KitUseGram, KitUseLine, Medicine
from deskapp.rules import kit as rules
from deskapp.rules.kit import in_language
from deskapp.services import audit, kit_types, pairs, transaction
from deskapp.services.datetext import typed_moment
from deskapp.services.kit import LINE_MAX, a_name, find_item, kit_name, one_line, typed_count
from deskapp.services.privacy import shown
from deskapp.services.text import searched

PERSON_TYPES = {
    "customer": N_("customer"),
    "own_staff": N_("own staff"),
    "vendor_staff": N_("vendor staff"),
    "cleaning": N_("cleaning company"),
}
WHAT = {"minor_injury": N_("minor injury"), "heatstroke": N_("heatstroke"), "other": N_("other")}
USE_ITEMS = 3  # item lines on one register entry (the screen's form)


@dataclass(frozen=True)
class UseInfo:
    id: int
    kit: str
    happened_at: datetime
    registered_by: str
    person_type: str
    person_name: str
    contact: str
    what: str
    what_text: str
    items: list[tuple[str, str, int, str]]  # code, name, qty, unit
    disinfection: bool
    bandaging: bool
    help_other: str
    called_120: bool
    called_120_at: datetime | None
    refused: bool
    note: str


def _use_info(use: KitUse, language: str) -> UseInfo:
    items: dict[str, list] = {}
    for line in (
        KitUseLine.select(KitUseLine, KitBatch, Medicine)
        .join(KitBatch)
        .join(Medicine)
        .where(KitUseLine.use == use.id)
        .order_by(KitUseLine.id)
    ):
        m = line.batch.medicine
        name, unit = in_language(language, m.name_zh, m.name_en), in_language(language, m.unit_zh, m.unit_en)
        items.setdefault(m.code, [m.code, name, 0, unit])[2] += line.qty
    return UseInfo(
        use.id,
        kit_name(use.kit),
        use.happened_at,
        use.registered_by.name,
        use.person_type,
        use.person_name,
        use.contact,
        use.what,
        use.what_text,
        [(c, n, q, u) for c, n, q, u in items.values()],
        use.disinfection,
        use.bandaging,
        use.help_other,
        use.called_120,
        use.called_120_at,
        use.refused,
        use.note,
    )


# -- registering a use ---------------------------------------------------------------------------------


@transaction
def register_use(
    actor: audit.Actor,
    clock: DeskTime,
    kit_id: int,
    *,
    happened: str,
    person_type: str,
    person_name: str,
    contact: str,
    what: str,
    what_text: str = "",
    items: Sequence[tuple[str, str]] = (),
    disinfection: bool = False,
    bandaging: bool = False,
    help_other: str = "",
    called_120: bool = False,
    called_120_at: str = "",
    refused: bool = False,
    note: str = "",
    language: str,
) -> UseInfo:
    """One line of 《用药登记表》; the kit's stock falls by what was used, the
    batches that expire first first, never an expired one, in this transaction.
    `items` are (code, quantity) pairs; errors name item{n}/qty{n} (1-based);
    items are named in `language`."""
    errors: dict[str, str] = {}
    line = _checked_line(
        clock, errors, happened, person_type, person_name, contact, what, what_text, help_other, note
    )
    line["called_120_at"] = (
        typed_moment(called_120_at, "called_120_at", clock, errors) if called_120 else None
    )
    wanted = _wanted(items, errors, language)
    if errors:
        raise ValidationError(errors)
    kit = Kit.get_or_none(Kit.id == kit_id)
    if kit is None:
        raise DeskError(_("This kit no longer exists."))
    today, now = clock.today(), clock.now()
    flags = dict(disinfection=disinfection, bandaging=bandaging, called_120=called_120, refused=refused)
    use = KitUse.create(kit=kit.id, registered_at=now, registered_by=actor.staff_id, **line, **flags)
    words = (use.person_name, pairs.without_numbers(use.contact), use.what_text, use.note)
    pairs.write(KitUseGram, KitUseGram.use, use.id, *words, phones=(use.contact,))
    short = _draw(use.id, kit.id, wanted, today, language)
    if short:
        raise ValidationError(short)  # the transaction is rolled back: nothing was taken
    info = _use_info(KitUse.get_by_id(use.id), language)
    _record(actor, now, use, kit, info)
    return info


def _checked_line(
    clock: DeskTime,
    errors: dict[str, str],
    happened: str,
    person_type: str,
    person_name: str,
    contact: str,
    what: str,
    what_text: str,
    help_other: str,
    note: str,
) -> dict:
    """The register line's own fields as they are stored; what is wrong goes into `errors`."""
    happened_at = typed_moment(happened, "happened", clock, errors)
    if person_type not in PERSON_TYPES:
        errors["person_type"] = _("Pick who was helped: customer, own staff, vendor staff, cleaning company.")
    person_name = a_name(person_name, "person_name", 40, errors, _("Type their name."))
    contact = a_name(contact, "contact", 60, errors)
    if what not in WHAT:
        errors["what"] = _("Pick what happened.")
    what_text = one_line(
        what_text, "what_text", LINE_MAX, errors, _("Say what happened.") if what == "other" else None
    )
    return dict(
        happened_at=happened_at,
        person_type=person_type,
        person_name=person_name,
        contact=contact,
        what=what,
        what_text=what_text,
        help_other=one_line(help_other, "help_other", LINE_MAX, errors),
        note=one_line(note, "note", LINE_MAX, errors),
    )


def _wanted(
    items: Sequence[tuple[str, str]], errors: dict[str, str], language: str
) -> list[tuple[int, Medicine, int]]:
    """The item lines filled in, as (line number, item, quantity); never a prescription
    medicine (docs/kit.md, "Prescription and oral medicine")."""
    wanted: list[tuple[int, Medicine, int]] = []
    for n, (code, qty) in enumerate(items, 1):
        if not (code or "").strip() and not str(qty or "").strip():
            continue
        medicine = find_item(code, f"item{n}", errors)
        if medicine is not None and medicine.prescription:
            errors[f"item{n}"] = kit_types.prescription_refused(
                in_language(language, medicine.name_zh, medicine.name_en)
            )
            medicine = None
        amount = typed_count(qty, f"qty{n}", errors)
        if medicine is not None and amount:
            wanted.append((n, medicine, amount))
    return wanted


def _draw(
    use_id: int, kit_id: int, wanted: list[tuple[int, Medicine, int]], today: date, language: str
) -> dict[str, str]:
    """Take each line's units from the kit's batches; the lines there is not enough for."""
    short: dict[str, str] = {}
    for n, medicine, amount in wanted:
        batches = [
            rules.Batch(b.id, b.expiry, b.left_qty)
            for b in KitBatch.select().where(
                (KitBatch.kit == kit_id) & (KitBatch.medicine == medicine.id) & (KitBatch.left_qty > 0)
            )
        ]
        plan = rules.allocate(batches, amount, today)
        if plan.short:
            short[f"qty{n}"] = (
                _("Only {have} {unit} of {name} can be used here ({expired} expired).")
                if plan.expired
                else _("Only {have} {unit} of {name} in this kit.")
            ).format(
                have=plan.usable,
                unit=in_language(language, medicine.unit_zh, medicine.unit_en),
                name=in_language(language, medicine.name_zh, medicine.name_en),
                expired=plan.expired,
            )
            continue
        for draw in plan.draws:
            changed = (
                KitBatch.update(left_qty=KitBatch.left_qty - draw.qty)
                .where((KitBatch.id == draw.batch_id) & (KitBatch.left_qty >= draw.qty))
                .execute()
            )
            if not changed:
                raise DeskError(_("The kit's stock changed meanwhile; try again."))
            KitUseLine.create(use=use_id, batch=draw.batch_id, qty=draw.qty)
    return short


def _record(actor: audit.Actor, now: datetime, use: KitUse, kit: Kit, info: UseInfo) -> None:
    audit.record(
        actor,
        "kit.use",
        "kit_use",
        use.id,
        now,
        after={
            "kit": kit.name,
            "person": use.person_type,
            "what": use.what,
            "items": [[c, q] for c, _n, q, _u in info.items],
            "called_120": use.called_120,
            "refused": use.refused,
        },
    )


# -- reading the register ----------------------------------------------------------------------------


@dataclass(frozen=True)
class UsePage:
    rows: list[UseInfo]
    total: int | None
    offset: int
    has_more: bool


def uses(
    text: str = "", offset: int = 0, limit: int = 100, counted: bool = True, *, language: str
) -> UsePage:
    """The register, newest first; search by name, contact, what happened (as written, or
    the kind of use the list shows: 中暑, heatstroke) or note. Not `counted`, the total of a
    page with more after it is None (F8 shows no total). Items are named in `language`."""
    q = KitUse.select().order_by(KitUse.happened_at.desc(), Desc(KitUse.id))
    if text := searched(text):
        texts = (KitUse.person_name, KitUse.contact, KitUse.what_text, KitUse.note)
        found = pairs.matching(KitUseGram, KitUseGram.use, KitUse, text, texts, phone=True)
        wanted = text.casefold()
        if kinds := [code for code, name in WHAT.items() if wanted in name.casefold() or wanted in _(name)]:
            found = found | KitUse.what.in_(kinds)
        q = q.where(found)
    page = list(q.offset(offset).limit(limit + 1))
    more = len(page) > limit
    rows = [_use_info(u, language) for u in page[:limit]]
    total = (q.count() if counted else None) if more else offset + len(rows)
    return UsePage(rows, total, offset, more)


USE_COLUMNS = (
    N_("when"),
    N_("kit"),
    N_("person"),
    N_("name"),
    N_("contact or department"),
    N_("what happened"),
    N_("items used"),
    N_("help given"),
    N_("120 called"),
    N_("refused treatment"),
    N_("registered by"),
    N_("note"),
)


def use_rows(
    clock: DeskTime,
    start: date | None = None,
    end: date | None = None,
    *,
    mask: bool = True,
    language: str,
) -> Iterator[list]:
    """The register from `start` to `end` (desk dates, both included), oldest first, for a sheet;
    phones and ID numbers masked unless `mask` is False (services/privacy.py); items named in `language`."""
    q = KitUse.select().order_by(KitUse.happened_at, KitUse.id)
    if start:
        q = q.where(
            KitUse.happened_at >= datetime.combine(start, time(), clock.zone).astimezone(timezone.utc)
        )
    if end:
        q = q.where(
            KitUse.happened_at
            < datetime.combine(end + timedelta(days=1), time(), clock.zone).astimezone(timezone.utc)
        )
    for use in q.iterator():
        u = _use_info(use, language)
        yield [
            u.happened_at,
            u.kit,
            _(PERSON_TYPES[u.person_type]),
            shown(u.person_name, mask),
            shown(u.contact, mask),
            _(WHAT[u.what]) + (i18n.colon() + shown(u.what_text, mask) if u.what_text else ""),
            i18n.join(f"{name} {i18n.quantity(qty, unit)}" for _c, name, qty, unit in u.items),
            help_given(u),
            u.called_120_at if u.called_120 else None,
            _("yes") if u.refused else "",
            u.registered_by,
            shown(u.note, mask),
        ]


def help_given(u: UseInfo) -> str:
    given = [
        _(label) for label, on in ((N_("disinfection"), u.disinfection), (N_("bandaging"), u.bandaging)) if on
    ]
    if u.help_other:
        given.append(u.help_other)
    return i18n.join(given)

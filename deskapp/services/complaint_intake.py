"""Registering a complaint (《客诉登记表》, docs/complaints.md): what is typed at the desk,
checked field by field, and the complaint with its resolve-by day and its first timeline entry."""

from __future__ import annotations

from datetime import date

from deskapp.clock import DeskTime
from deskapp.errors import ValidationError
from deskapp.i18n import _
from deskapp.models import Complaint, ComplaintGram
from deskapp.policy import Policy
from deskapp.services import audit, pairs, transaction
from deskapp.services.complaint_timeline import add_entry, redo_deadlines
from deskapp.services.complaints import CHANNELS, KINDS, LINE_MAX, TEXT_MAX, ComplaintInfo, get
from deskapp.services.datetext import parse_day, typed_moment
from deskapp.services.text import clean


@transaction
def intake(
    actor: audit.Actor,
    policy: Policy,
    clock: DeskTime,
    *,
    channel: str,
    happened: str,
    place: str,
    what: str,
    people: str,
    complainant: str,
    contact: str,
    expectation: str = "",
    deadline: str = "",
    kind: str = "",
    media_risk: bool = False,
    collective: bool = False,
) -> ComplaintInfo:
    """Register a complaint (《客诉登记表》); its number is what the customer quotes."""
    typed = _checked(
        clock, channel, happened, place, what, people, complainant, contact, expectation, deadline, kind
    )
    now = clock.now()
    row = Complaint(
        received_at=now, taken_by=actor.staff_id, media_risk=media_risk, collective=collective, **typed
    )
    redo_deadlines(policy, clock, row)
    row.save()
    # What F8 finds it by (docs/records.md, "Finding a record"); these texts are never edited.
    pairs.write(
        ComplaintGram,
        ComplaintGram.complaint,
        row.id,
        row.complainant,
        row.place,
        row.people,
        row.what,
        phones=(row.contact,),
    )
    add_entry(actor, row, "created", now, text=row.what)
    return get(row.id)


def _checked(
    clock: DeskTime,
    channel: str,
    happened: str,
    place: str,
    what: str,
    people: str,
    complainant: str,
    contact: str,
    expectation: str,
    deadline: str,
    kind: str,
) -> dict[str, object]:
    """The complaint's fields as they are stored; ValidationError names each one refused."""
    errors: dict[str, str] = {}
    if channel not in CHANNELS:
        errors["channel"] = _("Pick how the complaint came in.")
    happened_at = typed_moment(happened, "happened", clock, errors)
    place = clean(place, "place", 100, errors, required=_("Say where it happened (floor, shop, area)."))
    what = clean(what, "what", TEXT_MAX, errors, required=_("Say what happened."))
    people = clean(people, "people", LINE_MAX, errors)
    complainant = clean(
        complainant, "complainant", 40, errors, required=_("Type the complainant's name."), name=True
    )
    contact = clean(
        contact, "contact", 60, errors, required=_("Type how to reach them (a phone number)."), name=True
    )
    expectation = clean(expectation, "expectation", LINE_MAX, errors)
    customer_deadline = _customer_deadline(deadline, clock.today(), errors)
    if kind and kind not in KINDS:
        errors["kind"] = _("Pick a kind, or leave it for after the investigation.")
    if errors:
        raise ValidationError(errors)
    return {
        "channel": channel,
        "happened_at": happened_at,
        "place": place,
        "what": what,
        "people": people,
        "complainant": complainant,
        "contact": contact,
        "expectation": expectation,
        "customer_deadline": customer_deadline,
        "kind": kind or None,
    }


def _customer_deadline(deadline: str, today: date, errors: dict[str, str]) -> date | None:
    if not (deadline or "").strip():
        return None
    day = parse_day(deadline, today)
    if day is None:
        errors["deadline"] = _("Type a date such as 2026-11-27, 11-27 or 1127.")
    elif day < today:
        errors["deadline"] = _("That day has passed.")
    return day

"""`deskapp calendar`: the working-day calendar of a year, where each day comes
from and what is missing; `--add-holidays/--add-workdays` write the desk's
policy lines, with an administrator's PIN, audited (docs/calendar.md)."""

from __future__ import annotations

import argparse

from deskapp import i18n
from deskapp.cli_io import columns, fail, read_pin, say
from deskapp.i18n import _


def add_parser(verbs, common, day_type) -> None:
    p = verbs.add_parser(
        "calendar",
        parents=[common],
        help=_("show the working-day calendar of a year, or add the year's dates"),
    )
    p.add_argument("--year", type=_year, help=_("the year to show (default: this year)"))
    p.add_argument(
        "--add-holidays",
        nargs="+",
        type=day_type,
        default=[],
        metavar="DATE",
        help=_("public holidays or closing days to add, YYYY-MM-DD"),
    )
    p.add_argument(
        "--add-workdays",
        nargs="+",
        type=day_type,
        default=[],
        metavar="DATE",
        help=_("weekend days made working days (调休) to add, YYYY-MM-DD"),
    )
    p.add_argument(
        "--remove",
        nargs="+",
        type=day_type,
        default=[],
        metavar="DATE",
        help=_("days to take out of the policy's lists (added by mistake), YYYY-MM-DD"),
    )
    p.add_argument(
        "--admin", metavar="NAME", help=_("your administrator name, to add dates; your PIN is asked for")
    )


def _year(text: str) -> int:
    if not (text.isdigit() and 1900 <= int(text) <= 2100):
        raise argparse.ArgumentTypeError(_("{text} is not a year like 2027").format(text=text))
    return int(text)


def run(args: argparse.Namespace) -> int:
    from deskapp.desk import load_settings
    from deskapp.paths import locate

    desk = load_settings(locate(getattr(args, "db", None)), getattr(args, "lang", None))
    if args.add_holidays or args.add_workdays or args.remove:
        return _add(args, desk)
    _show(desk, args.year or desk.time.today().year)
    return 0


def _show(desk, year: int) -> None:
    from deskapp.rules.calendar import PACKAGE, POLICY
    from deskapp.services import calendar

    known = calendar.days(desk.policy.calendar)
    source = {PACKAGE: _("chinese-calendar package"), POLICY: _("policy file")}
    rows = [[_("day"), _("what"), _("source")]]
    for day, kind in sorted(
        [(d, "off") for d in known.holidays if d.year == year]
        + [(d, "worked") for d in known.workdays if d.year == year]
    ):
        where = (known.holidays if kind == "off" else known.workdays)[day]
        rows.append(
            [
                f"{day} {i18n.weekday(day)}",
                _("day off") if kind == "off" else _("working day (调休)"),
                source[where],
            ]
        )
    if len(rows) > 1:
        say(_("Working-day calendar {year}: weekends off, with these days").format(year=year))
        say(columns(rows))
    else:
        say(_("Working-day calendar {year}: weekends off, and no other day known.").format(year=year))
    say(
        _("Confirmed until {day} (policy file: {file}).").format(
            day=known.confirmed_until, file=desk.locations.policy_file
        )
    )
    if year not in known.years and year > known.confirmed_until.year:
        say(
            _(
                "{year} is not confirmed: the chinese-calendar package does not have it and the policy "
                "names none of its holidays. Until it is added, callback deadlines in {year} are counted "
                "on weekends alone. Add the State Council's dates with --add-holidays and --add-workdays, "
                "or update deskapp once a release has them."
            ).format(year=year)
        )
    elif year not in known.years:
        say(
            _(
                "{year} is before the years the chinese-calendar package knows; deskapp counts no "
                "deadline there."
            ).format(year=year)
        )


def _refusal(args: argparse.Namespace, desk) -> str | None:
    """Why these days are not written (docs/calendar.md), or None."""
    from deskapp import policy_file
    from deskapp.services import calendar

    both = sorted(set(args.add_holidays) & set(args.add_workdays))
    if both:
        return _("{day} cannot be both a holiday and a working day.").format(day=both[0])
    first, last = calendar.package_years()[0], desk.time.today().year + 2
    for day in (*args.add_holidays, *args.add_workdays):
        if not first <= day.year <= last:
            return _(
                "{day} is outside the years a desk plans for ({first} to {last}): a typing mistake?"
            ).format(day=day, first=first, last=last)
    weekend = desk.policy.calendar.weekend
    for day in args.add_workdays:
        if day.isoweekday() not in weekend:
            return _(
                "{day} is a {weekday}, a working day anyway; a make-up working day (调休) is a weekend day."
            ).format(day=day, weekday=i18n.weekday(day))
    holidays, workdays = policy_file.calendar_lists(desk.locations.policy_file)
    for day, other in [(d, workdays) for d in args.add_holidays] + [(d, holidays) for d in args.add_workdays]:
        if day.isoformat() in other and day not in args.remove:
            return _(
                "{day} is in the policy's other list already; take it out first with --remove {day}."
            ).format(day=day)
    return None


def _add(args: argparse.Namespace, desk) -> int:
    from deskapp import db, policy_file
    from deskapp.desk import open_desk
    from deskapp.services import audit, complaint_callbacks, staff, system

    if why := _refusal(args, desk):
        return fail(why)
    if not args.admin:
        return fail(
            _(
                "Adding dates changes every callback deadline after them: give an administrator's "
                "name with --admin (the PIN is asked for). Nothing was changed."
            )
        )
    desk = open_desk(locations=desk.locations, lang=desk.language)
    try:
        pin = read_pin(_("PIN of {name}: ").format(name=args.admin))
        admin = staff.administrator(args.admin, pin, desk.policy.security, desk.time.now(), "cli")
        change = policy_file.change_calendar(
            desk.locations.policy_file, args.add_holidays, args.add_workdays, args.remove
        )
        if not change:
            say(_("Those days are in the policy already; nothing was changed."))
            return 0
        system.record_calendar(
            audit.Actor(admin.id, "cli"),
            str(desk.locations.policy_file),
            change.holidays,
            change.workdays,
            change.removed,
            desk.time.now(),
        )
        desk = load_again(desk)
        moved = complaint_callbacks.recount_callbacks(desk.policy, desk.time)
    finally:
        db.disconnect()
    say(
        _("Written to {file}: holidays added {h}; working days added {w}; taken out {r}.").format(
            h=i18n.join(change.holidays) or "—",
            w=i18n.join(change.workdays) or "—",
            r=i18n.join(change.removed) or "—",
            file=desk.locations.policy_file,
        )
    )
    if moved:
        say(_("Callback deadlines counted again: {n}.").format(n=moved))
    say(_("Desk screens already open use the new dates once they are started again."))
    _show(desk, (args.add_holidays or args.add_workdays or args.remove)[0].year)
    return 0


def load_again(desk):
    from deskapp.desk import load_settings

    return load_settings(desk.locations, desk.language)

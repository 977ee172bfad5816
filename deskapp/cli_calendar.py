"""`deskapp calendar`: the working-day calendar of a year, where each day comes
from and what is missing; `--add-holidays/--add-workdays` write the desk's
policy lines, with an administrator's PIN, audited (docs/calendar.md)."""

from __future__ import annotations

import argparse

from deskapp.cli_io import columns, fail, read_pin, say
from deskapp.i18n import N_, _


def add_parser(verbs, common, day_type) -> None:
    p = verbs.add_parser("calendar", parents=[common],
                         help=_("show the working-day calendar of a year, or add the year's dates"))
    p.add_argument("--year", type=int, help=_("the year to show (default: this year)"))
    p.add_argument("--add-holidays", nargs="+", type=day_type, default=[], metavar="DATE",
                   help=_("public holidays or closing days to add, YYYY-MM-DD"))
    p.add_argument("--add-workdays", nargs="+", type=day_type, default=[], metavar="DATE",
                   help=_("weekend days made working days (调休) to add, YYYY-MM-DD"))
    p.add_argument("--admin", metavar="NAME",
                   help=_("your administrator name, to add dates; your PIN is asked for"))


def run(args: argparse.Namespace) -> int:
    from deskapp.desk import load_settings
    from deskapp.paths import locate

    desk = load_settings(locate(getattr(args, "db", None)), getattr(args, "lang", None))
    if args.add_holidays or args.add_workdays:
        return _add(args, desk)
    _show(desk, args.year or desk.time.today().year)
    return 0


def _show(desk, year: int) -> None:
    from deskapp.services import calendar

    known = calendar.days(desk.policy.calendar)
    source = {calendar.PACKAGE: _("chinese-calendar package"), calendar.POLICY: _("policy file")}
    rows = [[_("day"), _("what"), _("from")]]
    for day, kind in sorted([(d, "off") for d in known.holidays if d.year == year]
                            + [(d, "worked") for d in known.workdays if d.year == year]):
        where = (known.holidays if kind == "off" else known.workdays)[day]
        rows.append([f"{day} {_(WEEKDAYS[day.weekday()])}",
                     _("day off") if kind == "off" else _("working day (调休)"), source[where]])
    if len(rows) > 1:
        say(_("Working-day calendar {year}: weekends off, with these days").format(year=year))
        say(columns(rows))
    else:
        say(_("Working-day calendar {year}: weekends off, and no other day known.").format(year=year))
    say(_("Confirmed until {day} (policy file: {file}).").format(
        day=known.confirmed_until, file=desk.locations.policy_file))
    if year not in known.years:
        say(_("{year} is not confirmed: the chinese-calendar package does not have it and the policy "
              "names none of its holidays. Until it is added, callback deadlines in {year} are counted "
              "on weekends alone. Add the State Council's dates with --add-holidays and --add-workdays, "
              "or install a newer chinese-calendar.").format(year=year))


WEEKDAYS = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
            N_("Saturday"), N_("Sunday"))


def _add(args: argparse.Namespace, desk) -> int:
    from deskapp import db, policy_file
    from deskapp.desk import open_desk
    from deskapp.services import audit, staff, system

    both = sorted(set(args.add_holidays) & set(args.add_workdays))
    if both:
        return fail(_("{day} cannot be both a holiday and a working day.").format(day=both[0]))
    if not args.admin:
        return fail(_("Adding dates changes every callback deadline after them: give an administrator's "
                      "name with --admin (the PIN is asked for). Nothing was changed."))
    desk = open_desk(locations=desk.locations, lang=desk.language)
    try:
        pin = read_pin(_("PIN of {name}: ").format(name=args.admin))
        admin = staff.administrator(args.admin, pin, desk.policy.security, desk.time.now(), "cli")
        holidays, workdays = policy_file.add_calendar_days(desk.locations.policy_file,
                                                           args.add_holidays, args.add_workdays)
        system.record_calendar(audit.Actor(admin.id, "cli"), str(desk.locations.policy_file),
                               holidays, workdays, desk.time.now())
    finally:
        db.disconnect()
    say(_("Added to {file}: holidays {h}; working days {w}.").format(
        h=", ".join(holidays) or "—", w=", ".join(workdays) or "—", file=desk.locations.policy_file))
    _show(load_again(desk), (args.add_holidays or args.add_workdays)[0].year)
    return 0


def load_again(desk):
    from deskapp.desk import load_settings

    return load_settings(desk.locations, desk.language)


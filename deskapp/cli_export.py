"""`deskapp export`: a sheet for head office (docs/records.md, "Sheets for head
office"). The format follows the file's name; one span of days; phones and ID
numbers masked unless an administrator asks otherwise, with their PIN, audited
(docs/records.md, "Privacy")."""

from __future__ import annotations

import argparse
from pathlib import Path

from deskapp.cli_io import fail, opened, read_pin, say
from deskapp.i18n import _, ngettext


def add_parser(verbs, common, day_type) -> None:
    from deskapp.services.sheets import KINDS

    p = verbs.add_parser(
        "export",
        parents=[common],
        help=_("write records to a csv or xlsx sheet (phones and IDs masked)"),
        description=_(
            "Write a sheet for head office. xlsx holds money as numbers in yuan (¥), "
            "times as dates on the desk's clock and rates as percentages, under a "
            "frozen header; csv is UTF-8 with a BOM, money as 1045.00 and times as "
            "2026-11-03 10:00. Give one span: --month, --week or --from/--to. "
            "complaint-analysis is the month's complaint figures and needs a span."
        ),
    )
    p.add_argument("kind", choices=KINDS, help=_("what to export"))
    p.add_argument("--month", metavar="YYYY-MM", help=_("a month's sheet (instead of --from/--to)"))
    p.add_argument("--week", metavar="YYYY-Www", help=_("a week's sheet, e.g. 2026-W48"))
    p.add_argument(
        "--format",
        choices=("csv", "xlsx"),
        dest="fmt",
        help=_("csv or xlsx (default: from the name given with -o, else csv)"),
    )
    p.add_argument("--from", dest="start", metavar="DATE", type=day_type, help=_("first day, YYYY-MM-DD"))
    p.add_argument("--to", dest="end", metavar="DATE", type=day_type, help=_("last day, YYYY-MM-DD"))
    p.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        type=Path,
        help=_(
            "the file to write, ending in .csv or .xlsx (default: KIND-DATES.FORMAT in the current folder)"
        ),
    )
    p.add_argument(
        "--unmasked",
        action="store_true",
        help=_("phones and ID numbers in full: administrators only, with --admin; the export is recorded"),
    )
    p.add_argument(
        "--admin", metavar="NAME", help=_("your administrator name, for --unmasked; your PIN is asked for")
    )


def run(args: argparse.Namespace) -> int:
    from deskapp import export
    from deskapp.services import sheets

    span = _span(args)
    if isinstance(span, int):
        return span
    start, end = span
    fmt = _format(args)
    if fmt is None:
        return 1
    if args.unmasked and not args.admin:
        return fail(_("--unmasked needs your administrator name with --admin."))
    if args.admin and not args.unmasked:
        return fail(_("--admin is for --unmasked: a masked sheet needs no PIN."))
    if args.output:
        export.check_target(args.output)  # a folder or a link is refused before any work
    desk = opened(args)
    path = args.output or Path(sheets.default_name(args.kind, fmt, desk.time.today(), start, end))
    admin = _administrator(args, desk) if args.unmasked else None
    written = sheets.write(
        args.kind,
        fmt,
        path,
        desk.policy,
        desk.time,
        start,
        end,
        mask=desk.policy.privacy.mask and admin is None,
    )
    if admin is not None:
        _record(admin, args.kind, start, end, path, desk)
    say(
        ngettext("Wrote {n} row to {path}.", "Wrote {n} rows to {path}.", written.rows).format(
            n=written.rows, path=written.path
        )
    )
    return 0


def _span(args: argparse.Namespace):
    """(start, end) of the one span given, or the exit code after saying what is wrong."""
    from deskapp.rules.analysis import month_range
    from deskapp.services import sheets

    days = "--from" if args.start else "--to" if args.end else None  # --from with --to is one span
    spans = [
        name for name in ("--month" if args.month else None, "--week" if args.week else None, days) if name
    ]
    if len(spans) > 1:
        return fail(
            _("{one} and {other} cannot be given together: give one span of days.").format(
                one=spans[0], other=spans[1]
            )
        )
    start, end = args.start, args.end
    try:
        if args.month:
            start, end = month_range(args.month)
        elif args.week:
            start, end = sheets.week_range(args.week)
    except ValueError:
        return fail(
            _("{text} is not a month like 2026-11 or a week like 2026-W48").format(
                text=args.month or args.week
            )
        )
    if start and end and start > end:
        return fail(_("--from is after --to."))
    if args.kind in sheets.UNDATED and (start or end):
        return fail(_("The restock request is what to buy as things stand now: leave out the days."))
    if args.kind in sheets.NEEDS_SPAN and not (start and end):
        return fail(
            _("The complaint analysis is for a span of days: give --month, --week or --from and --to.")
        )
    return start, end


def _format(args: argparse.Namespace) -> str | None:
    """--format, else the output file's extension, else csv; None (said) when they disagree."""
    from deskapp import export

    named = export.format_of(args.output) if args.output else None
    if args.fmt and named and named != args.fmt:
        fail(
            _("{file} ends in .{named} but --format is {fmt}: leave one out or make them agree.").format(
                file=args.output, named=named, fmt=args.fmt
            )
        )
        return None
    if args.fmt or named:
        return args.fmt or named
    if args.output and not args.output.is_dir():  # a folder is refused as one, by export.check_target
        fail(
            _(
                "{file} ends in neither .csv nor .xlsx: name it so, or give --format csv or --format xlsx."
            ).format(file=args.output)
        )
        return None
    return "csv"


def _administrator(args: argparse.Namespace, desk):
    """The administrator asking for full numbers, by name and PIN (a wrong PIN counts,
    as at sign-in: services/staff.administrator)."""
    from deskapp.services import audit, staff

    admin = staff.administrator(
        args.admin,
        read_pin(_("PIN of {name}: ").format(name=args.admin)),
        desk.policy.security,
        desk.time.now(),
        source="cli",
    )
    return audit.Actor(admin.id, "cli")


def _record(admin, kind: str, start, end, path: Path, desk) -> None:
    """The sheet with full numbers, in the audit trail once it is written; a sheet that
    cannot be recorded is not left behind."""
    from deskapp.services import sheets

    try:
        sheets.record_unmasked(admin, kind, start, end, path.resolve(), desk.time.now())
    except BaseException:
        path.unlink(missing_ok=True)
        raise

"""`deskapp`: the TUI by default; verbs for scripts and the administrator."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from deskapp import cli_calendar, cli_desk, cli_export, cli_printer, i18n
from deskapp.cli_io import columns as _columns
from deskapp.cli_io import fail as _fail
from deskapp.cli_io import opened
from deskapp.cli_io import read_pin as _read_pin
from deskapp.cli_io import say as _say
from deskapp.cli_parser import build_parser, early_parser
from deskapp.errors import DeskError, ValidationError
from deskapp.i18n import _

# -- verbs -----------------------------------------------------------------------


def _run_tui(args: argparse.Namespace) -> int:
    """The desk screens. A database file that is not there is made for the
    first-start screen, and kept only once its first administrator is."""
    from deskapp import db
    from deskapp.desk import open_desk
    from deskapp.paths import locate
    from deskapp.services import staff

    where = locate(getattr(args, "db", None))
    new = not where.server and not where.database.exists()
    desk = open_desk(lang=getattr(args, "lang", None), locations=where, create=True)
    start = staff.start_state()
    from deskapp.app import DeskApp  # Textual is imported only now, after the database checks

    app = DeskApp(desk, start, build_ahead=True)
    app.run()
    if new and not staff.has_staff():  # left before the first administrator: no desk was made
        db.disconnect()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{where.database}{suffix}").unlink(missing_ok=True)
    else:
        _keep_head(desk)
    if app.return_value == "demo":  # chosen on the first-start screen
        db.disconnect()
        return cli_desk.demo(
            argparse.Namespace(
                lang=getattr(args, "lang", None), today=None, seed=2026, rebuild=False, no_open=False
            ),
            _run_tui,
        )
    return app.return_code or 0


def _keep_head(desk) -> None:
    """The chain's head, outside the database, after a session or a change (docs/trust.md)."""
    from deskapp import anchors, db

    try:
        anchors.keep(desk.locations, desk.time.now())
    except db.Error:  # the database went away: the head is kept next time
        pass


def _locate(args: argparse.Namespace) -> int:
    from deskapp.paths import data_file, locate

    loc = locate(getattr(args, "db", None))
    policy_state = _("exists") if loc.policy_file.exists() else _("not created; the defaults apply")
    _say(
        _columns(
            [
                [_("database"), loc.shown],
                [_("policy"), f"{loc.policy_file} ({policy_state})"],
                [_("defaults"), str(data_file("policy.toml"))],
                [_("backups"), _("on the database server (pg_dump)") if loc.server else str(loc.backup_dir)],
            ]
        )
    )
    return 0


def _staff(args: argparse.Namespace) -> int:
    from deskapp.services import audit, staff

    desk = opened(args)
    security, now = desk.policy.security, desk.time.now()

    if args.staff_verb == "list":
        rows = [[_("name"), _("role"), _("state"), _("last sign-in")]]
        for s in staff.list_staff():
            if not s.active:
                state = _("disabled")
            elif s.held:
                state = _("locked until an administrator unlocks")
            elif s.locked_until and s.locked_until > now:
                state = _("locked until {time}").format(time=desk.time.show(s.locked_until))
            else:
                state = _("active")
            rows.append([s.name, _(staff.ROLE_LABELS[s.role]), state, desk.time.show(s.last_sign_in) or "-"])
        _say(_columns(rows) if len(rows) > 1 else _("No staff yet."))
        return 0

    def new_pin() -> tuple[str, str]:
        return _read_pin(_("New PIN for {name}: ").format(name=args.name)), _read_pin(_("PIN again: "))

    if args.staff_verb == "add" and not staff.has_staff():
        # An empty database: the first person added is the administrator.
        who = staff.create_first_admin(args.name, *new_pin(), security, now, source="cli")
        _say(_("Added {name} as the first administrator.").format(name=who.name))
        _keep_head(desk)
        return 0
    if not args.admin:
        return _fail(_("Give your administrator name with --admin."))
    admin = staff.administrator(
        args.admin, _read_pin(_("PIN of {name}: ").format(name=args.admin)), security, now, source="cli"
    )
    actor = audit.Actor(admin.id, "cli")
    if args.staff_verb == "add":
        who = staff.add_staff(actor, args.name, args.role, *new_pin(), security, now)
        _say(_("Added {name} ({role}).").format(name=who.name, role=_(staff.ROLE_LABELS[who.role])))
    elif args.staff_verb == "unlock":
        who = staff.unlock(actor, args.name, now)
        _say(_("{name} can sign in again.").format(name=who.name))
    elif args.staff_verb in ("disable", "enable"):
        who = staff.set_active(actor, args.name, args.staff_verb == "enable", now)
        _say((_("{name} is enabled.") if who.active else _("{name} is disabled.")).format(name=who.name))
    else:
        who = staff.reset_pin(actor, args.name, *new_pin(), security, now)
        _say(_("{name} has a new PIN.").format(name=who.name))
    _keep_head(desk)
    return 0


def _report(args: argparse.Namespace) -> int:
    from deskapp.rules.analysis import month_range
    from deskapp.services import calendar, complaint_callbacks, complaint_reports, complaint_workflow

    desk = opened(args)
    try:
        start, end = month_range(args.month)
    except ValueError:
        return _fail(_("{text} is not a month like 2026-11").format(text=args.month))
    complaint_workflow.escalate_overdue(desk.policy, desk.time)
    complaint_callbacks.recount_callbacks(desk.policy, desk.time)
    analysis = complaint_reports.analyse(
        desk.time, start, end, calendar.days(desk.policy.calendar).confirmed_until
    )
    _say(
        _("Complaints received {start} to {end}, as they stand on {today}").format(
            start=start, end=end, today=desk.time.today()
        )
    )
    lines = complaint_reports.analysis_lines(analysis)
    width = max(cells(label) for label, _value in lines) + 2
    for label, value in lines:
        _say(label + " " * (width - cells(label)) + value)
    return 0


def cells(text: str) -> int:
    """Terminal columns of `text` (a Chinese character takes two)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


VERBS = {
    None: _run_tui,
    "locate": _locate,
    "init": cli_desk.init,
    "check": cli_desk.check,
    "backup": cli_desk.backup,
    "restore": cli_desk.restore,
    "staff": _staff,
    "export": cli_export.run,
    "report": _report,
    "calendar": cli_calendar.run,
    "printer": cli_printer.run,
    "demo": lambda args: cli_desk.demo(args, _run_tui),
}


def main(argv: Sequence[str] | None = None) -> int:
    try:
        try:
            code = _main(list(sys.argv[1:] if argv is None else argv))
        finally:  # also after --help: a closed pipe shows here, not in Python's flush at exit
            sys.stdout.flush()
    except BrokenPipeError:  # `deskapp staff list | head`: the reader has had enough
        return _quiet_after_broken_pipe()
    except OSError as error:  # the output could not be written (a full disk, /dev/full)
        return _fail(_os_problem(error))
    return code


def _os_problem(error: OSError) -> str:
    from deskapp.export import problem

    return problem(error)


def _main(argv: list[str]) -> int:
    # The language of --help and of errors, before the policy is read.
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang")
    early.add_argument("--db")
    known = early.parse_known_args(argv)[0]
    from deskapp.paths import locate
    from deskapp.policy import language_setting

    i18n.set_language(i18n.choose(known.lang, language_setting(locate(known.db).policy_file)))

    if password_shown(known.db):
        print(
            _(
                "The password in --db can be read by every account on this PC in the list of running "
                "programs. Leave it out of the address and put it in PGPASSWORD or a pgpass file "
                '(README, "Several desks, one database").'
            ),
            file=sys.stderr,
        )

    if any(not a.startswith("-") or a in ("-h", "--help", "--version") for a in argv):
        args = build_parser().parse_args(argv)
    else:  # the desk screens: only --db and --lang can be given, no need for every verb's help
        args = early_parser().parse_args(argv)
    try:
        return VERBS[args.verb](args)
    except ValidationError as error:
        return _fail("\n".join(error.errors.values()))
    except DeskError as error:
        return _fail(error.message)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        raise
    except Exception as error:
        return _unexpected(error, args)


def password_shown(db: str | None) -> bool:
    """A server address with its password, typed on the command line (docs/trust.md)."""
    from deskapp.paths import has_password, is_server

    return db is not None and is_server(db) and has_password(db)


def _quiet_after_broken_pipe() -> int:
    """Nothing more goes to the closed pipe, not even Python's flush at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 141  # as a shell reports a program ended by SIGPIPE


def _unexpected(error: Exception, args: argparse.Namespace) -> int:
    """One line in the user's language, the details in the log (docs/trust.md)."""
    from deskapp import crashlog
    from deskapp.dbfiles import explain, is_database_error
    from deskapp.paths import locate

    where = locate(getattr(args, "db", None))
    if is_database_error(error):  # locked, read-only, full disk: said in words, not a traceback
        return _fail(explain(error, where.shown))
    if isinstance(error, OSError):  # a file that could not be written: a folder, a missing one
        return _fail(_os_problem(error))
    return _fail(crashlog.report(error, where.data_dir))

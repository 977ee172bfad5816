"""The verbs that make, check, copy and replace a desk's database file:
init, check, backup, restore, demo. None of them makes a desk implicitly or
replaces one unasked (docs/trust.md, "Guards")."""

from __future__ import annotations

import argparse
from pathlib import Path

from deskapp.cli_io import fail, read_pin, say
from deskapp.i18n import _


def _db(args: argparse.Namespace) -> str | None:
    return getattr(args, "db", None)


def _lang(args: argparse.Namespace) -> str | None:
    return getattr(args, "lang", None)


def init(args: argparse.Namespace) -> int:
    from deskapp import db
    from deskapp.desk import open_desk
    from deskapp.paths import locate

    where = locate(args.path or _db(args))
    if not where.server and where.database.exists():
        return fail(_("There is a desk at {path} already; nothing was changed.").format(path=where.database))
    open_desk(lang=_lang(args), locations=where, create=True)
    db.disconnect()
    say(
        _(
            "A new desk at {path}. Its first administrator is added on the first-start screen "
            "(deskapp --db {path}) or with: deskapp --db {path} staff add NAME"
        ).format(path=where.shown)
    )
    return 0


def check(args: argparse.Namespace) -> int:
    from deskapp.desk import load_settings, missing_folder
    from deskapp.paths import locate
    from deskapp.rules.seals import parse_code
    from deskapp.services import calendar, system

    desk = load_settings(locate(_db(args)), _lang(args))
    if problem := missing_folder(desk.locations):
        return fail(problem)
    path = desk.locations.shown
    code = parse_code(args.seal) if args.seal else None
    if args.seal and code is None:
        return fail(
            _(
                "{code} is not a seal code like 42-3F9A-C0D1-77E2-9B10 (the last line of a "
                "signed handover's print)."
            ).format(code=args.seal)
        )
    report = system.check_database(desk.locations, code, desk.time)
    problems = list(report.problems)
    if report.updated:
        say(report.updated)
    if report.compared:
        say(report.compared)
    if report.seal:
        say(report.seal)
    for note in report.notes:
        say(_("Warning: {words}").format(words=note))
    gap = calendar.gap(desk.policy.calendar, desk.time.today())
    if gap and gap.passed:
        problems.append(calendar_words(gap))
    elif gap:
        say(_("Warning: {words}").format(words=calendar_words(gap)))
    if problems:
        say(_("{path}: problems found:").format(path=path))
        for problem in problems:
            say(f"  - {problem}")
        return 1
    say(_("{path}: OK").format(path=path))
    return 0


def calendar_words(gap) -> str:
    """What `check` says about the end of the confirmed calendar (docs/calendar.md)."""
    how = _(
        "update deskapp (git pull, then bash scripts/start.sh) once a release has them, or write "
        "the State Council's dates with deskapp calendar --add-holidays and --add-workdays"
    )
    if gap.passed:
        return _(
            "The working-day calendar ended on {day}: callback deadlines since are counted on "
            'weekends alone and marked "calendar not confirmed". Add {year}\'s public holidays and '
            "make-up working days: {how}."
        ).format(day=gap.confirmed_until, year=gap.next_year, how=how)
    return _(
        "the working-day calendar is confirmed until {day}. Before then, add {year}'s public "
        "holidays and make-up working days: {how}."
    ).format(day=gap.confirmed_until, year=gap.next_year, how=how)


def backup(args: argparse.Namespace) -> int:
    from deskapp import backups
    from deskapp.desk import load_settings, missing_folder
    from deskapp.paths import locate

    desk = load_settings(locate(_db(args)), _lang(args))
    if problem := missing_folder(desk.locations):
        return fail(problem)
    if not desk.locations.server and not desk.locations.database.is_file():
        return fail(_("There is no database file at {path}.").format(path=desk.locations.database))
    if args.to is not None and not args.to.is_dir():
        return fail(
            _(
                "The folder {folder} does not exist; nothing was copied. Check the path, or "
                "that the drive is connected."
            ).format(folder=args.to)
        )
    path = backups.take(desk.locations, desk.time, "manual", args.to)
    say(_("Backed up to {path}").format(path=path))
    return 0


def restore(args: argparse.Namespace) -> int:
    """Replace the desk with a backup: an administrator's PIN first, the current
    file kept, and the restore recorded in the restored desk's audit trail."""
    from deskapp import backups
    from deskapp.desk import load_settings, missing_folder
    from deskapp.paths import locate

    desk = load_settings(locate(_db(args)), _lang(args))
    if desk.locations.server:
        raise backups.server_refusal(desk.locations)
    if problem := missing_folder(desk.locations):
        return fail(problem)
    source = args.file or backups.last_good(desk.locations)
    if source is None:
        return fail(
            _("There is no sound backup in {folder}; name a backup file.").format(
                folder=desk.locations.backup_dir
            )
        )
    if why := backups.refusal(source) or backups.not_this_desk(source, desk.locations.database):
        return fail(why)
    if not args.admin:
        return fail(
            _(
                "A restore replaces the whole desk: give an administrator's name with --admin "
                "(the PIN is asked for). Nothing was changed."
            )
        )
    say(_("Restoring {file} into {path}.").format(file=source, path=desk.locations.shown))
    pin = read_pin(_("PIN of {name}: ").format(name=args.admin))
    admin = _administrator(desk, source, args.admin, pin)
    safety = backups.restore(desk.locations, desk.time, source)
    _record_restore(desk, admin, source, safety)
    say(_("Restored {file} into {path}.").format(file=source, path=desk.locations.shown))
    if safety:
        say(_("The database as it was before is kept in {path}").format(path=safety))
    return 0


def _administrator(desk, source: Path, name: str, pin: str) -> str:
    """The administrator's name, checked against the desk's own file when it is sound
    (wrong PINs count there as at sign-in), else against the backup."""
    from deskapp import db, dbfiles, migrations
    from deskapp.desk import open_desk
    from deskapp.errors import DeskError
    from deskapp.services import pins, staff

    live = desk.locations.database
    if (
        live.is_file()
        and not dbfiles.integrity_problems(live)
        and not migrations.too_new(dbfiles.applied_migrations(live), migrations.known())
    ):
        open_desk(lang=desk.language, locations=desk.locations)
        try:
            return staff.administrator(name, pin, desk.policy.security, desk.time.now(), "cli").name
        finally:
            db.disconnect()
    row = dbfiles.staff_row(source, staff.name_key(name))
    if row is None or row[0] != "admin" or not row[1] or row[3] or not pins.verify_pin(pin, row[2]):
        raise DeskError(
            _("{name} is not an administrator with that PIN in {file}; nothing was restored.").format(
                name=name, file=source.name
            )
        )
    return staff.clean_name(name)


def _record_restore(desk, admin: str, source: Path, safety: Path | None) -> None:
    from deskapp import anchors, db
    from deskapp.desk import open_desk
    from deskapp.services import system

    open_desk(lang=desk.language, locations=desk.locations)
    try:
        now = desk.time.now()
        system.record_restore(
            admin, source.name, safety.name if safety else "", anchors.set_aside(desk.locations), now
        )
        anchors.keep(desk.locations, now)
    finally:
        db.disconnect()


def demo(args: argparse.Namespace, run_tui) -> int:
    """Build (or rebuild) the demo desk, only ever in a file that is one (docs/trust.md)."""
    from deskapp import dbfiles, private
    from deskapp.paths import is_server, locate

    if is_server(_db(args)):
        return fail(_("The demo is built in a file of its own, never on a server; give --db a file name."))
    usual = locate(None)
    real = usual.database
    own = usual.data_dir / "demo" / "deskapp-demo.sqlite3"  # never beside a desk's own file
    where = Path(given) if (given := _db(args)) else own
    if where.resolve() == real.resolve():
        return fail(_("The demo never goes into the real database; choose another file."))
    if where.exists() and where.resolve() != own.resolve() and dbfiles.desk_kind(where) != "demo":
        return fail(
            _(
                "{path} holds a desk's records, not a demo: the demo never opens, rebuilds or "
                "replaces it. Give --db the name of a new file."
            ).format(path=where)
        )
    if where.resolve() == own.resolve():
        private.make_dir(own.parent)
    elif not where.parent.is_dir():
        return fail(
            _("The folder {folder} does not exist, so no demo was made there.").format(folder=where.parent)
        )
    if args.rebuild:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{where}{suffix}").unlink(missing_ok=True)
    if not where.exists():
        _build_demo(args, where)
    from deskapp.desk import tightened_line

    loose = private.tighten(
        [where, *(Path(f"{where}{s}") for s in ("-wal", "-shm"))] + ([own.parent] if where == own else [])
    )
    if loose:
        say(tightened_line(loose))
    say(
        _(
            "Sign in as 李雷 (PIN 5678) or 张伟 (2468), staff; 韩梅梅 (654321), shift lead; "
            "王芳 (123456), administrator."
        )
    )
    if args.no_open:
        return 0
    args.db = str(where)
    return run_tui(args)


def _build_demo(args: argparse.Namespace, where: Path) -> None:
    from deskapp import db
    from deskapp.desk import open_desk
    from deskapp.paths import locate
    from deskapp.services import demo

    desk = open_desk(lang=_lang(args), locations=locate(str(where)), create=True)
    try:
        info = demo.build(desk.policy, args.today or desk.time.today(), args.seed)
    finally:
        db.disconnect()
    built = _("A demo desk with {loans} loans, {complaints} complaints and {handovers} handovers: {path}")
    say(built.format(loans=info.loans, complaints=info.complaints, handovers=info.handovers, path=where))

"""The command line's parser: `deskapp --help` and every verb's options (README, "Command line")."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TypeAlias

from deskapp import __version__, cli_calendar, cli_export, cli_printer, i18n
from deskapp.cli_io import DeskParser
from deskapp.i18n import _


def _date(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        message = _("{text} is not a date like 2026-11-01").format(text=text)
        raise argparse.ArgumentTypeError(message) from None


def language(text: str) -> str:
    """--lang: zh_CN or zh (Chinese), en (English)."""
    lang = i18n.normalize(text) if text.strip().lower() in ("zh", "zh_cn", "zh-cn", "en") else None
    if lang is None:
        raise argparse.ArgumentTypeError(
            _("{text} is not a language here: zh (or zh_CN), or en").format(text=text)
        )
    return lang


def early_parser() -> argparse.ArgumentParser:
    """Just the options of the desk screens (`deskapp [--db PATH] [--lang L]`)."""
    parser = DeskParser(prog="deskapp")
    parser.add_argument("--db", metavar="PATH")
    parser.add_argument("--lang", type=language, metavar="{zh,en}")
    parser.set_defaults(verb=None)
    return parser


def build_parser() -> argparse.ArgumentParser:
    """`deskapp` and its commands, each with the options every command shares (--db, --lang)."""
    common = _common()
    parser = DeskParser(
        prog="deskapp",
        parents=[common],
        description=_(
            "The customer-service desk: loans, complaints, shift handover and the "
            "first-aid kit, in a terminal. Without a command, opens the desk screens."
        ),
        epilog=_("Keys in the desk screens: F1 help, F9 lock, F10 or Ctrl+Q quit, Ctrl+P commands."),
    )
    parser.add_argument(
        "--version", action="version", version=f"deskapp {__version__}", help=_("show the version and exit")
    )
    verbs = parser.add_subparsers(dest="verb", metavar=_("COMMAND"))

    _add_database_verbs(verbs, common)
    cli_export.add_parser(verbs, common, _date)
    _add_demo(verbs, common)
    cli_calendar.add_parser(verbs, common, _date)
    cli_printer.add_parser(verbs, common)
    _add_report(verbs, common)
    _add_staff(verbs, common)
    return parser


# A parser's sub-commands, as add_subparsers() returns them.
Verbs: TypeAlias = "argparse._SubParsersAction[DeskParser]"


def _common() -> DeskParser:
    """The options every command takes: which database, which language."""
    common = DeskParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help=_("the database file to use (also $DESKAPP_DB); default: deskapp.sqlite3 in the user data dir"),
    )
    common.add_argument(
        "--lang",
        type=language,
        metavar="{zh,en}",
        default=argparse.SUPPRESS,
        help=_(
            "language of the screens and messages (default: $DESKAPP_LANG, else the "
            "policy's desk.language: Chinese unless the desk sets it)"
        ),
    )
    return common


def _add_database_verbs(verbs: Verbs, common: DeskParser) -> None:
    """locate, init, check, backup and restore: the database file and its copies."""
    verbs.add_parser(
        "locate", parents=[common], help=_("print where the database, the policy file and the backups are")
    )
    p = verbs.add_parser("init", parents=[common], help=_("make a new, empty desk database"))
    p.add_argument("path", nargs="?", help=_("the database file to make (default: --db, or the default)"))
    p = verbs.add_parser(
        "check",
        parents=[common],
        help=_(
            "check the database's integrity and its seals; exits 1 when something "
            'is wrong (README, "Security model")'
        ),
    )
    p.add_argument(
        "--seal",
        metavar="CODE",
        help=_("also check a seal code printed on a signed handover, e.g. 42-3F9A-C0D1-77E2-9B10"),
    )
    p = verbs.add_parser("backup", parents=[common], help=_("back up the database now"))
    p.add_argument(
        "--to",
        metavar="DIR",
        type=Path,
        help=_("folder for the copy (default: the backup folder, see `deskapp locate`)"),
    )
    p = verbs.add_parser(
        "restore", parents=[common], help=_("replace the database with a backup (after a safety copy of it)")
    )
    p.add_argument(
        "file",
        type=Path,
        nargs="?",
        help=_("the backup file (default: the newest backup that passes the checks)"),
    )
    p.add_argument(
        "--admin",
        metavar="NAME",
        help=_("your administrator name; your PIN is asked for (or read from standard input)"),
    )


def _add_demo(verbs: Verbs, common: DeskParser) -> None:
    p = verbs.add_parser(
        "demo", parents=[common], help=_("try deskapp on a month of sample records (never the real database)")
    )
    p.add_argument("--today", type=_date, metavar="DATE", help=_("the demo's today (default: today)"))
    p.add_argument("--seed", type=int, default=2026, help=_("the same seed makes the same records"))
    p.add_argument("--rebuild", action="store_true", help=_("start the demo again from scratch"))
    p.add_argument("--no-open", action="store_true", help=_("only build it; do not open the screens"))


def _add_report(verbs: Verbs, common: DeskParser) -> None:
    p = verbs.add_parser("report", parents=[common], help=_("print a month's analysis"))
    p.add_argument("kind", choices=("complaints",), help=_("what to analyse"))
    p.add_argument("--month", required=True, metavar="YYYY-MM", help=_("the month, e.g. 2026-11"))


def _add_staff(verbs: Verbs, common: DeskParser) -> None:
    """staff list, add, disable, enable, unlock and reset-pin (administrator)."""
    staff_p = verbs.add_parser("staff", parents=[common], help=_("manage staff (administrator)"))
    staff_verbs = staff_p.add_subparsers(dest="staff_verb", metavar=_("ACTION"), required=True)
    staff_verbs.add_parser("list", parents=[common], help=_("list staff, their roles and state"))
    admin_help = _("your administrator name; your PIN is asked for (or read from standard input)")
    p = staff_verbs.add_parser(
        "add",
        parents=[common],
        help=_("add a staff member (the first one, on an empty database, is the administrator)"),
    )
    p.add_argument("name")
    p.add_argument("--role", choices=("staff", "lead", "admin"), default="staff")
    p.add_argument("--admin", metavar="NAME", help=admin_help)
    for verb, text in (
        ("disable", _("stop a staff member from signing in")),
        ("enable", _("let a disabled staff member sign in again")),
        ("unlock", _("lift a lock-out after wrong PINs, keeping the PIN")),
        ("reset-pin", _("set a new PIN and lift a lock-out")),
    ):
        p = staff_verbs.add_parser(verb, parents=[common], help=text)
        p.add_argument("name")
        p.add_argument("--admin", metavar="NAME", required=True, help=admin_help)

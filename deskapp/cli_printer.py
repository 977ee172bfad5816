"""`deskapp printer test`: a test slip on the desk's printer, saying which printer it
used; with --file PATH, the bytes an ESC/POS printer would get, written to a file, so
they can be checked without a printer (docs/printing.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from deskapp.cli_io import fail, say
from deskapp.i18n import _


def add_parser(verbs, common) -> None:
    p = verbs.add_parser("printer", parents=[common], help=_("test the receipt printer"))
    actions = p.add_subparsers(dest="printer_verb", metavar=_("ACTION"), required=True)
    t = actions.add_parser(
        "test", parents=[common], help=_("print a test slip (both languages, a barcode, a cut)")
    )
    t.add_argument(
        "--file", type=Path, metavar="PATH", help=_("write the printer's bytes to PATH instead of printing")
    )


def run(args: argparse.Namespace) -> int:
    from deskapp.desk import load_settings
    from deskapp.paths import locate
    from deskapp.services import printer
    from deskapp.services.receipt import receipt_bytes

    where = locate(getattr(args, "db", None))
    desk = load_settings(where, getattr(args, "lang", None))
    policy = desk.policy
    when = desk.time.show(desk.time.now())
    if args.file is not None:
        slip = printer.test_printout(policy, when, f"file {args.file}")
        data = receipt_bytes(
            slip, encoding=policy.slips.encoding, codes=policy.printer.codes, cut=policy.printer.cut
        )
        args.file.write_bytes(data)
        say(
            _(
                "Wrote the test slip's ESC/POS bytes to {path} ({n} bytes: {width} columns, {encoding}, "
                "codes {codes}, {cut})."
            ).format(
                path=args.file,
                n=len(data),
                width=policy.slips.width,
                encoding=policy.slips.encoding,
                codes=policy.printer.codes,
                cut=_("a cut") if policy.printer.cut else _("no cut"),
            )
        )
        return 0
    if policy.printer.connection == "none":
        return fail(
            _(
                'No printer is set (policy: [printer] connection = "none"); slips are saved as text '
                "in {folder}. `deskapp printer test --file PATH` writes what a printer would get."
            ).format(folder=where.slips_dir)
        )
    try:
        printer.print_now(policy, printer.test_printout(policy, when))
    except printer.PrinterFault as fault:
        return fail(
            _("Not printed on {printer}: {fault}.").format(
                printer=printer.printer_name(policy), fault=fault.message
            )
        )
    say(_("Printed the test slip on {printer}.").format(printer=printer.printer_name(policy)))
    return 0

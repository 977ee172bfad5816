"""Printing in the background (docs/printing.md): the printout goes to a worker
owned by the App, so the form is free again at once and a slow or failing
printer never holds the counter. The clerk is told in one line what happened."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.message import Message

from deskapp.i18n import _
from deskapp.services import printer
from deskapp.services.slips import Printout


class PrintDone(Message):
    """A print finished in the worker: printed, saved, or saved after a fault."""

    def __init__(self, result: printer.Delivered, again: str) -> None:
        super().__init__()
        self.result = result
        self.again = again


def print_later(app: App, name: str, printout: Printout | str, again: str = "") -> None:
    """Send `printout` to the desk's printer in a worker; `again` tells how to print it
    once more (a reprint key), said when the printer failed."""
    desk = app.desk  # type: ignore[attr-defined]
    policy, slips_dir = desk.policy, desk.locations.slips_dir

    def work() -> None:
        app.post_message(PrintDone(printer.deliver(policy, Path(slips_dir), name, printout), again))

    app.run_worker(work, thread=True, group="printing", exit_on_error=False, name=f"print {name}")


def tell(app: App, done: PrintDone) -> None:
    result = done.result
    if result.fault is not None:
        saved = Path(result.where)
        text = _("Not printed on {printer}: {fault}. Kept as {file}.").format(
            printer=printer.printer_name(app.desk.policy), fault=result.fault,  # type: ignore[attr-defined]
            file=f"{saved.parent.name}/{saved.name}")
        if done.again:
            text += " " + done.again
        app.notify(text, severity="error", timeout=15)
    elif result.printed:
        app.notify(_("Printed on {printer}.").format(printer=result.where))
    else:
        app.notify(_("No printer is set; the slip was saved to {path}").format(path=result.where), timeout=8)

"""Printing in the background (docs/printing.md, "When the printer fails"): prints
go one after another to a thread of their own, so the form is free again at once,
keys typed meanwhile are never held, and quitting never waits on a printer (what
was still to print is kept as text). The clerk is told in one line what happened."""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

from deskapp.i18n import _
from deskapp.services import printer
from deskapp.services.slips import Printout

if TYPE_CHECKING:
    from deskapp.app import DeskApp


@dataclass(frozen=True, eq=False)
class Job:
    name: str  # the file it is kept as when it is not printed
    printout: Printout | str
    again: str  # how to print it once more (a reprint key), said when the printer fails


class PrintDone(Message):
    """A print finished: printed, saved, or saved after a fault; or failed with `error`."""

    def __init__(
        self, job: Job, result: printer.Delivered | None, error: BaseException | None = None
    ) -> None:
        super().__init__()
        self.job = job
        self.result = result
        self.error = error


class PrintQueue:
    """The desk's prints in order, in one daemon thread started with the first."""

    def __init__(self, app: DeskApp) -> None:
        self.app = app
        desk = app.desk
        self.policy, self.slips_dir = desk.policy, Path(desk.locations.slips_dir)
        self.jobs: queue.SimpleQueue[Job] = queue.SimpleQueue()
        self.unfinished: list[Job] = []
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None

    def add(self, job: Job) -> None:
        with self.lock:
            self.unfinished.append(job)
        self.jobs.put(job)
        if self.thread is None:
            self.thread = threading.Thread(target=self._run, name="deskapp-printing", daemon=True)
            self.thread.start()

    def _run(self) -> None:
        while True:
            job = self.jobs.get()
            try:
                done = PrintDone(job, printer.deliver(self.policy, self.slips_dir, job.name, job.printout))
            except Exception as error:  # noqa: BLE001 - said in words by the App's reporter
                done = PrintDone(job, None, error)
            with self.lock:
                self.unfinished.remove(job)
            self.app.post_message(done)

    def keep_unfinished(self) -> None:
        """At the end of the program: the prints not done yet are saved as text."""
        with self.lock:
            left = list(self.unfinished)
        for job in left:
            printer.save(self.slips_dir, job.name, job.printout)


def print_later(app: DeskApp, name: str, printout: Printout | str, again: str = "") -> None:
    """Queue `printout` for the desk's printer; `again` tells how to print it once more."""
    app.printing.add(Job(name, printout, again))


def tell(app: DeskApp, done: PrintDone) -> None:
    result = done.result
    if result is None:
        app.report_error(done.error, f"print {done.job.name}")
    elif result.fault is not None:
        saved = Path(result.where)
        text = _("Not printed on {printer}: {fault}. Kept as {file}.").format(
            printer=printer.printer_name(app.desk.policy),
            fault=result.fault,
            file=f"{saved.parent.name}/{saved.name}",
        )
        if done.job.again:
            text += " " + done.job.again
        app.notify(text, severity="error", timeout=15)
    elif result.printed:
        app.notify(_("Printed on {printer}.").format(printer=result.where))
    else:
        app.notify(_("No printer is set; the slip was saved to {path}").format(path=result.where), timeout=8)

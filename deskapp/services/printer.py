"""Sending a printout to the desk's printer (docs/printing.md): the connection the
policy names, one print at a time. A printer that fails never costs the record:
the loan or return is saved before anything prints, and a printout that could not
be printed is saved to the slips folder as text, to reprint once the printer is
back. Runs in a worker; python-escpos is imported only when a printer is used."""

from __future__ import annotations

import enum
import shlex
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deskapp import private
from deskapp.errors import DeskError
from deskapp.i18n import N_, _
from deskapp.policy import Policy
from deskapp.services.receipt import library, receipt_bytes
from deskapp.services.slips import Printout
from deskapp.services.text import visible

TIMEOUT_SECONDS = 10  # a network or serial printer that says nothing for this long is not there
STATUS_SECONDS = 2  # how long a printer is given to answer a status query
ESCPOS = ("usb", "serial", "network", "cups", "file")
ANSWERS = ("usb", "serial", "network")  # connections a printer can answer a status query on
# Real-time status (DLE EOT n): n = 2 says why the printer is offline, n = 4 its paper.
OFFLINE_CAUSE, PAPER_SENSOR = b"\x10\x04\x02", b"\x10\x04\x04"
COVER_OPEN, PAPER_STOPPED, PAPER_END = 0x04, 0x20, 0x60

_one_at_a_time = threading.Lock()  # one printer: two prints must not interleave


class Fault(enum.Enum):
    """Why a print failed, in the clerk's words."""

    COVER_OPEN = N_("its cover is open")
    NO_PAPER = N_("it is out of paper")
    NOT_FOUND = N_("it is not connected or not switched on")
    NOT_A_PRINTER = N_("that path is a folder, not a printer")
    NO_ACCESS = N_('this computer account may not use it (docs/printing.md, "Connections")')
    NO_DRIVER = N_("the USB library (libusb) is not installed")
    NO_CUPS = N_("CUPS (lp, lpstat) is not installed on this computer")
    STOPPED = N_("it stopped partway ({error})")
    COMMAND = N_("the print command failed ({error})")
    NO_COMMAND = N_("the print command {error} is not installed on this computer")


class PrinterFault(DeskError):
    """`message` is the fault in a phrase; `printer_name` says which printer."""

    def __init__(self, fault: Fault, error: object = "") -> None:
        super().__init__(_(fault.value).format(error=error))
        self.fault = fault


@dataclass(frozen=True)
class Delivered:
    printed: bool
    where: str  # the printer, or the file the printout was saved to
    fault: str | None = None  # why it was saved instead of printed


def printer_name(policy: Policy) -> str:
    """The printer as the clerk and the technician know it: "usb 0416:5011", "network 10.0.0.9:9100"."""
    p = policy.printer
    return {
        "none": _("no printer"),
        "command": policy.slips.print_command.strip(),
        "usb": f"usb {p.usb_vendor:04x}:{p.usb_product:04x}",
        "serial": f"serial {p.serial_device} {p.serial_baud}",
        "network": f"network {p.host}:{p.port}",
        "cups": f"cups {p.cups_queue or _('(default printer)')}",
        "file": f"file {p.file}",
    }[p.connection]


def deliver(policy: Policy, slips_dir: Path, name: str, printout: Printout | str) -> Delivered:
    """Print `printout` on the policy's printer; with none, or when the printer fails,
    save its text as slips/NAME.txt and say why."""
    if isinstance(printout, str):
        printout = Printout.of_text(policy.slips.width, printout)
    if policy.printer.connection == "none":
        return Delivered(False, str(save(slips_dir, name, printout)))
    try:
        print_now(policy, printout)
    except PrinterFault as fault:
        return Delivered(False, str(save(slips_dir, name, printout)), fault.message)
    return Delivered(True, printer_name(policy))


def save(slips_dir: Path, name: str, printout: Printout | str) -> Path:
    path = private.make_dir(slips_dir) / f"{name}.txt"
    # UTF-8, to read anywhere; a stored ESC or direction override reaches no file as itself
    # (docs/trust.md).
    text = printout if isinstance(printout, str) else printout.text()
    private.write_bytes(path, visible(text).encode("utf-8"))
    return path


def print_now(policy: Policy, printout: Printout) -> None:
    """Print on the policy's printer, or raise PrinterFault."""
    with _one_at_a_time:
        if policy.printer.connection == "command":
            _run_command(policy, printout)
            return
        data = receipt_bytes(
            printout, encoding=policy.slips.encoding, codes=policy.printer.codes, cut=policy.printer.cut
        )
        send(policy, data)


def _run_command(policy: Policy, printout: Printout) -> None:
    program = shlex.split(policy.slips.print_command)
    data = visible(printout.text()).encode(policy.slips.encoding, errors="replace")
    try:
        done = subprocess.run(program, input=data, capture_output=True, timeout=30)
    except FileNotFoundError:
        raise PrinterFault(Fault.NO_COMMAND, program[0]) from None
    except subprocess.TimeoutExpired:
        raise PrinterFault(Fault.COMMAND, _("no answer for {n} seconds").format(n=30)) from None
    except OSError as exc:
        raise PrinterFault(Fault.COMMAND, exc.strerror or exc) from None
    if done.returncode != 0:
        said = done.stderr.decode(errors="replace").strip()
        raise PrinterFault(Fault.COMMAND, said or _("exit code {n}").format(n=done.returncode))


def send(policy: Policy, data: bytes) -> None:
    """The bytes to the ESC/POS printer, after asking it (where it can answer) whether
    its cover is shut and it has paper."""
    device = None
    try:
        device = open_printer(policy)
        if policy.printer.ask_status and policy.printer.connection in ANSWERS:
            _ready(device)
        device._raw(data)
    except PrinterFault:
        raise
    except Exception as exc:  # noqa: BLE001 - every driver raises its own; classify_fault sorts them
        raise classify_fault(exc) from None
    finally:
        if device is not None:
            _close(device)


def open_printer(policy: Policy) -> Any:
    """The python-escpos printer of the policy's connection, opened."""
    p, escpos = policy.printer, library()
    if p.connection == "usb":
        device = escpos.Usb(p.usb_vendor, p.usb_product, timeout=TIMEOUT_SECONDS * 1000)
    elif p.connection == "serial":
        device = escpos.Serial(p.serial_device, baudrate=p.serial_baud, timeout=TIMEOUT_SECONDS)
    elif p.connection == "network":
        device = escpos.Network(p.host, port=p.port, timeout=TIMEOUT_SECONDS)
    elif p.connection == "cups":
        device = escpos.LP(p.cups_queue, auto_flush=False)
    else:
        if not Path(p.file).exists():  # a device node unplugged: never made a plain file
            raise PrinterFault(Fault.NOT_FOUND)
        device = escpos.File(p.file)
    device.open()
    return device


def _ready(device: Any) -> None:
    """Refuse before printing when the printer says its cover is open or it has no paper;
    a printer that does not answer is tried anyway."""
    offline = _answer(device, OFFLINE_CAUSE)
    if offline and offline[0] & COVER_OPEN:
        raise PrinterFault(Fault.COVER_OPEN)
    if offline and offline[0] & PAPER_STOPPED:
        raise PrinterFault(Fault.NO_PAPER)
    paper = _answer(device, PAPER_SENSOR)
    if paper and paper[0] & PAPER_END == PAPER_END:
        raise PrinterFault(Fault.NO_PAPER)


def _answer(device: Any, query: bytes) -> bytes:
    """The printer's answer to a status query; nothing when it has none within a moment."""
    # a network printer's socket: wait a moment, not the print's timeout
    settimeout = getattr(getattr(device, "device", None), "settimeout", None)
    try:
        if settimeout:
            settimeout(STATUS_SECONDS)
        return device.query_status(query)
    except OSError:  # no answer (a socket's timeout, pyusb's USBTimeoutError): print and see
        return b""
    finally:
        if settimeout:
            settimeout(TIMEOUT_SECONDS)


def _close(device: Any) -> None:
    try:
        device.close()  # flushes first; LP's close ends the print job
    except Exception:  # noqa: BLE001 - the print is over; a failing close changes nothing
        pass


def classify_fault(exc: BaseException) -> PrinterFault:
    """A driver's exception as the fault the clerk is told of, by its type: python-escpos
    wraps a connection that could not be opened in DeviceNotFoundError (the OS error it
    met is its context); anything raised once printing began means the printer stopped."""
    from escpos.exceptions import DeviceNotFoundError
    from usb.core import NoBackendError

    if isinstance(exc, DeviceNotFoundError):
        if isinstance(exc.__context__, PermissionError):
            return PrinterFault(Fault.NO_ACCESS)
        if isinstance(exc.__context__, IsADirectoryError):
            return PrinterFault(Fault.NOT_A_PRINTER)
        return PrinterFault(Fault.NOT_FOUND)
    if isinstance(exc, NoBackendError):  # pyusb without libusb
        return PrinterFault(Fault.NO_DRIVER)
    if isinstance(exc, FileNotFoundError):  # only a program is looked for unwrapped: lpstat, lp
        return PrinterFault(Fault.NO_CUPS)
    if isinstance(exc, TimeoutError):
        return PrinterFault(Fault.STOPPED, _("no answer for {n} seconds").format(n=TIMEOUT_SECONDS))
    return PrinterFault(Fault.STOPPED, str(exc) or exc.__class__.__name__)


TEST_CODE = "DESKAPP-TEST"
SAMPLE_ZH = "中文：顾客联、存根联，押金 ¥20.00（雨伞）"  # sample text in each language: the code page at work
SAMPLE_EN = "English: customer copy, desk copy, deposit ¥20.00 (umbrella)"


def test_printout(policy: Policy, when: str, where: str | None = None) -> Printout:
    """`deskapp printer test`: what the printer is set to (or `where` its bytes go), text
    in both languages, a barcode, a ruler of the paper's width, and a cut."""
    from deskapp.services.slips import _Slip

    s = _Slip(policy.slips.width)
    s.center(policy.desk.name)
    s.center(_("Printer test"))
    s.center(when)
    s.rule("=")
    s.code(TEST_CODE)
    s.pair(_("Printer"), where or printer_name(policy))
    s.pair(_("Paper"), _("{n} columns").format(n=policy.slips.width))
    s.pair(_("Characters"), policy.slips.encoding)
    s.pair(_("Codes"), policy.printer.codes if where or policy.printer.connection in ESCPOS else "-")
    s.rule()
    s.text(SAMPLE_ZH)
    s.text(SAMPLE_EN)
    s.lines.append(("1234567890" * 5)[: policy.slips.width])
    s.rule("=")
    return Printout(policy.slips.width, (s.copy(),))

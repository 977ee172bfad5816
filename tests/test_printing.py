"""Receipt printers (docs/printing.md): the ESC/POS bytes of a slip, a printer on the
network (a real socket on loopback that answers status queries as a printer does),
and faults that never lose the record."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest
from test_loans import override

from deskapp.models import Loan
from deskapp.services import printer, slips
from deskapp.services.receipt import CHINESE_MODE, receipt_bytes
from deskapp.services.slips import Code, cells
from deskapp.services.text import visible

from helpers import at, fill_lend_form, lend, open_section, screen_text, settle, wait_for

CODE128_B = b"\x1dkI"  # GS k 73: CODE128, function B; then the length and {B
CUT = b"\x1dV"


class NetworkPrinter:
    """A receipt printer on 127.0.0.1: answers DLE EOT 2 (why offline) with `offline`
    and DLE EOT 4 (paper) with `paper`; keeps everything else it is sent; with
    `hang_up_after`, drops the connection once that many bytes have come."""

    def __init__(self) -> None:
        self.offline, self.paper = 0x12, 0x12  # as an Epson answers when all is well
        self.hang_up_after: int | None = None
        self.answering = threading.Event()  # cleared: a printer that is slow to answer
        self.answering.set()
        self.received = bytearray()
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # a printer's small buffer
        self.port = self.server.getsockname()[1]
        self.done = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _addr = self.server.accept()
            except OSError:
                return
            with conn:
                self._talk(conn)
            self.done.set()

    def _talk(self, conn: socket.socket) -> None:
        while chunk := conn.recv(65536):
            for query, answer in ((b"\x10\x04\x02", self.offline), (b"\x10\x04\x04", self.paper)):
                if chunk == query:
                    self.answering.wait()
                    conn.sendall(bytes([answer]))
                    break
            else:
                self.received += chunk
            if self.hang_up_after is not None and len(self.received) >= self.hang_up_after:
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                return  # closed with a reset, as a printer switched off mid-slip

    def close(self) -> None:
        self.server.close()


@pytest.fixture
def network_printer(counter):
    device = NetworkPrinter()
    device.policy = (
        f'[printer]\nconnection = "network"\nhost = "127.0.0.1"\nport = {device.port}\n'
        '[slips]\nencoding = "gb18030"\n'
    )
    override(counter, device.policy)
    yield device
    device.close()


def chinese_slip(counter, width: int = 32):
    from deskapp import i18n

    override(counter, f'[slips]\nwidth = {width}\nencoding = "gb18030"\n')
    loan = lend(counter, "U01 S1", "2026-11-24 10:00")
    i18n.set_language("zh_CN")
    return loan, slips.loan_slip(counter.policy, at("2026-11-24 10:00"), loan.id)


def test_a_chinese_loan_slip_in_escpos(counter):
    loan, slip = chinese_slip(counter)
    data = receipt_bytes(slip, encoding="gb18030")
    assert data.startswith(b"\x1b@" + CHINESE_MODE)  # reset, then the printer's Chinese mode
    assert "顾客联".encode("gb18030") in data and "存根联".encode("gb18030") in data
    assert "借用人签名：".encode("gb18030") in data
    barcode = CODE128_B + bytes([2 + len(loan.slip_no)]) + b"{B" + loan.slip_no.encode()
    assert data.count(barcode) == 2  # under the header of each copy
    assert data.count(CUT) == 2 and data.endswith(b"\x1dV\x00")  # a cut after each copy
    assert "顾客联".encode() not in data  # no UTF-8 reaches a GB18030 printer


@pytest.mark.parametrize("width", [32, 48])
def test_each_line_of_the_printed_slip_fits_its_paper(counter, width):
    _loan, slip = chinese_slip(counter, width)
    data = receipt_bytes(slip, encoding="gb18030")
    lines = [line for copy in slip.copies for line in copy if isinstance(line, str)]
    assert lines and all(cells(line) <= width for line in lines)
    assert all(line.replace("¥", "￥").encode("gb18030") + b"\n" in data for line in lines if line)
    # ¥ is full-width ￥ (A3 A4), which a printer with a GBK font has; never GB18030's four bytes
    assert "¥".encode("gb18030") not in data and "已收押金".encode("gb18030") in data
    assert any(cells(line) == width and "¥" in line for line in lines)  # measured as printed
    assert sum(isinstance(line, Code) for copy in slip.copies for line in copy) == 2
    # The barcode fits the paper's dots too (384 on 58 mm, 576 on 80 mm): start, the
    # characters, check (11 modules each), stop (13), and a quiet zone of 10 each side.
    module = data[data.index(b"\x1dw") + 2]
    assert (11 * (len("L0000001") + 2) + 13 + 20) * module <= {32: 384, 48: 576}[width]
    assert module == {32: 2, 48: 3}[width]


def test_a_printer_set_to_utf8_and_no_codes(counter):
    _loan, slip = chinese_slip(counter)
    data = receipt_bytes(slip, encoding="utf-8", codes="none", cut=False)
    assert data.startswith(b"\x1b@\x1c\x28\x43\x02\x00\x30\x02") and "顾客联".encode() in data
    assert CODE128_B not in data and CUT not in data and b"*L0000001*" in data


def test_a_qr_code_carries_the_slip_number(counter):
    loan, slip = chinese_slip(counter)
    data = receipt_bytes(slip, encoding="gb18030", codes="qr")
    store = b"\x1d(k" + bytes([len(loan.slip_no) + 3, 0]) + b"1P0" + loan.slip_no.encode()
    assert data.count(store) == 2 and CODE128_B not in data


def test_a_slip_goes_to_a_network_printer(counter, network_printer, tmp_path):
    loan, slip = chinese_slip(counter)
    override(counter, network_printer.policy)
    done = printer.deliver(counter.policy, tmp_path, loan.slip_no, slip)
    network_printer.done.wait(5)
    assert done == printer.Delivered(True, f"network 127.0.0.1:{network_printer.port}")
    assert bytes(network_printer.received) == receipt_bytes(slip, encoding="gb18030")
    assert not (tmp_path / f"{loan.slip_no}.txt").exists()


@pytest.mark.parametrize(
    "offline, paper, said",
    [
        (0x12 | 0x04, 0x12, "its cover is open"),
        (0x12 | 0x20, 0x12, "it is out of paper"),
        (0x12, 0x12 | 0x60, "it is out of paper"),
    ],
)
def test_a_printer_that_says_it_cannot_print_is_not_sent_the_slip(
    counter, network_printer, tmp_path, offline, paper, said
):
    loan = lend(counter, "U01", "2026-11-24 10:00")
    network_printer.offline, network_printer.paper = offline, paper
    slip = slips.loan_slip(counter.policy, at("2026-11-24 10:00"), loan.id)
    done = printer.deliver(counter.policy, tmp_path, loan.slip_no, slip)
    network_printer.done.wait(5)
    assert (done.printed, done.fault) == (False, said)
    assert network_printer.received == b""
    assert Path(done.where).read_text(encoding="utf-8") == slip.text()


def test_a_printer_that_goes_away_mid_slip(counter, network_printer, tmp_path):
    loan = lend(counter, "U01", "2026-11-24 10:00")
    network_printer.hang_up_after = 1
    slip = slips.loan_slip(counter.policy, at("2026-11-24 10:00"), loan.id)
    big = slips.Printout(slip.width, slip.copies * 8000)  # more than the sockets' buffers hold
    done = printer.deliver(counter.policy, tmp_path, "big", big)
    assert network_printer.done.wait(5)
    assert 0 < len(network_printer.received) < len(receipt_bytes(big, encoding="gb18030"))  # partway
    assert not done.printed and done.fault.startswith("it stopped partway (")
    assert Path(done.where).read_text(encoding="utf-8") == big.text()


@pytest.mark.parametrize(
    "policy_text, said",
    [
        ('connection = "file"\nfile = "/nonexistent/usb/lp9"', "it is not connected or not switched on"),
        ('connection = "network"\nhost = "127.0.0.1"\nport = 9', "it is not connected or not switched on"),
    ],
)
def test_a_printer_that_is_not_there(counter, tmp_path, policy_text, said):
    override(counter, f"[printer]\n{policy_text}\n")
    done = printer.deliver(counter.policy, tmp_path, "x", "雨伞 U01\n")
    assert (done.printed, done.fault, done.where) == (False, said, str(tmp_path / "x.txt"))


def test_a_device_path_that_is_gone_is_never_made_a_file(counter, tmp_path):
    """An unplugged printer's node (/dev/usb/lp0) is gone: printing to it must not make a
    plain file there and call it printed."""
    override(counter, f'[printer]\nconnection = "file"\nfile = "{tmp_path / "lp0"}"\n')
    done = printer.deliver(counter.policy, tmp_path / "slips", "x", "雨伞 U01\n")
    assert (done.printed, done.fault) == (False, "it is not connected or not switched on")
    assert not (tmp_path / "lp0").exists()
    override(counter, f'[printer]\nconnection = "file"\nfile = "{tmp_path}"\n')
    done = printer.deliver(counter.policy, tmp_path / "slips", "x", "雨伞 U01\n")
    assert (done.printed, done.fault) == (False, "that path is a folder, not a printer")


def test_a_print_command_that_is_not_installed(counter, tmp_path):
    override(counter, '[slips]\nprint_command = "nosuchprog -d receipt"\n')
    done = printer.deliver(counter.policy, tmp_path, "x", "雨伞 U01\n")
    assert done.fault == "the print command nosuchprog is not installed on this computer"


def test_a_cups_printer_on_a_computer_without_cups(counter, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no lp, no lpstat
    override(counter, '[printer]\nconnection = "cups"\ncups_queue = "receipt"\n')
    done = printer.deliver(counter.policy, tmp_path, "x", "雨伞 U01\n")
    assert (done.printed, done.fault) == (False, "CUPS (lp, lpstat) is not installed on this computer")


def test_a_file_printer_gets_the_bytes(counter, tmp_path):
    device = tmp_path / "lp0"
    device.touch()  # the printer's device node
    override(counter, f'[printer]\nconnection = "file"\nfile = "{device}"\ncut = false\n')
    done = printer.deliver(counter.policy, tmp_path, "x", "雨伞 U01\n")
    assert done.printed and device.read_bytes() == receipt_bytes(
        slips.Printout.of_text(32, "雨伞 U01\n"), encoding="utf-8", cut=False
    )


@pytest.mark.parametrize(
    "policy_text, key",
    [
        ('connection = "usb"', "printer.usb_vendor"),
        ('connection = "usb"\nusb_vendor = 0x0416', "printer.usb_product"),
        ('connection = "network"', "printer.host"),
        ('connection = "network"\nhost = " "', "printer.host"),
        ('connection = "serial"', "printer.serial_device"),
        ('connection = "command"', "slips.print_command"),
    ],
)
def test_a_connection_without_its_setting_is_refused(counter, policy_text, key):
    from deskapp.policy import PolicyError

    with pytest.raises(PolicyError, match=key):
        override(counter, f"[printer]\n{policy_text}\n")


# -- at the counter ----------------------------------------------------------------------------


async def test_a_printer_fault_keeps_the_loan_and_the_slip_reprints_later(counter, network_printer):
    """The loan is saved, the clerk is told in one line, the slip is kept as text, and
    once the printer is back, p on the loan's detail prints it."""
    from deskapp.app import DeskApp

    network_printer.offline = 0x12 | 0x04  # cover open
    app = DeskApp(counter, backup_after=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await fill_lend_form(pilot)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "SlipScreen" and app.screen.printout)
        await pilot.press("enter")
        await wait_for(pilot, lambda: any(n.severity == "error" for n in app._notifications))
        assert Loan.select().count() == 1
        saved = counter.locations.slips_dir / "L0000001.txt"
        shown = [n.message for n in app._notifications]
        said = (
            f"Not printed on network 127.0.0.1:{network_printer.port}: its cover is open. "
            "Kept as slips/L0000001.txt. Reprint: F8, L0000001, Enter, p."
        )
        assert said in shown, shown
        assert "*L0000001*" in saved.read_text(encoding="utf-8")
        assert network_printer.received == b""

        network_printer.offline = 0x12  # the cover is shut: F8, the slip, Enter, p as the message says
        await pilot.press("escape", "f8", *"L0000001", "enter")
        await settle(pilot)
        await pilot.press("p")
        await wait_for(pilot, lambda: type(app.screen).__name__ == "SlipScreen" and app.screen.printout)
        await pilot.press("enter")
        await wait_for(pilot, lambda: any("Printed on" in n.message for n in app._notifications))
        assert network_printer.done.wait(5)
        assert b"{BL0000001" in network_printer.received
        assert "REPRINT".encode() in network_printer.received


async def test_the_return_screen_takes_the_slips_barcode_as_a_scanner_types_it(counter):
    """A scanner types the barcode's payload and Enter, right after F3."""
    from deskapp.app import DeskApp
    from deskapp.screens.return_ import ReturnScreen

    lend(counter, "U01", "2026-11-24 08:00")
    loan = lend(counter, "U02 S1", "2026-11-24 09:00", phone="13900139000")
    app = DeskApp(counter, backup_after=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "f1")  # signed in; Home
        await pilot.press("f3", *loan.slip_no, "enter")  # one burst
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReturnScreen) and screen.case is not None
        assert screen.case.slip_no == loan.slip_no
        assert [line.tag for line in screen.case.lines] == ["U02", "S1"]
        assert loan.slip_no in screen_text(app)


# -- deskapp printer test ---------------------------------------------------------------------


def policy_file(tmp_path: Path, text: str) -> None:
    path = tmp_path / "xdg-config" / "deskapp" / "policy.toml"  # conftest points XDG_CONFIG_HOME here
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_printer_test_writes_the_bytes_to_a_file(capsys, tmp_path):
    from test_cli import run

    policy_file(tmp_path, '[slips]\nwidth = 48\nencoding = "gb18030"\n')
    out = tmp_path / "test.bin"
    assert run(["--lang", "zh_CN", "printer", "test", "--file", str(out)]) == 0
    said = capsys.readouterr().out
    data = out.read_bytes()
    assert str(out) in said and f"{len(data)}" in said
    assert data.startswith(b"\x1b@" + CHINESE_MODE) and data.endswith(b"\x1dV\x00")
    assert printer.SAMPLE_ZH.split("，")[0].encode("gb18030") in data and b"English: customer copy" in data
    assert b"\x1dkI\x0e{BDESKAPP-TEST" in data
    assert b"1234567890" * 4 + b"12345678\n" in data  # the ruler: 48 columns


def test_printer_test_without_a_printer_says_so(capsys, tmp_path):
    from test_cli import run

    assert run(["--lang", "en", "printer", "test"]) == 1
    assert 'No printer is set (policy: [printer] connection = "none")' in capsys.readouterr().err


def test_printer_test_prints_and_names_the_printer(capsys, tmp_path):
    from test_cli import run

    device = tmp_path / "lp0"
    device.touch()  # the printer's device node
    policy_file(tmp_path, f'[printer]\nconnection = "file"\nfile = "{device}"\n')
    assert run(["--lang", "en", "printer", "test"]) == 0
    assert f"Printed the test slip on file {device}." in capsys.readouterr().out
    assert b"{BDESKAPP-TEST" in device.read_bytes()
    policy_file(tmp_path, '[printer]\nconnection = "network"\nhost = "127.0.0.1"\nport = 9\n')
    assert run(["--lang", "en", "printer", "test"]) == 1
    assert capsys.readouterr().err.strip() == (
        "Not printed on network 127.0.0.1:9: it is not connected or not switched on."
    )


def test_the_printer_library_writes_nothing_on_the_screen_and_keeps_its_profiles_once(tmp_path):
    """python-escpos on import calls logging.basicConfig() (log lines over the screen,
    which Textual draws on stderr) and would keep its profiles in a new temporary folder
    each time (the empty folder its default argument makes is all that is left there)."""
    import os
    import subprocess
    import sys

    temp, cache = tmp_path / "tmp", tmp_path / "cache"
    temp.mkdir()
    code = (
        "import logging\nfrom deskapp.services import receipt\nreceipt.library()\n"
        "logging.getLogger('x').warning('a warning')\n"
        "print([type(h).__name__ for h in logging.getLogger().handlers])"
    )
    env = {**os.environ, "TMPDIR": str(temp), "XDG_CACHE_HOME": str(cache)}
    env.pop("ESCPOS_CAPABILITIES_PICKLE_DIR", None)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (0, "['NullHandler']\n", "")
    assert [list(p.iterdir()) for p in temp.iterdir()] in ([], [[]])
    assert list((cache / "deskapp" / "escpos").iterdir())  # its profiles, kept for next time


def test_a_hidden_character_in_a_stored_name_is_printed_as_its_code_within_the_paper(counter):
    """docs/trust.md: an ESC or a direction override stored in a name (an old record, an
    import) reaches no printer as itself, and the line with its code still fits."""
    loan = lend(counter, "U01", "2026-11-24 10:00")
    Loan.update(borrower="张\x1b[31m三\u202e" + "长" * 10).execute()
    slip = slips.loan_slip(counter.policy, at("2026-11-24 10:00"), loan.id)
    data = receipt_bytes(slip, encoding="gb18030")
    assert b"\x1b[31m" not in data and "\u202e".encode("gb18030") not in data
    assert "<U+001B>[31m三<U+202E>".encode("gb18030") in data.replace(b"\n", b"")
    printed = [visible(line) for copy in slip.copies for line in copy if isinstance(line, str)]
    assert max(map(cells, printed)) <= 32, printed


async def test_a_slow_printer_holds_neither_the_counter_nor_quitting(counter, network_printer):
    """The printer takes its time to answer: keys typed after Enter on the slip reach the
    form at once, and quitting does not wait; the slip still to print is kept as text."""
    from deskapp.app import DeskApp
    from deskapp.screens.lend import LendScreen

    network_printer.answering.clear()  # it will not answer until the test ends
    app = DeskApp(counter, backup_after=60)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await fill_lend_form(pilot)
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: type(app.screen).__name__ == "SlipScreen" and app.screen.printout)
            await pilot.press("enter", *"U02", "enter")  # a scanner, right away
            await settle(pilot)
            assert isinstance(app.screen, LendScreen)
            assert "U02" in [line.tag for line in app.screen.quote.lines]
            assert [job.name for job in app.printing.unfinished] == ["L0000001"]  # still printing
            thread = app.printing.thread
        assert thread.is_alive()  # the program ended without waiting for it
        kept = counter.locations.slips_dir / "L0000001.txt"
        assert "*L0000001*" in kept.read_text(encoding="utf-8")
    finally:
        network_printer.answering.set()

"""A printout as the bytes an ESC/POS receipt printer reads (docs/printing.md):
Chinese in the printer's own code page, the slip number as a barcode, a cut
after each copy. Built with python-escpos's Dummy printer, so the bytes are the
same whichever connection carries them, and `deskapp printer test --file` can
show them without a printer. python-escpos is imported only here, when a
printout is made."""

from __future__ import annotations

import logging
import os
from types import ModuleType

from deskapp.services.slips import YEN, Code, Printout
from deskapp.services.text import visible

# How the printer is told which characters follow (docs/printing.md, "What is printed"):
# GB18030, GBK and Big5 printers read two-byte characters once FS & turns their
# Chinese mode on; Epson's UTF-8 models are switched with FS ( C (encoding 2).
CHINESE_MODE = b"\x1c\x26"
UTF8_MODE = b"\x1c\x28\x43\x02\x00\x30\x02"
MODE_FOR = {"gb18030": CHINESE_MODE, "gbk": CHINESE_MODE, "utf-8": UTF8_MODE}
# ¥ (U+00A5) is outside GBK, and GB18030 has it only as four bytes, which a printer with
# a GBK font cannot print: these printers get the full-width ￥ of GB2312 (A3 A4).
YEN_FOR = {"gb18030": "￥", "gbk": "￥", "utf-8": YEN}
DOTS = {32: 384, 48: 576}  # printable dots of 58 mm and 80 mm paper
CODE128_HEIGHT = 64  # dots, 8 mm at 203 dpi: what a hand scanner reads at a glance


def receipt_bytes(printout: Printout, *, encoding: str, codes: str = "code128", cut: bool = True) -> bytes:
    """Every copy of `printout`, each followed by a cut (or a feed to tear at)."""
    p = library().Dummy()
    p.hw("INIT")
    p._raw(MODE_FOR[encoding])
    for copy in printout.copies:
        for line in copy:
            if isinstance(line, Code):
                _code(p, line, codes, printout.width)
            else:
                text = visible(line).replace(YEN, YEN_FOR[encoding])
                p._raw(text.encode(encoding, errors="replace") + b"\n")
        if cut:
            p.cut()
        else:
            p.print_and_feed(4)
    return p.output


def library() -> ModuleType:
    """escpos.printer, imported on first use. On import python-escpos keeps its printer
    profiles (a 100 ms parse) in a new temporary folder unless told where, and calls
    logging.basicConfig(), which would write its log lines over the screen Textual draws
    on stderr; so it is given a cache folder, and the root logger a handler first."""
    from platformdirs import user_cache_path

    cache = user_cache_path("deskapp") / "escpos"
    cache.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", str(cache))
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.NullHandler())
    import escpos.printer

    return escpos.printer


def _code(p, code: Code, codes: str, width: int) -> None:
    """The barcode (and/or QR code) of `code.payload`, centred, then left alignment again;
    with `codes` = none, the stand-in line the text shows."""
    if codes == "none":
        p._raw(code.stand_in(width).encode("ascii", errors="replace") + b"\n")
        return
    if codes in ("code128", "both"):
        module = _module_dots(code.payload, width)
        # Function B with code set B ({B): every character a scanner types back.
        p._hw_barcode(
            "{B" + code.payload,
            "CODE128",
            height=CODE128_HEIGHT,
            width=module,
            pos="BELOW" if code.caption else "OFF",
            align_ct=True,
            function_type="B",
            check=False,
        )
        p._raw(b"\n")
    if codes in ("qr", "both"):
        p.set(align="center")
        p.qr(code.payload, size=6 if width >= 48 else 4, native=True)
    p.set(align="left")


def _module_dots(payload: str, width: int) -> int:
    """The widest bar module (2 or 3 dots) at which the CODE128 of `payload` fits the paper:
    start, one symbol a character, check and stop take 11 modules each, stop 13."""
    modules = 11 * (len(payload) + 2) + 13 + 20  # and 10 modules of quiet zone each side
    return 3 if modules * 3 <= DOTS.get(width, 384) else 2

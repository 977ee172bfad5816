"""Tag labels for the stock (docs/printing.md, "Tag labels"): each tag as a CODE128
barcode with the tag under it, as a strip for the receipt printer or as an A4
sheet of 3 x 8 labels (70 x 37 mm) for an office printer, in PDF or SVG. The bars
use python-barcode's CODE128 table; the sheets are drawn here, as plain
rectangles, so neither needs anything else. Tags are ASCII (services/stock.py,
`tag_problem`), so the PDF's built-in Helvetica prints them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from deskapp import private
from deskapp.services.slips import Code, Printout

PAGE_W, PAGE_H = 210.0, 297.0  # A4, in mm
COLUMNS, ROWS = 3, 8
LABEL_W, LABEL_H = 70.0, 37.0
TOP = (PAGE_H - ROWS * LABEL_H) / 2
BAR_H = 18.0
MODULE_MAX = 0.4  # mm: a hand scanner reads 0.25 mm and wider best; long tags get narrower
QUIET = 10  # modules of white each side of the bars
TEXT_SIZE = 11.0  # pt
PT = 72 / 25.4  # points in a mm


@dataclass(frozen=True)
class Label:
    """One label of a sheet: its bars as (x, width) in mm from the page's left, the
    top of the bars, and where the tag is written (its centre and baseline)."""

    tag: str
    bars: tuple[tuple[float, float], ...]
    top: float
    text_x: float
    text_y: float


START_B = 104


def modules(tag: str) -> str:
    """The tag's CODE128 symbol in code set B (every character of a tag is in it, and it
    is the set the receipt printer is sent), with its check symbol and stop, as 1 (bar)
    and 0 (space). python-barcode's table of symbols is used, not its encoder: that one
    drops a leading "99" in code set C (0.16.1 encodes "9901" as "01")."""
    from barcode.charsets.code128 import CODES, STOP

    values = [START_B] + [ord(ch) - 32 for ch in tag]
    check = (START_B + sum(i * v for i, v in enumerate(values[1:], 1))) % 103
    return "".join(CODES[v] for v in [*values, check]) + STOP + "11"


def strip(width: int, tags: list[str]) -> Printout:
    """The tags one under another on the receipt printer, each with its text under its
    barcode, a dashed line between them to cut along."""
    lines: list[str | Code] = []
    for tag in tags:
        lines += [Code(tag, caption=True), "- " * (width // 2)]
    return Printout(width, (tuple(lines),))


def pages(tags: list[str]) -> list[list[Label]]:
    """The tags laid out on A4 pages, row by row."""
    per_page = COLUMNS * ROWS
    return [
        [_label(tag, i) for i, tag in enumerate(tags[start : start + per_page])]
        for start in range(0, len(tags), per_page)
    ]


def _label(tag: str, i: int) -> Label:
    row, col = divmod(i, COLUMNS)
    left, top = col * LABEL_W, TOP + row * LABEL_H
    pattern = modules(tag)
    module = min(MODULE_MAX, (LABEL_W - 6) / (len(pattern) + 2 * QUIET))
    x0 = left + (LABEL_W - len(pattern) * module) / 2
    bars, i_bar = [], 0
    while i_bar < len(pattern):
        if pattern[i_bar] == "1":
            run = len(pattern[i_bar:]) - len(pattern[i_bar:].lstrip("1"))
            bars.append((x0 + i_bar * module, run * module))
            i_bar += run
        else:
            i_bar += 1
    bar_top = top + (LABEL_H - BAR_H - 7) / 2
    return Label(tag, tuple(bars), bar_top, left + LABEL_W / 2, bar_top + BAR_H + 5)


def sheet(tags: list[str], kind: str) -> list[bytes]:
    """The sheet's files: one PDF of every page, or one SVG a page."""
    laid_out = pages(tags)
    return [pdf(laid_out)] if kind == "pdf" else [svg(page) for page in laid_out]


def save_sheet(folder: Path, tags: list[str], kind: str) -> list[Path]:
    """The sheet saved as tags-FIRST-LAST.pdf (or .svg, -2.svg for the second page …)."""
    name = f"tags-{tags[0]}" + (f"-{tags[-1]}" if len(tags) > 1 else "")
    name = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)
    paths = []
    for n, data in enumerate(sheet(tags, kind), 1):
        path = private.make_dir(folder) / f"{name}{'' if n == 1 else f'-{n}'}.{kind}"
        private.write_bytes(path, data)
        paths.append(path)
    return paths


# -- SVG ---------------------------------------------------------------------------------


def svg(page: list[Label]) -> bytes:
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{PAGE_W:g}mm" height="{PAGE_H:g}mm" '
        f'viewBox="0 0 {PAGE_W:g} {PAGE_H:g}">',
        f'<rect width="{PAGE_W:g}" height="{PAGE_H:g}" fill="white"/>',
    ]
    for label in page:
        out.append(f'<g class="tag" data-tag="{_xml(label.tag)}">')
        out += [
            f'<rect x="{x:.4f}" y="{label.top:.4f}" width="{w:.4f}" height="{BAR_H:g}" fill="black"/>'
            for x, w in label.bars
        ]
        out.append(
            f'<text x="{label.text_x:.3f}" y="{label.text_y:.3f}" font-family="monospace" '
            f'font-size="{TEXT_SIZE / PT:.3f}" text-anchor="middle">{_xml(label.tag)}</text></g>'
        )
    out.append("</svg>\n")
    return "\n".join(out).encode("utf-8")


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


# -- PDF (1.4, uncompressed: the bars are rectangles, the tag in Helvetica) ---------------


def pdf(laid_out: list[list[Label]]) -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    kids = []
    for page in laid_out:
        stream = _page_stream(page)
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
            % (PAGE_W * PT, PAGE_H * PT, len(objects))
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _page_stream(page: list[Label]) -> bytes:
    """PDF's origin is the page's bottom left: y is turned over."""
    ops = ["0 g"]
    for label in page:
        y = (PAGE_H - label.top - BAR_H) * PT
        ops += [f"{x * PT:.3f} {y:.3f} {w * PT:.3f} {BAR_H * PT:.3f} re f" for x, w in label.bars]
        text = label.tag.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        width = 0.6 * TEXT_SIZE * len(label.tag)  # Helvetica's digits and capitals, near enough
        ops.append(
            f"BT /F1 {TEXT_SIZE:g} Tf {label.text_x * PT - width / 2:.3f} "
            f"{(PAGE_H - label.text_y) * PT:.3f} Td ({text}) Tj ET"
        )
    return "\n".join(ops).encode("ascii")

"""Tag labels (docs/printing.md, "Tag labels"): the sheet for U21-U30 holds ten codes
that decode to their tags. No barcode reader installs here without system packages,
so the test reads the bars back itself: it measures every bar and space of a label
in the sheet's own coordinates, turns them into module widths, and decodes them with
the CODE128 symbol table, checking the start, the check symbol and the stop."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deskapp.services import labels, stock

START = {"11010000100": "A", "11010010000": "B", "11010011100": "C"}
STOP = "1100011101011"
CODE_C, CODE_B, CODE_A = 99, 100, 101


def _table() -> dict[str, int]:
    from barcode.charsets.code128 import CODES

    # Three symbols checked against the standard's widths, so a wrong table cannot pass.
    assert CODES[0] == "11011001100" and CODES[33] == "10100011000" and CODES[99] == "10111011110"
    return {pattern: value for value, pattern in enumerate(CODES)}


def decode(bars: list[tuple[float, float]]) -> str:
    """Bars as (x, width), left to right: a CODE128 symbol read back to its text."""
    bars = sorted(bars)
    symbols = (len(bars) - 4) // 3  # three bars a symbol, four in the stop
    assert len(bars) == 3 * symbols + 4, f"{len(bars)} bars is no CODE128 symbol"
    span = bars[-1][0] + bars[-1][1] - bars[0][0]
    module = span / (11 * symbols + 13)
    runs = []
    for (x, w), nxt in zip(bars, [*bars[1:], None], strict=True):
        runs.append("1" * _modules(w, module))
        if nxt is not None:
            runs.append("0" * _modules(nxt[0] - x - w, module))
    pattern = "".join(runs)
    assert pattern.endswith(STOP), "no stop"
    chunks = [pattern[i : i + 11] for i in range(0, len(pattern) - 13, 11)]
    assert chunks[0] in START, "no start"
    table = _table()
    values = [table[c] for c in chunks[1:]]
    start_value = {"A": 103, "B": 104, "C": 105}[START[chunks[0]]]
    *data, check = values
    assert check == (start_value + sum(i * v for i, v in enumerate(data, 1))) % 103, "check symbol"
    return _text(START[chunks[0]], data)


def _modules(width: float, module: float) -> int:
    n = round(width / module)
    assert abs(width - n * module) < module * 0.2, f"{width} is not a whole number of modules"
    assert 1 <= n <= 4
    return n


def _text(code_set: str, values: list[int]) -> str:
    out = ""
    for v in values:
        if v == CODE_C and code_set != "C":
            code_set = "C"
        elif v == CODE_B and code_set != "B":
            code_set = "B"
        elif v == CODE_A and code_set != "A":
            code_set = "A"
        elif code_set == "C":
            out += f"{v:02d}"
        elif code_set == "B":
            out += chr(v + 32)
        else:
            out += chr(v + 32) if v < 64 else chr(v - 64)
    return out


# -- reading the sheets back ---------------------------------------------------------------


def svg_codes(data: bytes) -> list[tuple[str, str]]:
    """(decoded bars, the text written under them) of each label of an SVG page."""
    ns = {"s": "http://www.w3.org/2000/svg"}
    found = []
    for group in ET.fromstring(data).iterfind("s:g", ns):
        bars = [(float(r.get("x")), float(r.get("width"))) for r in group.iterfind("s:rect", ns)]
        found.append((decode(bars), group.find("s:text", ns).text))
    return found


PDF_BAR = re.compile(rb"([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re f")
PDF_TEXT = re.compile(rb"\((.*?)\) Tj")


def pdf_codes(data: bytes) -> list[list[tuple[str, str]]]:
    """Per page, (decoded bars, text) of each label: bars on one baseline form a label's
    row; within a row, a gap wider than a label's quiet zone starts the next label."""
    pages = []
    for stream in re.findall(rb"stream\n(.*?)\nendstream", data, re.S):
        rows: dict[bytes, list[tuple[float, float]]] = {}
        for x, y, w, _h in PDF_BAR.findall(stream):
            rows.setdefault(y, []).append((float(x), float(w)))
        codes = []
        for y in sorted(rows, key=float, reverse=True):
            bars = sorted(rows[y])
            group = [bars[0]]
            for bar in bars[1:]:
                if bar[0] - (group[-1][0] + group[-1][1]) > 20:  # points: between labels
                    codes.append(decode(group))
                    group = []
                group.append(bar)
            codes.append(decode(group))
        texts = [t.decode() for t in PDF_TEXT.findall(stream)]
        pages.append(list(zip(codes, texts, strict=True)))
    return pages


def test_the_pdf_sheet_for_u21_to_u30_holds_ten_decodable_codes():
    tags = stock.expand_range("U21-U30")
    data = labels.sheet(tags, "pdf")
    assert len(data) == 1 and data[0].startswith(b"%PDF-1.4") and data[0].rstrip().endswith(b"%%EOF")
    (page,) = pdf_codes(data[0])
    assert page == [(tag, tag) for tag in tags]


def test_the_svg_sheet_for_u21_to_u30_holds_ten_decodable_codes():
    tags = stock.expand_range("U21-U30")
    (page,) = labels.sheet(tags, "svg")
    assert svg_codes(page) == [(tag, tag) for tag in tags]


def test_a_pdf_sheet_says_where_each_object_is():
    """A reader finds the objects by the xref table's byte offsets: each must point at its object."""
    data = labels.sheet(["U01", "S1"], "pdf")[0]
    count = int(re.search(rb"xref\n0 (\d+)\n", data).group(1))
    offsets = re.findall(rb"(\d{10}) 00000 n ", data)
    assert len(offsets) == count - 1
    for n, offset in enumerate(offsets, 1):
        assert data[int(offset) :].startswith(b"%d 0 obj" % n)
    assert data[int(re.search(rb"startxref\n(\d+)", data).group(1)) :].startswith(b"xref")


def test_more_than_a_page_of_tags_runs_onto_the_next_page():
    tags = stock.expand_range("W001-W030")
    assert [len(page) for page in pdf_codes(labels.sheet(tags, "pdf")[0])] == [24, 6]
    svgs = labels.sheet(tags, "svg")
    assert [c for page in svgs for c, _t in svg_codes(page)] == tags


def test_the_sheets_are_saved_beside_the_slips(tmp_path):
    paths = labels.save_sheet(tmp_path / "slips", stock.expand_range("U21-U30"), "pdf")
    assert [p.name for p in paths] == ["tags-U21-U30.pdf"]
    paths = labels.save_sheet(tmp_path / "slips", ["S1/2"], "svg")
    assert [p.name for p in paths] == ["tags-S1_2.svg"]
    assert svg_codes(paths[0].read_bytes()) == [("S1/2", "S1/2")]


TAG = st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-_./#", min_size=1, max_size=30)


@given(TAG)
def test_every_tag_a_desk_can_add_decodes_from_its_label(tag):
    if stock.tag_problem(tag) is not None:
        return
    (page,) = labels.sheet([tag], "svg")
    [(code, text)] = svg_codes(page)
    assert code == tag == text
    bars = labels.pages([tag])[0][0].bars
    assert bars[0][0] >= 0 and bars[-1][0] + bars[-1][1] <= labels.LABEL_W  # inside its label


@pytest.mark.parametrize("width", [32, 48])
def test_a_label_strip_has_each_tag_with_its_text(width):
    from deskapp.services.receipt import receipt_bytes

    data = receipt_bytes(labels.strip(width, ["U21", "U22"]), encoding="gb18030")
    for tag in ("U21", "U22"):
        assert b"\x1dH\x02\x1dkI\x05{B" + tag.encode() in data  # HRI below, CODE128, set B
    assert data.count(b"\x1dV") == 1  # one cut, after the strip


# -- at the desk ---------------------------------------------------------------------------


async def test_new_items_tags_are_offered_as_a_sheet_and_an_item_reprints_its_tag(counter, tmp_path):
    """Ctrl+T, a, U21-U30: the ten tags are offered; s saves the sheet, which decodes.
    Then b on U01 prints its label on the receipt printer (a device file here)."""
    from test_loans import override
    from textual.widgets import DataTable

    from deskapp.app import DeskApp
    from deskapp.screens.stock import StockScreen
    from deskapp.screens.tag_labels import TagLabelsScreen

    from helpers import open_section, settle, type_in, wait_for

    device = tmp_path / "lp0"
    device.touch()  # the printer's device node
    override(counter, f'[printer]\nconnection = "file"\nfile = "{device}"\n')
    app = DeskApp(counter, backup_after=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "ctrl+t")
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("tab")
        await type_in(pilot, "U21-U30")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TagLabelsScreen) and app.screen.tags == stock.expand_range("U21-U30")
        await pilot.press("s")
        await settle(pilot)
        sheet = counter.locations.slips_dir / "tags-U21-U30.pdf"
        assert isinstance(app.screen, StockScreen)
        assert any(str(sheet) in n.message for n in app._notifications)
        (page,) = pdf_codes(sheet.read_bytes())
        assert [code for code, _text in page] == stock.expand_range("U21-U30")

        table = app.screen.query_one(DataTable)
        row = next(i for i in range(table.row_count) if "U01" in map(str, table.get_row_at(i)))
        table.move_cursor(row=row)
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, TagLabelsScreen) and app.screen.tags == ["U01"]
        await pilot.press("r")
        await wait_for(pilot, lambda: device.exists() and device.read_bytes().endswith(b"\x1dV\x00"))
        assert b"\x1dH\x02\x1dkI\x05{BU01" in device.read_bytes()
        assert isinstance(app.screen, StockScreen)

        await pilot.press("ctrl+f", *"U2", "enter")  # a search, then B: every item listed
        await settle(pilot)
        await pilot.press("B")
        await settle(pilot)
        assert isinstance(app.screen, TagLabelsScreen)
        assert app.screen.tags == [f"U{n}" for n in range(21, 30)]


@pytest.mark.parametrize("tag", ["99", "9901", "U99", "0099"])
def test_tags_with_99_keep_it(tag):
    """python-barcode 0.16.1's own encoder drops a leading 99 in code set C."""
    (page,) = labels.sheet([tag], "svg")
    assert svg_codes(page) == [(tag, tag)]

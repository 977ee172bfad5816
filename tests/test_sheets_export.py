"""Sheets for head office (`deskapp export`, F7): every kind in csv and xlsx, typed
cells (money, dates, rates), the format from the file's name, one span, and a
sheet that cannot be written said in one line with nothing left behind."""

from __future__ import annotations

import csv
import errno
import os
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from deskapp import db, export, i18n
from deskapp.paths import Locations
from deskapp.rules.analysis import Analysis
from deskapp.services import (
    audit,
    complaint_details,
    complaint_reports,
    demo,
    handover_history,
    kit,
    kit_register,
    kit_restock,
    loan_lists,
    pins,
    sheets,
)

from helpers import at
from test_cli import run

TODAY = date(2026, 11, 24)
MONTH = ["--month", "2026-11"]

COLUMNS = {
    "loans": loan_lists.EXPORT_COLUMNS,
    "complaints": complaint_details.EXPORT_COLUMNS,
    "complaint-analysis": sheets.ANALYSIS_COLUMNS,
    "medicine": kit_register.USE_COLUMNS,
    "restock": kit_restock.RESTOCK_COLUMNS,
    "handovers": handover_history.EXPORT_COLUMNS,
}
MONEY = {
    "loans": {"deposit", "fee", "charge", "refund", "owed"},
    "handovers": {"cash expected", "cash counted", "difference"},
}
TIMES = {  # the columns that hold a moment (date and time) or a desk date
    "loans": {"lent at", "due", "returned at"},
    "complaints": {
        "received at",
        "happened",
        "customer's deadline",
        "resolve by",
        "resolved at",
        "callback by",
        "called back at",
        "closed at",
        "escalated at",
    },
    "medicine": {"when", "120 called"},
    "handovers": {"from", "handed over", "signed at"},
}
TITLES = {
    "en": {
        "loans": "Loans 2026-11",
        "complaints": "Complaints monthly 2026-11",
        "complaint-analysis": "Complaint analysis 2026-11",
        "medicine": "Medicine register 2026-11",
        "handovers": "Handovers 2026-11",
        "restock": "Restock request ",
    },
    "zh_CN": {
        "loans": "借用记录 2026-11",
        "complaints": "客诉月报明细 2026-11",
        "complaint-analysis": "客诉分析 2026-11",
        "medicine": "用药登记表 2026-11",
        "handovers": "交接班记录 2026-11",
        "restock": "药品申购 ",
    },
}


def test_every_kind_is_covered_here():
    assert set(COLUMNS) == set(sheets.KINDS)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    """The demo desk (a month of records up to 2026-11-24), built once for this module,
    with a 120 call in the medicine register."""
    from conftest import make_desk

    root = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_DATA_HOME", str(root / "xdg-data"))
        mp.setenv("XDG_CONFIG_HOME", str(root / "xdg-config"))
        mp.setattr(pins, "SCRYPT_N", 2**4)
        where = Locations(root / "data", root / "config", root / "data" / "desk.sqlite3")
        desk = make_desk(where)
        demo.build(desk.policy, TODAY)
        from deskapp.models import Staff

        clerk = audit.Actor(Staff.get(Staff.name == "李雷").id, "tui")
        kit_register.register_use(
            clerk,
            at("2026-11-20 10:00"),
            kit.kits()[0].id,
            happened="09:40",
            person_type="customer",
            person_name="王先生",
            contact="13800138000",
            what="minor_injury",
            called_120=True,
            called_120_at="09:50",
            language=i18n.language(),
        )
        db.disconnect()
        i18n.set_language("en")
    return where.database


@pytest.fixture
def dbfile(demo_file, tmp_path) -> str:
    """A copy of the demo for this test (an export may settle what is due, as the desk would)."""
    folder = tmp_path / "desk"
    folder.mkdir()
    for f in demo_file.parent.glob(demo_file.name + "*"):
        shutil.copy(f, folder / f.name)
    return str(folder / demo_file.name)


def headers(kind: str, lang: str) -> list[str]:
    i18n.set_language(lang)
    try:
        return [i18n._(c) for c in COLUMNS[kind]]
    finally:
        i18n.set_language("en")


def export_to(dbfile: str, kind: str, out: Path, *more: str, lang: str = "en") -> None:
    span = [] if kind == "restock" else MONTH
    assert run(["--db", dbfile, "--lang", lang, "export", kind, *span, "-o", str(out), *more]) == 0


# -- xlsx ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@pytest.mark.parametrize("kind", sheets.KINDS)
def test_an_xlsx_sheet_head_office_can_sum_and_filter(dbfile, tmp_path, kind, lang):
    out = tmp_path / f"{kind}.xlsx"  # no --format: the name says xlsx
    export_to(dbfile, kind, out, lang=lang)
    sheet = load_workbook(out).active
    assert sheet.title.startswith(TITLES[lang][kind]) and len(sheet.title) <= 31
    rows = list(sheet.iter_rows())
    assert [c.value for c in rows[0]] == headers(kind, lang)
    assert all(c.font.bold for c in rows[0])
    assert sheet.freeze_panes == "A2"
    assert len(rows) > 2, "the demo has records of every kind"
    cells = [c for row in rows for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]

    names = COLUMNS[kind]
    money = [
        c
        for row in rows[1:]
        for c, name in zip(row, names, strict=True)
        if name in MONEY.get(kind, ()) and c.value is not None
    ]
    assert bool(money) == (kind in MONEY)
    for c in money:
        assert isinstance(c.value, (int, float)) and c.number_format == '"¥"#,##0.00', c.coordinate
    times = [
        c
        for row in rows[1:]
        for c, name in zip(row, names, strict=True)
        if name in TIMES.get(kind, ()) and c.value is not None
    ]
    assert bool(times) == (kind in TIMES)
    for c in times:
        assert isinstance(c.value, datetime), (c.coordinate, c.value)
        assert c.number_format in ("yyyy-mm-dd", "yyyy-mm-dd hh:mm"), c.coordinate
    assert {c.number_format for c in times} == (
        {"yyyy-mm-dd hh:mm", "yyyy-mm-dd"}
        if kind == "complaints"
        else {"yyyy-mm-dd hh:mm"}
        if times
        else set()
    )
    if kind == "medicine":
        called = [c.value for c in times if c.column == names.index("120 called") + 1]
        assert called == [datetime(2026, 11, 20, 9, 50)]  # the desk's clock, not UTC

    for i, head in enumerate(rows[0], 1):  # from header and content, capped
        width = sheet.column_dimensions[head.column_letter].width
        assert 6 <= width <= 50 and width >= min(50, export.cells(head.value)), (i, width)


def test_money_and_dates_are_the_same_figures_in_xlsx_and_csv(dbfile, tmp_path):
    for kind in sheets.KINDS:
        export_to(dbfile, kind, tmp_path / f"{kind}.csv")
        export_to(dbfile, kind, tmp_path / f"{kind}.xlsx")
        text = list(csv.reader((tmp_path / f"{kind}.csv").open(encoding="utf-8-sig")))
        book = list(load_workbook(tmp_path / f"{kind}.xlsx").active.iter_rows())
        assert len(text) == len(book)
        for line, row in zip(text[1:], book[1:], strict=True):
            assert [as_csv(c, t) for c, t in zip(row, line, strict=True)] == line, kind


def as_csv(cell, text: str) -> str:
    """What the csv holds for an xlsx cell (a plain number: the csv's, when it is the same number)."""
    v = cell.value
    if v is None:
        return ""
    if type(v) in (int, float) and cell.number_format == "General":
        return text if float(text) == v else str(v)
    if isinstance(v, datetime):
        return v.strftime("%Y-%m-%d" if cell.number_format == "yyyy-mm-dd" else "%Y-%m-%d %H:%M")
    if "¥" in cell.number_format:
        return f"{v:.2f}"
    if cell.number_format == "0.0%":
        return f"{v * 100:.1f}%"
    return str(v)


def test_the_complaint_analysis_has_the_months_figures(dbfile, tmp_path):
    out = tmp_path / "a.xlsx"
    export_to(dbfile, "complaint-analysis", out)
    rows = {r[0].value: r for r in load_workbook(out).active.iter_rows(min_row=2)}
    db.connect(Path(dbfile))
    try:
        a = complaint_reports.analyse(at("2026-12-01 10:00"), date(2026, 11, 1), date(2026, 11, 30))
    finally:
        db.disconnect()
    assert rows["Complaints received"][1].value == a.total > 0
    assert rows["Handled (resolved or later)"][1].value == a.handled
    rate = rows["Handling rate (of those received)"][2]
    assert rate.value == pytest.approx(a.handling_rate) and rate.number_format == "0.0%"
    assert rows["Handled in time"][1].value == a.on_time
    assert rows["With a resolve-by day (handled)"][1].value == a.with_deadline
    assert rows["Timeliness rate (of those with a resolve-by day)"][2].value == pytest.approx(
        a.timeliness_rate
    )
    assert rows["Called back (of those handled)"][1].value == a.called_back
    assert rows["Kind — responsible: general"][1].value == a.by_kind.get("general", 0)
    assert rows["Channel — walk-in"][1].value == a.by_channel.get("walk_in", 0)
    for figure in (
        "Escalated for taking too long",
        "Past a deadline now",
        "Media exposure risk",
        "Collective",
        "Average time to resolve (hours)",
        "Called back in time",
    ):
        assert figure in rows
    assert rows["Average time to resolve (hours)"][1].value == round(a.hours_to_resolve, 1)
    assert (
        sum(
            rows[f"Kind — {i18n._(v)}"][1].value
            for v in (
                "responsible: general",
                "responsible: major",
                "responsible: critical",
                "not responsible",
                "assistance",
                "not yet classified",
            )
        )
        == a.total
    )

    export_to(dbfile, "complaint-analysis", tmp_path / "a.csv", lang="zh_CN")
    text = {r[0]: r[1:] for r in csv.reader((tmp_path / "a.csv").open(encoding="utf-8-sig"))}
    assert text["已处理"] == [str(a.handled), ""]
    assert text["投诉处理率（占受理数）"] == ["", f"{a.handling_rate * 100:.1f}%"]


def test_the_analysis_needs_a_span(dbfile, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run(["--db", dbfile, "export", "complaint-analysis"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--month" in err[0]
    assert list(tmp_path.glob("complaint-analysis*")) == []


def test_a_rate_of_nothing_is_left_empty():
    rows = sheets.analysis_rows(Analysis(date(2026, 11, 1), date(2026, 11, 30), 0))
    assert rows[0][1:] == [0, None] and all(r[2] is None for r in rows)


# -- csv ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
@pytest.mark.parametrize("kind", sheets.KINDS)
def test_a_csv_sheet_is_utf8_with_a_bom_and_plain_figures(dbfile, tmp_path, kind, lang):
    out = tmp_path / f"{kind}.csv"
    export_to(dbfile, kind, out, lang=lang)
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(data.decode("utf-8-sig").splitlines()))
    assert rows[0] == headers(kind, lang) and len(rows) > 1
    import re

    names = COLUMNS[kind]
    for row in rows[1:]:
        for value, name in zip(row, names, strict=True):
            if value and name in MONEY.get(kind, ()):
                assert re.fullmatch(r"-?\d+\.\d\d", value), (name, value)
            if value and name in TIMES.get(kind, ()):
                assert re.fullmatch(r"\d{4}-\d\d-\d\d( \d\d:\d\d)?", value), (name, value)


def test_without_a_name_or_format_it_is_csv_as_before(dbfile, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run(["--db", dbfile, "export", "loans", *MONTH]) == 0
    (sheet,) = tmp_path.glob("loans-*")
    assert sheet.name == "loans-20261101-20261130.csv" and sheet.read_bytes().startswith(b"\xef\xbb\xbf")


# -- the format and the span ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["t.xlsx", "T.XLSX", "t.Xlsx"])
def test_the_format_follows_the_files_name(dbfile, tmp_path, name):
    out = tmp_path / name
    assert run(["--db", dbfile, "export", "loans", *MONTH, "-o", str(out)]) == 0
    assert out.read_bytes()[:2] == b"PK"  # a zip, not text
    assert load_workbook(out).active.max_row > 1
    csv_out = tmp_path / "t.CSV"
    assert run(["--db", dbfile, "export", "loans", *MONTH, "-o", str(csv_out)]) == 0
    assert csv_out.read_bytes().startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize(
    "argv, says",
    [
        (["--format", "csv", "-o", "x.xlsx"], "--format is csv"),
        (["--format", "xlsx", "-o", "x.csv"], "--format is xlsx"),
        (["-o", "x.txt"], ".csv"),
        (["-o", "x"], ".xlsx"),
        (["--month", "2026-11", "--from", "2026-11-01"], "--month and --from"),
        (["--month", "2026-11", "--to", "2026-11-30", "-o", "x.csv"], "--month and --to"),
        (["--month", "2026-11", "--week", "2026-W45"], "--month and --week"),
        (["--week", "2026-W45", "--from", "2026-11-01", "--to", "2026-11-30"], "--week and --from"),
    ],
)
def test_options_that_disagree_are_refused_in_one_line(dbfile, tmp_path, capsys, monkeypatch, argv, says):
    monkeypatch.chdir(tmp_path)
    before = set(os.listdir(tmp_path))
    assert run(["--db", dbfile, "export", "loans", *argv]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and says in err[0], err
    assert set(os.listdir(tmp_path)) == before


def test_refusals_are_in_chinese_too(dbfile, tmp_path, capsys):
    out = tmp_path / "x.xlsx"
    assert run(["--db", dbfile, "--lang", "zh_CN", "export", "loans", "--format", "csv", "-o", str(out)]) == 1
    assert "请去掉其中一个" in capsys.readouterr().err
    assert (
        run(
            [
                "--db",
                dbfile,
                "--lang",
                "zh_CN",
                "export",
                "loans",
                "--month",
                "2026-11",
                "--from",
                "2026-11-02",
            ]
        )
        == 1
    )
    assert "不能同时给出" in capsys.readouterr().err
    assert not out.exists()


def test_a_name_that_is_not_csv_can_still_be_asked_for(dbfile, tmp_path):
    out = tmp_path / "loans.txt"
    assert run(["--db", dbfile, "export", "loans", *MONTH, "--format", "csv", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8-sig").startswith("slip,")


def test_the_week_and_the_days_name_the_sheet():
    assert sheets.sheet_title("loans", TODAY, date(2026, 11, 23), date(2026, 11, 29)) == "Loans 2026-W48"
    assert sheets.sheet_title("loans", TODAY, date(2026, 11, 3), date(2026, 11, 3)) == "Loans 2026-11-03"
    weekly = sheets.sheet_title("complaints", TODAY, date(2026, 11, 23), date(2026, 11, 29))
    assert weekly == "Complaints weekly 2026-W48"  # the mall's 客诉周报明细
    days = sheets.sheet_title("loans", TODAY, date(2026, 11, 3), date(2026, 11, 9))
    assert days == "Loans 20261103~20261109"
    long = sheets.sheet_title("medicine", TODAY, date(2026, 11, 3), date(2026, 11, 19))
    assert long == "Medicine 20261103~20261119"  # cut at a word, never in the dates
    assert export.sheet_name("a[b]:c*d?e/f\\g'") == "a-b--c-d-e-f-g"
    assert export.sheet_name("") == "Sheet"


# -- a sheet that cannot be written --------------------------------------------------------------


def one_line(capsys) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert "Traceback" not in err[0]
    return err[0]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_missing_folder_is_one_line_and_no_file(dbfile, tmp_path, capsys, fmt):
    out = tmp_path / "missing" / "folder" / f"x.{fmt}"
    assert run(["--db", dbfile, "export", "loans", *MONTH, "-o", str(out)]) == 1
    assert one_line(capsys) == f"Could not write to {out}: its folder does not exist."
    assert not (tmp_path / "missing").exists()
    assert run(["--db", dbfile, "--lang", "zh_CN", "export", "loans", *MONTH, "-o", str(out)]) == 1
    assert one_line(capsys) == f"无法写入 {out}：所在文件夹不存在。"


def test_a_path_through_a_file_is_one_line_and_no_file(dbfile, tmp_path, capsys):
    (tmp_path / "somefile").write_text("keep")
    out = tmp_path / "somefile" / "x.xlsx"
    assert run(["--db", dbfile, "export", "loans", *MONTH, "-o", str(out)]) == 1
    assert one_line(capsys) == f"Could not write to {out}: a part of its path is not a folder."
    assert sorted(os.listdir(tmp_path)) == ["desk", "somefile"]
    assert (tmp_path / "somefile").read_text() == "keep"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder or file anyway")
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("what", ["folder", "file"])
def test_an_unwritable_folder_or_file_is_one_line(dbfile, tmp_path, capsys, what, fmt):
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / f"x.{fmt}"
    if what == "file":  # in a folder that can be written: the file is kept as it is
        out.write_text("old")
        out.chmod(0o444)
    else:
        folder.chmod(0o555)
    try:
        assert run(["--db", dbfile, "export", "loans", *MONTH, "-o", str(out)]) == 1
    finally:
        folder.chmod(0o755)
    assert one_line(capsys) == f"Could not write to {out}: this account may not write there."
    assert os.listdir(folder) == ([] if what == "folder" else [out.name])
    if what == "file":
        assert out.read_text() == "old"


@pytest.mark.parametrize("lang, says", [("en", "the disk is full."), ("zh_CN", "磁盘已满。")])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_full_disk_half_way_leaves_nothing(dbfile, tmp_path, capsys, monkeypatch, fmt, lang, says):
    from openpyxl.worksheet import _writer

    name = "csv_cell" if fmt == "csv" else "_xlsx_cell"
    real = getattr(export, name)
    written = []

    def filling(*args):
        if len(written) == 500:  # past the rows held back to size the columns
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written.append(1)
        return real(*args)

    monkeypatch.setattr(export, name, filling)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / f"loans.{fmt}"
    temporary = set(_writer.ALL_TEMP_FILES)
    assert run(["--db", dbfile, "--lang", lang, "export", "loans", *MONTH, "-o", str(out)]) == 1
    line = one_line(capsys)
    assert line.startswith(("Could not write to", "无法写入")) and str(out) in line and line.endswith(says)
    assert len(written) == 500, "it failed in the middle of the sheet"
    assert os.listdir(folder) == []
    assert [p for p in set(_writer.ALL_TEMP_FILES) - temporary if os.path.exists(p)] == []


def test_a_disk_that_fills_while_the_workbook_is_zipped_says_one_line(dbfile, tmp_path, capsys, monkeypatch):
    """The xlsx's zip fails half-way (the sheet is written): still one line, nothing
    left, and no traceback later, when Python collects the unfinished zip."""
    import gc
    import io
    import sys

    class FillingFile(io.FileIO):
        full = False  # and once full, it stays full

        def write(self, data):
            if self.full or self.tell() + len(data) > 3000:
                self.full = True
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return super().write(data)

    real_open = io.open

    def opening(file, mode="r", *args, **kw):
        if isinstance(file, (str, os.PathLike)) and os.fspath(file).endswith(".xlsx.part"):
            return FillingFile(file, mode.replace("b", ""))
        return real_open(file, mode, *args, **kw)

    unraisable = []
    monkeypatch.setattr(io, "open", opening)
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "loans.xlsx"
    assert run(["--db", dbfile, "export", "loans", *MONTH, "-o", str(out)]) == 1
    gc.collect()
    assert one_line(capsys) == f"Could not write to {out}: the disk is full."
    assert os.listdir(folder) == []
    assert [u.exc_value for u in unraisable] == []


def test_an_existing_sheet_is_kept_when_the_new_one_fails(dbfile, tmp_path, capsys, monkeypatch):
    out = tmp_path / "loans.xlsx"
    out.write_bytes(b"last month's")

    def full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(export, "_xlsx_cell", full)
    assert run(["--db", dbfile, "export", "loans", *MONTH, "-o", str(out)]) == 1
    assert one_line(capsys).endswith("the disk is full.")
    assert out.read_bytes() == b"last month's" and sorted(os.listdir(tmp_path)) == ["desk", "loans.xlsx"]


# -- F7 ----------------------------------------------------------------------------------------


async def test_f7_writes_the_complaint_analysis_at_80x24(register):
    from textual.widgets import Select

    from deskapp.app import DeskApp
    from deskapp.screens.reports import ReportsScreen

    from helpers import settle, sign_in, take, wait_for

    take(register, "2026-11-20 10:00")
    take(register, "2026-11-19 10:00", kind="general", channel="phone")
    app = DeskApp(register, backup_after=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "李雷", "5678")
        await pilot.press("f7")
        await settle(pilot)
        assert isinstance(app.screen, ReportsScreen)
        picks = app.screen.query_one("#sheet", Select)
        assert "Complaint analysis" in [str(label) for label, _value in picks._options]
        picks.value = "complaint-analysis"
        await pilot.press("ctrl+o")
        sheet = register.locations.exports_dir / "complaint-analysis-20261101-20261130.xlsx"
        await wait_for(pilot, sheet.exists)
        await wait_for(pilot, lambda: any("Wrote" in n.message for n in app._notifications))

        register.locations.exports_dir.rename(register.locations.data_dir / "moved")
        register.locations.exports_dir.write_text("not a folder")  # the sheet cannot go there
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: any("not a folder" in n.message for n in app._notifications))
        shown = [n.message for n in app._notifications if "not a folder" in n.message]
        assert shown == [f"Could not write to {sheet}: a part of its path is not a folder."]
    book = load_workbook(register.locations.data_dir / "moved" / sheet.name).active
    assert book.title == "Complaint analysis 2026-11" and book.freeze_panes == "A2"
    rows = {r[0]: r[1:] for r in book.iter_rows(min_row=2, values_only=True)}
    assert rows["Complaints received"] == (2, None)
    assert rows["Channel — phone call"] == (1, 0.5)


def test_a_sheet_without_days_says_it_holds_everything_and_restock_takes_no_days(
    dbfile, tmp_path, capsys, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    assert sheets.default_name("loans", "csv", TODAY, None, None) == f"loans-all-{TODAY:%Y%m%d}.csv"
    restock = sheets.default_name("restock", "csv", TODAY, date(2026, 11, 1), None)
    assert restock == f"restock-{TODAY:%Y%m%d}.csv"
    assert run(["--db", dbfile, "export", "restock", *MONTH]) == 1
    assert "leave out the days" in capsys.readouterr().err and not list(tmp_path.glob("restock*"))

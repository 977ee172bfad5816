"""Loan lists, detail, slips and the loans export."""

import csv
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deskapp import db, policy
from deskapp.models import Loan, LoanItem
from deskapp.services import lending, loan_lists, pairs, printer, returns, slips

from conftest import POLICY
from helpers import at, give_back, lend, take
from test_cli import run


def squeeze(text: str) -> str:
    """A slip's lines with the padding between a label and its figure made one space."""
    return re.sub(r" {2,}", " ", text)


pytestmark = pytest.mark.engines  # every test on SQLite and on PostgreSQL (conftest)


def override(desk, text):
    """The desk's own policy.toml says `text`."""
    desk.locations.policy_file.parent.mkdir(parents=True, exist_ok=True)
    desk.locations.policy_file.write_text(text, encoding="utf-8")
    desk.policy = policy.load(desk.locations.policy_file, defaults=POLICY)


def test_lists_show_out_overdue_and_history_masked(counter):
    lend(counter, "U01", "2026-11-01 10:00")
    lend(counter, "S1", "2026-11-20 10:00", phone="13900139000", name="李四")
    lend(counter, "U02", "2026-11-20 10:00", phone="13700137000", name="王五")
    give_back(counter, "U02", "2026-11-21 10:00")
    clock = at("2026-11-22 10:00")
    out = loan_lists.page("out", clock)
    assert [r.tag for r in out.rows] == ["U01", "S1"] and out.total == 2
    overdue = loan_lists.page("overdue", clock)
    # S1 was due 11-20 22:00 (2 days late); U01 was due 11-08 (14 days): the latest first.
    assert [(r.tag, r.days_late) for r in overdue.rows] == [("U01", 14), ("S1", 2)]
    assert overdue.rows[0].phone == "13800138000"
    history = loan_lists.page("history", clock)
    assert [r.tag for r in history.rows] == ["U02", "S1", "U01"]
    assert history.rows[0].state == "returned"


@pytest.mark.parametrize(
    "text, tags",
    [
        ("u01", ["U01"]),
        ("8000", ["U01"]),
        ("139 0013 9000", ["S1"]),
        ("李", ["S1"]),
        ("", ["S1", "U01"]),
    ],
)
def test_search_by_tag_phone_last_four_or_name(counter, text, tags):
    lend(counter, "U01", "2026-11-01 10:00")
    lend(counter, "S1", "2026-11-20 10:00", phone="13900139000", name="李四")
    assert [r.tag for r in loan_lists.page("history", at("2026-11-22 10:00"), text).rows] == tags


def test_search_by_slip_number(counter):
    loan = lend(counter, "U01 U02", "2026-11-01 10:00")
    lend(counter, "S1", "2026-11-20 10:00", phone="13900139000")
    assert {r.tag for r in loan_lists.page("history", at("2026-11-22 10:00"), loan.slip_no).rows} == {
        "U01",
        "U02",
    }


def test_pages_hold_a_limit_and_say_when_more_remain(counter):
    for n in range(1, 6):
        lend(counter, f"U0{n}", "2026-11-01 10:00", phone=f"1380013800{n}")
    first = loan_lists.page("out", at("2026-11-02 10:00"), limit=2)
    assert (len(first.rows), first.total, first.has_more) == (2, 5, True)
    last = loan_lists.page("out", at("2026-11-02 10:00"), offset=4, limit=2)
    assert ([r.tag for r in last.rows], last.has_more) == (["U05"], False)


def test_counts_for_home(counter):
    lend(counter, "U01", "2026-11-01 10:00")
    lend(counter, "S1", "2026-11-22 09:00", phone="13900139000")
    assert loan_lists.counts(at("2026-11-22 10:00")) == loan_lists.Counts(out=2, overdue=1, due_today=1)
    assert loan_lists.counts(at("2026-11-22 22:30")) == loan_lists.Counts(out=2, overdue=2, due_today=0)


def test_detail_shows_phone_and_id_in_full(counter):
    loan = lending.lend(
        counter.actor,
        counter.policy,
        at("2026-11-01 10:00"),
        "U01",
        "张三",
        "13800138000",
        "11010519491231002x",
    )
    d = loan_lists.detail(loan.id)
    assert (d.phone, d.id_number, d.lent_by, d.deposit_fen, d.open) == (
        "13800138000",
        "11010519491231002X",
        "李雷",
        2000,
        True,
    )


@pytest.mark.parametrize("width", [32, 48])
def test_slips_fit_the_paper_and_carry_the_form_fields(counter, width):
    override(counter, f"[slips]\nwidth = {width}\n")
    loan = lend(counter, "U01 S1", "2026-11-01 10:00")
    give_back(counter, "U01", "2026-11-10 10:00")
    clock = at("2026-11-10 10:00")
    for text in (
        slips.loan_slip(counter.policy, clock, loan.id).text(),
        slips.return_slip(counter.policy, clock, loan.id, reprint=True).text(),
    ):
        assert max(slips.cells(line) for line in text.splitlines()) <= width
        assert text.count(f"*{loan.slip_no}*") == 2  # two copies, each with the barcode's place
        assert text.count(loan.slip_no) == 4
        assert "138****8000" in text and "13800138000" in text  # the desk copy has it in full
    loan_text = slips.loan_slip(counter.policy, clock, loan.id).text()
    assert "Borrower signature" in loan_text and "¥520.00" in loan_text and "2026-11-08 22:00" in loan_text
    back = slips.return_slip(counter.policy, clock, loan.id).text()
    assert "Deposit refunded" in back and "¥18.00" in back and "S1" not in back.split("Borrowed")[1]


def test_a_chinese_slip_is_chinese_throughout(counter):
    from deskapp import i18n

    loan = lend(counter, "U01", "2026-11-01 10:00")
    i18n.set_language("zh_CN")
    text = slips.loan_slip(counter.policy, at("2026-11-01 10:00"), loan.id).text()
    assert "顾客联" in text and "存根联" in text
    assert not re.search(r"[A-Za-z]{3,}", text.replace("U01", "")), text


def test_the_return_slip_names_each_part_of_the_charge_as_the_paper_form_does(counter):
    """docs/lending.md "Settlement": 折旧费 for the fee, 没收押金 only for a forfeit,
    作价赔偿 for an assessment; the parts add up to the charge."""
    from deskapp import i18n

    umbrella = lend(counter, "U01", "2026-11-01 10:00")
    give_back(counter, "U01", "2026-11-10 10:00")  # intact, 2 days late
    stroller = lend(counter, "S1", "2026-11-01 10:00", phone="13900139000")
    give_back(counter, "S1", "2026-11-02 10:00", "dirty")  # a day late and dirty
    i18n.set_language("zh_CN")
    clock = at("2026-11-10 10:00")
    text = slips.return_slip(counter.policy, clock, umbrella.id).text().split("存根联")[0]
    assert "折旧费 ¥2.00" in squeeze(text) and "没收押金" not in text
    assert "合计收费 ¥2.00" in squeeze(text) and "已退押金 ¥18.00" in squeeze(text)
    text = squeeze(slips.return_slip(counter.policy, clock, stroller.id).text().split("存根联")[0])
    assert "折旧费 ¥50.00" in text and "没收押金 ¥500.00" in text and "合计收费 ¥550.00" in text
    assert "已退押金 ¥0.00" in text and "押金之外另付 ¥50.00" in text and "作价赔偿" not in text


def test_an_assessed_charge_is_said_as_such_on_the_slip(counter):
    from deskapp import i18n

    loan = lend(counter, "S1", "2026-11-01 10:00")
    give_back(
        counter,
        "S1",
        "2026-11-02 10:00",
        "damaged",
        compensation="480",
        reason="轮子松动",
        lead="韩梅梅",
        lead_pin="654321",
    )
    i18n.set_language("zh_CN")
    slip = slips.return_slip(counter.policy, at("2026-11-02 10:00"), loan.id)
    text = squeeze(slip.text().split("存根联")[0])
    assert "折旧费 ¥50.00" in text and "作价赔偿 ¥480.00" in text and "合计收费 ¥530.00" in text
    assert "没收押金" not in text and "押金之外另付 ¥30.00" in text


def test_items_returned_together_are_netted_at_the_counter(counter):
    """docs/lending.md "Settlement" rule 5: each item settles on its own deposit; the counter
    gives back or collects the difference, and the slip says both and the net."""
    loan = lend(counter, "U01 S1", "2026-11-01 10:00")
    case = returns.find_for_return(loan.slip_no)
    stroller = next(line.id for line in case.lines if line.tag == "S1")
    umbrella = next(line.id for line in case.lines if line.tag == "U01")
    result = returns.return_items(
        counter.actor,
        counter.policy,
        counter.policy.security,
        at("2026-11-02 10:00"),
        [umbrella, stroller],
        {umbrella: "intact", stroller: "dirty"},
    )
    p = result.preview
    assert (p.refund_fen, p.owed_fen, p.net_fen, p.charge_fen) == (2000, 5000, -3000, 55000)
    slip = slips.return_slip(counter.policy, at("2026-11-02 10:00"), loan.id)
    text = squeeze(slip.text().split("Desk copy")[0])
    assert "Deposit refunded ¥20.00" in text and "Paid beyond the deposit ¥50.00" in text
    assert "Customer paid, net ¥30.00" in text


def test_a_slip_is_saved_to_a_file_without_a_printer(counter, tmp_path):
    loan = lend(counter, "U01", "2026-11-01 10:00")
    slip = slips.loan_slip(counter.policy, at("2026-11-01 10:00"), loan.id)
    done = printer.deliver(counter.policy, tmp_path / "slips", f"{loan.slip_no}-loan", slip)
    assert not done.printed and done.fault is None
    assert (tmp_path / "slips" / f"{loan.slip_no}-loan.txt").read_text(encoding="utf-8") == slip.text()


def test_a_slip_goes_to_the_print_command(counter, tmp_path):
    printed = tmp_path / "printer.out"
    override(counter, f'[slips]\nprint_command = "sh -c \'cat > {printed}\'"\nencoding = "gb18030"\n')
    assert counter.policy.printer.connection == "command"  # set before [printer] existed
    done = printer.deliver(counter.policy, tmp_path / "slips", "x", "雨伞 U01\n")
    assert done.printed and printed.read_bytes() == "雨伞 U01\n".encode("gb18030")
    override(counter, '[slips]\nprint_command = "false"\n')
    done = printer.deliver(counter.policy, tmp_path / "slips", "x", "x")
    assert not done.printed and done.fault == "the print command failed (exit code 1)"
    assert (tmp_path / "slips" / "x.txt").read_text() == "x\n"  # kept, to print again


def test_export_loans_csv_and_xlsx(counter, tmp_path, locations):
    lend(counter, "U01", "2026-11-01 10:00")
    lend(counter, "S1", "2026-11-20 10:00", phone="13900139000", name="李四")
    give_back(counter, "S1", "2026-11-22 10:00")
    db.disconnect()
    out = tmp_path / "loans.csv"
    dbfile = str(locations.target)
    assert (
        run(["--db", dbfile, "export", "loans", "--from", "2026-11-20", "--to", "2026-11-30", "-o", str(out)])
        == 0
    )
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert rows[0][:3] == ["slip", "tag", "kind"] and len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["tag"], row["phone"], row["state"], row["days late"], row["fee"], row["refund"]) == (
        "S1",
        "139****9000",
        "returned",
        "2",
        "100.00",
        "400.00",
    )
    xlsx = tmp_path / "loans.xlsx"
    assert (
        run(["--db", dbfile, "--lang", "zh_CN", "export", "loans", "--format", "xlsx", "-o", str(xlsx)]) == 0
    )
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx).active
    values = list(sheet.values)
    assert len(values) == 3 and values[1][1] == "U01" and values[1][2] == "雨伞"
    assert values[2][14] == 500  # the deposit as a number of yuan
    assert run(["--db", dbfile, "export", "loans", "--from", "2026-12-01", "--to", "2026-11-01"]) == 1
    db.connect(locations.target)
    assert Loan.select().count() == 2 and LoanItem.select().count() == 2  # exports change nothing


def test_a_history_search_says_more_without_counting_the_history(counter):
    for n in range(1, 4):
        lend(counter, f"U0{n}", "2026-11-01 10:00", phone=f"1380013800{n}", name="王五")
    found = loan_lists.page("history", at("2026-11-02 10:00"), "王五", limit=2)
    assert (len(found.rows), found.total, found.has_more) == (2, None, True)
    assert loan_lists.page("history", at("2026-11-02 10:00"), limit=2).total == 3
    rest = loan_lists.page("history", at("2026-11-02 10:00"), "王五", offset=2, limit=2)
    assert (len(rest.rows), rest.total, rest.has_more) == (1, 3, False)


def test_the_leads_summary_of_a_span(counter):
    from datetime import date

    from deskapp.services import desk_report

    lend(counter, "U01 U02", "2026-11-02 10:00")
    lend(counter, "S1", "2026-11-03 10:00", phone="13900139000")
    give_back(counter, "U01", "2026-11-12 10:00")  # 3 days late: 3 yuan
    give_back(counter, "S1", "2026-11-04 09:00")  # 1 day late: 50 yuan
    take(counter, "2026-11-03 10:00")
    take(counter, "2026-11-10 10:00")
    s = desk_report.summary(at("2026-11-24 10:00"), date(2026, 11, 1), date(2026, 11, 30))
    assert s.loans_by_kind == {"umbrella": 2, "stroller": 1}
    assert [n for _d, n in s.loans_per_day][:4] == [0, 2, 1, 0] and len(s.loans_per_day) == 30
    assert (s.deposits_held_fen, s.fees_fen) == (2000, 300 + 5000)
    weeks = [(date(2026, 10, 26), 0), (date(2026, 11, 2), 1), (date(2026, 11, 9), 1)]  # Mondays
    assert s.complaints_per_week[:3] == weeks
    assert s.complaints.total == 2


NAMES = st.text(alphabet="王李小明欧阳 LiLeiAb", min_size=1, max_size=6).map(str.strip).filter(bool)


@pytest.mark.parametrize("dense", [1, pairs.DENSE])
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(NAMES, min_size=1, max_size=6), query=NAMES)
def test_a_search_by_part_of_a_name_finds_what_reading_every_name_finds(
    counter, monkeypatch, dense, names, query
):
    """The index of the names' character pairs (docs/records.md, "Finding a record") finds
    exactly the loans whose borrower's name holds the text, as LIKE over every loan does,
    both ways it is read: a pair few names share, and one many share (`dense` = 1)."""
    monkeypatch.setattr(pairs, "DENSE", dense)
    for i, name in enumerate(names):
        lend(counter, f"U0{i % 5 + 1}", "2026-11-01 10:00", phone=f"1380013{i:04d}", name=name)
        give_back(counter, f"U0{i % 5 + 1}", "2026-11-01 11:00")
    rows = loan_lists.page("history", at("2026-11-02 10:00"), query, 0, 1000).rows
    indexed = sorted({row.loan_id for row in rows})
    read = sorted(loan.id for loan in Loan.select().where(Loan.borrower.contains(query)))
    assert indexed == read

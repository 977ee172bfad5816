"""Complaint lists, Home's figures, the monthly analysis on a known set, and the CLI."""

import csv

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deskapp.models import Complaint
from deskapp.rules.analysis import month_range
from deskapp.services import complaint_callbacks, complaint_reports, complaint_workflow, pairs
from deskapp.services.contact import normalize_phone

from helpers import at, take
from test_cli import run

pytestmark = pytest.mark.engines  # every test on SQLite and on PostgreSQL (conftest)


def resolve(desk, c, when):
    return complaint_workflow.move(desk.actor, desk.policy, at(when), c.id, "resolved")


def call(desk, c, when):
    return complaint_callbacks.callback(desk.actor, at(when), c.id, "phone", True, "满意", "satisfied")


@pytest.fixture
def november(register):
    """Five complaints received in November 2026 and one in October."""
    d = register
    c1 = take(d, "2026-11-02 10:00", kind="general")  # resolve by 11-05
    resolve(d, c1, "2026-11-04 10:00")  # in time, 48 h; call back by 11-06
    call(d, c1, "2026-11-05 10:00")  # in time
    c2 = take(d, "2026-11-03 09:00", channel="phone", kind="general")  # resolve by 11-06
    resolve(d, c2, "2026-11-10 09:00")  # late, 168 h; call back by 11-12
    call(d, c2, "2026-11-13 10:00")  # late
    take(d, "2026-11-05 12:00", channel="letter", kind="major", media_risk=True)  # open
    c4 = take(d, "2026-11-10 08:00", channel="online", kind="not_responsible", happened="07:00")
    resolve(d, c4, "2026-11-10 20:00")  # no deadline: in time, 12 h
    take(d, "2026-11-20 10:00", collective=True)  # open, not classified
    old = take(d, "2026-10-31 10:00", kind="general")
    resolve(d, old, "2026-11-01 10:00")
    return d


def test_the_monthly_analysis_on_a_known_set(november):
    start, end = month_range("2026-11")
    a = complaint_reports.analyse(at("2026-11-24 10:00"), start, end)
    # Timeliness counts the handled complaints with a resolve-by day: C1 (in time) and C2 (late);
    # C4 (not responsible) never had one, so it is handled but neither in time nor late.
    assert (a.total, a.handled, a.with_deadline, a.on_time) == (5, 3, 2, 1)
    assert (a.called_back, a.callbacks_on_time) == (2, 1)
    assert a.by_kind == {"general": 2, "major": 1, "not_responsible": 1, None: 1}
    assert a.by_channel == {"walk_in": 2, "phone": 1, "letter": 1, "online": 1}
    assert (a.handling_rate, a.timeliness_rate, round(a.callback_rate, 4)) == (0.6, 0.5, 0.6667)
    assert a.callbacks_on_time_rate == 0.5
    assert a.hours_to_resolve == pytest.approx((48 + 168 + 12) / 3)
    assert (a.media_risk, a.collective, a.escalated, a.past_deadline) == (1, 1, 0, 2)  # C4's callback, C5
    lines = dict(complaint_reports.analysis_lines(a))
    assert lines["Handling rate (of those received)"] == "60.0%"
    assert lines["With a resolve-by day (handled)"] == "2" and lines["Handled in time"] == "1"
    assert lines["Timeliness rate (of those with a resolve-by day)"] == "50.0%"
    assert lines["Called back (of those handled)"] == "2 (66.7%)"
    assert lines["Average time to resolve (hours)"] == "76.0"
    assert lines["Past a deadline now"] == "2 (40.0%)"


def test_month_range():
    assert [str(d) for d in month_range("2026-02")] == ["2026-02-01", "2026-02-28"]
    assert [str(d) for d in month_range("2026-12")] == ["2026-12-01", "2026-12-31"]
    with pytest.raises(ValueError):
        month_range("2026-13")


def test_lists_views_search_and_home_counts(november):
    clock = at("2026-11-24 10:00")
    open_ = complaint_reports.page("open", clock)
    assert [r.number for r in open_.rows] == ["C0000005", "C0000003"]  # by deadline; none last
    assert (str(open_.rows[0].due), open_.rows[1].due) == ("2026-11-23", None)
    # Past a deadline: C5 (resolve by 11-23), and the callbacks of C4 (by 11-12) and C6 (by 11-03).
    overdue = complaint_reports.page("overdue", clock).rows
    assert [(r.number, str(r.due), r.late) for r in overdue] == [  # the longest past first
        ("C0000006", "2026-11-03", True),
        ("C0000004", "2026-11-12", True),
        ("C0000005", "2026-11-23", True),
    ]
    assert [r.number for r in complaint_reports.page("callbacks", clock).rows] == ["C0000006", "C0000004"]
    everything = complaint_reports.page("all", clock, limit=4)
    assert (len(everything.rows), everything.total, everything.has_more) == (4, 6, True)
    assert [r.number for r in complaint_reports.page("all", clock, "c0000002").rows] == ["C0000002"]
    assert len(complaint_reports.page("all", clock, "8000").rows) == 6  # the phone's last digits
    assert len(complaint_reports.page("all", clock, "童装").rows) == 6
    # A search of every complaint is not counted: that would read every complaint's text.
    searched = complaint_reports.page("all", clock, "童装", limit=4)
    assert (len(searched.rows), searched.total, searched.has_more) == (4, None, True)
    assert complaint_reports.page("open", clock, "童装", limit=1).total == 2  # a short list is
    assert [r.number for r in complaint_reports.page("all", clock, kind="major").rows] == ["C0000003"]
    assert [r.number for r in complaint_reports.page("all", clock, kind="none").rows] == ["C0000005"]
    # Home's "past a deadline" is F4's list of that name: the callbacks past due count too.
    assert complaint_reports.counts(november.policy, clock) == complaint_reports.Counts(2, 3, 0, 2)
    assert complaint_reports.counts(november.policy, at("2026-11-22 10:00")).due_soon == 1  # due the 23rd


def test_home_f4_and_f7_count_the_same_complaints_past_a_deadline(november):
    """One query (complaint_reports.past_deadline) behind Home's count, F4's list and F7's figure."""
    from datetime import date

    for when in ("2026-11-04 10:00", "2026-11-07 10:00", "2026-11-24 10:00", "2026-12-20 10:00"):
        clock = at(when)
        listed = complaint_reports.page("overdue", clock)
        everything = complaint_reports.analyse(clock, date(2026, 10, 1), date(2026, 12, 31))
        home = complaint_reports.counts(november.policy, clock).overdue
        assert home == listed.total == everything.past_deadline, when
    assert complaint_reports.page("overdue", at("2026-11-24 10:00")).total == 3


def test_cli_report_and_export(november, capsys, tmp_path):
    dbfile = str(november.locations.target)
    assert run(["--db", dbfile, "report", "complaints", "--month", "2026-11"]) == 0
    out = capsys.readouterr().out
    assert "Complaints received 2026-11-01 to 2026-11-30" in out
    assert "Handling rate (of those received)" in out and "60.0%" in out
    sheet = tmp_path / "c.csv"
    assert (
        run(
            [
                "--db",
                dbfile,
                "export",
                "complaints",
                "--from",
                "2026-11-01",
                "--to",
                "2026-11-30",
                "-o",
                str(sheet),
            ]
        )
        == 0
    )
    rows = list(csv.reader(sheet.open(encoding="utf-8-sig")))
    assert rows[0][:3] == ["number", "received at", "taken by"] and len(rows) == 6
    assert rows[1][0] == "C0000001" and rows[1][9] == "138****8000"
    assert run(["--db", dbfile, "report", "complaints", "--month", "11/2026"]) == 1
    week = tmp_path / "w.csv"  # ISO week 45: Monday 2 to Sunday 8 November
    assert run(["--db", dbfile, "export", "complaints", "--week", "2026-W45", "-o", str(week)]) == 0
    numbers = [r[0] for r in csv.reader(week.open(encoding="utf-8-sig"))][1:]
    assert numbers == ["C0000001", "C0000002", "C0000003"]


def test_digits_find_a_number_written_in_what_happened(november):
    clock = at("2026-11-24 10:00")
    c = take(november, what="顾客留的座机 0755-86001234,手机 186 1234 5678", contact="周女士")
    for typed in ("86001234", "0755-86001234", "186 1234 5678"):
        assert [r.number for r in complaint_reports.page("all", clock, typed).rows] == [c.number], typed


TEXTS = st.text(alphabet="王李小明异物 3FLiftab80", min_size=1, max_size=6).map(str.strip).filter(bool)
CONTACTS = st.sampled_from(["13800138000", "+86 138-0013-8000", "021-6888 8000", "保安部", "8000"])
QUERIES = TEXTS | st.sampled_from(["8000", "13800138000", "138 0013 8000", "02168888000", "0013"])


@pytest.mark.parametrize("dense", [1, pairs.DENSE])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.tuples(TEXTS, TEXTS, TEXTS, TEXTS, CONTACTS), min_size=1, max_size=4), query=QUERIES)
def test_a_search_by_part_of_a_text_finds_what_reading_every_complaint_finds(
    register, monkeypatch, dense, texts, query
):
    """The index of the complaints' texts (docs/records.md, "Finding a record") finds exactly
    the complaints whose complainant, place, people or what happened holds the text, as
    LIKE over every complaint does, or whose contact is the phone typed or ends with the
    four digits typed; both ways it is read (`dense` = 1: the list read in order, each
    complaint checked against the key)."""
    monkeypatch.setattr(pairs, "DENSE", dense)
    for who, place, people, what, contact in texts:
        take(register, complainant=who, place=place, people=people, what=what, contact=contact)
    rows = complaint_reports.page("all", at("2026-11-25 10:00"), query, limit=1000).rows
    said = (
        Complaint.complainant.contains(query)
        | Complaint.what.contains(query)
        | Complaint.place.contains(query)
        | Complaint.people.contains(query)
    )
    read = {c.id for c in Complaint.select().where(said)}
    typed = normalize_phone(query)
    for c in Complaint.select():
        digits = "".join(ch for ch in c.contact if ch.isdigit())
        if (len(typed) == 4 and typed.isdigit() and digits.endswith(typed)) or (
            7 <= len(typed) <= 12 and typed.isdigit() and normalize_phone(c.contact) == typed
        ):
            read.add(c.id)
    assert sorted(c.id for c in rows) == sorted(read)

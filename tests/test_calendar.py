"""The working-day calendar must not run out (docs/calendar.md): the package's
years day by day, the end of the confirmed calendar, the warning before it,
the mark on deadlines after it, and the policy lines that extend it."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import chinese_calendar
import pytest
from textual.widgets import Static

from deskapp import db, policy
from deskapp.app import DeskApp
from deskapp.models import AuditEntry
from deskapp.rules.calendar import POLICY
from deskapp.services import calendar, complaints

from conftest import POLICY as TEST_POLICY
from conftest import make_desk
from helpers import add_admin, add_staff, at, open_section, screen_text, settle, take, text_of
from test_cli import run
from test_complaints import resolved

YEAR_2027 = '[calendar]\nholidays = ["2027-01-01", "2027-02-06"]\nworkdays = ["2027-02-20"]\n'


def test_every_day_the_package_covers_is_the_packages_answer():
    cal = policy.load(defaults=TEST_POLICY).calendar
    known = calendar.days(cal)
    day, differ = date(min(known.years), 1, 1), []
    while day <= known.confirmed_until:
        if calendar.is_working_day(day, cal) != chinese_calendar.is_workday(day):
            differ.append(day)
        day += timedelta(days=1)
    assert differ == [] and day > date(2026, 12, 31)


@pytest.mark.parametrize(
    "today, passed",
    [("2026-11-15", None), ("2026-11-16", False), ("2026-12-31", False), ("2027-01-01", True)],
)
def test_the_warning_starts_45_days_before_the_end_and_becomes_a_problem_after(today, passed):
    gap = calendar.gap(policy.load(defaults=TEST_POLICY).calendar, date.fromisoformat(today))
    assert (gap.passed if gap else None) == passed
    if gap:
        assert (gap.confirmed_until, gap.next_year) == (date(2026, 12, 31), 2027)


def desk_policy_file(locations):
    """The desk's policy file, where `deskapp --db FILE` reads it."""
    from deskapp.paths import locate

    return locate(str(locations.database)).policy_file


def policy_with(locations, text: str) -> policy.Policy:
    path = desk_policy_file(locations)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return policy.load(path, defaults=TEST_POLICY)


def test_a_year_named_in_the_policy_is_confirmed_and_a_closing_day_is_a_day_off(locations):
    p = policy_with(locations, YEAR_2027.replace('"2027-01-01"', '"2026-12-24", "2027-01-01"'))
    known = calendar.days(p.calendar)
    assert known.confirmed_until == date(2027, 12, 31)
    assert calendar.gap(p.calendar, date(2027, 1, 5)) is None
    assert calendar.confirmed(date(2027, 1, 4), p.calendar)  # the mark goes away
    assert not calendar.confirmed(date(2027, 1, 4), policy.load(defaults=TEST_POLICY).calendar)
    assert not calendar.is_working_day(date(2026, 12, 24), p.calendar)  # the mall's own closing day
    assert known.holidays[date(2026, 12, 24)] == POLICY
    assert calendar.is_working_day(date(2027, 2, 20), p.calendar)  # a Saturday worked
    # resolved Thu 31 Dec: Fri 1 Jan is a holiday now, so Mon 4 and Tue 5
    assert calendar.add_working_days(date(2026, 12, 31), 2, p.calendar) == date(2027, 1, 5)
    assert calendar.add_working_days(
        date(2026, 12, 31), 2, policy.load(defaults=TEST_POLICY).calendar
    ) == date(2027, 1, 4)


def test_check_warns_in_december_and_fails_in_january_until_the_year_is_added(locations, capsys):
    from deskapp.clock import fixed

    desk = make_desk(locations)
    add_admin(desk)
    db.disconnect()
    path = str(locations.database)

    def check(when: str) -> tuple[int, str]:
        import deskapp.desk as desk_module

        moment = datetime.fromisoformat(when).replace(tzinfo=timezone.utc)
        original = desk_module.load_settings
        desk_module.load_settings = lambda loc, lang=None, clock=None, **kw: original(
            loc, lang, fixed(moment), **kw
        )
        try:
            capsys.readouterr()
            code = run(["--db", path, "check"])
        finally:
            desk_module.load_settings = original
        return code, capsys.readouterr().out

    code, out = check("2026-12-01 02:00")
    assert code == 0 and "Warning: the working-day calendar is confirmed until 2026-12-31." in out
    code, out = check("2027-01-04 02:00")
    assert code == 1 and "The working-day calendar ended on 2026-12-31" in out
    policy_with(locations, YEAR_2027)
    assert check("2027-01-04 02:00") == (0, check("2027-01-04 02:00")[1])
    assert "calendar" not in check("2026-12-01 02:00")[1]


async def test_home_tells_a_lead_and_a_callback_after_the_end_is_marked(register):
    """December 2026: the lead is told on Home; a complaint resolved on 30 December
    is due back on 4 January 2027, counted on weekends alone, and says so."""
    d = register
    add_staff(d, add_admin_of(d), "韩梅梅", "lead")
    c = take(d, "2026-12-30 10:00")
    c = resolved(d, c, "2026-12-30 11:00")
    assert c.callback_due == date(2027, 1, 1)  # Thu 31, Fri 1 Jan: a holiday, not known yet
    assert not calendar.confirmed(c.callback_due, d.policy.calendar)
    app = DeskApp(d, backup_after=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_section(pilot, "escape", "韩梅梅", "567890")
        notices = text_of(app.screen.query_one("#lead-notices", Static))
        assert "only to 2026-12-31; add 2027 (deskapp calendar)" in notices and "Calendar" in notices
        await pilot.press("f4")
        await settle(pilot)
        app.screen.view = "callbacks"
        app.screen.reload()
        await settle(pilot)
        shown = screen_text(app)
        assert "01-01?" in shown and "?: calendar not confirmed" in shown
    app = DeskApp(d, backup_after=60)
    async with app.run_test(size=(100, 40)) as pilot:  # a clerk: Home does not bother them with it
        await open_section(pilot, "escape")
        assert not app.screen.query_one("#lead-notices").display and "Calendar" not in screen_text(app)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        from deskapp.screens.complaint import ComplaintScreen

        app.push_screen(ComplaintScreen(c.id))
        await settle(pilot)
        assert "call back by 2027-01-01 (calendar not confirmed)" in screen_text(app)


def add_admin_of(d):
    from deskapp.models import Staff
    from deskapp.services.staff import _info

    return _info(Staff.get(Staff.role == "admin"))


def test_the_sheet_marks_a_callback_after_the_end(register, tmp_path):
    from deskapp.services import sheets

    c = resolved(register, take(register, "2026-12-30 10:00"), "2026-12-30 11:00")
    written = sheets.write("complaints", "csv", tmp_path / "c.csv", register.policy, at("2026-12-30 12:00"))
    import csv

    rows = list(csv.reader((tmp_path / "c.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert written.rows == 1 and rows[0][-1] == "callback calendar" and rows[1][-1] == "not confirmed"
    assert rows[1][rows[0].index("callback by")] == str(c.callback_due)


def test_calendar_add_needs_an_administrator_keeps_the_policys_comments_and_is_audited(locations, capsys):
    desk = make_desk(locations)
    admin = add_admin(desk)
    add_staff(desk, admin, "李雷")
    db.disconnect()
    policy_with(locations, '# our desk\n[desk]\nname = "北门服务台"  # the north desk\n')
    base = ["--db", str(locations.database), "calendar"]
    assert run([*base, "--add-holidays", "2027-01-01"]) == 1
    assert "give an administrator's name with --admin" in capsys.readouterr().err
    assert run([*base, "--add-holidays", "2027-01-01", "--admin", "李雷"], "5678\n") == 1
    assert (
        run(
            [*base, "--add-holidays", "2027-01-01", "--add-workdays", "2027-01-01", "--admin", "王芳"],
            "123456\n",
        )
        == 1
    )
    assert "cannot be both" in capsys.readouterr().err
    assert "2027" not in desk_policy_file(locations).read_text()
    assert (
        run(
            [
                *base,
                "--add-holidays",
                "2027-01-01",
                "2027-02-06",
                "--add-workdays",
                "2027-02-20",
                "--admin",
                "王芳",
            ],
            "123456\n",
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "Written to" in out and "2027-02-20 Saturday  working day (调休)  policy file" in out
    policy_file = desk_policy_file(locations)
    text = policy_file.read_text()
    assert "# our desk" in text and "# the north desk" in text and '"2027-02-06"' in text
    assert calendar.days(policy.load(policy_file, defaults=TEST_POLICY).calendar).confirmed_until == date(
        2027, 12, 31
    )
    db.connect(locations.database)
    entry = AuditEntry.get(AuditEntry.action == "calendar.change")
    assert json.loads(entry.after)["holidays"] == ["2027-01-01", "2027-02-06"]
    db.disconnect()
    assert run([*base, "--year", "2028"]) == 0
    assert "2028 is not confirmed" in capsys.readouterr().out


def test_a_deadline_inside_the_confirmed_calendar_is_not_marked(register):
    c = resolved(register, take(register), "2026-11-24 11:00")
    assert calendar.confirmed(c.callback_due, register.policy.calendar)
    assert complaints.callback_due(register.policy, date(2026, 9, 30)) == date(2026, 10, 9)


def test_the_months_analysis_counts_the_callbacks_past_the_end(register, capsys):
    resolved(register, take(register, "2026-12-30 10:00"), "2026-12-30 11:00")
    resolved(register, take(register, "2026-12-01 10:00"), "2026-12-01 11:00")
    from deskapp.services import complaint_reports

    end = calendar.days(register.policy.calendar).confirmed_until
    a = complaint_reports.analyse(at("2026-12-31 10:00"), date(2026, 12, 1), date(2026, 12, 31), end)
    assert a.unconfirmed_callbacks == 1
    lines = dict(complaint_reports.analysis_lines(a))
    assert lines["Callbacks not confirmed"] == "1"
    assert "Callbacks not confirmed" not in dict(
        complaint_reports.analysis_lines(
            complaint_reports.analyse(at("2026-12-31 10:00"), date(2026, 11, 1), date(2026, 11, 30), end)
        )
    )


def test_deadlines_already_set_are_counted_again_when_the_year_is_added(register, capsys):
    """Resolved on 30 December before 2027 was known: due on New Year's Day; once the
    holidays are written, it is due on the next working days instead, audited."""
    c = resolved(register, take(register, "2026-12-30 10:00"), "2026-12-30 11:00")
    assert c.callback_due == date(2027, 1, 1)
    db.disconnect()
    base = ["--db", str(register.locations.database), "calendar"]
    assert (
        run(
            [*base, "--add-holidays", "2027-01-01", "2027-01-02", "2027-01-03", "--admin", "王芳"], "123456\n"
        )
        == 0
    )
    assert "Callback deadlines counted again: 1." in capsys.readouterr().out
    db.connect(register.locations.database)
    assert complaints.get(c.id).callback_due == date(2027, 1, 4)  # Thu 31 Dec, then Mon 4
    entry = AuditEntry.get(AuditEntry.action == "complaint.callback_recount")
    assert (json.loads(entry.before), json.loads(entry.after)) == (
        {"callback_due": "2027-01-01"},
        {"callback_due": "2027-01-04"},
    )


def test_a_year_long_past_in_the_policy_does_not_end_the_calendar(locations):
    p = policy_with(locations, '[calendar]\nholidays = ["1999-01-01"]\n')
    assert calendar.days(p.calendar).confirmed_until == date(2026, 12, 31)


@pytest.mark.parametrize(
    "argv, said",
    [
        (["--add-holidays", "1999-01-01"], "outside the years a desk plans for (2004 to 2028)"),
        (["--add-holidays", "2099-01-01"], "outside the years a desk plans for"),
        (["--add-workdays", "2027-01-05"], "2027-01-05 is a Tuesday, a working day anyway"),
    ],
)
def test_a_day_that_cannot_be_meant_is_refused(register, capsys, argv, said):
    db.disconnect()
    code = run(["--db", str(register.locations.database), "calendar", *argv, "--admin", "王芳"], "123456\n")
    assert code == 1 and said in capsys.readouterr().err
    assert not desk_policy_file(register.locations).exists()


def test_a_day_moves_between_lists_only_by_taking_it_out_first_and_comments_stay(register, capsys):
    db.disconnect()
    policy_with(register.locations, '[calendar]\nholidays = [\n  "2026-12-24",  # 平安夜盘点\n]\n')
    base = ["--db", str(register.locations.database), "calendar", "--admin", "王芳"]
    assert run([*base, "--add-holidays", "2027-01-01"], "123456\n") == 0
    assert run([*base, "--add-workdays", "2027-01-02"], "123456\n") == 0
    capsys.readouterr()
    assert run([*base, "--add-holidays", "2027-01-02"], "123456\n") == 1
    assert "take it out first with --remove 2027-01-02" in capsys.readouterr().err
    assert run([*base, "--add-holidays", "2027-01-01"], "123456\n") == 0
    assert "nothing was changed" in capsys.readouterr().out
    assert run([*base, "--remove", "2027-01-02", "--add-holidays", "2027-01-02"], "123456\n") == 0
    text = desk_policy_file(register.locations).read_text()
    assert "# 平安夜盘点" in text and '"2027-01-02"' in text.split("workdays")[0]
    db.connect(register.locations.database)
    changes = AuditEntry.select().where(AuditEntry.action == "calendar.change")
    last = changes.order_by(AuditEntry.id.desc()).get()
    assert json.loads(last.before) == {"removed": ["2027-01-02"]}
    assert json.loads(last.after)["holidays"] == ["2027-01-02"]


def test_a_week_with_no_working_day_is_refused_by_the_policy(locations):
    with pytest.raises(policy.PolicyError, match="up to six weekdays"):
        policy_with(locations, "[calendar]\nweekend = [1, 2, 3, 4, 5, 6, 7]\n")

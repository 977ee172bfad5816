"""Tampering with a desk's file, as someone with sqlite3 and the app's own code
would (docs/trust.md, "The seal chain"). Each case works on its own copy of one
desk with three signed handovers, an addendum and a backup, and is judged by
`deskapp check` (exit 1 and a line naming what was found).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from deskapp import anchors, backups, db
from deskapp.models import AuditEntry, HandoverAddendum, ShiftLog
from deskapp.paths import locate
from deskapp.rules.seals import addendum_hash, seal_code
from deskapp.services import audit, handover, handover_addenda, handover_text, seals

from helpers import add_staff, at
from test_cli import run
from test_handover import signed


@pytest.fixture(scope="module")
def sealed_desk(tmp_path_factory) -> Path:
    """A desk file: three signed handovers (the last with an addendum), a daily
    backup taken after all of them, and the heads file; built once per module."""
    import os

    from conftest import make_desk

    folder = tmp_path_factory.mktemp("sealed")
    os.environ["XDG_DATA_HOME"] = str(folder / "xdg-data")
    try:
        d = make_desk(locate(folder / "desk.sqlite3"))
        from helpers import add_admin

        admin = add_admin(d)
        clerk = add_staff(d, admin, "李雷", "staff", "5678")
        add_staff(d, admin, "张伟", "staff", "2468")
        d.actor = audit.Actor(clerk.id, "tui")
        for n, when in enumerate(("2026-11-24 15:00", "2026-11-24 22:00", "2026-11-25 15:00")):
            handover.write(d.actor, d.policy, at(when), "note", f"第{n + 1}班,一切正常")
            signed(d, when)
            anchors.keep(d.locations, at(when).now())
        last = ShiftLog.select().where(ShiftLog.state == "signed").order_by(ShiftLog.id.desc()).get()
        handover_addenda.addendum(
            d.actor, d.policy.security, at("2026-11-25 16:00"), last.id, "补充:复印 2 张", "李雷", "5678"
        )
        anchors.keep(d.locations, at("2026-11-25 16:00").now())
        backups.take(d.locations, at("2026-11-25 16:05"), "daily")
        handover.write(d.actor, d.policy, at("2026-11-25 16:10"), "note", "晚班开始")
    finally:
        db.disconnect()
    return folder


@pytest.fixture
def desk_copy(sealed_desk, tmp_path, monkeypatch) -> Path:
    """A copy of the sealed desk, with its backups and heads file, as this test's own."""
    target = tmp_path / "copy"
    shutil.copytree(sealed_desk, target)
    monkeypatch.setenv("XDG_DATA_HOME", str(target / "xdg-data"))
    (kept,) = (target / "xdg-data" / "deskapp" / "backups").iterdir()  # named after the file's folder
    kept.rename(locate(target / "desk.sqlite3").backup_dir)
    return target / "desk.sqlite3"


def sql(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def check(path: Path, capsys, *extra: str) -> tuple[int, str]:
    capsys.readouterr()
    code = run(["--db", str(path), "check", *extra])
    return code, capsys.readouterr().out


def last_sealed(path: Path) -> tuple[int, str]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT id, hash FROM shift_log WHERE state = 'signed' ORDER BY id DESC"
        ).fetchone()
    finally:
        conn.close()


def test_the_untouched_desk_passes_and_its_printed_seal_matches(desk_copy, capsys):
    log_id, seal = last_sealed(desk_copy)
    code, out = check(desk_copy, capsys, "--seal", seal_code(log_id, seal).lower().replace("-", " "))
    assert code == 0, out
    assert f"Seal {seal_code(log_id, seal)}: matches handover {log_id}, signed 2026-11-25 15:00." in out
    assert out.rstrip().endswith(": OK")


def test_deleting_the_last_handover_is_caught(desk_copy, capsys):
    log_id, _seal = last_sealed(desk_copy)
    sql(
        desk_copy,
        f"DELETE FROM log_entry WHERE log_id = {log_id}",
        f"DELETE FROM handover_addendum WHERE log_id = {log_id}",
        f"DELETE FROM shift_log WHERE id = {log_id}",
    )
    code, out = check(desk_copy, capsys)
    assert code == 1
    assert f"Handover {log_id} was sealed (audit entry" in out and "and is now missing." in out


def test_unsigning_the_last_handover_to_edit_it_is_caught(desk_copy, capsys):
    log_id, seal = last_sealed(desk_copy)
    sql(
        desk_copy,
        "UPDATE shift_log SET state = 'counting', hash = '', signed_at = NULL, "
        f"notes = '交接正常,现金无误' WHERE id = {log_id}",
    )
    code, out = check(desk_copy, capsys, "--seal", seal_code(log_id, seal))
    assert code == 1
    assert f"Handover {log_id} was sealed (audit entry" in out and "and is no longer signed." in out
    assert f"Seal {seal_code(log_id, seal)}: there is no signed handover {log_id} here" in out


def test_deleting_an_addendum_is_caught(desk_copy, capsys):
    sql(desk_copy, "DELETE FROM handover_addendum")
    code, out = check(desk_copy, capsys)
    assert code == 1 and "addendum 1 (audit entry" in out and ") is missing." in out


def test_editing_an_audit_row_is_caught(desk_copy, capsys):
    sql(desk_copy, "UPDATE audit_entry SET source = 'system' WHERE id = 3")
    code, out = check(desk_copy, capsys)
    assert code == 1 and "Audit entry 3 was changed after it was written." in out


def test_deleting_an_audit_row_in_the_middle_is_caught(desk_copy, capsys):
    sql(desk_copy, "DELETE FROM audit_entry WHERE id = 5")
    code, out = check(desk_copy, capsys)
    assert code == 1 and "Audit entry 6: the entry before it was deleted or changed." in out


def test_cutting_both_chains_at_their_end_is_caught_by_the_heads_kept_outside(desk_copy, capsys):
    """The last handover and every audit entry from its sealing on are gone: the
    database agrees with itself, the backup and the heads file do not."""
    log_id, seal = last_sealed(desk_copy)
    conn = sqlite3.connect(desk_copy)
    (first_gone,) = conn.execute(
        f"SELECT min(id) FROM audit_entry WHERE action = 'handover.sign_outgoing' AND entity_id = '{log_id}'"
    ).fetchone()
    conn.close()
    sql(
        desk_copy,
        f"DELETE FROM log_entry WHERE log_id >= {log_id}",
        f"DELETE FROM handover_addendum WHERE log_id = {log_id}",
        f"DELETE FROM shift_log WHERE id >= {log_id}",
        f"DELETE FROM audit_entry WHERE id >= {first_gone}",
    )
    db.connect(desk_copy)
    assert seals.verify() == []  # nothing inside the file shows it
    db.disconnect()
    code, out = check(desk_copy, capsys, "--seal", seal_code(log_id, seal))
    assert code == 1
    assert "daily-20261125-160500.sqlite3: the audit trail then ended at entry" in out
    assert f"daily-20261125-160500.sqlite3: handover {log_id} was signed with seal" in out
    assert "chain-heads.txt line 4: the audit trail then ended at entry" in out
    assert f"Seal {seal_code(log_id, seal)}: there is no signed handover {log_id} here" in out


def forge(path: Path, notes: str) -> None:
    """Rewrite the first handover and re-seal everything after it with the app's
    own functions, audit trail included: what a forger with the code can do."""
    db.connect(path)
    try:
        ShiftLog.update(notes=notes).where(ShiftLog.id == 1).execute()
        prev = ""
        for log in ShiftLog.select().where(ShiftLog.state == "signed").order_by(ShiftLog.id):
            log.prev_hash = prev
            log.hash = seals.seal_of(log)
            log.save()
            for a in log.addenda:
                a.hash = addendum_hash(log.hash, a.staff_id, a.at, a.text)
                a.save()
            prev = log.hash
        seal_of = {log.id: log.hash for log in ShiftLog.select()}
        addenda = {a.id: a.hash for a in HandoverAddendum.select()}
        prev = ""
        for entry in AuditEntry.select().order_by(AuditEntry.id):
            after = json.loads(entry.after or "null")
            if entry.action == "handover.signed":
                entry.after = audit._dump({**after, "hash": seal_of[int(entry.entity_id)]})
            elif entry.action == "handover.addendum":
                entry.after = audit._dump({**after, "hash": addenda[after["addendum"]]})
            entry.prev_hash = prev
            entry.hash = audit.row_hash(entry)
            entry.save()
            prev = entry.hash
    finally:
        db.disconnect()


def test_a_forged_reseal_is_caught_by_the_backups_the_heads_file_and_the_printed_code(desk_copy, capsys):
    log_id, seal = last_sealed(desk_copy)
    forge(desk_copy, "交接正常(改写)")
    db.connect(desk_copy)
    assert seals.verify() == []  # the forger's own chain is consistent
    db.disconnect()
    code, out = check(desk_copy, capsys, "--seal", seal_code(log_id, seal))
    assert code == 1
    assert "daily-20261125-160500.sqlite3: the audit trail then ended at entry" in out
    assert "daily-20261125-160500.sqlite3: handover 1 was signed with seal" in out
    assert "chain-heads.txt line 1: handover 1 was signed with seal" in out
    assert f"Seal {seal_code(log_id, seal)}: handover {log_id} here carries another seal" in out


def test_what_a_forger_with_every_backup_and_the_heads_file_still_hides(desk_copy, capsys):
    """The limit, said in the README: remove every copy kept on the PC too and
    `check` agrees; only the seal code printed on paper then tells."""
    log_id, seal = last_sealed(desk_copy)
    forge(desk_copy, "交接正常(改写)")
    backup_dir = locate(desk_copy).backup_dir
    shutil.rmtree(backup_dir)
    assert check(desk_copy, capsys)[0] == 0
    code, out = check(desk_copy, capsys, "--seal", seal_code(log_id, seal))
    assert code == 1 and "carries another seal" in out


def test_a_restore_records_the_heads_it_leaves_behind(desk_copy, capsys):
    """Restoring an older backup is not tampering: the restore, with an
    administrator's PIN, records the heads it sets aside, and check passes."""
    loc = locate(desk_copy)
    older = loc.backup_dir / "older.sqlite3"
    shutil.copy(next(loc.backup_dir.glob("daily-*.sqlite3")), older)
    sql(
        older,
        "DELETE FROM log_entry WHERE log_id = 3",
        "DELETE FROM handover_addendum",
        "DELETE FROM shift_log WHERE id >= 3",
        "DELETE FROM audit_entry WHERE id >= (SELECT min(id) FROM audit_entry WHERE entity_id = '3' "
        "AND action LIKE 'handover.sign%')",
    )
    assert run(["--db", str(desk_copy), "restore", str(older), "--admin", "王芳"], "123456\n") == 0
    code, out = check(desk_copy, capsys)
    assert code == 0, out
    db.connect(desk_copy)
    entry = AuditEntry.select().where(AuditEntry.action == "desk.restore").get()
    set_aside = json.loads(entry.after)["set_aside"]
    assert len(set_aside["entries"]) >= 3 and [3, last_sealed(desk_copy)[1]] not in set_aside["seals"]
    db.disconnect()


def test_deleting_the_next_days_check_of_a_handover_is_caught(desk_copy, capsys):
    db.connect(desk_copy)

    handover_addenda.acknowledge(audit.Actor(2, "tui"), at("2026-11-26 08:30"), 3)
    db.disconnect()
    assert check(desk_copy, capsys)[0] == 0
    sql(desk_copy, "DELETE FROM handover_ack")
    code, out = check(desk_copy, capsys)
    assert code == 1 and "Handover 3: its check by the next day's staff (audit trail) is missing." in out


def test_an_addendum_has_its_own_printed_code(desk_copy, capsys):
    """The print shows the addendum with a code of its own: cutting the addendum and
    its heads line leaves the handover's code matching, not the addendum's."""
    db.connect(desk_copy)
    info = handover.get(3)
    text = handover_text.as_text(handover_policy(), at("2026-11-25 17:00"), info)
    (digest,) = seals.addendum_seals(3)
    db.disconnect()
    code3_1 = seal_code(3, digest, 1)
    assert f"Seal {code3_1}" in text and code3_1.startswith("3.1-")
    assert check(desk_copy, capsys, "--seal", code3_1)[0] == 0
    sql(
        desk_copy,
        "DELETE FROM handover_addendum",
        "DELETE FROM audit_entry WHERE id >= (SELECT id FROM audit_entry WHERE action = 'handover.addendum')",
    )
    shutil.rmtree(locate(desk_copy).backup_dir)
    code, out = check(desk_copy, capsys, "--seal", code3_1)
    assert code == 1 and f"Seal {code3_1}: there is no signed addendum 1 of handover 3 here" in out


def handover_policy():
    from deskapp import policy

    from conftest import POLICY

    return policy.load(defaults=POLICY)


def test_a_printed_code_of_a_handover_changed_since_says_so(desk_copy, capsys):
    log_id, seal = last_sealed(desk_copy)
    sql(desk_copy, f"UPDATE shift_log SET notes = '一切正常' WHERE id = {log_id}")
    code, out = check(desk_copy, capsys, "--seal", seal_code(log_id, seal))
    assert code == 1 and "matches" not in out
    assert f"handover {log_id} still carries this seal, but what it says no longer gives it" in out


def test_check_says_what_it_compared_with_and_an_edited_heads_file_shows(desk_copy, capsys):
    code, out = check(desk_copy, capsys)
    assert code == 0 and "Compared with 1 backup and 4 lines of chain-heads.txt." in out
    heads = locate(desk_copy).backup_dir / "chain-heads.txt"
    heads.write_text(heads.read_text().replace(" 3 ", " 3x ", 1))
    code, out = check(desk_copy, capsys)
    assert code == 1 and "chain-heads.txt line 3 is not a chain head: the file was edited." in out


def test_a_change_on_the_command_line_leaves_its_head_outside(desk_copy, capsys):
    """So the newest entries cannot be cut unseen once the command has ended."""
    add = ["--db", str(desk_copy), "staff", "add", "赵六", "--admin", "王芳"]
    assert run(add, "123456\n2468\n2468\n") == 0
    conn = sqlite3.connect(desk_copy)
    (last,) = conn.execute("SELECT max(id) FROM audit_entry").fetchone()
    conn.close()
    sql(desk_copy, f"DELETE FROM audit_entry WHERE id >= {last - 1}", "DELETE FROM staff WHERE name = '赵六'")
    code, out = check(desk_copy, capsys)
    assert code == 1 and "chain-heads.txt line 5: the audit trail then ended at entry" in out

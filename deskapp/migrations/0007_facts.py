"""Records store facts, not sentences (issue 16, docs/records.md):

- a complaint's timeline entries get `facts`, the codes the app records (a state
  change's from and to, a kind and its flags, an escalation's months); `text`
  keeps only what a person typed. Entries written by earlier versions as English
  or Chinese sentences are read back into codes; one that cannot be read keeps
  its text as it was, and `deskapp check` lists it;
- a medicine's unit is kept in both languages: `unit` becomes `unit_zh`, and
  `unit_en` is added (the shipped list's items get its English word, other items
  the usual word for their Chinese unit; any other unit is copied);
- the desk's own kit, made with a translated name and place, gets "" for both:
  the screens name it in their language;
- a batch taken out as expired with no reason typed keeps "" as its reason.

Frozen: the labels earlier versions wrote, as they were at this version.
"""

import json
import re

from peewee import CharField, TextField

STATES = {
    "received": ("received", "已受理"),
    "investigating": ("investigating", "调查中"),
    "resolved": ("resolved", "已处理"),
    "called_back": ("called back", "已回访"),
    "closed": ("closed", "已结案"),
}
KINDS = {
    "general": ("responsible: general", "责任投诉:一般"),
    "major": ("responsible: major", "责任投诉:重大"),
    "critical": ("responsible: critical", "责任投诉:特大"),
    "not_responsible": ("not responsible", "无责任投诉"),
    "assistance": ("assistance", "协助处理投诉"),
}
FLAGS = {"media_risk": ("media exposure risk", "媒体曝光风险"), "collective": ("collective", "集体投诉")}
ESCALATED = (
    re.compile(r"Not handled within (\d+) month\(s\): now major\."),
    re.compile(r"(\d+) 个月内未处理\(时效过长\):升级为重大投诉。"),
)
DESK_KIT = {"Desk kit", "服务台药箱"}
AT_THE_DESK = {"at the desk", "服务台"}
EXPIRED = {"expired", "已过期"}
# The shipped standard list's own words, for its items still counted in the same unit.
STANDARD_UNITS = {
    "A01": ("支", "swabs"), "A02": ("片", "pads"), "A03": ("片", "pcs"), "A04": ("块", "pads"),
    "A05": ("卷", "rolls"), "A06": ("卷", "rolls"), "A07": ("副", "pairs"), "A08": ("个", "pcs"),
    "A09": ("瓶", "bottles"), "A10": ("支", "tubes"), "B01": ("支", "vials"), "B02": ("支", "vials"),
}
UNITS_EN = {
    "支": "pcs", "片": "pcs", "块": "pcs", "个": "pcs", "只": "pcs", "条": "pcs", "根": "pcs", "枚": "pcs",
    "卷": "rolls", "副": "pairs", "对": "pairs", "双": "pairs", "瓶": "bottles", "盒": "boxes",
    "包": "packs", "袋": "bags", "贴": "patches", "粒": "tablets", "颗": "tablets", "张": "sheets",
    "套": "sets", "管": "tubes", "罐": "cans", "板": "strips", "台": "units",
}


def _code(label, table):
    for code, names in table.items():
        if label in names:
            return code
    return None


def state_facts(text):
    """'received → investigating: reason' (either language) -> (facts, reason), or None."""
    head, sep, reason = text.partition(": ")
    before, arrow, after = head.partition(" → ")
    if not arrow:
        return None
    old, new = _code(before, STATES), _code(after, STATES)
    if old is None or new is None:
        return None
    return {"from": old, "to": new}, reason


def kind_facts(text):
    kind, *flags = text.split(" · ")
    code = _code(kind, KINDS)
    found = [_code(flag, FLAGS) for flag in flags]
    if code is None or None in found:
        return None
    return {"kind": code, "media_risk": "media_risk" in found, "collective": "collective" in found}, ""


def escalated_facts(text):
    for pattern in ESCALATED:
        if m := pattern.fullmatch(text):
            return {"months": int(m.group(1))}, ""
    return None


READERS = {"state": state_facts, "kind": kind_facts, "escalated": escalated_facts}


def up(migrator, db):
    migrator.migrate(  # the runner holds one transaction around all of this
        migrator.add_column("complaint_event", "facts", TextField(default="")),
        migrator.rename_column("medicine", "unit", "unit_zh"),
        migrator.add_column("medicine", "unit_en", CharField(max_length=20, default="")),
    )
    p = db.param
    rows = db.execute_sql(
        "SELECT id, type, text FROM complaint_event WHERE type IN ('state', 'kind', 'escalated')"
    ).fetchall()
    for event_id, type_, text in rows:
        read = READERS[type_](text or "")
        if read is not None:  # otherwise kept as written; `deskapp check` lists it
            facts, typed = read
            db.execute_sql(
                f"UPDATE complaint_event SET facts = {p}, text = {p} WHERE id = {p}",
                (json.dumps(facts, sort_keys=True), typed, event_id),
            )
    for medicine_id, code, unit in db.execute_sql("SELECT id, code, unit_zh FROM medicine").fetchall():
        standard = STANDARD_UNITS.get(code, ("", ""))
        english = standard[1] if standard[0] == unit else UNITS_EN.get(unit, unit)
        db.execute_sql(f"UPDATE medicine SET unit_en = {p} WHERE id = {p}", (english, medicine_id))
    for kit_id, name, location in db.execute_sql("SELECT id, name, location FROM kit").fetchall():
        if name in DESK_KIT and not db.execute_sql("SELECT 1 FROM kit WHERE name = ''").fetchone():
            new_location = "" if location in AT_THE_DESK else location
            db.execute_sql(f"UPDATE kit SET name = '', location = {p} WHERE id = {p}", (new_location, kit_id))
    db.execute_sql(
        f"UPDATE kit_batch SET removed_reason = '' WHERE removed_reason IN ({p}, {p})", tuple(sorted(EXPIRED))
    )

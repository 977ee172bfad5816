"""Slips wrap at word boundaries (English) and by display width (CJK), at 32 and 48
columns, in both languages (docs/lending.md, "The slip"): every slip kind is checked
against the same slip on paper too wide to wrap anything."""

import itertools
import re
from dataclasses import replace
from datetime import datetime

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from deskapp import i18n
from deskapp.money import yuan
from deskapp.policy import Policy
from deskapp.services import (
    audit,
    handover,
    handover_addenda,
    handover_count,
    handover_signing,
    handover_text,
    kit,
    kit_restock,
    kit_stock,
    returns,
    slips,
)
from deskapp.services.slips import _Slip, cells, wrap

from helpers import add_admin, add_staff, at, lend

WIDTHS = (32, 48)
LANGS = ("en", "zh_CN")
FLAT = 1000  # paper on which nothing wraps
DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}|\d{2}-\d{2} \d{2}:\d{2}")
AMOUNT = re.compile(r"¥-?[\d,]+\.\d\d")


def _wide(ch: str) -> bool:
    """A CJK character, beside which a line may break (¥ takes two columns but is no such)."""
    return slips._wide(ch)


def _may_cut(word: str, k: int, width: int) -> bool:
    """Whether `word` may be cut before its k-th character: beside a CJK character, or
    inside a run without CJK that is longer than a line (a word that fits is never cut)."""
    if _wide(word[k - 1]) or _wide(word[k]):
        return True
    start, end = k, k
    while start > 0 and not _wide(word[start - 1]):
        start -= 1
    while end < len(word) and not _wide(word[end]):
        end += 1
    return cells(word[start:end]) > width


def assert_no_word_split(lines: list[str], original: str, width: int) -> None:
    """The words of `lines` are those of `original`, in order, none lost, added or
    merged; a word comes out in pieces only where _may_cut allows."""
    out = [token for line in lines for token in line.split()]
    i = 0
    for word in original.split():
        pieces: list[str] = []
        while "".join(pieces) != word:
            assert i < len(out) and word.startswith("".join(pieces) + out[i]), (
                f"{word!r} does not come out whole or in pieces, but as {out[i : i + 3]!r}"
            )
            pieces.append(out[i])
            i += 1
        cut = 0
        for piece in pieces[:-1]:
            cut += len(piece)
            assert _may_cut(word, cut, width), f"{word!r} was split as {pieces!r} at width {width}"
    assert i == len(out), f"more came out than went in: {out[i:]!r}"


def _content(text: str) -> list[str]:
    """A slip's lines without its rules and the blanks of its signature lines."""
    lines = [line.rstrip("_") for line in text.splitlines()]
    return [line for line in lines if not (line and set(line) <= {"-", "="})]


def sized(policy: Policy, width: int) -> Policy:
    """The policy with the slip printer `width` columns wide (FLAT is beyond the policy's choice)."""
    return replace(policy, slips=replace(policy.slips, width=width))


def _text(printout: slips.Printout | str) -> str:
    return printout if isinstance(printout, str) else printout.text()


def check(make, policy: Policy, width: int) -> str:
    """`make(policy)` at `width`, checked against the same slip on FLAT paper; returns it."""
    narrow, flat = (_text(make(sized(policy, w))) for w in (width, FLAT))
    for line in narrow.splitlines():
        assert cells(line) <= width, f"{line!r} is wider than {width}"
        assert line == line.rstrip()
    assert slips.NBSP not in narrow
    assert_no_word_split(_content(narrow), "\n".join(_content(flat)), width)
    assert DATE_TIME.findall(narrow) == DATE_TIME.findall(flat)  # each date with its time, on one line
    assert AMOUNT.findall(narrow) == AMOUNT.findall(flat)
    return narrow


layouts = pytest.mark.parametrize("width, lang", list(itertools.product(WIDTHS, LANGS)))


# -- the slips ------------------------------------------------------------------------


@layouts
def test_the_loan_slip_and_its_reprint(counter, width, lang):
    loan = lend(counter, "U01 S1 W1", "2026-11-01 10:00")
    i18n.set_language(lang)
    clock = at("2026-11-01 10:00")
    text = check(lambda p: slips.loan_slip(p, clock, loan.id), counter.policy, width)
    check(lambda p: slips.loan_slip(p, clock, loan.id, reprint=True), counter.policy, width)
    if lang == "en":
        words = "Keep this slip; bring the items back by the due time. Late returns are charged".split()
        assert all(word in text.split() for word in words)


@layouts
def test_the_return_slip_in_every_condition(counter, width, lang):
    """Intact and late, dirty, damaged with an assessed charge, lost; and an umbrella kept."""
    loan = lend(counter, "U01 S1 S2 W1", "2026-11-01 10:00")
    ids = {line.tag: line.id for line in returns.find_for_return(loan.slip_no).lines}
    returns.return_items(
        counter.actor,
        counter.policy,
        counter.policy.security,
        at("2026-11-03 10:00"),
        list(ids.values()),
        {ids["U01"]: "intact", ids["S1"]: "dirty", ids["S2"]: "damaged", ids["W1"]: "lost"},
        compensation={ids["S2"]: "480"},
        reason="轮子松动 wheel loose",
        lead="韩梅梅",
        lead_pin="654321",
    )
    kept = lend(counter, "U02", "2026-11-01 10:00", phone="13900139000")
    returns.close_kept(counter.policy, at("2026-11-29 00:00"))
    i18n.set_language(lang)
    clock = at("2026-11-29 10:00")
    for loan_id in (loan.id, kept.id):
        check(lambda p, i=loan_id: slips.return_slip(p, clock, i), counter.policy, width)
        check(lambda p, i=loan_id: slips.return_slip(p, clock, i, reprint=True), counter.policy, width)


NOTE = (
    "Customer called about the stroller S2 returned with a loose wheel; promised to call back "
    "before 2027-04-09 12:00 once engineering has looked at it. Reference "
    "WO-2026-11-24-000123-ENGINEERING-DEPARTMENT-REQUEST (longer than any line)."
)
NOTE_ZH = (
    "顾客来电询问婴儿车S2轮子松动一事，已答应在2027-04-09 12:00前回电；"
    "工程部（三楼）正在检查，押金¥1,045.00暂不退还。"
)


@pytest.fixture
def shift(counter):
    """The counter with 张伟 to take over, and a morning of long notes and promises."""
    from deskapp.models import Staff
    from deskapp.services.staff import _info

    add_staff(counter, _info(Staff.get(Staff.name == "王芳")), "张伟", "staff", "2468")
    d, morning = counter, at("2026-11-24 09:00")
    handover.write(d.actor, d.policy, morning, "note", NOTE)
    handover.write(d.actor, d.policy, morning, "note", NOTE_ZH)
    handover.write(d.actor, d.policy, morning, "event", "电梯故障,已报工程部 lift out of order", told=True)
    handover.write(
        d.actor,
        d.policy,
        morning,
        "promise",
        NOTE,
        promise_to="Mrs Catherine Wellington 13600136000",
        promise_due="2027-04-09 12:00",
    )
    handover.write(
        d.actor,
        d.policy,
        morning,
        "promise",
        NOTE_ZH,
        promise_to="刘女士 13600136000",
        promise_due="11-25 12:00",
    )
    handover.money(
        d.actor,
        d.policy,
        at("2026-11-24 11:00"),
        "photocopy_a4",
        qty="12",
        text="for the customer of 2027-04-09 12:00: WO-2026-11-24-000123-ENGINEERING-REQUEST",
    )
    handover.money(
        d.actor,
        d.policy,
        at("2026-11-24 11:30"),
        "",
        amount="1.45",
        direction="out",
        text="退还押金差额 refund of the deposit difference",
    )
    return d


@layouts
def test_the_handover_print_during_a_blind_count(shift, width, lang):
    log = handover_count.start(shift.actor, shift.policy, at("2026-11-24 15:00"))
    assert shift.policy.handover.blind_count
    i18n.set_language(lang)
    check(
        lambda p: handover_text.as_text(p, at("2026-11-24 15:01"), handover.get(log.id)), shift.policy, width
    )


@layouts
def test_the_handover_print_counted_signed_and_corrected(shift, width, lang):
    d = shift
    log = handover_count.start(d.actor, d.policy, at("2026-11-24 15:00"))
    counted = {kind: str(n) for kind, (n, _c) in log.items.items()}
    counted["umbrella"] = str(int(counted["umbrella"]) - 1)
    handover_count.save_counts(
        d.actor,
        at("2026-11-24 15:05"),
        log.id,
        yuan(log.cash_expected_fen - 50),
        NOTE_ZH,
        counted,
        "U05 went for repair (雨伞送修) on 2027-04-09 12:00",
        NOTE,
    )
    for role, name, pin in (
        ("outgoing", "李雷", "5678"),
        ("incoming", "张伟", "2468"),
        ("lead", "王芳", "123456"),
    ):
        handover_signing.sign(
            d.actor, d.policy, d.policy.security, at("2026-11-24 15:10"), log.id, role, name, pin
        )
    handover_addenda.addendum(
        d.actor, d.policy.security, at("2026-11-24 16:00"), log.id, NOTE, "李雷", "5678"
    )
    i18n.set_language(lang)
    text = check(
        lambda p: handover_text.as_text(p, at("2026-11-24 16:01"), handover.get(log.id)), d.policy, width
    )
    assert "2027-04-09 12:00" in text


@layouts
def test_the_restock_request(desk, width, lang):
    clerk = add_staff(desk, add_admin(desk), "李雷", "staff", "5678")
    actor = audit.Actor(clerk.id, "tui")
    kit.prepare(actor, desk.time.now())
    kit_id = kit.kits()[0].id
    for code, qty, expiry in (("A01", 15, "2026-12-10"), ("A03", 25, "2027-06"), ("A03", 4, "2026-12-01")):
        kit_stock.receive(
            actor,
            desk.policy,
            desk.policy.security,
            at("2026-11-24 09:00"),
            kit_id,
            code,
            str(qty),
            "",
            expiry,
            language=i18n.language(),
        )
    i18n.set_language(lang)
    clock = at("2026-11-24 10:00")
    check(
        lambda p: kit_restock.restock_text(p, clock, kit_restock.restock(p, clock), language=i18n.language()),
        desk.policy,
        width,
    )


# -- the wrapper itself -----------------------------------------------------------------


def test_the_defect_seen_on_the_customers_copy():
    text = (
        "Keep this slip; bring the items back by the due time. Late returns are charged per the desk's rules."
    )
    assert wrap(text, 32) == [
        "Keep this slip; bring the items",
        "back by the due time. Late",
        "returns are charged per the",
        "desk's rules.",
    ]


def test_a_date_and_time_move_whole_and_no_line_starts_with_a_space():
    assert wrap("to Mrs Wellington 13600136000, by 2027-04-09 12:00", 30) == [
        "to Mrs Wellington 13600136000,",
        "by 2027-04-09 12:00",
    ]
    assert wrap("amount due¥1,045.00 on 2027-04-09" + slips.NBSP + "12:00", 20) == [
        "amount due¥1,045.00",
        "on 2027-04-09 12:00",
    ]


def test_cjk_breaks_anywhere_but_keeps_punctuation_off_a_lines_start():
    lines = wrap("请保留此单，按时归还；逾期按服务台规定收取折旧费。", 16)
    assert lines == ["请保留此单，按时", "归还；逾期按服务", "台规定收取折旧", "费。"]
    assert wrap("一二三四五六七（八）", 16) == ["一二三四五六七", "（八）"]


def test_a_word_longer_than_a_line_is_cut_only_then():
    assert wrap("see WO-2026-11-24-000123-ENGINEERING now", 16) == [
        "see",
        "WO-2026-11-24-00",
        "0123-ENGINEERING",
        "now",
    ]


def test_a_pair_that_does_not_fit_puts_the_value_right_aligned_on_the_next_line():
    s = _Slip(32)
    s.pair("Umbrella U16", "due 2026-11-09 22:00")
    s.pair("B02 Shidishui (heatstroke drops) for the summer", "10 vials")
    s.pair("Slip no.", "L0000001")
    assert str(s).splitlines() == [
        "Umbrella U16",
        "            due 2026-11-09 22:00",
        "B02 Shidishui (heatstroke drops)",
        "for the summer          10 vials",
        "Slip no.                L0000001",
    ]


def test_an_indented_paragraph_keeps_its_indent_on_every_line():
    s = _Slip(32)
    s.text("to 周女士 13405058726, by 2026-12-02 18:00", indent=2)
    assert str(s).splitlines() == ["  to 周女士 13405058726, by", "  2026-12-02 18:00"]


WORDS = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzABC'-"), min_size=1, max_size=12)
LONG_WORDS = st.text(st.sampled_from("abcdefghij-"), min_size=30, max_size=70)
HAN = st.sampled_from("请保留此单按时归还逾期服务台规定收取折旧费押金雨伞婴儿车轮椅顾客")
CLOSING = st.sampled_from(["", "", "，", "。", "：", "；", "）"])
CJK = st.lists(st.tuples(HAN, CLOSING).map("".join), min_size=1, max_size=30).map("".join)
DATES = st.datetimes(min_value=datetime(2000, 1, 1)).map(lambda t: f"{t:%Y-%m-%d %H:%M}")
AMOUNTS = st.integers(0, 10**9).map(lambda fen: f"¥{fen // 100:,}.{fen % 100:02d}")
SLIP_NOS = st.integers(1, 9_999_999).map(lambda n: f"L{n:07d}")
MIXED = st.tuples(CJK, st.one_of(AMOUNTS, SLIP_NOS, WORDS), CJK).map("".join)  # no space: 付¥20.00元
TEXTS = st.lists(st.one_of(WORDS, WORDS, LONG_WORDS, CJK, DATES, AMOUNTS, SLIP_NOS, MIXED), max_size=40).map(
    " ".join
)


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, width=st.one_of(st.sampled_from(WIDTHS), st.integers(10, 80)))
@example(text="¥10,000.00", width=10)  # ¥ counts two columns: the amount is longer than the line
def test_any_mix_of_english_cjk_and_dates_wraps_within_the_width(text, width):
    lines = wrap(text, width)
    assert all(cells(line) <= width for line in lines)
    assert all(line == line.strip() and slips.NBSP not in line for line in lines)
    assert_no_word_split(lines, text, width)
    joined = "\n".join(lines)
    if width >= 16:  # a date and its time fit on a line
        assert DATE_TIME.findall(joined) == DATE_TIME.findall(text)
    assert not any(line[0] in "，。：；）" for line in lines if line)  # kinsoku

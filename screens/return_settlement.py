"""What the Return screen's settlement box shows (docs/counter.md, "Return"): the loan,
the keys for the picked item's condition, one row per item and the whole return in one
line. Worked out from the loaded case and its preview, with no database, so it redraws
on every key."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from deskapp import i18n
from deskapp.desk import Desk
from deskapp.i18n import _
from deskapp.money import yuan
from deskapp.rules.lending import CONDITIONS, ReturnPreview
from deskapp.screens.base import warned
from deskapp.screens.fit import Col, fit_table
from deskapp.screens.plain import visible
from deskapp.services.privacy import shown
from deskapp.services.returns import ReturnCase
from deskapp.services.settlement import CONDITION_LABELS
from deskapp.services.stock import label


def settlement_shown(
    desk: Desk, case: ReturnCase, preview: ReturnPreview, row: int, conditions: dict[int, str], width: int
) -> Group:
    """The settlement box for `case`, the item at `row` picked, in `width` cells."""
    parts: list[RenderableType] = [
        _head(desk, case),
        _choices(case, row, conditions[case.lines[row].id]),
        _items(desk, case, preview, row, width),
        _total(case, preview),
    ]
    if preview.needs_approval:
        parts.append(warned(_("Lower than the default charge: a reason and a shift lead's PIN.")))
    return Group(*parts)


def _head(desk: Desk, case: ReturnCase) -> Text:
    """The slip, the borrower and when the loan was lent."""
    mask = desk.policy.privacy.mask
    head = Text()
    head.append(f"{case.slip_no}  ", style="bold")
    head.append(f"{visible(shown(case.borrower, mask))}  {shown(case.phone, mask)}  ")
    head.append(_("lent {when}").format(when=f"{desk.time.local(case.lent_at):%Y-%m-%d %H:%M}"), style="dim")
    return head


def _choices(case: ReturnCase, row: int, chosen: str) -> Text:
    """The keys 1-4 for the picked item's condition, the chosen one lit."""
    choices = Text(_("Condition of {tag}").format(tag=case.lines[row].tag) + i18n.colon())
    for n, c in enumerate(CONDITIONS, 1):
        style = "reverse bold" if c == chosen else ""
        choices.append(f" {n} {_(CONDITION_LABELS[c])} ", style=style)
        choices.append(" ")
    if len(case.lines) > 1:
        choices.append(_("↑↓ item"), style="dim")
    return choices


def _items(desk: Desk, case: ReturnCase, preview: ReturnPreview, row: int, width: int) -> RenderableType:
    """One row per item, in the paper form's words: 折旧费 + 没收押金 or 作价赔偿 = the charge
    (docs/lending.md, "Settlement")."""
    several = len(case.lines) > 1
    rows = []
    for n, (line, s) in enumerate(zip(case.lines, preview.settlements, strict=True)):
        mark = "▶" if several and n == row else " " if several else ""
        assessed = s.compensation_fen is not None
        rows.append(
            (
                f"{mark}{line.tag} {label(desk.policy, line.kind)}",
                _(CONDITION_LABELS[s.condition]),
                f"{desk.time.local(line.due_at):%m-%d %H:%M}",
                str(s.days_late),
                yuan(s.fee_fen) if s.fee_fen else "",
                yuan(s.condition_fen) if s.condition_fen and not assessed else "",
                yuan(s.condition_fen) if assessed else "",
                Text(yuan(s.charge_fen), style="bold"),
            )
        )
    # Narrow: the due time goes first, then the days late; money is never cut (screens/fit.py).
    return fit_table(
        (
            Col(_("Tag"), least=8),
            Col(_("Condition")),
            Col(_("Due"), 3),
            Col(_("Late"), 2, right=True),
            Col(_("Fee"), right=True),
            Col(_("Forfeit"), right=True),
            Col(_("Assessed"), right=True),
            Col(_("Total"), right=True),
        ),
        rows,
        width,
    )


def _total(case: ReturnCase, preview: ReturnPreview) -> Text:
    """The whole return in one line: each item settles on its own and the counter nets
    them (docs/lending.md, "Settlement" rule 4)."""
    said = _("Deposit ¥{deposit}, charged ¥{charge}:").format(
        deposit=yuan(case.deposit_fen), charge=yuan(preview.charge_fen)
    )
    total = Text(said if said.endswith("：") else said + " ")  # a full-width colon has its space
    if preview.net_fen >= 0:
        total.append(_("Give back ¥{amount}").format(amount=yuan(preview.net_fen)), style="bold")
    else:
        total.append_text(warned(_("Customer pays ¥{amount}").format(amount=yuan(-preview.net_fen))))
    if preview.refund_fen and preview.owed_fen:
        total.append(
            "  "
            + _("(¥{back} back, ¥{owed} owed)").format(
                back=yuan(preview.refund_fen), owed=yuan(preview.owed_fen)
            ),
            style="dim",
        )
    return total

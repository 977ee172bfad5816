"""The two-copy slip (一式两份; docs/lending.md, "The slip"), as lines for a
receipt printer of the policy's width (32 columns for 58 mm, 48 for 80 mm), with
the slip number's barcode under the header (docs/printing.md).

A slip is always rebuilt from the records, so a reprint is the same slip. Sending
it to the printer is services/printer.py's work.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from deskapp.clock import DeskTime
from deskapp.errors import DeskError
from deskapp.i18n import N_, _
from deskapp.money import yuan
from deskapp.policy import Policy
from deskapp.rules.lending import charge_parts
from deskapp.services import loan_lists
from deskapp.services.privacy import shown
from deskapp.services.settlement import CHARGE_PARTS, CONDITION_LABELS
from deskapp.services.stock import label
from deskapp.services.text import visible

YEN = "¥"  # a Chinese printer prints it full-width, as ￥ (docs/printing.md, "What is printed")


def cells(text: str) -> int:
    """Columns the text takes on a receipt printer: CJK characters and ¥ take two."""
    return sum(2 if _wide(ch) or ch == YEN else 1 for ch in text)


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


# -- wrapping (one place for every slip: loan, return, handover, restock) --------------
NBSP = "\u00a0"  # joins what must stay on one line; printed as a space
_BREAK = re.compile(r"[^\S\u00a0\u2007\u202f]+")  # the spaces a line may break at
_DATE_TIME = re.compile(r"(\d{2}-\d{2}) (\d{2}:\d{2})")  # "2027-04-09 12:00", "11-24 08:30"
NO_START = frozenset("，。、：；！？）」』》〉】”’…,.:;!?)]}%")  # never first on a line (kinsoku)
NO_END = frozenset("（「『《〈【“‘([{")  # never last on a line


def wrap(text: str, width: int) -> list[str]:
    """`text` as lines of at most `width` cells. A line breaks at a space, or between
    two characters of which one is CJK (punctuation kept with its word); a word, date
    and time, slip number or amount moves whole to the next line, and is cut only
    when it is longer than a line. Lines have no spaces at either end."""
    lines: list[str] = []
    # A hidden character is shown as its code (docs/trust.md), so it is measured as shown.
    for paragraph in visible(text).split("\n"):
        lines.extend(_fill(_DATE_TIME.sub(r"\1" + NBSP + r"\2", paragraph), width))
    return [line.replace(NBSP, " ").strip() for line in lines]


def _fill(text: str, width: int) -> list[str]:
    """Greedy filling, piece by piece (see _pieces); a space only between words."""
    lines, line = [], ""
    for word in _BREAK.split(text.strip()):
        for i, piece in enumerate(_pieces(word)):
            glue = " " if i == 0 and line else ""
            if cells(line + glue + piece) <= width:
                line += glue + piece
                continue
            if line:
                lines.append(line)
            if cells(piece) <= width:
                line = piece
            else:  # longer than any line: only now is it cut (at a no-break space if it has one)
                *full, line = _fill(piece.replace(NBSP, " "), width) if NBSP in piece else _cut(piece, width)
                lines.extend(full)
    return [*lines, line]


def _pieces(word: str) -> list[str]:
    """A word cut where a line may break inside it: beside a CJK character, but not
    before closing punctuation (，。)) nor after opening punctuation (（)."""
    pieces = [word[:1]]
    for a, b in zip(word, word[1:], strict=False):
        if (_wide(a) or _wide(b)) and b not in NO_START and a not in NO_END:
            pieces.append(b)
        else:
            pieces[-1] += b
    return pieces


def _cut(piece: str, width: int) -> list[str]:
    parts, part = [], ""
    for ch in piece:
        if part and cells(part + ch) > width:
            parts.append(part)
            part = ""
        part += ch
    return [*parts, part]


@dataclass(frozen=True)
class Code:
    """Where the printer draws a barcode of `payload` (a slip number, a tag); `caption`
    prints the payload under it (a tag label)."""

    payload: str
    caption: bool = False

    def stand_in(self, width: int) -> str:
        """The line that takes its place in the text: the payload between stars, as
        a barcode's human-readable line is written."""
        line = f"*{self.payload}*"
        return " " * max(0, (width - cells(line)) // 2) + line


Line = str | Code


@dataclass(frozen=True)
class Printout:
    """What goes to the printer: `copies`, each cut off after it where the printer
    cuts; every text line at most `width` cells."""

    width: int
    copies: tuple[tuple[Line, ...], ...]

    @classmethod
    def of_text(cls, width: int, text: str) -> Printout:
        return cls(width, (tuple(text.rstrip("\n").split("\n")),))

    def text(self) -> str:
        """The plain text of every copy: what the screen shows and a file keeps."""
        return "\n\n".join(
            "\n".join(line.stand_in(self.width) if isinstance(line, Code) else line.rstrip() for line in copy)
            + "\n"
            for copy in self.copies
        )


class _Slip:
    """A slip's lines, every one at most `width` cells (wrapped by `wrap`)."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.lines: list[Line] = []

    def code(self, payload: str) -> None:
        self.lines.append(Code(payload))

    def rule(self, ch: str = "-") -> None:
        self.lines.append(ch * self.width)

    def center(self, text: str) -> None:
        for line in wrap(text, self.width):
            self.lines.append(" " * ((self.width - cells(line)) // 2) + line)

    def pair(self, key: str, value: str) -> None:
        """'key   value', the value right-aligned beside the key's last line when it
        fits there, else right-aligned on the next line; neither is ever cut."""
        *head, last = wrap(key, self.width)
        self.lines.extend(head)
        gap = self.width - cells(last) - cells(value)
        if gap >= 1 or not value:
            self.lines.append(last + " " * max(gap, 0) + value)
            return
        self.lines.append(last)
        self.lines.extend(" " * (self.width - cells(part)) + part for part in wrap(value, self.width))

    def text(self, text: str, indent: int = 0) -> None:
        """A paragraph, wrapped; `indent` spaces before each of its lines."""
        self.lines.extend(" " * indent + line for line in wrap(text, self.width - indent))

    def sign(self, label_text: str) -> None:
        self.lines.append("")
        self.lines.append(label_text + "_" * max(4, self.width - cells(label_text)))

    def copy(self) -> tuple[Line, ...]:
        return tuple(line.rstrip() if isinstance(line, str) else line for line in self.lines)

    def __str__(self) -> str:
        return Printout(self.width, (self.copy(),)).text()


COPIES = ((True, N_("Customer copy")), (False, N_("Desk copy")))  # translated where printed


def _head(
    policy: Policy,
    clock: DeskTime,
    loan: loan_lists.LoanDetail,
    title: str,
    copy: str,
    customer: bool,
    reprint: bool,
) -> _Slip:
    """The top of either slip: the desk, what it is, which copy, and the borrower
    (the phone masked on the customer's copy, which may be lost)."""
    s = _Slip(policy.slips.width)
    s.center(policy.desk.name)
    s.center(title)
    s.center(_(copy) + (" · " + _("REPRINT") if reprint else ""))
    s.rule("=")
    s.code(loan.slip_no)  # scanned at F3 Return (docs/printing.md)
    s.pair(_("Slip no."), loan.slip_no)
    s.pair(_("Borrower"), shown(loan.borrower, policy.privacy.mask) if customer else loan.borrower)
    s.pair(_("Phone"), shown(loan.phone, policy.privacy.mask) if customer else loan.phone)
    s.pair(_("Borrowed"), clock.show(loan.lent_at))
    return s


def loan_slip(policy: Policy, clock: DeskTime, loan_id: int, reprint: bool = False) -> Printout:
    """Both copies of the loan slip: the customer's and the desk's."""
    loan = loan_lists.detail(loan_id)
    parts = []
    for customer, copy in COPIES:
        s = _head(policy, clock, loan, _("Loan slip"), copy, customer, reprint)
        s.rule()
        for line in loan.lines:
            s.pair(
                f"{label(policy, line.kind)} {line.tag}", _("due {time}").format(time=clock.show(line.due_at))
            )
        s.rule()
        s.pair(_("Deposit received"), f"¥{yuan(loan.deposit_fen)}")
        s.pair(_("Handled by"), loan.lent_by)
        if not customer:
            s.sign(_("Borrower signature: "))
        else:
            s.text(
                _(
                    "Keep this slip; bring the items back by the due time. "
                    "Late returns are charged per the desk's rules."
                )
            )
        s.rule("=")
        parts.append(s.copy())
    return Printout(policy.slips.width, tuple(parts))


def return_slip(policy: Policy, clock: DeskTime, loan_id: int, reprint: bool = False) -> Printout:
    """Both copies of the return slip: every item of the loan that is settled."""
    loan = loan_lists.detail(loan_id)
    closed = [line for line in loan.lines if line.state != "out"]
    if not closed:
        raise DeskError(_("Nothing on slip {slip} has been returned yet.").format(slip=loan.slip_no))
    parts = []
    for customer, copy in COPIES:
        s = _head(policy, clock, loan, _("Return slip"), copy, customer, reprint)
        refund = owed = 0
        for line in closed:
            s.rule()
            s.pair(f"{label(policy, line.kind)} {line.tag}", clock.show(line.closed_at))
            if line.state == "kept":
                s.text(_("Not returned: the deposit is kept and the item is the customer's."))
            else:
                assert line.condition is not None, "a returned item has the condition it came back in"
                s.pair(_("Condition"), _(CONDITION_LABELS[line.condition]))
            s.pair(_("Days late"), str(line.days_late or 0))
            for part, fen in charge_parts(line.fee_fen, line.charge_fen, line.compensation_fen):
                s.pair(_(CHARGE_PARTS[part]), f"¥{yuan(fen)}")
            s.pair(_("Total charged"), f"¥{yuan(line.charge_fen or 0)}")
            s.pair(_("Deposit"), f"¥{yuan(line.deposit_fen)}")
            refund += line.refund_fen or 0
            owed += line.owed_fen or 0
            if line.closed_by:
                s.pair(_("Handled by"), line.closed_by)
        s.rule()
        s.pair(_("Deposit refunded"), f"¥{yuan(refund)}")
        if owed:
            s.pair(_("Paid beyond the deposit"), f"¥{yuan(owed)}")
        if refund and owed:  # each item settles on its own; the counter nets them
            s.pair(
                _("Customer paid, net") if owed > refund else _("Given back, net"),
                f"¥{yuan(abs(refund - owed))}",
            )
        if not customer:
            s.text(_("I confirm the refund and have taken back my deposit."))
            s.sign(_("Customer signature: "))
        s.rule("=")
        parts.append(s.copy())
    return Printout(policy.slips.width, tuple(parts))

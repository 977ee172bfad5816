"""One loan in full: the borrower's phone and ID unmasked (only here, for the
signed-in staff member), every item and its settlement, and the slips to reprint."""

from __future__ import annotations

from datetime import datetime

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from deskapp.i18n import N_, _
from deskapp.money import yuan
from deskapp.rules.lending import charge_parts
from deskapp.screens.base import DeskModal, db_work
from deskapp.screens.fit import Col, fit_table
from deskapp.screens.footer import DeskFooter
from deskapp.screens.lend import slip_screen
from deskapp.screens.plain import Plain
from deskapp.screens.plain_table import PlainTable
from deskapp.services import loan_lists
from deskapp.services.loan_lists import LineDetail, LoanDetail
from deskapp.services.settlement import CHARGE_PARTS, CONDITION_LABELS
from deskapp.services.stock import label


def item_columns() -> tuple[Col, ...]:
    return (
        Col(_("Item"), least=10, fold=True),
        Col(_("Due")),
        Col(_("State"), least=8, fold=True),
        Col(_("Back"), 2),
        Col(_("Late"), 3, right=True),
        Col(_("Charge"), right=True),
        Col(_("Refund"), right=True),
        Col(_("Owed"), right=True),
    )


class LoanDetailScreen(DeskModal[None]):
    CSS_PATH = "loan_detail.tcss"
    BINDINGS = [
        Binding("p", "reprint(False)", N_("Reprint loan slip"), id="loan.reprint"),
        Binding("r", "reprint(True)", N_("Reprint return slip"), id="loan.reprint_return"),
        Binding("escape", "dismiss", N_("Close"), id="loan.close"),
    ]

    class Loaded(Message):
        def __init__(self, loan: LoanDetail) -> None:
            super().__init__()
            self.loan = loan

    def __init__(self, loan_id: int) -> None:
        super().__init__()
        self.loan_id = loan_id
        self.loan: LoanDetail | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="loan-box") as box:
            box.border_title = _("Loan")
            yield Plain(_("Loading…"), id="loan-text")
        yield DeskFooter()

    def on_mount(self) -> None:
        self.load()

    @db_work
    def load(self) -> None:
        self.post_message(self.Loaded(loan_lists.detail(self.loan_id)))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reprint":
            if self.loan is None:
                return False
            if parameters and parameters[0]:  # a return slip once something came back
                return any(line.state != "out" for line in self.loan.lines)
        return True

    def on_loan_detail_screen_loaded(self, message: Loaded) -> None:
        self.loan = message.loan
        self.show_loan()

    def on_resize(self) -> None:
        if self.loan is not None:
            self.show_loan()

    def show_loan(self) -> None:
        loan = self.loan
        assert loan is not None
        self.query_one("#loan-box").border_title = _("Loan {slip}").format(slip=loan.slip_no)
        rows = [self._item_row(line) for line in loan.lines]
        notes = [note for line in loan.lines for note in _notes(line)]
        # Money and times are never cut: the item and its state fold onto a second line;
        # on a narrow screen the days late go first (screens/fit.py).
        items = fit_table(item_columns(), rows, self.query_one("#loan-text").content_region.width)
        shown: list[RenderableType] = [self._head(loan), Text(""), items]
        if notes:
            shown += [Text(""), Text("\n".join(notes), style="dim")]
        self.query_one("#loan-text", Static).update(Group(*shown))
        self.refresh_bindings()

    def _head(self, loan: LoanDetail) -> PlainTable:
        """The borrower, when and by whom it was lent, the deposit and the note."""
        show = self.desk_app.desk.time.show
        head = PlainTable(box=None, show_header=False, padding=(0, 2, 0, 0))
        head.add_column(style="bold", no_wrap=True)
        head.add_column(overflow="fold")  # the loan in full: a long name folds, never ends in …
        head.add_row(_("Borrower"), loan.borrower)
        head.add_row(_("Phone"), loan.phone)
        head.add_row(_("ID"), loan.id_number or "—")
        head.add_row(_("Lent"), f"{show(loan.lent_at)} · {loan.lent_by}")
        head.add_row(_("Deposit"), f"¥{yuan(loan.deposit_fen)}")
        if loan.note:
            head.add_row(_("Note"), loan.note)
        return head

    def _item_row(self, line: LineDetail) -> tuple[str, ...]:
        """One item: its due time, its state (overdue in words, as in the list: docs/counter.md,
        "Without colour") and, once settled, its figures."""
        desk = self.desk_app.desk

        def short(moment: datetime) -> str:
            return f"{desk.time.local(moment):%m-%d %H:%M}"

        late = line.state == "out" and line.due_at < desk.time.now()
        state = _("Overdue") if late else _(loan_lists.STATE_LABELS[line.state])
        if line.condition:
            state += f" · {_(CONDITION_LABELS[line.condition])}"
        return (
            f"{line.tag} {label(desk.policy, line.kind)}",
            short(line.due_at),
            state,
            short(line.closed_at) if line.closed_at else "",
            str(line.days_late) if line.days_late is not None else "",
            yuan(line.charge_fen) if line.charge_fen is not None else "",
            yuan(line.refund_fen) if line.refund_fen is not None else "",
            yuan(line.owed_fen) if line.owed_fen else "",
        )

    def action_reprint(self, returned: bool) -> None:
        if self.loan is not None:
            self.app.push_screen(
                slip_screen(
                    self.desk_app.desk, self.loan.id, self.loan.slip_no, returned=returned, reprint=True
                )
            )


def _notes(line: LineDetail) -> list[str]:
    """Under the items: who settled each, the parts of its charge, and a lower charge's approval."""
    notes = []
    if line.closed_by:
        notes.append(_("{tag}: settled by {name}").format(tag=line.tag, name=line.closed_by))
    if line.charge_fen:
        parts = charge_parts(line.fee_fen, line.charge_fen, line.compensation_fen)
        notes.append(
            f"{line.tag}: "
            + " + ".join(f"{_(CHARGE_PARTS[part])} ¥{yuan(fen)}" for part, fen in parts if fen)
        )
    if line.reduction_reason:
        notes.append(
            _("{tag}: lower charge approved by {lead}: {reason}").format(
                tag=line.tag, lead=line.approved_by or "?", reason=line.reduction_reason
            )
        )
    return notes

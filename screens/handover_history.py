"""Past handovers (F5, y), newest first: Enter shows and prints one, a adds a signed
addendum (docs/handover.md)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input

from deskapp.i18n import N_, _
from deskapp.money import yuan
from deskapp.screens.base import DeskHeader
from deskapp.screens.fit import Col, FitTable
from deskapp.screens.footer import DeskFooter
from deskapp.screens.handover_sign import flagged, kept_outside, print_handover
from deskapp.screens.lists import PagedList
from deskapp.screens.plain import Plain
from deskapp.screens.steps import Ask, StepForm
from deskapp.services import handover, handover_addenda, handover_history
from deskapp.services.handover import STATES, LogInfo
from deskapp.services.handover_history import HistoryPage


class HandoverHistoryScreen(PagedList):
    """Past handovers, newest first; Enter shows and prints one, a adds a signed addendum."""

    BINDINGS = [
        Binding("a", "addendum", N_("Addendum"), tooltip=N_("A signed correction"), id="handovers.addendum"),
        Binding("escape", "back", N_("Back"), id="handovers.back"),
    ]
    VIEWS = {"all": N_("Past handovers")}
    OPEN_HINT = N_("Enter: show and print")

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, LogInfo] = {}

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with Horizontal(classes="list-bar"):
            yield Plain(id="views")
            yield Input(id="search", compact=True, disabled=True)
        # A shift's name may be its dates: never cut; when it opened goes first (screens/fit.py).
        yield FitTable(
            Col(_("Shift")),
            Col(_("From"), 5),
            Col(_("Handed over")),
            Col(_("State")),
            Col(_("Cash"), 2),
            Col(_("Outgoing"), 3, least=6),
            Col(_("Incoming"), 3, least=6),
            Col(_("Shift lead"), 4, least=6),
            id="handovers",
            cursor_type="row",
            zebra_stripes=True,
            classes="list-table",
        )
        yield Plain(id="list-status", classes="hint")
        yield DeskFooter()

    def fetch(self, view: str, text: str, offset: int, limit: int) -> HistoryPage:
        return handover_history.history(offset, limit)

    def add_rows(self, table: DataTable, rows: list[LogInfo]) -> None:
        desk = self.desk_app.desk
        show = desk.time.show
        for i in rows:
            self.rows[str(i.id)] = i
            diff = i.cash_difference_fen
            counted = f"¥{yuan(i.cash_counted_fen)}" if i.cash_counted_fen is not None else ""
            cash = flagged(counted, bool(diff))
            table.add_row(
                handover.log_name(desk.policy, desk.time, i),
                show(i.opened_at),
                show(i.started_at),
                _(STATES[i.state]) + (f" +{len(i.addenda)}" if i.addenda else ""),
                cash,
                i.outgoing or "",
                i.incoming or "",
                i.lead or "",
                key=str(i.id),
            )

    def _current(self) -> LogInfo | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return self.rows.get(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or "")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        info = self.rows.get(event.row_key.value or "")
        if info is not None:
            print_handover(self.app, self.desk_app.desk, info)

    def action_addendum(self) -> None:
        info = self._current()
        if info is None:
            return
        desk, actor = self.desk_app.desk, self.desk_app.actor
        asks = [
            Ask("text", _("Correction"), "long"),
            Ask("signer", _("Name"), max_length=40),
            Ask("signer_pin", _("PIN"), "pin", max_length=desk.policy.security.pin_max_length),
        ]
        self.app.push_screen(
            StepForm(
                _("Addendum"),
                asks,
                lambda a: kept_outside(
                    desk,
                    handover_addenda.addendum(
                        actor,
                        desk.policy.security,
                        desk.time,
                        info.id,
                        a["text"],
                        a["signer"],
                        a["signer_pin"],
                    ),
                ),
                hint=_("A signed handover does not change; a correction is added and signed."),
            ),
            lambda _r: self.reload(),
        )

    def action_back(self) -> None:
        self.app.pop_screen()

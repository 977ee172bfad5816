"""The stock-take (盘点): the items counted against the records."""

from __future__ import annotations

from functools import partial

from textual.app import ComposeResult
from textual.widgets import Input

from deskapp import i18n
from deskapp.i18n import N_, _
from deskapp.screens.form import Field
from deskapp.screens.plain import Plain
from deskapp.screens.stock_forms import StockForm
from deskapp.services import stock
from deskapp.services.stock import StockTakeInfo, label


class StockTakeForm(StockForm):
    """Count what is on the rack and behind the desk; the program compares."""

    TITLE_TEXT = N_("Stock-take")

    def __init__(self, kinds: list[str]) -> None:
        super().__init__()
        self.FIELDS = (*(f"count_{k}" for k in kinds), "note")

    def fields(self) -> ComposeResult:
        policy = self.desk_app.desk.policy
        yield Plain(_("Count the items on hand (not those out on loan or in repair)."), classes="hint")
        for kind in policy.kinds:
            yield Field(
                label(policy, kind), Input(max_length=4, restrict=r"[0-9０-９]*"), field_id=f"count_{kind}"
            )
        yield Field(_("Note"), Input(max_length=stock.NOTE_MAX), field_id="note")

    def action_save(self) -> None:
        policy = self.desk_app.desk.policy
        counted = {k: self.value(f"count_{k}") for k in policy.kinds}
        self.submit(
            partial(stock.record_stock_take, self.actor, policy, counted, self.value("note"), self.now())
        )

    def saved(self, result: StockTakeInfo) -> None:
        off = [line for line in result.lines if line.difference]
        if off:
            policy = self.desk_app.desk.policy
            self.notify(
                _("Stock-take saved. Differences: {list}").format(
                    list=i18n.join(f"{label(policy, line.kind)} {line.difference:+d}" for line in off)
                ),
                severity="warning",
                timeout=10,
            )
        else:
            self.notify(_("Stock-take saved: everything is where it should be."))
        self.dismiss(result)

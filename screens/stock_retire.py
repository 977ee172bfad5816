"""Retire one item of the stock, with the reason (Ctrl+T Stock, then x)."""

from __future__ import annotations

from functools import partial

from textual.app import ComposeResult
from textual.widgets import Input

from deskapp.i18n import N_, _
from deskapp.screens.form import Field
from deskapp.screens.plain import Plain
from deskapp.screens.stock_forms import StockForm
from deskapp.services import stock
from deskapp.services.stock import ItemInfo, label


class RetireItemForm(StockForm):
    TITLE_TEXT = N_("Retire item")
    FIELDS = ("note",)

    def __init__(self, item: ItemInfo) -> None:
        super().__init__()
        self.item = item

    def fields(self) -> ComposeResult:
        item = self.item
        yield Plain(
            _("{tag} ({kind}) leaves stock for good; its past loans stay on record.").format(
                tag=item.tag, kind=label(self.desk_app.desk.policy, item.kind)
            ),
            classes="hint",
        )
        yield Field(_("Reason"), Input(max_length=stock.NOTE_MAX), field_id="note")

    def action_save(self) -> None:
        self.submit(partial(stock.retire_item, self.actor, self.item.id, self.value("note"), self.now()))

"""Edit one item of the stock: its status and note (Ctrl+T Stock, then e)."""

from __future__ import annotations

from functools import partial

from textual.app import ComposeResult
from textual.widgets import Input, Select

from deskapp.i18n import N_, _
from deskapp.screens.form import Field
from deskapp.screens.plain import Plain
from deskapp.screens.plain_table import PlainSelect
from deskapp.screens.stock_forms import StockForm
from deskapp.services import stock
from deskapp.services.stock import EDITABLE_STATUSES, STATUS_LABELS, ItemInfo, label


class EditItemForm(StockForm):
    TITLE_TEXT = N_("Edit item")
    FIELDS = ("status", "note")

    def __init__(self, item: ItemInfo) -> None:
        super().__init__()
        self.item = item

    def fields(self) -> ComposeResult:
        item = self.item
        yield Plain(f"{item.tag} · {label(self.desk_app.desk.policy, item.kind)}", classes="hint")
        choices = EDITABLE_STATUSES if item.status in EDITABLE_STATUSES else (item.status,)
        yield Field(
            _("Status"),
            PlainSelect(
                [(_(STATUS_LABELS[s]), s) for s in choices],
                allow_blank=False,
                value=item.status,
                compact=True,
            ),
            field_id="status",
        )
        yield Field(_("Note"), Input(value=item.note, max_length=stock.NOTE_MAX), field_id="note")

    def action_save(self) -> None:
        status = str(self.query_one("#status", Select).value)
        self.submit(
            partial(stock.edit_item, self.actor, self.item.id, status, self.value("note"), self.now())
        )

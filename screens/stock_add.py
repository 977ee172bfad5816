"""Add items to the stock: a kind and a range or list of tags (Ctrl+T Stock, then a)."""

from __future__ import annotations

from functools import partial

from textual.app import ComposeResult
from textual.widgets import Input, Select

from deskapp.i18n import N_, _, ngettext
from deskapp.screens.form import Field
from deskapp.screens.plain import Plain
from deskapp.screens.plain_table import PlainSelect
from deskapp.screens.stock_forms import StockForm
from deskapp.services import stock
from deskapp.services.stock import ItemInfo, label


class AddItemsForm(StockForm):
    TITLE_TEXT = N_("Add items")
    FIELDS = ("kind", "tags", "note")

    def fields(self) -> ComposeResult:
        policy = self.desk_app.desk.policy
        kinds = PlainSelect(
            [(label(policy, k), k) for k in policy.kinds],
            allow_blank=False,
            value=next(iter(policy.kinds)),
            compact=True,
        )
        yield Field(_("Kind"), kinds, field_id="kind")
        yield Field(_("Tags"), Input(placeholder=_("U21, or a range U21-U30")), field_id="tags")
        yield Field(_("Note"), Input(max_length=stock.NOTE_MAX), field_id="note")
        yield Plain(_("Each tag is the number printed or barcoded on the item."), classes="hint")

    def action_save(self) -> None:
        kind = self.query_one("#kind", Select).value
        self.submit(
            partial(
                stock.add_items,
                self.actor,
                self.desk_app.desk.policy,
                str(kind),
                self.value("tags"),
                self.value("note"),
                self.now(),
            )
        )

    def saved(self, result: list[ItemInfo]) -> None:
        self.notify(ngettext("{n} item added.", "{n} items added.", len(result)).format(n=len(result)))
        self.dismiss(result)

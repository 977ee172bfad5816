"""The stock screen's forms: add items, edit one, retire one, the stock-take (盘点).

Each is a full screen pushed over the list; Ctrl+S saves and returns to it,
Esc returns without saving.
"""

from __future__ import annotations

from functools import partial

from textual.app import ComposeResult
from textual.widgets import Input, Select

from deskapp import i18n
from deskapp.i18n import N_, _, ngettext
from deskapp.screens.form import Field, PushedForm
from deskapp.screens.plain import Plain
from deskapp.screens.plain_table import PlainSelect
from deskapp.services import stock
from deskapp.services.stock import EDITABLE_STATUSES, STATUS_LABELS, ItemInfo, StockTakeInfo, label


class StockForm(PushedForm):
    """A form over the stock list."""

    @property
    def actor(self):
        return self.desk_app.actor

    def now(self):
        return self.desk_app.desk.time.now()


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

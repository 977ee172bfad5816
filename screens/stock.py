"""Stock (Ctrl+T): every lendable item, the levels against the policy's minimum,
and the stock-take (盘点). Keys on the list: a add, e edit, x retire, c count, b the
item's tag label, B the labels of every item listed."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from deskapp import i18n
from deskapp.i18n import N_, _, ngettext
from deskapp.screens.base import DeskHeader, db_work
from deskapp.screens.fit import Col, FitTable
from deskapp.screens.footer import DeskFooter
from deskapp.screens.lists import SearchableList
from deskapp.screens.plain import Plain, plain
from deskapp.screens.plain_table import PlainTable
from deskapp.services import stock
from deskapp.services.stock import STATUS_LABELS, ItemInfo, ItemPage, KindLevel, StockTakeInfo, label

LIMIT = 500  # items shown at once; a search narrows the rest


class StockScreen(SearchableList):
    SEARCH_ID = "item-search"
    CSS_PATH = "stock.tcss"
    BINDINGS = [
        Binding("a", "add", N_("Add items"), id="stock.add"),
        Binding("e", "edit", N_("Edit"), id="stock.edit"),
        Binding("x", "retire", N_("Retire"), id="stock.retire"),
        Binding("b", "tag_label", N_("Print tag"), tooltip=N_("The item's tag label, again"), id="stock.tag"),
        Binding(
            "B",
            "tag_labels_listed",
            N_("Print tags listed"),
            tooltip=N_("The tag labels of every item listed (search first)"),
            id="stock.tags",
            show=False,
        ),
        Binding(
            "c", "count", N_("Stock-take"), tooltip=N_("Count what is on hand and compare"), id="stock.count"
        ),
        Binding(
            "ctrl+g",
            "toggle_gone",
            N_("Show gone"),
            tooltip=N_("Also retired, lost and kept items"),
            id="stock.gone",
            show=False,
        ),
        Binding("ctrl+f", "search", N_("Search"), id="stock.search", show=False),
        Binding("escape", "back", N_("Back"), id="stock.back"),
    ]

    class Loaded(Message):
        def __init__(self, page: ItemPage, levels: list[KindLevel], last: StockTakeInfo | None) -> None:
            super().__init__()
            self.page = page
            self.levels = levels
            self.last = last

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[str, ItemInfo] = {}
        self.include_gone = False
        self._listed: tuple[ItemInfo, ...] | None = None  # as the table shows them

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        levels = Plain(id="levels", classes="panel")
        levels.border_title = _("Stock levels")
        yield levels
        yield Input(placeholder=_("search: tag or note"), id="item-search", compact=True)
        yield FitTable(
            Col(_("Tag")),
            Col(_("Kind"), least=8),
            Col(_("Status")),
            Col(_("Note"), 2, least=10),
            id="items",
            cursor_type="row",
            zebra_stripes=True,
        )
        yield Plain(id="items-status", classes="hint")
        yield DeskFooter()

    def reload(self, _result: object = None) -> None:
        self.load(self.search_text, self.include_gone)

    @db_work
    def load(self, text: str, include_gone: bool) -> None:
        policy = self.desk_app.desk.policy
        self.post_message(
            self.Loaded(
                stock.list_items(None, text, 0, LIMIT, include_gone),
                stock.levels(policy),
                stock.last_stock_take(),
            )
        )

    def on_stock_screen_loaded(self, message: Loaded) -> None:
        table = self.query_one(DataTable)
        if tuple(message.page.rows) != self._listed:  # Ctrl+T again on an unchanged stock: as it was
            self._list(table, message.page.rows)
        shown = ngettext("{shown} of {n} item", "{shown} of {n} items", message.page.total).format(
            shown=table.row_count, n=message.page.total
        )
        self.query_one("#items-status", Static).update(shown)
        self.query_one("#levels", Static).update(self._levels(message.levels, message.last))

    def _list(self, table: DataTable, rows: list[ItemInfo]) -> None:
        policy = self.desk_app.desk.policy
        keep = table.cursor_row
        table.clear()
        self.items = {}
        for item in rows:
            self.items[str(item.id)] = item
            status = Text(
                _(STATUS_LABELS[item.status]),
                style="bold yellow" if item.status in ("repair", "lost") else "",
            )
            table.add_row(item.tag, label(policy, item.kind), status, item.note, key=str(item.id))
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        self._listed = tuple(rows)

    def _levels(self, levels: list[KindLevel], last: StockTakeInfo | None) -> Group:
        policy = self.desk_app.desk.policy
        grid = PlainTable(box=None, padding=(0, 2, 0, 0), header_style="bold")
        for title in (_("Kind"), _("Available"), _("On loan"), _("In repair"), _("Minimum")):
            grid.add_column(title, justify="left" if title == _("Kind") else "right", no_wrap=True)
        for level in levels:
            low = "bold yellow" if level.below_minimum else ""
            grid.add_row(
                plain(label(policy, level.kind), style=low),
                str(level.available),
                str(level.on_loan),
                str(level.repair),
                Text(str(level.min_stock), style=low),
            )
        if last is not None:
            diffs = i18n.join(
                f"{label(policy, c.kind)} {c.difference:+d}" for c in last.lines if c.difference
            )
            return Group(
                grid,
                Text(
                    _("Last stock-take {when} by {name}: {result}").format(
                        when=self.desk_app.desk.time.show(last.at),
                        name=last.staff_name,
                        result=diffs or _("no differences"),
                    ),
                    style="dim",
                ),
            )
        return Group(grid)

    # -- keys ------------------------------------------------------------------------------
    def _current(self) -> ItemInfo | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.items.get(key or "")

    def action_add(self) -> None:
        from deskapp.screens.stock_add import AddItemsForm

        self.app.push_screen(AddItemsForm(), self.added)

    def added(self, items: list[ItemInfo] | None) -> None:
        """New items' tags are offered for printing (docs/printing.md, "Tag labels")."""
        self.reload()
        if items:
            from deskapp.screens.tag_labels import TagLabelsScreen

            self.app.push_screen(TagLabelsScreen([item.tag for item in items]))

    def action_tag_label(self) -> None:
        from deskapp.screens.tag_labels import TagLabelsScreen

        if item := self._current():
            self.app.push_screen(TagLabelsScreen([item.tag]))

    def action_tag_labels_listed(self) -> None:
        from deskapp.screens.tag_labels import TagLabelsScreen

        table = self.query_one(DataTable)
        keys = [
            table.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value for row in range(table.row_count)
        ]
        if tags := [self.items[key].tag for key in keys if key in self.items]:
            self.app.push_screen(TagLabelsScreen(tags))

    def action_edit(self) -> None:
        from deskapp.screens.stock_edit import EditItemForm

        if item := self._current():
            self.app.push_screen(EditItemForm(item), self.reload)

    @on(DataTable.RowSelected)
    def edit_selected(self) -> None:
        self.action_edit()

    def action_retire(self) -> None:
        from deskapp.screens.stock_retire import RetireItemForm

        if item := self._current():
            if item.status == "on_loan":
                self.notify(
                    _("{tag} is on loan; take it back first.").format(tag=item.tag), severity="warning"
                )
            else:
                self.app.push_screen(RetireItemForm(item), self.reload)

    def action_count(self) -> None:
        from deskapp.screens.stock_take import StockTakeForm

        self.app.push_screen(StockTakeForm(list(self.desk_app.desk.policy.kinds)), self.reload)

    def action_toggle_gone(self) -> None:
        self.include_gone = not self.include_gone
        self.reload()

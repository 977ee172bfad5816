"""The medicine-usage register (《用药登记表》), newest first, searchable; pages of 100."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input

from deskapp import i18n
from deskapp.i18n import N_, _
from deskapp.screens.base import DeskHeader
from deskapp.screens.fit import Col, FitTable
from deskapp.screens.footer import DeskFooter
from deskapp.screens.lists import PagedList
from deskapp.screens.plain import Plain
from deskapp.services import kit_register
from deskapp.services.kit_register import PERSON_TYPES, WHAT, UseInfo, UsePage
from deskapp.services.privacy import shown


class KitUsesScreen(PagedList):
    BINDINGS = [
        Binding(
            "ctrl+f",
            "search",
            N_("Search"),
            tooltip=N_("Name, contact or what happened"),
            id="kit_uses.search",
            show=False,
        ),
        Binding("escape", "back", N_("Back"), id="kit_uses.back"),
    ]
    VIEWS = {"all": N_("Medicine register")}

    def __init__(self, search_for: str = "") -> None:
        super().__init__()
        self.search_for = search_for

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with Horizontal(classes="list-bar"):
            yield Plain(id="views")
            yield Input(
                self.search_for, placeholder=_("search: name, contact, text"), id="search", compact=True
            )
        yield FitTable(
            Col(_("When")),
            Col(_("Person"), 4),
            Col(_("Name"), 2, least=6),
            Col(_("What happened"), least=10),
            Col(_("Items used"), 2, least=10),
            Col(_("Help given"), 3, least=8),
            Col(_("120"), 5),
            Col(_("Registered by"), 6),
            id="kit-uses",
            cursor_type="row",
            zebra_stripes=True,
            classes="list-table",
        )
        yield Plain(id="list-status", classes="hint")
        yield DeskFooter()

    def fetch(self, view: str, text: str, offset: int, limit: int) -> UsePage:
        return kit_register.uses(text, offset, limit, language=i18n.language())

    def add_rows(self, table: DataTable, rows: list[UseInfo]) -> None:
        show, mask = self.desk_app.desk.time.show, self.desk_app.desk.policy.privacy.mask
        for u in rows:
            what = _(WHAT[u.what]) + (i18n.colon() + shown(u.what_text, mask) if u.what_text else "")
            items = i18n.join(f"{name} {i18n.quantity(qty, unit)}" for _code, name, qty, unit in u.items)
            table.add_row(
                show(u.happened_at),
                _(PERSON_TYPES[u.person_type]),
                shown(u.person_name, mask),
                what,
                items,
                kit_register.help_given(u) + (" · " + _("refused") if u.refused else ""),
                show(u.called_120_at) if u.called_120 and u.called_120_at else "",
                u.registered_by,
                key=str(u.id),
            )

    def action_back(self) -> None:
        search = self.query_one("#search", Input)
        if search.value:
            search.value = ""
        else:
            self.app.pop_screen()

"""F6 Kit (药箱): the kit's stock against the standard list, its alerts and
last check; u registers a use (《用药登记表》), r receives stock, x takes out
what has expired, c records a check, q the restock request, l the register."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Static

from deskapp import i18n
from deskapp.i18n import N_, _
from deskapp.screens.base import DeskHeader, DeskScreen, db_work
from deskapp.screens.fit import Col, FitTable
from deskapp.screens.footer import DeskFooter
from deskapp.screens.kit_forms import check_form, kit_form, receive_form, use_form
from deskapp.screens.plain import Plain, visible
from deskapp.screens.steps import StepForm
from deskapp.services import kit, kit_checks, kit_restock, kit_stock
from deskapp.services.kit import KitInfo, MedicineInfo
from deskapp.services.kit_checks import CheckInfo
from deskapp.services.kit_register import UseInfo
from deskapp.services.kit_stock import StockLine

WARN = "bold yellow"
# kit_stock.ALERTS in the table's few columns, each still a word of its own (expiring is not expired).
SHORT_ALERTS = {**kit_stock.ALERTS, "below_min": N_("low"), "expiring": N_("expiring")}


class KitScreen(DeskScreen):
    BINDINGS = [
        Binding(
            "u",
            "use",
            N_("Register a use"),
            tooltip=N_("Who was helped, what was used (用药登记)"),
            id="kit.use",
        ),
        Binding(
            "r",
            "receive",
            N_("Receive"),
            tooltip=N_("Stock into the kit: batch and expiry"),
            id="kit.receive",
        ),
        Binding("x", "remove", N_("Take out expired"), id="kit.remove"),
        Binding(
            "c", "check", N_("Check"), tooltip=N_("Against the list, seal, clean and dry"), id="kit.check"
        ),
        Binding(
            "q", "restock", N_("Restock request"), tooltip=N_("What to buy (药品申购)"), id="kit.restock"
        ),
        Binding(
            "l", "register", N_("Register"), tooltip=N_("The medicine-usage register"), id="kit.register"
        ),
        Binding(
            "m",
            "edit_item",
            N_("Edit list item"),
            tooltip=N_("The standard list: minimum, oral, prescription"),
            id="kit.edit_item",
            show=False,
        ),
        Binding("a", "add_item", N_("Add list item"), id="kit.add_item"),
        Binding("k", "add_kit", N_("Add a kit"), id="kit.add_kit"),
        Binding("ctrl+n", "next_kit", N_("Next kit"), id="kit.next"),
        Binding("escape", "back", N_("Back"), id="kit.back"),
    ]

    class Loaded(Message):
        def __init__(
            self,
            kits: list[KitInfo],
            lines: list[StockLine],
            check: CheckInfo | None,
            medicines: list[MedicineInfo],
            generation: int = 0,
        ) -> None:
            super().__init__()
            self.generation = generation
            self.kits = kits
            self.lines = lines
            self.check = check
            self.medicines = medicines

    def __init__(self) -> None:
        super().__init__()
        self.kits: list[KitInfo] = []
        self.kit_index = 0
        self.lines: list[StockLine] = []
        self.medicines: list[MedicineInfo] = []
        self.generation = 0  # of the latest load: one that finishes after it is stale

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Plain(_("Loading…"), id="kit-head", classes="panel")
        # Within 80 columns the minimum goes first, to show a name whole (screens/fit.py).
        yield FitTable(
            Col(_("Code")),
            Col(_("Item"), least=12),
            Col(_("On hand")),
            Col(_("Alerts"), least=8),
            Col(_("Minimum"), 3, extra=True),
            Col(_("Next expiry")),
            id="kit-stock",
            cursor_type="row",
            zebra_stripes=True,
            classes="list-table",
        )
        yield DeskFooter()

    def on_mount(self) -> None:
        self.app.subscribe_desk_changes(self, self.reload)  # type: ignore[attr-defined]
        self.query_one(DataTable).focus()

    def on_screen_resume(self) -> None:
        self.reload()

    @property
    def current(self) -> KitInfo | None:
        return self.kits[self.kit_index] if self.kits else None

    def reload(self, _result: object = None) -> None:
        self.generation += 1
        self.load(self.current.id if self.current else None, self.generation)

    @db_work
    def load(self, kit_id: int | None, generation: int) -> None:
        desk = self.desk_app.desk
        kit.prepare(self.desk_app.actor, desk.time.now())
        kits = kit.kits()
        chosen = next((k for k in kits if k.id == kit_id), kits[0])
        self.post_message(
            self.Loaded(
                kits,
                kit_stock.levels(desk.policy, desk.time, chosen.id),
                kit_checks.last_check(chosen.id),
                kit.medicines(),
                generation,
            )
        )

    def on_kit_screen_loaded(self, message: Loaded) -> None:
        if message.generation != self.generation:
            return  # read before a change (x, then the screen's own resume), finished after a newer load
        current = self.current.id if self.current else None
        self.kits, self.lines, self.medicines = message.kits, message.lines, message.medicines
        self.kit_index = next((i for i, k in enumerate(self.kits) if k.id == current), 0)
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        lang = i18n.language()
        for line in self.lines:
            m = line.medicine
            alerts = Text(" · ".join(_(SHORT_ALERTS[a]) for a in line.alerts), style=WARN)
            expiry = f"{line.next_expiry:%Y-%m-%d}" if line.next_expiry else ""
            name = m.name_in(lang) + (" " + _("(oral)") if m.oral else "")
            if m.prescription:  # left by an earlier version, to take out (docs/kit.md)
                name += " " + _("(prescription)")
            table.add_row(
                m.code,
                name,
                i18n.quantity(line.usable, m.unit_in(lang)),
                alerts,
                str(m.min_qty),
                expiry,
                key=m.code,
            )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        self.query_one("#kit-head", Static).update(self._head(message.check))

    def _head(self, check: CheckInfo | None) -> Text:
        """The kit's name and place, its last check, and how many items need attention."""
        desk = self.desk_app.desk
        head = Text()
        if (k := self.current) is not None:
            head.append(visible(k.name), style="bold")
            head.append(f" · {visible(k.location)}")
        if len(self.kits) > 1:
            head.append(
                "  "
                + _("({n} of {total} kits; Ctrl+N the next)").format(
                    n=self.kit_index + 1, total=len(self.kits)
                ),
                style="dim",
            )
        head.append("\n")
        if check is None:
            head.append(_("Never checked: press c after checking the kit."), style=WARN)
        else:
            head.append(
                _("Last check {when} by {name}: {result}").format(
                    when=desk.time.show(check.at),
                    name=visible(check.staff_name),
                    result=_("all in order") if check.ok else visible(check.note),
                ),
                style="" if check.ok else WARN,
            )
        count = sum(len(line.alerts) > 0 for line in self.lines)
        if count:
            head.append(
                "\n" + _("{n} items need attention: q lists what to buy.").format(n=count), style=WARN
            )
        return head

    def _selected(self) -> StockLine | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return self.lines[table.cursor_row] if table.cursor_row < len(self.lines) else None

    # -- steps --------------------------------------------------------------------------------
    def _push(self, form: StepForm) -> None:
        self.app.push_screen(form, self._done)

    def _done(self, result: object) -> None:
        if result is not None:
            if isinstance(result, UseInfo):
                self.notify(_("Registered; the kit's stock is updated."))
            self.reload()

    def _item_picks(self, *, all_items: bool = False) -> list[tuple[str, str]]:
        lang = i18n.language()
        return [
            (f"{m.code} {m.name_in(lang)}", m.code) for m in self.medicines if all_items or not m.prescription
        ]

    def action_use(self) -> None:
        if self.current is not None:
            desk, actor = self.desk_app.desk, self.desk_app.actor
            self._push(use_form(actor, desk, self.current.id, self._item_picks()))

    def action_receive(self) -> None:
        if self.current is not None:
            selected = self._selected()
            code = selected.medicine.code if selected else None
            picks = self._item_picks(all_items=True)
            self._push(receive_form(self.desk_app.actor, self.desk_app.desk, self.current.id, picks, code))

    def action_remove(self) -> None:
        line = self._selected()
        if line is None or self.current is None:
            return
        m = line.medicine
        if "prescription" in line.alerts:  # every unit goes, expired or not (docs/kit.md)
            question = _("Take all {qty} of {code}, a prescription medicine, out of the kit?").format(
                qty=i18n.quantity(line.usable + line.expired, m.unit_in(i18n.language())), code=m.code
            )
            done = _("Took out {n} {code}, a prescription medicine.")
        elif line.expired:
            question = _("Take the expired {code} out of the kit?").format(code=m.code)
            done = _("Took out {n} expired {code}.")
        else:
            self.notify(_("Nothing expired of {code} is in this kit.").format(code=m.code))
            return
        from deskapp.screens.confirm import ask_then

        kit_id, code = self.current.id, m.code
        ask_then(self.app, lambda: self.take_out(kit_id, code, done), question)

    @db_work
    def take_out(self, kit_id: int, code: str, done: str) -> None:
        desk = self.desk_app.desk
        gone = kit_stock.remove_expired(self.desk_app.actor, desk.time, kit_id, code)
        self.app.call_from_thread(self.notify, done.format(n=gone, code=code))
        self.app.call_from_thread(self.reload)

    def action_check(self) -> None:
        if self.current is not None:
            self._push(check_form(self.desk_app.actor, self.desk_app.desk, self.current.id))

    def action_restock(self) -> None:
        from deskapp.screens.slip import SlipScreen

        desk = self.desk_app.desk
        self.app.push_screen(
            SlipScreen(
                _("Restock request"),
                f"restock-{desk.time.today():%Y%m%d}",
                lambda: kit_restock.restock_text(
                    desk.policy,
                    desk.time,
                    kit_restock.restock(desk.policy, desk.time),
                    language=i18n.language(),
                ),
                _("Print it again: q on the kit."),
            )
        )

    def action_register(self) -> None:
        from deskapp.screens.kit_uses import KitUsesScreen

        self.app.push_screen(KitUsesScreen())

    def _item_form(self, m: MedicineInfo | None) -> None:
        from deskapp.screens.kit_item import item_form

        self._push(item_form(self.desk_app.actor, self.desk_app.desk, m))

    def action_edit_item(self) -> None:
        line = self._selected()
        if line is not None:
            self._item_form(line.medicine)

    def action_add_item(self) -> None:
        self._item_form(None)

    def action_add_kit(self) -> None:
        self._push(kit_form(self.desk_app.actor, self.desk_app.desk))

    def action_next_kit(self) -> None:
        if len(self.kits) > 1:
            self.kit_index = (self.kit_index + 1) % len(self.kits)
            self.reload()

    def action_back(self) -> None:
        self.desk_app.action_home()

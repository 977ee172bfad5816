"""F2 Lend (借出): tags -> borrower -> phone -> ID -> note; Ctrl+S lends.

Each Enter in the tag field adds what was typed or scanned ("U01", "U01 U02";
"-U01" takes one off) and checks it at once in a worker: the panel beside the
form shows the deposit to collect and when each item is due back.
"""

from __future__ import annotations

from functools import partial

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Static
from textual.worker import Worker

from deskapp import i18n
from deskapp.errors import DeskError
from deskapp.i18n import N_, _
from deskapp.money import yuan
from deskapp.screens.base import DeskHeader, db_work
from deskapp.screens.footer import DeskFooter
from deskapp.screens.form import Field, FormScreen
from deskapp.screens.plain import Plain
from deskapp.screens.plain_table import PlainTable
from deskapp.services import lending, slips
from deskapp.services.contact import ID_MAX, PHONE_MAX
from deskapp.services.lending import LoanInfo, Quote
from deskapp.services.stock import label, normalize_tag, split_tags


class LendScreen(FormScreen):
    CSS_PATH = "lend.tcss"
    BINDINGS = [
        Binding(
            "ctrl+s", "save", N_("Lend"), tooltip=N_("Record the loan and the deposit taken"), id="lend.save"
        ),
        Binding(
            "escape",
            "clear",
            N_("Clear"),
            tooltip=N_("Empty the form (Home when it is empty)"),
            id="lend.clear",
        ),
    ]
    FIELDS = ("tags", "borrower", "phone", "id_number", "note")

    class Quoted(Message):
        def __init__(self, tags: list[str], quote: Quote | None, error: DeskError | None, typed: str) -> None:
            super().__init__()
            self.typed = typed
            self.tags = tags
            self.quote = quote
            self.error = error

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []  # the tags accepted so far, in the order scanned
        self.quote: Quote | None = None
        # Scans wait their turn: each is checked against the tags accepted before it,
        # so two tags scanned faster than the database answers are both kept.
        self.queue: list[str] = []
        self.quoting = False

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        with Horizontal(id="lend"):
            with VerticalScroll(classes="form", id="lend-form"):
                yield Plain(_("Lend"), classes="title")
                yield Field(_("Tags"), Input(placeholder=_("scan or type, Enter")), field_id="tags")
                yield Field(_("Borrower"), Input(max_length=lending.NAME_MAX), field_id="borrower")
                yield Field(_("Phone"), Input(max_length=PHONE_MAX), field_id="phone")
                yield Field(_("ID (optional)"), Input(max_length=ID_MAX), field_id="id_number")
                yield Field(_("Note"), Input(max_length=lending.TEXT_MAX), field_id="note")
            quote = Plain(id="quote", classes="panel")
            quote.border_title = _("To collect")
            yield quote
        yield DeskFooter()

    def on_mount(self) -> None:
        self.show_quote()
        self.query_one("#tags", Input).focus()

    # -- tags -------------------------------------------------------------------------
    @on(Input.Submitted, "#tags")
    def add_tags(self, event: Input.Submitted) -> None:
        typed = event.value.strip()
        if not typed:
            if self.tags:
                self.focus_next()
            return
        self.query_one("#tags", Input).value = ""  # ready for the next scan at once
        self.queue.append(typed)
        self._next_quote()

    def _next_quote(self) -> None:
        if self.quoting or not self.queue:
            return
        typed = self.queue.pop(0)
        self.quoting = True
        self.requote(self._edited(self.tags, typed), self.value("phone"), typed)

    @staticmethod
    def _edited(tags: list[str], typed: str) -> list[str]:
        """The tag list after `typed`: tags to add, or "-TAG" to take one off."""
        tags = list(tags)
        for word in typed.split():
            if word.startswith("-") and len(word) > 1:
                gone = normalize_tag(word[1:])
                tags = [t for t in tags if t != gone]
            else:
                for tag in split_tags(word):
                    if tag not in tags:
                        tags.append(tag)
        return tags

    @on(Input.Submitted, "#phone")
    def phone_entered(self, event: Input.Submitted) -> None:
        if self.tags or self.queue:  # the per-customer limit needs the phone: check again
            self.queue.append("")
            self._next_quote()
        self.focus_next()

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        if event.input.id == "note":
            self.action_save()
        elif event.input.id not in ("tags", "phone"):
            self.focus_next()

    @db_work
    def requote(self, tags: list[str], phone: str, typed: str) -> None:
        desk = self.desk_app.desk
        if not tags:
            self.post_message(self.Quoted([], None, None, typed))
            return
        try:
            quote = lending.quote(desk.policy, desk.time, tags, phone)
        except DeskError as error:
            self.post_message(self.Quoted(tags, None, error, typed))
        else:
            self.post_message(self.Quoted(tags, quote, None, typed))

    @on(Worker.StateChanged)
    def _quote_finished(self, event: Worker.StateChanged) -> None:
        # The next scan's check starts once this one's worker is done (not merely
        # its message posted), so no check is ever cancelled half-way.
        if event.worker.group == "requote" and event.worker.is_finished:
            self.quoting = False
            self._next_quote()

    def on_lend_screen_quoted(self, message: Quoted) -> None:
        field = self.query_one("#field-tags", Field)
        tags_input = self.query_one("#tags", Input)
        if message.error is not None:
            errors = getattr(message.error, "errors", None) or {"tags": message.error.message}
            field.show_error(" ".join(errors.values()))
            if self.focused is not tags_input:  # e.g. the limit found on the phone: look here
                tags_input.focus()
            if message.typed and not tags_input.value:
                # Nothing typed is lost: it is back, selected, to correct and Enter; the
                # next scan replaces it.
                tags_input.value = message.typed
                tags_input.select_all()
        else:
            field.show_error(None)
            self.tags = message.tags
            self.quote = message.quote
            self.show_quote()

    def show_quote(self) -> None:
        panel = self.query_one("#quote", Static)
        if not self.quote or not self.quote.lines:
            panel.update(Text(_("Scan the items to lend; the deposit shows here."), style="dim"))
            return
        desk = self.desk_app.desk
        items = PlainTable(box=None, show_header=False, padding=(0, 1, 0, 0), expand=True)
        items.add_column(no_wrap=True)
        items.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        items.add_column(justify="right", no_wrap=True)
        for line in self.quote.lines:
            items.add_row(line.tag, label(desk.policy, line.kind), f"¥{yuan(line.deposit_fen)}")
        total = PlainTable(box=None, show_header=False, padding=(0, 1, 0, 0), expand=True)
        total.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        total.add_column(justify="right", no_wrap=True)
        total.add_row(
            Text(_("Deposit"), style="bold"), Text(f"¥{yuan(self.quote.deposit_fen)}", style="bold")
        )
        total.add_row("", "")
        total.add_row(Text(_("Due back"), style="bold"), "")
        for due in sorted({line.due_at for line in self.quote.lines}):
            kinds = i18n.join(
                dict.fromkeys(
                    label(desk.policy, line.kind) for line in self.quote.lines if line.due_at == due
                )
            )
            total.add_row(kinds, f"{desk.time.local(due):%m-%d %H:%M}")
        panel.update(Group(items, Text(""), total))

    # -- lend ---------------------------------------------------------------------------
    def action_save(self) -> None:
        desk = self.desk_app.desk
        # Scans still being checked, and a tag still in the field (Ctrl+S before
        # Enter), count too; the loan itself checks them all again.
        tags = self.tags
        for typed in (*self.queue, self.value("tags")):
            tags = self._edited(tags, typed)
        self.submit(
            partial(
                lending.lend,
                self.desk_app.actor,
                desk.policy,
                desk.time,
                tags,
                self.value("borrower"),
                self.value("phone"),
                self.value("id_number"),
                self.value("note"),
            )
        )

    def saved(self, result: LoanInfo) -> None:
        self.notify(
            _("Lent on slip {slip}: collect a deposit of ¥{amount}.").format(
                slip=result.slip_no, amount=yuan(result.deposit_fen)
            ),
            timeout=8,
        )
        self.clear_form()
        desk = self.desk_app.desk
        self.app.push_screen(slip_screen(desk, result.id, result.slip_no, returned=False))

    def clear_form(self) -> None:
        for field in self.FIELDS:
            self.query_one(f"#{field}", Input).value = ""
            self.query_one(f"#field-{field}", Field).show_error(None)
        self.tags, self.quote, self.queue = [], None, []
        self.show_quote()
        self.query_one("#tags", Input).focus()

    def has_typed(self) -> bool:
        return bool(self.tags or self.queue) or super().has_typed()

    def action_clear(self) -> None:
        if not self.has_typed():
            self.desk_app.action_home()
            return
        from deskapp.screens.confirm import ask_then

        ask_then(self.app, self.clear_form, _("Empty the form? The items and details typed are thrown away."))


def slip_screen(desk, loan_id: int, slip_no: str, *, returned: bool, reprint: bool = False):
    """The loan's (or its return's) slip, built from the records when shown."""
    from deskapp.screens.slip import SlipScreen

    if returned:
        return SlipScreen(
            _("Return slip {slip}").format(slip=slip_no),
            f"{slip_no}-return",
            partial(slips.return_slip, desk.policy, desk.time, loan_id, reprint),
            _("Reprint: F8, {slip}, Enter, r.").format(slip=slip_no),
        )
    return SlipScreen(
        _("Loan slip {slip}").format(slip=slip_no),
        slip_no,
        partial(slips.loan_slip, desk.policy, desk.time, loan_id, reprint),
        _("Reprint: F8, {slip}, Enter, p.").format(slip=slip_no),
    )

"""Tag labels for items (docs/printing.md, "Tag labels"): offered after items are
added, for any item with b on the stock screen, for every item listed with B. r prints them as a strip on the
receipt printer (in the background), s saves an A4 sheet for an office printer;
Esc, not now."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message

from deskapp.i18n import N_, _, ngettext
from deskapp.screens.base import DeskModal, db_work
from deskapp.screens.footer import DeskFooter
from deskapp.screens.plain import Plain
from deskapp.screens.printing import print_later
from deskapp.screens.wrapped import Wrapped
from deskapp.services import labels, printer

SHOWN = 12  # tags named in the question; the rest are counted


class TagLabelsScreen(DeskModal[None]):
    DEFAULT_CSS = """
    TagLabelsScreen { align: center middle; }
    TagLabelsScreen > Vertical {
        width: 64; max-width: 100%; height: auto; border: thick $primary; padding: 1 2;
        background: $surface;
    }
    TagLabelsScreen .question { text-style: bold; }
    TagLabelsScreen .keys { margin-top: 1; }
    """
    BINDINGS = [
        Binding(
            "r",
            "receipt",
            N_("Receipt printer"),
            tooltip=N_("A strip of labels on the receipt printer"),
            id="tags.receipt",
        ),
        Binding(
            "s",
            "sheet",
            N_("Label sheet"),
            tooltip=N_("An A4 sheet of labels for an office printer"),
            id="tags.sheet",
        ),
        Binding("escape", "dismiss(None)", N_("Not now"), id="tags.close"),
    ]

    class Saved(Message):
        def __init__(self, paths: list) -> None:
            super().__init__()
            self.paths = paths

    def __init__(self, tags: list[str]) -> None:
        super().__init__()
        self.tags = tags

    def compose(self) -> ComposeResult:
        policy = self.desk_app.desk.policy
        named = " ".join(self.tags[:SHOWN])
        if len(self.tags) > SHOWN:
            named += " " + _("and {n} more").format(n=len(self.tags) - SHOWN)
        with Vertical():
            yield Wrapped(
                ngettext(
                    "Print the tag of {tags}?", "Print the tags of {n} items: {tags}?", len(self.tags)
                ).format(n=len(self.tags), tags=named),
                classes="question",
            )
            if self._receipt_prints():
                yield Plain(
                    _("r: on the receipt printer ({printer})").format(printer=printer.printer_name(policy)),
                    classes="keys",
                )
            else:
                yield Wrapped(
                    _("The receipt printer prints labels only over ESC/POS (policy: [printer] connection)."),
                    classes="keys",
                )
            yield Plain(
                _("s: an A4 label sheet for an office printer ({kind}, 3 × 8)").format(
                    kind=policy.printer.label_sheet.upper()
                )
            )
            yield Plain(_("Esc: not now"))
        yield DeskFooter()

    def _receipt_prints(self) -> bool:
        return self.desk_app.desk.policy.printer.connection in printer.ESCPOS

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "receipt":
            return self._receipt_prints() or None
        return True

    def action_receipt(self) -> None:
        width = self.desk_app.desk.policy.slips.width
        again = (
            _("Print again: Ctrl+T, the item, b.")
            if len(self.tags) == 1
            else _("Print again: Ctrl+T, search for them (Ctrl+F), B.")
        )
        print_later(self.desk_app, self.file_name(), labels.strip(width, self.tags), again)
        self.dismiss(None)

    def action_sheet(self) -> None:
        desk = self.desk_app.desk
        self.save(desk.locations.slips_dir, desk.policy.printer.label_sheet)

    @db_work
    def save(self, folder, kind: str) -> None:
        self.post_message(self.Saved(labels.save_sheet(folder, self.tags, kind)))

    def on_tag_labels_screen_saved(self, message: Saved) -> None:
        self.app.notify(
            ngettext(
                "{n} label saved to {path}; print it on an office printer.",
                "{n} labels saved to {path}; print it on an office printer.",
                len(self.tags),
            ).format(n=len(self.tags), path=", ".join(map(str, message.paths))),
            timeout=10,
        )
        self.dismiss(None)

    def file_name(self) -> str:
        return f"tags-{self.tags[0]}" + (f"-{self.tags[-1]}" if len(self.tags) > 1 else "")

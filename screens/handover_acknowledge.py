"""The start of the day (docs/handover.md): the last handover signed before today,
for the day's first staff member to check and confirm."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll

from deskapp.clock import DeskTime
from deskapp.i18n import N_, _, ngettext
from deskapp.screens.base import DeskModal, db_work
from deskapp.screens.footer import DeskFooter
from deskapp.screens.plain import Plain
from deskapp.screens.wrapped import Wrapped
from deskapp.services import handover_addenda, handover_text, shifts
from deskapp.services.handover import LogInfo


class AcknowledgeScreen(DeskModal[bool]):
    """The last handover before today, for the day's first staff member to check and
    confirm; it names the day, which is yesterday only when it was (docs/handover.md)."""

    CSS_PATH = "slip.tcss"

    BINDINGS = [
        Binding(  # Y, not Enter: an Enter typed ahead must not sign this off (docs/counter.md)
            "y",
            "confirm",
            N_("Checked"),
            tooltip=N_("I have checked the last handover"),
            id="ack.confirm",
            priority=True,
        ),
        Binding("escape", "later", N_("Later"), id="ack.later"),
    ]

    def __init__(self, info: LogInfo) -> None:
        super().__init__()
        self.info = info

    def compose(self) -> ComposeResult:
        desk = self.desk_app.desk
        when = self.info.signed_at or self.info.opened_at
        with VerticalScroll(id="slip-box") as box:
            box.border_title = _("Handover of {date}: check it and confirm").format(
                date=desk.time.local(when).strftime("%Y-%m-%d")
            )
            box.border_subtitle = _("Y: checked · Esc: later")
            yield Wrapped(handed_over(desk.time, when), id="ack-when", classes="warning")
            yield Plain(handover_text.as_text(desk.policy, desk.time, self.info), id="ack-text")
        yield DeskFooter()

    def action_confirm(self) -> None:
        self.confirm()

    @db_work
    def confirm(self) -> None:
        desk = self.desk_app.desk
        handover_addenda.acknowledge(self.desk_app.actor, desk.time, self.info.id)
        self.app.call_from_thread(self.dismiss, True)

    def action_later(self) -> None:
        self.dismiss(False)


def handed_over(clock: DeskTime, when: datetime) -> str:
    """When the handover to check was signed, in days: yesterday, or how long ago."""
    days = shifts.days_ago(clock, when)
    if days <= 1:
        return _("Signed yesterday, {when}.").format(when=clock.show(when))
    return ngettext("Signed {n} day ago, {when}.", "Signed {n} days ago, {when}.", days).format(
        n=days, when=clock.show(when)
    )

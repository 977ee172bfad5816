"""What the stock screen's forms share: add items (stock_add.py), edit one (stock_edit.py),
retire one (stock_retire.py), the stock-take (stock_take.py, 盘点).

Each is a full screen pushed over the list; Ctrl+S saves and returns to it,
Esc returns without saving.
"""

from __future__ import annotations

from deskapp.screens.form import PushedForm


class StockForm(PushedForm):
    """A form over the stock list."""

    @property
    def actor(self):
        return self.desk_app.actor

    def now(self):
        return self.desk_app.desk.time.now()

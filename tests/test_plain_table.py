"""A list's columns fit what they hold however the paint and the rows' arrival
interleave (an old PC paints between the two)."""

from __future__ import annotations

from textual.app import App, ComposeResult

from deskapp.screens.plain_table import PlainDataTable

from helpers import screen_text


class OneTable(App):
    CSS = "PlainDataTable { height: 1fr; }"  # as the lists have it: a new row does not resize it

    def compose(self) -> ComposeResult:
        table = PlainDataTable(cursor_type="row", zebra_stripes=True)
        table.add_columns("When", "Name")
        yield table

    def on_mount(self) -> None:
        self.query_one(PlainDataTable).focus()


async def test_rows_painted_before_their_columns_are_measured_show_whole_once_measured():
    app = OneTable()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        table = app.query_one(PlainDataTable)
        table.clear()  # a list's page arrives: the old rows go, the new ones come
        table.add_row("2026-11-24 10:00", "[/]客人")
        assert "2026-11-24 10:00" not in screen_text(app)  # painted at the header's widths, as a slow PC
        await pilot.pause()
        assert "2026-11-24 10:00" in screen_text(app) and "[/]客人" in screen_text(app)

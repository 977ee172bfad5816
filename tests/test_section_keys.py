"""A section key does no work twice (issue 20, bench/keys.py): the sections' stylesheets
are read once, a moment after the first sign-in; no section key makes Textual re-parse
every stylesheet and restyle every widget; a footer whose keys have not changed is not
built again."""

from __future__ import annotations

from deskapp import app as app_module
from deskapp.app import DeskApp
from deskapp.screens.footer import DeskFooter

from helpers import settle, sign_in, wait_for

SECTION_KEYS = ["f2", "f3", "f4", "f5", "f6", "f7", "f8", "ctrl+l", "ctrl+t"]


def _files(app: DeskApp) -> set[str]:
    return {path for path, name in app.stylesheet.source if name == "" and path.endswith(".tcss")}


async def test_no_section_key_reparses_every_stylesheet(counter, monkeypatch):
    monkeypatch.setattr(app_module, "STYLE_AHEAD_AFTER", 0.01)  # as DeskApp reads it
    app = DeskApp(counter, backup_after=60)
    refreshed = []
    monkeypatch.setattr(app, "refresh_css", lambda *a, **k: refreshed.append(app.screen))
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "李雷", "5678")
        await wait_for(
            pilot, lambda: {"lend.tcss", "stock.tcss"} <= {p.rsplit("/", 1)[-1] for p in _files(app)}
        )
        read_ahead = _files(app)
        for _round in range(2):  # the first press of each key, then a later one
            for key in SECTION_KEYS:
                await pilot.press(key)
                await settle(pilot)
                await pilot.press("escape")
                await settle(pilot)
        assert refreshed == []
        assert _files(app) == read_ahead  # no section read its stylesheet at its first key


async def test_a_footer_is_built_again_only_when_its_keys_change(counter):
    app = DeskApp(counter, backup_after=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "李雷", "5678")
        await pilot.press("f3")
        await settle(pilot)
        footer = app.screen.query_one(DeskFooter)
        keys = list(footer.query("FooterKey"))
        await pilot.press("escape", "f3")  # Home, then Return again: the same keys
        await settle(pilot)
        assert list(footer.query("FooterKey")) == keys


async def test_a_section_brought_back_is_restyled_only_when_the_app_look_changed(counter, monkeypatch):
    """A section key shows its screen without restyling every widget of it, the first time
    (styled as it was mounted) and later (a third of the key's time); after the App's look
    changed meanwhile (here its theme), it is restyled."""
    from textual.screen import Screen

    from deskapp.screens.return_ import ReturnScreen

    resumed = []
    textual_resume = Screen._on_screen_resume
    monkeypatch.setattr(
        Screen,
        "_on_screen_resume",
        lambda screen, event: (
            resumed.append((type(screen), event.refresh_styles)),
            textual_resume(screen, event),
        ),
    )
    app = DeskApp(counter, backup_after=60)
    styled_ahead = []  # the sections' stylesheets, read a moment after sign-in, change the App's look
    style_ahead = app._style_sections_ahead
    monkeypatch.setattr(app, "_style_sections_ahead", lambda: (style_ahead(), styled_ahead.append(True)))
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "李雷", "5678")
        await wait_for(pilot, lambda: styled_ahead)  # done before the keys, not between them
        resumed.clear()
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("escape", "f3")
        await settle(pilot)
        assert isinstance(app.screen, ReturnScreen)
        shown = [restyled for screen, restyled in resumed if screen is ReturnScreen]
        assert len(shown) >= 2 and not any(shown)  # Textual resumes a new mode's screen twice
        await pilot.press("escape")
        await settle(pilot)
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await settle(pilot)
        resumed.clear()
        await pilot.press("f3")
        await settle(pilot)
        assert resumed == [(ReturnScreen, True)]


async def test_sections_are_built_out_of_sight_while_the_desk_is_idle(counter, monkeypatch):
    """With the desk idle on Home, each section's screen is made one at a time without
    ever being shown, so that its key only shows it; while keys come in, nothing is built."""
    from deskapp.screens import sections
    from deskapp.screens.home import HomeScreen
    from deskapp.screens.lend import LendScreen

    monkeypatch.setattr(sections, "BUILD_AHEAD_EVERY", 0.01)
    clock = [1000.0]
    app = DeskApp(counter, backup_after=60, build_ahead=True, monotonic=lambda: clock[0])
    painted = []
    display = app._display
    monkeypatch.setattr(
        app,
        "_display",
        lambda screen, renderable: (painted.append(type(screen)), display(screen, renderable)),
    )
    looks: list[float] = []  # how long the desk had been idle each time the app looked
    build = app._build_a_section_ahead
    monkeypatch.setattr(app, "_build_a_section_ahead", lambda idle: (looks.append(idle), build(idle))[1])
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in(pilot, "李雷", "5678")
        # A clerk typing: the app looks 20 times and finds no key for less than BUILD_AHEAD_IDLE.
        await wait_for(pilot, lambda: len(looks) >= 20)
        assert max(looks) < sections.BUILD_AHEAD_IDLE
        assert app._sections_built == {"home"}
        clock[0] += sections.BUILD_AHEAD_IDLE
        painted.clear()
        every = {section.mode for section in sections.SECTIONS}
        await wait_for(pilot, lambda: app._sections_built == every and app.typeahead.settled())
        assert isinstance(app.screen, HomeScreen) and app.screen_stack == [app.screen]
        assert set(painted) == {HomeScreen}  # Home painted again after each, and nothing else
        await pilot.press("f2", *"U01", "enter")
        await settle(pilot)
        assert isinstance(app.screen, LendScreen) and app.screen.tags == ["U01"]

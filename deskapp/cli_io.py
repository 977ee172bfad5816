"""What the command line verbs say and read: lines, columns, PINs."""

from __future__ import annotations

import argparse
import sys

from deskapp.i18n import _


def say(text: str = "") -> None:
    print(text)


def fail(text: str) -> int:
    print(text, file=sys.stderr)
    return 1


def columns(rows: list[list[str]]) -> str:
    """Left-aligned columns that line up with Chinese text (cell widths, not characters)."""
    from rich.cells import cell_len

    widths = [max(cell_len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [c + " " * (w - cell_len(c)) for c, w in zip(row, widths, strict=True)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def read_pin(prompt: str) -> str:
    """A PIN from the terminal without echo, or one line of standard input for scripts."""
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\r\n")


def opened(args):
    """The desk for a verb that reads or changes records (never a new one)."""
    from deskapp.desk import open_desk, tightened_line

    desk = open_desk(getattr(args, "db", None), getattr(args, "lang", None))
    if desk.tightened:
        print(tightened_line(desk.tightened), file=sys.stderr)
    return desk


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # noqa: ANN001 (argparse's own signature)
        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)


class DeskParser(argparse.ArgumentParser):
    """argparse with its own words in the reader's language: the usage line, the headings,
    -h and the error line (README, "Languages"). Subcommands' parsers are DeskParsers too."""

    def __init__(self, *args, add_help: bool = True, **kwargs) -> None:  # noqa: ANN002, ANN003
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False  # -h is added below, in the reader's language
        super().__init__(*args, **kwargs)
        self._positionals.title = _("positional arguments")
        self._optionals.title = _("options")
        if add_help:
            self.add_argument(
                "-h", "--help", action="help", default=argparse.SUPPRESS, help=_("show this help and exit")
            )

    def error(self, message: str):  # noqa: ANN201 (never returns)
        self.print_usage(sys.stderr)
        self.exit(2, _("{prog}: error: {message}").format(prog=self.prog, message=message) + "\n")

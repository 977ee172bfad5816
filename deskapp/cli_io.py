"""What the command line verbs say and read: lines, columns, PINs."""

from __future__ import annotations

import sys


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

"""The house stays readable (docs/design.md, "The house"): modules under 400 lines,
functions under 60, one screen per module in screens/."""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import pytest
from textual.screen import Screen

ROOT = Path(__file__).resolve().parent.parent
MODULE_LINES = 400
FUNCTION_LINES = 60


def sources() -> list[Path]:
    found = sorted((ROOT / "deskapp").rglob("*.py")) + sorted((ROOT / "screens").glob("*.py"))
    return [p for p in found if "migrations" not in p.parts]  # frozen as written (schema.py)


@pytest.mark.parametrize("path", sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_modules_and_functions_stay_small(path):
    text = path.read_text(encoding="utf-8")
    count = len(text.splitlines())
    assert count <= MODULE_LINES, f"{path.name} has {count} lines"
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            lines = node.end_lineno - node.lineno + 1
            assert lines <= FUNCTION_LINES, f"{path.name}:{node.lineno} {node.name}() has {lines} lines"


def test_each_screen_has_its_own_module():
    """A screen that nothing else builds on (a leaf) lives alone in its module; bases that
    screens share (DeskScreen, FormScreen, PagedList …) may sit beside their helpers."""
    defined: dict[str, list[type]] = {}
    for path in sorted((ROOT / "screens").glob("*.py")):
        module = importlib.import_module(f"deskapp.screens.{path.stem}")
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Screen) and cls.__module__ == module.__name__:
                defined.setdefault(path.name, []).append(cls)
    every = [cls for classes in defined.values() for cls in classes]
    for name, classes in defined.items():
        leaves = [c.__name__ for c in classes if not any(o is not c and issubclass(o, c) for o in every)]
        assert len(leaves) <= 1, f"screens/{name} holds {leaves}"

"""The layers stay clean: the core never imports Textual; screens never touch peewee."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE = [
    "deskapp.models",
    "deskapp.db",
    "deskapp.schema",
    "deskapp.policy",
    "deskapp.i18n",
    "deskapp.backups",
    "deskapp.desk",
    "deskapp.cli",
    "deskapp.clock",
    "deskapp.paths",
    "deskapp.crashlog",
    "deskapp.export",
]
CORE += sorted(
    f"deskapp.services.{p.stem}" for p in (ROOT / "deskapp" / "services").glob("*.py") if p.stem != "__init__"
)


@pytest.mark.parametrize("module", CORE)
def test_core_modules_import_no_textual(module):
    code = (
        f"import sys, {module}; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", f"{module} pulls in {out.stdout.strip()}"


def imported(path: Path) -> list[str]:
    """Every module a source file imports, wherever in the file."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names.append(node.module or "")
    return names


def test_screens_reach_the_data_only_through_services():
    for path in (ROOT / "screens").glob("*.py"):
        for name in imported(path):
            assert not name.startswith(("peewee", "playhouse", "deskapp.models", "sqlite3")), (
                f"{path.name} imports {name}; go through deskapp.services"
            )


def test_screens_ship_inside_the_deskapp_package():
    import deskapp.screens

    assert Path(deskapp.screens.__file__).parent == ROOT / "screens"


def test_no_screen_sets_its_own_loading_flag():
    """`self.loading = True` on a Screen is Textual's Widget.loading: it covers the whole
    screen with a loading indicator, which in a real terminal stayed up (a list that
    never showed). Screens keep their own flag (e.g. `fetching`)."""
    for path in (ROOT / "screens").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    assert not (
                        isinstance(target, ast.Attribute)
                        and target.attr == "loading"
                        and isinstance(target.value, ast.Name)
                        and target.value.id == "self"
                    ), f"{path.name}:{node.lineno} sets self.loading"


MARKUP_READERS = {
    "Static",
    "Label",
    "DataTable",
    "OptionList",
    "Select",
    "Table",
    "SelectionList",
    "RadioButton",
    "RadioSet",
    "Markdown",
    "Log",
    "RichLog",
}
PLAIN_MODULES = {"plain.py", "plain_table.py"}  # the one place that builds them


def _called_or_subclassed(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) and func.attr == "grid" else None
            if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and name:
                yield node.lineno, func.value.id  # Table.grid(...)
            elif isinstance(func, ast.Name):
                yield node.lineno, func.id
            for keyword in node.keywords:
                if keyword.arg == "markup" and not (
                    isinstance(keyword.value, ast.Constant) and keyword.value.value is False
                ):
                    yield node.lineno, "markup="
        elif isinstance(node, ast.ClassDef):
            for base in node.bases:
                if isinstance(base, ast.Name):
                    yield node.lineno, base.id
        elif isinstance(node, ast.Attribute) and node.attr == "from_markup":
            yield node.lineno, "from_markup"


@pytest.mark.parametrize(
    "path", sorted((ROOT / "screens").glob("*.py")) + [ROOT / "deskapp" / "app.py"], ids=lambda p: p.name
)
def test_screens_show_stored_text_as_content(path):
    """docs/trust.md, "Stored text is content": a str handed to Static, DataTable, Rich's
    Table and the like is read as markup (a borrower `Eve[/]` crashed the desk), so
    screens build them from deskapp.screens.plain, whose str content stays text."""
    if path.name in PLAIN_MODULES:
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = [
        f"{path.name}:{line} {name}"
        for line, name in _called_or_subclassed(tree)
        if name in MARKUP_READERS | {"markup=", "from_markup"}
    ]
    assert not found, "use deskapp.screens.plain instead: " + ", ".join(found)


PURE = ["settlement", "shifts"]  # in deskapp/services


@pytest.mark.parametrize("module", PURE)
def test_pure_rules_need_neither_database_nor_screen(module):
    """The rules a desk's figures follow (docs/lending.md, docs/handover.md) import no database,
    no model and no screen, so they are tested alone (the package's own __init__ aside)."""
    for name in imported(ROOT / "deskapp" / "services" / f"{module}.py"):
        assert (
            not name.startswith(
                ("peewee", "playhouse", "textual", "rich", "deskapp.models", "deskapp.db", "deskapp.services")
            )
            or name.removeprefix("deskapp.services.") in PURE
        ), f"{module} imports {name}"


RULES = ROOT / "deskapp" / "rules"


@pytest.mark.parametrize("path", sorted(RULES.glob("*.py")), ids=lambda p: p.name)
def test_the_rules_need_neither_database_nor_screen_nor_language(path):
    """deskapp/rules is pure: what it needs comes in as values (deskapp/rules/__init__.py)."""
    for name in imported(path):
        assert not name.startswith(
            (
                "peewee",
                "playhouse",
                "sqlite3",
                "psycopg2",
                "textual",
                "rich",
                "deskapp.models",
                "deskapp.db",
                "deskapp.services",
                "deskapp.screens",
                "deskapp.i18n",
            )
        ), f"rules/{path.name} imports {name}"

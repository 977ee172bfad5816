"""The layers stay clean: the core never imports Textual; screens never touch peewee."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE = ["deskapp.models", "deskapp.db", "deskapp.schema", "deskapp.policy", "deskapp.i18n",
        "deskapp.backups", "deskapp.desk", "deskapp.cli", "deskapp.clock", "deskapp.paths"]
CORE += sorted(f"deskapp.services.{p.stem}" for p in (ROOT / "deskapp" / "services").glob("*.py")
               if p.stem != "__init__")


@pytest.mark.parametrize("module", CORE)
def test_core_modules_import_no_textual(module):
    code = (f"import sys, {module}; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", f"{module} pulls in {out.stdout.strip()}"


def test_screens_reach_the_data_only_through_services():
    for path in (ROOT / "screens").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                assert not name.startswith(("peewee", "playhouse", "deskapp.models", "sqlite3")), \
                    f"{path.name} imports {name}; go through deskapp.services"


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
                    assert not (isinstance(target, ast.Attribute) and target.attr == "loading"
                                and isinstance(target.value, ast.Name) and target.value.id == "self"), \
                        f"{path.name}:{node.lineno} sets self.loading"

"""Runs the type checker (mypy, pinned in pyproject.toml) over deskapp as it is installed.

`screens/` and `data/` ship inside the package as deskapp.screens and deskapp.data
(pyproject.toml, [tool.setuptools]), which mypy cannot see from the source tree. So this
builds that package shape from links under .venv/typecheck, checks it, and names each
problem by its file in the repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def package_tree() -> Path:
    tree = ROOT / ".venv" / "typecheck"
    if tree.exists():
        shutil.rmtree(tree)
    package = tree / "deskapp"
    package.mkdir(parents=True)
    for child in (ROOT / "deskapp").iterdir():
        if child.name != "__pycache__":
            os.symlink(child, package / child.name)
    os.symlink(ROOT / "screens", package / "screens")
    os.symlink(ROOT / "data", package / "data")
    return tree


def main() -> int:
    tree = package_tree()
    command = [
        sys.executable,
        "-m",
        "mypy",
        "--config-file",
        str(ROOT / "pyproject.toml"),
        "--cache-dir",
        str(tree / ".cache"),
        "-p",
        "deskapp",
    ]
    done = subprocess.run(command, cwd=tree, capture_output=True, text=True)
    for line in (done.stdout + done.stderr).splitlines():
        line = line.replace("deskapp/screens/", "screens/").replace("deskapp/data/", "data/")
        print(line)
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())

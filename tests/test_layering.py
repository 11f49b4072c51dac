"""The data layer is no Qt client: nothing below ui/ (bar the app's entry points) imports PySide6."""

import ast
import subprocess
import sys
from pathlib import Path

import crisisapp

PACKAGE = Path(crisisapp.__file__).parent
QT_FREE = ("models", "storage", "services", "reports")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_qt_import_below_ui():
    offenders = [
        str(path.relative_to(PACKAGE))
        for folder in QT_FREE
        for path in (PACKAGE / folder).rglob("*.py")
        if any(name.split(".")[0] == "PySide6" for name in _imports(path))
    ]
    assert offenders == []


def test_services_and_reports_load_without_qt():
    code = (
        "import sys, pkgutil, importlib, crisisapp\n"
        f"for folder in {QT_FREE!r}:\n"
        "    pkg = importlib.import_module('crisisapp.' + folder)\n"
        "    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        if '.migrations' not in info.name:\n"
        "            importlib.import_module(info.name)\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"

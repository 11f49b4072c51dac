"""The layers keep their rules: nothing below ui/ (bar the app's entry points) imports PySide6, and no
service writes rows past the ORM."""

import ast
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

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


# --- No bulk statements in services: they bypass the mapper events that write the audit trail and
# capture a command's undo (crisisapp/storage/audit.py). ---

SERVICES = PACKAGE / "services"
_STATEMENTS = {"update", "delete", "insert"}  # a Core insert skips the mapper events just as well
_SESSION_BULK = {"bulk_save_objects", "bulk_insert_mappings", "bulk_update_mappings"}
_RAW_WRITE = re.compile(r"^\s*(update\s+\S+\s+set|delete\s+from|(insert|replace)(\s+or\s+\w+)?\s+into)\b", re.I)
_RAW_CALLS = {"text", "execute", "exec_driver_sql", "executescript"}


def _dotted(node: ast.expr) -> list[str]:
    """``a.b.c`` as ["a", "b", "c"]; [] for anything that is not a plain dotted name."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    return [node.id, *reversed(parts)] if isinstance(node, ast.Name) else []


def _receiver_chain(node: ast.expr) -> Iterator[ast.expr]:
    """Every expression a method call is made on: ``s.query(X).filter(y)`` yields the filter call, the
    query call, ``s``."""
    while True:
        yield node
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            node = node.value
        else:
            return


def bulk_statements(source: str) -> list[tuple[int, str]]:
    """(line, what) of every statement in ``source`` that writes rows past the ORM's unit of work."""
    tree = ast.parse(source)
    statement_names: dict[str, str] = {}  # local name -> update/delete/insert, from a sqlalchemy import
    modules: set[str] = set()  # local names of sqlalchemy (sub)modules
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "sqlalchemy":
            for alias in node.names:
                if alias.name in _STATEMENTS:
                    statement_names[alias.asname or alias.name] = alias.name
                else:
                    modules.add(alias.asname or alias.name)  # `from sqlalchemy import sql`; harmless otherwise
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "sqlalchemy":
                    modules.add(alias.asname or alias.name.split(".")[0])
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        called = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        sql = node.args[0].value if node.args and isinstance(node.args[0], ast.Constant) else None
        if called in _RAW_CALLS and isinstance(sql, str) and _RAW_WRITE.match(sql):
            found.append((node.lineno, f"SQL text {sql.split()[0].upper()}"))
        if isinstance(func, ast.Name) and func.id in statement_names:
            found.append((node.lineno, f"sqlalchemy {statement_names[func.id]}()"))
        elif isinstance(func, ast.Attribute):
            name = _dotted(func)
            if func.attr in _STATEMENTS and name and name[0] in modules:
                found.append((node.lineno, f"{'.'.join(name)}()"))
            elif func.attr in _SESSION_BULK:
                found.append((node.lineno, f"{func.attr}()"))
            elif func.attr in _STATEMENTS:
                # `session.delete(row)` and `mapping.update(...)` are fine; a query's or a table's are bulk.
                for receiver in _receiver_chain(func.value):
                    if isinstance(receiver, ast.Attribute) and receiver.attr in {"query", "__table__"}:
                        found.append((node.lineno, f"{receiver.attr}(…).{func.attr}()"))
                        break
    return sorted(set(found))


@pytest.mark.parametrize(
    "source",
    [
        "from sqlalchemy import delete\nsession.execute(delete(Shift).where(Shift.id == 1))",
        "from sqlalchemy import update as bulk\nsession.execute(bulk(Shift).values(end=None))",
        "from sqlalchemy.sql.expression import insert\nsession.execute(insert(Shift), rows)",
        "import sqlalchemy as sa\nsession.execute(sa.delete(Shift))",
        "import sqlalchemy\nsession.execute(sqlalchemy.sql.expression.update(Shift))",
        "session.query(Shift).filter(Shift.rota_id == 3).delete()",
        "session.query(Shift).filter_by(rota_id=3).update({'person_id': 2})",
        "session.execute(Shift.__table__.delete())",
        "session.execute(text('DELETE FROM piket_shift'))",
        "connection.exec_driver_sql('  update person set archived = 1')",
        "session.bulk_save_objects(rows)",
    ],
)
def test_the_bulk_statement_check_finds(source):
    assert bulk_statements(source)


@pytest.mark.parametrize(
    "source",
    [
        "from sqlalchemy import select\nsession.delete(session.get(Shift, 1))",
        "for row in session.scalars(select(Shift)):\n    session.delete(row)",
        "session.info.update({'a': 1})\nseen.update(days)\ndays.update({d: 'x' for d in range(3)})",
        "row.update(values)\nchanges.delete(key)",
        "message = 'Update de gegevens'\nsession.execute(text('PRAGMA defer_foreign_keys = ON'))",
        '"""Delete from the list the rows that were updated."""\nlog.info("delete from %s", name)',
        "session.execute(text('SELECT id FROM person WHERE name = :n'), {'n': 'Insert into'})",
    ],
)
def test_the_bulk_statement_check_leaves_the_orm_way_alone(source):
    assert bulk_statements(source) == []


def test_no_bulk_statements_in_services():
    found = [
        f"{path.relative_to(PACKAGE)}:{line}: {what}"
        for path in sorted(SERVICES.rglob("*.py"))
        for line, what in bulk_statements(path.read_text("utf-8"))
    ]
    assert found == []

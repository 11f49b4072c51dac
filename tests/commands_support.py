"""Checks every command must pass: do -> undo -> redo through AppContext, compared on a dump of every table."""

from typing import Any

from sqlalchemy import select

from crisisapp.context import AppContext
from crisisapp.models.audit import AuditEntry
from crisisapp.models.base import Base
from crisisapp.services.commands import Command, Done

Dump = dict[str, list[tuple[Any, ...]]]


def dump(context: AppContext) -> Dump:
    """Every row of every table but the audit trail, in key order: the database's whole state."""
    with context.database.sessions() as session:
        return {
            table.name: [tuple(row) for row in session.execute(select(table).order_by(*table.primary_key.columns))]
            for table in Base.metadata.sorted_tables
            if table.name != AuditEntry.__tablename__
        }


def changed_tables(before: Dump, after: Dump) -> set[str]:
    return {name for name in before if before[name] != after[name]}


def round_trip(context: AppContext, command: Command[Any]) -> Done[Any]:
    """Run ``command``, undo it, redo it and undo it again: each state exactly the one it should be.

    It ends where it began, so a property test can draw the next command from the same database.
    """
    before = dump(context)
    done = context.execute(command)
    after = dump(context)
    assert after != before, f"{command!r} changed nothing"
    redo = context.execute(done.inverse)
    assert dump(context) == before, f"undo of {command!r} left: {changed_tables(before, dump(context))}"
    undo = context.execute(redo.inverse)
    assert dump(context) == after, f"redo of {command!r} differs in: {changed_tables(after, dump(context))}"
    context.execute(undo.inverse)
    assert dump(context) == before, f"second undo of {command!r} left: {changed_tables(before, dump(context))}"
    return done

"""Checks every command must pass: do -> undo -> redo through AppContext, compared on a dump of every table,
and every field it changed named in the audit trail."""

from dataclasses import replace
from datetime import date
from typing import Any

from hypothesis import strategies as st
from sqlalchemy import func, select

from crisisapp.context import AppContext
from crisisapp.models.audit import AuditEntry
from crisisapp.models.base import VERSION, Base
from crisisapp.services.commands import Command, Done
from crisisapp.storage.audit import as_text, audited_old_value, is_audited

# What builders of commands draw (tests/commands_<area>.py).
texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30)
days = st.dates(date(2020, 1, 1), date(2030, 12, 31))


def pick(data: st.DataObject, records: tuple[Any, ...]) -> Any | None:
    return data.draw(st.sampled_from(records)) if records else None


Row = dict[str, Any]
Dump = dict[str, dict[str, Row]]


def dump(context: AppContext) -> Dump:
    """Every row of every table but the audit trail, by table and key: the database's whole state (the rows'
    version counters aside: they count writes, so an undo gives a row its old values and a new version)."""
    tables: Dump = {}
    with context.database.sessions() as session:
        for table in Base.metadata.sorted_tables:
            if table.name == AuditEntry.__tablename__:
                continue
            keys = [column.name for column in table.primary_key.columns]
            rows = session.execute(select(table)).mappings()
            tables[table.name] = {
                ",".join(str(row[k]) for k in keys): {
                    column: value for column, value in row.items() if column != VERSION
                }
                for row in rows
            }
    return tables


def changed_fields(before: Dump, after: Dump) -> set[tuple[str, str, str]]:
    """(table, record id, column) of every value that differs, a row that appeared or went counting whole."""
    changed = set()
    for table, rows in before.items():
        for key in rows.keys() | after[table].keys():
            old, new = rows.get(key, {}), after[table].get(key, {})
            columns = old.keys() | new.keys()
            changed |= {(table, key, column) for column in columns if old.get(column) != new.get(column)}
    return changed


def audited_values(context: AppContext, since: int) -> dict[tuple[str, str, str], tuple[str | None, str | None]]:
    """(table, record id, column) -> (old, new) as the audit trail wrote them after entry ``since``: the first
    old value and the last new one, where a command wrote a field twice (made a row, then changed it)."""
    with context.database.sessions() as session:
        rows = session.execute(
            select(
                AuditEntry.table_name,
                AuditEntry.record_id,
                AuditEntry.field,
                AuditEntry.old_value,
                AuditEntry.new_value,
            )
            .where(AuditEntry.id > since)
            .order_by(AuditEntry.id)
        )
        values: dict[tuple[str, str, str], tuple[str | None, str | None]] = {}
        for table, record, field, old, new in rows:
            first_old = values[(table, record, field)][0] if (table, record, field) in values else old
            values[(table, record, field)] = (first_old, new)
        return values


def last_audit_id(context: AppContext) -> int:
    with context.database.sessions() as session:
        return session.scalar(select(func.max(AuditEntry.id))) or 0


def _primary_keys() -> set[tuple[str, str]]:
    return {(table.name, column.name) for table in Base.metadata.sorted_tables for column in table.primary_key.columns}


def executed_and_audited(context: AppContext, command: Command[Any]) -> Done[Any]:
    """Execute ``command``; assert every field it changed has an audit row with the old and the new value
    (keys aside, the columns that say they are not audited, and NULLs that stay NULL)."""
    before, since = dump(context), last_audit_id(context)
    done = context.execute(command)
    after = dump(context)
    keys = _primary_keys()
    expected = {
        (table, key, column): (
            # an erased person's old personal values are kept as "gewist op …" (AVG), never as they were
            audited_old_value(table, column, as_text(before[table].get(key, {}).get(column)), after[table].get(key)),
            as_text(after[table].get(key, {}).get(column)),
        )
        for table, key, column in changed_fields(before, after)
        if (table, column) not in keys and is_audited(table, column)
    }
    audited = audited_values(context, since)
    wrong = {field: (values, audited.get(field)) for field, values in expected.items() if audited.get(field) != values}
    assert not wrong, f"{command!r} changed without (the right) audit: {sorted(wrong.items())[:5]}"
    return done


def round_trip(context: AppContext, command: Command[Any]) -> Done[Any]:
    """Run ``command``, undo it, redo it and undo it again: each state exactly the one it should be, and
    each step audited field by field.

    It ends where it began, so a property test can draw the next command from the same database.
    """
    before = dump(context)
    done = executed_and_audited(context, command)
    after = dump(context)
    assert after != before, f"{command!r} changed nothing"
    redo = executed_and_audited(context, done.inverse)
    assert dump(context) == before, f"undo of {command!r} left: {_tables(changed_fields(before, dump(context)))}"
    undo = executed_and_audited(context, redo.inverse)
    assert dump(context) == after, f"redo of {command!r} differs in: {_tables(changed_fields(after, dump(context)))}"
    executed_and_audited(context, undo.inverse)
    assert dump(context) == before, f"second undo of {command!r} left: {_tables(changed_fields(before, dump(context)))}"
    return done


def _tables(fields: set[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    return sorted(fields)[:10]


def unversioned(records: tuple[Any, ...]) -> tuple[Any, ...]:
    """Records as a list shows them, their version aside: an undo puts a row's values back, not its version."""
    return tuple(replace(record, version=0) for record in records)

"""The audit trail, written by session events for every mapped class in the transaction of the change.

Every area gets it without code of its own: whatever a service adds, changes or deletes through the ORM
session (``session.add``, attribute changes, ``session.delete``) is recorded field by field. A rolled-back
transaction takes its audit rows with it.
"""

import enum
import getpass
import os
from datetime import date, datetime
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session, UOWTransaction

from crisisapp.models.audit import AuditEntry, Operation
from crisisapp.timeutil import utcnow

ACTION_KEY = "audit_action"
USER_KEY = "audit_user"
AT_KEY = "audit_at"
TOUCHED_KEY = "touched_tables"


def current_user() -> str:
    """The operating-system user, as the audit trail names who made a change."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return os.environ.get("USERNAME") or os.environ.get("USER") or "onbekend"


def as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def touched_tables(session: Session) -> set[str]:
    """The tables the session's flushes wrote to so far (the audit table not counted)."""
    tables = session.info.setdefault(TOUCHED_KEY, set())
    assert isinstance(tables, set)
    return tables


def _rows_for(obj: Any, operation: Operation, common: dict[str, Any]) -> list[dict[str, Any]]:
    state = inspect(obj)
    mapper = state.mapper
    record_id = ",".join(str(part) for part in mapper.primary_key_from_instance(obj))
    rows = []
    for attribute in mapper.column_attrs:
        column = attribute.columns[0]
        if column.primary_key:
            continue
        if operation is Operation.UPDATE:
            history = state.attrs[attribute.key].history
            if not history.has_changes():
                continue
            old = as_text(history.deleted[0]) if history.deleted else None
            new = as_text(history.added[0]) if history.added else None
            if old == new:
                continue
        else:
            value = as_text(state.attrs[attribute.key].value)
            if value is None:
                continue
            old, new = (None, value) if operation is Operation.CREATE else (value, None)
        rows.append(
            {
                **common,
                "operation": operation,
                "table_name": mapper.local_table.name,
                "record_id": record_id,
                "field": column.name,
                "old_value": old,
                "new_value": new,
            }
        )
    return rows


@event.listens_for(Session, "after_flush")
def _write_audit(session: Session, _flush_context: UOWTransaction) -> None:
    common = {
        "at": session.info.get(AT_KEY) or utcnow(),
        "user": session.info.get(USER_KEY) or current_user(),
        "action": session.info.get(ACTION_KEY) or "onbekend",
    }
    rows: list[dict[str, Any]] = []
    for objects, operation in (
        (session.new, Operation.CREATE),
        (session.dirty, Operation.UPDATE),
        (session.deleted, Operation.DELETE),
    ):
        for obj in objects:
            if isinstance(obj, AuditEntry):
                continue
            if operation is Operation.UPDATE and not session.is_modified(obj, include_collections=False):
                continue
            rows += _rows_for(obj, operation, common)
            touched_tables(session).add(inspect(obj).mapper.local_table.name)
    if rows:
        session.connection().execute(insert(AuditEntry), rows)

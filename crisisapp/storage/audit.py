"""Every row a transaction writes, captured by mapper events: the audit trail and the undo of commands.

Mapper-level events see each INSERT, UPDATE and DELETE the ORM emits, including rows deleted by a
relationship's cascade or as an orphan, so no path of a service can change a row unseen. The values before
and after are read from the database itself around the statement, so they are exact even for attributes
that were never loaded. From these :class:`RowChange` s come the audit rows (one per changed field, written
in the same transaction, so a rollback takes them along) and the before-images that undo a command
(``crisisapp.services.commands``). Bulk ``update()``/``delete()`` statements bypass the ORM and so this
record; services never use them (a test enforces it). A row's version counter (``models.base.VERSION``) is
not a field of the audit trail: it counts the other fields' changes (only a row written for a change of its parts,
with no field of its own changed, has its version in the trail, so that the trail says who changed it when).
"""

import enum
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Table, and_, event, insert, inspect, select
from sqlalchemy.orm import Mapper, Session, SessionTransaction, UOWTransaction, object_session

from crisisapp.models.audit import AuditEntry, Operation
from crisisapp.models.base import VERSION, Base
from crisisapp.timeutil import utcnow

ACTION_KEY = "audit_action"
USER_KEY = "audit_user"
AT_KEY = "audit_at"
CHANGES_KEY = "row_changes"
_PENDING_KEY = "audit_pending"
_BEFORE_KEY = "rows_before"
WRITING_KEY = "rows_writing"
_UNKNOWN_USER = "onbekend"
AUDIT_BATCH = 5000


def current_user() -> str:
    """The operating-system account of this process, as the audit trail names who made a change.

    Taken from the account database (POSIX) or the Windows logon session, never from an environment
    variable: ``LOGNAME=burgemeester crisisapp …`` must not write "burgemeester".
    """
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import ctypes

        size = ctypes.c_ulong(257)
        buffer = ctypes.create_unicode_buffer(size.value)
        if ctypes.windll.advapi32.GetUserNameW(buffer, ctypes.byref(size)):  # type: ignore[attr-defined]
            return buffer.value
        return _UNKNOWN_USER
    import pwd

    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:  # an account without an entry (containers): its number still says who
        return f"uid {os.getuid()}"


#: Per table, the columns that hold a person's personal data: what erasing (AVG art. 17) removes from the
#: audit trail, while who changed what, and when, stays.
PERSONAL_COLUMNS: Mapping[str, frozenset[str]] = {
    "person": frozenset({"name", "organisation", "mobile", "phone", "email", "remarks"}),
}
#: The column whose value marks a row as erased, and that value's form ("gewist op 02-12-2026").
ERASED_MARK_COLUMN = "name"
ERASED = re.compile(r"^gewist op \d{2}-\d{2}-\d{4}$")


def erasure_mark(on: date) -> str:
    """What an erased value becomes: "gewist op 02-12-2026"."""
    return f"gewist op {on:%d-%m-%Y}"


def erased_mark(table: str, row: Mapping[str, Any] | None) -> str | None:
    """The erasure mark of ``row`` ("gewist op …") when it is an erased person, else None."""
    if table not in PERSONAL_COLUMNS or not row:
        return None
    value = row.get(ERASED_MARK_COLUMN)
    return value if isinstance(value, str) and ERASED.match(value) else None


def audited_old_value(table: str, column: str, old: str | None, after: Mapping[str, Any] | None) -> str | None:
    """The old value the audit trail keeps: for a personal field of a row being erased, the erasure mark."""
    mark = erased_mark(table, after)
    if mark is not None and column in PERSONAL_COLUMNS[table] and old not in (None, ""):
        return mark
    return old


def as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True, slots=True)
class RowChange:
    """One row written by a flush: its values (by column name) before and after; None where it did not exist."""

    table: str
    key: tuple[Any, ...]
    operation: Operation
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None
    #: The row as the write left it (:func:`fingerprint`), None when it deleted the row: kept when ``after``
    #: is let go, so that undo can tell whether anyone changed the row since.
    left: int | None = None


def row_changes(session: Session) -> list[RowChange]:
    """Every row the session's flushes wrote in this transaction so far, in order, with its values before.

    The values after are only held until the audit rows of their flush are written (``after`` is None here):
    a large import keeps no second copy of every row it wrote.
    """
    changes = session.info.setdefault(CHANGES_KEY, [])
    assert isinstance(changes, list)
    return changes


def rows_writing(session: Session) -> list[tuple[str, tuple[Any, ...], int]]:
    """The versioned rows the flush under way updates or deletes: (table, key, the version it loaded)."""
    rows = session.info.get(WRITING_KEY, [])
    assert isinstance(rows, list)
    return rows


def touched_tables(session: Session) -> set[str]:
    """The tables the session's flushes wrote to so far (the audit table not counted)."""
    return {change.table for change in row_changes(session)}


def table_of(mapper: Mapper[Any]) -> Table:
    """The table a mapped class writes (every class here maps one plain table)."""
    table = mapper.local_table
    assert isinstance(table, Table)
    return table


def _key(mapper: Mapper[Any], target: object) -> tuple[Any, ...]:
    return tuple(mapper.primary_key_from_instance(target))


def fingerprint(values: Mapping[str, Any] | None) -> int | None:
    """A number that stands for a row's values (its version counter aside); None for no row."""
    if values is None:
        return None
    return hash(tuple(sorted((column, value) for column, value in values.items() if column != VERSION)))


def _read(connection: Connection, mapper: Mapper[Any], key: tuple[Any, ...]) -> dict[str, Any] | None:
    """The row as the database holds it at this moment, converted by the columns' types."""
    table = table_of(mapper)
    condition = and_(*(column == value for column, value in zip(table.primary_key.columns, key, strict=True)))
    row = connection.execute(select(table).where(condition)).mappings().one_or_none()
    return None if row is None else dict(row)


def _record(session: Session, change: RowChange) -> None:
    row_changes(session).append(
        RowChange(change.table, change.key, change.operation, change.before, None, fingerprint(change.after))
    )
    session.info.setdefault(_PENDING_KEY, []).append(change)


def _before_write(mapper: Mapper[Any], connection: Connection, target: object) -> None:
    if isinstance(target, AuditEntry):
        return
    session = object_session(target)
    if session is not None:
        key = _key(mapper, target)
        session.info.setdefault(_BEFORE_KEY, {})[id(target)] = _read(connection, mapper, key)
        if mapper.version_id_col is not None:  # a row that changed since it was loaded fails its flush: which?
            version = inspect(target).attrs[VERSION].loaded_value
            session.info.setdefault(WRITING_KEY, []).append((table_of(mapper).name, key, version))


def _after_write(operation: Operation) -> Any:
    def listener(mapper: Mapper[Any], connection: Connection, target: object) -> None:
        if isinstance(target, AuditEntry):
            return
        session = object_session(target)
        if session is None:
            return
        key = _key(mapper, target)
        before = session.info.get(_BEFORE_KEY, {}).pop(id(target), None)
        after = None if operation is Operation.DELETE else _read(connection, mapper, key)
        _record(session, RowChange(table_of(mapper).name, key, operation, before, after))

    return listener


event.listen(Base, "before_update", _before_write, propagate=True)
event.listen(Base, "before_delete", _before_write, propagate=True)
event.listen(Base, "after_insert", _after_write(Operation.CREATE), propagate=True)
event.listen(Base, "after_update", _after_write(Operation.UPDATE), propagate=True)
event.listen(Base, "after_delete", _after_write(Operation.DELETE), propagate=True)


def _audit_rows(change: RowChange, common: dict[str, Any]) -> list[dict[str, Any]]:
    before, after = change.before or {}, change.after or {}
    record_id = ",".join(str(part) for part in change.key)
    key_columns = set(before if change.operation is Operation.DELETE else after) & _primary_key_names(change.table)
    changed = [
        column
        for column in before.keys() | after.keys()
        if column not in key_columns
        and column != VERSION
        and is_audited(change.table, column)
        and as_text(before.get(column)) != as_text(after.get(column))
    ]
    if not changed and change.operation is Operation.UPDATE and before.get(VERSION) != after.get(VERSION):
        changed = [VERSION]  # a row whose parts changed (``Versioned.touch``): the trail says by whom and when
    rows = [
        {
            **common,
            "operation": change.operation,
            "table_name": change.table,
            "record_id": record_id,
            "field": column,
            "old_value": audited_old_value(change.table, column, as_text(before.get(column)), change.after),
            "new_value": as_text(after.get(column)),
        }
        for column in changed
    ]
    return sorted(rows, key=lambda row: row["field"])


def is_audited(table: str, column: str) -> bool:
    """Whether the trail records the column's values: not for a column that says ``info={"audited": False}`` (the
    machine's own bookkeeping, such as a field record's JSON, which would read as noise in the Logboek)."""
    return bool(Base.metadata.tables[table].c[column].info.get("audited", True))


def _primary_key_names(table: str) -> set[str]:
    return {column.name for column in Base.metadata.tables[table].primary_key.columns}


@event.listens_for(Session, "after_flush")
def _write_audit(session: Session, _flush_context: UOWTransaction) -> None:
    session.info.pop(WRITING_KEY, None)
    pending: list[RowChange] = session.info.pop(_PENDING_KEY, [])
    if not pending:
        return
    common = {
        "at": session.info.get(AT_KEY) or utcnow(),
        "user": session.info.get(USER_KEY) or current_user(),
        "action": session.info.get(ACTION_KEY) or _UNKNOWN_USER,
    }
    # In batches: a large import writes hundreds of thousands of audit rows, never all held at once.
    rows: list[dict[str, Any]] = []
    for change in pending:
        rows += _audit_rows(change, common)
        if len(rows) >= AUDIT_BATCH:
            session.connection().execute(insert(AuditEntry), rows)
            rows = []
    if rows:
        session.connection().execute(insert(AuditEntry), rows)


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction: SessionTransaction) -> None:
    """A new transaction starts with an empty record (the session may be used again)."""
    if transaction.parent is None:
        for key in (CHANGES_KEY, _PENDING_KEY, _BEFORE_KEY, WRITING_KEY):
            session.info.pop(key, None)

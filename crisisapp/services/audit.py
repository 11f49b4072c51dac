"""The *Logboek wijzigingen*: reading the audit trail with filters, in the users' words."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from crisisapp.models import load_all
from crisisapp.models.audit import AuditEntry, Operation

OPERATION_LABELS = {Operation.CREATE: "toegevoegd", Operation.UPDATE: "gewijzigd", Operation.DELETE: "verwijderd"}


@dataclass(frozen=True, slots=True)
class AuditRecord:
    id: int
    at: datetime
    user: str
    action: str
    operation: Operation
    table: str
    record_id: str
    field: str
    old_value: str | None
    new_value: str | None


@dataclass(frozen=True, slots=True)
class AuditFilter:
    table: str | None = None
    user: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    text: str = ""


def table_label(table: str) -> str:
    """The users' name for a table ("Programma: voortgang prioriteit 6"), from the model's table info."""
    found = load_all().tables.get(table)
    return str(found.info.get("label", table)) if found is not None else table


def field_label(table: str, field: str) -> str:
    found = load_all().tables.get(table)
    if found is None or field not in found.columns:
        return field
    return str(found.columns[field].info.get("label", field))


def _filtered(statement: Select[Any], chosen: AuditFilter) -> Select[Any]:
    if chosen.table:
        statement = statement.where(AuditEntry.table_name == chosen.table)
    if chosen.user:
        statement = statement.where(AuditEntry.user == chosen.user)
    if chosen.since:
        statement = statement.where(AuditEntry.at >= chosen.since)
    if chosen.until:
        statement = statement.where(AuditEntry.at < chosen.until)
    for word in chosen.text.split():
        pattern = f"%{word}%"
        statement = statement.where(
            or_(
                AuditEntry.old_value.ilike(pattern),
                AuditEntry.new_value.ilike(pattern),
                AuditEntry.action.ilike(pattern),
                AuditEntry.record_id.ilike(pattern),
            )
        )
    return statement


def entries(session: Session, chosen: AuditFilter, limit: int = 2000) -> tuple[tuple[AuditRecord, ...], int]:
    """The newest ``limit`` audit rows that pass the filter, and how many pass it in all."""
    total: int | None = session.scalar(_filtered(select(func.count(AuditEntry.id)), chosen))
    rows: list[AuditEntry] = list(
        session.scalars(_filtered(select(AuditEntry), chosen).order_by(AuditEntry.id.desc()).limit(limit))
    )
    records = tuple(
        AuditRecord(
            row.id,
            row.at,
            row.user,
            row.action,
            row.operation,
            row.table_name,
            row.record_id,
            row.field,
            row.old_value,
            row.new_value,
        )
        for row in rows
    )
    return records, total or 0


def choices(session: Session) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The tables and users that occur in the audit trail, for the filters."""
    tables = tuple(session.scalars(select(AuditEntry.table_name).distinct().order_by(AuditEntry.table_name)))
    users = tuple(session.scalars(select(AuditEntry.user).distinct().order_by(AuditEntry.user)))
    return tables, users

"""The *Logboek wijzigingen*: reading the audit trail with filters, in the users' words."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from crisisapp.dutch import number
from crisisapp.models import load_all
from crisisapp.models.audit import AuditEntry, Operation
from crisisapp.timeutil import date_text, format_datetime

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
    for word in chosen.text.split():  # each word somewhere, as typed: "%" and "_" are no wildcards
        statement = statement.where(
            or_(
                *(
                    column.icontains(word, autoescape=True)
                    for column in (AuditEntry.old_value, AuditEntry.new_value, AuditEntry.action, AuditEntry.record_id)
                )
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
    return _distinct(session, AuditEntry.table_name), _distinct(session, AuditEntry.user)


def _distinct(session: Session, column: InstrumentedAttribute[str]) -> tuple[str, ...]:
    """The values of an indexed column in order, each found by one step through its index from the one before (a
    loose index scan in one recursive query): a few dozen steps, however many entries the audit trail holds."""
    found = select(func.min(column).label("value")).cte("found", recursive=True)
    following = select(select(func.min(column)).where(column > found.c.value).scalar_subquery())
    found = found.union_all(following.where(found.c.value.is_not(None)))
    return tuple(session.scalars(select(found.c.value).where(found.c.value.is_not(None)).order_by(found.c.value)))


# -- the Logboek as the user reads it, on screen, on paper and from the command line ----------------------------------

#: The columns of the Logboek.
HEADERS = ("Tijdstip", "Gebruiker", "Actie", "Onderdeel", "Nr.", "Wat", "Veld", "Oude waarde", "Nieuwe waarde")


_YES_NO = {"True": "ja", "False": "nee"}


def readable(value: str | None) -> str:
    """A stored value as the user reads it: moments in Dutch local time, days as Dutch dates, yes and no in
    Dutch, the rest (names, numbers, ids) as it is."""
    if not value:
        return ""
    if value in _YES_NO:
        return _YES_NO[value]
    if len(value) == 10 and value[4] == value[7] == "-":
        try:
            return date_text(date.fromisoformat(value))
        except ValueError:
            return value
    if len(value) >= 25 and value[10] == "T":
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if moment.tzinfo is not None:
            return format_datetime(moment)
    return value


def texts(row: AuditRecord) -> tuple[str, ...]:
    """The cells of an entry under :data:`HEADERS`."""
    return (
        format_datetime(row.at),
        row.user,
        row.action,
        table_label(row.table),
        row.record_id,
        OPERATION_LABELS[row.operation],
        field_label(row.table, row.field),
        readable(row.old_value),
        readable(row.new_value),
    )


def count_text(shown: int, total: int) -> str:
    """How many entries the filters choose, and how many of them are shown."""
    if total > shown:
        return f"De nieuwste {number(shown)} van {number(total)} wijzigingen"
    return "1 wijziging" if total == 1 else f"{number(total)} wijzigingen"


def selection_text(part: str, user: str, since: date, until: date, text: str) -> str:
    """Which entries the filters choose, in words, for the printed list."""
    parts = [f"Onderdeel: {part}", f"gebruiker: {user}", f"van {since:%d-%m-%Y} tot en met {until:%d-%m-%Y}"]
    if text.strip():
        parts.append(f"met ‘{text.strip()}’")
    return " · ".join(parts)

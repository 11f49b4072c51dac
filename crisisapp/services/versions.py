"""Several users at once: a save over a row someone else changed since it was shown is refused, never lost.

Every table users edit carries a version counter (``crisisapp.models.base.Versioned``). The records a list
reads carry the version read with their values; a form filled from such a row, and a one-click change on it
(archive, mark done), expect that version (:func:`shown`), so that a change made between the list's read and
the click is not overwritten with the values the user still sees. ``AppContext.execute(command, expect=...)``
checks it in the command's own transaction, with the row locked (``SELECT … FOR UPDATE`` on a server; a file
has one writer), before the command writes. Undo and redo check that the rows are still as the
step left them (:func:`check_left`). Either refusal names who changed the row and when, from the audit trail.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import Table, UniqueConstraint, and_, select, tuple_
from sqlalchemy.orm import Session

from crisisapp.errors import DomainError
from crisisapp.models.audit import AuditEntry, Operation
from crisisapp.models.base import VERSION, Base
from crisisapp.services.audit import table_label
from crisisapp.storage.audit import fingerprint
from crisisapp.timeutil import to_local

#: Rows checked per statement by :func:`check_left` (an undo of a large import holds thousands).
_CHUNK = 500
#: What the user can do when a form's save (or a one-click change) is refused.
_FORM_ADVICE = "Uw invoer staat nog in het formulier; sluit het en open het opnieuw om de nieuwe gegevens te zien."
_FORM_ADVICE_DELETED = "Uw invoer staat nog in het formulier; sluit het, het gegeven bestaat niet meer."
_CLICK_ADVICE = "Er is niets veranderd; de lijst toont nu de huidige gegevens."
#: ... and when a save of what was typed into a page itself (not a form) is refused: ``{where}`` shows the row as it is.
_KEPT_ADVICE = (
    "Uw invoer is niet opgeslagen en staat er nog; {where} toont nu de huidige stand. Slaat u opnieuw op, dan vervangt "
    "uw invoer die."
)


class ChangedMeanwhileError(DomainError):
    """A save, undo or redo refused because another user changed (or deleted) the row since; nothing changed.
    ``table``: the row's table, whose pages then show it as it is now."""

    def __init__(self, message: str, table: str) -> None:
        super().__init__(message)
        self.table = table


@dataclass(frozen=True, slots=True)
class Loaded:
    """A row as a form or list showed it: its table, key and version (None: a row the form's save will make), and what
    it is in Dutch ("Deze persoon"); ``in_form``: False for a one-click change on a list's row, which has no
    form to keep input in."""

    table: str
    key: tuple[Any, ...]
    version: int | None
    what: str
    in_form: bool = True
    #: The columns whose values ``key`` holds: the primary key's (empty), or a unique natural key's, for a row that
    #: the form showed as not yet there ("action_code": the progress of an action nobody recorded yet).
    by: tuple[str, ...] = ()
    #: For input typed into a page itself, which the page keeps when its save is refused: where the page shows the
    #: row as it is now, in Dutch ("de lijst"); None for a form's input, or a one-click change's.
    shown_in: str | None = None


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _where_key(table: Table, key: tuple[Any, ...], by: tuple[str, ...] = ()) -> Any:
    """The row of ``table`` whose primary key (or the columns ``by``) has the values ``key``."""
    columns = [table.c[name] for name in by] or list(table.primary_key.columns)
    return and_(*(column == value for column, value in zip(columns, key, strict=True)))


class Listed(Protocol):
    """A record a list read: its row's key and the version read together with its values (None: no row yet)."""

    @property
    def id(self) -> object: ...

    @property
    def version(self) -> int | None: ...


def shown(model: type[Base], record: Listed, what: str) -> Loaded:
    """The row of ``model`` that ``record`` shows, at the version read with it: what a form filled from it, or a
    one-click change on it, expects to find (``what``: "Deze persoon")."""
    return Loaded(str(model.__tablename__), (record.id,), record.version, what)


def check_loaded(session: Session, expected: Iterable[Loaded]) -> None:
    """Refuse (:class:`ChangedMeanwhileError`) when a row has another version than its form showed; lock the
    rows that pass until the transaction ends, so nobody changes them between this check and the write."""
    for row in expected:
        table = _table(row.table)
        found = session.execute(
            select(table.c[VERSION], *table.primary_key.columns)
            .where(_where_key(table, row.key, row.by))
            .with_for_update()
        ).first()
        version = None if found is None else found[0]
        if version != row.version:
            who = changed_by(session, row.table, row.key if found is None else tuple(found[1:]))
            raise ChangedMeanwhileError(f"{row.what} is intussen {who}. {_advice(row, version is not None)}", row.table)


def _advice(row: Loaded, exists: bool) -> str:
    """What the user can do now that the save expecting ``row`` was refused (``exists``: the row is still there)."""
    if row.shown_in is not None:
        return _KEPT_ADVICE.format(where=row.shown_in)
    if not row.in_form:
        return _CLICK_ADVICE
    return _FORM_ADVICE if exists else _FORM_ADVICE_DELETED


def check_left(session: Session, rows: Iterable[tuple[str, tuple[Any, ...], int | None]], doing: str) -> None:
    """Refuse ``doing`` ("Ongedaan maken") when a row (table, key, :func:`~crisisapp.storage.audit.fingerprint`
    as a step left it, None where it left none) is no longer as it was left; lock the rows until the end."""
    by_table: dict[str, dict[tuple[Any, ...], int | None]] = {}
    for name, key, left in rows:
        by_table.setdefault(name, {})[key] = left
    for name, left_by_key in by_table.items():
        table = _table(name)
        keys = list(left_by_key)
        now: dict[tuple[Any, ...], Mapping[Any, Any]] = {}
        for start in range(0, len(keys), _CHUNK):
            statement = select(table).where(tuple_(*table.primary_key.columns).in_(keys[start : start + _CHUNK]))
            for row in session.execute(statement.with_for_update()).mappings():
                now[tuple(row[column.name] for column in table.primary_key.columns)] = row
        for key, left in left_by_key.items():
            if fingerprint(now.get(key)) != left:
                record = ",".join(map(str, key))
                raise ChangedMeanwhileError(
                    f"{doing} kan niet: {table_label(name)} nr. {record} is intussen "
                    f"{changed_by(session, name, key)}. {doing} zou die wijziging terugdraaien; er is niets veranderd.",
                    name,
                )


def check_free(session: Session, name: str, values: Mapping[str, Any], doing: str) -> None:
    """Refuse ``doing`` ("Opnieuw") when a row of table ``name`` it puts back (``values`` by column) would share the
    values of a unique constraint with a row written since: the number of an undone log entry given to the next
    entry written. Names that row, who wrote it and when."""
    table = _table(name)
    for constraint in table.constraints:
        if not isinstance(constraint, UniqueConstraint):
            continue
        columns = list(constraint.columns)
        found = session.execute(
            select(*table.primary_key.columns).where(*(column == values[column.name] for column in columns))
        ).first()
        if found is not None:
            key = tuple(found)
            shared = ", ".join(f"{column.info.get('label', column.name)} {values[column.name]}" for column in columns)
            raise ChangedMeanwhileError(
                f"{doing} kan niet: {table_label(name)} nr. {','.join(map(str, key))} heeft intussen dezelfde "
                f"gegevens ({shared}), {changed_by(session, name, key)}. {doing} zou die dubbel maken; er is niets "
                "veranderd.",
                name,
            )


def check_field(session: Session, table: str, key: tuple[Any, ...], column: str, shown: Any, what: str) -> None:
    """Refuse (:class:`ChangedMeanwhileError`, a one-click change's) when ``column`` of the row no longer holds
    ``shown``, the value the user saw: for a change of that one part of a row that others change in other parts at
    the same time (a drill's reaction and its arrival, recorded by two coordinators), where the row's version would
    refuse for nothing. Lock the row until the transaction ends, so nobody changes it between this check and the
    write."""
    statement = select(_table(table).c[column]).where(_where_key(_table(table), key)).with_for_update()
    if session.execute(statement).scalar_one() != shown:
        raise ChangedMeanwhileError(
            f"{what} is intussen {changed_by(session, table, key, column)}. {_CLICK_ADVICE}", table
        )


def changed_by(session: Session, table: str, key: tuple[Any, ...], column: str | None = None) -> str:
    """Who last changed the row (or its ``column``), when and how, as the audit trail says: "gewijzigd door
    j.de.vries op 03-12-2026 om 08:12 (Evenement wijzigen)"."""
    statement = select(AuditEntry.user, AuditEntry.at, AuditEntry.action, AuditEntry.operation).where(
        AuditEntry.table_name == table, AuditEntry.record_id == ",".join(map(str, key))
    )
    if column is not None:
        statement = statement.where(AuditEntry.field == column)
    entry = session.execute(statement.order_by(AuditEntry.id.desc()).limit(1)).one_or_none()
    if entry is None:  # written without the app (by hand, by a script): the trail does not say by whom
        return "gewijzigd buiten CrisisApp om"
    user, at, action, operation = entry
    done = "verwijderd" if operation is Operation.DELETE else "gewijzigd"
    local = to_local(at)
    return f"{done} door {user} op {local:%d-%m-%Y} om {local:%H:%M} ({action})"


def first_changed(session: Session, rows: Iterable[tuple[str, tuple[Any, ...], int]]) -> ChangedMeanwhileError | None:
    """The refusal for the first row (table, key, the version it was loaded with) that has another version now;
    None when none has (the write failed for another reason)."""
    for table, key, version in rows:
        current = session.scalar(select(_table(table).c[VERSION]).where(_where_key(_table(table), key)))
        if current != version:
            return ChangedMeanwhileError(
                f"Niet opgeslagen: {table_label(table)} nr. {','.join(map(str, key))} is intussen "
                f"{changed_by(session, table, key)}. Bekijk de nieuwe gegevens en probeer het opnieuw.",
                table,
            )
    return None

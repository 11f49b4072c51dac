"""Commands: every edit a user can make is one frozen command object, run in one transaction.

A command's :meth:`Command.apply` does the work through the ORM session. :meth:`Command.run` returns its
result together with the inverse: a :class:`Revert` holding the before-image of every row the command wrote
(captured by ``crisisapp.storage.audit``). Running the inverse puts those rows back exactly, with the same
ids, and returns the inverse of the inverse, so undo and redo are the same mechanism all the way down and no
area writes delete/restore twins of its own. An undo or redo is refused when someone else changed one of its
rows since the step it takes back (``crisisapp.services.versions``). ``AppContext.execute`` gives a command
one transaction, one audit label and one change notice; the GUI's undo stack only swaps a command and its
inverse; the command line runs the same commands.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy.orm import Mapper, Session

from crisisapp.errors import DomainError
from crisisapp.models.base import VERSION, Base
from crisisapp.services.versions import check_free, check_left
from crisisapp.storage.audit import RowChange, row_changes, table_of
from crisisapp.storage.constraints import defer_foreign_keys

R = TypeVar("R", covariant=True)


@dataclass(frozen=True, slots=True)
class RowImage:
    """A row as it was before a command: its values by column name (its version counter aside), or None where it
    did not exist yet; ``left``, the row as the command left it (a fingerprint, None where it left none); and
    ``version``, its version counter then (None for no row or a table without one)."""

    table: str
    key: tuple[Any, ...]
    values: tuple[tuple[str, Any], ...] | None
    left: int | None
    version: int | None = None


@dataclass(frozen=True, slots=True)
class Done(Generic[R]):
    """What running a command gave: its result and the command that takes it back."""

    result: R
    inverse: "Revert"


class Command(Generic[R]):
    """One user action. Subclasses are frozen dataclasses holding the action's input, with a Dutch ``label``
    (the audit trail's action and the undo menu's text) and :meth:`apply`."""

    label: ClassVar[str]
    #: After it is saved, the database is compacted (its freed pages and write-ahead log overwritten): for a
    #: command that removes personal data (AVG), so that the old values are gone from the file too.
    compacts: ClassVar[bool] = False

    def title(self) -> str:
        return self.label

    def apply(self, session: Session) -> R:
        raise NotImplementedError

    def run(self, session: Session) -> Done[R]:
        """Apply the command and capture how to take it back; the caller owns the transaction."""
        changes = row_changes(session)
        start = len(changes)
        result = self.apply(session)
        session.flush()
        return Done(result, Revert(before_images(changes[start:]), self.title(), undoing=True))

    def do(self, session: Session) -> "Revert":
        """Apply the command; return its inverse."""
        return self.run(session).inverse


def before_images(changes: Iterable[RowChange]) -> tuple[RowImage, ...]:
    """Per row written, its state before the first write and as the last write left it.

    The version counter is not put back: a row an undo restores gets a new version, so that a form that showed
    the row before the undo cannot save over it unseen; a row it inserts again continues past the version it had.
    """
    first: dict[tuple[str, tuple[Any, ...]], RowChange] = {}
    last: dict[tuple[str, tuple[Any, ...]], RowChange] = {}
    for change in changes:
        first.setdefault((change.table, change.key), change)
        last[(change.table, change.key)] = change
    return tuple(
        RowImage(
            change.table,
            change.key,
            None if change.before is None else tuple(sorted(i for i in change.before.items() if i[0] != VERSION)),
            last[row].left,
            None if change.before is None else change.before.get(VERSION),
        )
        for row, change in first.items()
    )


@dataclass(frozen=True, slots=True)
class Revert(Command[None]):
    """Put rows back as they were: delete the ones that did not exist, restore the others with their ids."""

    images: tuple[RowImage, ...]
    of: str
    undoing: bool

    label: ClassVar[str] = "Ongedaan maken"

    def title(self) -> str:
        return f"{self.doing()}: {self.of}"

    def doing(self) -> str:
        return "Ongedaan maken" if self.undoing else "Opnieuw"

    def run(self, session: Session) -> Done[None]:
        done = Command.run(self, session)
        return Done(None, Revert(done.inverse.images, self.of, undoing=not self.undoing))

    def apply(self, session: Session) -> None:
        # Someone else's change since the step is not taken back unseen; the rows stay locked until the end.
        check_left(session, ((i.table, i.key, i.left) for i in self.images), self.doing())
        # Rows come back in table order, but a row may point at one restored later in the same revert
        # (or away from one deleted in it): foreign keys are checked at commit, not per statement.
        defer_foreign_keys(session)
        order = {table.name: index for index, table in enumerate(Base.metadata.sorted_tables)}
        mappers = _mappers()
        created = sorted((i for i in self.images if i.values is None), key=lambda i: -order[i.table])
        existing = sorted((i for i in self.images if i.values is not None), key=lambda i: order[i.table])
        for image in created:  # children first
            row = session.get(mappers[image.table].class_, image.key)
            if row is not None:
                session.delete(row)
        session.flush()
        for image in existing:  # parents first
            mapper = mappers[image.table]
            values = {_attribute(mapper, column): value for column, value in image.values or ()}
            row = session.get(mapper.class_, image.key)
            if row is None:
                check_free(session, image.table, dict(image.values or ()), self.doing())
                row = mapper.class_(**values)
                session.add(row)
                if image.version is not None:  # the ORM inserts every row at version 1, then counts on from it
                    session.flush()
                    setattr(row, _attribute(mapper, VERSION), image.version + 1)
            else:
                for name, value in values.items():
                    setattr(row, name, value)
            session.flush()


def _mappers() -> dict[str, Mapper[Any]]:
    return {table_of(mapper).name: mapper for mapper in Base.registry.mappers}


def _attribute(mapper: Mapper[Any], column: str) -> str:
    return mapper.get_property_by_column(table_of(mapper).columns[column]).key


ModelT = TypeVar("ModelT", bound=Base)


def existing(session: Session, model: type[ModelT], key: object, what: str) -> ModelT:
    """The row ``key`` of ``model``, or a DomainError that ``what`` (Dutch, capitalised) no longer exists."""
    row = session.get(model, key)
    if row is None:
        raise DomainError(f"{what} {key} bestaat niet (meer).")
    return row


@dataclass(frozen=True, slots=True)
class DeleteRecord(Command[None]):
    """Delete one row by its id; a subclass names the ``model`` and ``what`` it is in Dutch."""

    record_id: int

    model: ClassVar[type[Base]]
    what: ClassVar[str]

    def apply(self, session: Session) -> None:
        session.delete(existing(session, self.model, self.record_id, self.what))

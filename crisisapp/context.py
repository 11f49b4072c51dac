"""AppContext: what the app works with (database, clock, change listeners), passed in, never global."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import event
from sqlalchemy.orm import Session

from crisisapp.storage.database import Database
from crisisapp.timeutil import utcnow

ChangeListener = Callable[[frozenset[str]], None]
P = ParamSpec("P")
R = TypeVar("R")


def _touched_tables(session: Session) -> set[str]:
    tables = session.info.setdefault("touched_tables", set())
    assert isinstance(tables, set)
    return tables


@event.listens_for(Session, "before_flush")
def _record_touched_tables(session: Session, _context: Any, _instances: Any) -> None:
    touched = _touched_tables(session)
    for obj in (*session.new, *session.dirty, *session.deleted):
        touched.add(obj.__table__.name)


@dataclass
class AppContext:
    database: Database
    clock: Callable[[], datetime] = utcnow
    _listeners: list[ChangeListener] = field(default_factory=list)

    def call(self, use_case: Callable[Concatenate[Session, P], R], *args: P.args, **kwargs: P.kwargs) -> R:
        """Run a service function in one transaction; listeners hear which tables it changed."""
        with self.database.sessions.begin() as session:
            result = use_case(session, *args, **kwargs)
            session.flush()
            touched = frozenset(_touched_tables(session))
        if touched:
            for listener in list(self._listeners):
                listener(touched)
        return result

    def now(self) -> datetime:
        return self.clock()

    def add_listener(self, listener: ChangeListener) -> None:
        self._listeners.append(listener)

    def remove_listener(self, listener: ChangeListener) -> None:
        self._listeners.remove(listener)

    def close(self) -> None:
        self._listeners.clear()
        self.database.close()

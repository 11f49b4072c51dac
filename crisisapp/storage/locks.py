"""Work that two users of one server database must do in turn, not at once (a database file has one writer at a time
and needs nothing)."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session


def in_turn(session: Session, *key: int) -> None:
    """Until the transaction of ``session`` ends, no other transaction gets past this point with the same ``key``
    (two integers) on a server: it waits here (an advisory lock, which asks no right on any table)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(*key)))

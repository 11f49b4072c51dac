"""Foreign keys checked at commit instead of per statement, on either engine.

Undo and redo put rows back in table order, but a row may point at one restored later in the same
transaction (or away from one deleted in it). SQLite defers every foreign key on request
(``PRAGMA defer_foreign_keys``); PostgreSQL defers only constraints declared DEFERRABLE, which
:func:`make_foreign_keys_deferrable` makes of every foreign key after each upgrade of a server database.
"""

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

#: The foreign keys of the public schema that cannot be deferred yet.
_NOT_DEFERRABLE = text(
    "SELECT c.conrelid::regclass::text, c.conname FROM pg_constraint c "
    "JOIN pg_namespace n ON n.oid = c.connamespace "
    "WHERE c.contype = 'f' AND NOT c.condeferrable AND n.nspname = current_schema() ORDER BY 1, 2"
)


def defer_foreign_keys(session: Session) -> None:
    """Check the foreign keys of the session's transaction at its commit."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        session.execute(text("PRAGMA defer_foreign_keys = ON"))
    elif dialect == "postgresql":
        session.execute(text("SET CONSTRAINTS ALL DEFERRED"))


def not_deferrable(connection: Connection) -> list[tuple[str, str]]:
    """(table, constraint) of every foreign key of a server database that cannot be deferred."""
    return [(str(table), str(name)) for table, name in connection.execute(_NOT_DEFERRABLE)]


def make_foreign_keys_deferrable(connection: Connection) -> None:
    """Make every foreign key of a server database DEFERRABLE INITIALLY IMMEDIATE: checked per statement as
    before, unless a transaction asks to defer them. Also those a later migration adds."""
    preparer = connection.dialect.identifier_preparer
    for table, name in not_deferrable(connection):
        connection.exec_driver_sql(
            f"ALTER TABLE {table} ALTER CONSTRAINT {preparer.quote(name)} DEFERRABLE INITIALLY IMMEDIATE"
        )

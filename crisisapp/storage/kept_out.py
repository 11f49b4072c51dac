"""While a restore replaces the data of a server database, nobody else may connect to it
(``server_backup._others_kept_out`` revokes CONNECT). The grants to put back are first written into the database's
comment, so that a restore killed before it let the others back in (kill -9, a power cut, a lost SSH session) does
not leave them out for good: the next restore, or the next start of CrisisApp by a role that may change the grants
(the database's owner, a superuser), puts them back once the killed restore's session has gone.
"""

import json
import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, text

from crisisapp.timeutil import format_datetime

log = logging.getLogger(__name__)

#: The start of the comment while the others are kept out; the rest is JSON (see :class:`KeptOut`).
MARK = "CrisisApp: afgesloten voor anderen zolang er een back-up wordt teruggezet. "
#: Whether this role may change who connects to the database ``d`` (``r``: the role): a superuser, or its owner or a
#: member of it.
MAY_CHANGE_GRANTS = "r.rolsuper OR pg_has_role(current_user, d.datdba, 'USAGE')"
#: Of this role and this database (``FROM`` this).
THIS_DATABASE = "FROM pg_database d, pg_roles r WHERE d.datname = current_database() AND r.rolname = current_user"
#: The database's comment, and whether this role may change who connects: one query, which every start on a server
#: makes.
_STATE = text(f"SELECT shobj_description(d.oid, 'pg_database'), {MAY_CHANGE_GRANTS} {THIS_DATABASE}")


@dataclass(frozen=True)
class KeptOut:
    """Who keeps the others out, from which session and since when; the statements that let them back in, and the
    comment the database had before."""

    pid: int
    by: str
    since: str
    back: tuple[str, ...]
    comment: str | None

    def alive(self, connection: Connection) -> bool:
        """Whether the session that keeps the others out is still there (the restore is under way)."""
        found = connection.execute(
            text("SELECT 1 FROM pg_stat_activity WHERE pid = :pid AND usename = :by"), {"pid": self.pid, "by": self.by}
        )
        return found.first() is not None


def _parse(comment: str | None) -> KeptOut | None:
    if comment is None or not comment.startswith(MARK):
        return None
    try:
        values = json.loads(comment[len(MARK) :])
        return KeptOut(
            int(values["pid"]), str(values["by"]), str(values["since"]), tuple(values["back"]), values["comment"]
        )
    except (ValueError, KeyError, TypeError):
        return None  # not written by CrisisApp after all: left alone


def _comment_on(connection: Connection, comment: str | None) -> None:
    database = connection.dialect.identifier_preparer.quote(
        str(connection.execute(text("SELECT current_database()")).scalar_one())
    )
    literal = (
        "NULL" if comment is None else connection.execute(text("SELECT quote_literal(:c)"), {"c": comment}).scalar()
    )
    connection.execute(text(f"COMMENT ON DATABASE {database} IS {literal}"))


def state(connection: Connection) -> tuple[KeptOut | None, bool, str | None]:
    """Who keeps the others out now (None: nobody), whether this role may change the grants, and the comment."""
    comment, may = connection.execute(_STATE).one()
    return _parse(comment), bool(may), comment


def mark(connection: Connection, back: list[str], comment: str | None) -> None:
    """Write down, before the others are kept out, what lets them back in (``back``) and the comment to put back."""
    me, pid = connection.execute(text("SELECT current_user, pg_backend_pid()")).one()
    values = {
        "pid": pid,
        "by": me,
        "since": format_datetime(datetime.now().astimezone()),
        "back": back,
        "comment": comment,
    }
    _comment_on(connection, MARK + json.dumps(values, ensure_ascii=False))


def let_back_in(connection: Connection, kept: KeptOut) -> None:
    """Run the statements that let the others back in, and give the database its comment back."""
    for statement in kept.back:
        connection.execute(text(statement))
    _comment_on(connection, kept.comment)


def unmark(connection: Connection, comment: str | None) -> None:
    """The others are back in: the database's comment as it was."""
    _comment_on(connection, comment)


def reopen_abandoned(connection: Connection, name: str) -> str | None:
    """When a restore was killed before it let the others back in into the database of ``connection`` (its session
    is gone), and this role may, let them back in; what was done, in Dutch (also logged), or None."""
    kept, may, _comment = state(connection)
    if kept is None or not may or kept.alive(connection):
        return None
    let_back_in(connection, kept)
    done = (
        f"Het terugzetten van een back-up in {name} door {kept.by} (begonnen {kept.since}) is afgebroken voordat het "
        "de anderen weer toeliet; zij kunnen nu weer verbinding maken."
    )
    log.warning(done)
    return done

"""Every command a user can give: do -> undo -> redo returns the database to exactly the right state.

Each area lists how to draw a valid command of each of its types from the demo database in a ``BUILDERS``
table (``tests/commands_<area>.py``); a test makes sure no command type is left out.
"""

import importlib
import pkgutil
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

import crisisapp.services
from crisisapp.context import AppContext
from crisisapp.errors import DomainError
from crisisapp.models.audit import AuditEntry, Operation
from crisisapp.models.base import Base
from crisisapp.services.commands import Command, Revert
from crisisapp.services.demo import FillDemo
from tests import (
    commands_events,
    commands_hulpdiensten,
    commands_incident,
    commands_jaarwisseling,
    commands_offline,
    commands_organisation,
    commands_oto,
    commands_piket,
    commands_programme,
)
from tests.commands_support import dump, last_audit_id, round_trip

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
Builder = Callable[[AppContext, st.DataObject], Command[Any] | None]
BUILDERS: dict[type[Command[Any]], Builder] = {
    **commands_hulpdiensten.BUILDERS,
    **commands_piket.BUILDERS,
    **commands_events.BUILDERS,
    **commands_programme.BUILDERS,
    **commands_jaarwisseling.BUILDERS,
    **commands_organisation.BUILDERS,
    **commands_oto.BUILDERS,
    **commands_incident.BUILDERS,
    **commands_offline.BUILDERS,
}
#: Commands with a round trip of their own below, not drawn from the demo database.
OWN_TEST = {FillDemo}


def command_types() -> set[str]:
    """The names of every concrete command class in crisisapp.services."""
    for module in pkgutil.iter_modules(crisisapp.services.__path__):
        importlib.import_module(f"crisisapp.services.{module.name}")
    found: set[type[Command[Any]]] = set()
    todo: list[type[Command[Any]]] = [Command]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            found.add(sub)
    # by name: @dataclass(slots=True) makes a new class and the one it replaced stays a subclass too; a base that an
    # area's commands share (DeleteRecord, evaluation.AddFinding) has no label of its own; a test's own command is
    # not one a user gives
    return {
        name(cls) for cls in found if hasattr(cls, "label") and cls.__module__.startswith("crisisapp.services.")
    } - {name(Revert)}


def name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


@pytest.fixture
def demo(demo_context: AppContext) -> AppContext:
    demo_context.clock = lambda: NOW
    return demo_context


def test_every_command_type_has_a_builder():
    missing = command_types() - {name(cls) for cls in (*BUILDERS, *OWN_TEST)}
    assert not missing, f"commands without a builder in tests/commands_<area>.py: {sorted(missing)}"


#: Examples per command type: the server's round trips are slower, and what they add over the file's is the
#: engine's part (deferred foreign keys, sequences, types), not more of the commands' own cases.
EXAMPLES = {"sqlite": 8, "postgresql": 2}


@pytest.mark.parametrize("command_type", sorted(BUILDERS, key=lambda cls: cls.__qualname__), ids=lambda c: c.__name__)
def test_do_undo_redo_restores_every_table_exactly(demo, engine, command_type):
    @settings(max_examples=EXAMPLES[engine], deadline=None)
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        command = BUILDERS[command_type](demo, data)
        if command is None:  # nothing in the database to apply it to
            return
        assert isinstance(command, command_type)
        try:
            round_trip(demo, command)
        except DomainError:
            before = dump(demo)
            with pytest.raises(DomainError):
                demo.execute(command)
            assert dump(demo) == before  # a refused command leaves nothing behind

    check()


def audit_rows(context: AppContext) -> int:
    with context.database.sessions() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def test_undo_and_redo_are_audited_under_their_own_label(demo):
    from crisisapp.services import hulpdiensten as hd

    done = demo.execute(hd.AddMeeting(NOW.date(), "Uitleg AED-kaart", 12))
    undo = demo.execute(done.inverse)
    demo.execute(undo.inverse)
    with demo.database.sessions() as session:
        rows = session.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.table_name == "hartslagnu_meeting", AuditEntry.record_id == str(done.result))
            .order_by(AuditEntry.id)
        )
        actions = list(dict.fromkeys(rows))
    label = "Bijeenkomst burgerhulpverleners vastleggen"
    assert actions == [label, f"Ongedaan maken: {label}", f"Opnieuw: {label}"]
    assert [m.id for m in demo.call(hd.meetings) if m.subject == "Uitleg AED-kaart"] == [done.result]


def test_a_refused_command_writes_nothing_and_no_audit(demo):
    from crisisapp.services import hulpdiensten as hd

    before, rows = dump(demo), audit_rows(demo)
    with pytest.raises(DomainError):
        demo.execute(hd.AddCount(NOW.date(), 10, 20, "teveel gecertificeerd"))
    assert dump(demo) == before
    assert audit_rows(demo) == rows


def test_filling_the_demo_is_one_command_undone_exactly(context):
    context.clock = lambda: NOW
    round_trip(context, FillDemo(NOW))


#: Tables no user edits (the teams of the crisis organisation are fixed by the migration that seeds them).
NEVER_EDITED = {AuditEntry.__tablename__, "team"}


@pytest.mark.file_only("which tables the builders reach is the engines' alike; the server's audit is checked above")
def test_the_audit_trail_walks_every_table(demo):
    """Every table is written by some command, and each create, update and delete of it (the undo of a create
    is a delete) leaves audit rows naming the field with its old and new value (checked in round_trip)."""
    walked: dict[str, set[Operation]] = defaultdict(set)

    @settings(max_examples=1, derandomize=True, database=None, deadline=None)
    @given(data=st.data())
    def walk(data: st.DataObject) -> None:
        for build in BUILDERS.values():
            command = build(demo, data)
            if command is None:
                continue
            since = last_audit_id(demo)
            try:
                round_trip(demo, command)
            except DomainError:
                continue
            with demo.database.sessions() as session:
                rows = session.execute(
                    select(AuditEntry.table_name, AuditEntry.operation).where(AuditEntry.id > since).distinct()
                )
                for table, operation in rows:
                    walked[table].add(operation)

    walk()
    tables = {table.name for table in Base.metadata.sorted_tables} - NEVER_EDITED
    assert tables - walked.keys() == set()
    # what a command creates, its undo deletes; norms and progress are also changed in place
    assert {table for table, operations in walked.items() if Operation.CREATE in operations} == {
        table for table, operations in walked.items() if Operation.DELETE in operations
    }
    assert walked["oto_kind_norm"] == {Operation.UPDATE}
    assert sum(Operation.UPDATE in operations for operations in walked.values()) >= 15

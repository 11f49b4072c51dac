"""The audit trail: one row per changed field in every area, in the change's own transaction."""

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from crisisapp.context import AppContext
from crisisapp.errors import DomainError
from crisisapp.models.audit import AuditEntry, Operation
from crisisapp.models.programme import ProgressStatus
from crisisapp.models.settings import Setting
from crisisapp.services import audit, programme, settings
from crisisapp.services.audit import AuditFilter
from crisisapp.services.commands import Command, DeleteRecord
from crisisapp.services.hulpdiensten import AddMeeting
from crisisapp.storage.database import open_database

NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)


def all_entries(context):
    return context.call(
        lambda session: [
            (e.operation, e.table_name, e.field, e.old_value, e.new_value, e.action, e.user)
            for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))
        ]
    )


def test_create_and_update_are_recorded_field_by_field(context):
    context.user = "j.devries"
    context.clock = lambda: NOW
    context.execute(programme.SetProgress("6.1.2", ProgressStatus.BEZIG, "gepland", NOW))
    context.execute(programme.SetProgress("6.1.2", ProgressStatus.GEREED, "gepland", NOW))
    entries = all_entries(context)
    created = [e for e in entries if e[0] is Operation.CREATE]
    assert {e[2] for e in created} == {"action_code", "status", "note", "updated_at"}
    assert all(e[5] == "Voortgang van een programma-actie bijwerken" and e[6] == "j.devries" for e in entries)
    updated = [e for e in entries if e[0] is Operation.UPDATE]
    assert updated == [
        (
            Operation.UPDATE,
            "programme_action_progress",
            "status",
            "bezig",
            "gereed",
            "Voortgang van een programma-actie bijwerken",
            "j.devries",
        ),
    ]  # unchanged note and same updated_at: no rows


def test_other_areas_and_deletes_are_recorded_too(context, tmp_path):
    context.execute(settings.SetBackupFolder(tmp_path / "elders"))

    class RemoveSetting(DeleteRecord):
        label = "Instelling verwijderen"
        model = Setting
        what = "Instelling"

    context.execute(RemoveSetting(settings.BACKUP_FOLDER))
    entries = all_entries(context)
    assert [(e[0], e[2]) for e in entries] == [
        (Operation.CREATE, "value"),
        (Operation.DELETE, "value"),
    ]
    assert entries[0][4] == str(tmp_path / "elders") == entries[1][3]
    assert entries[1][5] == "Instelling verwijderen"


def test_a_rolled_back_change_leaves_no_audit_row(context):
    @dataclass(frozen=True)
    class HalfThenRefuse(Command[None]):
        label = "Half werk"

        def apply(self, session):
            programme.SetProgress("6.4.1", ProgressStatus.GEREED, "mag niet blijven", NOW).apply(session)
            raise DomainError("geweigerd")

    with pytest.raises(DomainError):
        context.execute(HalfThenRefuse())
    assert all_entries(context) == []
    assert context.call(programme.get_progress) == {}


def test_logboek_filters_and_labels(context):
    context.user = "a.jansen"
    context.execute(programme.SetProgress("6.1.1", ProgressStatus.BEZIG, "crisisplan", NOW))
    context.user = "b.smit"
    context.execute(programme.SetProgress("6.1.1", ProgressStatus.GEREED, "crisisplan klaar", NOW))
    rows, total = context.call(audit.entries, AuditFilter(user="b.smit"))
    assert total == len(rows) == 2  # status and note; updated_at is the same NOW
    assert {r.field for r in rows} == {"status", "note"}
    rows, total = context.call(audit.entries, AuditFilter(text="klaar"))
    assert [(r.old_value, r.new_value) for r in rows] == [("crisisplan", "crisisplan klaar")]
    context.execute(programme.SetProgress("6.1.2", ProgressStatus.BEZIG, "Ömer Özdemir: 100% klaar_zetten", NOW))
    for typed in ("özdemir", "ÖMER", "100%", "klaar_zetten"):  # any case, also beyond A–Z; "%" and "_" as typed
        rows, total = context.call(audit.entries, AuditFilter(text=typed))
        assert [r.new_value for r in rows] == ["Ömer Özdemir: 100% klaar_zetten"], typed
    for wildcard in ("%", "_", "crisis%klaar", "k_aar"):
        rows, total = context.call(audit.entries, AuditFilter(text=wildcard))
        assert all(wildcard in (r.new_value or "") for r in rows), wildcard
    rows, total = context.call(audit.entries, AuditFilter(), 2)
    assert len(rows) == 2 and total == 10
    assert audit.table_label("programme_action_progress") == "Programma: voortgang prioriteit 6"
    assert audit.field_label("programme_action_progress", "note") == "toelichting"
    tables, users = context.call(audit.choices)
    assert tables == ("programme_action_progress",) and users == ("a.jansen", "b.smit")


def test_the_filters_offer_each_user_and_table_once_in_the_databases_own_order(context):
    """The choices come from a step-by-step walk through the indexes; they are exactly what a DISTINCT over every
    entry gives, also for users whose names are prefixes of others, differ in case only, or are not ASCII."""
    users = ["a", "a.jansen", "A.Jansen", "b.smit", "é.ünal", "zz", "a.jansen2"]
    with context.database.sessions.begin() as session:
        session.add_all(
            AuditEntry(
                at=NOW,
                user=users[n % len(users)],
                action="Invoer",
                operation=Operation.CREATE,
                table_name=("person", "event", "nye_task")[n % 3],
                record_id=str(n),
                field="naam",
            )
            for n in range(300)
        )
    with context.database.sessions() as session:
        expected = (
            tuple(session.scalars(select(AuditEntry.table_name).distinct().order_by(AuditEntry.table_name))),
            tuple(session.scalars(select(AuditEntry.user).distinct().order_by(AuditEntry.user))),
        )
    tables, found_users = context.call(audit.choices)
    assert (tables, found_users) == expected
    assert sorted(found_users) == sorted(users) and sorted(tables) == ["event", "nye_task", "person"]


def test_the_audit_user_is_the_operating_system_account_not_an_environment_variable(db_path, monkeypatch):
    pwd = pytest.importorskip("pwd")  # POSIX; Windows asks its logon session
    for variable in ("LOGNAME", "USER", "USERNAME"):
        monkeypatch.setenv(variable, "burgemeester")
    try:
        account = pwd.getpwuid(os.getuid()).pw_name
    except KeyError:  # an account without an entry (containers)
        account = f"uid {os.getuid()}"
    assert account != "burgemeester"
    ctx = AppContext(open_database(db_path), clock=lambda: NOW)
    try:
        ctx.execute(AddMeeting(date(2026, 11, 26), "Instructie AED en reanimatie", 14))
        entries = all_entries(ctx)
    finally:
        ctx.close()
    assert entries and {entry[6] for entry in entries} == {account}

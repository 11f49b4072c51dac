"""Offline copies for the field: a copy of a server database (PostgreSQL), field records added in it, sent back
exactly once, conflicts reported and never overwritten. The copy and sync tests need a server and skip without
one (tests/conftest.py); the refusals and the journal also run on a file marked as a copy by hand."""

import json
import os
import signal
import stat
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from crisisapp.context import AppContext
from crisisapp.errors import DomainError, ReadOnlyError
from crisisapp.models import load_all
from crisisapp.models.audit import AuditEntry
from crisisapp.models.events import CheckItem, CheckResult, Event, Outcome
from crisisapp.models.incident import Call, CallOutcome, EntryKind, Incident, LogEntry
from crisisapp.models.offline import FieldRecord
from crisisapp.models.organisation import Person
from crisisapp.models.oto import Activity, ActivityKind, Participant, Presence
from crisisapp.models.settings import Setting
from crisisapp.services import events, incident, jaarwisseling, organisation, oto
from crisisapp.services.commands import Revert, RowImage
from crisisapp.services.offline import OFFLINE_KEY, STALE_AFTER, NotInOfflineCopyError, OfflineMark
from crisisapp.services.offline_sync import SyncInterruptedError, _shown, database_id, make_copy, synchronise
from crisisapp.storage import offline as offline_storage
from crisisapp.storage.audit import current_user
from crisisapp.storage.database import StorageError, inspect_file, open_database
from crisisapp.storage.revision import HEAD
from crisisapp.storage.roles import KINDS, municipality_role
from crisisapp.storage.server import ServerDatabase, open_server
from crisisapp.storage.server_backup import backup_server, restore_server
from tests.clock import NOW, fixed_clock
from tests.test_cli import crisisapp

KILLED_AT = """
import sys
from crisisapp.storage import faults
from crisisapp.app import main
faults.kill_at(sys.argv[1], int(sys.argv[2]))
sys.exit(main(sys.argv[3:]))
"""
KILLED_IN_THE_FIELD = """
import sys
from datetime import datetime
from pathlib import Path
from crisisapp.context import AppContext
from crisisapp.errors import DomainError, ReadOnlyError
from crisisapp.services import jaarwisseling
from crisisapp.storage import faults
from crisisapp.storage.database import open_database
context = AppContext(open_database(Path(sys.argv[1]), create=False))
faults.kill_at("journal", 1)
context.execute(jaarwisseling.LogIncident(2026, datetime.fromisoformat(sys.argv[2]), "brand", "Markt"))
"""


def _killed(script: str, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    result = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == -signal.SIGKILL, result.stderr


LATER = NOW + timedelta(minutes=30)
NEW_YEARS_EVE = NOW.replace(month=12, day=31, hour=23)


@pytest.fixture
def server(server_database) -> Iterator[AppContext]:
    """The demo data on a server database of this test's own."""
    context = AppContext(open_server(server_database("demo")), clock=fixed_clock)
    yield context
    context.close()


def _open(path: Path) -> AppContext:
    return AppContext(open_database(path, create=False), clock=lambda: LATER)


@pytest.fixture
def copy(server: AppContext, tmp_path: Path) -> Iterator[AppContext]:
    path = tmp_path / "veld.sqlite3"
    make_copy(server, path)
    context = _open(path)
    yield context
    context.close()


def count(context: AppContext, model: Any) -> int:
    with context.database.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def unchecked_item(context: AppContext) -> tuple[int, Any]:
    """An item of an event that has begun, without any result; with the event's start."""
    with context.database.sessions() as session:
        checked = select(CheckResult.item_id)
        item_id, start = session.execute(
            select(CheckItem.id, Event.start)
            .join(Event)
            .where(Event.start < NOW, CheckItem.id.not_in(checked))
            .order_by(CheckItem.id)
        ).first()
        return item_id, start


def open_incident(context: AppContext) -> tuple[int, int, int]:
    """The open incident of the demo, with a function and person of a call made in it."""
    with context.database.sessions() as session:
        incident_id = session.scalars(select(Incident.id).where(Incident.closed_at.is_(None))).one()
        call = session.scalars(select(Call).where(Call.incident_id == incident_id)).first()
        assert call is not None
        return incident_id, call.function_id, call.person_id


def drill_participant(context: AppContext) -> tuple[int, int, Any]:
    with context.database.sessions() as session:
        activity = session.scalars(
            select(Activity).where(Activity.alarm_at.is_not(None)).order_by(Activity.id.desc())
        ).first()
        assert activity is not None
        participant = session.scalars(select(Participant).where(Participant.activity_id == activity.id)).first()
        assert participant is not None
        return activity.id, participant.person_id, activity.alarm_at


def planned_drill(context: AppContext) -> tuple[int, int]:
    """A turn-out drill whose alarm has not gone yet, with one of its participants."""
    with context.database.sessions() as session:
        activity = session.scalars(
            select(Activity).where(Activity.kind == ActivityKind.OPKOMST, Activity.alarm_at.is_(None))
        ).first()
        assert activity is not None and activity.participants
        return activity.id, activity.participants[0].person_id


def grip(context: AppContext, incident_id: int) -> list[int]:
    """The GRIP levels of an incident, in order."""
    return [change.level for change in context.call(incident.grip_history, incident_id)]


def record_in_the_field(copy: AppContext) -> dict[str, int]:
    """One of every field record, a correction of a new entry and the arrival of a new call among them, and a
    turn-out drill run from its alarm; the copy's ids of what was made."""
    item_id, start = unchecked_item(copy)
    incident_id, function_id, person_id = open_incident(copy)
    activity_id, participant, alarm_at = drill_participant(copy)
    drill, turning_out = planned_drill(copy)
    copy.execute(events.Tick(item_id, "tijdens", Outcome.OK, start + timedelta(hours=1), "P. Veld"))
    copy.execute(oto.SetResponse(activity_id, participant, Presence.RESPONDED, alarm_at + timedelta(minutes=4)))
    entry = copy.execute(incident.AddEntry(incident_id, EntryKind.INFORMATIE, "Rook zichtbaar", NOW, NOW)).result
    copy.execute(incident.AddEntry(incident_id, EntryKind.INFORMATIE, "Geen rook", NOW, LATER, corrects_id=entry.id))
    call = copy.execute(incident.RecordCall(incident_id, function_id, person_id, CallOutcome.REACHED, NOW)).result
    copy.execute(incident.RecordArrival(call.id, LATER))
    copy.execute(jaarwisseling.LogIncident(NOW.year, NEW_YEARS_EVE, "vuurwerkoverlast", "Markt"))
    copy.execute(oto.StartAlarm(drill, NOW + timedelta(minutes=1)))
    copy.execute(oto.CorrectAlarmTime(drill, NOW))  # pressed a minute late
    copy.execute(oto.RecordTime(drill, turning_out, True, NOW + timedelta(minutes=12), None))  # as the drill does
    copy.execute(incident.SetGrip(incident_id, grip(copy, incident_id)[-1] + 1, LATER))
    return {"item": item_id, "incident": incident_id, "entry": entry.id, "call": call.id, "drill": drill}


@pytest.mark.usefixtures("postgres")
@pytest.mark.parametrize("meanwhile", [False, True])
def test_entries_from_the_field_get_the_servers_next_numbers_and_the_report_says_which_changed(server, copy, meanwhile):
    incident_id, _, _ = open_incident(copy)
    last = max(entry.number for entry in copy.call(incident.log, incident_id))  # the demo's log, copied
    smoke = copy.execute(incident.AddEntry(incident_id, EntryKind.INFORMATIE, "Rook zichtbaar", NOW, NOW)).result
    fix = copy.execute(
        incident.AddEntry(incident_id, EntryKind.INFORMATIE, "Geen rook", NOW, LATER, corrects_id=smoke.id)
    ).result
    assert (smoke.number, fix.number, fix.corrects) == (last + 1, last + 2, last + 1)  # the copy's next numbers
    if meanwhile:
        server.execute(incident.AddEntry(incident_id, EntryKind.MELDING, "Op de server", NOW, NOW))

    report = synchronise(copy, server)
    first = last + 1 + meanwhile  # after the entry written on the server meanwhile, if any
    on_server = {entry.text: entry for entry in server.call(incident.log, incident_id)}
    assert (on_server["Rook zichtbaar"].number, on_server["Geen rook"].number) == (first, first + 1)
    assert (on_server["Geen rook"].corrects, on_server["Rook zichtbaar"].corrected_by) == (first, first + 1)
    if not meanwhile:
        assert report.renumbered == ()
        return
    title = server.call(incident.get_incident, incident_id).title
    assert on_server["Op de server"].number == last + 1
    assert report.renumbered == (
        f"In het logboek van incident ‘{title}’ kregen logregels uit de offline kopie een ander nummer, na de "
        f"regels die intussen op de server zijn geschreven: logregel {last + 1} van het veld is regel {last + 2} op "
        f"de server, logregel {last + 2} van het veld is regel {last + 3} op de server.",
    )
    assert report.renumbered[0] in report.text()
    assert synchronise(copy, server).renumbered == ()  # said once, when sent


@pytest.mark.usefixtures("postgres")
def test_the_copy_is_a_private_marked_database_made_whole(server, tmp_path, monkeypatch):
    path = tmp_path / "veld.sqlite3"
    modes: list[int] = []
    real_upgrade = offline_storage.upgrade

    def upgrade_seeing_the_mode(target: Path) -> None:  # the file before any data is in it
        modes.append(stat.S_IMODE(target.stat().st_mode))
        assert not path.exists()  # written beside, moved into place only when whole
        real_upgrade(target)

    monkeypatch.setattr(offline_storage, "upgrade", upgrade_seeing_the_mode)
    old_umask = os.umask(0)
    try:
        mark, written = make_copy(server, path)
    finally:
        os.umask(old_umask)
    assert modes == [0o600]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["veld.sqlite3"]  # no temporary file, no -wal
    assert inspect_file(path).revision == HEAD  # the normal migrations: a normal CrisisApp database
    context = _open(path)
    try:
        assert context.offline_mark() == mark
        assert mark.server == server.name and mark.made_at == NOW
        for model in (Event, CheckItem, Incident, LogEntry, Participant):
            assert count(context, model) == count(server, model) > 0
        assert written.rows["person"] == count(context, Person) > 0 and not written.unreadable
        with context.database.sessions() as session:  # the copy keeps its own identity, not the server's
            ids = {s.key: s.value for s in session.scalars(select(Setting))}
        assert ids["database_id"] != mark.server_id
    finally:
        context.close()
    with pytest.raises(offline_storage.OfflineCopyError, match="bestaat al"):
        make_copy(server, path)


@pytest.mark.usefixtures("postgres")
def test_field_records_reach_the_server_once_with_their_links(server, copy):
    copy.user, server.user = "ovd-veld", "kantoor"
    made = record_in_the_field(copy)
    # Meanwhile the server goes on: its new entry and call take the ids the copy gave its own.
    incident_id, function_id, person_id = open_incident(server)
    server.execute(incident.AddEntry(incident_id, EntryKind.MELDING, "Op de server", NOW, NOW))
    server.execute(incident.RecordCall(incident_id, function_id, person_id, CallOutcome.VOICEMAIL, NOW))
    before = {model: count(server, model) for model in (CheckResult, LogEntry, Call, jaarwisseling.Incident)}
    levels = grip(server, incident_id)

    report = synchronise(copy, server)
    assert (report.sent, report.earlier, report.conflicts) == (11, 0, ())
    assert count(server, CheckResult) == before[CheckResult] + 1
    assert count(server, LogEntry) == before[LogEntry] + 2
    assert count(server, Call) == before[Call] + 1
    assert count(server, jaarwisseling.Incident) == before[jaarwisseling.Incident] + 1
    with server.database.sessions() as session:
        correction = session.scalars(select(LogEntry).where(LogEntry.text == "Geen rook")).one()
        corrected = session.get(LogEntry, correction.corrects_id)
        assert corrected is not None and corrected.text == "Rook zichtbaar"  # the copy's id mapped to the server's
        assert made["entry"] == session.scalars(select(LogEntry.id).where(LogEntry.text == "Op de server")).one()
        arrived = session.scalars(select(Call).where(Call.arrived_at.is_not(None), Call.called_at == NOW)).one()
        assert arrived.outcome is CallOutcome.REACHED
        participant = session.scalars(select(Participant).where(Participant.presence == Presence.RESPONDED)).first()
        assert participant is not None
        drill = session.get(Activity, made["drill"])
        assert drill is not None and drill.alarm_at == NOW  # started in the field, and corrected there
        (turned_out,) = [p for p in drill.participants if p.presence is Presence.RESPONDED]
        assert turned_out.arrived_at - drill.alarm_at == timedelta(minutes=12)  # a response time, counted on the server
        # the server's rows are written by who sent them (the database role on a server), the audit trail names
        # who recorded them in the field; a call made in the field and its arrival did not conflict
        assert correction.author == "kantoor" and arrived.author == "kantoor"
        audit = session.execute(
            select(AuditEntry.table_name, AuditEntry.user, AuditEntry.action).where(
                AuditEntry.action.like("%(offline kopie, vastgelegd door ovd-veld)")
            )
        ).all()
        assert {table for table, _, _ in audit} >= {
            "incident_entry",
            "incident_call",
            "incident_grip",
            "oto_activity",
            "field_record",
        }
        assert {user for _, user, _ in audit} == {"kantoor"}
        assert session.scalars(select(FieldRecord.recorded_by)).all() == ["ovd-veld"] * 11
        # of a receipt the Logboek shows what a person reads, not the machine's JSON and journal names
        receipt_fields = select(AuditEntry.field).where(AuditEntry.table_name == "field_record").distinct()
        assert set(session.scalars(receipt_fields)) == {"copy_id", "number", "label", "recorded_at", "recorded_by"}
    # raised in the field; the server's entry and call meanwhile changed nothing the GRIP change saw
    assert grip(server, incident_id) == [*levels, levels[-1] + 1] == grip(copy, incident_id)
    assert server.call(incident.get_incident, incident_id).grip == levels[-1] + 1

    again = synchronise(copy, server)
    assert (again.sent, again.earlier, again.conflicts) == (0, 11, ())
    assert count(server, LogEntry) == before[LogEntry] + 2  # nothing doubled
    assert grip(server, incident_id) == [*levels, levels[-1] + 1]
    assert "0 registraties verzonden, 11 al eerder aangekomen, 0 niet verzonden" in again.text()
    make_copy(server, copy.database.path.with_name("nieuw.sqlite3"))  # the server's receipts stay on the server
    fresh = _open(copy.database.path.with_name("nieuw.sqlite3"))
    try:
        assert count(fresh, FieldRecord) == 0 and count(fresh, LogEntry) == count(server, LogEntry)
    finally:
        fresh.close()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.usefixtures("postgres")
def test_kill_9_in_the_field_and_in_the_middle_of_a_sync_loses_and_doubles_nothing(server, copy):
    record_in_the_field(copy)
    path = copy.database.path
    copy.close()  # the field laptop's app is gone; a killed process records, then a killed sync sends
    _killed(KILLED_IN_THE_FIELD, str(path), NEW_YEARS_EVE.isoformat())
    field = _open(path)
    try:  # the killed record left nothing: neither its row nor its journal entry
        assert (
            count(field, FieldRecord) == 11
            and count(field, jaarwisseling.Incident) == count(server, jaarwisseling.Incident) + 1
        )
    finally:
        field.close()
    entries = count(server, LogEntry)
    url = server.database.url.render_as_string(hide_password=False)
    _killed(KILLED_AT, "sync", "4", "sync", str(path), "--to", url)  # killed inside record 4's transaction
    with server.database.sessions() as session:
        assert sorted(session.scalars(select(FieldRecord.number))) == [1, 2, 3]
    assert count(server, LogEntry) == entries + 1  # the entry of record 3, not yet the correction of record 4
    result = crisisapp("sync", str(path), "--to", url)
    assert "8 registraties verzonden, 3 al eerder aangekomen, 0 niet verzonden" in result.stdout, result.stderr
    assert count(server, LogEntry) == entries + 2


@pytest.mark.usefixtures("postgres")
def test_an_interrupted_sync_is_repeated_without_doubling(server, copy, monkeypatch):
    record_in_the_field(copy)
    entries = count(server, LogEntry)
    execute = server.execute
    calls = 0

    def network_gone_after_three(command):
        nonlocal calls
        calls += 1
        if calls > 3:
            raise StorageError("De verbinding met de databaseserver is verbroken.")
        return execute(command)

    monkeypatch.setattr(server, "execute", network_gone_after_three)
    with pytest.raises(SyncInterruptedError, match="3 registraties aangekomen"):
        synchronise(copy, server)
    with server.database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(FieldRecord)) == 3  # each with its receipt
    monkeypatch.setattr(server, "execute", execute)
    report = synchronise(copy, server)
    assert (report.sent, report.earlier, report.conflicts) == (8, 3, ())
    assert count(server, LogEntry) == entries + 2


@pytest.mark.usefixtures("postgres")
def test_a_record_changed_on_both_sides_is_a_conflict_and_not_overwritten(server, copy, tmp_path):
    item_id, start = unchecked_item(copy)
    incident_id, _, _ = open_incident(copy)
    copy.execute(events.Tick(item_id, "tijdens", Outcome.OK, start + timedelta(hours=2), "P. Veld"))
    copy.execute(incident.AddEntry(incident_id, EntryKind.INFORMATIE, "Na het conflict", NOW, NOW))
    server.execute(events.Tick(item_id, "tijdens", Outcome.NOT_OK, start + timedelta(hours=1), "S. Server", "dicht"))

    result = crisisapp("sync", str(copy.database.path), "--to", server.database.url.render_as_string(False))
    assert result.returncode == 1, result.stderr
    assert "1 registratie verzonden, 0 al eerder aangekomen, 1 niet verzonden." in result.stdout
    assert "  nr. 1  Controlepunt afvinken: ‘" in result.stdout and "ronde tijdens: ok" in result.stdout
    assert "in ronde tijdens is op de server vastgelegd na het maken van de kopie" in result.stdout
    assert "controleur ‘S. Server’" in result.stdout
    assert "opgelost ‘nee’" in result.stdout and "False" not in result.stdout  # as the app says it, not Python's
    with server.database.sessions() as session:
        kept = session.scalars(select(CheckResult).where(CheckResult.item_id == item_id)).one()
        assert (kept.outcome, kept.inspector) == (Outcome.NOT_OK, "S. Server")  # never overwritten
    # the conflict is reported again, and the rest is not sent twice
    assert (
        "0 registraties verzonden, 1 al eerder aangekomen, 1 niet verzonden."
        in crisisapp("sync", str(copy.database.path)).stdout
    )


@pytest.mark.usefixtures("postgres")
def test_an_alarm_and_a_grip_level_set_on_both_sides_are_conflicts_and_not_overwritten(server, copy):
    drill, person = planned_drill(copy)
    incident_id, _, _ = open_incident(copy)
    title = copy.call(incident.get_incident, incident_id).title
    level = grip(copy, incident_id)[-1] + 1
    copy.execute(oto.StartAlarm(drill, NOW + timedelta(minutes=1)))
    copy.execute(oto.SetResponse(drill, person, Presence.RESPONDED, None, NOW + timedelta(minutes=12)))
    copy.execute(incident.SetGrip(incident_id, level, LATER))
    server.execute(oto.StartAlarm(drill, NOW))  # the coordinator at the office pressed it too
    server.execute(incident.SetGrip(incident_id, level, NOW))  # the same level, decided there first
    levels = grip(server, incident_id)

    result = crisisapp("sync", str(copy.database.path), "--to", server.database.url.render_as_string(False))
    assert result.returncode == 1, result.stderr
    assert "1 registratie verzonden, 0 al eerder aangekomen, 2 niet verzonden." in result.stdout
    assert "Alarm verstuurd: ‘Opkomstoefening’: alarm om do 26-11-2026 12:01\n" in result.stdout
    assert (
        "Activiteit ‘Opkomstoefening’ is op de server gewijzigd na het maken van de kopie: alarm verstuurd was leeg, "
        "is nu ‘do 26-11-2026 12:00’"
    ) in result.stdout
    assert f"GRIP wijzigen: GRIP {level}: incident ‘{title}’ naar GRIP {level} om do 26-11-2026 12:30" in result.stdout
    assert (
        f"Incident ‘{title}’ is op de server gewijzigd na het maken van de kopie: GRIP was ‘{level - 1}’, is "
        f"nu ‘{level}’"
    ) in result.stdout  # why the server refuses it, below
    assert f"de server weigert het: Het incident staat al op GRIP {level}." in result.stdout
    with server.database.sessions() as session:
        kept = session.get(Activity, drill)
        assert kept is not None and kept.alarm_at == NOW  # never overwritten
        (responded,) = [p for p in kept.participants if p.presence is Presence.RESPONDED]
        assert responded.arrived_at - kept.alarm_at == timedelta(minutes=12)  # an arrival is a fact either way
    assert grip(server, incident_id) == levels
    assert server.call(incident.grip_history, incident_id)[-1].at == NOW
    # the conflicts are reported again, and the response is not sent twice
    assert (
        "0 registraties verzonden, 1 al eerder aangekomen, 2 niet verzonden."
        in crisisapp("sync", str(copy.database.path)).stdout
    )
    assert grip(server, incident_id) == levels


def responses(context: AppContext, drill: int) -> dict[int, tuple[Presence, Any, Any]]:
    """Per person invited to ``drill``: their presence, reaction and arrival."""
    return {p.person_id: (p.presence, p.acknowledged_at, p.arrived_at) for p in context.call(oto.participants, drill)}


@pytest.mark.usefixtures("postgres")
def test_a_drills_times_recorded_on_both_sides_conflict_only_where_they_collide(server, tmp_path):
    """In the field the arrivals are taken at the door, at the office the reactions by phone: a participant's arrival
    and reaction are different columns of one row and both arrive. Only where both sides recorded the same thing (an
    arrival at different times; a whole response over a reaction) is the record a conflict, the server's kept."""
    drill, _ = planned_drill(server)
    server.execute(oto.StartAlarm(drill, NOW))
    path = tmp_path / "veld.sqlite3"
    make_copy(server, path)
    copy = _open(path)
    try:
        one, two, three = list(responses(copy, drill))[:3]
        minutes = [NOW + timedelta(minutes=m) for m in range(30)]
        copy.execute(oto.RecordTime(drill, one, True, minutes[12], None))  # the arrival at the door
        server.execute(oto.RecordTime(drill, one, False, minutes[3], None))  # the reaction by phone
        copy.execute(oto.RecordTime(drill, two, True, minutes[20], None))
        server.execute(oto.RecordTime(drill, two, True, minutes[25], None))  # the same arrival, another time
        copy.execute(oto.SetResponse(drill, three, Presence.RESPONDED, None, minutes[14]))  # no reaction, it says
        server.execute(oto.RecordTime(drill, three, False, minutes[4], None))
        expected = {
            one: (Presence.RESPONDED, minutes[3], minutes[12]),  # both kept
            two: (Presence.RESPONDED, None, minutes[25]),  # the server's
            three: (Presence.RESPONDED, minutes[4], None),  # the server's reaction not wiped
        }

        report = synchronise(copy, server)
        assert (report.sent, report.earlier, report.unsent) == (1, 0, (2, 3))
        assert {person: responses(server, drill)[person] for person in expected} == expected
        name = copy.call(oto.get_activity, drill).title
        changed, refused = report.conflicts[0].problems
        assert changed.startswith(f"Deelnemer {copy.call(organisation.get_person, two).name} van ‘{name}’ is op de ")
        assert "aankomst om was leeg, is nu ‘do 26-11-2026 12:25’" in changed
        assert refused.startswith("de server weigert het: De aankomst van ")
        assert report.conflicts[1].problems == (
            f"Deelnemer {copy.call(organisation.get_person, three).name} van ‘{name}’ is op de server gewijzigd na "
            "het maken van de kopie: reactie om was leeg, is nu ‘do 26-11-2026 12:04’",
        )  # the arrival and the presence the field set too do not collide: only the reaction it would wipe

        again = synchronise(copy, server)
        assert (again.sent, again.earlier, again.unsent) == (0, 1, (2, 3))  # nothing sent twice
        assert {person: responses(server, drill)[person] for person in expected} == expected
        assert count(server, FieldRecord) == 1
    finally:
        copy.close()


def _marked_file(path: Path, made_at=NOW) -> AppContext:
    """A database file marked as an offline copy by hand: what the app makes of a copy, without a server."""
    context = AppContext(open_database(path), clock=fixed_clock)
    mark = OfflineMark(made_at, "postgresql://veld@server/crisisapp", None)
    with context.database.sessions.begin() as session:
        session.add(Setting(key=OFFLINE_KEY, value=mark.as_setting()))
    context.close()
    return AppContext(open_database(path), clock=fixed_clock)


def test_a_copy_refuses_everything_but_field_records(tmp_path):
    context = _marked_file(tmp_path / "veld.sqlite3")
    try:
        with pytest.raises(NotInOfflineCopyError, match="‘Evenement toevoegen’ kan niet in een offline kopie"):
            context.execute(events.AddEvent(_event_input()))
        assert count(context, Event) == 0 and count(context, FieldRecord) == 0
        with pytest.raises(NotInOfflineCopyError, match="‘Ongedaan maken: Evenement toevoegen’ kan niet"):
            context.execute(Revert((RowImage("event", (1,), None, None),), "Evenement toevoegen", undoing=True))
        # a field record is journaled; its undo takes the journal entry with it, its redo brings it back
        done = context.execute(jaarwisseling.LogIncident(NOW.year, NEW_YEARS_EVE, "vuurwerkoverlast", "Markt"))
        with context.database.sessions() as session:
            record = session.scalars(select(FieldRecord)).one()
            assert record.command == "jaarwisseling.LogIncident" and json.loads(record.payload)["input"]["kind"]
            # recorded by the server role the copy was made for (postgresql://veld@…), not the laptop's account
            assert record.recorded_by == "veld" != current_user()
            assert set(session.scalars(select(AuditEntry.user).where(AuditEntry.table_name == "nye_incident"))) == {
                "veld"
            }
        redo = context.execute(done.inverse).inverse
        assert count(context, FieldRecord) == 0 and count(context, jaarwisseling.Incident) == 0
        context.execute(redo)
        assert count(context, FieldRecord) == 1
    finally:
        context.close()


def _event_input() -> events.EventInput:
    return events.EventInput(
        "Kermis", "", NOW.year, NOW, NOW + timedelta(hours=5), events.Category.A, "Markt", 500, "", "", None
    )


def test_a_conflicts_values_read_as_the_app_shows_them():
    """Yes and no, days and moments in Dutch, as the pages show them; never Python's True or an ISO date."""
    load_all()
    assert [_shown("event_check_result", "resolved", v) for v in ("True", "False")] == ["‘ja’", "‘nee’"]
    assert _shown("incident_finding", "due", "2026-12-04") == "‘04-12-2026’"
    assert _shown("incident", "closed_at", NOW.isoformat()) == "‘do 26-11-2026 12:00’"
    assert _shown("incident_call", "outcome", "niet bereikt") == "‘niet bereikt’"
    assert _shown("incident", "closed_at", None) == "leeg"


def test_an_old_copy_warns_when_it_is_opened(tmp_path):
    _marked_file(tmp_path / "veld.sqlite3", made_at=NOW - STALE_AFTER - timedelta(days=2)).close()
    result = crisisapp("events", "list", "--db", str(tmp_path / "veld.sqlite3"))
    assert result.returncode == 0
    assert "Deze offline kopie is 9 dagen oud" in result.stderr
    _marked_file(tmp_path / "recent.sqlite3", made_at=NOW - timedelta(days=6)).close()
    assert "offline kopie" not in crisisapp("events", "list", "--db", str(tmp_path / "recent.sqlite3")).stderr


@pytest.mark.usefixtures("postgres")
def test_the_copy_holds_what_the_role_may_read(server, tmp_path):
    role = f"veld_{uuid.uuid4().hex[:8]}"
    with server.database.engine.begin() as connection:
        connection.execute(text(f"CREATE ROLE {role} LOGIN"))
        connection.execute(text(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}"))
        connection.execute(text(f"REVOKE SELECT ON audit_entry, person FROM {role}"))
    url = server.database.url.set(username=role).render_as_string(hide_password=False)
    try:
        result = crisisapp("offline", "--from", url, "--out", str(tmp_path / "veld.sqlite3"))
        assert result.returncode == 0, result.stderr
        assert "Niet in de kopie (geen leesrechten): Logboek wijzigingen, Crisisorganisatie: personen." in result.stdout
        assert "rijen weggelaten die verwijzen naar gegevens die u niet mag zien" in result.stdout
        copy = _open(tmp_path / "veld.sqlite3")
        try:
            assert count(copy, Person) == 0 and count(copy, Event) == count(server, Event) > 0
            assert count(copy, Participant) == 0  # each points at a person the role may not see
        finally:
            copy.close()
    finally:
        with server.database.engine.begin() as connection:
            connection.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}"))
            connection.execute(text(f"DROP ROLE {role}"))


@pytest.mark.usefixtures("postgres")
def test_a_copy_is_only_synchronised_with_its_own_server_database(copy, server_database):
    other = AppContext(open_server(server_database("demo")), clock=fixed_clock)
    with other.database.engine.begin() as connection:  # another database altogether
        connection.execute(
            text("UPDATE app_setting SET value = :id WHERE key = 'database_id'"), {"id": uuid.uuid4().hex}
        )
    try:
        with pytest.raises(DomainError, match="is niet de database waarvan deze kopie is gemaakt") as refused:
            synchronise(copy, other)
        assert "afgeleid" not in str(refused.value)
    finally:
        other.close()


def _clone(postgres, context: AppContext) -> AppContext:
    """A database made on the server from the one of ``context`` (CREATE DATABASE … TEMPLATE), as a beheerder
    makes a test environment; the template may have no one connected."""
    database = context.database
    assert isinstance(database, ServerDatabase)
    database.engine.dispose()
    return AppContext(open_server(postgres.create(template=database.url.render_as_string(hide_password=False))))


@pytest.mark.usefixtures("postgres")
def test_a_database_cloned_on_the_server_does_not_take_the_copies_of_its_original(postgres, server, copy):
    record_in_the_field(copy)
    clone = _clone(postgres, server)
    try:
        assert clone.call(database_id) == server.call(database_id)  # the stored id came along with the rows
        with pytest.raises(DomainError, match="maar een database die ervan is afgeleid") as refused:
            synchronise(copy, clone)
        assert "CREATE DATABASE … TEMPLATE" in str(refused.value) and "Er is niets verzonden" in str(refused.value)
        assert count(clone, FieldRecord) == 0
        assert synchronise(copy, server).sent == 11  # the original takes them

        # A copy of the clone does not go back into the original either
        clone_copy_path = copy.database.path.with_name("test.sqlite3")  # type: ignore[union-attr]
        make_copy(clone, clone_copy_path)
        clone_copy = _open(clone_copy_path)
        try:
            with pytest.raises(DomainError, match="maar een database die ervan is afgeleid"):
                synchronise(clone_copy, server)
        finally:
            clone_copy.close()
    finally:
        clone.close()
        postgres.drop(clone.database.name)


@pytest.mark.usefixtures("postgres")
def test_a_backup_put_back_under_its_own_name_takes_the_copies_made_before(postgres, server, copy, tmp_path):
    """pg_dump and pg_restore carry the stored id along, as a clone does; under the database's own name (after a
    loss, or on a new server) the result is the database the copy came from."""
    record_in_the_field(copy)
    database = server.database
    assert isinstance(database, ServerDatabase)
    dump = backup_server(database.url, tmp_path / "server.dump")
    with postgres.engine.connect() as connection:  # the database lost, and made anew under its name
        connection.execute(text(f"DROP DATABASE {database.url.database} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {database.url.database}"))
    restore_server(database.url, dump, replace=False, safety_folder=tmp_path, now=NOW)
    assert synchronise(copy, server).sent == 11


def start_in_the_field(copy: AppContext, title: str = "Brand loods Haven") -> dict[str, int]:
    """An incident started in the copy and its first records: two entries (the second correcting the first), a call
    and its arrival, GRIP 1 raised to 2; the copy's ids of what was made."""
    _, function_id, person_id = open_incident(copy)
    started = copy.execute(incident.StartIncident(incident.IncidentInput(title, "Haven 3", 1, NOW, "meldkamer")))
    incident_id = started.result.id
    entry = copy.execute(incident.AddEntry(incident_id, EntryKind.MELDING, "Rook uit de loods", NOW, NOW)).result
    copy.execute(
        incident.AddEntry(incident_id, EntryKind.MELDING, "Rook uit loods 2", NOW, LATER, corrects_id=entry.id)
    )
    call = copy.execute(incident.RecordCall(incident_id, function_id, person_id, CallOutcome.REACHED, NOW)).result
    copy.execute(incident.RecordArrival(call.id, LATER))
    copy.execute(incident.SetGrip(incident_id, 2, LATER))
    return {"incident": incident_id, "entry": entry.id, "call": call.id}


def server_incident(context: AppContext, title: str) -> Incident:
    with context.database.sessions() as session:
        row = session.scalars(select(Incident).where(Incident.title == title)).one()
        session.expunge(row)
        return row


def incident_log(context: AppContext, incident_id: int) -> list[tuple[str, int | None]]:
    with context.database.sessions() as session:
        rows = session.scalars(select(LogEntry).where(LogEntry.incident_id == incident_id).order_by(LogEntry.id))
        return [(row.text, row.corrects_id) for row in rows]


@pytest.mark.usefixtures("postgres")
def test_an_incident_started_in_the_field_is_created_on_the_server_once_with_its_log(server, copy):
    copy.user = "ovd-veld"
    made = start_in_the_field(copy)
    # Meanwhile the server starts an incident of its own: it takes the id the copy gave the field's.
    mine = server.execute(incident.StartIncident(incident.IncidentInput("Wateroverlast Centrum", "", 2, LATER))).result
    assert mine.id == made["incident"]
    incidents = count(server, Incident)

    report = synchronise(copy, server)
    assert (report.sent, report.earlier, report.conflicts) == (6, 0, ())
    assert count(server, Incident) == incidents + 1
    field = server_incident(server, "Brand loods Haven")
    assert field.id != made["incident"] and field.closed_at is None and field.location == "Haven 3"
    first, correction = incident_log(server, field.id)  # every record of the field's incident in the new one
    assert first[0] == "Rook uit de loods" and correction[0] == "Rook uit loods 2"
    with server.database.sessions() as session:
        assert correction[1] == session.scalars(select(LogEntry.id).where(LogEntry.text == first[0])).one()
        call = session.scalars(select(Call).where(Call.incident_id == field.id)).one()
        assert call.arrived_at is not None and call.outcome is CallOutcome.REACHED
    assert incident_log(server, mine.id) == []  # the server's own incident untouched
    assert grip(server, field.id) == [1, 2] and field.grip == 2  # raised in the field's incident, not in the server's
    assert grip(server, mine.id) == [2]
    # not merged, and not a conflict: the report points out the two open incidents
    assert (
        "Let op: het incident ‘Brand loods Haven’ uit de offline kopie staat nu als apart incident op de server, "
        "waar intussen ook ‘Wateroverlast Centrum’ (alarmering do 26-11-2026 12:30) is gestart en nog open is."
    ) in report.text()

    again = synchronise(copy, server)
    assert (again.sent, again.earlier, again.conflicts) == (0, 6, ())
    assert count(server, Incident) == incidents + 1 and len(incident_log(server, field.id)) == 2
    assert grip(server, field.id) == [1, 2]
    assert "Let op: het incident ‘Brand loods Haven’" in again.text()  # said again until one is closed
    server.execute(incident.CloseIncident(mine.id, LATER))
    assert synchronise(copy, server).notices == ()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.usefixtures("postgres")
def test_a_sync_killed_after_the_field_incident_arrived_maps_its_log_to_it_on_the_next(server, copy):
    made = start_in_the_field(copy)
    server.execute(incident.StartIncident(incident.IncidentInput("Op de server", "", 1, NOW)))  # takes the copy's id
    path = copy.database.path
    copy.close()
    url = server.database.url.render_as_string(hide_password=False)
    _killed(KILLED_AT, "sync", "3", "sync", str(path), "--to", url)  # killed inside the correction's transaction
    field = server_incident(server, "Brand loods Haven")
    assert field.id != made["incident"] and incident_log(server, field.id) == [("Rook uit de loods", None)]

    result = crisisapp("sync", str(path), "--to", url)
    assert "4 registraties verzonden, 2 al eerder aangekomen, 0 niet verzonden" in result.stdout, result.stderr
    assert result.returncode == 0 and "Let op" in result.stdout  # the server's incident is still open
    assert server_incident(server, "Brand loods Haven").id == field.id  # created once
    (_, first), (_, corrects) = incident_log(server, field.id)
    assert first is None and corrects is not None
    with server.database.sessions() as session:
        assert session.scalars(select(Call).where(Call.incident_id == field.id)).one().arrived_at is not None
        assert session.scalars(select(LogEntry).where(LogEntry.incident_id == made["incident"])).all() == []
    assert grip(server, field.id) == [1, 2] and grip(server, made["incident"]) == [1]


def checked_item(context: AppContext) -> tuple[int, str]:
    """An item with a result, and the round of that result."""
    with context.database.sessions() as session:
        item_id, round_name = session.execute(
            select(CheckResult.item_id, CheckResult.round).order_by(CheckResult.id)
        ).first()
        return item_id, round_name


def results(context: AppContext, item_id: int) -> list[tuple[str, Outcome, str]]:
    with context.database.sessions() as session:
        rows = session.scalars(select(CheckResult).where(CheckResult.item_id == item_id).order_by(CheckResult.round))
        return [(row.round, row.outcome, row.inspector) for row in rows]


def in_round(context: AppContext, item_id: int, round_name: str) -> list[tuple[str, Outcome, str]]:
    return [result for result in results(context, item_id) if result[0] == round_name]


@pytest.mark.usefixtures("postgres")
def test_a_tick_cleared_in_the_field_is_cleared_on_the_server_once(server, copy):
    checked, round_name = checked_item(copy)
    wrong, start = unchecked_item(copy)
    copy.execute(events.ClearTick(checked, round_name))  # a tick the server had, cleared in the field
    copy.execute(events.Tick(wrong, "tijdens", Outcome.NOT_OK, start + timedelta(hours=1), "P. Veld", "dicht"))
    copy.execute(events.ClearTick(wrong, "tijdens"))  # ticked the wrong point, and corrected
    copy.execute(events.Tick(wrong, "afbouw", Outcome.OK, start + timedelta(hours=2), "P. Veld"))
    with copy.database.sessions() as session:
        assert session.scalars(select(FieldRecord.command).order_by(FieldRecord.number)).all()[0] == "events.ClearTick"

    report = synchronise(copy, server)
    assert (report.sent, report.earlier, report.conflicts) == (4, 0, ())
    assert in_round(server, checked, round_name) == []
    assert results(server, wrong) == [("afbouw", Outcome.OK, "P. Veld")]
    again = synchronise(copy, server)
    assert (again.sent, again.earlier, again.conflicts) == (0, 4, ())
    assert in_round(server, checked, round_name) == [] and results(server, wrong) == [("afbouw", Outcome.OK, "P. Veld")]


@pytest.mark.usefixtures("postgres")
def test_a_tick_cleared_in_the_field_whose_point_changed_on_the_server_is_a_conflict(server, copy):
    checked, round_name = checked_item(copy)
    copy.execute(events.ClearTick(checked, round_name))
    with server.database.sessions() as session:
        at = session.scalars(
            select(CheckResult.checked_at).where(CheckResult.item_id == checked, CheckResult.round == round_name)
        ).one()
    server.execute(events.Tick(checked, round_name, Outcome.OK, at + timedelta(minutes=5), "S. Server"))

    result = crisisapp("sync", str(copy.database.path), "--to", server.database.url.render_as_string(False))
    assert result.returncode == 1, result.stderr
    assert "0 registraties verzonden, 0 al eerder aangekomen, 1 niet verzonden." in result.stdout
    assert "Controle wissen: ‘" in result.stdout and f"ronde {round_name}: controle gewist" in result.stdout
    assert "De controle van ‘" in result.stdout and f"in ronde {round_name} is op de server gewijzigd" in result.stdout
    assert "is nu ‘S. Server’" in result.stdout
    assert in_round(server, checked, round_name) == [(round_name, Outcome.OK, "S. Server")]  # never overwritten
    assert "1 niet verzonden." in crisisapp("sync", str(copy.database.path)).stdout
    assert in_round(server, checked, round_name) == [(round_name, Outcome.OK, "S. Server")]


@pytest.fixture
def users(server: AppContext) -> Iterator[Callable[[str, str], str]]:
    """Makes users of the server as ``crisisapp gebruiker toevoegen`` does (a kind, a municipality): the address of
    the test's database as each; dropped afterwards (the server's trust lets them in without a password)."""
    made: list[str] = []

    def user(kind: str, municipality: str) -> str:
        name = f"{kind[:2]}_{uuid.uuid4().hex[:8]}"
        with server.database.engine.begin() as connection:
            connection.execute(
                text(f"CREATE ROLE {name} LOGIN IN ROLE {KINDS[kind]}, {municipality_role(municipality)}")
            )
        made.append(name)
        return server.database.url.set(drivername="postgresql", username=name).render_as_string(False)

    yield user
    with server.database.engine.begin() as connection:
        for name in made:
            connection.execute(text(f"DROP ROLE {name}"))


def copy_for(url: str, path: Path) -> AppContext:
    """An offline copy made by the user of ``url`` on the command line, opened."""
    result = crisisapp("offline", "--from", url, "--out", str(path))
    assert result.returncode == 0, result.stderr
    return _open(path)


def as_made_before_the_mark_knew_the_role(path: Path) -> None:
    """The copy as an earlier version made it: its mark names the role only in the server's address."""
    context = AppContext(open_database(path, create=False), clock=fixed_clock)
    try:
        with context.database.sessions.begin() as session:
            row = session.get(Setting, OFFLINE_KEY)
            assert row is not None
            data = json.loads(row.value)
            del data["access"]
            row.value = json.dumps(data)
    finally:
        context.close()


def the_night_log_and_a_maassluis_incident_and_an_incident_of_ones_own(copy: AppContext) -> None:
    """What the outside tester recorded in a Vlaardingen copy: a jaarwisseling melding (1), a log line in Maassluis'
    open incident (2) and its correction (3), an incident of their own (4) with a line in it (5)."""
    maassluis, _, _ = open_incident(copy)
    copy.execute(jaarwisseling.LogIncident(NOW.year, NEW_YEARS_EVE, "vuurwerkoverlast", "Markt"))
    entry = copy.execute(incident.AddEntry(maassluis, EntryKind.INFORMATIE, "Rook zichtbaar", NOW, NOW)).result
    copy.execute(incident.AddEntry(maassluis, EntryKind.INFORMATIE, "Geen rook", NOW, LATER, corrects_id=entry.id))
    mine = copy.execute(incident.StartIncident(incident.IncidentInput("Brand loods Haven", "Haven 3", 1, NOW))).result
    copy.execute(incident.AddEntry(mine.id, EntryKind.MELDING, "Rook uit de loods", NOW, NOW))


@pytest.mark.usefixtures("postgres")
def test_what_the_server_refuses_is_reported_and_the_rest_still_sent_and_it_can_be_forgotten(server, users, tmp_path):
    vlaardingen = users("medewerker", "Vlaardingen")
    path = tmp_path / "veld.sqlite3"
    copy_for(vlaardingen, path).close()
    as_made_before_the_mark_knew_the_role(path)  # so the copy took it all, as the tester's did
    copy = _open(path)
    try:
        maassluis, _, _ = open_incident(copy)
        title = copy.call(incident.get_incident, maassluis).title
        the_night_log_and_a_maassluis_incident_and_an_incident_of_ones_own(copy)
    finally:
        copy.close()
    night = count(server, jaarwisseling.Incident)
    role = vlaardingen.split("//")[1].split("@")[0]

    result = crisisapp("sync", str(path))
    assert result.returncode == 1, result.stderr
    out = result.stdout
    assert "2 registraties verzonden, 0 al eerder aangekomen, 3 niet verzonden." in out
    assert (
        "  nr. 1  Melding jaarwisseling vastleggen: jaarwisseling 2026, do 31-12-2026 23:00: vuurwerkoverlast, Markt\n"
        "      de server weigert het: wat het wijzigt in ‘Jaarwisseling: logboek’ is van Maassluis; alleen "
        "medewerkers van Maassluis (en een beheerder) kunnen het wijzigen\n"
    ) in out
    assert "CrisisApp: " not in out and "nye_incident" not in out  # the server's own words are for the log
    assert (
        f"  nr. 2  Logregel toevoegen: incident ‘{title}’, do 26-11-2026 12:00: informatie ‘Rook zichtbaar’\n"
        "      de server weigert het: wat het wijzigt in ‘Incidenten: logboek’ is van Maassluis"
    ) in out
    assert (
        f"  nr. 3  Logregel corrigeren: incident ‘{title}’, do 26-11-2026 12:00: informatie ‘Geen rook’\n"
        "      hoort bij nr. 2, die niet is verzonden\n"
    ) in out
    assert out.endswith(f"Dan stuurt u ze niet meer met: crisisapp sync {path} --vergeet 1,2,3\n")
    mine = server_incident(server, "Brand loods Haven")  # the valid records did arrive
    assert mine.municipality == "Vlaardingen" and incident_log(server, mine.id) == [("Rook uit de loods", None)]
    assert "Rook zichtbaar" not in [text for text, _ in incident_log(server, maassluis)]
    assert count(server, jaarwisseling.Incident) == night

    again = crisisapp("sync", str(path))
    assert (
        again.returncode == 1 and "0 registraties verzonden, 2 al eerder aangekomen, 3 niet verzonden." in again.stdout
    )

    wrong = crisisapp("sync", str(path), "--vergeet", "1,twee")
    assert (
        wrong.returncode == 2 and "--vergeet: geef de nummers uit het verslag, gescheiden door komma's" in wrong.stderr
    )
    unknown = crisisapp("sync", str(path), "--vergeet", "9")
    assert unknown.returncode == 1
    assert "Deze offline kopie heeft geen registratie nr. 9; er is niets verzonden en niets vergeten." in unknown.stderr

    # Handled at the office (the melding logged there by Maassluis): not to be sent any more; nr. 3 goes with nr. 2.
    handled = crisisapp("sync", str(path), "--vergeet", "1,2", "--vergeet", "4")
    assert handled.returncode == 0, handled.stdout
    assert (
        "0 registraties verzonden, 2 al eerder aangekomen, 0 niet verzonden, 3 niet meer te sturen." in handled.stdout
    )
    assert "Zoals gevraagd niet meer te sturen" in handled.stdout and "  nr. 3  Logregel corrigeren" in handled.stdout
    assert "Niet vergeten, want aangekomen op de server: nr. 4." in handled.stdout
    assert handled.stdout.endswith("Er is niets meer te sturen.\n")
    after = crisisapp("sync", str(path))
    assert after.returncode == 0
    assert "0 registraties verzonden, 2 al eerder aangekomen, 0 niet verzonden, 3 niet meer te sturen." in after.stdout
    assert count(server, jaarwisseling.Incident) == night and count(server, FieldRecord) == 5
    assert "Rook zichtbaar" not in [text for text, _ in incident_log(server, maassluis)]
    with server.database.sessions() as session:
        receipts = set(
            session.execute(
                select(AuditEntry.user, AuditEntry.action).where(AuditEntry.table_name == "field_record")
            ).all()
        )
    by = f"(offline kopie, vastgelegd door {role})"
    assert receipts == {
        (role, f"Incident starten {by}"),
        (role, f"Logregel toevoegen {by}"),
        (role, f"Veldregistratie niet meer sturen: Melding jaarwisseling vastleggen {by}"),
        (role, f"Veldregistratie niet meer sturen: Logregel toevoegen {by}"),
        (role, f"Veldregistratie niet meer sturen: Logregel corrigeren {by}"),
    }


@pytest.mark.usefixtures("postgres")
def test_a_copy_refuses_at_once_what_its_role_may_not_do_on_the_server(server, users, tmp_path):
    copy = copy_for(users("medewerker", "Vlaardingen"), tmp_path / "veld.sqlite3")
    try:
        maassluis, _, _ = open_incident(copy)
        title = copy.call(incident.get_incident, maassluis).title
        assert copy.municipality == "Vlaardingen" and copy.may_write
        refused = copy.refusal(jaarwisseling.LogIncident)
        assert refused is not None and refused.startswith(
            "‘Melding jaarwisseling vastleggen’ kan niet in deze offline kopie: het logboek van de jaarwisseling is "
            "van Maassluis; alleen medewerkers van Maassluis (en een beheerder) kunnen het wijzigen. U bent "
            f"{copy.user} (medewerker, Vlaardingen) en wijzigt wat van Vlaardingen is (en het gedeelde piket). De "
            "server zou het weigeren; laat het vastleggen door iemand van Maassluis."
        )
        assert copy.refusal(incident.AddEntry) is None  # in an incident of Vlaardingen's it may
        with pytest.raises(NotInOfflineCopyError, match="het logboek van de jaarwisseling is van Maassluis"):
            copy.execute(jaarwisseling.LogIncident(NOW.year, NEW_YEARS_EVE, "vuurwerkoverlast", "Markt"))
        with pytest.raises(NotInOfflineCopyError, match=f"‘Logregel toevoegen’ .* het incident ‘{title}’ is van Maas"):
            copy.execute(incident.AddEntry(maassluis, EntryKind.INFORMATIE, "Rook zichtbaar", NOW, NOW))
        with pytest.raises(NotInOfflineCopyError, match=r"het incident .* is van Maassluis"):
            copy.execute(incident.SetGrip(maassluis, 2, LATER))
        item_id, start = unchecked_item(copy)
        with pytest.raises(NotInOfflineCopyError, match=r"het evenement ‘.*’ is van Maassluis"):
            copy.execute(events.Tick(item_id, "tijdens", Outcome.OK, start, "P. Veld"))
        assert count(copy, FieldRecord) == 0
        mine = copy.execute(incident.StartIncident(incident.IncidentInput("Brand loods Haven", "Haven 3", 1, NOW)))
        assert server_incident(copy, "Brand loods Haven").municipality == "Vlaardingen"  # as on the server
        copy.execute(incident.AddEntry(mine.result.id, EntryKind.MELDING, "Rook uit de loods", NOW, NOW))
        copy.execute(incident.SetGrip(mine.result.id, 2, LATER))
    finally:
        copy.close()

    result = crisisapp("sync", str(tmp_path / "veld.sqlite3"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 registraties verzonden, 0 al eerder aangekomen, 0 niet verzonden." in result.stdout
    assert result.stdout.endswith("Er is niets meer te sturen.\n")
    assert server_incident(server, "Brand loods Haven").municipality == "Vlaardingen"


@pytest.mark.usefixtures("postgres")
def test_an_alleen_lezen_copy_records_nothing_and_an_alleen_lezen_role_sends_nothing(server, users, tmp_path):
    reader = users("alleen-lezen", "Vlaardingen")
    copy = copy_for(reader, tmp_path / "lezen.sqlite3")
    try:
        assert not copy.may_write
        reason = (
            f"Deze offline kopie is gemaakt voor {copy.user} (alleen lezen, Vlaardingen). Die rol mag op de server "
            "niets wijzigen, dus hier kan ook niets worden vastgelegd"
        )
        assert (copy.refusal(incident.StartIncident) or "").startswith(reason)
        with pytest.raises(ReadOnlyError, match=reason.replace("(", "\\(").replace(")", "\\)")):
            copy.execute(incident.StartIncident(incident.IncidentInput("Brand loods Haven", "", 1, NOW)))
        assert count(copy, FieldRecord) == 0 and count(copy, Incident) == count(server, Incident)
    finally:
        copy.close()
    # A Vlaardingen medewerker's records sent by someone who may only read: refused before anything is sent.
    field = copy_for(users("medewerker", "Vlaardingen"), tmp_path / "veld.sqlite3")
    try:
        field.execute(incident.StartIncident(incident.IncidentInput("Brand loods Haven", "", 1, NOW)))
    finally:
        field.close()
    result = crisisapp("sync", str(tmp_path / "veld.sqlite3"), "--to", reader)
    assert result.returncode == 1
    assert "Met deze rol kan niets naar de server worden gestuurd; er is niets verzonden." in result.stderr
    assert count(server, FieldRecord) == 0

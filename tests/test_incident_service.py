"""An incident's whole life through the commands, without Qt: start, call down the alarm list, log, correct,
raise GRIP, meet, sitrap, close, evaluate, figures against the norms, export."""

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from crisisapp.errors import DomainError, ValidationError
from crisisapp.models.audit import AuditEntry, Operation
from crisisapp.models.incident import CallOutcome, EntryKind, MeetingKind
from crisisapp.models.organisation import Role
from crisisapp.models.oto import ActionStatus
from crisisapp.services import incident as inc
from crisisapp.services import organisation as org
from crisisapp.services.commands import Command
from crisisapp.services.incident import IncidentInput, MeetingInput

ALERT = datetime(2027, 3, 9, 22, 14, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


@pytest.fixture
def crew(context):
    """Three officers in the OvD-Bz function (primary first) and one AC-Bz; no piket rota."""
    functions = {f.name: f for t in context.call(org.list_teams) for f in t.functions}
    ovd = functions["Officier van Dienst Bevolkingszorg (OvD-Bz)"]
    acbz = functions["Algemeen Commandant Bevolkingszorg (AC-Bz)"]
    people = []
    for n, role in enumerate((Role.PRIMARY, Role.DEPUTY, Role.DEPUTY)):
        person = context.execute(org.AddPerson(org.PersonInput(f"Officier {n}", "Maassluis"))).result
        context.execute(org.Assign(person.id, ovd.id, role, date(2026, 1, 1)))
        people.append(person)
    boss = context.execute(org.AddPerson(org.PersonInput("Commandant", "Maassluis"))).result
    context.execute(org.Assign(boss.id, acbz.id, Role.PRIMARY, date(2026, 1, 1)))
    return ovd, acbz, people, boss


def start(context, **changes):
    data = IncidentInput("Brand De Kolk", "Havenkade 3", 1, ALERT, "Meldkamer", **changes)
    return context.execute(inc.StartIncident(data)).result


def board(context, incident_id, now):
    return {line.function.name: line for line in context.call(inc.alarm_board, incident_id, now)}


def test_an_incident_from_alert_to_evaluation(context, crew):
    ovd, acbz, people, boss = crew
    made = start(context)
    assert context.call(inc.current_incident) == made
    assert [(g.level, g.at) for g in context.call(inc.grip_history, made.id)] == [(1, ALERT)]

    # GRIP 1 alarms the OvD-Bz only; the primary first
    lines = board(context, made.id, ALERT)
    assert list(lines) == [ovd.name]
    assert [c.person.name for c in lines[ovd.name].candidates] == ["Officier 0", "Officier 1", "Officier 2"]
    assert lines[ovd.name].next_up == people[0] and lines[ovd.name].gap and not lines[ovd.name].late

    # voicemail: wait for the call back until the incident's minutes (5) are over, then amber and the next deputy
    context.execute(inc.RecordCall(made.id, ovd.id, people[0].id, CallOutcome.VOICEMAIL, ALERT + MINUTE))
    waiting = board(context, made.id, ALERT + 5 * MINUTE)[ovd.name]
    assert waiting.next_up is None and not waiting.late and waiting.state() == "wacht op terugbellen"
    late = board(context, made.id, ALERT + 6 * MINUTE)[ovd.name]
    assert late.late and late.next_up == people[1] and "Officier 1" in late.state()
    # afgemeld moves on at once
    context.execute(inc.RecordCall(made.id, ovd.id, people[1].id, CallOutcome.DECLINED, ALERT + 7 * MINUTE, "ziek"))
    assert board(context, made.id, ALERT + 7 * MINUTE)[ovd.name].next_up == people[2]
    reached = context.execute(
        inc.RecordCall(made.id, ovd.id, people[2].id, CallOutcome.REACHED, ALERT + 9 * MINUTE)
    ).result
    line = board(context, made.id, ALERT + 9 * MINUTE)[ovd.name]
    assert not line.gap and line.reached == reached and line.next_up is None and not line.late
    context.execute(inc.RecordArrival(reached.id, ALERT + 41 * MINUTE))
    assert board(context, made.id, ALERT + 50 * MINUTE)[ovd.name].state() == "aanwezig: Officier 2"

    # the log: entries with their own times, an action with owner and deadline, a decision
    entries = [
        (EntryKind.MELDING, "Brand in loods, rook richting woonwijk", 2),
        (EntryKind.BESLUIT, "NL-Alert: ramen en deuren sluiten", 12),
        (EntryKind.ACTIE, "Opvang sporthal gereedmaken", 15),
    ]
    made_entries = [
        context.execute(inc.AddEntry(made.id, kind, text, ALERT + m * MINUTE, ALERT + m * MINUTE, "TBz", None)).result
        for kind, text, m in entries
    ]
    assert made_entries[0].author == context.user
    assert [a.text for a in context.call(inc.actions, made.id)] == ["Opvang sporthal gereedmaken"]
    assert context.call(inc.actions, made.id)[0].owner == "TBz"

    # a correction is a new entry; the original stays readable and leaves the besluitenlijst
    fixed = context.execute(
        inc.AddEntry(
            made.id,
            EntryKind.BESLUIT,
            "NL-Alert: ramen en deuren sluiten, ventilatie uit",
            ALERT + 13 * MINUTE,
            ALERT + 20 * MINUTE,
            corrects_id=made_entries[1].id,
        )
    ).result
    shown = {e.id: e for e in context.call(inc.log, made.id)}
    assert shown[made_entries[1].id].text == "NL-Alert: ramen en deuren sluiten"
    assert shown[made_entries[1].id].corrected_by == fixed.number == 4 and shown[fixed.id].corrects == 2
    assert shown[fixed.id].corrects_id == made_entries[1].id
    assert [d.id for d in context.call(inc.decisions, made.id)] == [fixed.id]
    with pytest.raises(DomainError):  # a corrected entry is corrected through its correction
        context.execute(inc.AddEntry(made.id, EntryKind.BESLUIT, "x", ALERT, ALERT, corrects_id=made_entries[1].id))
    with pytest.raises(ValidationError):
        context.execute(inc.AddEntry(made.id, EntryKind.MELDING, "  ", ALERT, ALERT))

    action = context.call(inc.actions, made.id)[0]
    context.execute(inc.UpdateAction(action.id, "TBz (H. de Vries)", ALERT + 60 * MINUTE, ActionStatus.BUSY))
    assert context.call(inc.actions, made.id, open_only=True)[0].status is ActionStatus.BUSY

    # GRIP 2 adds the AC-Bz and loses nothing of what was done for the OvD-Bz
    context.execute(inc.SetGrip(made.id, 2, ALERT + 30 * MINUTE))
    lines = board(context, made.id, ALERT + 30 * MINUTE)
    assert ovd.name in lines and acbz.name in lines
    assert len(lines[ovd.name].calls) == 3 and lines[ovd.name].reached.id == reached.id
    assert lines[acbz.name].gap and lines[acbz.name].next_up == boss
    with pytest.raises(ValidationError):
        context.execute(inc.SetGrip(made.id, 2, ALERT + 31 * MINUTE))
    with pytest.raises(ValidationError):  # not before the alert
        context.execute(inc.SetGrip(made.id, 3, ALERT - MINUTE))
    # lowering again keeps the AC-Bz on the board: it was alarmed
    context.execute(inc.SetGrip(made.id, 1, ALERT + 35 * MINUTE))
    assert acbz.name in board(context, made.id, ALERT + 35 * MINUTE)
    context.execute(inc.SetGrip(made.id, 2, ALERT + 36 * MINUTE))

    context.execute(
        inc.AddMeeting(
            made.id,
            MeetingInput(
                MeetingKind.COPI, ALERT + 40 * MINUTE, "Leider CoPI\n\n OvD-Bz ", "rook", "geen ontruiming", "opvang"
            ),
        )
    )
    meeting = context.call(inc.meetings, made.id)[0]
    assert meeting.present == "Leider CoPI\nOvD-Bz" and meeting.besluitvorming == "opvang"

    report = context.call(inc.sitrap, made.id, ALERT + 45 * MINUTE)
    assert [g.level for g in report.grip] == [1, 2, 1, 2]
    gaps = [line.function.name for line in report.gaps]
    assert gaps[0] == acbz.name and ovd.name not in gaps and len(gaps) == 6  # GRIP 2: AC-Bz, 4 procesleiders, IM
    assert [d.id for d in report.decisions] == [fixed.id]
    assert made_entries[1].id not in {e.id for e in report.entries}  # the sitrap shows what stands
    full = context.call(inc.sitrap, made.id, ALERT + 45 * MINUTE, full=True)
    assert made_entries[1].id in {e.id for e in full.entries}  # the record shows the corrections

    # close: the register; no more entries
    with pytest.raises(ValidationError):
        context.execute(inc.CloseIncident(made.id, ALERT - MINUTE))
    context.execute(inc.CloseIncident(made.id, ALERT + 180 * MINUTE))
    assert context.call(inc.current_incident) is None
    assert not context.call(inc.get_incident, made.id).is_open
    with pytest.raises(DomainError):
        context.execute(inc.AddEntry(made.id, EntryKind.MELDING, "te laat", ALERT, ALERT))

    # the figures: OvD-Bz reached after 9 minutes (norm 15), present after 41 (norm 60); AC-Bz never
    figures = {t.function: t for t in context.call(inc.times, made.id)}
    assert figures[ovd.name].reached_minutes == 9 and figures[ovd.name].reached_in_norm
    assert figures[ovd.name].arrived_minutes == 41 and figures[ovd.name].arrived_in_norm
    assert figures[ovd.name].reach_norm == 15 and figures[ovd.name].arrival_norm == 60
    assert figures[acbz.name].reached_minutes is None and not figures[acbz.name].reached_in_norm

    # the evaluation, as in OTO; its open points are action points
    context.execute(inc.AddFinding(made.id, "Alarmnummer AC-Bz ontbrak"))
    point = context.execute(inc.AddFinding(made.id, "Lijst bijwerken", "Coördinator", date(2027, 4, 1), True)).result
    assert [f.id for f in context.call(inc.findings, open_actions_only=True)] == [point.id]
    assert point.overdue(date(2027, 4, 2)) and not point.overdue(date(2027, 4, 1))

    # every log entry was only ever created: the audit trail shows who added what, and nothing changed it
    with context.database.sessions() as session:
        rows = session.execute(
            select(AuditEntry.operation, AuditEntry.user, AuditEntry.action).where(
                AuditEntry.table_name == "incident_entry"
            )
        ).all()
    assert {row.operation for row in rows} == {Operation.CREATE}
    assert {row.user for row in rows} == {context.user}
    assert {row.action for row in rows} == {"Logregel toevoegen", "Logregel corrigeren"}


def test_the_export_reads_back_with_utc_and_local_times(context, crew):
    ovd, _, people, _ = crew
    made = start(context, exercise=True)
    context.execute(inc.AddEntry(made.id, EntryKind.MELDING, 'Rook; "veel"', ALERT + 2 * MINUTE, ALERT + 2 * MINUTE))
    context.execute(inc.RecordCall(made.id, ovd.id, people[0].id, CallOutcome.REACHED, ALERT + 3 * MINUTE, "komt"))
    rows = list(
        csv.DictReader(io.StringIO(context.call(inc.export, made.id, "csv").decode("utf-8-sig")), delimiter=";")
    )
    assert [(r["soort"], r["tekst"]) for r in rows] == [("logregel", 'Rook; "veel"'), ("alarmering", "komt")]
    assert rows[0]["tijd_utc"] == "2027-03-09T22:16:00+00:00"
    assert rows[0]["tijd_lokaal"] == "2027-03-09T23:16:00+01:00" and rows[0]["sinds_alarmering"] == "+0:02"
    assert rows[1]["functie"] == ovd.name and rows[1]["persoon"] == "Officier 0" and rows[1]["uitkomst"] == "bereikt"
    parsed = json.loads(context.call(inc.export, made.id, "json"))
    assert parsed["incident"]["oefening"] is True and parsed["regels"] == rows
    with pytest.raises(DomainError):
        context.call(inc.export, made.id, "xml")


def test_exercises_are_kept_apart_and_the_bar_shows_real_ones_first_then_the_highest_grip_then_the_latest(context):
    real = start(context)
    drill = context.execute(inc.StartIncident(IncidentInput("Oefening", "", 0, ALERT + MINUTE, exercise=True))).result
    assert [i.id for i in context.call(inc.list_incidents, exercise=False)] == [real.id]
    assert [i.id for i in context.call(inc.list_incidents, exercise=True)] == [drill.id]
    assert context.call(inc.current_incident) == real and drill.name() == "Oefening (oefening)"  # GRIP 1 before 0
    later = context.execute(inc.StartIncident(IncidentInput("Gaslek", "", 1, ALERT + 2 * MINUTE))).result
    assert context.call(inc.current_incident) == later  # the same GRIP level: the latest alert
    context.execute(inc.StartIncident(IncidentInput("Grote oefening", "", 4, ALERT + 3 * MINUTE, exercise=True)))
    assert context.call(inc.current_incident) == later  # a real incident before any exercise, whatever its GRIP


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (IncidentInput(" ", "", 1, ALERT), "title"),
        (IncidentInput("x", "", 5, ALERT), "grip"),
        (IncidentInput("x", "", 1, ALERT, reach_minutes=0), "reach_minutes"),
    ],
)
def test_a_wrong_start_is_refused_per_field(context, data, field):
    with pytest.raises(ValidationError) as refused:
        context.execute(inc.StartIncident(data))
    assert field in refused.value.errors


def test_no_command_edits_or_deletes_a_log_entry():
    """Append-only: of the incident's commands only AddEntry touches the log, and it only adds."""
    import inspect

    commands = [
        c
        for _, c in inspect.getmembers(inc, inspect.isclass)
        if issubclass(c, Command) and c.__module__ == inc.__name__
    ]
    touching = [
        c.__name__ for c in commands if "LogEntry(" in inspect.getsource(c) or "LogEntry," in inspect.getsource(c)
    ]
    assert touching == ["AddEntry"]


def test_elapsed_time_beside_every_entry():
    assert inc.elapsed(ALERT, ALERT) == "+0:00"
    assert inc.elapsed(ALERT, ALERT + 75 * MINUTE) == "+1:15"
    assert inc.elapsed(ALERT, ALERT - 3 * MINUTE) == "−0:03"

"""OTO services: drill figures at the norm's boundary, readiness from attendance, progress, action points."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from crisisapp.errors import DomainError, ValidationError
from crisisapp.models.audit import AuditEntry, Operation
from crisisapp.models.organisation import Role
from crisisapp.models.oto import ActionStatus, ActivityKind, ActivityStatus, Presence
from crisisapp.services import organisation as org
from crisisapp.services import oto
from crisisapp.services.organisation import ReadinessStatus
from crisisapp.services.oto import ActivityInput
from crisisapp.timeutil import to_local
from tests.commands_support import unversioned

ALARM = datetime(2027, 3, 9, 19, 0, tzinfo=UTC)


@pytest.fixture
def team(context):
    ovd = next(f for t in context.call(org.list_teams) for f in t.functions if t.code == "OvD-Bz")
    people = []
    for n in range(6):
        person = context.execute(org.AddPerson(org.PersonInput(f"Deelnemer {n}", "Maassluis"))).result
        context.execute(org.Assign(person.id, ovd.id, Role.DEPUTY, date(2026, 1, 1)))
        people.append(person)
    return ovd, people


def drill(context, people, kind=ActivityKind.ALARMERING):
    made = context.execute(oto.PlanActivity(ActivityInput(kind, "Alarmeringsoefening maart", ALARM))).result
    context.execute(oto.InviteParticipants(made.id, tuple(p.id for p in people)))
    context.execute(oto.StartAlarm(made.id, ALARM))
    return made


def test_figures_at_the_norm_boundary_with_absent_and_excused(context, team):
    _, people = team
    made = drill(context, people)
    minutes = [3, 15, timedelta(minutes=15, seconds=1)]
    for person, after in zip(people, minutes, strict=False):
        delay = after if isinstance(after, timedelta) else timedelta(minutes=after)
        context.execute(oto.SetResponse(made.id, person.id, Presence.RESPONDED, ALARM + delay))
    context.execute(oto.SetResponse(made.id, people[3].id, Presence.ABSENT))
    context.execute(oto.SetResponse(made.id, people[4].id, Presence.EXCUSED))
    result = context.call(oto.results, made.id)
    total = result.total
    assert (total.invited, total.excused, total.absent, total.responded) == (6, 1, 1, 3)
    assert total.within_norm == 2  # exactly 15:00 counts, 15:01 does not
    assert total.expected == 5 and total.response_rate == pytest.approx(3 / 5)
    assert total.median_minutes == 15 and total.slowest_minutes == pytest.approx(15 + 1 / 60)
    assert result.norm_minutes == 15 and result.measured == "reactie"
    assert dict(result.by_team)["OvD-Bz"].responded == 3


def test_turn_out_drills_measure_arrival(context, team):
    _, people = team
    made = drill(context, people[:2], ActivityKind.OPKOMST)
    minutes = timedelta(minutes=1)
    context.execute(
        oto.SetResponse(made.id, people[0].id, Presence.RESPONDED, ALARM + 4 * minutes, ALARM + 60 * minutes)
    )
    context.execute(
        oto.SetResponse(made.id, people[1].id, Presence.RESPONDED, ALARM + 2 * minutes, ALARM + 75 * minutes)
    )
    result = context.call(oto.results, made.id)
    assert result.measured == "opkomst" and result.norm_minutes == 60
    assert result.total.within_norm == 1 and result.total.slowest_minutes == 75


def test_responses_are_checked(context, team):
    _, people = team
    made = drill(context, people[:1])
    with pytest.raises(ValidationError, match="vóór het alarm"):
        context.execute(oto.SetResponse(made.id, people[0].id, Presence.RESPONDED, ALARM - timedelta(minutes=1)))
    outsider = context.execute(org.AddPerson(org.PersonInput("Buitenstaander", "Schiedam"))).result
    with pytest.raises(DomainError, match="niet uitgenodigd"):
        context.execute(oto.SetResponse(made.id, outsider.id, Presence.RESPONDED, ALARM))


def test_an_executed_drill_makes_its_participants_ready(context, team):
    ovd, people = team
    made = drill(context, people[:2])
    context.execute(org.RecordAttendance(people[0].id, ActivityKind.TRAINING, date(2027, 1, 10), ALARM))
    context.execute(org.RecordAttendance(people[1].id, ActivityKind.TRAINING, date(2027, 1, 10), ALARM))
    context.execute(oto.SetResponse(made.id, people[0].id, Presence.RESPONDED, ALARM + timedelta(minutes=5)))
    context.execute(oto.SetResponse(made.id, people[1].id, Presence.ABSENT))

    def ready(person):
        view = context.call(org.overview, date(2027, 3, 10))
        staffing = next(s for s in view.staffing if s.function.id == ovd.id)
        return next(h for h in staffing.holders if h.person.id == person.id).readiness.status

    assert ready(people[0]) is ReadinessStatus.NOT_READY  # not executed yet
    context.execute(oto.SetActivityStatus(made.id, ActivityStatus.DONE))
    assert ready(people[0]) is ReadinessStatus.READY and ready(people[1]) is ReadinessStatus.NOT_READY
    context.execute(oto.SetActivityStatus(made.id, ActivityStatus.PLANNED))  # undone: the records go again
    assert ready(people[0]) is ReadinessStatus.NOT_READY


def test_unannounced_dates_show_only_as_the_quarter():
    activity = oto.ActivityRecord(
        1,
        ActivityKind.OPKOMST,
        "Opkomst",
        datetime(2027, 8, 17, 21, 30, tzinfo=UTC),
        120,
        "",
        "",
        True,
        ActivityStatus.PLANNED,
        None,
        "",
        0,
        1,
        "Maassluis",
    )
    assert oto.when_text(activity, internal=False) == "3e kwartaal 2027, onaangekondigd"
    assert oto.when_text(activity, internal=True) == "di 17-08-2027 23:30"


def test_progress_against_the_targets_and_action_points(context):
    for month in (2, 5, 9):
        start = datetime(2027, month, 3, 18, tzinfo=UTC)
        context.execute(oto.PlanActivity(ActivityInput(ActivityKind.ALARMERING, f"Alarm {month}", start)))
    cancelled = context.execute(
        oto.PlanActivity(ActivityInput(ActivityKind.ALARMERING, "Vervalt", datetime(2027, 11, 3, 18, tzinfo=UTC)))
    ).result
    context.execute(oto.SetActivityStatus(cancelled.id, ActivityStatus.CANCELLED))
    done = context.call(oto.list_activities, 2027)[0]
    context.execute(oto.SetActivityStatus(done.id, ActivityStatus.DONE))
    assert context.call(oto.progress, 2027)[ActivityKind.ALARMERING] == (1, 2, 4)
    late = context.execute(
        oto.AddFinding(done.id, "Telefoonlijst verouderd", "OTO-coördinator", date(2027, 3, 1), action=True)
    ).result
    context.execute(oto.AddFinding(done.id, "Alarmering verliep vlot"))
    open_actions = context.call(oto.findings, open_actions_only=True)
    assert [f.id for f in open_actions] == [late.id] and open_actions[0].overdue(date(2027, 3, 2))
    context.execute(oto.SetFindingStatus(late.id, ActionStatus.DONE))
    assert context.call(oto.findings, open_actions_only=True) == ()


def audited(context, table):
    with context.database.sessions() as session:
        return set(
            session.execute(select(AuditEntry.record_id, AuditEntry.operation).where(AuditEntry.table_name == table))
        )


def test_deleting_a_planned_activity_takes_its_findings_along_audited_and_undoable(context, team):
    _, people = team
    made = context.execute(oto.PlanActivity(ActivityInput(ActivityKind.OEFENING, "Oefening", ALARM))).result
    context.execute(oto.InviteParticipants(made.id, (people[0].id,)))
    finding = context.execute(oto.AddFinding(made.id, "Draaiboek vooraf rondsturen")).result
    done = context.execute(oto.DeleteActivity(made.id))
    assert context.call(oto.findings, made.id) == ()
    assert (str(finding.id), Operation.DELETE) in audited(context, "oto_finding")
    assert {op for _id, op in audited(context, "oto_participant")} == {Operation.CREATE, Operation.DELETE}
    context.execute(done.inverse)
    assert unversioned(context.call(oto.findings, made.id)) == unversioned((finding,))
    assert [p.person_id for p in context.call(oto.participants, made.id)] == [people[0].id]


def test_an_activity_with_results_is_cancelled_not_deleted(context, team):
    _, people = team
    made = drill(context, people[:1])
    with pytest.raises(DomainError, match="annuleer de activiteit"):
        context.execute(oto.DeleteActivity(made.id))
    assert context.call(oto.get_activity, made.id).alarm_at == ALARM


def test_attendance_follows_the_activity_and_keeps_the_records_that_stay(context, team):
    _, people = team
    made = drill(context, people[:2])
    for person in people[:2]:
        context.execute(oto.SetResponse(made.id, person.id, Presence.RESPONDED, ALARM + timedelta(minutes=3)))
    context.execute(oto.SetActivityStatus(made.id, ActivityStatus.DONE))

    def records():
        found = [a for p in people[:2] for a in context.call(org.list_attendance, p.id)]
        return {(a.id, a.person_id, a.day) for a in found if a.kind is ActivityKind.ALARMERING}

    first = records()
    assert {person for _id, person, _day in first} == {people[0].id, people[1].id}
    ((stays, _person, _day),) = {r for r in first if r[1] == people[0].id}
    context.execute(oto.SetResponse(made.id, people[1].id, Presence.ABSENT))
    assert {r[0] for r in records()} == {stays}  # the record that stays valid is the same row
    later = ALARM + timedelta(days=2)
    context.execute(oto.UpdateActivity(made.id, ActivityInput(ActivityKind.ALARMERING, "Verschoven", later)))
    assert records() == {(stays, people[0].id, to_local(later).date())}


def attendance_days(context, people):
    return {(a.person_id, a.day) for p in people for a in context.call(org.list_attendance, p.id) if a.source}


def test_an_activity_executed_before_its_planned_day_moves_to_the_day_it_took_place(context, team):
    _, people = team
    training = context.execute(oto.PlanActivity(ActivityInput(ActivityKind.TRAINING, "Training", ALARM))).result
    context.execute(oto.InviteParticipants(training.id, (people[0].id,)))
    now = datetime(2027, 2, 1, 9, 0, 30, tzinfo=UTC)
    done = context.execute(oto.SetActivityStatus(training.id, ActivityStatus.DONE, now))
    assert done.result.start == datetime(2027, 2, 1, 9, 0, tzinfo=UTC)  # on the minute, as the form enters it
    assert attendance_days(context, people[:1]) == {(people[0].id, date(2027, 2, 1))}  # not 9 March
    context.execute(done.inverse)
    assert context.call(oto.get_activity, training.id).start == ALARM and not attendance_days(context, people[:1])

    drilled = context.execute(oto.PlanActivity(ActivityInput(ActivityKind.ALARMERING, "Vroeg", ALARM))).result
    context.execute(oto.InviteParticipants(drilled.id, (people[1].id,)))
    alarm = datetime(2027, 1, 28, 18, 30, 15, tzinfo=UTC)
    context.execute(oto.StartAlarm(drilled.id, alarm))
    context.execute(oto.SetResponse(drilled.id, people[1].id, Presence.RESPONDED, alarm + timedelta(minutes=4)))
    moved = context.execute(oto.SetActivityStatus(drilled.id, ActivityStatus.DONE, now)).result
    assert moved.start == datetime(2027, 1, 28, 18, 30, tzinfo=UTC)  # the day of its alarm, not the day marked
    assert attendance_days(context, people[1:2]) == {(people[1].id, date(2027, 1, 28))}

    later = datetime(2027, 4, 1, 10, 0, tzinfo=UTC)
    on_time = context.execute(oto.PlanActivity(ActivityInput(ActivityKind.TRAINING, "Op tijd", ALARM))).result
    kept = context.execute(oto.SetActivityStatus(on_time.id, ActivityStatus.EVALUATED, later)).result
    assert kept.start == ALARM  # held as planned: the date stays
    cancelled = context.execute(oto.PlanActivity(ActivityInput(ActivityKind.TRAINING, "Vervalt", ALARM))).result
    assert context.execute(oto.SetActivityStatus(cancelled.id, ActivityStatus.CANCELLED, now)).result.start == ALARM


def test_the_alarm_stays_before_the_first_reaction(context, team):
    _, people = team
    made = drill(context, people[:2])
    context.execute(oto.SetResponse(made.id, people[0].id, Presence.RESPONDED, ALARM + timedelta(minutes=3)))
    with pytest.raises(ValidationError, match="na de eerste reactie liggen \\(di 09-03-2027 20:03:00\\)"):
        context.execute(oto.StartAlarm(made.id, ALARM + timedelta(minutes=3, seconds=1)))
    context.execute(oto.StartAlarm(made.id, ALARM + timedelta(minutes=3)))  # at the same second is still 0:00
    earlier = context.execute(oto.CorrectAlarmTime(made.id, ALARM - timedelta(minutes=2))).result
    assert earlier.alarm_at == ALARM - timedelta(minutes=2)
    assert oto.CorrectAlarmTime.label == "Alarmtijd gecorrigeerd" != oto.StartAlarm.label
    assert context.call(oto.results, made.id).total.median_minutes == 5


def test_an_alarm_that_did_not_go_out_has_no_time_to_correct(context):
    made = context.execute(oto.PlanActivity(ActivityInput(ActivityKind.ALARMERING, "Alarmering april", ALARM))).result
    with pytest.raises(DomainError, match="nog niet verstuurd"):
        context.execute(oto.CorrectAlarmTime(made.id, ALARM))

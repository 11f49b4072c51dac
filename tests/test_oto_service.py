"""OTO services: drill figures at the norm's boundary, readiness from attendance, progress, action points."""

from datetime import UTC, date, datetime, timedelta

import pytest

from crisisapp.errors import DomainError, ValidationError
from crisisapp.models.organisation import Role
from crisisapp.models.oto import ActionStatus, ActivityKind, ActivityStatus, Presence
from crisisapp.services import organisation as org
from crisisapp.services import oto
from crisisapp.services.organisation import ReadinessStatus
from crisisapp.services.oto import ActivityInput

ALARM = datetime(2027, 3, 9, 19, 0, tzinfo=UTC)


@pytest.fixture
def team(context):
    ovd = next(f for t in context.call(org.list_teams) for f in t.functions if t.code == "OvD-Bz")
    people = []
    for n in range(6):
        person = context.call(org.create_person, org.PersonInput(f"Deelnemer {n}", "Maassluis"))
        context.call(org.assign, person.id, ovd.id, Role.DEPUTY, date(2026, 1, 1))
        people.append(person)
    return ovd, people


def drill(context, people, kind=ActivityKind.ALARMERING):
    made = context.call(oto.create_activity, ActivityInput(kind, "Alarmeringsoefening maart", ALARM))
    context.call(oto.add_participants, made.id, [p.id for p in people])
    context.call(oto.start_alarm, made.id, ALARM)
    return made


def test_figures_at_the_norm_boundary_with_absent_and_excused(context, team):
    _, people = team
    made = drill(context, people)
    minutes = [3, 15, timedelta(minutes=15, seconds=1)]
    for person, after in zip(people, minutes, strict=False):
        delay = after if isinstance(after, timedelta) else timedelta(minutes=after)
        context.call(oto.set_response, made.id, person.id, Presence.RESPONDED, ALARM + delay, None)
    context.call(oto.set_response, made.id, people[3].id, Presence.ABSENT, None, None)
    context.call(oto.set_response, made.id, people[4].id, Presence.EXCUSED, None, None)
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
    context.call(
        oto.set_response,
        made.id,
        people[0].id,
        Presence.RESPONDED,
        ALARM + timedelta(minutes=4),
        ALARM + timedelta(minutes=60),
    )
    context.call(
        oto.set_response,
        made.id,
        people[1].id,
        Presence.RESPONDED,
        ALARM + timedelta(minutes=2),
        ALARM + timedelta(minutes=75),
    )
    result = context.call(oto.results, made.id)
    assert result.measured == "opkomst" and result.norm_minutes == 60
    assert result.total.within_norm == 1 and result.total.slowest_minutes == 75


def test_responses_are_checked(context, team):
    _, people = team
    made = drill(context, people[:1])
    with pytest.raises(ValidationError, match="vóór het alarm"):
        context.call(oto.set_response, made.id, people[0].id, Presence.RESPONDED, ALARM - timedelta(minutes=1), None)
    outsider = context.call(org.create_person, org.PersonInput("Buitenstaander", "Schiedam"))
    with pytest.raises(DomainError, match="niet uitgenodigd"):
        context.call(oto.set_response, made.id, outsider.id, Presence.RESPONDED, ALARM, None)


def test_an_executed_drill_makes_its_participants_ready(context, team):
    ovd, people = team
    made = drill(context, people[:2])
    context.call(org.record_attendance, people[0].id, ActivityKind.TRAINING, date(2027, 1, 10), ALARM)
    context.call(org.record_attendance, people[1].id, ActivityKind.TRAINING, date(2027, 1, 10), ALARM)
    context.call(oto.set_response, made.id, people[0].id, Presence.RESPONDED, ALARM + timedelta(minutes=5), None)
    context.call(oto.set_response, made.id, people[1].id, Presence.ABSENT, None, None)

    def ready(person):
        view = context.call(org.overview, date(2027, 3, 10))
        staffing = next(s for s in view.staffing if s.function.id == ovd.id)
        return next(h for h in staffing.holders if h.person.id == person.id).readiness.status

    assert ready(people[0]) is ReadinessStatus.NOT_READY  # not executed yet
    context.call(oto.set_status, made.id, ActivityStatus.DONE)
    assert ready(people[0]) is ReadinessStatus.READY and ready(people[1]) is ReadinessStatus.NOT_READY
    context.call(oto.set_status, made.id, ActivityStatus.PLANNED)  # undone: the records go again
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
    )
    assert oto.when_text(activity, internal=False) == "3e kwartaal 2027, onaangekondigd"
    assert oto.when_text(activity, internal=True) == "di 17-08-2027 23:30"


def test_progress_against_the_targets_and_action_points(context):
    for month in (2, 5, 9):
        context.call(
            oto.create_activity,
            ActivityInput(ActivityKind.ALARMERING, f"Alarm {month}", datetime(2027, month, 3, 18, tzinfo=UTC)),
        )
    cancelled = context.call(
        oto.create_activity, ActivityInput(ActivityKind.ALARMERING, "Vervalt", datetime(2027, 11, 3, 18, tzinfo=UTC))
    )
    context.call(oto.set_status, cancelled.id, ActivityStatus.CANCELLED)
    done = context.call(oto.list_activities, 2027)[0]
    context.call(oto.set_status, done.id, ActivityStatus.DONE)
    assert context.call(oto.progress, 2027)[ActivityKind.ALARMERING] == (1, 2, 4)
    late = context.call(
        oto.add_finding, done.id, "Telefoonlijst verouderd", "OTO-coördinator", date(2027, 3, 1), action=True
    )
    context.call(oto.add_finding, done.id, "Alarmering verliep vlot")
    open_actions = context.call(oto.findings, open_actions_only=True)
    assert [f.id for f in open_actions] == [late.id] and open_actions[0].overdue(date(2027, 3, 2))
    context.call(oto.set_finding_status, late.id, ActionStatus.DONE)
    assert context.call(oto.findings, open_actions_only=True) == ()

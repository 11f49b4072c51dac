"""How to draw a valid OTO command from the demo database (see tests/test_commands.py)."""

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from crisisapp.context import AppContext
from crisisapp.models.oto import ActionStatus, ActivityKind, ActivityStatus, Presence
from crisisapp.services import organisation, oto
from crisisapp.services.commands import Command
from crisisapp.services.oto import ActivityInput, ActivityRecord, NormRecord
from tests.commands_support import days, pick, texts

FIRST, LAST = datetime(2020, 1, 1), datetime(2030, 12, 31)
moments = st.datetimes(FIRST, LAST, timezones=st.just(UTC)).map(
    lambda moment: moment.replace(second=0, microsecond=0)  # the forms enter whole minutes
)
minutes = st.none() | st.integers(1, 24 * 60)


def activity_input(data: st.DataObject) -> ActivityInput:
    return ActivityInput(
        data.draw(st.sampled_from(ActivityKind)),
        data.draw(texts),
        data.draw(moments),
        data.draw(st.integers(5, 7 * 24 * 60)),
        data.draw(st.just("") | texts),
        data.draw(st.just("") | texts),
        data.draw(st.booleans()),
        data.draw(st.just("") | texts),
    )


def _activity(context: AppContext, data: st.DataObject, *, invited: bool = False) -> ActivityRecord | None:
    """Any activity of the demo database, or one with participants."""
    return pick(data, tuple(a for a in context.call(oto.list_activities) if a.participants or not invited))


def _update(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    activity = _activity(context, data)
    return activity and oto.UpdateActivity(activity.id, activity_input(data))


def _delete(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    planned = tuple(
        a for a in context.call(oto.list_activities) if a.status is ActivityStatus.PLANNED and a.alarm_at is None
    )
    activity = pick(data, planned)
    return activity and oto.DeleteActivity(activity.id)


def _status(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    activity = _activity(context, data)
    if activity is None:
        return None
    return oto.SetActivityStatus(
        activity.id,
        data.draw(st.sampled_from(ActivityStatus).filter(lambda s: s != activity.status)),
        data.draw(st.none() | moments),  # a moment before the start moves an executed activity there
    )


def _invite(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    activity = _activity(context, data)
    if activity is None:
        return None
    invited = [p.person_id for p in context.call(oto.participants, activity.id)]
    others = [p.id for p in context.call(organisation.list_people) if p.id not in invited]
    if not others:
        return None
    new = data.draw(st.lists(st.sampled_from(others), min_size=1, max_size=5, unique=True))
    again = data.draw(st.lists(st.sampled_from(invited), max_size=2)) if invited else []  # skipped
    return oto.InviteParticipants(activity.id, tuple(data.draw(st.permutations(new + again))))


def _remove(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    activity = _activity(context, data, invited=True)
    if activity is None:
        return None
    invited = [p.person_id for p in context.call(oto.participants, activity.id)]
    gone = data.draw(st.lists(st.sampled_from(invited), min_size=1, max_size=4, unique=True))
    return oto.RemoveParticipants(activity.id, tuple(gone))


def _alarm(context: AppContext, data: st.DataObject, *, correcting: bool = False) -> Command[Any] | None:
    """An alarm no later than the first reaction or arrival already recorded; ``correcting``: the corrected
    time of an alarm that went out."""
    activity = (
        pick(data, tuple(a for a in context.call(oto.list_activities) if a.alarm_at is not None))
        if correcting
        else _activity(context, data)
    )
    if activity is None:
        return None
    recorded = [
        moment
        for person in context.call(oto.participants, activity.id)
        for moment in (person.acknowledged_at, person.arrived_at)
        if moment is not None
    ]
    latest = min([LAST, *(moment.astimezone(UTC).replace(tzinfo=None) for moment in recorded)])
    before = st.datetimes(FIRST, latest, timezones=st.just(UTC)).map(lambda m: m.replace(second=0, microsecond=0))
    command = oto.CorrectAlarmTime if correcting else oto.StartAlarm
    return command(activity.id, data.draw(before.filter(lambda m: m != activity.alarm_at)))


def _response(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    activity = _activity(context, data, invited=True)
    if activity is None:
        return None
    person = pick(data, context.call(oto.participants, activity.id))
    base = activity.alarm_at or activity.start
    times = st.none() | st.integers(0, 180).map(lambda n: base + timedelta(minutes=n))
    now = (person.presence, person.acknowledged_at, person.arrived_at)

    def effective(response: tuple[Presence, datetime | None, datetime | None]) -> tuple[Any, ...]:
        """As stored: only a response carries times."""
        return response if response[0] is Presence.RESPONDED else (response[0], None, None)

    presence, acknowledged, arrived = data.draw(
        st.tuples(st.sampled_from(Presence), times, times).filter(lambda r: effective(r) != now)
    )
    return oto.SetResponse(activity.id, person.person_id, presence, acknowledged, arrived)


def _time(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    """A reaction or arrival recorded, corrected or taken back in the live drill, as the drill showed it."""
    activity = _activity(context, data, invited=True)
    if activity is None:
        return None
    person = pick(data, context.call(oto.participants, activity.id))
    arrival = data.draw(st.booleans())
    shown = person.arrived_at if arrival else person.acknowledged_at
    base = activity.alarm_at or activity.start
    at = data.draw(
        (st.none() | st.integers(0, 180).map(lambda n: base + timedelta(minutes=n))).filter(lambda t: t != shown)
    )
    return oto.RecordTime(activity.id, person.person_id, arrival, at, shown)


def _finding(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    activity = _activity(context, data)
    if activity is None:
        return None
    return oto.AddFinding(
        activity.id,
        data.draw(texts),
        data.draw(st.just("") | texts),
        data.draw(st.none() | days),
        data.draw(st.booleans()),
    )


def _finding_status(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    finding = pick(data, context.call(oto.findings))
    if finding is None:
        return None
    status = data.draw(st.sampled_from((None, *ActionStatus)).filter(lambda s: s != finding.status))
    return oto.SetFindingStatus(finding.id, status)


def _norm(context: AppContext, data: st.DataObject) -> Command[Any]:
    kind = data.draw(st.sampled_from(ActivityKind))
    now = context.call(oto.norms)[kind]
    norm = st.builds(NormRecord, st.just(kind), minutes, minutes, st.booleans(), st.integers(0, 52))
    return oto.SetNorm(data.draw(norm.filter(lambda n: n != now)))


BUILDERS: dict[type[Command[Any]], Any] = {
    oto.SetNorm: _norm,
    oto.PlanActivity: lambda c, d: oto.PlanActivity(activity_input(d)),
    oto.UpdateActivity: _update,
    oto.DeleteActivity: _delete,
    oto.SetActivityStatus: _status,
    oto.InviteParticipants: _invite,
    oto.RemoveParticipants: _remove,
    oto.StartAlarm: _alarm,
    oto.CorrectAlarmTime: lambda c, d: _alarm(c, d, correcting=True),
    oto.SetResponse: _response,
    oto.RecordTime: _time,
    oto.AddFinding: _finding,
    oto.SetFindingStatus: _finding_status,
    oto.DeleteFinding: lambda c, d: (f := pick(d, c.call(oto.findings))) and oto.DeleteFinding(f.id),
}

"""How to draw a valid incident command from the demo database (see tests/test_commands.py); the demo holds a
closed, evaluated exercise and one running."""

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from crisisapp.context import AppContext
from crisisapp.models.incident import CallOutcome, EntryKind, MeetingKind
from crisisapp.models.oto import ActionStatus
from crisisapp.services import incident
from crisisapp.services.commands import Command
from crisisapp.services.incident import IncidentInput, IncidentRecord, MeetingInput
from tests.commands_support import days, pick, texts

FIRST, LAST = datetime(2020, 1, 1), datetime(2030, 12, 31)
moments = st.datetimes(FIRST, LAST, timezones=st.just(UTC)).map(lambda m: m.replace(microsecond=0))
later = st.integers(0, 600).map(lambda n: timedelta(minutes=n))


def incident_input(data: st.DataObject) -> IncidentInput:
    return IncidentInput(
        data.draw(texts),
        data.draw(st.just("") | texts),
        data.draw(st.integers(0, 4)),
        data.draw(moments),
        data.draw(st.just("") | texts),
        data.draw(st.booleans()),
        data.draw(st.integers(1, 60)),
    )


def _open(context: AppContext, data: st.DataObject) -> IncidentRecord | None:
    return pick(data, tuple(i for i in context.call(incident.list_incidents) if i.is_open))


def _update(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    found = pick(data, context.call(incident.list_incidents))
    return found and incident.UpdateIncident(found.id, incident_input(data))


def _grip(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    found = _open(context, data)
    if found is None:
        return None
    level = data.draw(st.integers(0, 4).filter(lambda n: n != found.grip))
    return incident.SetGrip(found.id, level, found.alert_at + data.draw(later))


def _close(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    found = _open(context, data)
    return found and incident.CloseIncident(found.id, found.alert_at + data.draw(later))


def _entry(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    found = _open(context, data)
    if found is None:
        return None
    entries = context.call(incident.log, found.id)
    correctable = tuple(e for e in entries if not e.corrected)
    corrects = data.draw(st.none() | st.sampled_from(correctable)) if correctable else None
    at = found.alert_at + data.draw(later)
    return incident.AddEntry(
        found.id,
        data.draw(st.sampled_from(EntryKind)),
        data.draw(texts),
        at,
        at + data.draw(later),
        data.draw(st.just("") | texts),
        data.draw(st.none() | st.just(at + timedelta(hours=1))),
        corrects.id if corrects else None,
    )


def _action(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    found = pick(data, context.call(incident.list_incidents))
    action = found and pick(data, context.call(incident.actions, found.id))
    if not action:
        return None
    owner, status = data.draw(
        st.tuples(st.just("") | texts, st.sampled_from(ActionStatus)).filter(
            lambda pair: (pair[0].strip(), pair[1]) != (action.owner, action.status)
        )
    )
    return incident.UpdateAction(action.id, owner, action.deadline, status)


def _call(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    found = _open(context, data)
    if found is None:
        return None
    line = pick(
        data, tuple(line for line in context.call(incident.alarm_board, found.id, found.alert_at) if line.candidates)
    )
    if line is None:
        return None
    person = data.draw(st.sampled_from(line.candidates)).person
    return incident.RecordCall(
        found.id,
        line.function.id,
        person.id,
        data.draw(st.sampled_from(CallOutcome)),
        found.alert_at + data.draw(later),
        data.draw(st.just("") | texts),
    )


def _arrival(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    found = _open(context, data)
    reached = found and tuple(c for c in context.call(incident.calls, found.id) if c.outcome is CallOutcome.REACHED)
    call = pick(data, reached or ())
    if call is None:
        return None
    at = call.called_at + data.draw(later.filter(lambda d: call.called_at + d != call.arrived_at))
    return incident.RecordArrival(call.id, at)


def _meeting(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    found = _open(context, data)
    if found is None:
        return None
    meeting = MeetingInput(
        data.draw(st.sampled_from(MeetingKind)),
        found.alert_at + data.draw(later),
        data.draw(texts),
        data.draw(st.just("") | texts),
        data.draw(st.just("") | texts),
        data.draw(st.just("") | texts),
    )
    return incident.AddMeeting(found.id, meeting)


def _finding(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    found = pick(data, context.call(incident.list_incidents))
    if found is None:
        return None
    return incident.AddFinding(
        found.id,
        data.draw(texts),
        data.draw(st.just("") | texts),
        data.draw(st.none() | days),
        data.draw(st.booleans()),
    )


def _finding_status(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    finding = pick(data, context.call(incident.findings))
    if finding is None:
        return None
    status = data.draw(st.sampled_from((None, *ActionStatus)).filter(lambda s: s != finding.status))
    return incident.SetFindingStatus(finding.id, status)


BUILDERS: dict[type[Command[Any]], Any] = {
    incident.StartIncident: lambda c, d: incident.StartIncident(incident_input(d)),
    incident.UpdateIncident: _update,
    incident.SetGrip: _grip,
    incident.CloseIncident: _close,
    incident.AddEntry: _entry,
    incident.UpdateAction: _action,
    incident.RecordCall: _call,
    incident.RecordArrival: _arrival,
    incident.AddMeeting: _meeting,
    incident.AddFinding: _finding,
    incident.SetFindingStatus: _finding_status,
    incident.DeleteFinding: lambda c, d: (f := pick(d, c.call(incident.findings))) and incident.DeleteFinding(f.id),
}

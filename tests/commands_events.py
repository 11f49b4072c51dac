"""How to draw a valid Events command from the demo database (see tests/test_commands.py)."""

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from crisisapp.context import AppContext
from crisisapp.models.events import Category, Outcome, PointStatus
from crisisapp.services import events
from crisisapp.services.commands import Command
from crisisapp.services.events import EventInput, EventRecord, PointInput
from tests.commands_support import days, pick, texts

moments = st.datetimes(datetime(2020, 1, 1), datetime(2030, 12, 31), timezones=st.just(UTC)).map(
    lambda moment: moment.replace(second=0, microsecond=0)
)


def event_input(data: st.DataObject) -> EventInput:
    start = data.draw(moments)
    category = data.draw(st.sampled_from(Category))
    return EventInput(
        data.draw(texts),
        data.draw(st.sampled_from(("", *events.SERIES))),
        data.draw(st.integers(2020, 2030)),
        start,
        start + timedelta(hours=data.draw(st.integers(1, 72))),
        category,
        data.draw(texts),
        data.draw(st.integers(0, 150 if category is Category.ZERO else 100_000)),
        data.draw(texts),
        data.draw(texts),
        data.draw(st.none() | days),
        data.draw(st.sampled_from(("nog niet aangevraagd", "verleend", "melding"))),
        data.draw(texts),
    )


def point_input(data: st.DataObject) -> PointInput:
    return PointInput(data.draw(texts), data.draw(texts), data.draw(st.none() | days), data.draw(st.booleans()))


def _event(context: AppContext, data: st.DataObject) -> EventRecord | None:
    found: EventRecord | None = pick(data, context.call(events.list_events))
    return found


def attendees(data: st.DataObject) -> tuple[str, ...]:
    return tuple(data.draw(st.lists(st.sampled_from(events.USUAL_PARTIES) | texts, max_size=4)))


def points_agreed(data: st.DataObject) -> tuple[PointInput, ...]:
    return tuple(point_input(data) for _ in range(data.draw(st.integers(0, 2))))


def _meeting(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    event = _event(context, data)
    if event is None:
        return None
    return events.AddMeeting(event.id, data.draw(moments), attendees(data), data.draw(texts), points_agreed(data))


def _update_meeting(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    event = _event(context, data)
    meeting = pick(data, context.call(events.meetings, event.id)) if event else None
    if meeting is None:
        return None
    return events.UpdateMeeting(meeting.id, data.draw(moments), attendees(data), data.draw(texts), points_agreed(data))


def _point(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    event = _event(context, data)
    if event is None:
        return None
    held = context.call(events.meetings, event.id)
    meeting_id = data.draw(st.none() | st.sampled_from([m.id for m in held])) if held else None
    return events.AddPoint(event.id, point_input(data), meeting_id)


def _status(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    point = pick(data, context.call(events.points))
    if point is None:
        return None
    choices = [s for s in PointStatus if s not in (point.status, PointStatus.CARRIED)]
    return events.SetPointStatus(point.id, data.draw(st.sampled_from(choices)))


def _fill(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    event, template = _event(context, data), pick(data, tuple(context.call(events.templates)))
    return event and template and events.FillChecklist(event.id, template)


def _tick(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    event = pick(data, tuple(e for e in context.call(events.list_events) if e.items))
    if event is None:
        return None
    item = pick(data, context.call(events.checklist, event.id).items)
    outcome = data.draw(st.sampled_from(Outcome))
    return events.Tick(
        item.id,
        data.draw(st.sampled_from(event.rounds)),
        outcome,
        event.data.start + timedelta(minutes=data.draw(st.integers(0, 3 * 24 * 60))),  # once every round began
        data.draw(texts),
        data.draw(texts),
    )


def _clear_tick(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    checked = [
        (item.id, result.round)
        for event in context.call(events.list_events)
        for item in context.call(events.checklist, event.id).items
        for result in item.results
    ]
    return events.ClearTick(*data.draw(st.sampled_from(checked))) if checked else None


def _line(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    template = pick(data, tuple(context.call(events.templates).items()))
    if template is None:
        return None
    template_id, (_name, lines) = template
    section = data.draw(st.sampled_from([s for s, _text in lines]) | texts) if lines else data.draw(texts)
    return events.AddTemplateLine(template_id, section, data.draw(texts))


def _delete_line(context: AppContext, data: st.DataObject) -> Command[Any] | None:
    template = pick(data, tuple(context.call(events.templates)))
    line = template and pick(data, context.call(events.template_lines, template))
    return line and events.DeleteTemplateLine(line.id)


def _template(context: AppContext, data: st.DataObject) -> int | None:
    found: int | None = pick(data, tuple(context.call(events.templates)))
    return found


BUILDERS: dict[type[Command[Any]], Any] = {
    events.AddEvent: lambda c, d: events.AddEvent(event_input(d)),
    events.UpdateEvent: lambda c, d: (e := _event(c, d)) and events.UpdateEvent(e.id, event_input(d)),
    events.DeleteEvent: lambda c, d: (e := _event(c, d)) and events.DeleteEvent(e.id),
    events.NewEdition: lambda c, d: (e := _event(c, d)) and events.NewEdition(e.id),
    events.AddMeeting: _meeting,
    events.UpdateMeeting: _update_meeting,
    events.AddPoint: _point,
    events.SetPointStatus: _status,
    events.FillChecklist: _fill,
    events.ClearChecklist: lambda c, d: (e := _event(c, d)) and events.ClearChecklist(e.id),
    events.Tick: _tick,
    events.ClearTick: _clear_tick,
    events.AddTemplateLine: _line,
    events.DeleteTemplateLine: _delete_line,
    events.CopyTemplate: lambda c, d: (t := _template(c, d)) and events.CopyTemplate(t, d.draw(texts)),
    events.DeleteTemplate: lambda c, d: (t := _template(c, d)) and events.DeleteTemplate(t),
}

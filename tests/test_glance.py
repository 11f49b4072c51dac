"""The light reads the window opens with (``services.glance``): the same answers as the area services give, from
tables whose columns are the models'."""

from datetime import timedelta

import pytest

from crisisapp.services import glance, incident, piket
from crisisapp.services import organisation as org
from crisisapp.services.demo import FillDemo
from crisisapp.storage.expected_schema import TABLES
from tests.clock import NOW
from tests.test_incident_service import ALERT


@pytest.mark.parametrize("light", [glance.INCIDENT, glance.ROTA, glance.SHIFT, glance.OVERRIDE, glance.PERSON])
def test_the_light_tables_name_columns_the_models_have(light):
    assert {c.name for c in light.columns} <= TABLES[light.name]


def test_tables_the_light_reads_watch_exist():
    assert TABLES.keys() >= glance.INCIDENT_TABLES | glance.PIKET_TABLES


def _answer(current, following) -> tuple[object, ...]:
    """Who is on duty until when, and who is next from when: what Vandaag shows."""
    return (
        (current.person_id, current.end) if current else None,
        (following.person_id, following.start, following.end) if following else None,
    )


def _light(context, moment):
    found = context.call(glance.on_duty, moment)
    return _answer(found.current, found.following)


def _full(context, moment):
    plan = context.call(piket.schedule, context.call(piket.list_rotas)[0].id)
    return _answer(plan.on_duty(moment), plan.next_after(moment))


def test_on_duty_answers_as_the_whole_schedule_does_with_overrides_on_top(context):
    assert context.call(glance.on_duty, NOW) is None  # no rota yet
    context.execute(FillDemo(NOW))
    rota = context.call(piket.list_rotas)[0]
    plan = context.call(piket.schedule, rota.id)
    current = plan.on_duty(NOW)
    assert current is not None
    other = next(p.id for p in context.call(org.list_people) if p.id != current.person_id)
    # someone takes over from an hour ago for two hours, and a cancelled override that must not count
    context.execute(piket.AddOverride(rota.id, other, NOW - timedelta(hours=1), NOW + timedelta(hours=2), "ziek"))
    withdrawn = piket.AddOverride(rota.id, other, NOW + timedelta(days=1), current.end + timedelta(days=1), "ruil")
    context.execute(piket.CancelOverride(context.execute(withdrawn).result))
    moments = [
        NOW,
        NOW + timedelta(hours=1, minutes=59),
        NOW + timedelta(hours=2),
        current.end,
        NOW - timedelta(days=9),
    ]
    # a replacement over more than a whole turn, from within one turn into the one after the next
    later = plan.next_after(current.end)
    assert later is not None
    context.execute(
        piket.AddOverride(rota.id, other, current.end - timedelta(days=2), later.end + timedelta(days=1), "")
    )
    moments += [current.end - timedelta(days=3), current.end - timedelta(days=1), later.end, NOW + timedelta(days=40)]
    for moment in moments:
        assert _light(context, moment) == _full(context, moment), moment
    found = context.call(glance.on_duty, NOW)
    assert found is not None and found.current is not None and found.current.person_id == other
    assert found.officers[other].name == next(p.name for p in context.call(org.list_people) if p.id == other)


def test_the_open_incident_is_the_one_the_incident_service_calls_current(context):
    assert context.call(glance.open_incident) is None
    first = context.execute(incident.StartIncident(incident.IncidentInput("Gaslek", "Kade", 1, ALERT))).result
    later = context.execute(
        incident.StartIncident(incident.IncidentInput("Brand", "Markt", 2, ALERT + timedelta(minutes=3), exercise=True))
    ).result
    found = context.call(glance.open_incident)  # a real incident before an exercise, even at a lower GRIP level
    assert found == glance.OpenIncident(first.id, "Gaslek", 1, ALERT, False, "Maassluis")
    assert context.call(incident.current_incident).id == first.id != later.id
    assert [i.id for i in context.call(glance.open_incidents)] == [first.id, later.id]

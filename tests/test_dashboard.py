"""The Vandaag dashboard for a fixed "now", the year-over-year comparison with missing years, the key figures."""

from datetime import UTC, date, datetime, timedelta

import pytest

from crisisapp.errors import ValidationError
from crisisapp.models.events import Category, Outcome
from crisisapp.models.jaarwisseling import TaskStatus
from crisisapp.models.organisation import Role
from crisisapp.places import Place
from crisisapp.services import dashboard, events, hulpdiensten, jaarwisseling
from crisisapp.services import organisation as org
from crisisapp.services.demo import FillDemo
from crisisapp.timeutil import to_local, to_utc
from tests.clock import NOW

AUGUST = datetime(2027, 8, 16, 8, 0, tzinfo=UTC)  # 10:00 in Maassluis
JANUARY = datetime(2027, 1, 15, 8, 0, tzinfo=UTC)


def texts(lines):
    return [line.text for line in lines]


def test_in_august_the_countdown_and_open_tasks_show(context):
    context.execute(jaarwisseling.PlanFromTemplate(2027))
    # a late one, listed first among the actions
    late = context.execute(jaarwisseling.AddTask(2027, "Containers bestellen", "gemeente", date(2027, 8, 1))).result
    board = context.call(dashboard.build, AUGUST)
    assert board.new_year[0].text.startswith("Nog 137 dagen tot de jaarwisseling")
    open_count = len(context.call(jaarwisseling.tasks, 2027))
    assert f"{open_count} voorbereidingstaken open" in board.new_year[0].text
    assert board.actions[0].key == late and board.actions[0].urgent
    assert board.actions[0].place is Place.JAARWISSELING_TASK
    context.execute(jaarwisseling.SetTaskStatus(late, TaskStatus.DONE))
    assert late not in [line.key for line in context.call(dashboard.build, AUGUST).actions]


def test_in_january_there_is_no_countdown_and_last_years_late_tasks_still_count(context):
    context.execute(jaarwisseling.AddTask(2026, "Schade herstellen", "gemeente", date(2027, 1, 10)))
    board = context.call(dashboard.build, JANUARY)
    assert board.new_year == ()
    assert board.actions[0].urgent
    assert [line.text for line in board.actions if line.place is Place.JAARWISSELING_TASK] == [
        "[zo 10-01-2027] te laat · Jaarwisseling: Schade herstellen (gemeente)"  # not in red alone
    ]


def test_hartslagnu_starts_at_306_and_is_flagged_below_its_target(context):
    board = context.call(dashboard.build, JANUARY)
    assert "306 burgerhulpverleners" in board.responders[0].text and not board.responders[0].urgent
    context.execute(hulpdiensten.SetTarget(2027, 350))
    board = context.call(dashboard.build, JANUARY)
    assert "(doel 2027: 350)" in board.responders[0].text and board.responders[0].urgent
    context.execute(hulpdiensten.AddCount(date(2027, 1, 10), 352, 300, "HartslagNu"))
    assert not context.call(dashboard.build, JANUARY).responders[0].urgent


def test_a_cleared_target_keeps_its_row_and_reads_as_no_target_everywhere(context):
    """Clearing a target keeps the year's row (its version counts on, see test_versions), without a target: the
    Vandaag line, the key figures, the chart's years and the page's targets all read it as none."""
    context.execute(hulpdiensten.SetTarget(2027, 350))
    context.execute(hulpdiensten.SetTarget(2027, None))
    assert context.call(hulpdiensten.overview).target_rows[2027][1] == 2  # the row stays, one write further
    assert context.call(hulpdiensten.targets) == {}
    assert context.call(hulpdiensten.latest_against_target, 2027)[1] is None
    assert context.call(hulpdiensten.yearly_against_target) == ((2020, 306, None),)
    board = context.call(dashboard.build, JANUARY)
    assert "doel" not in board.responders[0].text and not board.responders[0].urgent
    figures = context.call(dashboard.key_figures, 2027, JANUARY.date())
    assert [value for area, _what, value in figures if area == "HartslagNu"] == ["306 op do 06-02-2020"]


def test_gaps_are_counted_when_many_and_listed_until_every_function_is_staffed_and_ready(context):
    board = context.call(dashboard.build, JANUARY)
    functions = [f for team in context.call(org.list_teams) for f in team.functions]
    assert len(board.gaps) == len(functions)
    assert all(line.urgent and line.place is Place.FUNCTION for line in board.gaps)
    assert all(line.text.startswith("Hiaat · ") for line in board.gaps)  # not in red alone
    assert board.gap_summary == (
        f"{len(functions)} functies zonder volledige, vakbekwame bezetting (hiaten)\n"
        f"geen primaire functionaris: {len(functions)} · geen plaatsvervanger: {len(functions)}"
    )
    for function in functions[org.FEW_GAPS :]:
        context.execute(org.SetFunctionRetired(function.id, True))
    board = context.call(dashboard.build, JANUARY)
    assert len(board.gaps) == org.FEW_GAPS and board.gap_summary is None  # a few: a line each
    for function in functions[1 : org.FEW_GAPS]:
        context.execute(org.SetFunctionRetired(function.id, True))
    kept = functions[0]
    context.execute(org.UpdateFunction(kept.id, kept.name, kept.alarm_from_grip, ()))
    for number, role in enumerate((org.Role.PRIMARY, org.Role.DEPUTY)):
        person = context.execute(org.AddPerson(org.PersonInput(f"Functionaris {number}", "Maassluis"))).result
        context.execute(org.Assign(person.id, kept.id, role, date(2026, 1, 1)))
    assert context.call(dashboard.build, JANUARY).gaps == ()


def test_duty_without_a_rota_says_so(context):
    assert texts(context.call(dashboard.build, AUGUST).duty) == ["Nog geen piketrooster."]


def test_duty_gives_the_phone_numbers_of_the_officer_now_and_the_next(demo_context):
    now, following = texts(demo_context.call(dashboard.build, NOW).duty)
    assert now.startswith("OvD-Bz nu: ") and ", tel. 06-" in now and ", tot " in now
    assert following.startswith("Daarna: ") and ", tel. 06-" in following and ", vanaf " in following


def test_first_steps_show_on_an_empty_database_until_each_is_done(context):
    steps = context.call(dashboard.build, NOW).first_steps
    assert [(step.place, step.done) for step in steps] == [
        (Place.PEOPLE, False),
        (Place.FUNCTION, False),
        (Place.PIKET, False),
        (Place.OTO_PLAN, False),
    ]
    person = context.execute(org.AddPerson(org.PersonInput("Eerste Functionaris", "Maassluis"))).result
    assert [step.done for step in context.call(dashboard.build, NOW).first_steps] == [True, False, False, False]
    first = next(f for t in context.call(org.list_teams) for f in t.functions)
    context.execute(org.Assign(person.id, first.id, Role.DEPUTY, NOW.date()))
    steps = context.call(dashboard.build, NOW).first_steps  # one function of many has someone: not yet done
    assert [step.done for step in steps] == [True, False, False, False]
    assert "(0 van 15 functies heeft er een)" in steps[1].explanation  # a deputy is no primary
    second = context.execute(org.AddPerson(org.PersonInput("Tweede Functionaris", "Maassluis"))).result
    police = next(f for t in context.call(org.list_teams) for f in t.functions if f.name == "Adviseur politie")
    context.execute(org.Assign(second.id, police.id, Role.PRIMARY, NOW.date()))  # one the demo leaves open
    assert "(1 van 15 functies heeft er een)" in context.call(dashboard.build, NOW).first_steps[1].explanation
    context.execute(FillDemo(NOW))
    # the demo leaves two functions without a primary, but people, a rota and drills are there: past the first
    # start, those two are gaps in their own box, not a first step
    assert context.call(dashboard.build, NOW).first_steps == ()
    assert len(context.call(dashboard.build, NOW).gaps) >= 2
    assert person.id in {p.id for p in context.call(org.list_people)}


def test_counts_have_the_right_number_and_thousands_separators(context):
    context.execute(jaarwisseling.AddTask(2026, "Containers bestellen", "gemeente", date(2026, 12, 20)))
    board = context.call(dashboard.build, datetime(2026, 12, 30, 9, 0, tzinfo=UTC))
    assert board.new_year[0].text == "Nog 1 dag tot de jaarwisseling; 1 voorbereidingstaak open"
    context.execute(hulpdiensten.SetTarget(2026, 1500))
    context.execute(hulpdiensten.AddCount(date(2026, 12, 1), 1234, 1001, "HartslagNu"))
    (line,) = context.call(dashboard.build, NOW).responders
    assert line.text == (
        "HartslagNu: 1.234 burgerhulpverleners, 1.001 met geldig certificaat op di 01-12-2026 (doel 2026: 1.500)"
        " — 266 onder het doel"
    )
    assert line.urgent


def test_comparison_marks_missing_years_instead_of_zero(context):
    for year, kind, count, damage in ((2023, "brand", 4, 1200), (2023, "brand", 2, 0), (2025, "aanhouding", 3, 0)):
        at = datetime(year, 12, 31, 23, 30, tzinfo=UTC)
        context.execute(jaarwisseling.LogIncident(year, at, kind, "Markt", count, damage))
    summaries = context.call(jaarwisseling.comparison, [2023, 2024, 2025])
    assert [(s.year, s.recorded) for s in summaries] == [(2023, True), (2024, False), (2025, True)]
    assert summaries[0].counts == {"brand": 6} and summaries[0].damage_euros == 1200
    assert summaries[2].counts == {"aanhouding": 3}


def test_key_figures_name_new_year_and_responders(context):
    context.execute(jaarwisseling.LogIncident(2026, datetime(2027, 1, 1, 0, 10, tzinfo=UTC), "brand", "Haven", 5, 800))
    figures = {what: value for _area, what, value in context.call(dashboard.key_figures, 2027, date(2027, 3, 1))}
    assert figures["meldingen jaarwisseling 2026–2027"] == "5, schade € 800"
    assert figures["burgerhulpverleners aangemeld"].startswith("306 op")


def test_an_impossible_count_is_refused(context):
    with pytest.raises(ValidationError) as raised:
        context.execute(hulpdiensten.AddCount(date(2027, 2, 1), 100, 120, "HartslagNu"))
    assert "certified" in raised.value.errors
    assert len(context.call(hulpdiensten.counts)) == 1


def test_counts_per_year_against_target_skip_years_without_either(context):
    context.execute(hulpdiensten.AddCount(date(2024, 1, 5), 350, None, "HartslagNu"))
    context.execute(hulpdiensten.AddCount(date(2024, 9, 5), 380, None, "HartslagNu"))
    context.execute(hulpdiensten.SetTarget(2025, 400))
    assert context.call(hulpdiensten.yearly_against_target) == ((2020, 306, None), (2024, 380, None), (2025, None, 400))


def test_an_event_line_counts_one_check_and_one_point_in_the_singular(context):
    when = NOW + timedelta(days=20)
    applied = to_local(NOW).date() - timedelta(weeks=10)  # in time
    data = events.EventInput(
        "Havenconcert", "", to_local(when).year, when, when + timedelta(hours=3), Category.A, application_date=applied
    )
    made = context.execute(events.AddEvent(data)).result
    template = next(iter(context.call(events.templates)))
    context.execute(events.FillChecklist(made.id, template))
    for item in context.call(events.checklist, made.id).items[1:]:  # all but one checked
        context.execute(events.Tick(item.id, "tijdens", Outcome.OK, when, "A. Smit"))
    context.execute(events.AddMeeting(made.id, NOW, ("gemeente",), "", (events.PointInput("Hekken", "", None),)))
    (line,) = context.call(dashboard.build, NOW).events
    assert line.text.endswith("Havenconcert — 1 controlepunt open, 1 actiepunt open")


def test_an_event_without_an_application_past_its_deadline_is_marked_on_vandaag(context):
    when = NOW + timedelta(days=20)  # a category B event within its 8 weeks: the application is overdue
    data = events.EventInput("Havenconcert", "", to_local(when).year, when, when + timedelta(hours=3), Category.B)
    context.execute(events.AddEvent(data))
    (line,) = context.call(dashboard.build, NOW).events
    assert line.text.endswith(
        "Havenconcert — 0 controlepunten open, 0 actiepunten open · aanvraag ontbreekt, termijn verstreken"
    )
    assert line.urgent


@pytest.mark.parametrize(
    ("local_moment", "accepted"),
    [
        ("2026-07-15T22:00", False),
        ("2026-11-30T23:59", False),
        ("2026-12-01T00:00", True),
        ("2027-01-01T23:59", True),
        ("2027-01-02T00:00", False),
    ],
)
def test_the_log_holds_december_and_the_night_only(context, local_moment, accepted):
    at = to_utc(datetime.fromisoformat(local_moment))
    command = jaarwisseling.LogIncident(2026, at, "brand", "Markt", 1, 0)
    if accepted:
        context.execute(command)
    else:
        with pytest.raises(ValidationError) as refused:
            context.execute(command)
        assert refused.value.errors["at"].endswith("van 01-12-2026 00:00 tot en met 01-01-2027 23:59.")
    assert context.call(jaarwisseling.comparison, [2026])[0].recorded == accepted  # only what is logged counts


def test_each_part_of_vandaag_fills_the_fields_it_names_and_watches_tables_that_exist(demo_context):
    from crisisapp.storage.expected_schema import TABLES

    for part in dashboard.PARTS:
        assert set(demo_context.call(part.read, NOW, None)) == set(part.fields), part.fields
        assert part.tables <= TABLES.keys(), part.fields
    named = [field for part in dashboard.PARTS for field in part.fields]
    assert sorted(named) == sorted(f for f in dashboard.Dashboard.__dataclass_fields__ if f != "moment")


def _move_to(context, model, record_id: int, municipality: str) -> None:
    """A record of another municipality, as a medewerker of it makes on a server (a file's commands make Maassluis')."""
    with context.database.sessions() as session:
        session.get(model, record_id).municipality = municipality
        session.commit()


def test_vandaag_of_another_municipality_lists_its_own_records_and_not_maassluis_own_boxes(demo_context):
    from crisisapp.models.events import Event
    from crisisapp.models.oto import Activity
    from crisisapp.services import incident

    everything = demo_context.call(dashboard.build, NOW)
    assert everything.events and everything.exercises and everything.gaps and everything.responders
    theirs = everything.events[0].key
    activity = everything.exercises[0].key
    _move_to(demo_context, Event, theirs, "Vlaardingen")
    _move_to(demo_context, Activity, activity, "Vlaardingen")
    demo_context.execute(
        events.AddMeeting(theirs, NOW, ("gemeente",), "", (events.PointInput("Hekken plaatsen", "", None),))
    )
    alarm = demo_context.execute(incident.StartIncident(incident.IncidentInput("Brand loods", "Haven", 1, NOW))).result

    vlaardingen = demo_context.call(dashboard.build, NOW, "Vlaardingen")
    assert [line.key for line in vlaardingen.events] == [theirs]
    assert [line.key for line in vlaardingen.exercises] == [activity]
    assert {line.place for line in vlaardingen.actions} == {Place.EVENT_ACTION}  # no other area's of Maassluis
    assert any("Hekken plaatsen" in line.text for line in vlaardingen.actions)
    # Maassluis' own boxes (its crisis organisation, New Year's Eve, HartslagNu) are not read for Vlaardingen
    assert (vlaardingen.gaps, vlaardingen.new_year, vlaardingen.responders, vlaardingen.first_steps) == ((), (), (), ())
    # the piket and the running incidents are everyone's, with whose incident it is
    assert vlaardingen.duty == everything.duty
    everyone = demo_context.call(dashboard.build, NOW).incidents
    assert [line.key for line in vlaardingen.incidents] == [line.key for line in everyone]  # every one, for everyone
    assert texts(everyone)[0] == "Incident loopt: Brand loods, GRIP 1, +0:00 sinds de alarmering"
    assert texts(vlaardingen.incidents)[0] == (
        "Incident loopt (Maassluis): Brand loods, GRIP 1, +0:00 sinds de alarmering"
    )
    assert vlaardingen.incidents[0].key == alarm.id and len(vlaardingen.incidents) == len(everything.incidents) + 1

    maassluis = demo_context.call(dashboard.build, NOW, "Maassluis")
    assert theirs not in [line.key for line in maassluis.events] and maassluis.gaps == everything.gaps
    assert activity not in [line.key for line in maassluis.exercises]
    assert all("Hekken plaatsen" not in line.text for line in maassluis.actions)
    assert len(demo_context.call(dashboard.build, NOW).actions) == len(maassluis.actions) + len(vlaardingen.actions)


def test_vandaag_lists_every_open_incident_naming_the_municipality_when_not_only_maassluis(context):
    from crisisapp.models.incident import Incident
    from crisisapp.services import incident

    first = context.execute(incident.StartIncident(incident.IncidentInput("Gaslek", "Kade", 1, NOW))).result
    assert texts(context.call(dashboard.build, NOW).incidents) == [
        "Incident loopt: Gaslek, GRIP 1, +0:00 sinds de alarmering"
    ]
    later = NOW + timedelta(minutes=30)
    second = context.execute(incident.StartIncident(incident.IncidentInput("Brand", "Markt", 2, later))).result
    _move_to(context, Incident, second.id, "Schiedam")
    board = context.call(dashboard.build, later)
    assert texts(board.incidents) == [
        "Incident loopt (Schiedam): Brand, GRIP 2, +0:00 sinds de alarmering",
        "Incident loopt (Maassluis): Gaslek, GRIP 1, +0:30 sinds de alarmering",
    ]
    assert [line.key for line in board.incidents] == [second.id, first.id] and all(i.urgent for i in board.incidents)

"""Events: deadlines at their boundaries, a new edition, checklists per round, the shipped templates seeded
once, the audit trail of overwritten ticks, the PDFs read back."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from importlib import import_module

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, select

from crisisapp.context import AppContext
from crisisapp.errors import DomainError, ValidationError
from crisisapp.models.audit import AuditEntry, Operation
from crisisapp.models.events import Category, Outcome, PointStatus
from crisisapp.reports.events import completed_checklist_pdf, field_checklist_pdf, minutes_pdf
from crisisapp.reports.printed import Printed
from crisisapp.services import events
from crisisapp.services.events import EventInput, PointInput
from crisisapp.storage import database
from crisisapp.storage.database import open_database
from crisisapp.timeutil import to_local
from tests.commands_support import unversioned
from tests.pdftext import pdf_text

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
PRINTED = Printed(NOW, "Maassluis")
FURIEADE = datetime(2026, 10, 2, 10, 0, tzinfo=UTC)  # Friday 12:00 in Maassluis
JUNE = date(2026, 6, 1)  # long before any deadline of the Furieade


def furieade(**changes):
    values = dict(
        name="Furieade 2026",
        series="Furieade",
        edition_year=2026,
        start=FURIEADE,
        end=FURIEADE + timedelta(days=2, hours=10),
        category=Category.C,
        location="Haven",
        expected_visitors=60000,
        organiser="Stichting Furieade",
        application_date=date(2026, 7, 10),
        parties="gemeente, brandweer, politie, GHOR",
    )
    values.update(changes)
    return EventInput(**values)


def template_named(context, name):
    return next(t for t, (found, _) in context.call(events.templates).items() if found == name)


def with_checklist(context, template=events.GENERAL_TEMPLATE):
    """A new Furieade with the checklist of ``template``; the event and the number of items."""
    made = context.execute(events.AddEvent(furieade())).result
    count = context.execute(events.FillChecklist(made.id, template_named(context, template))).result
    return made, count


@pytest.mark.parametrize(
    ("category", "received", "late"),
    [
        (Category.A, date(2026, 8, 7), False),  # exactly 8 weeks before Friday 2 October
        (Category.A, date(2026, 8, 8), True),
        (Category.B, date(2026, 8, 7), False),
        (Category.B, date(2026, 8, 8), True),
        (Category.C, date(2026, 7, 10), False),  # exactly 12 weeks
        (Category.C, date(2026, 7, 11), True),
        (Category.ZERO, date(2026, 10, 1), False),  # a notification: no deadline
    ],
)
def test_application_deadlines_at_the_boundaries(context, category, received, late):
    visitors = 100 if category is Category.ZERO else 60000
    made = context.execute(
        events.AddEvent(furieade(category=category, application_date=received, expected_visitors=visitors))
    ).result
    assert made.is_late(JUNE) is late
    assert (made.late_warning(JUNE) or "").startswith("Aanvraag te laat") is late


def test_category_b_between_8_and_12_weeks_gets_advice_not_a_late_mark(context):
    made = context.execute(
        events.AddEvent(furieade(category=Category.B, application_date=date(2026, 7, 24)))
    ).result  # ten weeks before
    assert not made.is_late(JUNE) and "korter dan 12 weken" in made.late_warning(JUNE)


@pytest.mark.parametrize(
    ("category", "today", "missing"),
    [
        (Category.B, date(2026, 8, 7), False),  # the last day of the 8 weeks
        (Category.B, date(2026, 8, 8), True),
        (Category.C, date(2026, 7, 10), False),  # the last day of the 12 weeks
        (Category.C, date(2026, 7, 11), True),
        (Category.B, date(2026, 10, 4), True),  # during the event
        (Category.B, date(2026, 10, 5), False),  # afterwards it is history
        (Category.ZERO, date(2026, 10, 1), False),  # a notification has no deadline
    ],
)
def test_no_application_after_the_deadline_is_marked_late(context, category, today, missing):
    visitors = 100 if category is Category.ZERO else 60000
    made = context.execute(
        events.AddEvent(furieade(category=category, application_date=None, expected_visitors=visitors))
    ).result
    assert made.application_missing(today) is missing and made.is_late(today) is missing
    assert (made.late_warning(today) or "").startswith("Aanvraag ontbreekt, termijn verstreken") is missing
    applied = context.execute(
        events.UpdateEvent(made.id, replace(made.data, permit_status="aangevraagd"))
    ).result  # applied for, the date not written down: not missing
    assert not applied.application_missing(today)


def test_event_validation(context):
    with pytest.raises(ValidationError) as refused:
        context.execute(events.AddEvent(furieade(name=" ", end=FURIEADE, category=Category.ZERO)))
    assert set(refused.value.errors) == {"name", "end", "category"}


def test_a_new_edition_carries_what_it_should_and_nothing_it_should_not(context):
    old, count = with_checklist(context, "Furieade")
    items = context.call(events.checklist, old.id).items
    context.execute(events.Tick(items[0].id, "opbouw", Outcome.NOT_OK, NOW, "H&T", "Kraam in vluchtroute"))
    context.execute(events.Tick(items[1].id, "tijdens", Outcome.OK, NOW, "H&T"))
    context.execute(
        events.AddMeeting(
            old.id,
            NOW,
            ("brandweer", "politie"),
            "Verkeersplan besproken",
            (PointInput("Calamiteitenroute vrijhouden", "organisator", date(2026, 9, 25), recurring=True),),
        )
    )
    once = context.execute(events.AddPoint(old.id, PointInput("Eenmalig", "gemeente", date(2026, 9, 1), True))).result
    context.execute(events.SetPointStatus(once.id, PointStatus.DONE))
    context.execute(events.AddPoint(old.id, PointInput("Alleen dit jaar", "gemeente", date(2026, 9, 2))))
    new = context.execute(events.NewEdition(old.id)).result
    local_start = to_local(new.data.start)
    assert (new.data.name, new.data.edition_year) == ("Furieade 2027", 2027)
    assert (
        local_start.weekday() == 4
        and local_start.hour == 12
        and date(2027, 9, 28) <= local_start.date() <= date(2027, 10, 6)
    )
    assert new.data.application_date is None and new.data.permit_status == "nog niet aangevraagd"
    assert new.data.parties == old.data.parties
    checklist = context.call(events.checklist, new.id)
    assert len(checklist.items) == count and all(not item.results for item in checklist.items)
    carried = context.call(events.points, new.id)
    assert [(p.description, p.status, p.due) for p in carried] == [
        ("Calamiteitenroute vrijhouden", PointStatus.OPEN, date(2027, 9, 25)),
    ]  # recurring and not done; done ones and one-off ones stay with last year
    assert context.call(events.meetings, new.id) == ()
    handed_over = next(p for p in context.call(events.points, old.id) if p.recurring and p.description != "Eenmalig")
    assert handed_over.status is PointStatus.CARRIED and handed_over.status_text() == "overgenomen naar Furieade 2027"
    open_points = [p.description for p in context.call(events.points, open_only=True)]
    assert open_points.count("Calamiteitenroute vrijhouden") == 1  # one task, shown once


def test_ticking_per_round_keeps_problems_visible_until_resolved(context):
    made, _count = with_checklist(context)
    first = context.call(events.checklist, made.id).items[0]
    with pytest.raises(ValidationError, match="niet ok"):
        context.execute(events.Tick(first.id, "opbouw", Outcome.NOT_OK, NOW, "H&T", ""))
    with pytest.raises(DomainError, match="Onbekende controleronde"):
        context.execute(events.Tick(first.id, "pauze", Outcome.OK, NOW, "H&T"))
    context.execute(events.Tick(first.id, "opbouw", Outcome.NOT_OK, NOW, "H&T", "Nooduitgang op slot"))
    checklist = context.call(events.checklist, made.id)
    assert checklist.progress("opbouw") == (1, len(checklist.items)) and len(checklist.open_problems()) == 1
    context.execute(events.Tick(first.id, "tijdens", Outcome.OK, NOW + timedelta(hours=2), "H&T"))
    assert context.call(events.checklist, made.id).open_problems() == ()
    with pytest.raises(DomainError, match="al controles"):
        context.execute(events.FillChecklist(made.id, template_named(context, events.GENERAL_TEMPLATE)))
    with pytest.raises(DomainError, match="al controles"):
        context.execute(events.ClearChecklist(made.id))


def audit_of(context, table):
    return context.call(
        lambda session: [
            (e.operation, e.record_id, e.field, e.old_value, e.new_value, e.action)
            for e in session.scalars(select(AuditEntry).where(AuditEntry.table_name == table).order_by(AuditEntry.id))
        ]
    )


def test_a_second_tick_in_a_round_keeps_the_first_in_the_audit_trail(context):
    made, _count = with_checklist(context)
    first = context.call(events.checklist, made.id).items[0]
    bad = context.execute(events.Tick(first.id, "opbouw", Outcome.NOT_OK, NOW, "Inspecteur", "Hek ontbreekt")).result
    good = context.execute(events.Tick(first.id, "opbouw", Outcome.OK, NOW + timedelta(hours=1), "Organisator"))
    assert good.result == bad  # the same result, overwritten in place
    (result,) = context.call(events.checklist, made.id).items[0].results
    assert (result.outcome, result.inspector, result.remark) == (Outcome.OK, "Organisator", "")
    updates = {
        field: (old, new)
        for operation, record, field, old, new, _action in audit_of(context, "event_check_result")
        if operation is Operation.UPDATE and record == str(bad)
    }
    assert updates["outcome"] == ("niet ok", "ok")
    assert updates["inspector"] == ("Inspecteur", "Organisator")
    assert updates["remark"] == ("Hek ontbreekt", "")


def test_clearing_or_replacing_a_checklist_is_audited_item_by_item(context):
    made, count = with_checklist(context)
    context.execute(events.FillChecklist(made.id, template_named(context, "Furieade")))
    context.execute(events.ClearChecklist(made.id))
    assert context.call(events.checklist, made.id).items == ()
    deleted = {
        (record, action)
        for operation, record, field, _old, _new, action in audit_of(context, "event_check_item")
        if operation is Operation.DELETE and field == "text"
    }
    actions = [action for _record, action in deleted]
    assert actions.count("Checklist samenstellen") == count
    assert actions.count("Checklist leegmaken") == len(deleted) - count > count
    with pytest.raises(DomainError, match="al leeg"):
        context.execute(events.ClearChecklist(made.id))


def test_a_meeting_and_its_action_point_are_one_change(context):
    made = context.execute(events.AddEvent(furieade())).result
    with pytest.raises(ValidationError):  # a refused action point takes the meeting along
        context.execute(events.AddMeeting(made.id, NOW, ("politie",), "Route", (PointInput(" ", "", None),)))
    assert context.call(events.meetings, made.id) == ()
    done = context.execute(
        events.AddMeeting(made.id, NOW, ("politie",), "Route", (PointInput("Hekken bestellen", "organisator", None),))
    )
    (point,) = context.call(events.points, made.id)
    assert point.meeting_id == done.result.id
    redo = context.execute(done.inverse)
    assert context.call(events.meetings, made.id) == () and context.call(events.points, made.id) == ()
    context.execute(redo.inverse)
    with pytest.raises(DomainError, match="overleggen of controles"):
        context.execute(events.DeleteEvent(made.id))


def test_an_event_without_meetings_or_results_goes_with_its_checklist_and_action_points(context):
    made, _count = with_checklist(context)
    context.execute(events.AddPoint(made.id, PointInput("Verkeersplan", "gemeente", None)))
    context.execute(events.DeleteEvent(made.id))
    assert context.call(events.list_events) == () and context.call(events.points) == ()


def test_a_new_database_has_the_shipped_templates_and_deleted_ones_stay_deleted(db_path):
    context = AppContext(open_database(db_path))
    shipped = import_module("crisisapp.storage.migrations.versions.0008_checklist_templates").shipped_templates()
    assert {name: list(lines) for name, lines in context.call(events.templates).values()} == shipped
    for template_id in context.call(events.templates):
        context.execute(events.DeleteTemplate(template_id))
    context.close()
    reopened = AppContext(open_database(db_path))
    assert reopened.call(events.templates) == {}
    reopened.close()


def test_the_upgrade_leaves_templates_a_database_already_has(db_path):
    """A file of 0007 whose Events page seeded (and the team then changed) the templates: kept as they are."""
    config = Config()
    config.set_main_option("script_location", str(database.MIGRATIONS))
    engine = database.configure_engine(create_engine(f"sqlite:///{db_path}"), foreign_keys=False)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0007_jaarwisseling_hulpdiensten")
        connection.exec_driver_sql("INSERT INTO checklist_template (id, name) VALUES (7, 'Braderie')")
    engine.dispose()
    context = AppContext(open_database(db_path))
    assert context.call(events.templates) == {7: ("Braderie", ())}
    context.close()


def test_pdfs_read_back_every_item_and_every_result(context):
    made, _count = with_checklist(context, "Furieade")
    checklist = context.call(events.checklist, made.id)
    field = pdf_text(field_checklist_pdf(checklist, PRINTED))
    for item in checklist.items:
        assert item.text[:60] in field
    assert "Naam controleur:" in field and "Handtekening:" in field and "Furieade 2026" in field
    for n, item in enumerate(checklist.items):
        outcome = Outcome.NOT_OK if n == 3 else Outcome.OK
        context.execute(
            events.Tick(
                item.id,
                "tijdens",
                outcome,
                NOW + timedelta(minutes=n),
                f"Controleur {n}",
                "Kapot" if n == 3 else "",
            )
        )
    filled = context.call(events.checklist, made.id)
    text = pdf_text(completed_checklist_pdf(filled, PRINTED))
    for n, item in enumerate(filled.items):
        assert item.result("tijdens") is not None and f"Controleur {n}" in text
    assert "Niet in orde en nog niet opgelost (1)" in text and "niet ok" in text
    meeting = context.execute(
        events.AddMeeting(
            made.id,
            NOW,
            ("brandweer", "politie", "GHOR"),
            "Route besproken",
            (PointInput("Hekken bestellen", "H&T <organisator>", date(2026, 9, 1)),),
        )
    ).result
    minutes = pdf_text(minutes_pdf(made, meeting, context.call(events.points, made.id), PRINTED))
    assert "Verslag vooroverleg" in minutes and "Hekken bestellen" in minutes and "brandweer, politie, GHOR" in minutes
    assert "H&T <organisator>" in minutes  # a plain table cell: shown as typed, not as markup


def test_one_edition_per_year_and_deleting_it_gives_the_points_back(context):
    old = context.execute(events.AddEvent(furieade())).result
    point = context.execute(
        events.AddPoint(old.id, PointInput("Verkeersplan", "gemeente", date(2026, 9, 1), recurring=True))
    ).result
    assert context.call(events.next_edition, old.id) is None
    new = context.execute(events.NewEdition(old.id)).result
    assert context.call(events.next_edition, old.id) == new
    with pytest.raises(DomainError, match="Furieade 2027 \\(editie 2027\\) bestaat al"):
        context.execute(events.NewEdition(old.id))
    with pytest.raises(DomainError, match="overgenomen"):
        context.execute(events.SetPointStatus(point.id, PointStatus.DONE))
    with pytest.raises(DomainError, match="nieuwe editie"):
        context.execute(events.SetPointStatus(point.id + 1, PointStatus.CARRIED))
    context.execute(events.DeleteEvent(new.id))
    (again,) = context.call(events.points, old.id)
    assert (again.status, again.carried_to) == (PointStatus.OPEN, None)
    assert context.execute(events.NewEdition(old.id)).result.name == "Furieade 2027"


def test_an_event_outside_a_series_has_its_next_edition_by_name(context):
    market = context.execute(events.AddEvent(furieade(name="Kerstmarkt 2026", series=""))).result
    other = context.execute(events.AddEvent(furieade(name="Braderie 2027", series="", edition_year=2027))).result
    assert context.call(events.next_edition, market.id) is None and other.data.edition_year == 2027
    made = context.execute(events.NewEdition(market.id)).result
    assert made.name == "Kerstmarkt 2027" and context.call(events.next_edition, market.id) == made


def test_a_round_cannot_begin_before_the_event_is_built(context):
    """opbouw (and any round the team names itself) from the day before the event; tijdens and afbouw
    from its start. FURIEADE starts on Friday 2 October 2026, 12:00 in Maassluis."""
    made, _count = with_checklist(context)
    first = context.call(events.checklist, made.id).items[0]
    day_before = datetime(2026, 9, 30, 22, 0, tzinfo=UTC)  # Thursday 1 October, 00:00 in Maassluis
    with pytest.raises(DomainError, match="begint pas do 01-10-2026 00:00"):
        context.execute(events.Tick(first.id, "opbouw", Outcome.OK, day_before - timedelta(minutes=1), "H&T"))
    context.execute(events.Tick(first.id, "opbouw", Outcome.OK, day_before, "H&T"))
    for round_name in ("tijdens", "afbouw"):
        with pytest.raises(DomainError, match="begint pas vr 02-10-2026 12:00"):
            context.execute(events.Tick(first.id, round_name, Outcome.OK, FURIEADE - timedelta(minutes=1), "H&T"))
        context.execute(events.Tick(first.id, round_name, Outcome.OK, FURIEADE, "H&T"))
    with pytest.raises(ValidationError, match="wie controleert"):
        context.execute(events.Tick(first.id, "tijdens", Outcome.OK, FURIEADE, "  "))


def test_a_new_edition_starts_with_last_years_inspector_per_round(context):
    made, _count = with_checklist(context)
    first = context.call(events.checklist, made.id).items[0]
    context.execute(events.Tick(first.id, "opbouw", Outcome.OK, FURIEADE - timedelta(hours=3), "A. Smit"))
    context.execute(events.Tick(first.id, "tijdens", Outcome.OK, FURIEADE + timedelta(hours=5), "B. Visser"))
    new = context.execute(events.NewEdition(made.id)).result
    checklist = context.call(events.checklist, new.id)
    assert checklist.progress("opbouw")[0] == 0  # the results stay with last year's edition
    assert checklist.last_inspector("opbouw") == "A. Smit" and checklist.last_inspector("tijdens") == "B. Visser"
    assert checklist.last_inspector("afbouw") == "B. Visser"  # nobody in that round last year: the latest of any
    item = checklist.items[0]
    context.execute(events.Tick(item.id, "opbouw", Outcome.OK, new.data.start - timedelta(hours=3), "C. de Jong"))
    checklist = context.call(events.checklist, new.id)
    assert checklist.last_inspector("tijdens") == "C. de Jong"  # this year's team before last year's
    other = context.execute(events.AddEvent(furieade(name="Havenconcert", series=""))).result
    assert context.call(events.checklist, other.id).last_inspector("opbouw") == ""  # never checked: nobody


def test_problems_follow_the_times_of_the_checks_not_the_order_they_were_typed_in(context):
    made, _count = with_checklist(context)
    first = context.call(events.checklist, made.id).items[0]
    context.execute(events.Tick(first.id, "tijdens", Outcome.OK, FURIEADE + timedelta(hours=5), "B. Visser"))
    # typed in afterwards from the paper of the build-up round: found wrong before it was found in order
    context.execute(events.Tick(first.id, "opbouw", Outcome.NOT_OK, FURIEADE - timedelta(hours=3), "A. Smit", "Hek"))
    checklist = context.call(events.checklist, made.id)
    assert checklist.open_problems() == ()
    assert checklist.last_inspector("opbouw") == "A. Smit" and checklist.last_inspector("tijdens") == "B. Visser"
    assert checklist.last_inspector("afbouw") == "B. Visser"  # nobody in that round yet: the latest of any
    context.execute(events.ClearTick(first.id, "tijdens"))  # the 'ok' was a mistake: the problem is open again
    checklist = context.call(events.checklist, made.id)
    assert [item.id for item in checklist.open_problems()] == [first.id] and checklist.progress("tijdens")[0] == 0
    with pytest.raises(DomainError, match="nog niet gecontroleerd"):
        context.execute(events.ClearTick(first.id, "tijdens"))


def test_a_vooroverleg_with_its_attendees_and_points_is_corrected_afterwards(context):
    made = context.execute(events.AddEvent(furieade())).result
    meeting = context.execute(
        events.AddMeeting(
            made.id,
            NOW,
            ("gemeente (OOV, vergunningen)", " politie ", "", "politie", "Stichting\nFurieade"),
            "Route besproken",
            (PointInput("Hekken bestellen", "organisator", None), PointInput("Bebording", "gemeente", None)),
        )
    ).result
    assert meeting.attendees == ("gemeente (OOV, vergunningen)", "politie", "Stichting Furieade")
    assert meeting.present == "gemeente (OOV, vergunningen), politie, Stichting Furieade"
    assert [p.description for p in context.call(events.points, made.id)] == ["Hekken bestellen", "Bebording"]
    done = context.execute(
        events.UpdateMeeting(
            meeting.id,
            NOW + timedelta(hours=1),
            ("politie", "brandweer"),
            "Route en EHBO-posten besproken",
            (PointInput("EHBO-posten intekenen", "GHOR", date(2026, 9, 1)),),
        )
    )
    assert context.call(events.get_meeting, meeting.id) == done.result
    assert (done.result.attendees, done.result.notes) == (("politie", "brandweer"), "Route en EHBO-posten besproken")
    assert len(context.call(events.points, made.id)) == 3
    context.execute(done.inverse)  # one undo step takes the correction and its new point back
    assert unversioned((context.call(events.get_meeting, meeting.id),)) == unversioned((meeting,))
    assert len(context.call(events.points, made.id)) == 2


def test_the_upgrade_puts_the_attendees_of_a_meeting_one_per_line(db_path):
    config = Config()
    config.set_main_option("script_location", str(database.MIGRATIONS))
    engine = database.configure_engine(create_engine(f"sqlite:///{db_path}"), foreign_keys=False)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0008_checklist_templates")
        connection.exec_driver_sql(
            "INSERT INTO event (id, name, series, edition_year, start, end, location, expected_visitors, organiser,"
            " organiser_contact, category, permit_status, parties, rounds) VALUES (1, 'Furieade 2025', 'Furieade',"
            " 2025, '2025-10-03 10:00:00', '2025-10-05 20:00:00', '', 0, '', '', 'C', 'verleend', '', 'opbouw')"
        )
        connection.exec_driver_sql(
            "INSERT INTO event_meeting (id, event_id, held_at, present, notes) VALUES"
            " (1, 1, '2025-08-28 08:00:00', 'gemeente (OOV, vergunningen), brandweer,politie', 'Route'),"
            " (2, 1, '2025-08-29 08:00:00', '', '')"
        )
        connection.exec_driver_sql(
            "INSERT INTO event_action (id, event_id, description, owner, status, recurring)"
            " VALUES (1, 1, 'Hekken', 'organisator', 'gereed', 1)"
        )
    engine.dispose()
    context = AppContext(open_database(db_path))
    first, second = context.call(events.meetings, 1)
    assert first.attendees == ("gemeente (OOV, vergunningen)", "brandweer", "politie") and second.attendees == ()
    (point,) = context.call(events.points, 1)
    assert (point.status, point.carried_to) == (PointStatus.DONE, None)
    context.close()

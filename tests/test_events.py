"""Events: deadlines at their boundaries, a new edition, checklists per round, the PDFs read back."""

from datetime import UTC, date, datetime, timedelta

import pytest

from crisisapp.errors import DomainError, ValidationError
from crisisapp.models.events import Category, Outcome, PointStatus
from crisisapp.reports.events import completed_checklist_pdf, field_checklist_pdf, minutes_pdf
from crisisapp.services import events
from crisisapp.services.events import EventInput
from crisisapp.timeutil import to_local
from tests.pdftext import pdf_text

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
FURIEADE = datetime(2026, 10, 2, 10, 0, tzinfo=UTC)  # Friday 12:00 in Maassluis


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
    made = context.call(
        events.create_event, furieade(category=category, application_date=received, expected_visitors=visitors)
    )
    assert made.is_late() is late
    assert (made.late_warning() or "").startswith("Aanvraag te laat") is late


def test_category_b_between_8_and_12_weeks_gets_advice_not_a_late_mark(context):
    made = context.call(
        events.create_event, furieade(category=Category.B, application_date=date(2026, 7, 24))
    )  # ten weeks before
    assert not made.is_late() and "korter dan 12 weken" in made.late_warning()


def test_event_validation(context):
    with pytest.raises(ValidationError) as refused:
        context.call(events.create_event, furieade(name=" ", end=FURIEADE, category=Category.ZERO))
    assert set(refused.value.errors) == {"name", "end", "category"}


def test_a_new_edition_carries_what_it_should_and_nothing_it_should_not(context):
    context.call(events.ensure_templates)
    template = next(t for t, (name, _) in context.call(events.templates).items() if name == "Furieade")
    old = context.call(events.create_event, furieade())
    count = context.call(events.fill_checklist, old.id, template)
    items = context.call(events.checklist, old.id).items
    context.call(events.tick, items[0].id, "opbouw", Outcome.NOT_OK, NOW, "H&T", "Kraam in vluchtroute")
    context.call(events.tick, items[1].id, "tijdens", Outcome.OK, NOW, "H&T")
    meeting = context.call(events.add_meeting, old.id, NOW, "brandweer, politie", "Verkeersplan besproken")
    context.call(
        events.add_point,
        old.id,
        "Calamiteitenroute vrijhouden",
        "organisator",
        date(2026, 9, 25),
        meeting_id=meeting.id,
        recurring=True,
    )
    once = context.call(events.add_point, old.id, "Eenmalig", "gemeente", date(2026, 9, 1), recurring=True)
    context.call(events.set_point_status, once.id, PointStatus.DONE)
    context.call(events.add_point, old.id, "Alleen dit jaar", "gemeente", date(2026, 9, 2))
    new = context.call(events.new_edition, old.id)
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


def test_ticking_per_round_keeps_problems_visible_until_resolved(context):
    context.call(events.ensure_templates)
    made = context.call(events.create_event, furieade())
    general = next(t for t, (name, _) in context.call(events.templates).items() if name == events.GENERAL_TEMPLATE)
    context.call(events.fill_checklist, made.id, general)
    first = context.call(events.checklist, made.id).items[0]
    with pytest.raises(ValidationError, match="niet ok"):
        context.call(events.tick, first.id, "opbouw", Outcome.NOT_OK, NOW, "H&T", "")
    with pytest.raises(DomainError, match="Onbekende controleronde"):
        context.call(events.tick, first.id, "pauze", Outcome.OK, NOW, "H&T")
    context.call(events.tick, first.id, "opbouw", Outcome.NOT_OK, NOW, "H&T", "Nooduitgang op slot")
    checklist = context.call(events.checklist, made.id)
    assert checklist.progress("opbouw") == (1, len(checklist.items)) and len(checklist.open_problems()) == 1
    context.call(events.tick, first.id, "tijdens", Outcome.OK, NOW + timedelta(hours=2), "H&T")
    assert context.call(events.checklist, made.id).open_problems() == ()
    with pytest.raises(DomainError, match="al controles"):
        context.call(events.fill_checklist, made.id, general)


def test_pdfs_read_back_every_item_and_every_result(context):
    context.call(events.ensure_templates)
    made = context.call(events.create_event, furieade())
    template = next(t for t, (name, _) in context.call(events.templates).items() if name == "Furieade")
    context.call(events.fill_checklist, made.id, template)
    checklist = context.call(events.checklist, made.id)
    field = pdf_text(field_checklist_pdf(checklist, NOW))
    for item in checklist.items:
        assert item.text[:60] in field
    assert "Naam controleur:" in field and "Handtekening:" in field and "Furieade 2026" in field
    for n, item in enumerate(checklist.items):
        outcome = Outcome.NOT_OK if n == 3 else Outcome.OK
        context.call(
            events.tick,
            item.id,
            "tijdens",
            outcome,
            NOW + timedelta(minutes=n),
            f"Controleur {n}",
            "Kapot" if n == 3 else "",
        )
    filled = context.call(events.checklist, made.id)
    text = pdf_text(completed_checklist_pdf(filled, NOW))
    for n, item in enumerate(filled.items):
        assert item.result("tijdens") is not None and f"Controleur {n}" in text
    assert "Niet in orde en nog niet opgelost (1)" in text and "niet ok" in text
    meeting = context.call(events.add_meeting, made.id, NOW, "brandweer, politie, GHOR", "Route besproken")
    context.call(events.add_point, made.id, "Hekken bestellen", "organisator", date(2026, 9, 1), meeting_id=meeting.id)
    minutes = pdf_text(minutes_pdf(made, meeting, context.call(events.points, made.id), NOW))
    assert "Verslag vooroverleg" in minutes and "Hekken bestellen" in minutes and "brandweer, politie, GHOR" in minutes

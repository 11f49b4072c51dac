from datetime import UTC, datetime, timedelta

import pytest

from crisisapp.models.organisation import Role
from crisisapp.reports.base import CONFIDENTIAL
from crisisapp.reports.organisation import alarm_pdf, contacts_pdf
from crisisapp.reports.printed import Printed
from crisisapp.services import organisation as org
from crisisapp.services import piket
from crisisapp.timeutil import format_datetime
from tests.pdftext import page_texts, pdf_pages, pdf_text

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
PRINTED = Printed(NOW, "Maassluis")


@pytest.fixture
def demo(demo_context):
    """The demo data at the tests' fixed now, of this test's own."""
    return demo_context


def demo_alarm(demo, moment=NOW):
    return demo.call(piket.alarm_list, moment)


def test_contact_list_has_every_function_holder_and_number(demo):
    alarm = demo_alarm(demo)
    pdf = contacts_pdf(alarm, PRINTED)
    text = pdf_text(pdf)
    assert "Bereikbaarheidslijst crisisorganisatie" in text and "stand van do 26-11-2026 10:00" in text
    for function in alarm.functions:
        assert function.function.name in text
        for call in function.calls:
            assert call.person.name in text and call.person.mobile in text
    assert "Adviseur politie niet bezet (hiaat)" in text
    for page in pdf_pages(pdf):
        assert CONFIDENTIAL in page and "Afgedrukt op" in page


def in_order(text, names):
    positions = [text.index(name) for name in names]
    return positions == sorted(positions)


def test_alarm_list_has_only_the_functions_of_the_level(demo):
    alarm = demo_alarm(demo)
    text = pdf_text(alarm_pdf(alarm, 1, PRINTED))
    assert "Alarmeringslijst GRIP 1" in text and CONFIDENTIAL in text
    assert "stand van do 26-11-2026 10:00 · 1 functie." in text
    ovd = alarm.for_grip(1)[0]
    assert ovd.function.name in text
    assert in_order(text, [call.person.name for call in ovd.calls])  # in calling order
    assert "Gemeentesecretaris" not in text
    grip3 = pdf_text(alarm_pdf(alarm, 3, PRINTED))
    assert "Gemeentesecretaris" in grip3 and "Gebeld om" in grip3
    secretary = next(f for f in alarm.for_grip(3) if f.function.name == "Gemeentesecretaris")
    assert [call.role for call in secretary.calls] == ["primair", "plaatsvervanger"]
    assert in_order(grip3, [call.person.name for call in secretary.calls])


def test_the_alarm_list_pdf_follows_the_override_and_the_leave(demo):
    """The demo has an override on Wednesday evening and someone on holiday from 20 days after its now."""
    rota = demo.call(piket.list_rotas)[0]
    override = demo.call(piket.overrides, rota.id)[0]
    inside = override.start + timedelta(hours=2)
    alarm = demo.call(piket.alarm_list, inside)
    officers = demo.call(piket.officers_by_id)
    text = pdf_text(alarm_pdf(alarm, 1, PRINTED))
    ovd = alarm.for_grip(1)[0]
    assert ovd.calls[0].person.id == override.person_id
    assert f"stand van {format_datetime(inside)}" in text
    assert f"{officers[override.person_id].name} piket nu (overname), tot {format_datetime(override.end)}" in text
    assert in_order(text, [call.person.name for call in ovd.calls])

    leave = demo.call(piket.list_unavailability)[0]
    away = demo.call(piket.alarm_list, leave.start + timedelta(hours=1))
    text = pdf_text(alarm_pdf(away, 1, PRINTED))
    holiday = officers[leave.person_id].name
    assert f"{holiday} piketpool · {officers[leave.person_id].municipality} vakantie tot" in text
    ovd = away.for_grip(1)[0]
    assert ovd.calls[-1].person.id == leave.person_id
    assert in_order(text, [call.person.name for call in ovd.calls])


def test_a_function_with_nobody_reachable_is_a_gap_in_words(demo):
    alarm = demo_alarm(demo)
    secretary = next(f for f in alarm.functions if f.function.name == "Gemeentesecretaris")
    for call in secretary.calls:
        demo.execute(piket.AddUnavailability(call.person.id, NOW, NOW + timedelta(days=2), "ziek"))
    text = pdf_text(alarm_pdf(demo.call(piket.alarm_list, NOW), 3, PRINTED))
    first = secretary.calls[0].person
    assert f"Gemeentesecretaris niemand bereikbaar (hiaat) {first.name} primair · {first.municipality} ziek tot" in text


def test_a_function_continued_on_the_next_page_is_named_there_again(demo):
    """60 deputies of the Gemeentesecretaris fill more than a page: every page their block goes on says whose
    they are, "(vervolg)"; the page it begins on does not, and no other row than a page's first."""
    secretary = next(f for t in demo.call(org.list_teams) for f in t.functions if f.name == "Gemeentesecretaris")
    for n in range(60):
        person = demo.execute(
            org.AddPerson(org.PersonInput(f"Reserve {n:02d}", "Maassluis", mobile=f"06-{30000000 + n}"))
        ).result
        demo.execute(org.Assign(person.id, secretary.id, Role.DEPUTY, NOW.date() - timedelta(days=30)))
    alarm = demo.call(piket.alarm_list, NOW)
    for pdf in (contacts_pdf(alarm, PRINTED), alarm_pdf(alarm, 3, PRINTED)):
        pages = page_texts(pdf)
        holding = [n for n, page in enumerate(pages) if "Reserve" in page]
        assert len(holding) >= 2  # the block does go on on the next page
        first, *continued = holding
        assert "Gemeentesecretaris (vervolg)" not in pages[first]
        for n in continued:  # named before the first of them on the page, in the first row
            assert "Gemeentesecretaris (vervolg) Reserve" in pages[n]
            assert pages[n].index("Gemeentesecretaris (vervolg)") < pages[n].index("Reserve")
        assert sum(page.count("Gemeentesecretaris (vervolg)") for page in pages) == len(continued)
        assert all(page.count("(vervolg)") <= 1 for page in pages)  # only on a page's first row

from datetime import UTC, date, datetime

from crisisapp.reports.base import CONFIDENTIAL
from crisisapp.reports.organisation import alarm_pdf, contacts_pdf
from crisisapp.services import organisation
from crisisapp.services.demo import FillDemo
from tests.pdftext import pdf_pages, pdf_text

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def demo_overview(context):
    context.execute(FillDemo(NOW))
    return context.call(organisation.overview, date(2026, 11, 26))


def test_contact_list_has_every_function_holder_and_number(context):
    view = demo_overview(context)
    pdf = contacts_pdf(view, NOW)
    text = pdf_text(pdf)
    assert "Bereikbaarheidslijst crisisorganisatie" in text and "stand per do 26-11-2026" in text
    for staffing in view.staffing:
        assert staffing.function.name in text
        for holder in staffing.holders:
            assert holder.person.name in text and holder.person.mobile in text
    assert "Adviseur politie niet bezet" in text
    for page in pdf_pages(pdf):
        assert CONFIDENTIAL in page and "Afgedrukt op" in page


def test_alarm_list_has_only_the_functions_of_the_level(context):
    view = demo_overview(context)
    text = pdf_text(alarm_pdf(view, 1, NOW))
    assert "Alarmeringslijst GRIP 1" in text and CONFIDENTIAL in text
    ovd = view.for_grip(1)[0]
    assert ovd.function.name in text
    names = [holder.person.name for holder in ovd.holders]
    positions = [text.index(name) for name in names]
    assert positions == sorted(positions)  # primary first, deputies in their order
    assert "Gemeentesecretaris" not in text
    grip3 = pdf_text(alarm_pdf(view, 3, NOW))
    assert "Gemeentesecretaris" in grip3 and "Gebeld om" in grip3

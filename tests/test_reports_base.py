from datetime import UTC, datetime

from reportlab.platypus import PageBreak, Paragraph

from crisisapp.reports.base import CONFIDENTIAL, render, styles
from crisisapp.reports.printed import Printed
from tests.pdftext import pdf_pages

PRINTED = Printed(datetime(2026, 11, 26, 8, 0, tzinfo=UTC), "Vlaardingen")


def story():
    sheet = styles()
    return [
        Paragraph("Bereikbaarheid: 06-12345678", sheet["BodyText"]),
        PageBreak(),
        Paragraph("Blad 2", sheet["BodyText"]),
    ]


def test_reports_with_personal_data_say_so_on_every_page():
    pages = pdf_pages(render(story(), title="Bereikbaarheidslijst", printed=PRINTED, confidential=True))
    assert len(pages) == 2
    for page in pages:
        assert page.count(CONFIDENTIAL) == 2  # at the top and at the foot
        assert "Afgedrukt op do 26-11-2026 09:00" in page
        assert "Gemeente Vlaardingen · crisisbeheersing en fysieke veiligheid" in page  # who printed it


def test_other_reports_carry_no_mark():
    pages = pdf_pages(render(story(), title="Programma", printed=PRINTED))
    assert all(CONFIDENTIAL not in page for page in pages)

from datetime import UTC, datetime

from crisisapp.models.programme import ProgressStatus
from crisisapp.reports.programme import programme_pdf
from crisisapp.services.programme import Progress, load_programme
from tests.pdftext import pdf_pages, pdf_text

PRINTED = datetime(2026, 11, 26, 14, 5, tzinfo=UTC)


def test_whole_programme_has_every_priority_accents_and_page_numbers():
    plan = load_programme()
    pdf = programme_pdf(plan, {}, priority=None, printed_at=PRINTED)
    text = pdf_text(pdf)
    for priority in plan.priorities:
        assert f"{priority.number}. {priority.title}" in text
    # accents kept: é, ë, ï
    assert "elk incident is er één te veel" in text
    assert "geïnformeerd" in text
    assert "Gemeente Maassluis, 6 februari 2020" in text
    assert (
        "Een integrale aanpak en intensieve samenwerking met zowel interne als externe partners én het betrekken"
        in text
    )
    assert "Verdiepingscursus 'Inside Polarisation'" in text
    assert "Uitvoeren en implementeren Nota Ondermijning" in text
    pages = pdf_pages(pdf)
    assert len(pages) >= 7
    for number, page in enumerate(pages, start=1):
        assert f"Pagina {number} van {len(pages)}" in page
        assert "Afgedrukt op do 26-11-2026 15:05" in page


def test_one_priority_only_and_its_progress():
    plan = load_programme()
    progress = {"6.1.2": Progress("6.1.2", ProgressStatus.BEZIG, "Training gepland in maart", PRINTED)}
    text = pdf_text(programme_pdf(plan, progress, priority=6, printed_at=PRINTED))
    assert "6. Prioriteit fysieke veiligheid" in text
    assert "Prioriteit Ondermijning" not in text
    assert "Voortgang" in text
    assert "bezig Training gepland in maart" in text
    assert "Vooroverleg met diverse partijen bij grote en bijzondere evenementen" in text
    assert "Inzet: Jaarwisseling" in text


def test_other_priorities_print_without_a_progress_column():
    text = pdf_text(programme_pdf(load_programme(), {}, priority=2, printed_at=PRINTED))
    assert "Keurmerk Veilig Ondernemen" in text
    assert "Voortgang" not in text

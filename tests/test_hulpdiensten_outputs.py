"""The printed list of streets the emergency services cannot get through (also from the command line), and the
printed Logboek wijzigingen, read back."""

from datetime import date, timedelta

from crisisapp.models.hulpdiensten import ObstacleStatus
from crisisapp.reports.base import CONFIDENTIAL
from crisisapp.reports.hulpdiensten import hulpdiensten_pdf
from crisisapp.reports.logboek import logboek_pdf
from crisisapp.services import hulpdiensten
from tests.clock import NOW, PRINTED_NOW
from tests.pdftext import pdf_pages, pdf_text
from tests.test_cli import crisisapp


def test_open_streets_come_first_with_their_width_against_the_norm_and_the_measure(context):
    narrow = context.execute(
        hulpdiensten.AddObstacle("Hoogstraat", "te smalle straat", date(2026, 10, 1), "Bocht bij nr. 12", 3.1)
    ).result
    context.execute(hulpdiensten.UpdateObstacle(narrow.id, "Parkeerverbod in de bocht", ObstacleStatus.REPORTED))
    context.execute(hulpdiensten.AddObstacle("Markt", "obstakel", date(2026, 10, 2)))
    solved = context.execute(hulpdiensten.AddObstacle("Rozenlaan", "fout parkeren", date(2025, 5, 1), "", 3.8)).result
    context.execute(hulpdiensten.UpdateObstacle(solved.id, "Handhaving", ObstacleStatus.SOLVED))
    text = pdf_text(hulpdiensten_pdf(context.call(hulpdiensten.obstacles), PRINTED_NOW))
    assert "Bereikbaarheid hulpdiensten" in text and "ten minste 3,5 m vrije breedte" in text
    assert "Open: 2 knelpunten" in text and "Opgelost: 1 knelpunt " in text
    assert text.index("Hoogstraat") < text.index("Opgelost") < text.index("Rozenlaan")
    assert "3,10 m · onder 3,5 m" in text and "Parkeerverbod in de bocht" in text and "Bocht bij nr. 12" in text
    assert "niet gemeten" in text and "3,80 m" in text and "3,80 m · onder" not in text


def test_without_obstacles_the_list_says_so(context):
    assert "Geen open knelpunten." in pdf_text(hulpdiensten_pdf((), PRINTED_NOW))


def test_the_logboek_prints_the_chosen_entries_as_confidential():
    headers = ("Tijdstip", "Gebruiker", "Actie", "Onderdeel", "Nr.", "Wat", "Veld", "Oude waarde", "Nieuwe waarde")
    row = ("do 26-11-2026 12:00", "jan", "Persoon wijzigen", "Personen", "7", "gewijzigd", "mobiel", "", "06-1")
    pages = pdf_pages(logboek_pdf(headers, [row] * 120, "Onderdeel: Personen", "120 wijzigingen", PRINTED_NOW))
    assert len(pages) > 1 and all("Vertrouwelijk" in page for page in pages)
    text = pdf_text(logboek_pdf(headers, [row], "Onderdeel: Personen · met ‘06’", "1 wijziging", PRINTED_NOW))
    assert "Onderdeel: Personen · met ‘06’" in text and "Persoon wijzigen" in text and "06-1" in text
    assert "Geen wijzigingen met deze keuze." in pdf_text(logboek_pdf(headers, [], "", "0 wijzigingen", PRINTED_NOW))


def test_print_hulpdiensten_from_the_command_line(tmp_path):
    db = tmp_path / "demo.sqlite3"
    assert crisisapp("demo", "--db", str(db)).returncode == 0
    out = tmp_path / "hulpdiensten.pdf"
    result = crisisapp("print", "hulpdiensten", "--out", str(out), "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "Geschreven" in result.stdout
    text = pdf_text(out)
    assert "Bereikbaarheid hulpdiensten" in text and "onder 3,5 m" in text


def test_print_logboek_from_the_command_line(tmp_path):
    db = tmp_path / "demo.sqlite3"
    assert crisisapp("demo", "--db", str(db)).returncode == 0
    out = tmp_path / "logboek.pdf"
    result = crisisapp("print", "logboek", "--part", "personen", "--out", str(out), "--db", str(db))
    assert result.returncode == 0, result.stderr
    pages = pdf_pages(out)
    assert all(CONFIDENTIAL in page for page in pages)
    text = pdf_text(out)
    month_ago = (NOW - timedelta(days=30)).date()
    assert "Logboek wijzigingen" in text and "Onderdeel: Crisisorganisatie: personen · gebruiker: alle" in text
    assert f"tot en met {NOW:%d-%m-%Y}" in text and f"{month_ago:%m-%Y}" in text
    assert "wijzigingen" in text and "Demogegevens toevoegen" in text and "toegevoegd" in text
    unknown = crisisapp("print", "logboek", "--part", "Nergens", "--out", str(out), "--db", str(db))
    assert unknown.returncode == 1 and "geen onderdeel in het logboek; kies uit:" in unknown.stderr
    bad = crisisapp("print", "logboek", "--from", "gisteren", "--out", str(out), "--db", str(db))
    assert bad.returncode == 1 and "schrijf de dag als JJJJ-MM-DD" in bad.stderr

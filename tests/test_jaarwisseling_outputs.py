"""The New Year's Eve PDF and the council's progress report, read back; both from the command line too."""

from datetime import UTC, datetime

from crisisapp.documents import jaarwisseling_document, voortgang_document
from crisisapp.models.programme import ProgressStatus
from crisisapp.services import jaarwisseling, programme
from tests.clock import NOW as CLI_NOW
from tests.pdftext import pdf_text
from tests.test_cli import crisisapp

NOW = datetime(2027, 1, 20, 9, 0, tzinfo=UTC)


def test_jaarwisseling_pdf_has_plan_zones_log_and_missing_years(context, tmp_path):
    context.execute(jaarwisseling.PlanFromTemplate(2026))
    context.execute(jaarwisseling.AddZone(2026, "Koningshoek", "rond het winkelcentrum", "31 dec 18:00 – 1 jan 02:00"))
    at = datetime(2026, 12, 31, 23, 45, tzinfo=UTC)
    context.execute(jaarwisseling.LogIncident(2026, at, "vernieling", "Markt", 2, 1500))
    context.execute(jaarwisseling.LogIncident(2024, at.replace(year=2024), "brand", "Haven", 3, 0))
    out = tmp_path / "jw.pdf"
    out.write_bytes(context.call(jaarwisseling_document, 2026, NOW))
    text = pdf_text(out)
    first_task = context.call(jaarwisseling.tasks, 2026)[0]
    assert first_task.description[:30] in text
    assert "Koningshoek" in text and "Markt" in text and "€ 1.500" in text
    assert "2025–2026" in text and "niets vastgelegd" in text  # 2025 has no log: not shown as zero


def test_voortgang_pdf_lists_priority_six_actions_and_key_figures(context, tmp_path):
    context.execute(programme.SetProgress("6.1.1", ProgressStatus.GEREED, "Draaiboek vastgesteld", NOW))
    out = tmp_path / "voortgang.pdf"
    out.write_bytes(context.call(voortgang_document, 2027, NOW))
    text = pdf_text(out)
    assert "6.1.1" in text and "Draaiboek vastgesteld" in text
    assert "burgerhulpverleners aangemeld" in text and "306" in text
    assert "functies met een hiaat" in text


def test_both_print_from_the_command_line(tmp_path):
    db = tmp_path / "demo.sqlite3"
    assert crisisapp("demo", "--db", str(db)).returncode == 0
    year = CLI_NOW.year  # the demo's "this year", as the command line's fixed clock makes it
    for name, title in (("jaarwisseling", "Jaarwisseling"), ("voortgang", "Voortgangsrapportage")):
        out = tmp_path / f"{name}.pdf"
        result = crisisapp("print", name, "--year", str(year), "--out", str(out), "--db", str(db))
        assert result.returncode == 0, result.stderr
        text = pdf_text(out)
        assert title in text and str(year) in text

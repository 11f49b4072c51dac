"""The secret stays secret: nothing participants see holds the date of an unannounced activity."""

from datetime import UTC, datetime

import pytest
from icalendar import Calendar

from crisisapp.models.oto import ActivityKind, ActivityStatus, Presence
from crisisapp.reports.oto import participants_pdf, plan_pdf, report_pdf
from crisisapp.services import oto
from crisisapp.services.demo import FillDemo
from crisisapp.timeutil import format_date, format_minutes, to_local
from tests.pdftext import pdf_text
from tests.test_cli import crisisapp

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


@pytest.fixture
def demo(context):
    context.execute(FillDemo(NOW))
    return context


def secrets(context, year):
    hidden = [a for a in context.call(oto.list_activities, year) if a.unannounced]
    assert hidden
    texts = []
    for activity in hidden:
        local = to_local(activity.start)
        texts += [format_date(local.date()), f"{local:%d-%m-%Y}", f"{local:%Y-%m-%d}", f"{local:%Y%m%d}"]
    return hidden, texts


def test_participant_facing_outputs_show_the_quarter_only(demo):
    year = 2026
    hidden, dates = secrets(demo, year)
    activities = demo.call(oto.list_activities, year)
    progress = demo.call(oto.progress, year)
    outside = pdf_text(plan_pdf(year, activities, progress, NOW, internal=False))
    assert "3e kwartaal 2026, onaangekondigd" in outside
    people = demo.call(oto.participants, hidden[0].id)
    listing = pdf_text(participants_pdf(hidden[0], people, NOW))
    calendar = demo.call(oto.export_ics, year)
    for text in (outside, listing, calendar.decode()):
        for date_text in dates:
            assert date_text not in text
    events = Calendar.from_ical(calendar).walk("VEVENT")
    unannounced = [e for e in events if "onaangekondigd" in str(e["summary"])]
    assert len(unannounced) == len(hidden)
    for event in unannounced:
        assert event.decoded("dtstart").day == 1 and "LOCATION" not in event
    inside = pdf_text(plan_pdf(year, activities, progress, NOW, internal=True))
    assert any(date_text in inside for date_text in dates)


def test_the_command_line_hides_the_date_unless_internal(tmp_path):
    db = tmp_path / "crisis.sqlite3"
    assert crisisapp("demo", "--db", str(db)).returncode == 0
    listed = crisisapp("oto", "list", "--year", "2026", "--db", str(db))
    assert listed.returncode == 0 and "3e kwartaal 2026, onaangekondigd  opkomstoefening" in listed.stdout
    internal = crisisapp("oto", "list", "--year", "2026", "--internal", "--db", str(db))
    assert "onaangekondigd" not in internal.stdout
    plan = tmp_path / "plan.pdf"
    assert crisisapp("print", "oto-plan", "--year", "2026", "--out", str(plan), "--db", str(db)).returncode == 0
    assert "3e kwartaal 2026, onaangekondigd" in pdf_text(plan)
    ics = tmp_path / "plan.ics"
    assert crisisapp("oto", "export", "--year", "2026", "--out", str(ics), "--db", str(db)).returncode == 0
    assert Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    first = listed.stdout.splitlines()[0].split()[0]
    report = tmp_path / "verslag.pdf"
    printed = crisisapp("print", "oefenverslag", "--activity", first, "--out", str(report), "--db", str(db))
    assert printed.returncode == 0
    assert "Oefenverslag" in pdf_text(report) and "Binnen" in pdf_text(report)


def test_the_drill_report_has_results_findings_and_actions(demo):
    evaluated = next(a for a in demo.call(oto.list_activities, 2026) if a.kind is ActivityKind.OEFENING)
    result = demo.call(oto.results, evaluated.id)
    people = demo.call(oto.participants, evaluated.id)
    found = demo.call(oto.findings, evaluated.id)
    text = pdf_text(report_pdf(result, people, found, NOW, internal=False))
    assert f"Oefenverslag: {evaluated.title}" in text
    assert f"{result.total.responded} ({round(100 * result.total.response_rate)}%)" in text
    for finding in found:
        assert finding.description[:40] in text
    for person in people:
        assert person.name in text


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [(14.999, "15:00"), (59.9999, "60:00"), (0, "0:00"), (61.5, "61:30"), (9.5, "9:30"), (None, "—")],
)
def test_minutes_read_as_minutes_and_seconds_rounded_to_the_second(minutes, shown):
    assert format_minutes(minutes) == shown


def test_names_with_an_ampersand_print_as_typed():
    activity = oto.ActivityRecord(
        1, ActivityKind.TRAINING, "Training", NOW, 60, "", "", False, ActivityStatus.PLANNED, None, "", 1
    )
    person = oto.ParticipantRecord(1, 1, "Jansen & <Zn>", "Vlaardingen", Presence.EXPECTED, None, None)
    assert "Jansen & <Zn>" in pdf_text(participants_pdf(activity, [person], NOW))

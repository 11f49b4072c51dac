"""The secret stays secret: nothing participants see holds the date of an unannounced activity."""

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from icalendar import Calendar

from crisisapp.errors import DomainError
from crisisapp.models.oto import ActivityKind, ActivityStatus, Presence
from crisisapp.reports.base import INTERNAL
from crisisapp.reports.oto import participants_pdf, plan_pdf, report_pdf
from crisisapp.reports.printed import Printed
from crisisapp.services import oto
from crisisapp.timeutil import format_date, format_minutes, to_local
from tests.clock import NOW as CLI_NOW
from tests.pdftext import pdf_pages, pdf_text
from tests.test_cli import crisisapp

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
PRINTED = Printed(NOW, "Maassluis")


@pytest.fixture
def demo(demo_context):
    return demo_context


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
    outside = pdf_text(plan_pdf(year, activities, progress, PRINTED, internal=False))
    assert "3e kwartaal 2026, onaangekondigd" in outside
    people = demo.call(oto.participants, hidden[0].id)
    listing = pdf_text(participants_pdf(hidden[0], people, PRINTED))
    calendar = demo.call(oto.export_ics, year)
    for text in (outside, listing, calendar.decode()):
        for date_text in dates:
            assert date_text not in text
    events = Calendar.from_ical(calendar).walk("VEVENT")
    unannounced = [e for e in events if "onaangekondigd" in str(e["summary"])]
    assert len(unannounced) == len(hidden)
    for event in unannounced:
        assert event.decoded("dtstart").day == 1 and "LOCATION" not in event
    inside = pdf_text(plan_pdf(year, activities, progress, PRINTED, internal=True))
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
    text = pdf_text(report_pdf(result, people, found, PRINTED, internal=False))
    assert f"Oefenverslag: {evaluated.title}" in text
    assert f"{result.total.responded} ({round(100 * result.total.response_rate)}%)" in text
    for finding in found:
        assert finding.description[:40] in text
    for person in people:
        assert person.name in text


def test_the_chart_gives_each_bar_its_figure_so_a_bar_of_nought_is_seen(demo):
    drill = next(a for a in demo.call(oto.list_activities, 2026) if a.kind is ActivityKind.ALARMERING)
    result = demo.call(oto.results, drill.id)
    groups = [result.total, *(figures for _, figures in result.by_team)]
    nobody_in_time = replace(result.total, within_norm=0)  # the yellow bar has no height at all
    text = pdf_text(report_pdf(replace(result, total=nobody_in_time), (), (), PRINTED, internal=False))
    chart = text[: text.index("blauw: % gereageerd · geel: % binnen de norm")].rsplit("Binnen", 1)[-1]
    labels = chart.split()
    assert "0%" in labels
    for figures in groups[1:]:
        assert f"{round(100 * figures.response_rate)}%" in labels
        assert f"{round(100 * figures.within_norm / figures.expected)}%" in labels


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [(14.999, "15:00"), (59.9999, "60:00"), (0, "0:00"), (61.5, "61:30"), (9.5, "9:30"), (None, "—")],
)
def test_minutes_read_as_minutes_and_seconds_rounded_to_the_second(minutes, shown):
    assert format_minutes(minutes) == shown


def test_names_with_an_ampersand_print_as_typed():
    activity = oto.ActivityRecord(
        1,
        ActivityKind.TRAINING,
        "Training",
        NOW,
        60,
        "",
        "",
        False,
        ActivityStatus.PLANNED,
        None,
        "",
        1,
        1,
        "Maassluis",
    )
    person = oto.ParticipantRecord(1, 1, "Jansen & <Zn>", "Vlaardingen", Presence.EXPECTED, None, None, 1)
    assert "Jansen & <Zn>" in pdf_text(participants_pdf(activity, [person], PRINTED))


def test_the_internal_plan_is_marked_on_every_page_and_the_participants_plan_is_not(demo):
    activities = demo.call(oto.list_activities, 2026)
    progress = demo.call(oto.progress, 2026)
    many = activities * 12  # several pages
    inside = pdf_pages(plan_pdf(2026, many, progress, PRINTED, internal=True))
    assert len(inside) > 1
    for page in inside:
        assert page.count(INTERNAL) == 2  # above the header and below the footer
    outside = pdf_pages(plan_pdf(2026, many, progress, PRINTED, internal=False))
    assert all(INTERNAL not in page for page in outside)
    announced = [a for a in activities if not a.unannounced]
    assert INTERNAL not in pdf_text(plan_pdf(2026, announced, progress, PRINTED, internal=True))


def drill_report(context, activity, *, internal):
    return report_pdf(
        context.call(oto.results, activity.id),
        context.call(oto.participants, activity.id),
        context.call(oto.findings, activity.id),
        PRINTED,
        internal=internal,
    )


def test_the_report_of_an_unannounced_drill_not_yet_held_is_refused_for_participants(demo):
    coming = next(a for a in demo.call(oto.list_activities, 2027) if a.unannounced)
    with pytest.raises(DomainError, match="nog niet heeft plaatsgevonden wordt niet voor deelnemers afgedrukt"):
        drill_report(demo, coming, internal=False)
    pages = pdf_pages(drill_report(demo, coming, internal=True))
    assert all(page.count(INTERNAL) == 2 for page in pages)
    assert format_date(to_local(coming.start).date()) in " ".join(pages)


def test_the_participants_report_of_a_held_unannounced_drill_shows_no_date(demo):
    held = next(a for a in demo.call(oto.list_activities, 2026) if a.unannounced)
    _hidden, dates = secrets(demo, 2026)
    text = pdf_text(drill_report(demo, held, internal=False))
    assert "3e kwartaal 2026, onaangekondigd" in text and INTERNAL not in text
    assert not any(date_text in text for date_text in dates)
    responded = next(p for p in demo.call(oto.participants, held.id) if p.acknowledged_at)
    assert f"{to_local(responded.acknowledged_at):%H:%M}" in text  # the time of day only
    assert INTERNAL in pdf_text(drill_report(demo, held, internal=True))


def test_the_command_line_refuses_the_participants_report_of_a_coming_unannounced_drill(tmp_path):
    db = tmp_path / "crisis.sqlite3"
    assert crisisapp("demo", "--db", str(db)).returncode == 0
    listed = crisisapp("oto", "list", "--year", str(CLI_NOW.year + 1), "--db", str(db)).stdout.splitlines()
    coming = next(line for line in listed if "onaangekondigd" in line).split()[0]
    out = tmp_path / "verslag.pdf"
    refused = crisisapp("print", "oefenverslag", "--activity", coming, "--out", str(out), "--db", str(db))
    assert refused.returncode == 1 and not out.exists()
    assert "wordt niet voor deelnemers afgedrukt" in refused.stderr
    internal = crisisapp(
        "print", "oefenverslag", "--activity", coming, "--internal", "--out", str(out), "--db", str(db)
    )
    assert internal.returncode == 0, internal.stderr
    assert INTERNAL in pdf_text(out)

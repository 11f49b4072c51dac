"""Every document the app prints, over ten years of data, and the goal: each under 0.5 s.

Run: ``.venv/bin/python benchmarks/reports.py``. Builds the data sets of benchmarks/organisation.py (2,000 people
in 200 functions), benchmarks/dashboard.py (ten years of piket, OTO activities with 50 participants, events, New
Year's Eves, HartslagNu), benchmarks/events.py (a checklist of 300 items ticked in 3 rounds) and, in a database of
its own, benchmarks/incident.py (an incident of 2,000 log entries and 60 calls); then renders each document from
its records: the median of 5 runs and the fastest of 3 (on a shared machine the median says as much about the
others as about us). Reading the records is not counted, as the pages and the command line read them once.
"""

import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import dashboard as dashboard_benchmark  # the sibling benchmarks' data sets
import events as events_benchmark
import incident as incident_benchmark
import organisation as organisation_benchmark
import oto as oto_benchmark
from timing import fastest_ms, median_ms  # benchmarks/timing.py

from crisisapp.context import AppContext
from crisisapp.documents import jaarwisseling_document, voortgang_document
from crisisapp.reports import events as event_reports
from crisisapp.reports import hulpdiensten as hulpdiensten_report
from crisisapp.reports import incident as incident_reports
from crisisapp.reports import logboek as logboek_report
from crisisapp.reports import organisation as organisation_reports
from crisisapp.reports import oto as oto_reports
from crisisapp.reports import piket as piket_report
from crisisapp.reports.printed import Printed
from crisisapp.reports.programme import programme_pdf
from crisisapp.services import audit, events, hulpdiensten, incident, oto, piket, piket_files, programme
from crisisapp.storage.database import open_database

NOW = dashboard_benchmark.NOW
YEAR = NOW.year
GOAL_MS = 500
PAGE = re.compile(rb"/Type /Page\b(?!s)")


def documents(context: AppContext, checklist_event: int) -> dict[str, Callable[[], bytes]]:
    """Each document as a call that renders it from records read beforehand."""
    call = context.call
    alarm = call(piket.alarm_list, NOW)
    rota = call(piket.list_rotas)[0].id
    period = call(piket_files.load_period, rota, NOW.date().replace(day=1), 3)
    activities = call(oto.list_activities, YEAR)
    progress = call(oto.progress, YEAR)
    drill = activities[-1]
    result, people, found = call(oto.results, drill.id), call(oto.participants, drill.id), call(oto.findings, drill.id)
    checklist = call(events.checklist, checklist_event)
    event = next(e for e in call(events.list_events, year=YEAR) if call(events.meetings, e.id))
    meeting = call(events.meetings, event.id)[0]
    points = call(events.points, event.id)
    obstacles = call(hulpdiensten.obstacles)
    entries, _count = call(audit.entries, audit.AuditFilter(), 2000)  # what the Logboek page shows at most
    rows = [audit.texts(e) for e in entries]
    plan, done = programme.load_programme(), call(programme.get_progress)
    printed = Printed(NOW, context.municipality)
    return {
        "bereikbaarheidslijst": lambda: organisation_reports.contacts_pdf(alarm, printed),
        "alarmeringslijst GRIP 4": lambda: organisation_reports.alarm_pdf(alarm, 4, printed),
        "piketoverzicht (3 maanden)": lambda: piket_report.piket_pdf(period, printed),
        "OTO-jaarplan (intern)": lambda: oto_reports.plan_pdf(YEAR, activities, progress, printed, internal=True),
        "deelnemerslijst (50)": lambda: oto_reports.participants_pdf(drill, people, printed),
        "oefenverslag (50)": lambda: oto_reports.report_pdf(result, people, found, printed, internal=True),
        "controlelijst (300 punten)": lambda: event_reports.field_checklist_pdf(checklist, printed),
        "controleresultaten (300 punten, 3 rondes)": lambda: event_reports.completed_checklist_pdf(checklist, printed),
        "verslag vooroverleg": lambda: event_reports.minutes_pdf(event, meeting, points, printed),
        "jaarwisseling (met 5 jaar vergelijking)": lambda: call(jaarwisseling_document, YEAR, NOW),
        "voortgangsrapportage": lambda: call(voortgang_document, YEAR, NOW),
        f"bereikbaarheid hulpdiensten ({len(obstacles)} knelpunten)": lambda: hulpdiensten_report.hulpdiensten_pdf(
            obstacles, printed
        ),
        f"logboek wijzigingen ({len(rows)} regels)": lambda: logboek_report.logboek_pdf(
            audit.HEADERS, rows, "Alle onderdelen", f"{len(rows)} wijzigingen", printed
        ),
        "uitvoeringsprogramma (geheel)": lambda: programme_pdf(plan, done, priority=None, printed_at=NOW),
    }


def incident_documents(context: AppContext) -> dict[str, Callable[[], bytes]]:
    """The sitrap and the whole record of an incident of 2,000 log entries and 60 calls (benchmarks/incident.py;
    its own database, as it starts from the demo)."""
    made = incident_benchmark.build(context)
    short = context.call(incident.sitrap, made, incident_benchmark.NOW)
    full = context.call(incident.sitrap, made, incident_benchmark.NOW, full=True)
    return {
        "sitrap (incident van 2.000 logregels)": lambda: incident_reports.sitrap_pdf(short, context.municipality),
        "incidentverslag (2.000 logregels, 60 oproepen)": lambda: incident_reports.record_pdf(
            full, context.municipality
        ),
    }


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="crisisapp-reports-"))
    context = AppContext(open_database(folder / "reports.sqlite3"), clock=lambda: NOW)
    started = time.perf_counter()
    organisation_benchmark.build(context)
    oto_benchmark.build(context)
    dashboard_benchmark.build_rest(context)
    checklist_event = events_benchmark.build_checklist(context)
    crisis = AppContext(open_database(folder / "incident.sqlite3"), clock=lambda: incident_benchmark.NOW)
    renders = documents(context, checklist_event) | incident_documents(crisis)
    print(
        f"ten years of data, 2,000 people, a checklist of 300 items in 3 rounds and an incident of 2,000 log entries"
        f" (built in {time.perf_counter() - started:.0f} s)"
    )
    slowest = 0.0
    for name, render in renders.items():
        pages = len(PAGE.findall(render()))
        took, fastest = median_ms(render, 5), fastest_ms(render, 3)
        slowest = max(slowest, took)
        print(f"{name}: {took:.0f} ms (snelste {fastest:.0f} ms), {pages} pagina's")
    print(f"slowest: {slowest:.0f} ms (goal: under {GOAL_MS} ms)")
    context.close()
    crisis.close()
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

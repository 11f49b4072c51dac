"""The Vandaag dashboard over ten years of data in every area.

Run: ``.venv/bin/python benchmarks/dashboard.py``. Builds ten years of people, piket turns, OTO activities
with 50 participants, events with checklists and action points, New Year's Eves and HartslagNu counts, then
times computing the dashboard, opening the Vandaag page, and the council's progress report.
"""

import os
import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import oto as oto_benchmark  # the sibling benchmark's ten-year OTO data set
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication
from timing import median_ms  # benchmarks/timing.py

from crisisapp.context import AppContext
from crisisapp.documents import voortgang_document
from crisisapp.models.events import Category
from crisisapp.services import dashboard, events, hulpdiensten, jaarwisseling, piket
from crisisapp.services import organisation as org
from crisisapp.storage.database import open_database
from crisisapp.ui.vandaag.page import VandaagPage

YEARS = oto_benchmark.YEARS
NOW = datetime(2031, 9, 1, 8, 0, tzinfo=UTC)
EVENTS_PER_YEAR = 12


def build_rest(context: AppContext) -> str:
    rng = random.Random(11)
    ovd = next(f for t in context.call(org.list_teams) for f in t.functions if t.code == "OvD-Bz")

    def fill(session) -> str:
        rota = piket.CreateRota("OvD-Bz", ovd.id, {"Maassluis": 1}).apply(session)
        first, last = date(YEARS[0], 1, 1), date(YEARS[-1], 12, 31)
        proposal = piket.make_proposal(session, rota.id, first, last)
        piket.SaveShifts(rota.id, tuple((t.start, t.end, person) for t, person in proposal if person)).apply(session)
        template = next(iter(events.templates(session)))
        made_events = 0
        for year in YEARS:
            for n in range(EVENTS_PER_YEAR):
                start = datetime(year, 1 + n, 12, 10, 0, tzinfo=UTC)
                event = events.AddEvent(
                    events.EventInput(f"Evenement {year}-{n}", "", year, start, start + timedelta(hours=8), Category.B)
                ).apply(session)
                events.FillChecklist(event.id, template).apply(session)
                held_at = start - timedelta(days=40)
                events.AddMeeting(event.id, held_at, ("gemeente", "politie"), "vooroverleg").apply(session)
                for p in range(4):
                    due = start.date() - timedelta(days=10 * p)
                    events.AddPoint(event.id, events.PointInput(f"Actiepunt {p}", "gemeente", due)).apply(session)
                made_events += 1
            plan = jaarwisseling.PlanFromTemplate if year == YEARS[0] else jaarwisseling.PlanFromLastYear
            plan(year).apply(session)
            for _ in range(20):
                kind = rng.choice(jaarwisseling.INCIDENT_KINDS)
                at = datetime(year, 12, 31, 23, 0, tzinfo=UTC)
                count, damage = rng.randint(1, 20), rng.randint(0, 900)
                jaarwisseling.LogIncident(year, at, kind, "Centrum", count, damage).apply(session)
            for month in range(1, 13):
                hulpdiensten.AddCount(date(year, month, 1), 300 + month + year % 100, None, "HartslagNu").apply(session)
            hulpdiensten.SetTarget(year, 400).apply(session)
            for n in range(4):
                hulpdiensten.AddObstacle(f"Straat {year}-{n}", "fout parkeren", date(year, 3, 1), "", 3.2).apply(
                    session
                )
        return f"{len(proposal)} piket turns, {made_events} events with checklists and 4 action points each"

    with context.database.sessions.begin() as session:  # the data set in one transaction, as a fixture
        return fill(session)


def open_until_filled(app: QApplication, context: AppContext) -> None:
    """Open the Vandaag page and turn the event loop until the boxes after the piket are filled too."""
    page = VandaagPage(context, QUndoStack())
    page.resize(1366, 768)
    page.show()
    while True:  # one part per turn
        app.processEvents()
        if not page.waiting():
            break
    page.close()
    page.deleteLater()


def main() -> None:
    app = QApplication([])
    path = Path(tempfile.mkdtemp(prefix="crisisapp-dashboard-")) / "dashboard.sqlite3"
    context = AppContext(open_database(path), clock=lambda: NOW)
    started = time.perf_counter()
    activities = oto_benchmark.build(context)
    rest = build_rest(context)
    print(
        f"data set over {len(YEARS)} years: {activities} OTO activities with 50 participants, {rest}, "
        f"New Year's Eves and monthly HartslagNu counts (built in {time.perf_counter() - started:.1f} s)"
    )
    board = context.call(dashboard.build, NOW)
    print(f"dashboard: {len(board.actions)} open action points, {len(board.events)} coming events")
    print(f"compute the dashboard: {median_ms(lambda: context.call(dashboard.build, NOW)):.0f} ms")

    def open_page() -> None:
        page = VandaagPage(context, QUndoStack())
        page.resize(1366, 768)
        page.show()
        app.processEvents()
        page.close()

    print(f"open the Vandaag page (on screen with the piket): {median_ms(open_page, 5):.0f} ms")

    filled = median_ms(lambda: open_until_filled(app, context), 5)
    print(f"open the Vandaag page until every box is filled: {filled:.0f} ms")
    longest = max(median_ms(lambda part=part: context.call(part.read, NOW)) for part in dashboard.PARTS)
    print(f"the longest part read in one turn of the event loop: {longest:.0f} ms")
    report = median_ms(lambda: context.call(voortgang_document, 2031, NOW), 3)
    print(f"progress report for the council (PDF): {report:.0f} ms")
    context.close()


if __name__ == "__main__":
    main()

"""OTO at scale: ten years of activities with 50 participants each.

Run: ``.venv/bin/python benchmarks/oto.py``. Times opening the OTO page on its year plan, computing the
results of every drill of a year, and the ten-year trend.
"""

import os
import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication
from timing import median_ms  # benchmarks/timing.py

from crisisapp.context import AppContext
from crisisapp.models.organisation import Role
from crisisapp.models.oto import ActivityKind, ActivityStatus, Presence
from crisisapp.services import organisation as org
from crisisapp.services import oto
from crisisapp.storage.database import open_database
from crisisapp.ui.oto.page import OtoPage

YEARS = range(2027, 2037)
PER_YEAR = (ActivityKind.ALARMERING,) * 4 + (ActivityKind.OPKOMST, ActivityKind.OEFENING, ActivityKind.TRAINING) * 2


def build(context: AppContext) -> int:
    rng = random.Random(3)
    ovd = next(f for t in context.call(org.list_teams) for f in t.functions if t.code == "OvD-Bz")

    def fill(session):
        people = []
        for n in range(50):
            person = org.AddPerson(org.PersonInput(f"Deelnemer {n:02d}", "Maassluis")).apply(session)
            org.Assign(person.id, ovd.id, Role.DEPUTY, date(2026, 1, 1)).apply(session)
            people.append(person.id)
        count = 0
        for year in YEARS:
            for n, kind in enumerate(PER_YEAR):
                start = datetime(year, 1 + n, 10, 18, 0, tzinfo=UTC)
                made = oto.PlanActivity(oto.ActivityInput(kind, f"{kind.value} {n}", start)).apply(session)
                oto.InviteParticipants(made.id, tuple(people)).apply(session)
                oto.StartAlarm(made.id, start).apply(session)
                for person in people:
                    if rng.random() < 0.1:
                        oto.SetResponse(made.id, person, Presence.ABSENT).apply(session)
                    else:
                        moment = start + timedelta(minutes=rng.uniform(1, 30))
                        arrived = moment + timedelta(minutes=30) if kind is ActivityKind.OPKOMST else None
                        oto.SetResponse(made.id, person, Presence.RESPONDED, moment, arrived).apply(session)
                oto.SetActivityStatus(made.id, ActivityStatus.DONE).apply(session)
                count += 1
        return count

    with context.database.sessions.begin() as session:  # the data set in one transaction, as a fixture
        return fill(session)


def main() -> None:
    app = QApplication([])
    path = Path(tempfile.mkdtemp(prefix="crisisapp-oto-")) / "oto.sqlite3"
    context = AppContext(open_database(path), clock=lambda: datetime(2031, 6, 1, tzinfo=UTC))
    started = time.perf_counter()
    activities = build(context)
    print(
        f"data set: {activities} activities over {len(YEARS)} years, 50 participants each "
        f"(built in {time.perf_counter() - started:.1f} s)"
    )

    def open_page() -> None:
        page = OtoPage(context, QUndoStack())
        page.resize(1366, 768)
        page.show()
        app.processEvents()
        page.close()

    print(f"open the OTO page on its year plan: {median_ms(open_page, 3):.0f} ms")
    year = 2031

    def year_results() -> None:
        for activity in context.call(oto.list_activities, year):
            context.call(oto.results, activity.id)

    print(f"results of every activity of {year} ({len(PER_YEAR)} activities): {median_ms(year_results):.0f} ms")
    trend = median_ms(lambda: context.call(oto.trend, ActivityKind.ALARMERING, list(YEARS)), 3)
    print(f"ten-year trend of the alarm drills: {trend:.0f} ms")
    context.close()


if __name__ == "__main__":
    main()

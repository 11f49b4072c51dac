"""The crisis-organisation page with 2,000 people and 200 functions: opening it and filtering.

Run: ``.venv/bin/python benchmarks/organisation.py``. Builds the data set in a temporary database through the
app's own services, then times (offscreen) the overview, opening the page, filtering the people list as a
user types, and filling the readiness matrix for all teams.
"""

import os
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication
from timing import median_ms  # benchmarks/timing.py

from crisisapp.context import AppContext
from crisisapp.models.organisation import Role
from crisisapp.models.oto import ActivityKind
from crisisapp.services import organisation as org
from crisisapp.storage.database import open_database
from crisisapp.ui.organisation.page import OrganisationPage

PEOPLE, FUNCTIONS = 2000, 200


def build(context: AppContext) -> None:
    today = date(2026, 11, 26)

    with context.database.sessions.begin() as session:  # the data set in one transaction; context.call only reads
        people = [
            org.AddPerson(
                org.PersonInput(
                    f"Persoon {n:04d}", ("Maassluis", "Vlaardingen", "Schiedam")[n % 3], mobile=f"06-{20000000 + n}"
                )
            ).apply(session)
            for n in range(PEOPLE)
        ]
        teams = org.list_teams(session)
        existing = sum(len(t.functions) for t in teams)
        functions = [f for t in teams for f in t.functions]
        for n in range(FUNCTIONS - existing):
            functions.append(org.AddFunction(teams[n % len(teams)].id, f"Functie {n:03d}", 1 + n % 4).apply(session))
        for number, function in enumerate(functions):
            for slot, role in enumerate((Role.PRIMARY, Role.DEPUTY, Role.DEPUTY, Role.DEPUTY)):
                person = people[(number * 4 + slot) % PEOPLE]
                org.Assign(person.id, function.id, role, today - timedelta(days=300)).apply(session)
                for kind in (ActivityKind.TRAINING, ActivityKind.ALARMERING):
                    day = today - timedelta(days=30 * (slot + 1))
                    org.RecordAttendance(person.id, kind, day, context.now()).apply(session)


def main() -> None:
    app = QApplication([])
    path = Path(tempfile.mkdtemp(prefix="crisisapp-org-")) / "groot.sqlite3"
    context = AppContext(open_database(path))
    started = time.perf_counter()
    build(context)
    print(
        f"data set: {PEOPLE} people, {FUNCTIONS} functions, {FUNCTIONS * 4} assignments "
        f"(built in {time.perf_counter() - started:.1f} s)"
    )
    today = date(2026, 11, 26)
    print(
        f"overview (all functions, holders, readiness): {median_ms(lambda: context.call(org.overview, today)):.0f} ms"
    )
    pages: list[OrganisationPage] = []

    def open_page() -> None:
        page = OrganisationPage(context, QUndoStack())
        page.resize(1366, 768)
        page.show()
        app.processEvents()
        pages.append(page)

    print(f"open the page (build, load, show): {median_ms(open_page, 3):.0f} ms")
    page = pages[-1]
    typed = "Persoon 19"

    def type_filter() -> None:
        page.people_search.clear()
        for end in range(1, len(typed) + 1):
            page.people_search.setText(typed[:end])
            app.processEvents()

    per_key = median_ms(type_filter) / len(typed)
    print(f"filter the people list, per keystroke: {per_key:.1f} ms ({page.people_proxy.rowCount()} shown)")
    page.tabs.setCurrentIndex(2)

    def fill_matrix() -> None:
        page.readiness.model.set_overview(page.overview, None)
        app.processEvents()

    print(
        f"readiness matrix, all teams ({page.readiness.model.rowCount()} x {page.readiness.model.columnCount()}): "
        f"{median_ms(fill_matrix):.0f} ms"
    )
    context.close()


if __name__ == "__main__":
    main()

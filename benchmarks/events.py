"""A checklist of 300 items across 3 rounds: loading it, showing it on the page, printing it.

Run: ``.venv/bin/python benchmarks/events.py``.
"""

import os
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication
from timing import median_ms  # benchmarks/timing.py

from crisisapp.context import AppContext
from crisisapp.models.events import Category, CheckItem, Event, Outcome
from crisisapp.reports.events import completed_checklist_pdf, field_checklist_pdf
from crisisapp.reports.printed import Printed
from crisisapp.services import events
from crisisapp.storage.database import open_database
from crisisapp.ui.events.page import EventsPage

ITEMS = 300
START = datetime(2027, 10, 1, 10, 0, tzinfo=UTC)


def build_checklist(context: AppContext) -> int:
    """An event with a checklist of 300 items, every item ticked in 3 rounds (a 'niet ok' with a remark every
    50 items); returns the event's id."""
    made = context.execute(
        events.AddEvent(
            events.EventInput(
                "Groot evenement", "", 2027, START, START + timedelta(days=2), Category.C, expected_visitors=50000
            )
        )
    ).result
    with context.database.sessions.begin() as session:  # set-up: a checklist longer than any template
        session.get(Event, made.id).items = [
            CheckItem(
                section=f"Onderdeel {n // 20 + 1}", text=f"Controlepunt {n + 1}: " + "voorwaarde " * 8, sort_order=n
            )
            for n in range(ITEMS)
        ]
    items = context.call(events.checklist, made.id).items
    with context.database.sessions.begin() as session:
        for number, round_name in enumerate(events.DEFAULT_ROUNDS):
            for n, item in enumerate(items):
                outcome = Outcome.NOT_OK if n % 50 == 7 else Outcome.OK
                at = START + timedelta(hours=number)
                events.Tick(item.id, round_name, outcome, at, "Controleur", "mis" if n % 50 == 7 else "").apply(session)
    return made.id


def main() -> None:
    app = QApplication([])
    path = Path(tempfile.mkdtemp(prefix="crisisapp-events-")) / "events.sqlite3"
    context = AppContext(open_database(path), clock=lambda: START - timedelta(days=1))
    started = time.perf_counter()
    event_id = build_checklist(context)
    rounds = len(events.DEFAULT_ROUNDS)
    print(f"checklist: {ITEMS} items, {rounds} rounds ticked (in {time.perf_counter() - started:.1f} s)")
    print(f"load the checklist with all results: {median_ms(lambda: context.call(events.checklist, event_id)):.0f} ms")

    def open_page() -> None:
        page = EventsPage(context, QUndoStack())
        page.resize(1366, 768)
        page.show()
        page.select_event(event_id)
        app.processEvents()
        page.close()

    print(f"open the events page and show the checklist: {median_ms(open_page, 7):.0f} ms")
    checklist = context.call(events.checklist, event_id)
    printed = Printed(START, context.municipality)
    print(f"field checklist PDF: {median_ms(lambda: field_checklist_pdf(checklist, printed), 3):.0f} ms")
    completed = median_ms(lambda: completed_checklist_pdf(checklist, printed), 3)
    print(f"completed checklist PDF (900 results): {completed:.0f} ms")
    context.close()


if __name__ == "__main__":
    main()

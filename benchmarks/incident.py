"""The incident page with 2,000 log entries: opening it, and adding an entry as the OvD-Bz types it.

Run: ``.venv/bin/python benchmarks/incident.py``. Builds an incident in a temporary database with the demo's crisis
organisation and piket, 2,000 log entries and 60 calls, through the app's own commands; then times (offscreen)
opening the page (build, load, show) and adding an entry through the log line (Enter: the command committed, its
audit rows written, the line shown). The targets of issue 16: under 100 ms and under 20 ms.
"""

import os
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from timing import fastest_ms, median_ms  # benchmarks/timing.py

from crisisapp.context import AppContext
from crisisapp.models.incident import CallOutcome, EntryKind
from crisisapp.services import incident as inc
from crisisapp.services.demo import fill_demo
from crisisapp.storage.database import open_database
from crisisapp.ui.incident.page import IncidentPage

ENTRIES, CALLS = 2000, 60


NOW = datetime(2026, 11, 26, 11, 0, tzinfo=UTC)


def build(context: AppContext) -> int:
    with context.database.sessions.begin() as session:  # the data set in one transaction
        fill_demo(session, NOW)
        running = inc.current_incident(session)
        if running is not None:  # the demo's exercise ends: the page opens on the big one
            inc.CloseIncident(running.id, NOW).apply(session)
        alert = NOW - timedelta(hours=10)
        made = inc.StartIncident(inc.IncidentInput("Grote brand haven", "Haven", 2, alert)).apply(session)
        board = [line for line in inc.alarm_board(session, made.id, alert) if line.candidates]
        kinds = list(EntryKind)
        for n in range(ENTRIES):
            at = alert + timedelta(seconds=15 * n)
            inc.AddEntry(made.id, kinds[n % 4], f"Logregel {n}: stand van zaken ter plaatse", at, at, "TBz").apply(
                session
            )
        for n in range(CALLS):
            line = board[n % len(board)]
            person = line.candidates[n % len(line.candidates)].person.id
            at = alert + timedelta(minutes=n)
            inc.RecordCall(made.id, line.function.id, person, list(CallOutcome)[n % 4], at).apply(session)
    return made.id


def main() -> None:
    app = QApplication([])
    path = Path(tempfile.mkdtemp(prefix="crisisapp-incident-")) / "incident.sqlite3"
    context = AppContext(open_database(path), clock=lambda: NOW)
    started = time.perf_counter()
    incident_id = build(context)
    print(f"data set: {ENTRIES} log entries, {CALLS} calls (built in {time.perf_counter() - started:.1f} s)")
    pages: list[IncidentPage] = []

    def open_page() -> None:
        page = IncidentPage(context, QUndoStack())
        page.resize(1166, 640)
        page.show()
        app.processEvents()
        pages.append(page)

    print(f"open the page (build, load, show): {median_ms(open_page, 5):.0f} ms median")
    print(f"  fastest of 5: {fastest_ms(open_page, 5):.0f} ms")
    page = pages[-1]
    assert page.incident is not None and page.incident.id == incident_id
    assert page.log_model.rowCount() == ENTRIES
    del pages[:-1]  # the pages built only to time the opening
    counter = iter(range(10_000))

    def add_entry() -> None:
        page.line.setText(f"Nieuwe regel {next(counter)}")
        QTest.keyClick(page.line, Qt.Key.Key_Return)
        app.processEvents()

    print(f"add an entry (Enter in the log line): {median_ms(add_entry, 21):.1f} ms median")
    print(f"  fastest of 21: {fastest_ms(add_entry, 21):.1f} ms")
    assert page.log_model.rowCount() == ENTRIES + 42
    at = NOW

    def command_only() -> None:
        context.execute(inc.AddEntry(incident_id, EntryKind.MELDING, "Alleen het commando", at, at))

    print(f"  of which the command (committed, audited): {median_ms(command_only, 21):.1f} ms")
    from crisisapp.ui.mainwindow import MainWindow

    window = MainWindow(context)  # opens on Vandaag, which follows every change at once
    window.show()
    app.processEvents()
    in_window = window.show_area("incident")
    assert isinstance(in_window, IncidentPage)
    app.processEvents()
    page = in_window
    print(f"add an entry in the main window (Vandaag built too): {median_ms(add_entry, 11):.1f} ms")
    window.close()
    context.close()


if __name__ == "__main__":
    main()

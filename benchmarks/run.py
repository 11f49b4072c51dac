"""Every speed figure of CrisisApp against its goal, side by side, on ten years of data.

Run: ``.venv/bin/python benchmarks/run.py [--runs N]``. Builds the data set once in a temporary file (2,000
people and 200 functions; ten years of piket for the OvD-Bz pool; 140 OTO activities with 50 participants each;
120 events, one of them with a 300-item checklist ticked in three rounds; ten New Year's Eves; monthly
HartslagNu counts), then times, each as the median of ``--runs`` runs (at least 5):

- start-up to the first page with content, and peak memory at start-up, each against the floor (Python with
  PySide6's widgets, SQLAlchemy's ORM, one query and a bare window);
- opening every page (built, filled, shown), a filter keystroke on the people list and on the Logboek;
- every report a page prints (each choice the page offers, with what the page has selected);
- every document the app prints, each at its largest (benchmarks/reports.py: the contact and alarm lists of
  2,000 people, the Logboek of 2,000 entries, the checklist of 300 items in 3 rounds, an incident of 2,000 log
  entries in a database of its own, and the rest);
- the reads behind the heavy pages: the dashboard, a year's OTO results, the ten-year trend.

It prints a table with the goal beside each figure and exits with status 1 when a figure misses its goal by more
than half: a guard against regressions, not a timed test (the suite has none).

With ``--postgres URL`` (a PostgreSQL server and a role that may create databases) it then builds the same data
set in a scratch database on that server (the incident in a second one; both dropped afterwards), times every
figure again there, and prints both engines side by side; then three writers at once for ``--writers-seconds``
(benchmarks/writers.py), whose lost change, deadlock or hang also gives status 1. Start-up stays a figure of
the file only: its floor is one query on a file, and a start on a server mostly times the connection.
"""

import argparse
import os
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/ for its scratch server databases

import dashboard as dashboard_benchmark  # benchmarks/dashboard.py: piket, events, New Year's Eves, HartslagNu
import incident as incident_benchmark  # benchmarks/incident.py: an incident of 2,000 log entries
import organisation as organisation_benchmark  # benchmarks/organisation.py: 2,000 people, 200 functions
import oto as oto_benchmark  # benchmarks/oto.py: ten years of activities with 50 participants
import reports as reports_benchmark  # benchmarks/reports.py: every document from its records
import startup as startup_benchmark  # benchmarks/startup.py: the app and its floor as processes
import writers as writers_benchmark  # benchmarks/writers.py: three writers at once on a server database
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication
from timing import median_ms  # benchmarks/timing.py

from crisisapp.context import AppContext
from crisisapp.models.events import CheckItem, Event, Outcome
from crisisapp.models.oto import ActivityKind
from crisisapp.services import dashboard, events, oto
from crisisapp.storage.database import open_database
from crisisapp.storage.server import open_server
from crisisapp.ui import interaction
from crisisapp.ui.application import settle
from crisisapp.ui.areas import AREAS
from crisisapp.ui.events.page import EventsPage
from crisisapp.ui.page import Page
from tests.server_databases import ScratchServer

NOW = dashboard_benchmark.NOW
ITEMS = 300
#: The goals (issue "Fast at ten years of data"): milliseconds, or a ratio to the floor.
PAGE_MS, KEY_MS, REPORT_MS, RATIO = 100.0, 16.0, 500.0, 1.2


def build(context: AppContext) -> str:
    organisation_benchmark.build(context)
    activities = oto_benchmark.build(context)
    rest = dashboard_benchmark.build_rest(context)
    big = context.call(events.list_events)[-1]
    with context.database.sessions.begin() as session:  # one checklist longer than any template, ticked
        row = session.get(Event, big.id)
        assert row is not None
        row.items = [
            CheckItem(
                section=f"Onderdeel {n // 20 + 1}", text=f"Controlepunt {n + 1}: " + "voorwaarde " * 8, sort_order=n
            )
            for n in range(ITEMS)
        ]
        session.flush()
        for number, round_name in enumerate(events.DEFAULT_ROUNDS):
            for n, item in enumerate(row.items):
                outcome = Outcome.NOT_OK if n % 50 == 7 else Outcome.OK
                at = max(big.data.start, NOW) + timedelta(hours=number)
                events.Tick(
                    item.id, round_name, outcome, at, "Controleur", "mis" if outcome is Outcome.NOT_OK else ""
                ).apply(session)
    return f"{activities} OTO activities with 50 participants, {rest}; a {ITEMS}-item checklist in 3 rounds"


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, float, float, str]] = []
        self.failures: list[str] = []

    def add(self, what: str, value: float, goal: float, unit: str = "ms") -> None:
        self.rows.append((what, value, goal, unit))
        mark = "ok" if value <= goal else ("MIST" if value > 1.5 * goal else "boven doel")
        print(f"{what:<62} {value:>9.2f} {unit:<3} doel {goal:>7.1f} {unit:<3} {mark}", flush=True)

    def fail(self, what: str) -> None:
        self.failures.append(what)
        print(f"{what}  FOUT", flush=True)

    def missed(self) -> list[str]:
        return [what for what, value, goal, _ in self.rows if value > 1.5 * goal] + self.failures


def pages(app: QApplication, context: AppContext, runs: int, table: Table) -> None:
    for area in AREAS:
        built: list[Page] = []

        def open_page(area=area, built=built, then: Callable[[Page], None] | None = None) -> None:
            page = area.build(context, QUndoStack())
            page.resize(1366, 728)
            page.show()
            if then is not None:
                then(page)
            app.processEvents()
            page.hide()  # as a page the user left: no work behind the next (Vandaag reads its boxes while shown)
            built.append(page)

        table.add(f"pagina openen: {area.title}", median_ms(open_page, runs), PAGE_MS)
        if area.key == "events":  # with the data set's 300-item checklist, ticked in three rounds, on screen
            big = context.call(events.list_events)[-1].id

            def select_big(page: Page, big: int = big) -> None:
                assert isinstance(page, EventsPage)
                page.select_event(big)

            shown = median_ms(lambda: open_page(then=select_big), runs)
            table.add(f"pagina openen: Evenementen, met de checklist van {ITEMS} punten", shown, PAGE_MS)
        if area.key == "vandaag":  # on screen with the piket; the other boxes come on the next turns
            filled = median_ms(lambda: dashboard_benchmark.open_until_filled(app, context), runs)
            table.add("pagina openen: Vandaag, tot alle vakken gevuld", filled, PAGE_MS)
        page = built[-1]
        reports(page, runs, table, area.title)
        for other in built[:-1]:
            other.deleteLater()


def reports(page: Page, runs: int, table: Table, title: str) -> None:
    """Every document the page prints: each of the choices it offers, one after another."""
    if not page.can_print():
        return
    choice = 0
    offered: list[str] = []

    def choose(parent: object, caption: str, label: str, items: list[str], current: int) -> int | None:
        offered[:] = items
        return choice if choice < len(items) else None

    interaction.choose_item = choose  # type: ignore[assignment]  # the benchmark answers for the user
    while True:
        try:
            job = page.print_job()
        except Exception as exc:  # a report that fails on this data is a finding, not the end of the run
            table.fail(f"afdrukken: {title}, keuze {choice + 1}: {type(exc).__name__}: {exc}"[:120])
            job = None
        if job is not None:
            table.add(f"afdrukken: {job.title[:50]}", median_ms(page.print_job, runs), REPORT_MS)
        choice += 1
        if choice >= len(offered):
            break


def documents(context: AppContext, incident_database: Callable[[], AppContext], runs: int, table: Table) -> None:
    """Every document the app prints, rendered from records read beforehand; the checklist is the data set's
    300 items in 3 rounds, the incident one of 2,000 log entries in a database of its own (opened by
    ``incident_database``)."""
    checklist = context.call(events.list_events)[-1].id
    crisis = incident_database()
    try:
        renders = reports_benchmark.documents(context, checklist) | reports_benchmark.incident_documents(crisis)
        for name, render in renders.items():
            table.add(f"document: {name}"[:62], median_ms(render, runs), REPORT_MS)
    finally:
        crisis.close()


def keystrokes(app: QApplication, context: AppContext, runs: int, table: Table) -> None:
    from crisisapp.ui.logboek.page import LogboekPage
    from crisisapp.ui.organisation.page import OrganisationPage

    for page_type, field_of, typed in (
        (OrganisationPage, lambda page: page.people_search, "Persoon 19"),
        (LogboekPage, lambda page: page.text_filter, "Controlepunt 1"),
    ):
        page = page_type(context, QUndoStack())
        page.resize(1366, 728)
        page.show()
        app.processEvents()
        field = field_of(page)

        def type_filter(field=field, typed=typed) -> None:
            field.clear()
            for end in range(1, len(typed) + 1):
                field.setText(typed[:end])
                app.processEvents()

        table.add(f"filter, per toets: {page_type.__name__}", median_ms(type_filter, runs) / len(typed), KEY_MS)
        page.deleteLater()


def reads(context: AppContext, runs: int, table: Table) -> None:
    year = 2031
    table.add("Vandaag berekenen", median_ms(lambda: context.call(dashboard.build, NOW), runs), PAGE_MS)

    def year_results() -> None:
        for activity in context.call(oto.list_activities, year):
            context.call(oto.results, activity.id)

    table.add(f"OTO: resultaten van alle activiteiten van {year}", median_ms(year_results, runs), PAGE_MS)
    years = list(oto_benchmark.YEARS)
    trend = median_ms(lambda: context.call(oto.trend, ActivityKind.ALARMERING, years), runs)
    table.add("OTO: trend over tien jaar", trend, PAGE_MS)


def start_up(runs: int, table: Table, database: Path) -> None:
    app_times, floor_times, app_memory, floor_memory = startup_benchmark.compare(database, runs)
    ratio = startup_benchmark.median(app_times) / startup_benchmark.median(floor_times)
    table.add("opstarten tot de eerste pagina met inhoud, tegen de vloer", ratio, RATIO, "x")
    memory = startup_benchmark.median(app_memory) / startup_benchmark.median(floor_memory)
    table.add("piekgeheugen bij het opstarten, tegen de vloer", memory, RATIO, "x")


def answer_for_the_user() -> None:
    """No message box may wait for a click: a page that has nothing to print says so and is passed over."""
    for name in ("information", "warning", "critical"):
        setattr(interaction, name, lambda *args: None)
    interaction.question = lambda *args: False  # type: ignore[assignment]


def measure(
    app: QApplication, context: AppContext, incident_database: Callable[[], AppContext], runs: int, table: Table
) -> None:
    """Every figure but start-up on the data set of ``context`` (closed afterwards)."""
    settle()  # as the app does once its window shows
    try:
        reads(context, runs, table)
        pages(app, context, runs, table)
        documents(context, incident_database, runs, table)
        keystrokes(app, context, runs, table)
    finally:
        context.close()


def on_server(app: QApplication, url: str, runs: int, writers_seconds: float, table: Table) -> None:
    """The data set and its figures on scratch databases of the server at ``url``, then three writers at once."""
    server = ScratchServer(url, prefix=f"crisisapp_run_{uuid.uuid4().hex[:8]}")
    try:
        database, incident_database = server.create(), server.create()
        started = time.perf_counter()
        context = AppContext(open_server(database, upgrade=True), clock=lambda: NOW)
        try:
            built = build(context)
        finally:
            context.close()
        print(f"\nPostgreSQL: {built} (built in {time.perf_counter() - started:.0f} s)", flush=True)
        open_server(incident_database, upgrade=True).close()

        def crisis() -> AppContext:
            return AppContext(open_server(incident_database), clock=lambda: incident_benchmark.NOW)

        measure(app, AppContext(open_server(database), clock=lambda: NOW), crisis, runs, table)
    finally:
        server.drop_all()
    print(f"\n{writers_benchmark.WRITERS} schrijvers tegelijk, {writers_seconds:.0f} s ...", flush=True)
    verdict = writers_benchmark.run(url, writers_seconds)
    print(verdict.report(), flush=True)
    for failure in verdict.failures():
        table.fail(f"schrijvers: {failure}")


def side_by_side(sqlite: Table, postgres: Table) -> None:
    """Each figure on both engines, in the order they were taken: what | SQLite | PostgreSQL | goal."""
    on_server: dict[tuple[str, int], float] = {}
    seen: dict[str, int] = {}
    for what, value, _goal, _unit in postgres.rows:
        seen[what] = seen.get(what, 0) + 1
        on_server[what, seen[what]] = value
    seen.clear()
    print(f"\n{'':<62} {'SQLite':>13} {'PostgreSQL':>13} {'doel':>11}")
    for what, value, goal, unit in sqlite.rows:
        seen[what] = seen.get(what, 0) + 1
        server = on_server.get((what, seen[what]))
        shown = "alleen SQLite" if server is None else f"{server:>9.2f} {unit:<3}"
        print(f"{what:<62} {value:>9.2f} {unit:<3} {shown:>13} {goal:>7.1f} {unit:<3}")
    on_file = {row[0] for row in sqlite.rows}
    for what, value, goal, unit in postgres.rows:  # a figure the file did not give (a report that failed there)
        if what not in on_file:
            print(f"{what:<62} {'—':>13} {value:>9.2f} {unit:<3} {goal:>7.1f} {unit:<3}")


def main() -> int:
    answer_for_the_user()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (at least 5)")
    parser.add_argument("--postgres", metavar="URL", help="also on this PostgreSQL server, side by side")
    parser.add_argument(
        "--writers-seconds", type=float, default=60.0, help="with --postgres: how long the writers write"
    )
    arguments = parser.parse_args()
    runs = max(5, arguments.runs)
    app = QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="crisisapp-run-"))
    path = folder / "tien-jaar.sqlite3"
    started = time.perf_counter()
    context = AppContext(open_database(path), clock=lambda: NOW)
    try:
        built = build(context)
    finally:
        context.close()
    print(f"data set: {built} (built in {time.perf_counter() - started:.0f} s)", flush=True)
    table = Table()
    start_up(runs, table, path)

    def crisis() -> AppContext:
        return AppContext(open_database(folder / "incident.sqlite3"), clock=lambda: incident_benchmark.NOW)

    try:
        measure(app, AppContext(open_database(path), clock=lambda: NOW), crisis, runs, table)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    missed, figures = table.missed(), len(table.rows)
    if arguments.postgres:
        server = Table()
        on_server(app, arguments.postgres, runs, arguments.writers_seconds, server)
        side_by_side(table, server)
        missed += [f"PostgreSQL: {what}" for what in server.missed()]
        figures += len(server.rows)
    print(f"\n{figures} figures, {len(missed)} more than half over their goal" + (":" if missed else "."))
    for what in missed:
        print(f"  {what}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

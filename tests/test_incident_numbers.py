"""Each incident's log numbers its entries 1, 2, 3 … in the order they were written, and a number once given never
changes: on screen, on paper, in the export and in the corrections that cite it; after an undo and a redo; with two
users writing at once on a server."""

import csv
import io
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, create_engine, select, text

from crisisapp.context import AppContext
from crisisapp.models.incident import EntryKind, LogEntry
from crisisapp.reports.incident import record_pdf
from crisisapp.services import incident as inc
from crisisapp.services.incident import IncidentInput
from crisisapp.services.versions import ChangedMeanwhileError
from crisisapp.storage import database
from crisisapp.storage.database import open_database
from crisisapp.storage.server import open_server, server_url, upgrade_server
from crisisapp.ui.incident.models import LogModel
from tests.clock import fixed_clock
from tests.pdftext import page_texts
from tests.server_databases import ScratchServer
from tests.test_incident_service import ALERT, MINUTE


def start(context: AppContext, title: str) -> int:
    return context.execute(inc.StartIncident(IncidentInput(title, "", 1, ALERT))).result.id


def write(context: AppContext, incident_id: int, text: str, minute: int, corrects_id: int | None = None):
    at = ALERT + minute * MINUTE
    return context.execute(inc.AddEntry(incident_id, EntryKind.MELDING, text, at, at, corrects_id=corrects_id)).result


def test_each_incident_numbers_its_log_from_one_and_its_corrections_cite_the_numbers(context, qapp):
    first, second = start(context, "Brand De Kolk"), start(context, "Gaslek Kade")
    for n in range(3):  # the two logs written in turns: the ids run through both
        write(context, first, f"Kolk {n}", n)
        write(context, second, f"Kade {n}", n)
    wrong = next(e for e in context.call(inc.log, second) if e.text == "Kade 1")
    fix = write(context, second, "Kade 1, gecorrigeerd", 1, corrects_id=wrong.id)
    assert (wrong.number, fix.number, fix.corrects) == (2, 4, 2) and fix.id != fix.number

    assert [e.number for e in context.call(inc.log, first)] == [1, 2, 3]
    shown = context.call(inc.log, second)  # in the order of time: the correction after the entry it corrects
    assert [(e.number, e.corrects, e.corrected_by) for e in shown] == [
        (1, None, None),
        (2, None, 4),
        (4, 2, None),
        (3, None, None),
    ]

    model = LogModel()  # the page's log: "Nr." and the references
    model.set_rows(shown)
    texts = [model.texts(record) for record in shown]
    assert [t[0] for t in texts] == ["1", "2", "4", "3"]
    assert texts[1][4] == "Kade 1 [gecorrigeerd door regel 4]"
    assert texts[2][4] == "[correctie op regel 2] Kade 1, gecorrigeerd"

    rows = list(csv.DictReader(io.StringIO(context.call(inc.export, second, "csv").decode("utf-8-sig")), delimiter=";"))
    assert [(r["regel"], r["corrigeert"], r["gecorrigeerd_door"]) for r in rows] == [
        ("1", "", ""),
        ("2", "", "4"),
        ("4", "2", ""),
        ("3", "", ""),
    ]
    assert [r["id"] for r in rows] == [str(e.id) for e in shown]  # the database's id stays beside it

    text = " ".join(page_texts(record_pdf(context.call(inc.sitrap, second, ALERT + 9 * MINUTE, full=True), "x")))
    assert "2 23:15 (+0:01) melding Kade 1 gecorrigeerd door regel 4" in text
    assert "4 23:15 (+0:01) melding correctie op regel 2: Kade 1, gecorrigeerd" in text
    assert "3 23:16 (+0:02) melding Kade 2" in text


def test_an_undone_entry_keeps_its_number_when_redone_and_a_number_given_meanwhile_refuses_the_redo(context):
    incident_id = start(context, "Brand De Kolk")
    write(context, incident_id, "Eerste", 1)
    second = context.execute(inc.AddEntry(incident_id, EntryKind.BESLUIT, "Tweede", ALERT, ALERT))
    third = write(context, incident_id, "Derde", 3)
    undo = context.execute(second.inverse)
    assert [(e.number, e.text) for e in context.call(inc.log, incident_id)] == [(1, "Eerste"), (3, "Derde")]
    redo = context.execute(undo.inverse)
    assert [(e.number, e.text) for e in context.call(inc.log, incident_id)] == [
        (2, "Tweede"),  # its time lies before the first's
        (1, "Eerste"),
        (3, "Derde"),
    ]

    # the last entry undone, its number is the next one's: that entry keeps it, the redo is refused
    context.execute(redo.inverse)
    undone = context.execute(
        context.execute(inc.AddEntry(incident_id, EntryKind.MELDING, "Vierde", ALERT, ALERT)).inverse
    )
    meanwhile = write(context, incident_id, "Vierde, opnieuw getypt", 4)
    assert meanwhile.number == 4 and third.number == 3
    # (a file gives the new entry the undone one's id too, a server a new id: either way the redo is refused)
    with pytest.raises(
        ChangedMeanwhileError, match=r"^Opnieuw kan niet: Incidenten: logboek nr\. \d+ (is|heeft) intussen"
    ):
        context.execute(undone.inverse)
    assert [e.number for e in context.call(inc.log, incident_id)] == [1, 3, 4]


def _waiting(server: AppContext) -> int:
    """How many connections to the server database wait for a lock another transaction holds."""
    with server.database.sessions() as session:
        return int(
            session.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock'"
                )
            )
            or 0
        )


def test_two_writers_at_once_on_a_server_get_the_next_numbers_in_turn(postgres, server_database):
    url = server_database("empty")
    ours, theirs = AppContext(open_server(url), clock=fixed_clock), AppContext(open_server(url), clock=fixed_clock)
    try:
        incident_id = start(ours, "Brand De Kolk")
        with ours.database.sessions.begin() as session:  # our entry written, not yet committed …
            mine = inc.AddEntry(incident_id, EntryKind.MELDING, "Ons", ALERT, ALERT).apply(session)
            theirs_done: list[inc.EntryRecord] = []
            writer = threading.Thread(target=lambda: theirs_done.append(write(theirs, incident_id, "Hun", 1)))
            writer.start()
            deadline = time.monotonic() + 60
            while _waiting(ours) == 0:  # … while theirs waits for it
                assert time.monotonic() < deadline, "their entry did not wait for ours"
                time.sleep(0.05)
        writer.join(60)
        assert mine.number == 1 and [e.number for e in theirs_done] == [2]

        def many(context: AppContext, who: str) -> None:
            for n in range(15):
                write(context, incident_id, f"{who} {n}", n)

        with ThreadPoolExecutor(2) as pool:
            list(pool.map(many, (ours, theirs), ("ons", "hun")))
        assert sorted(e.number for e in ours.call(inc.log, incident_id)) == list(range(1, 33))
    finally:
        ours.close()
        theirs.close()


BEFORE_NUMBERS = "0019_target_without_value"


def _older_log(connection: Connection) -> None:
    """Two incidents whose entries were written in turns, as a database before the numbers holds them."""
    for incident_id, title in ((1, "Brand De Kolk"), (2, "Gaslek Kade")):
        connection.execute(
            text(
                "INSERT INTO incident (id, title, location, alert_at, reported_by, exercise, grip, reach_minutes, "
                "municipality, version) VALUES (:id, :title, '', :at, '', false, 1, 5, 'Maassluis', 1)"
            ),
            {"id": incident_id, "title": title, "at": ALERT},
        )
    for entry_id, incident_id in ((3, 1), (4, 2), (5, 2), (8, 1), (9, 2), (12, 1)):  # gaps as deletes left them
        connection.execute(
            text(
                "INSERT INTO incident_entry (id, incident_id, at, recorded_at, kind, text, author, version) "
                "VALUES (:id, :incident, :at, :at, 'melding', :text, 'ovd', 1)"
            ),
            {"id": entry_id, "incident": incident_id, "at": ALERT - entry_id * MINUTE, "text": f"regel {entry_id}"},
        )


def _numbered(context: AppContext) -> list[tuple[int, int, int]]:
    with context.database.sessions() as session:
        rows = session.execute(select(LogEntry.id, LogEntry.incident_id, LogEntry.number).order_by(LogEntry.id))
        return [tuple(row) for row in rows]


#: Per incident in the order of the ids, whatever the entries' times (later ids above are earlier times).
BACKFILLED = [(3, 1, 1), (4, 2, 1), (5, 2, 2), (8, 1, 2), (9, 2, 3), (12, 1, 3)]


def test_the_upgrade_numbers_an_older_files_log_per_incident_in_the_order_written(db_path):
    config = Config()
    config.set_main_option("script_location", str(database.MIGRATIONS))
    old = database.configure_engine(create_engine(f"sqlite:///{db_path}"), foreign_keys=False)
    with old.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, BEFORE_NUMBERS)
        _older_log(connection)
    old.dispose()
    context = AppContext(open_database(db_path), clock=fixed_clock)  # upgraded at its opening
    try:
        assert _numbered(context) == BACKFILLED
        assert write(context, 2, "Nieuw", 30).number == 4  # the next after the numbers given
    finally:
        context.close()


def test_the_upgrade_numbers_an_older_server_databases_log_per_incident(postgres: ScratchServer):
    older = postgres.create()
    engine = create_engine(server_url(older))
    try:
        with engine.begin() as connection:
            upgrade_server(connection, older, BEFORE_NUMBERS)
            _older_log(connection)
            connection.execute(text("SELECT setval('incident_entry_id_seq', 12)"))
        context = AppContext(open_server(older, upgrade=True), clock=fixed_clock)
        try:
            assert _numbered(context) == BACKFILLED
            assert write(context, 1, "Nieuw", 30).number == 4
        finally:
            context.close()
    finally:
        engine.dispose()
        postgres.drop(older)

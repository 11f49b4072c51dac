"""kill -9 at random moments of a scripted incident: every entry and call outcome the writer acknowledged is in the
file afterwards, and the file is whole."""

import sqlite3
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from crisisapp.context import AppContext
from crisisapp.models.organisation import Role
from crisisapp.services import incident as inc
from crisisapp.services import organisation as org
from crisisapp.storage.database import open_database
from tests.crashing import kill_repeatedly

KILLS = 25
ALERT = datetime(2027, 3, 9, 22, 14, tzinfo=UTC)

#: The OvD-Bz's first hour, scripted: a log entry per step, a call every third step, GRIP up and down every
#: seventh; each number is printed once its command has returned (committed).
CHILD = """
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from crisisapp.context import AppContext
from crisisapp.models.incident import CallOutcome, EntryKind
from crisisapp.services import incident as inc
from crisisapp.storage.database import open_database

context = AppContext(open_database(Path(sys.argv[1])))
first = int(sys.argv[2])
current = context.call(inc.current_incident)
line = next(l for l in context.call(inc.alarm_board, current.id, current.alert_at) if l.candidates)
people = [call.person.id for call in line.candidates]
kinds = list(EntryKind)
outcomes = list(CallOutcome)
print("ready", flush=True)
for number in range(first, first + 100000):
    at = current.alert_at + timedelta(seconds=number)
    context.execute(inc.AddEntry(current.id, kinds[number % 4], f"regel {number}", at, at, "eigenaar"))
    if number % 3 == 0:
        person = people[number % len(people)]
        outcome = outcomes[number % len(outcomes)]
        context.execute(inc.RecordCall(current.id, line.function.id, person, outcome, at, f"oproep {number}"))
    if number % 7 == 0:
        level = context.call(inc.get_incident, current.id).grip
        context.execute(inc.SetGrip(current.id, 2 if level == 1 else 1, at))
    print(number, flush=True)
"""


def verify(path: Path, reported: list[int]) -> None:
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        entries = {row[0] for row in connection.execute("SELECT text FROM incident_entry")}
        calls = {row[0] for row in connection.execute("SELECT note FROM incident_call")}
        grips = connection.execute("SELECT count(*) FROM incident_grip").fetchone()[0]
    finally:
        connection.close()
    assert [n for n in reported if f"regel {n}" not in entries] == []
    assert [n for n in reported if n % 3 == 0 and f"oproep {n}" not in calls] == []
    assert grips >= 1 + sum(1 for n in reported if n % 7 == 0)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_every_acknowledged_entry_and_call_survives_kill_9(db_path):
    context = AppContext(open_database(db_path))
    functions = {f.name: f for t in context.call(org.list_teams) for f in t.functions}
    ovd = functions["Officier van Dienst Bevolkingszorg (OvD-Bz)"]
    for n, role in enumerate((Role.PRIMARY, Role.DEPUTY)):
        person = context.execute(org.AddPerson(org.PersonInput(f"Officier {n}", "Maassluis"))).result
        context.execute(org.Assign(person.id, ovd.id, role, date(2026, 1, 1)))
    context.execute(inc.StartIncident(inc.IncidentInput("Oefening kill -9", "", 1, ALERT)))
    context.close()
    result = kill_repeatedly(db_path, KILLS, seed=16, child_script=CHILD, check=verify)
    assert result.commits_reported > KILLS

"""Three users writing at once on one server database, as three laptops would, for a minute.

Run: ``.venv/bin/python benchmarks/writers.py postgresql://postgres@127.0.0.1:5432/postgres [--seconds 60]``
(also part of ``benchmarks/run.py --postgres``). Makes a scratch database on that server (dropped afterwards)
holding an incident, an event with its checklist and a person; then three processes, each with its own
AppContext, execute real commands as fast as they can: log entries on the incident, ticks on their own third of
the checklist (again and again, so each tick overwrites the writer's previous one), and now and then an edit of
the one person all three share, saved against the version their "form" loaded a moment before, so that
optimistic-concurrency refusals happen.

Each writer records what ``execute()`` acknowledged and what it refused. Afterwards every acknowledged change
must be in the database and nothing unacknowledged: each log entry, each item's last tick per round, the
person's version counter (one step per acknowledged edit). It prints changes per second, refusals
(ChangedMeanwhileError) and errors, and exits with status 1 when a change is lost, an unacknowledged one is
present, or a writer deadlocks or hangs (no answer within its time plus a margin).
"""

import argparse
import multiprocessing
import queue
import random
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/ for its scratch server databases

from sqlalchemy import select
from sqlalchemy.orm import Session

from crisisapp.context import AppContext
from crisisapp.errors import CrisisAppError
from crisisapp.models.events import Category, CheckItem, CheckResult, Outcome
from crisisapp.models.incident import EntryKind, LogEntry
from crisisapp.models.organisation import Person
from crisisapp.services import events, incident
from crisisapp.services import organisation as org
from crisisapp.services.versions import ChangedMeanwhileError, shown
from crisisapp.storage.server import open_server
from tests.server_databases import ScratchServer

WRITERS = 3
#: Beyond its time, how long a writer may take to start (imports, a connection) and to finish its last command.
MARGIN_S = 60.0
DEADLOCK = "40P01"


@dataclass(frozen=True)
class Seed:
    """What the writers write on (ids in the scratch database)."""

    incident_id: int
    items: tuple[int, ...]
    person_id: int
    person: org.PersonInput


def seed(context: AppContext) -> Seed:
    now = context.now()
    crisis = context.execute(incident.StartIncident(incident.IncidentInput("Brand Haven", "Haven", 2, now))).result
    start = now - timedelta(days=2)  # every round has begun
    event = context.execute(
        events.AddEvent(events.EventInput("Havenfeest", "", start.year, start, start + timedelta(days=3), Category.B))
    ).result
    template = next(iter(context.call(events.templates)))
    context.execute(events.FillChecklist(event.id, template))
    items = tuple(item.id for item in context.call(events.checklist, event.id).items)
    person = org.PersonInput("Gedeelde Persoon", "Maassluis", mobile="06-10000000")
    made = context.execute(org.AddPerson(person)).result
    return Seed(crisis.id, items, made.id, person)


def _is_deadlock(exc: BaseException | None) -> bool:
    while exc is not None:
        if getattr(exc, "sqlstate", None) == DEADLOCK or getattr(getattr(exc, "orig", None), "sqlstate", None) == (
            DEADLOCK
        ):
            return True
        exc = exc.__cause__
    return False


def write(url: str, number: int, seconds: float, plan: Seed, results: "multiprocessing.Queue[dict[str, Any]]") -> None:
    """One writer (a process of its own): commands for ``seconds``; what was acknowledged goes to ``results``."""
    context = AppContext(open_server(url))
    rng = random.Random(number)
    mine = plan.items[number::WRITERS]
    done: dict[str, Any] = {
        "writer": number,
        "entries": [],  # acknowledged log entries (their texts)
        "ticks": {},  # (item, round) -> the remark of the writer's last acknowledged tick
        "ticked": 0,  # acknowledged ticks
        "edits": [],  # acknowledged mobiles of the shared person
        "unacknowledged": [],  # the marks of commands refused or failed
        "refusals": 0,
        "errors": [],
        "deadlocks": 0,
    }
    deadline = time.monotonic() + seconds
    step = 0
    try:
        while time.monotonic() < deadline:
            step += 1
            mark = f"schrijver {number}: {step}"
            choice = rng.random()
            try:
                if choice < 0.5 or not mine:
                    now = context.now()
                    context.execute(incident.AddEntry(plan.incident_id, EntryKind.INFORMATIE, mark, now, now))
                    done["entries"].append(mark)
                elif choice < 0.85:
                    item, round_name = rng.choice(mine), rng.choice(events.DEFAULT_ROUNDS)
                    tick = events.Tick(item, round_name, Outcome.OK, context.now(), f"Schrijver {number}", mark)
                    context.execute(tick)
                    done["ticks"][(item, round_name)] = mark
                    done["ticked"] += 1
                else:
                    mark = f"06-{number}{step:07d}"
                    person = context.call(org.get_person, plan.person_id)  # the list shows them, the form opens
                    form = shown(Person, person, "Deze persoon")
                    time.sleep(rng.uniform(0.0, 0.1))  # the user types
                    data = org.PersonInput(plan.person.name, plan.person.municipality, mobile=mark)
                    context.execute(org.UpdatePerson(plan.person_id, data), expect=[form])
                    done["edits"].append(mark)
            except ChangedMeanwhileError:
                done["refusals"] += 1
                done["unacknowledged"].append(mark)
            except CrisisAppError as exc:
                done["errors"].append(f"{type(exc).__name__}: {exc}"[:200])
                done["deadlocks"] += _is_deadlock(exc)
                done["unacknowledged"].append(mark)
    finally:
        context.close()
        results.put(done)


@dataclass
class Verdict:
    """What three writers did, and what of it the database holds."""

    seconds: float
    acknowledged: int = 0
    refusals: int = 0
    errors: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    unacknowledged: list[str] = field(default_factory=list)
    hung: list[int] = field(default_factory=list)
    deadlocks: int = 0

    @property
    def per_second(self) -> float:
        return self.acknowledged / self.seconds

    def failures(self) -> list[str]:
        """What makes the run fail: lost or unacknowledged changes, deadlocks, writers that hung."""
        found = [f"verloren wijziging: {what}" for what in self.lost]
        found += [f"niet bevestigd en toch aanwezig: {what}" for what in self.unacknowledged]
        found += [f"schrijver {number} hing (geen antwoord binnen de tijd)" for number in self.hung]
        found += [f"{self.deadlocks} deadlock(s)"] if self.deadlocks else []
        return found

    def report(self) -> str:
        lines = [
            f"{WRITERS} schrijvers, {self.seconds:.0f} s: {self.acknowledged} bevestigde wijzigingen "
            f"({self.per_second:.1f} per seconde), {self.refusals} geweigerd (intussen gewijzigd), "
            f"{len(self.errors)} fouten"
        ]
        lines += [f"  fout: {error}" for error in self.errors[:5]]
        lines += [f"  {failure}" for failure in self.failures()[:20]]
        if not self.failures():
            lines.append("  elke bevestigde wijziging is er, geen onbevestigde, geen deadlock")
        return "\n".join(lines)


def _state(session: Session, plan: Seed) -> tuple[set[str], dict[tuple[int, str], str], str, int]:
    entries = set(session.scalars(select(LogEntry.text).where(LogEntry.incident_id == plan.incident_id)))
    ticks = {
        (item, round_name): remark
        for item, round_name, remark in session.execute(
            select(CheckResult.item_id, CheckResult.round, CheckResult.remark).join(CheckItem)
        )
    }
    person = session.get(Person, plan.person_id)
    assert person is not None
    return entries, ticks, person.mobile, person.version


def verify(context: AppContext, plan: Seed, writers: list[dict[str, Any]], verdict: Verdict) -> None:
    """Every acknowledged change present, nothing unacknowledged: the findings go into ``verdict``."""
    entries, ticks, mobile, version = context.call(_state, plan)
    initial = 1  # the person's version after AddPerson
    acknowledged_entries = {text for done in writers for text in done["entries"]}
    written = {text for text in entries if text.startswith("schrijver ")}
    expected_ticks = {key: remark for done in writers for key, remark in done["ticks"].items()}
    edits = [mobile for done in writers for mobile in done["edits"]]
    unacknowledged = {mark for done in writers for mark in done["unacknowledged"]}
    verdict.acknowledged = len(acknowledged_entries) + len(edits) + sum(done["ticked"] for done in writers)
    verdict.refusals = sum(done["refusals"] for done in writers)
    verdict.errors = [error for done in writers for error in done["errors"]]
    verdict.deadlocks = sum(done["deadlocks"] for done in writers)
    verdict.lost += sorted(acknowledged_entries - written)
    verdict.unacknowledged += sorted(written - acknowledged_entries)
    for (item, round_name), remark in sorted(expected_ticks.items()):
        if ticks.get((item, round_name)) != remark:
            found = ticks.get((item, round_name))
            shown = f"afvinken {item}/{round_name} ({remark}; in de database: {found})"
            (verdict.unacknowledged if found in unacknowledged else verdict.lost).append(shown)
    if version != initial + len(edits):
        verdict.lost.append(f"persoon: versie {version}, verwacht {initial + len(edits)} na {len(edits)} wijzigingen")
    if edits and mobile not in edits:
        (verdict.unacknowledged if mobile in unacknowledged else verdict.lost).append(f"persoon: mobiel {mobile}")


def run(url: str, seconds: float) -> Verdict:
    """Three writers for ``seconds`` on a scratch database on the server of ``url``; what they did and what was
    kept."""
    server = ScratchServer(url, prefix=f"crisisapp_writers_{uuid.uuid4().hex[:8]}")
    try:
        database = server.create()
        context = AppContext(open_server(database, upgrade=True))
        try:
            plan = seed(context)
            spawn = multiprocessing.get_context("spawn")  # no connection of this process is inherited
            results: multiprocessing.Queue[dict[str, Any]] = spawn.Queue()
            processes = [
                spawn.Process(target=write, args=(database, number, seconds, plan, results), name=f"schrijver {number}")
                for number in range(WRITERS)
            ]
            started = time.monotonic()
            for process in processes:
                process.start()
            writers: list[dict[str, Any]] = []
            verdict = Verdict(seconds)
            deadline = started + seconds + MARGIN_S
            while len(writers) < WRITERS:
                try:
                    writers.append(results.get(timeout=max(0.1, deadline - time.monotonic())))
                except queue.Empty:
                    break
            answered = {done["writer"] for done in writers}
            for number, process in enumerate(processes):
                process.join(timeout=max(0.1, deadline - time.monotonic()))
                if process.is_alive() or number not in answered:
                    verdict.hung.append(number)
                    process.kill()
                    process.join()
            verify(context, plan, writers, verdict)
            return verdict
        finally:
            context.close()
    finally:
        server.drop_all()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", help="a PostgreSQL server (a role that may create databases)")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long the writers write (default 60)")
    arguments = parser.parse_args()
    verdict = run(arguments.url, arguments.seconds)
    print(verdict.report())
    return 1 if verdict.failures() else 0


if __name__ == "__main__":
    sys.exit(main())

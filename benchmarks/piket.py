"""Piket at scale: ten years of weekly turns for a pool of 30, and 100,000 "who is on duty at t" questions.

Run: ``.venv/bin/python benchmarks/piket.py``. Times the pure proposal for ten years, the proposal through the
service on a real database (pool, leave and history read), building the effective schedule with overrides,
and answering 100,000 random moments.
"""

import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from timing import median_ms  # benchmarks/timing.py

from crisisapp.context import AppContext
from crisisapp.models.organisation import Role
from crisisapp.services import organisation as org
from crisisapp.services import piket
from crisisapp.services.piket import Officer, OverrideRecord, RotaRecord, ShiftRecord
from crisisapp.storage.database import open_database

ROTA = RotaRecord(
    1, "OvD-Bz", 1, 0, datetime(2000, 1, 1, 9, 0).time(), 7, {"Maassluis": 2, "Vlaardingen": 3, "Schiedam": 3}
)
FIRST, LAST = date(2027, 1, 4), date(2036, 12, 29)
QUESTIONS = 100_000


def main() -> None:
    pool = {n: Officer(n, f"Officier {n}", ("Maassluis", "Vlaardingen", "Schiedam")[n % 3], "") for n in range(1, 31)}
    turns = piket.slots(ROTA, FIRST, LAST)
    print(f"ten years: {len(turns)} weekly turns, pool of {len(pool)}")
    print(f"expand the turns in local time: {median_ms(lambda: piket.slots(ROTA, FIRST, LAST)):.0f} ms")
    print(f"proposal (pure): {median_ms(lambda: piket.propose(turns, pool, ROTA.shares, {}, {})):.0f} ms")

    proposal = piket.propose(turns, pool, ROTA.shares, {}, {})
    shifts = [ShiftRecord(n, person or 0, t.start, t.end) for n, (t, person) in enumerate(proposal)]
    rng = random.Random(7)
    overrides = []
    for n in range(200):
        start = turns[rng.randrange(len(turns))].start + timedelta(hours=rng.randrange(160))
        overrides.append(
            OverrideRecord(n, rng.randrange(1, 31), start, start + timedelta(hours=rng.randrange(2, 48)), "", False)
        )
    layered = median_ms(lambda: piket.effective(shifts, overrides))
    print(f"effective schedule with {len(overrides)} overrides: {layered:.0f} ms")
    plan = piket.effective(shifts, overrides)
    span = (turns[-1].end - turns[0].start).total_seconds()
    moments = [turns[0].start + timedelta(seconds=rng.random() * span) for _ in range(QUESTIONS)]

    def ask() -> None:
        for moment in moments:
            plan.on_duty(moment)

    total = median_ms(ask, 3)
    print(f"{QUESTIONS} questions: {total:.0f} ms in all, {total * 1000 / QUESTIONS:.2f} µs per question")

    folder = Path(tempfile.mkdtemp(prefix="crisisapp-piket-"))
    context = AppContext(open_database(folder / "piket.sqlite3"), clock=lambda: datetime(2026, 12, 1, tzinfo=UTC))
    ovd = next(f for t in context.call(org.list_teams) for f in t.functions if t.code == "OvD-Bz")

    for officer in pool.values():
        made = context.execute(org.AddPerson(org.PersonInput(officer.name, officer.municipality))).result
        context.execute(org.Assign(made.id, ovd.id, Role.DEPUTY, date(2026, 1, 1)))
    rota = context.execute(piket.CreateRota("OvD-Bz", ovd.id, ROTA.shares)).result
    service = median_ms(lambda: context.call(piket.make_proposal, rota.id, FIRST, LAST), 3)
    print(f"proposal through the service (database): {service:.0f} ms")

    planned = context.call(piket.make_proposal, rota.id, FIRST, LAST)
    started = time.perf_counter()
    context.execute(piket.SaveShifts(rota.id, tuple((t.start, t.end, p) for t, p in planned if p)))
    print(f"save ten years of shifts: {(time.perf_counter() - started) * 1000:.0f} ms")
    loaded = median_ms(lambda: context.call(piket.schedule, rota.id))
    print(f"load the effective schedule from the database: {loaded:.0f} ms")
    context.close()


if __name__ == "__main__":
    main()

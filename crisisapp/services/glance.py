"""What the window shows before anything else: the open incident (the bar above every page) and who is on piket
now (the first box of Vandaag). Light reads of a few tables that import neither the models nor the services of
any area, so that the window opens near its floor; tests/test_glance.py keeps their columns equal to the models'.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import (
    Boolean,
    Integer,
    Select,
    and_,
    bindparam,
    column,
    false,
    func,
    literal,
    or_,
    select,
    table,
    union_all,
)
from sqlalchemy.orm import Session

from crisisapp.models.base import UTCDateTime
from crisisapp.services.piket_schedule import Officer, OverrideRecord, Segment, ShiftRecord, effective

INCIDENT = table(
    "incident",
    column("id", Integer),
    column("title"),
    column("grip", Integer),
    column("alert_at", UTCDateTime()),
    column("exercise", Boolean),
    column("closed_at", UTCDateTime()),
    column("municipality"),
)
ROTA = table("piket_rota", column("id", Integer))
SHIFT = table(
    "piket_shift",
    column("id", Integer),
    column("rota_id", Integer),
    column("person_id", Integer),
    column("start", UTCDateTime()),
    column("end", UTCDateTime()),
)
OVERRIDE = table(
    "piket_override",
    column("id", Integer),
    column("rota_id", Integer),
    column("person_id", Integer),
    column("start", UTCDateTime()),
    column("end", UTCDateTime()),
    column("cancelled", Boolean),
)
PERSON = table("person", column("id", Integer), column("name"), column("municipality"), column("mobile"))
#: The tables these reads look at: a change to any other leaves what they showed as it was.
INCIDENT_TABLES = frozenset({"incident"})
PIKET_TABLES = frozenset({"piket_rota", "piket_shift", "piket_override", "person"})


@dataclass(frozen=True, slots=True)
class OpenIncident:
    id: int
    title: str
    grip: int
    alert_at: datetime
    exercise: bool
    municipality: str


def open_incidents(session: Session) -> tuple[OpenIncident, ...]:
    """The open incidents as the bar lists them: real ones before exercises, the highest GRIP level first, then the
    latest alert."""
    rows = session.execute(
        select(
            INCIDENT.c.id,
            INCIDENT.c.title,
            INCIDENT.c.grip,
            INCIDENT.c.alert_at,
            INCIDENT.c.exercise,
            INCIDENT.c.municipality,
        )
        .where(INCIDENT.c.closed_at.is_(None))
        .order_by(INCIDENT.c.exercise, INCIDENT.c.grip.desc(), INCIDENT.c.alert_at.desc(), INCIDENT.c.id.desc())
    )
    return tuple(
        OpenIncident(row.id, row.title, row.grip, row.alert_at, bool(row.exercise), row.municipality) for row in rows
    )


def open_incident(session: Session) -> OpenIncident | None:
    """The open incident the bar shows first (see :func:`open_incidents`), or None."""
    return next(iter(open_incidents(session)), None)


def elapsed(alert_at: datetime, moment: datetime) -> str:
    """The time since the alert as the log shows it beside every entry: "+0:07", "+12:30", "−0:03" before it."""
    minutes = int((moment - alert_at) / timedelta(minutes=1))
    sign = "+" if minutes >= 0 else "−"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60}:{minutes % 60:02d}"


@dataclass(frozen=True, slots=True)
class OnDuty:
    """The piket of the first rota at a moment: who is on duty until when (None: a gap in the rota), who follows
    from when, and both as officers."""

    current: Segment | None
    following: Segment | None
    officers: Mapping[int, Officer]


def on_duty(session: Session, moment: datetime) -> OnDuty | None:
    """Who is on duty at ``moment`` until when, and who is next from when, in the first rota, as the whole
    schedule (:func:`piket_schedule.effective`) has it; None when there is no rota yet.

    One query for the few turns that decide it: the shifts that hold ``moment``, the next to start and those an
    override running on from ``moment`` reaches; the overrides that end after ``moment``; and their people. (So
    ``current.start`` is not the whole schedule's when an override that was over by ``moment`` cut that turn: the
    page shows until when, not since when.)"""
    rows = session.execute(_turns_at(), {"moment": moment}).all()
    if not rows and session.scalar(select(func.min(ROTA.c.id))) is None:
        return None
    shifts = [ShiftRecord(r.id, r.person_id, r.start, r.end) for r in rows if not r.override]
    overrides = [OverrideRecord(r.id, r.person_id, r.start, r.end, "", False) for r in rows if r.override]
    schedule = effective(shifts, overrides)
    officers = {r.person_id: Officer(r.person_id, r.name, r.municipality, r.mobile) for r in rows}
    return OnDuty(schedule.on_duty(moment), schedule.next_after(moment), officers)


@cache
def _turns_at() -> Select[Any]:
    """The query of :func:`on_duty`, for the moment bound as ``moment``: made once, for building it anew each time
    cost twice as long as running it (1.5 ms against 0.6 ms on ten years of piket)."""
    moment = bindparam("moment", type_=UTCDateTime())
    rota = select(func.min(ROTA.c.id)).scalar_subquery()
    shift_of_rota = SHIFT.c.rota_id == rota
    override_of_rota = and_(OVERRIDE.c.rota_id == rota, OVERRIDE.c.cancelled == false())
    next_start = select(func.min(SHIFT.c.start)).where(shift_of_rota, SHIFT.c.start > moment).scalar_subquery()
    reach = select(func.max(OVERRIDE.c.end)).where(override_of_rota, OVERRIDE.c.end > moment).scalar_subquery()
    turns = union_all(
        select(literal(False).label("override"), SHIFT.c.id, SHIFT.c.person_id, SHIFT.c.start, SHIFT.c.end).where(
            shift_of_rota,
            SHIFT.c.end > moment,
            or_(SHIFT.c.start <= moment, SHIFT.c.start <= next_start, SHIFT.c.start <= reach),
        ),
        select(literal(True), OVERRIDE.c.id, OVERRIDE.c.person_id, OVERRIDE.c.start, OVERRIDE.c.end).where(
            override_of_rota, OVERRIDE.c.end > moment
        ),
    ).subquery()
    return select(turns, PERSON.c.name, PERSON.c.municipality, PERSON.c.mobile).join(
        PERSON, PERSON.c.id == turns.c.person_id
    )

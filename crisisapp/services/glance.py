"""What the window shows before anything else: the open incident (the bar above every page) and who is on piket
now (the first box of Vandaag). Light reads of a few tables that import neither the models nor the services of
any area, so that the window opens near its floor; tests/test_glance.py keeps their columns equal to the models'.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Boolean, Integer, column, false, func, literal, select, table, union_all
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


def open_incident(session: Session) -> OpenIncident | None:
    """The open incident of the latest alert (the one the bar shows), or None."""
    row = session.execute(
        select(INCIDENT.c.id, INCIDENT.c.title, INCIDENT.c.grip, INCIDENT.c.alert_at, INCIDENT.c.exercise)
        .where(INCIDENT.c.closed_at.is_(None))
        .order_by(INCIDENT.c.alert_at.desc(), INCIDENT.c.id.desc())
        .limit(1)
    ).first()
    return None if row is None else OpenIncident(row.id, row.title, row.grip, row.alert_at, bool(row.exercise))


def elapsed(alert_at: datetime, moment: datetime) -> str:
    """The time since the alert as the log shows it beside every entry: "+0:07", "+12:30", "−0:03" before it."""
    minutes = int((moment - alert_at) / timedelta(minutes=1))
    sign = "+" if minutes >= 0 else "−"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60}:{minutes % 60:02d}"


@dataclass(frozen=True, slots=True)
class OnDuty:
    """The piket of the first rota at a moment: who is on duty (None: a gap in the rota), who follows, and both
    as officers."""

    current: Segment | None
    following: Segment | None
    officers: Mapping[int, Officer]


def on_duty(session: Session, moment: datetime) -> OnDuty | None:
    """Who is on duty at ``moment`` and who is next, in the first rota; None when there is no rota yet.

    One query: the shifts of the rota that end after ``moment`` (one over before it cannot be on duty then or come
    next) and its overrides (a few a month; one that is over may still have cut a shift that is not), with their
    people."""
    rota = select(func.min(ROTA.c.id)).scalar_subquery()
    turns = union_all(
        select(literal(False).label("override"), SHIFT.c.id, SHIFT.c.person_id, SHIFT.c.start, SHIFT.c.end).where(
            SHIFT.c.rota_id == rota, SHIFT.c.end > moment
        ),
        select(literal(True), OVERRIDE.c.id, OVERRIDE.c.person_id, OVERRIDE.c.start, OVERRIDE.c.end).where(
            OVERRIDE.c.rota_id == rota, OVERRIDE.c.cancelled == false()
        ),
    ).subquery()
    rows = session.execute(
        select(turns, PERSON.c.name, PERSON.c.municipality, PERSON.c.mobile).join(
            PERSON, PERSON.c.id == turns.c.person_id
        )
    ).all()
    if not rows and session.scalar(select(rota)) is None:
        return None
    shifts = [ShiftRecord(r.id, r.person_id, r.start, r.end) for r in rows if not r.override]
    overrides = [OverrideRecord(r.id, r.person_id, r.start, r.end, "", False) for r in rows if r.override]
    schedule = effective(shifts, overrides)
    officers = {r.person_id: Officer(r.person_id, r.name, r.municipality, r.mobile) for r in rows}
    return OnDuty(schedule.on_duty(moment), schedule.next_after(moment), officers)

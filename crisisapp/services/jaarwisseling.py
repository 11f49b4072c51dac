"""New Year's Eve: a preparation plan from August (from a template or last year's), fireworks-free zones,
the log of December and the night, and the comparison over the years."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import ClassVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from crisisapp.errors import DomainError, ValidationError
from crisisapp.models.jaarwisseling import Incident, PrepTask, TaskStatus, Zone
from crisisapp.services.commands import Command, DeleteRecord, existing
from crisisapp.timeutil import to_utc

TABLES = frozenset(t.__tablename__ for t in (PrepTask, Zone, Incident))
OWNERS = ("gemeente", "politie", "brandweer", "jongerenwerk", "buitendienst", "woningcorporatie")
INCIDENT_KINDS = (
    "vuurwerkoverlast",
    "brand",
    "vernieling",
    "geweld tegen hulpverleners",
    "aanhouding",
    "bekeuring",
    "in beslag genomen vuurwerk",
    "overig",
)
# (task, owner, deadline as (month, day, years after the year of 31 December))
TEMPLATE = (
    ("Startoverleg jaarwisseling met politie, brandweer en jongerenwerk", "gemeente", (9, 1, 0)),
    ("Vuurwerkvrije zones vaststellen (zorginstellingen, scholen, dieren)", "gemeente", (10, 1, 0)),
    ("Handhavingscapaciteit voor december en de nacht inplannen (BOA's en politie)", "politie", (11, 15, 0)),
    ("Activiteiten en aanwezigheid van het jongerenwerk in de wijken", "jongerenwerk", (12, 1, 0)),
    ("Containers en prullenbakken weghalen of afsluiten", "buitendienst", (12, 15, 0)),
    ("Communicatie over het vuurwerkverbod en de vuurwerkvrije zones", "gemeente", (12, 15, 0)),
    ("Paraatheid van de brandweer en afspraken over kleine branden", "brandweer", (12, 15, 0)),
    ("Schade herstellen en opruimen na de jaarwisseling", "buitendienst", (1, 15, 1)),
    ("Evaluatie met alle partijen", "gemeente", (1, 31, 1)),
)


@dataclass(frozen=True, slots=True)
class TaskRecord:
    id: int
    year: int
    description: str
    owner: str
    deadline: date
    status: TaskStatus
    version: int

    def overdue(self, today: date) -> bool:
        return self.status is not TaskStatus.DONE and self.deadline < today


@dataclass(frozen=True, slots=True)
class ZoneRecord:
    id: int
    year: int
    name: str
    description: str
    period: str
    version: int


@dataclass(frozen=True, slots=True)
class IncidentRecord:
    id: int
    year: int
    at: datetime
    kind: str
    location: str
    count: int
    damage_euros: int
    version: int


@dataclass(frozen=True, slots=True)
class YearSummary:
    """What a New Year's Eve came to; ``recorded`` False for a year without a log (shown as a gap)."""

    year: int
    recorded: bool
    counts: dict[str, int]
    damage_euros: int


def euros(amount: int) -> str:
    """An amount in euros as Dutch readers write it: € 12.345."""
    return f"€ {amount:,}".replace(",", ".")


def nye(year: int) -> date:
    return date(year, 12, 31)


def log_period(year: int) -> tuple[datetime, datetime]:
    """The period the log of ``year`` holds (UTC): December and the night, from 1 December 00:00 through
    1 January of the next year 23:59, Dutch time."""
    return to_utc(datetime.combine(date(year, 12, 1), time(0, 0))), to_utc(
        datetime.combine(date(year + 1, 1, 2), time(0, 0))
    )


def report_moment(year: int, now: datetime) -> datetime:
    """The moment a new report of ``year``'s log proposes: now (to the minute) while that log's period lasts, so that
    a report made in December is not saved as one of the night unnoticed; otherwise the night, 31 December 23:00
    Dutch time (a report entered afterwards, or ahead of the period)."""
    start, end = log_period(year)
    if start <= now < end:
        return now.astimezone(UTC).replace(second=0, microsecond=0)
    return to_utc(datetime.combine(nye(year), time(23, 0)))


def preparation_started(today: date) -> bool:
    """Preparations for this year's New Year's Eve run from August."""
    return today.month >= 8


def days_to_nye(today: date) -> int:
    return (nye(today.year) - today).days


def tasks(session: Session, year: int) -> tuple[TaskRecord, ...]:
    rows = session.scalars(select(PrepTask).where(PrepTask.year == year).order_by(PrepTask.deadline, PrepTask.id))
    return tuple(TaskRecord(r.id, r.year, r.description, r.owner, r.deadline, r.status, r.version) for r in rows)


def _refuse_second_plan(session: Session, year: int) -> None:
    if session.scalar(select(PrepTask.id).where(PrepTask.year == year).limit(1)):
        raise DomainError(f"De jaarwisseling {year} heeft al een draaiboek.")


@dataclass(frozen=True, slots=True)
class PlanFromTemplate(Command[int]):
    """The year's preparation tasks from the template; refused when the year already has a plan."""

    year: int

    label: ClassVar[str] = "Draaiboek jaarwisseling uit sjabloon maken"

    def apply(self, session: Session) -> int:
        _refuse_second_plan(session, self.year)
        for description, owner, (month, day, later) in TEMPLATE:
            deadline = date(self.year + later, month, day)
            session.add(PrepTask(year=self.year, description=description, owner=owner, deadline=deadline))
        session.flush()
        return len(TEMPLATE)


def _a_year_on(day: date) -> date:
    return date(day.year + 1, 2, 28) if (day.month, day.day) == (2, 29) else day.replace(year=day.year + 1)


@dataclass(frozen=True, slots=True)
class PlanFromLastYear(Command[int]):
    """Last year's tasks (deadlines a year on, all open) and zones for ``year``; refused when the year already
    has a plan or last year had none."""

    year: int

    label: ClassVar[str] = "Draaiboek jaarwisseling overnemen van vorig jaar"

    def apply(self, session: Session) -> int:
        _refuse_second_plan(session, self.year)
        previous = tasks(session, self.year - 1)
        if not previous:
            raise DomainError(f"Er is geen draaiboek van {self.year - 1} om over te nemen.")
        for task in previous:
            session.add(
                PrepTask(
                    year=self.year,
                    description=task.description,
                    owner=task.owner,
                    deadline=_a_year_on(task.deadline),
                    status=TaskStatus.OPEN,
                )
            )
        for zone in zones(session, self.year - 1):
            session.add(Zone(year=self.year, name=zone.name, description=zone.description, period=zone.period))
        session.flush()
        return len(previous)


@dataclass(frozen=True, slots=True)
class AddTask(Command[int]):
    year: int
    description: str
    owner: str
    deadline: date

    label: ClassVar[str] = "Taak jaarwisseling toevoegen"

    def apply(self, session: Session) -> int:
        if not self.description.strip():
            raise ValidationError({"description": "Beschrijf de taak."})
        row = PrepTask(
            year=self.year,
            description=self.description.strip(),
            owner=self.owner.strip() or "gemeente",
            deadline=self.deadline,
        )
        session.add(row)
        session.flush()
        return row.id


@dataclass(frozen=True, slots=True)
class SetTaskStatus(Command[None]):
    task_id: int
    status: TaskStatus

    label: ClassVar[str] = "Taak jaarwisseling bijwerken"

    def apply(self, session: Session) -> None:
        existing(session, PrepTask, self.task_id, "Taak").status = self.status


class DeleteTask(DeleteRecord):
    label = "Taak jaarwisseling verwijderen"
    model = PrepTask
    what = "Taak"


def zones(session: Session, year: int) -> tuple[ZoneRecord, ...]:
    rows = session.scalars(select(Zone).where(Zone.year == year).order_by(Zone.name))
    return tuple(ZoneRecord(r.id, r.year, r.name, r.description, r.period, r.version) for r in rows)


@dataclass(frozen=True, slots=True)
class AddZone(Command[int]):
    year: int
    name: str
    description: str
    period: str

    label: ClassVar[str] = "Vuurwerkvrije zone toevoegen"

    def apply(self, session: Session) -> int:
        if not self.name.strip():
            raise ValidationError({"name": "Geef de zone een naam."})
        row = Zone(
            year=self.year, name=self.name.strip(), description=self.description.strip(), period=self.period.strip()
        )
        session.add(row)
        session.flush()
        return row.id


class DeleteZone(DeleteRecord):
    label = "Vuurwerkvrije zone verwijderen"
    model = Zone
    what = "Zone"


def incidents(session: Session, year: int) -> tuple[IncidentRecord, ...]:
    return _incidents(session, [year])


def _incidents(session: Session, years: Sequence[int]) -> tuple[IncidentRecord, ...]:
    rows = session.scalars(select(Incident).where(Incident.year.in_(years)).order_by(Incident.at, Incident.id))
    return tuple(
        IncidentRecord(r.id, r.year, r.at, r.kind, r.location, r.count, r.damage_euros, r.version) for r in rows
    )


@dataclass(frozen=True, slots=True)
class LogIncident(Command[int]):
    year: int
    at: datetime
    kind: str
    location: str
    count: int = 1
    damage_euros: int = 0

    label: ClassVar[str] = "Melding jaarwisseling vastleggen"

    def apply(self, session: Session) -> int:
        errors = {}
        start, end = log_period(self.year)
        if not start <= self.at < end:
            errors["at"] = (
                f"De log is van december en de jaarwisseling: kies een tijd van 01-12-{self.year} 00:00 "
                f"tot en met 01-01-{self.year + 1} 23:59."
            )
        if self.kind not in INCIDENT_KINDS:
            errors["kind"] = f"Kies een soort: {', '.join(INCIDENT_KINDS)}."
        if self.count < 1:
            errors["count"] = "Het aantal is ten minste 1."
        if self.damage_euros < 0:
            errors["damage_euros"] = "Schade kan niet negatief zijn."
        if errors:
            raise ValidationError(errors)
        row = Incident(
            year=self.year,
            at=self.at,
            kind=self.kind,
            location=self.location.strip(),
            count=self.count,
            damage_euros=self.damage_euros,
        )
        session.add(row)
        session.flush()
        return row.id


class DeleteIncident(DeleteRecord):
    label = "Melding jaarwisseling verwijderen"
    model = Incident
    what = "Melding"


def comparison(session: Session, years: Sequence[int]) -> tuple[YearSummary, ...]:
    """Per year the counts per kind and the damage; a year without a log is marked as such, not as zero. One
    query for all the years."""
    return _comparison(_incidents(session, years), years)


def _comparison(logs: Sequence[IncidentRecord], years: Sequence[int]) -> tuple[YearSummary, ...]:
    result = []
    for year in years:
        logged = [incident for incident in logs if incident.year == year]
        counts: dict[str, int] = defaultdict(int)
        for incident in logged:
            counts[incident.kind] += incident.count
        result.append(YearSummary(year, bool(logged), dict(counts), sum(i.damage_euros for i in logged)))
    return tuple(result)


@dataclass(frozen=True, slots=True)
class YearView:
    """Everything the Jaarwisseling page shows of a year, read at once: its tasks, zones and incidents, and the
    comparison of it with the four years before."""

    tasks: tuple[TaskRecord, ...]
    zones: tuple[ZoneRecord, ...]
    incidents: tuple[IncidentRecord, ...]
    comparison: tuple[YearSummary, ...]


def year_view(session: Session, year: int) -> YearView:
    """The Jaarwisseling page's data of ``year`` in one read (see :class:`YearView`), in a fixed number of queries."""
    years = list(range(year - 4, year + 1))
    logs = _incidents(session, years)
    this_year = tuple(incident for incident in logs if incident.year == year)
    return YearView(tasks(session, year), zones(session, year), this_year, _comparison(logs, years))

"""New Year's Eve: a preparation plan from August (from a template or last year's), fireworks-free zones,
the log of December and the night, and the comparison over the years."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from crisisapp.errors import DomainError, ValidationError
from crisisapp.models.jaarwisseling import Incident, PrepTask, TaskStatus, Zone
from crisisapp.services import use_case

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

    def overdue(self, today: date) -> bool:
        return self.status is not TaskStatus.DONE and self.deadline < today


@dataclass(frozen=True, slots=True)
class ZoneRecord:
    id: int
    year: int
    name: str
    description: str
    period: str


@dataclass(frozen=True, slots=True)
class IncidentRecord:
    id: int
    year: int
    at: datetime
    kind: str
    location: str
    count: int
    damage_euros: int


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


def preparation_started(today: date) -> bool:
    """Preparations for this year's New Year's Eve run from August."""
    return today.month >= 8


def days_to_nye(today: date) -> int:
    return (nye(today.year) - today).days


def tasks(session: Session, year: int) -> tuple[TaskRecord, ...]:
    rows = session.scalars(select(PrepTask).where(PrepTask.year == year).order_by(PrepTask.deadline, PrepTask.id))
    return tuple(TaskRecord(r.id, r.year, r.description, r.owner, r.deadline, r.status) for r in rows)


@use_case("Draaiboek jaarwisseling maken")
def make_plan(session: Session, year: int, *, from_previous: bool) -> int:
    """The year's preparation tasks from the template, or copied from last year's (dates a year on, all open);
    zones are copied too. Refused when the year already has a plan."""
    if session.scalar(select(PrepTask.id).where(PrepTask.year == year).limit(1)):
        raise DomainError(f"De jaarwisseling {year} heeft al een draaiboek.")
    if from_previous:
        previous = tasks(session, year - 1)
        if not previous:
            raise DomainError(f"Er is geen draaiboek van {year - 1} om over te nemen.")
        for task in previous:
            deadline = (
                task.deadline.replace(year=task.deadline.year + 1)
                if (task.deadline.month, task.deadline.day) != (2, 29)
                else date(task.deadline.year + 1, 2, 28)
            )
            session.add(
                PrepTask(
                    year=year, description=task.description, owner=task.owner, deadline=deadline, status=TaskStatus.OPEN
                )
            )
        for zone in zones(session, year - 1):
            session.add(Zone(year=year, name=zone.name, description=zone.description, period=zone.period))
    else:
        for description, owner, (month, day, later) in TEMPLATE:
            session.add(
                PrepTask(year=year, description=description, owner=owner, deadline=date(year + later, month, day))
            )
    session.flush()
    return len(tasks(session, year))


@use_case("Taak jaarwisseling toevoegen")
def add_task(
    session: Session, year: int, description: str, owner: str, deadline: date, *, reuse_id: int | None = None
) -> int:
    if not description.strip():
        raise ValidationError({"description": "Beschrijf de taak."})
    row = PrepTask(
        id=reuse_id, year=year, description=description.strip(), owner=owner.strip() or "gemeente", deadline=deadline
    )
    session.add(row)
    session.flush()
    return row.id


@use_case("Taak jaarwisseling verwijderen")
def delete_task(session: Session, task_id: int) -> None:
    row = session.get(PrepTask, task_id)
    if row is None:
        raise DomainError(f"Taak {task_id} bestaat niet (meer).")
    session.delete(row)
    session.flush()


@use_case("Taak jaarwisseling bijwerken")
def set_task_status(session: Session, task_id: int, status: TaskStatus) -> None:
    row = session.get(PrepTask, task_id)
    if row is None:
        raise DomainError(f"Taak {task_id} bestaat niet (meer).")
    row.status = status
    session.flush()


def zones(session: Session, year: int) -> tuple[ZoneRecord, ...]:
    rows = session.scalars(select(Zone).where(Zone.year == year).order_by(Zone.name))
    return tuple(ZoneRecord(r.id, r.year, r.name, r.description, r.period) for r in rows)


@use_case("Vuurwerkvrije zone toevoegen")
def add_zone(
    session: Session, year: int, name: str, description: str, period: str, *, reuse_id: int | None = None
) -> int:
    if not name.strip():
        raise ValidationError({"name": "Geef de zone een naam."})
    row = Zone(id=reuse_id, year=year, name=name.strip(), description=description.strip(), period=period.strip())
    session.add(row)
    session.flush()
    return row.id


@use_case("Vuurwerkvrije zone verwijderen")
def delete_zone(session: Session, zone_id: int) -> None:
    row = session.get(Zone, zone_id)
    if row is None:
        raise DomainError(f"Zone {zone_id} bestaat niet (meer).")
    session.delete(row)
    session.flush()


def incidents(session: Session, year: int) -> tuple[IncidentRecord, ...]:
    rows = session.scalars(select(Incident).where(Incident.year == year).order_by(Incident.at, Incident.id))
    return tuple(IncidentRecord(r.id, r.year, r.at, r.kind, r.location, r.count, r.damage_euros) for r in rows)


@use_case("Melding jaarwisseling vastleggen")
def log_incident(
    session: Session,
    year: int,
    at: datetime,
    kind: str,
    location: str,
    count: int = 1,
    damage_euros: int = 0,
    *,
    reuse_id: int | None = None,
) -> int:
    errors = {}
    if kind not in INCIDENT_KINDS:
        errors["kind"] = f"Kies een soort: {', '.join(INCIDENT_KINDS)}."
    if count < 1:
        errors["count"] = "Het aantal is ten minste 1."
    if damage_euros < 0:
        errors["damage_euros"] = "Schade kan niet negatief zijn."
    if errors:
        raise ValidationError(errors)
    row = Incident(
        id=reuse_id, year=year, at=at, kind=kind, location=location.strip(), count=count, damage_euros=damage_euros
    )
    session.add(row)
    session.flush()
    return row.id


@use_case("Melding jaarwisseling verwijderen")
def delete_incident(session: Session, incident_id: int) -> None:
    row = session.get(Incident, incident_id)
    if row is None:
        raise DomainError(f"Melding {incident_id} bestaat niet (meer).")
    session.delete(row)
    session.flush()


def comparison(session: Session, years: Sequence[int]) -> tuple[YearSummary, ...]:
    """Per year the counts per kind and the damage; a year without a log is marked as such, not as zero."""
    result = []
    for year in years:
        logged = incidents(session, year)
        counts: dict[str, int] = defaultdict(int)
        for incident in logged:
            counts[incident.kind] += incident.count
        result.append(YearSummary(year, bool(logged), dict(counts), sum(i.damage_euros for i in logged)))
    return tuple(result)

"""Emergency services: the register of streets they cannot get through, HartslagNu citizen responders over
time against the target, the meetings with them, and the recruitment of fire-brigade volunteers."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from crisisapp.errors import DomainError
from crisisapp.models.hulpdiensten import (
    Obstacle,
    ObstacleStatus,
    Recruitment,
    ResponderCount,
    ResponderMeeting,
    ResponderTarget,
)
from crisisapp.services import use_case
from crisisapp.services.organisation import ValidationError

TABLES = frozenset(t.__tablename__ for t in (Obstacle, ResponderCount, ResponderTarget, ResponderMeeting, Recruitment))
CAUSES = ("fout parkeren", "te smalle straat", "obstakel", "wegwerkzaamheden", "overig")
MIN_WIDTH_M = 3.5  # VRR: at least 3.5 m clear width for emergency vehicles


@dataclass(frozen=True, slots=True)
class ObstacleRecord:
    id: int
    street: str
    description: str
    cause: str
    width_m: float | None
    reported_on: date
    measure: str
    status: ObstacleStatus

    @property
    def too_narrow(self) -> bool:
        return self.width_m is not None and self.width_m < MIN_WIDTH_M


@dataclass(frozen=True, slots=True)
class CountRecord:
    id: int
    counted_on: date
    registered: int
    certified: int | None
    source: str


@dataclass(frozen=True, slots=True)
class MeetingRecord:
    id: int
    held_on: date
    subject: str
    attendees: int


@dataclass(frozen=True, slots=True)
class RecruitmentRecord:
    id: int
    held_on: date
    action: str
    reached: int
    applied: int


def _obstacle(row: Obstacle) -> ObstacleRecord:
    return ObstacleRecord(
        row.id, row.street, row.description, row.cause, row.width_m, row.reported_on, row.measure, row.status
    )


def obstacles(session: Session, *, open_only: bool = False) -> tuple[ObstacleRecord, ...]:
    statement = select(Obstacle).order_by(Obstacle.status, Obstacle.street)
    if open_only:
        statement = statement.where(Obstacle.status != ObstacleStatus.SOLVED)
    return tuple(_obstacle(row) for row in session.scalars(statement))


@use_case("Knelpunt bereikbaarheid melden")
def add_obstacle(
    session: Session,
    street: str,
    cause: str,
    reported_on: date,
    description: str = "",
    width_m: float | None = None,
    *,
    reuse_id: int | None = None,
) -> ObstacleRecord:
    errors = {}
    if not street.strip():
        errors["street"] = "Vul de straat of plek in."
    if cause not in CAUSES:
        errors["cause"] = f"Kies een oorzaak: {', '.join(CAUSES)}."
    if width_m is not None and not 0 < width_m < 50:
        errors["width_m"] = "Een breedte ligt tussen 0 en 50 meter."
    if errors:
        raise ValidationError(errors)
    row = Obstacle(
        id=reuse_id,
        street=street.strip(),
        cause=cause,
        reported_on=reported_on,
        description=description.strip(),
        width_m=width_m,
        status=ObstacleStatus.REPORTED,
    )
    session.add(row)
    session.flush()
    return _obstacle(row)


@use_case("Knelpunt bereikbaarheid bijwerken")
def update_obstacle(session: Session, obstacle_id: int, measure: str, status: ObstacleStatus) -> ObstacleRecord:
    row = session.get(Obstacle, obstacle_id)
    if row is None:
        raise DomainError(f"Knelpunt {obstacle_id} bestaat niet (meer).")
    row.measure, row.status = measure.strip(), status
    session.flush()
    return _obstacle(row)


@use_case("Knelpunt bereikbaarheid verwijderen")
def delete_obstacle(session: Session, obstacle_id: int) -> None:
    row = session.get(Obstacle, obstacle_id)
    if row is None:
        raise DomainError(f"Knelpunt {obstacle_id} bestaat niet (meer).")
    session.delete(row)
    session.flush()


def counts(session: Session) -> tuple[CountRecord, ...]:
    rows = session.scalars(select(ResponderCount).order_by(ResponderCount.counted_on))
    return tuple(CountRecord(r.id, r.counted_on, r.registered, r.certified, r.source) for r in rows)


@use_case("HartslagNu-telling vastleggen")
def add_count(
    session: Session,
    counted_on: date,
    registered: int,
    certified: int | None,
    source: str,
    *,
    reuse_id: int | None = None,
) -> CountRecord:
    errors = {}
    if registered < 0:
        errors["registered"] = "Het aantal aangemelde burgerhulpverleners kan niet negatief zijn."
    if certified is not None and not 0 <= certified <= registered:
        errors["certified"] = "Het aantal met een geldig certificaat ligt tussen 0 en het aantal aangemelden."
    if session.scalar(select(ResponderCount.id).where(ResponderCount.counted_on == counted_on)):
        errors["counted_on"] = "Op die datum is al een telling vastgelegd."
    if errors:
        raise ValidationError(errors)
    row = ResponderCount(
        id=reuse_id, counted_on=counted_on, registered=registered, certified=certified, source=source.strip()
    )
    session.add(row)
    session.flush()
    return CountRecord(row.id, row.counted_on, row.registered, row.certified, row.source)


@use_case("HartslagNu-telling verwijderen")
def delete_count(session: Session, count_id: int) -> None:
    row = session.get(ResponderCount, count_id)
    if row is None:
        raise DomainError(f"Telling {count_id} bestaat niet (meer).")
    session.delete(row)
    session.flush()


def targets(session: Session) -> dict[int, int]:
    return {row.year: row.target for row in session.scalars(select(ResponderTarget))}


@use_case("HartslagNu-doel vastleggen")
def set_target(session: Session, year: int, target: int | None) -> None:
    """The target number of registered responders for ``year`` (None removes it)."""
    row = session.get(ResponderTarget, year)
    if target is None:
        if row is not None:
            session.delete(row)
    elif target < 0:
        raise ValidationError({"target": "Een doel kan niet negatief zijn."})
    elif row is None:
        session.add(ResponderTarget(year=year, target=target))
    else:
        row.target = target
    session.flush()


def latest_against_target(session: Session, year: int) -> tuple[CountRecord | None, int | None]:
    """The latest count and the target of ``year``."""
    found = counts(session)
    return (found[-1] if found else None), targets(session).get(year)


def yearly_against_target(session: Session) -> tuple[tuple[int, int | None, int | None], ...]:
    """Per year with a count or a target: (year, the year's latest count or None, its target or None)."""
    latest = {count.counted_on.year: count.registered for count in counts(session)}
    goals = targets(session)
    return tuple((year, latest.get(year), goals.get(year)) for year in sorted(latest.keys() | goals.keys()))


def meetings(session: Session) -> tuple[MeetingRecord, ...]:
    rows = session.scalars(select(ResponderMeeting).order_by(ResponderMeeting.held_on))
    return tuple(MeetingRecord(r.id, r.held_on, r.subject, r.attendees) for r in rows)


@use_case("Bijeenkomst burgerhulpverleners vastleggen")
def add_meeting(session: Session, held_on: date, subject: str, attendees: int, *, reuse_id: int | None = None) -> int:
    if not subject.strip():
        raise ValidationError({"subject": "Vul het onderwerp in."})
    row = ResponderMeeting(id=reuse_id, held_on=held_on, subject=subject.strip(), attendees=max(attendees, 0))
    session.add(row)
    session.flush()
    return row.id


@use_case("Bijeenkomst burgerhulpverleners verwijderen")
def delete_meeting(session: Session, meeting_id: int) -> None:
    row = session.get(ResponderMeeting, meeting_id)
    if row is None:
        raise DomainError(f"Bijeenkomst {meeting_id} bestaat niet (meer).")
    session.delete(row)
    session.flush()


def recruitment(session: Session) -> tuple[RecruitmentRecord, ...]:
    rows = session.scalars(select(Recruitment).order_by(Recruitment.held_on))
    return tuple(RecruitmentRecord(r.id, r.held_on, r.action, r.reached, r.applied) for r in rows)


@use_case("Wervingsactie brandweer vastleggen")
def add_recruitment(
    session: Session, held_on: date, action: str, reached: int, applied: int, *, reuse_id: int | None = None
) -> int:
    if not action.strip():
        raise ValidationError({"action": "Beschrijf de actie."})
    if reached < 0 or applied < 0:
        raise ValidationError({"reached": "Aantallen kunnen niet negatief zijn."})
    row = Recruitment(id=reuse_id, held_on=held_on, action=action.strip(), reached=reached, applied=applied)
    session.add(row)
    session.flush()
    return row.id


@use_case("Wervingsactie brandweer verwijderen")
def delete_recruitment(session: Session, recruitment_id: int) -> None:
    row = session.get(Recruitment, recruitment_id)
    if row is None:
        raise DomainError(f"Wervingsactie {recruitment_id} bestaat niet (meer).")
    session.delete(row)
    session.flush()

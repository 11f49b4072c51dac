"""Emergency services: the register of streets they cannot get through, HartslagNu citizen responders over
time against the target, the meetings with them, and the recruitment of fire-brigade volunteers."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from crisisapp.errors import ValidationError
from crisisapp.models.hulpdiensten import (
    Obstacle,
    ObstacleStatus,
    Recruitment,
    ResponderCount,
    ResponderMeeting,
    ResponderTarget,
)
from crisisapp.services.commands import Command, DeleteRecord, existing

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
    version: int

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
    version: int


@dataclass(frozen=True, slots=True)
class MeetingRecord:
    id: int
    held_on: date
    subject: str
    attendees: int
    version: int


@dataclass(frozen=True, slots=True)
class RecruitmentRecord:
    id: int
    held_on: date
    action: str
    reached: int
    applied: int
    version: int


def _obstacle(row: Obstacle) -> ObstacleRecord:
    return ObstacleRecord(
        row.id,
        row.street,
        row.description,
        row.cause,
        row.width_m,
        row.reported_on,
        row.measure,
        row.status,
        row.version,
    )


def obstacles(session: Session, *, open_only: bool = False) -> tuple[ObstacleRecord, ...]:
    statement = select(Obstacle).order_by(Obstacle.status, Obstacle.street)
    if open_only:
        statement = statement.where(Obstacle.status != ObstacleStatus.SOLVED)
    return tuple(_obstacle(row) for row in session.scalars(statement))


@dataclass(frozen=True, slots=True)
class AddObstacle(Command[ObstacleRecord]):
    street: str
    cause: str
    reported_on: date
    description: str = ""
    width_m: float | None = None

    label: ClassVar[str] = "Knelpunt bereikbaarheid melden"

    def apply(self, session: Session) -> ObstacleRecord:
        errors = {}
        if not self.street.strip():
            errors["street"] = "Vul de straat of plek in."
        if self.cause not in CAUSES:
            errors["cause"] = f"Kies een oorzaak: {', '.join(CAUSES)}."
        if self.width_m is not None and not 0 < self.width_m < 50:
            errors["width_m"] = "Een breedte ligt tussen 0 en 50 meter."
        if errors:
            raise ValidationError(errors)
        row = Obstacle(
            street=self.street.strip(),
            cause=self.cause,
            reported_on=self.reported_on,
            description=self.description.strip(),
            width_m=self.width_m,
            status=ObstacleStatus.REPORTED,
        )
        session.add(row)
        session.flush()
        return _obstacle(row)


@dataclass(frozen=True, slots=True)
class UpdateObstacle(Command[ObstacleRecord]):
    obstacle_id: int
    measure: str
    status: ObstacleStatus

    label: ClassVar[str] = "Knelpunt bereikbaarheid bijwerken"

    def apply(self, session: Session) -> ObstacleRecord:
        row = existing(session, Obstacle, self.obstacle_id, "Knelpunt")
        row.measure, row.status = self.measure.strip(), self.status
        session.flush()
        return _obstacle(row)


class DeleteObstacle(DeleteRecord):
    label = "Knelpunt bereikbaarheid verwijderen"
    model = Obstacle
    what = "Knelpunt"


def counts(session: Session) -> tuple[CountRecord, ...]:
    rows = session.scalars(select(ResponderCount).order_by(ResponderCount.counted_on))
    return tuple(CountRecord(r.id, r.counted_on, r.registered, r.certified, r.source, r.version) for r in rows)


@dataclass(frozen=True, slots=True)
class AddCount(Command[CountRecord]):
    counted_on: date
    registered: int
    certified: int | None
    source: str

    label: ClassVar[str] = "HartslagNu-telling vastleggen"

    def apply(self, session: Session) -> CountRecord:
        errors = {}
        if self.registered < 0:
            errors["registered"] = "Het aantal aangemelde burgerhulpverleners kan niet negatief zijn."
        if self.certified is not None and not 0 <= self.certified <= self.registered:
            errors["certified"] = "Het aantal met een geldig certificaat ligt tussen 0 en het aantal aangemelden."
        if session.scalar(select(ResponderCount.id).where(ResponderCount.counted_on == self.counted_on)):
            errors["counted_on"] = "Op die datum is al een telling vastgelegd."
        if errors:
            raise ValidationError(errors)
        row = ResponderCount(
            counted_on=self.counted_on, registered=self.registered, certified=self.certified, source=self.source.strip()
        )
        session.add(row)
        session.flush()
        return CountRecord(row.id, row.counted_on, row.registered, row.certified, row.source, row.version)


class DeleteCount(DeleteRecord):
    label = "HartslagNu-telling verwijderen"
    model = ResponderCount
    what = "Telling"


def targets(session: Session) -> dict[int, int]:
    return _targets_of(_target_rows(session))


def _target_rows(session: Session) -> dict[int, tuple[int | None, int]]:
    """Per year with a row its target (None: cleared) and the row's version."""
    statement = select(ResponderTarget.year, ResponderTarget.target, ResponderTarget.version)
    return {year: (target, version) for year, target, version in session.execute(statement)}


def _targets_of(rows: Mapping[int, tuple[int | None, int]]) -> dict[int, int]:
    """The years that have a target, with it: a year whose target was cleared has none."""
    return {year: target for year, (target, _version) in rows.items() if target is not None}


@dataclass(frozen=True, slots=True)
class SetTarget(Command[None]):
    """The target number of registered responders for ``year`` (None clears it: the year's row stays, without a
    target, so that its version counts on; see ``ResponderTarget.target``)."""

    year: int
    target: int | None

    label: ClassVar[str] = "HartslagNu-doel vastleggen"

    def apply(self, session: Session) -> None:
        if self.target is not None and self.target < 0:
            raise ValidationError({"target": "Een doel kan niet negatief zijn."})
        row = session.get(ResponderTarget, self.year)
        if row is None:
            if self.target is not None:  # clearing a target never set leaves nothing to keep
                session.add(ResponderTarget(year=self.year, target=self.target))
        else:
            row.target = self.target


def latest_against_target(session: Session, year: int) -> tuple[CountRecord | None, int | None]:
    """The latest count and the target of ``year``."""
    found = counts(session)
    return (found[-1] if found else None), targets(session).get(year)


def yearly_against_target(session: Session) -> tuple[tuple[int, int | None, int | None], ...]:
    """Per year with a count or a target: (year, the year's latest count or None, its target or None)."""
    return _yearly(counts(session), targets(session))


def _yearly(found: Sequence[CountRecord], goals: Mapping[int, int]) -> tuple[tuple[int, int | None, int | None], ...]:
    latest = {count.counted_on.year: count.registered for count in found}
    return tuple((year, latest.get(year), goals.get(year)) for year in sorted(latest.keys() | goals.keys()))


def meetings(session: Session) -> tuple[MeetingRecord, ...]:
    rows = session.scalars(select(ResponderMeeting).order_by(ResponderMeeting.held_on))
    return tuple(MeetingRecord(r.id, r.held_on, r.subject, r.attendees, r.version) for r in rows)


@dataclass(frozen=True, slots=True)
class AddMeeting(Command[int]):
    held_on: date
    subject: str
    attendees: int

    label: ClassVar[str] = "Bijeenkomst burgerhulpverleners vastleggen"

    def apply(self, session: Session) -> int:
        if not self.subject.strip():
            raise ValidationError({"subject": "Vul het onderwerp in."})
        row = ResponderMeeting(held_on=self.held_on, subject=self.subject.strip(), attendees=max(self.attendees, 0))
        session.add(row)
        session.flush()
        return row.id


class DeleteMeeting(DeleteRecord):
    label = "Bijeenkomst burgerhulpverleners verwijderen"
    model = ResponderMeeting
    what = "Bijeenkomst"


def recruitment(session: Session) -> tuple[RecruitmentRecord, ...]:
    rows = session.scalars(select(Recruitment).order_by(Recruitment.held_on))
    return tuple(RecruitmentRecord(r.id, r.held_on, r.action, r.reached, r.applied, r.version) for r in rows)


@dataclass(frozen=True, slots=True)
class AddRecruitment(Command[int]):
    held_on: date
    action: str
    reached: int
    applied: int

    label: ClassVar[str] = "Wervingsactie brandweer vastleggen"

    def apply(self, session: Session) -> int:
        if not self.action.strip():
            raise ValidationError({"action": "Beschrijf de actie."})
        if self.reached < 0 or self.applied < 0:
            raise ValidationError({"reached": "Aantallen kunnen niet negatief zijn."})
        row = Recruitment(held_on=self.held_on, action=self.action.strip(), reached=self.reached, applied=self.applied)
        session.add(row)
        session.flush()
        return row.id


class DeleteRecruitment(DeleteRecord):
    label = "Wervingsactie brandweer verwijderen"
    model = Recruitment
    what = "Wervingsactie"


@dataclass(frozen=True, slots=True)
class Overview:
    """Everything the Hulpdiensten page shows, read at once: the obstacles, the HartslagNu counts (oldest first),
    the meetings, the recruitment, the targets per year and each year's latest count against its target."""

    obstacles: tuple[ObstacleRecord, ...]
    counts: tuple[CountRecord, ...]
    meetings: tuple[MeetingRecord, ...]
    recruitment: tuple[RecruitmentRecord, ...]
    target_rows: dict[int, tuple[int | None, int]]  # per year with a row its target (None: cleared) and version
    yearly: tuple[tuple[int, int | None, int | None], ...]

    @property
    def targets(self) -> dict[int, int]:
        return _targets_of(self.target_rows)


def overview(session: Session) -> Overview:
    """The Hulpdiensten page's data in one read (see :class:`Overview`)."""
    found, rows = counts(session), _target_rows(session)
    return Overview(
        obstacles(session), found, meetings(session), recruitment(session), rows, _yearly(found, _targets_of(rows))
    )

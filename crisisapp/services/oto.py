"""OTO: the year's exercises planned, drills run and measured against their norms, evaluations, readiness.

An unannounced activity's date and time never leave the coordinator's view: everything participants see
shows its quarter only (:func:`when_text`).
Every edit is a command (:mod:`crisisapp.services.commands`); the readiness records an executed activity
gives its participants are kept in step by the commands that change who took part.
"""

import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import ClassVar, Protocol

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from crisisapp.dutch import number
from crisisapp.errors import DomainError, ValidationError
from crisisapp.models.organisation import Attendance, Person
from crisisapp.models.oto import (
    KIND_LABELS,
    Activity,
    ActivityKind,
    ActivityStatus,
    Finding,
    KindNorm,
    Participant,
    Presence,
)
from crisisapp.services import evaluation, organisation, versions
from crisisapp.services.commands import Command, DeleteRecord, existing
from crisisapp.services.evaluation import FindingRecord as FindingRecord
from crisisapp.storage.ownership import own_municipality
from crisisapp.timeutil import AMSTERDAM, format_date, format_datetime, format_duration, to_local, utcnow

TABLES = frozenset(t.__tablename__ for t in (KindNorm, Activity, Participant, Finding))
DRILLS = (ActivityKind.ALARMERING, ActivityKind.OPKOMST)
#: The statuses of an activity that took place: its participants' attendance is on record.
EXECUTED = (ActivityStatus.DONE, ActivityStatus.EVALUATED)
QUARTERS = ("1e", "2e", "3e", "4e")


# -- records ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NormRecord:
    kind: ActivityKind
    acknowledge_minutes: int | None
    arrival_minutes: int | None
    unannounced: bool
    yearly_target: int
    #: The stored norm's version as a read found it; None where none is stored (the defaults), and in a norm
    #: as the user typed it.
    version: int | None = None

    @property
    def id(self) -> ActivityKind:
        """The key of its row: a kind has one norm."""
        return self.kind


@dataclass(frozen=True, slots=True)
class ActivityInput:
    kind: ActivityKind
    title: str
    start: datetime
    duration_minutes: int = 120
    location: str = ""
    partners: str = ""
    unannounced: bool = False
    notes: str = ""


@dataclass(frozen=True, slots=True)
class ActivityRecord:
    id: int
    kind: ActivityKind
    title: str
    start: datetime
    duration_minutes: int
    location: str
    partners: str
    unannounced: bool
    status: ActivityStatus
    alarm_at: datetime | None
    notes: str
    participants: int
    version: int
    #: Whose activity it is: only that municipality's medewerkers change it (on a server database).
    municipality: str


@dataclass(frozen=True, slots=True)
class ParticipantRecord:
    id: int
    person_id: int
    name: str
    municipality: str
    presence: Presence
    acknowledged_at: datetime | None
    arrived_at: datetime | None
    version: int


@dataclass(frozen=True, slots=True)
class Figures:
    """Response figures of a group of participants against a norm."""

    invited: int
    excused: int
    absent: int
    responded: int
    within_norm: int
    median_minutes: float | None
    slowest_minutes: float | None

    @property
    def expected(self) -> int:
        return self.invited - self.excused

    @property
    def response_rate(self) -> float:
        return self.responded / self.expected if self.expected else 0.0

    def texts(self) -> tuple[str, ...]:
        """The figures as the results table and the oefenverslag show them, after the group's name."""
        return (
            number(self.invited),
            number(self.excused),
            number(self.absent),
            f"{number(self.responded)} ({round(100 * self.response_rate)}%)",
            number(self.within_norm),
            format_duration(self.median_minutes),
            format_duration(self.slowest_minutes),
        )


@dataclass(frozen=True, slots=True)
class DrillResult:
    activity: ActivityRecord
    norm_minutes: int | None
    measured: str  # "reactie" or "opkomst"
    total: Figures
    by_team: tuple[tuple[str, Figures], ...]
    by_function: tuple[tuple[str, Figures], ...]


# -- showing dates ------------------------------------------------------------------------------------------------


def quarter_text(moment: datetime) -> str:
    local = to_local(moment)
    return f"{QUARTERS[(local.month - 1) // 3]} kwartaal {local.year}"


def when_text(activity: ActivityRecord, *, internal: bool) -> str:
    """The date and time, or for an unannounced activity outside the coordinator's view its quarter only."""
    if activity.unannounced and not internal:
        return f"{quarter_text(activity.start)}, onaangekondigd"
    return format_datetime(activity.start)


def shown_start(activity: ActivityRecord, *, internal: bool) -> datetime:
    """When the activity's viewers see it begin: for an unannounced activity outside the coordinator's view the
    first moment of its quarter, so that neither the order of a list nor a filter on time dates it."""
    if activity.unannounced and not internal:
        return _midnight(quarter_bounds(activity.start)[0])
    return activity.start


def shown_until(activity: ActivityRecord, *, internal: bool) -> datetime:
    """Until when the activity is "coming" for its viewers: its start, or for an unannounced activity outside
    the coordinator's view the end of its quarter (it stays listed through it, started or not)."""
    if activity.unannounced and not internal:
        return _midnight(quarter_bounds(activity.start)[1])
    return activity.start


def _midnight(day: date) -> datetime:
    """The first moment of ``day`` in Dutch time, as UTC."""
    return datetime(day.year, day.month, day.day, tzinfo=AMSTERDAM).astimezone(UTC)


def in_view_order(activities: Sequence[ActivityRecord], *, internal: bool) -> tuple[ActivityRecord, ...]:
    """The activities in the order their viewers may see: by :func:`shown_start`, then by number."""
    return tuple(sorted(activities, key=lambda a: (shown_start(a, internal=internal), a.id)))


# -- norms ----------------------------------------------------------------------------------------------------------


def norms(session: Session) -> dict[ActivityKind, NormRecord]:
    found = {
        row.kind: NormRecord(
            row.kind, row.acknowledge_minutes, row.arrival_minutes, row.unannounced, row.yearly_target, row.version
        )
        for row in session.scalars(select(KindNorm))
    }
    return {kind: found.get(kind, NormRecord(kind, None, None, False, 0)) for kind in ActivityKind}


@dataclass(frozen=True, slots=True)
class SetNorm(Command[NormRecord]):
    """The norms and the yearly target of one kind of activity."""

    norm: NormRecord

    label: ClassVar[str] = "OTO-norm wijzigen"

    def apply(self, session: Session) -> NormRecord:
        norm = self.norm
        errors = {}
        for key, value in (
            ("acknowledge_minutes", norm.acknowledge_minutes),
            ("arrival_minutes", norm.arrival_minutes),
        ):
            if value is not None and not 1 <= value <= 24 * 60:
                errors[key] = "Een norm is 1 tot en met 1440 minuten."
        if not 0 <= norm.yearly_target <= 52:
            errors["yearly_target"] = "Een doel is 0 tot en met 52 per jaar."
        if errors:
            raise ValidationError(errors)
        row = session.get(KindNorm, norm.kind) or KindNorm(kind=norm.kind)
        row.acknowledge_minutes, row.arrival_minutes = norm.acknowledge_minutes, norm.arrival_minutes
        row.unannounced, row.yearly_target = norm.unannounced, norm.yearly_target
        session.add(row)
        return norm


# -- activities -------------------------------------------------------------------------------------------------------


def _record(row: Activity, participants: int | None = None) -> ActivityRecord:
    """``row`` as a record; ``participants`` is its number of participants when a list counted them in its query."""
    return ActivityRecord(
        row.id,
        row.kind,
        row.title,
        row.start,
        row.duration_minutes,
        row.location,
        row.partners,
        row.unannounced,
        row.status,
        row.alarm_at,
        row.notes,
        len(row.participants) if participants is None else participants,
        row.version,
        row.municipality,
    )


def _activity(session: Session, activity_id: int) -> Activity:
    return existing(session, Activity, activity_id, "Activiteit")


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    """New Year to New Year in Dutch time, as UTC."""
    return datetime(year, 1, 1, tzinfo=AMSTERDAM).astimezone(UTC), datetime(
        year + 1, 1, 1, tzinfo=AMSTERDAM
    ).astimezone(UTC)


def list_activities(
    session: Session, year: int | None = None, *, until_year: int | None = None
) -> tuple[ActivityRecord, ...]:
    """The activities of ``year`` (through ``until_year`` when given), or of every year, in date order."""
    statement = _with_participant_counts()
    if year is not None:
        start, _ = _year_bounds(year)
        _, end = _year_bounds(year if until_year is None else until_year)
        statement = statement.where(Activity.start >= start, Activity.start < end)
    return tuple(_record(row, participants) for row, participants in session.execute(statement))


def _with_participant_counts() -> "Select[Activity, int]":
    """Activities in date order, each with its number of participants counted in the same query."""
    counts = select(Participant.activity_id, func.count().label("n")).group_by(Participant.activity_id).subquery()
    return (
        select(Activity, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.activity_id == Activity.id)
        .order_by(Activity.start, Activity.id)
    )


def planned_from(session: Session, since: datetime, whose: str | None = None) -> tuple[ActivityRecord, ...]:
    """The planned activities that start from ``since`` (of ``whose`` only, given a municipality), in date order:
    what may still be coming, without the years of activities held (Vandaag)."""
    statement = _with_participant_counts().where(Activity.status == ActivityStatus.PLANNED, Activity.start >= since)
    if whose is not None:
        statement = statement.where(Activity.municipality == whose)
    return tuple(_record(row, participants) for row, participants in session.execute(statement))


def get_activity(session: Session, activity_id: int) -> ActivityRecord:
    return _record(_activity(session, activity_id))


def _validate(data: ActivityInput) -> None:
    errors = {}
    if not data.title.strip():
        errors["title"] = "Geef de activiteit een titel."
    if not 5 <= data.duration_minutes <= 7 * 24 * 60:
        errors["duration_minutes"] = "De duur is 5 minuten tot een week."
    if errors:
        raise ValidationError(errors)


def _apply(row: Activity, data: ActivityInput) -> None:
    row.kind, row.title, row.start = data.kind, data.title.strip(), data.start
    row.duration_minutes, row.location, row.partners = (
        data.duration_minutes,
        data.location.strip(),
        data.partners.strip(),
    )
    row.unannounced, row.notes = data.unannounced, data.notes.strip()


@dataclass(frozen=True, slots=True)
class PlanActivity(Command[ActivityRecord]):
    data: ActivityInput

    label: ClassVar[str] = "OTO-activiteit plannen"

    def apply(self, session: Session) -> ActivityRecord:
        _validate(self.data)
        row = Activity(status=ActivityStatus.PLANNED, municipality=own_municipality(session))
        _apply(row, self.data)
        session.add(row)
        session.flush()
        return _record(row)


@dataclass(frozen=True, slots=True)
class UpdateActivity(Command[ActivityRecord]):
    activity_id: int
    data: ActivityInput

    label: ClassVar[str] = "OTO-activiteit wijzigen"

    def apply(self, session: Session) -> ActivityRecord:
        _validate(self.data)
        row = _activity(session, self.activity_id)
        _apply(row, self.data)
        _write_attendance(session, row)  # an executed activity moved to another day or kind
        return _record(row)


@dataclass(frozen=True, slots=True)
class DeleteActivity(Command[None]):
    """Remove a planned activity without results, with its participants and findings; an activity with results
    is cancelled instead, so its figures stay."""

    activity_id: int

    label: ClassVar[str] = "OTO-activiteit verwijderen"

    def apply(self, session: Session) -> None:
        row = _activity(session, self.activity_id)
        if row.status is not ActivityStatus.PLANNED or row.alarm_at is not None:
            raise DomainError(
                f"{row.title} heeft al resultaten; annuleer de activiteit in plaats van haar te verwijderen."
            )
        for finding in session.scalars(select(Finding).where(Finding.activity_id == row.id)):
            session.delete(finding)
        session.delete(row)


def execution_moment(alarm_at: datetime | None, now: datetime) -> datetime:
    """When an activity marked executed at ``now`` really took place: its alarm, if that has gone, else now."""
    moment = alarm_at if alarm_at is not None and alarm_at <= now else now
    return moment.replace(second=0, microsecond=0)  # an activity starts on a whole minute, as the form enters it


@dataclass(frozen=True, slots=True)
class SetActivityStatus(Command[ActivityRecord]):
    """Executed (or evaluated) puts the participants' attendance on record for readiness; any other status
    takes it off again.

    ``now`` is when the status is given: an activity cannot have taken place after that, so one planned later
    moves to when it really did (:func:`execution_moment`), and its attendance falls on that day, not on the
    planned one. Without ``now`` the activity keeps its date.
    """

    activity_id: int
    status: ActivityStatus
    now: datetime | None = None

    label: ClassVar[str] = "OTO-status wijzigen"

    def title(self) -> str:
        return f"{self.label}: {self.status.value}"

    def apply(self, session: Session) -> ActivityRecord:
        row = _activity(session, self.activity_id)
        row.status = self.status
        if self.status in EXECUTED and self.now is not None and row.start > self.now:
            row.start = execution_moment(row.alarm_at, self.now)
        _write_attendance(session, row)
        return _record(row)


def attendance_source(activity_id: int) -> str:
    return f"OTO-activiteit {activity_id}"


def _write_attendance(session: Session, row: Activity) -> None:
    """Bring the readiness records of an activity in line with it: one per participant who took part in an
    executed one, none otherwise. Records that stay valid are kept, so the audit trail names only who changed."""
    took_part: set[int] = set()
    if row.status in EXECUTED:
        took_part = {
            p.person_id
            for p in row.participants
            if p.presence is Presence.RESPONDED or (row.kind not in DRILLS and p.presence is Presence.EXPECTED)
        }
    day = to_local(row.start).date()
    source = attendance_source(row.id)
    kept: set[int] = set()
    for old in session.scalars(select(Attendance).where(Attendance.source == source).order_by(Attendance.id)):
        if old.person_id in took_part and old.person_id not in kept:
            old.kind, old.day = row.kind, day
            kept.add(old.person_id)
        else:
            session.delete(old)
    now = utcnow()
    for person in sorted(took_part - kept):
        session.add(Attendance(person_id=person, kind=row.kind, day=day, source=source, recorded_at=now))


# -- participants and the drill ---------------------------------------------------------------------------------------


def participants(session: Session, activity_id: int) -> tuple[ParticipantRecord, ...]:
    """Who was invited to an activity and how they responded, by name: one query with their names (and, for those
    the user may not see, a stand-in: they count in the drill's figures all the same)."""
    _activity(session, activity_id)  # one that is gone is said so
    rows = session.execute(
        select(
            Participant.id,
            Participant.person_id,
            Person.name,
            Person.municipality,
            Participant.presence,
            Participant.acknowledged_at,
            Participant.arrived_at,
            Participant.version,
        )
        .outerjoin(Person, Person.id == Participant.person_id)
        .where(Participant.activity_id == activity_id)
    ).all()
    unseen = [row.person_id for row in rows if row.name is None]
    stand_ins = organisation.people_by_id(session, (), unseen, include_archived=True) if unseen else {}
    records = []
    for row in rows:
        stand_in = stand_ins.get(row.person_id)
        name, municipality = (stand_in.name, stand_in.municipality) if stand_in else (row.name, row.municipality)
        records.append(
            ParticipantRecord(
                row.id,
                row.person_id,
                name,
                municipality,
                row.presence,
                row.acknowledged_at,
                row.arrived_at,
                row.version,
            )
        )
    return tuple(sorted(records, key=lambda p: p.name))


def drill(session: Session, activity_id: int) -> tuple[ActivityRecord, tuple[ParticipantRecord, ...]]:
    """What the live drill shows, read together: the activity (its alarm) and its participants."""
    return get_activity(session, activity_id), participants(session, activity_id)


def people_of(session: Session, *, team_id: int | None = None, function_id: int | None = None, on: date) -> list[int]:
    """Who holds a function of the team (or the function) on ``on``: a quick way to invite a group."""
    view = organisation.overview(session, on)
    return sorted(
        {
            holder.person.id
            for staffing in view.staffing
            if (team_id is None or staffing.function.team_id == team_id)
            and (function_id is None or staffing.function.id == function_id)
            for holder in staffing.holders
            if not holder.person.hidden  # whom the user may not see, they cannot invite
        }
    )


@dataclass(frozen=True, slots=True)
class InviteParticipants(Command[tuple[int, ...]]):
    """Invite people (those already invited are skipped); the result is who was added."""

    activity_id: int
    person_ids: tuple[int, ...]

    label: ClassVar[str] = "OTO-deelnemers toevoegen"

    def apply(self, session: Session) -> tuple[int, ...]:
        row = _activity(session, self.activity_id)
        present = {p.person_id for p in row.participants}
        added = tuple(person for person in dict.fromkeys(self.person_ids) if person not in present)
        for person in added:
            organisation.get_person(session, person)
            row.participants.append(Participant(person_id=person, presence=Presence.EXPECTED))
        _write_attendance(session, row)  # an invitee counts as taking part in an executed training
        return added


@dataclass(frozen=True, slots=True)
class RemoveParticipants(Command[None]):
    activity_id: int
    person_ids: tuple[int, ...]

    label: ClassVar[str] = "OTO-deelnemers verwijderen"

    def apply(self, session: Session) -> None:
        row = _activity(session, self.activity_id)
        gone = set(self.person_ids)
        for participant in list(row.participants):
            if participant.person_id in gone:
                row.participants.remove(participant)
        _write_attendance(session, row)


@dataclass(frozen=True, slots=True)
class StartAlarm(Command[ActivityRecord]):
    """Start the drill's clock, or correct when it started: reactions count from ``at``, which therefore lies
    before every reaction and arrival already recorded."""

    activity_id: int
    at: datetime

    label: ClassVar[str] = "Alarm verstuurd"

    def apply(self, session: Session) -> ActivityRecord:
        row = _activity(session, self.activity_id)
        recorded = [m for p in row.participants for m in (p.acknowledged_at, p.arrived_at) if m is not None]
        if recorded and min(recorded) < self.at:
            first = to_local(min(recorded))
            raise ValidationError(
                {
                    "alarm_at": f"Het alarm kan niet na de eerste reactie liggen ({format_date(first.date())} "
                    f"{first:%H:%M:%S}); neem die eerst terug of corrigeer haar tijd."
                }
            )
        row.alarm_at = self.at
        return _record(row)


@dataclass(frozen=True, slots=True)
class CorrectAlarmTime(StartAlarm):
    """Correct when the drill's alarm went out (it did already): another action than sending it, so it has its
    own name in the undo list and the Logboek."""

    label: ClassVar[str] = "Alarmtijd gecorrigeerd"

    def apply(self, session: Session) -> ActivityRecord:
        if _activity(session, self.activity_id).alarm_at is None:
            raise DomainError("Het alarm is nog niet verstuurd; er is geen alarmtijd om te corrigeren.")
        return StartAlarm.apply(self, session)


def _participant(row: Activity, person_id: int) -> Participant:
    for participant in row.participants:
        if participant.person_id == person_id:
            return participant
    raise DomainError("Deze persoon is niet uitgenodigd voor de activiteit.")


@dataclass(frozen=True, slots=True)
class SetResponse(Command[ParticipantRecord]):
    """Record (or correct) how a participant responded; expected, absent and excused carry no times."""

    activity_id: int
    person_id: int
    presence: Presence
    acknowledged_at: datetime | None = None
    arrived_at: datetime | None = None

    label: ClassVar[str] = "Reactie of opkomst vastleggen"

    def apply(self, session: Session) -> ParticipantRecord:
        row = _activity(session, self.activity_id)
        participant = _participant(row, self.person_id)
        acknowledged_at, arrived_at = self.acknowledged_at, self.arrived_at
        if self.presence is not Presence.RESPONDED:
            acknowledged_at = arrived_at = None
        elif acknowledged_at is None and arrived_at is None:
            raise ValidationError({"acknowledged_at": "Vul de tijd van de reactie of de aankomst in."})
        _not_before_alarm(row, acknowledged_at, arrived_at)
        participant.presence = self.presence
        participant.acknowledged_at, participant.arrived_at = acknowledged_at, arrived_at
        return _responded(session, row, participant)


@dataclass(frozen=True, slots=True)
class RecordTime(Command[ParticipantRecord]):
    """In the live drill: record, correct or take back (``at`` None) one time of a participant, the reaction or
    (``arrival``) the arrival, and nothing else. Two coordinators, one taking the reactions by phone and one the
    arrivals at the door, so never wipe each other's. ``shown``: that time as the drill showed it (None: none yet);
    when someone else changed it since, the command is refused, naming who. The presence follows from the times the
    participant then has: responded with either, expected with neither."""

    activity_id: int
    person_id: int
    arrival: bool
    at: datetime | None
    shown: datetime | None

    label: ClassVar[str] = "Reactie of opkomst vastleggen"

    def apply(self, session: Session) -> ParticipantRecord:
        row = _activity(session, self.activity_id)
        participant = _participant(row, self.person_id)
        column = "arrived_at" if self.arrival else "acknowledged_at"
        name = organisation.get_person(session, self.person_id).name
        what = f"De {'aankomst' if self.arrival else 'reactie'} van {name}"
        versions.check_field(session, Participant.__tablename__, (participant.id,), column, self.shown, what)
        _not_before_alarm(row, self.at)
        setattr(participant, column, self.at)
        responded = participant.acknowledged_at is not None or participant.arrived_at is not None
        participant.presence = Presence.RESPONDED if responded else Presence.EXPECTED
        return _responded(session, row, participant)


def _not_before_alarm(row: Activity, *moments: datetime | None) -> None:
    if row.alarm_at is not None and any(moment is not None and moment < row.alarm_at for moment in moments):
        raise ValidationError(
            {"acknowledged_at": f"Een tijd vóór het alarm ({format_datetime(row.alarm_at)}) kan niet."}
        )


def _responded(session: Session, row: Activity, participant: Participant) -> ParticipantRecord:
    """The participant as a response left them, their activity's attendance brought in line."""
    _write_attendance(session, row)
    session.flush()  # the participant's new version, for the record
    person = organisation.get_person(session, participant.person_id)
    return ParticipantRecord(
        participant.id,
        participant.person_id,
        person.name,
        person.municipality,
        participant.presence,
        participant.acknowledged_at,
        participant.arrived_at,
        participant.version,
    )


# -- results ----------------------------------------------------------------------------------------------------


class Response(Protocol):
    """How a participant answered: a participant's record, or its row."""

    @property
    def presence(self) -> Presence: ...
    @property
    def acknowledged_at(self) -> datetime | None: ...
    @property
    def arrived_at(self) -> datetime | None: ...


def measured_moment(participant: Response, arrival: bool) -> datetime | None:
    """The moment a drill measures of a participant: the arrival (turn-out drills) or the first sign of life."""
    if participant.presence is not Presence.RESPONDED:
        return None
    return participant.arrived_at if arrival else (participant.acknowledged_at or participant.arrived_at)


def _figures(rows: Sequence[Response], alarm_at: datetime | None, norm: int | None, arrival: bool) -> Figures:
    minutes = []
    for p in rows:
        moment = measured_moment(p, arrival)
        if moment is not None and alarm_at is not None:
            minutes.append((moment - alarm_at) / timedelta(minutes=1))
    responded = sum(1 for p in rows if p.presence is Presence.RESPONDED)
    return Figures(
        invited=len(rows),
        excused=sum(1 for p in rows if p.presence is Presence.EXCUSED),
        absent=sum(1 for p in rows if p.presence is Presence.ABSENT),
        responded=responded,
        within_norm=sum(1 for m in minutes if norm is not None and m <= norm),
        median_minutes=statistics.median(minutes) if minutes else None,
        slowest_minutes=max(minutes) if minutes else None,
    )


def _measure(norm: NormRecord) -> tuple[int | None, bool]:
    """What a drill of the norm's kind measures: (the norm in minutes, whether it is the arrival)."""
    arrival = norm.kind is ActivityKind.OPKOMST
    return (norm.arrival_minutes if arrival else norm.acknowledge_minutes), arrival


def totals(session: Session, activities: Sequence[ActivityRecord]) -> dict[int, Figures]:
    """Each activity's figures in total against its kind's norm, from one query of all their participants (a
    year's trend, the council's figures), whatever their number."""
    found = norms(session)
    responses: dict[int, list[Response]] = {activity.id: [] for activity in activities}
    if responses:
        columns = (Participant.activity_id, Participant.presence, Participant.acknowledged_at, Participant.arrived_at)
        for row in session.execute(select(*columns).where(Participant.activity_id.in_(responses))):
            responses[row.activity_id].append(row)
    return {
        activity.id: _figures(responses[activity.id], activity.alarm_at, *_measure(found[activity.kind]))
        for activity in activities
    }


def results(session: Session, activity_id: int) -> DrillResult:
    """Response rate, within norm, median and slowest, in total and per team and function."""
    return _results(session, activity_id, participants(session, activity_id))


def _results(session: Session, activity_id: int, rows: Sequence[ParticipantRecord]) -> DrillResult:
    activity = _record(_activity(session, activity_id), len(rows))
    norm_minutes, arrival = _measure(norms(session)[activity.kind])
    teams: dict[str, list[ParticipantRecord]] = defaultdict(list)
    functions: dict[str, list[ParticipantRecord]] = defaultdict(list)
    by_person = {p.person_id: p for p in rows}
    for person, team, function in organisation.functions_held(session, by_person, to_local(activity.start).date()):
        teams[team].append(by_person[person])
        functions[function].append(by_person[person])
    return DrillResult(
        activity,
        norm_minutes,
        "opkomst" if arrival else "reactie",
        _figures(rows, activity.alarm_at, norm_minutes, arrival),
        tuple(
            (team, _figures(list(dict.fromkeys(ps)), activity.alarm_at, norm_minutes, arrival))
            for team, ps in teams.items()
        ),
        tuple((name, _figures(ps, activity.alarm_at, norm_minutes, arrival)) for name, ps in functions.items()),
    )


@dataclass(frozen=True, slots=True)
class YearFigures:
    year: int
    held: int
    response_rate: float | None
    within_norm_rate: float | None


def trend(session: Session, kind: ActivityKind, years: Sequence[int]) -> tuple[YearFigures, ...]:
    """Per year the executed drills of ``kind`` and their average response and within-norm rates."""
    activities = list_activities(session, min(years), until_year=max(years)) if years else ()
    drills = [a for a in activities if a.kind is kind and a.status in EXECUTED]
    counted = totals(session, drills)
    figures = []
    for year in years:
        held = [a for a in drills if to_local(a.start).year == year]
        rates, within = [], []
        for activity in held:
            total = counted[activity.id]
            if total.expected:
                rates.append(total.response_rate)
                within.append(total.within_norm / total.expected)
        figures.append(
            YearFigures(
                year, len(held), statistics.mean(rates) if rates else None, statistics.mean(within) if within else None
            )
        )
    return tuple(figures)


def progress(session: Session, year: int) -> dict[ActivityKind, tuple[int, int, int]]:
    """Per kind: (executed, planned, target) for ``year``; cancelled activities do not count."""
    return _progress(list_activities(session, year), norms(session))


def _progress(
    activities: Sequence[ActivityRecord], targets: Mapping[ActivityKind, NormRecord]
) -> dict[ActivityKind, tuple[int, int, int]]:
    counts: dict[ActivityKind, list[int]] = {kind: [0, 0] for kind in ActivityKind}
    for activity in activities:
        if activity.status is ActivityStatus.CANCELLED:
            continue
        counts[activity.kind][0 if activity.status is not ActivityStatus.PLANNED else 1] += 1
    return {kind: (done, planned, targets[kind].yearly_target) for kind, (done, planned) in counts.items()}


# -- evaluation -------------------------------------------------------------------------------------------------


class AddFinding(evaluation.AddFinding):
    label = "Bevinding of actiepunt toevoegen"
    of = evaluation.ACTIVITIES


class SetFindingStatus(evaluation.SetFindingStatus):
    label = "Actiepunt bijwerken"
    of = evaluation.ACTIVITIES


class DeleteFinding(DeleteRecord):
    label = "Bevinding verwijderen"
    model = Finding
    what = "Bevinding"


def findings(
    session: Session, activity_id: int | None = None, *, open_actions_only: bool = False, whose: str | None = None
) -> tuple[FindingRecord, ...]:
    return evaluation.findings(
        session, evaluation.ACTIVITIES, activity_id, open_actions_only=open_actions_only, whose=whose
    )


@dataclass(frozen=True, slots=True)
class ActivityDetail:
    """What the OTO page shows of one activity: who took part, the results, the findings."""

    participants: tuple[ParticipantRecord, ...]
    result: DrillResult
    findings: tuple[FindingRecord, ...]


def activity_detail(session: Session, activity_id: int) -> ActivityDetail:
    """The participants, results and findings of one activity, in a fixed number of queries."""
    rows = participants(session, activity_id)
    return ActivityDetail(rows, _results(session, activity_id, rows), findings(session, activity_id))


@dataclass(frozen=True, slots=True)
class PlanView:
    """Everything the OTO page shows, read at once: the year's activities with the progress against the targets,
    the norms, the detail of the activity selected (None when there was none or it is gone), every open action
    point and the trend of five years of one kind."""

    activities: tuple[ActivityRecord, ...]
    progress: dict[ActivityKind, tuple[int, int, int]]
    norms: dict[ActivityKind, NormRecord]
    detail: ActivityDetail | None
    open_findings: tuple[FindingRecord, ...]
    trend: tuple[YearFigures, ...]


def plan_view(
    session: Session, year: int, activity_id: int | None, trend_kind: ActivityKind, trend_years: Sequence[int]
) -> PlanView:
    """The OTO page's data in one read (see :class:`PlanView`), in a fixed number of queries."""
    activities = list_activities(session, year)
    targets = norms(session)
    shown = next((a for a in activities if a.id == activity_id), None)
    detail = activity_detail(session, shown.id) if shown else None
    return PlanView(
        activities,
        _progress(activities, targets),
        targets,
        detail,
        findings(session, open_actions_only=True),
        trend(session, trend_kind, trend_years),
    )


def quarter_bounds(moment: datetime) -> tuple[date, date]:
    """The first day of the quarter of ``moment`` (local) and the first day of the next."""
    local = to_local(moment)
    first_month = (local.month - 1) // 3 * 3 + 1
    start = date(local.year, first_month, 1)
    end = date(local.year + (first_month + 3 > 12), (first_month + 2) % 12 + 1, 1)
    return start, end


def export_ics(session: Session, year: int) -> bytes:
    """The year plan as iCalendar for participants: an unannounced activity spans its whole quarter, without
    its date, time or location."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//Gemeente Maassluis//CrisisApp OTO//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"OTO-jaarplan {year}")
    stamp = utcnow().replace(microsecond=0)
    for activity in in_view_order(list_activities(session, year), internal=False):
        if activity.status is ActivityStatus.CANCELLED:
            continue
        event = Event()
        event.add("uid", f"oto-{activity.id}@crisisapp.maassluis.nl")
        event.add("dtstamp", stamp)
        label = KIND_LABELS[activity.kind]
        if activity.unannounced:
            first, after = quarter_bounds(activity.start)
            event.add("dtstart", first)
            event.add("dtend", after)
            event.add("summary", f"{label} ({quarter_text(activity.start)}, onaangekondigd)")
        else:
            # in UTC, as the piket's export: every client reads it alike (see piket_files.export_ics)
            event.add("dtstart", activity.start.astimezone(UTC))
            event.add("dtend", (activity.start + timedelta(minutes=activity.duration_minutes)).astimezone(UTC))
            event.add("summary", f"{activity.title} ({label})")
            if activity.location:
                event.add("location", activity.location)
        calendar.add_component(event)
    return bytes(calendar.to_ical())

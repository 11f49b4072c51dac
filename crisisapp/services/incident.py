"""Incidents: the OvD-Bz's first hours, run and recorded offline.

Every entry, call outcome and GRIP change is its own command, committed the moment it is made. The log is
append-only: no command edits or deletes a log entry; a correction is a new entry naming the one it corrects,
which stays readable. The alarm board is the piket's alarm list (:func:`piket.alarm_list`) at the moment of the
alert with the calls made on it; times are measured against the OTO norms (reaction and turn-out).
"""

import csv
import io
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import ClassVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crisisapp.errors import DomainError, ValidationError
from crisisapp.models.incident import (
    Call,
    CallOutcome,
    EntryKind,
    GripChange,
    Incident,
    IncidentAction,
    IncidentFinding,
    LogEntry,
    Meeting,
    MeetingKind,
)
from crisisapp.models.organisation import CrisisFunction
from crisisapp.models.oto import ActionStatus, ActivityKind
from crisisapp.services import evaluation, glance, organisation, oto, piket
from crisisapp.services.commands import Command, DeleteRecord, existing
from crisisapp.services.evaluation import OPEN_STATUSES
from crisisapp.services.evaluation import FindingRecord as FindingRecord
from crisisapp.services.glance import elapsed as elapsed
from crisisapp.services.organisation import FunctionRecord, PersonRecord
from crisisapp.storage.audit import USER_KEY, current_user
from crisisapp.storage.locks import in_turn
from crisisapp.storage.ownership import own_municipality
from crisisapp.storage.roles import Owned
from crisisapp.timeutil import format_datetime, to_local

TABLES = frozenset(
    t.__tablename__ for t in (Incident, GripChange, LogEntry, IncidentAction, Call, Meeting, IncidentFinding)
)
GRIP_LEVELS = range(0, 5)
#: The OTO norms when none are set: reached within 15 minutes, present within 60.
DEFAULT_REACH_NORM, DEFAULT_ARRIVAL_NORM = 15, 60
ENTRY_KIND_LABELS = {kind: kind.value for kind in EntryKind}


# -- records ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IncidentInput:
    title: str
    location: str
    grip: int
    alert_at: datetime
    reported_by: str = ""
    exercise: bool = False
    reach_minutes: int = 5


@dataclass(frozen=True, slots=True)
class IncidentRecord:
    id: int
    title: str
    location: str
    grip: int
    alert_at: datetime
    reported_by: str
    exercise: bool
    reach_minutes: int
    closed_at: datetime | None
    version: int
    #: Whose incident it is: on a server, only its medewerkers (and a beheerder) may write into it.
    municipality: str

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def name(self) -> str:
        """How lists and the bar name it: "Brand De Kolk (oefening)"."""
        return f"{self.title} (oefening)" if self.exercise else self.title


@dataclass(frozen=True, slots=True)
class GripRecord:
    level: int
    at: datetime
    author: str


@dataclass(frozen=True, slots=True)
class EntryRecord:
    """A log entry. ``number`` is its number in its incident's log, the "regel" users see and cite; ``id`` the
    database's, which commands point at (``corrects_id``). ``corrects`` and ``corrected_by`` are the numbers of the
    entry it corrects and of the one that corrects it."""

    id: int
    number: int
    incident_id: int
    at: datetime
    recorded_at: datetime
    kind: EntryKind
    text: str
    author: str
    corrects_id: int | None
    corrects: int | None = None
    corrected_by: int | None = None

    @property
    def corrected(self) -> bool:
        return self.corrected_by is not None


@dataclass(frozen=True, slots=True)
class ActionRecord:
    id: int
    entry_id: int
    at: datetime
    text: str
    owner: str
    deadline: datetime | None
    status: ActionStatus
    version: int

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


@dataclass(frozen=True, slots=True)
class CallRecord:
    id: int
    function_id: int
    person_id: int
    name: str
    called_at: datetime
    outcome: CallOutcome
    note: str
    author: str
    arrived_at: datetime | None


@dataclass(frozen=True, slots=True)
class FunctionAlarm:
    """One function of the alarm board: whom to call in order, the calls made, and where it stands."""

    function: FunctionRecord
    candidates: tuple[organisation.Call, ...]
    calls: tuple[CallRecord, ...]
    #: Who is next to call: the first candidate not yet tried, once the last try has had its minutes.
    next_up: PersonRecord | None
    #: Nobody reached and the last try is older than the incident's minutes: amber.
    late: bool

    @property
    def reached(self) -> CallRecord | None:
        return next((c for c in self.calls if c.outcome is CallOutcome.REACHED), None)

    @property
    def arrived(self) -> CallRecord | None:
        return next((c for c in self.calls if c.arrived_at is not None), None)

    @property
    def gap(self) -> bool:
        """Nobody has been reached for the function (shown in red)."""
        return self.reached is None

    def state(self) -> str:
        """In words, so that colour is never the only sign."""
        reached, arrived = self.reached, self.arrived
        if arrived is not None:
            return f"aanwezig: {arrived.name}"
        if reached is not None:
            return f"bereikt: {reached.name}"
        if not self.calls and not self.candidates:
            return "hiaat: niemand om te bellen"
        tried = {c.person_id for c in self.calls}
        untried = any(c.person.id not in tried for c in self.candidates)
        if self.next_up is not None and self.calls:
            prefix = "niet bereikt (te lang), " if self.late else ""
            return f"{prefix}nu bellen: {self.next_up.name}"
        if self.calls:
            return "wacht op terugbellen" if untried and not self.late else "hiaat: niemand bereikt, lijst op"
        return "nog niet gebeld"


@dataclass(frozen=True, slots=True)
class MeetingInput:
    kind: MeetingKind
    held_at: datetime
    present: str
    beeldvorming: str = ""
    oordeelsvorming: str = ""
    besluitvorming: str = ""


@dataclass(frozen=True, slots=True)
class MeetingRecord:
    id: int
    incident_id: int
    kind: MeetingKind
    held_at: datetime
    present: str
    beeldvorming: str
    oordeelsvorming: str
    besluitvorming: str


@dataclass(frozen=True, slots=True)
class FunctionTimes:
    """Minutes from the alert until the function was reached and present, against the norms."""

    function: str
    reached_minutes: float | None
    arrived_minutes: float | None
    reach_norm: int
    arrival_norm: int

    @property
    def reached_in_norm(self) -> bool:
        return self.reached_minutes is not None and self.reached_minutes <= self.reach_norm

    @property
    def arrived_in_norm(self) -> bool:
        return self.arrived_minutes is not None and self.arrived_minutes <= self.arrival_norm


# -- small helpers ------------------------------------------------------------------------------------------------


def _author(session: Session) -> str:
    return str(session.info.get(USER_KEY) or current_user())


def _incident(session: Session, incident_id: int) -> Incident:
    return existing(session, Incident, incident_id, "Incident")


def _open_incident(session: Session, incident_id: int) -> Incident:
    row = _incident(session, incident_id)
    if row.closed_at is not None:
        raise DomainError(f"Incident {row.title} is afgesloten; het verslag kan niet meer worden aangevuld.")
    return row


def _record(row: Incident) -> IncidentRecord:
    return IncidentRecord(
        row.id,
        row.title,
        row.location,
        row.grip,
        row.alert_at,
        row.reported_by,
        row.exercise,
        row.reach_minutes,
        row.closed_at,
        row.version,
        row.municipality,
    )


def _check_grip(level: int, key: str = "grip") -> None:
    if level not in GRIP_LEVELS:
        raise ValidationError({key: "GRIP is 0 tot en met 4."})


def _validate(data: IncidentInput) -> None:
    errors = {}
    if not data.title.strip():
        errors["title"] = "Geef het incident een titel."
    if data.grip not in GRIP_LEVELS:
        errors["grip"] = "GRIP is 0 tot en met 4."
    if not 1 <= data.reach_minutes <= 60:
        errors["reach_minutes"] = "Bereiken binnen 1 tot en met 60 minuten."
    if errors:
        raise ValidationError(errors)


# -- the incident -------------------------------------------------------------------------------------------------


def list_incidents(session: Session, *, exercise: bool | None = None) -> tuple[IncidentRecord, ...]:
    """The register, the latest alert first; ``exercise`` True or False keeps exercises or real ones only."""
    statement = select(Incident).order_by(Incident.alert_at.desc(), Incident.id.desc())
    if exercise is not None:
        statement = statement.where(Incident.exercise == exercise)
    return tuple(_record(row) for row in session.scalars(statement))


def get_incident(session: Session, incident_id: int) -> IncidentRecord:
    return _record(_incident(session, incident_id))


def current_incident(session: Session) -> IncidentRecord | None:
    """The open incident the bar shows first (a real one before exercises, the highest GRIP level, then the latest
    alert), or None."""
    found = glance.open_incident(session)
    return None if found is None else _record(_incident(session, found.id))


#: What only the medewerkers of an incident's municipality can do in it, as a refusal says it.
WRITING = "erin loggen, bellen en de GRIP wijzigen"


def owned(record: IncidentRecord) -> Owned:
    """The incident ``record`` as the server's rules see it: only its municipality's medewerkers write into it."""
    return Owned(f"het incident ‘{record.title}’", record.municipality)


@dataclass(frozen=True, slots=True)
class StartIncident(Command[IncidentRecord]):
    data: IncidentInput

    label: ClassVar[str] = "Incident starten"

    def apply(self, session: Session) -> IncidentRecord:
        _validate(self.data)
        data = self.data
        row = Incident(
            title=data.title.strip(),
            location=data.location.strip(),
            grip=data.grip,
            alert_at=data.alert_at,
            reported_by=data.reported_by.strip(),
            exercise=data.exercise,
            reach_minutes=data.reach_minutes,
            municipality=own_municipality(session),
        )
        session.add(row)
        session.flush()
        session.add(GripChange(incident_id=row.id, level=data.grip, at=data.alert_at, author=_author(session)))
        return _record(row)


@dataclass(frozen=True, slots=True)
class UpdateIncident(Command[IncidentRecord]):
    """Correct the header of an incident (title, location, the alert's time, reported by, oefening, minutes);
    its GRIP level changes through :class:`SetGrip`, which keeps the history."""

    incident_id: int
    data: IncidentInput

    label: ClassVar[str] = "Incidentgegevens corrigeren"

    def apply(self, session: Session) -> IncidentRecord:
        _validate(self.data)
        row = _incident(session, self.incident_id)
        data = self.data
        if data.alert_at != row.alert_at:
            first = session.scalars(
                select(GripChange).where(GripChange.incident_id == row.id).order_by(GripChange.id)
            ).first()
            if first is not None and first.at == row.alert_at:
                first.at = data.alert_at  # the GRIP level of the alert moves with it
        row.title, row.location, row.alert_at = data.title.strip(), data.location.strip(), data.alert_at
        row.reported_by, row.exercise, row.reach_minutes = data.reported_by.strip(), data.exercise, data.reach_minutes
        return _record(row)


@dataclass(frozen=True, slots=True)
class SetGrip(Command[IncidentRecord]):
    """Raise (or lower) the GRIP level at ``at``; the history keeps every level, the alarm board adds the
    functions of a higher level and loses none."""

    incident_id: int
    level: int
    at: datetime

    label: ClassVar[str] = "GRIP wijzigen"

    def title(self) -> str:
        return f"{self.label}: GRIP {self.level}"

    def apply(self, session: Session) -> IncidentRecord:
        _check_grip(self.level)
        row = _open_incident(session, self.incident_id)
        if self.level == row.grip:
            raise ValidationError({"grip": f"Het incident staat al op GRIP {self.level}."})
        if self.at < row.alert_at:
            raise ValidationError(
                {"at": f"Een GRIP-wijziging vóór de alarmering ({format_datetime(row.alert_at)}) kan niet."}
            )
        row.grip = self.level
        session.add(GripChange(incident_id=row.id, level=self.level, at=self.at, author=_author(session)))
        return _record(row)


def grip_history(session: Session, incident_id: int) -> tuple[GripRecord, ...]:
    rows = session.scalars(
        select(GripChange).where(GripChange.incident_id == incident_id).order_by(GripChange.at, GripChange.id)
    )
    return tuple(GripRecord(row.level, row.at, row.author) for row in rows)


@dataclass(frozen=True, slots=True)
class CloseIncident(Command[IncidentRecord]):
    """Close the incident at ``closed_at``: it moves to the register; its evaluation can follow."""

    incident_id: int
    closed_at: datetime

    label: ClassVar[str] = "Incident afsluiten"

    def apply(self, session: Session) -> IncidentRecord:
        row = _open_incident(session, self.incident_id)
        if self.closed_at < row.alert_at:
            raise ValidationError(
                {"closed_at": f"Het einde ligt vóór de alarmering ({format_datetime(row.alert_at)})."}
            )
        row.closed_at = self.closed_at
        return _record(row)


# -- the log ---------------------------------------------------------------------------------------------------


def log(session: Session, incident_id: int) -> tuple[EntryRecord, ...]:
    """Every entry in the order of its time (corrections and corrected ones alike), each knowing what corrected
    it."""
    rows = session.execute(
        select(
            LogEntry.id,
            LogEntry.number,
            LogEntry.incident_id,
            LogEntry.at,
            LogEntry.recorded_at,
            LogEntry.kind,
            LogEntry.text,
            LogEntry.author,
            LogEntry.corrects_id,
        )
        .where(LogEntry.incident_id == incident_id)
        .order_by(LogEntry.at, LogEntry.number)
    ).all()
    numbers = {row.id: row.number for row in rows}
    corrected_by = {row.corrects_id: row.number for row in rows if row.corrects_id is not None}
    return tuple(
        EntryRecord(
            *row,
            corrects=None if row.corrects_id is None else numbers[row.corrects_id],
            corrected_by=corrected_by.get(row.id),
        )
        for row in rows
    )


#: The first key of the advisory lock that gives the entries of one incident's log their numbers in turn ("CrLg").
LOG_LOCK = 0x43724C67


def _next_number(session: Session, incident: Incident) -> int:
    """The number the next entry of ``incident``'s log gets: one past the highest given. On a server the incident's
    log is locked until the transaction ends, so that two users writing at once get one number each, in turn (a
    database file has one writer at a time). An advisory lock, not the incident's row: locking that row asks the
    right to change the incident, and a log entry the server refuses is to be refused for the log's rules."""
    in_turn(session, LOG_LOCK, incident.id)
    highest = session.scalar(select(func.max(LogEntry.number)).where(LogEntry.incident_id == incident.id))
    return (highest or 0) + 1


@dataclass(frozen=True, slots=True)
class AddEntry(Command[EntryRecord]):
    """A log entry at ``at`` (the time may be corrected), by the logged-in user; an entry of kind actie also goes
    to the actielijst with its owner and deadline. ``corrects_id`` makes it the correction of an earlier entry,
    which stays as it was."""

    incident_id: int
    kind: EntryKind
    text: str
    at: datetime
    recorded_at: datetime
    owner: str = ""
    deadline: datetime | None = None
    corrects_id: int | None = None

    label: ClassVar[str] = "Logregel toevoegen"

    def title(self) -> str:
        return "Logregel corrigeren" if self.corrects_id is not None else self.label

    def apply(self, session: Session) -> EntryRecord:
        text = self.text.strip()
        if not text:
            raise ValidationError({"text": "Typ de logregel."})
        incident = _open_incident(session, self.incident_id)
        number = _next_number(session, incident)
        old = None
        if self.corrects_id is not None:
            old = existing(session, LogEntry, self.corrects_id, "Logregel")
            if old.incident_id != incident.id:
                raise DomainError("Die logregel hoort bij een ander incident.")
            if session.scalars(select(LogEntry.id).where(LogEntry.corrects_id == old.id)).first() is not None:
                raise DomainError(f"Regel {old.number} is al gecorrigeerd; corrigeer de correctie.")
        row = LogEntry(
            incident_id=incident.id,
            number=number,
            at=self.at,
            recorded_at=self.recorded_at,
            kind=self.kind,
            text=text,
            author=_author(session),
            corrects_id=self.corrects_id,
        )
        session.add(row)
        session.flush()
        if self.kind is EntryKind.ACTIE:
            session.add(IncidentAction(entry_id=row.id, owner=self.owner.strip(), deadline=self.deadline))
        return EntryRecord(
            row.id,
            row.number,
            row.incident_id,
            row.at,
            row.recorded_at,
            row.kind,
            row.text,
            row.author,
            row.corrects_id,
            None if old is None else old.number,
        )


def decisions(session: Session, incident_id: int) -> tuple[EntryRecord, ...]:
    """The besluitenlijst: decisions that stand (a corrected one is replaced by its correction)."""
    return tuple(e for e in log(session, incident_id) if e.kind is EntryKind.BESLUIT and not e.corrected)


def actions(session: Session, incident_id: int, *, open_only: bool = False) -> tuple[ActionRecord, ...]:
    """The actielijst, in the order of the log; the action of a corrected entry goes with its correction's."""
    statement = (
        select(
            IncidentAction.id,
            LogEntry.id,
            LogEntry.at,
            LogEntry.text,
            IncidentAction.owner,
            IncidentAction.deadline,
            IncidentAction.status,
            IncidentAction.version,
        )
        .join(LogEntry, LogEntry.id == IncidentAction.entry_id)
        .where(LogEntry.incident_id == incident_id)
        .order_by(LogEntry.at, LogEntry.id)
    )
    corrected = set(
        session.scalars(
            select(LogEntry.corrects_id).where(LogEntry.incident_id == incident_id, LogEntry.corrects_id.is_not(None))
        )
    )
    found = tuple(ActionRecord(*row) for row in session.execute(statement) if row[1] not in corrected)
    return tuple(a for a in found if a.is_open) if open_only else found


@dataclass(frozen=True, slots=True)
class UpdateAction(Command[None]):
    """The owner, deadline and status of an action on the actielijst (its text is the log's and stays)."""

    action_id: int
    owner: str
    deadline: datetime | None
    status: ActionStatus

    label: ClassVar[str] = "Actie bijwerken"

    def apply(self, session: Session) -> None:
        row = existing(session, IncidentAction, self.action_id, "Actie")
        row.owner, row.deadline, row.status = self.owner.strip(), self.deadline, self.status


# -- alarming -------------------------------------------------------------------------------------------------------


def _call_records(session: Session, incident_id: int) -> tuple[CallRecord, ...]:
    seen = organisation.list_people(session, include_archived=True)
    people = {i: p.name for i, p in organisation.people_by_id(session, seen, include_archived=True).items()}
    rows = session.scalars(select(Call).where(Call.incident_id == incident_id).order_by(Call.called_at, Call.id))
    return tuple(
        CallRecord(
            r.id,
            r.function_id,
            r.person_id,
            people.get(r.person_id, "?"),
            r.called_at,
            r.outcome,
            r.note,
            r.author,
            r.arrived_at,
        )
        for r in rows
    )


def calls(session: Session, incident_id: int) -> tuple[CallRecord, ...]:
    return _call_records(session, incident_id)


def alarm_board(session: Session, incident_id: int, now: datetime) -> tuple[FunctionAlarm, ...]:
    """The alarm list of the highest GRIP level the incident has had, at the moment of the alert (the officer
    on piket then first), with the calls made: a function stays on the board once it was on it or called."""
    incident = _incident(session, incident_id)
    highest = max([incident.grip, *(g.level for g in grip_history(session, incident_id))])
    made = _call_records(session, incident_id)
    by_function: dict[int, list[CallRecord]] = defaultdict(list)
    for call in made:
        by_function[call.function_id].append(call)
    board = []
    for function_calls in piket.alarm_list(session, incident.alert_at).functions:
        function = function_calls.function
        in_level = function.alarm_from_grip is not None and function.alarm_from_grip <= highest
        if not in_level and function.id not in by_function:
            continue
        done = tuple(by_function[function.id])
        board.append(
            FunctionAlarm(
                function,
                function_calls.calls,
                done,
                *_next_up(function_calls.calls, done, now, incident.reach_minutes),
            )
        )
    return tuple(board)


def _next_up(
    candidates: Sequence[organisation.Call], done: Sequence[CallRecord], now: datetime, minutes: int
) -> tuple[PersonRecord | None, bool]:
    """Who to call next, and whether the function is late. A voicemail waits ``minutes`` for a call back; not
    reached or afgemeld moves on at once."""
    if any(c.outcome is CallOutcome.REACHED for c in done):
        return None, False
    tried = {c.person_id for c in done}
    remaining = [c.person for c in candidates if c.person.id not in tried and c.reachable]
    remaining += [c.person for c in candidates if c.person.id not in tried and not c.reachable]
    if not done:
        return (remaining[0] if remaining else None), False
    last = done[-1]
    late = now - done[0].called_at >= timedelta(minutes=minutes)
    waiting = last.outcome is CallOutcome.VOICEMAIL and now - last.called_at < timedelta(minutes=minutes)
    if waiting:
        return None if not late else (remaining[0] if remaining else None), late
    return (remaining[0] if remaining else None), late


@dataclass(frozen=True, slots=True)
class RecordCall(Command[CallRecord]):
    """One call of the alarming with its outcome, committed at once."""

    incident_id: int
    function_id: int
    person_id: int
    outcome: CallOutcome
    called_at: datetime
    note: str = ""

    label: ClassVar[str] = "Alarmering vastleggen"

    def title(self) -> str:
        return f"{self.label}: {self.outcome.value}"

    def apply(self, session: Session) -> CallRecord:
        incident = _open_incident(session, self.incident_id)
        if self.called_at < incident.alert_at:
            raise ValidationError({"called_at": "Een oproep vóór de alarmering kan niet."})
        person = organisation.person_or_stand_in(session, self.person_id)
        existing(session, CrisisFunction, self.function_id, "Functie")
        row = Call(
            incident_id=incident.id,
            function_id=self.function_id,
            person_id=self.person_id,
            called_at=self.called_at,
            outcome=self.outcome,
            note=self.note.strip(),
            author=_author(session),
        )
        session.add(row)
        session.flush()
        return CallRecord(
            row.id, row.function_id, row.person_id, person.name, row.called_at, row.outcome, row.note, row.author, None
        )


@dataclass(frozen=True, slots=True)
class RecordArrival(Command[None]):
    """Whoever was reached is present at the crisis location at ``at``."""

    call_id: int
    at: datetime

    label: ClassVar[str] = "Aankomst vastleggen"

    def apply(self, session: Session) -> None:
        row = existing(session, Call, self.call_id, "Oproep")
        _open_incident(session, row.incident_id)
        if row.outcome is not CallOutcome.REACHED:
            raise DomainError("Alleen wie bereikt is, kan aankomen.")
        if self.at < row.called_at:
            raise ValidationError({"at": "De aankomst ligt vóór de oproep."})
        row.arrived_at = self.at


# -- meetings --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AddMeeting(Command[MeetingRecord]):
    """A meeting of the CoPI, TBz or GBT in BOB order, with who was present."""

    incident_id: int
    data: MeetingInput

    label: ClassVar[str] = "Overleg vastleggen"

    def apply(self, session: Session) -> MeetingRecord:
        incident = _open_incident(session, self.incident_id)
        data = self.data
        present = "\n".join(line.strip() for line in data.present.splitlines() if line.strip())
        if not present:
            raise ValidationError({"present": "Wie waren aanwezig?"})
        row = Meeting(
            incident_id=incident.id,
            kind=data.kind,
            held_at=data.held_at,
            present=present,
            beeldvorming=data.beeldvorming.strip(),
            oordeelsvorming=data.oordeelsvorming.strip(),
            besluitvorming=data.besluitvorming.strip(),
        )
        session.add(row)
        session.flush()
        return _meeting_record(row)


def _meeting_record(row: Meeting) -> MeetingRecord:
    return MeetingRecord(
        row.id,
        row.incident_id,
        row.kind,
        row.held_at,
        row.present,
        row.beeldvorming,
        row.oordeelsvorming,
        row.besluitvorming,
    )


def meetings(session: Session, incident_id: int) -> tuple[MeetingRecord, ...]:
    rows = session.scalars(select(Meeting).where(Meeting.incident_id == incident_id).order_by(Meeting.held_at))
    return tuple(_meeting_record(row) for row in rows)


# -- figures and the evaluation -----------------------------------------------------------------------------------


def norms(session: Session) -> tuple[int, int]:
    """The OTO norms in minutes: reached (an alarm drill's reaction) and present (a turn-out drill's arrival)."""
    found = oto.norms(session)
    return (
        found[ActivityKind.ALARMERING].acknowledge_minutes or DEFAULT_REACH_NORM,
        found[ActivityKind.OPKOMST].arrival_minutes or DEFAULT_ARRIVAL_NORM,
    )


def times(session: Session, incident_id: int) -> tuple[FunctionTimes, ...]:
    """Per function on the board: minutes from the alert to the first person reached and the first present."""
    incident = _incident(session, incident_id)
    reach_norm, arrival_norm = norms(session)
    minute = timedelta(minutes=1)
    found = []
    for line in alarm_board(session, incident_id, incident.closed_at or incident.alert_at):
        reached, arrived = line.reached, line.arrived
        found.append(
            FunctionTimes(
                line.function.name,
                None if reached is None else (reached.called_at - incident.alert_at) / minute,
                None
                if arrived is None or arrived.arrived_at is None
                else (arrived.arrived_at - incident.alert_at) / minute,
                reach_norm,
                arrival_norm,
            )
        )
    return tuple(found)


class AddFinding(evaluation.AddFinding):
    label = "Evaluatie: bevinding of actiepunt toevoegen"
    of = evaluation.INCIDENTS


class SetFindingStatus(evaluation.SetFindingStatus):
    label = "Evaluatie: actiepunt bijwerken"
    of = evaluation.INCIDENTS


class DeleteFinding(DeleteRecord):
    label = "Evaluatie: bevinding verwijderen"
    model = IncidentFinding
    what = "Bevinding"


def findings(
    session: Session, incident_id: int | None = None, *, open_actions_only: bool = False, whose: str | None = None
) -> tuple[FindingRecord, ...]:
    return evaluation.findings(
        session, evaluation.INCIDENTS, incident_id, open_actions_only=open_actions_only, whose=whose
    )


# -- the situation report and the record ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sitrap:
    """What a situatierapport (or the full record) shows, at ``moment``."""

    moment: datetime
    incident: IncidentRecord
    grip: tuple[GripRecord, ...]
    board: tuple[FunctionAlarm, ...]
    decisions: tuple[EntryRecord, ...]
    actions: tuple[ActionRecord, ...]
    entries: tuple[EntryRecord, ...]
    meetings: tuple[MeetingRecord, ...]
    calls: tuple[CallRecord, ...]
    times: tuple[FunctionTimes, ...]

    @property
    def gaps(self) -> tuple[FunctionAlarm, ...]:
        return tuple(line for line in self.board if line.gap)


#: How many of the latest decisions and entries a sitrap shows.
SITRAP_DECISIONS, SITRAP_ENTRIES = 5, 10


def sitrap(session: Session, incident_id: int, moment: datetime, *, full: bool = False) -> Sitrap:
    """The situatierapport at ``moment``; ``full`` holds everything (the incident record for the archive)."""
    incident = get_incident(session, incident_id)
    entries = log(session, incident_id)
    standing = tuple(e for e in entries if e.kind is EntryKind.BESLUIT and not e.corrected)
    return Sitrap(
        moment,
        incident,
        grip_history(session, incident_id),
        alarm_board(session, incident_id, moment),
        standing if full else standing[-SITRAP_DECISIONS:],
        actions(session, incident_id, open_only=not full),
        entries if full else tuple(e for e in entries if not e.corrected)[-SITRAP_ENTRIES:],
        meetings(session, incident_id),
        calls(session, incident_id) if full else (),
        times(session, incident_id) if full else (),
    )


EXPORT_COLUMNS = (
    "soort",
    "id",
    "regel",
    "tijd_utc",
    "tijd_lokaal",
    "sinds_alarmering",
    "categorie",
    "tekst",
    "functie",
    "persoon",
    "uitkomst",
    "aangekomen_utc",
    "aangekomen_lokaal",
    "auteur",
    "corrigeert",
    "gecorrigeerd_door",
)


def _times(moment: datetime | None) -> tuple[str, str]:
    if moment is None:
        return "", ""
    return moment.isoformat(), to_local(moment).isoformat()


def export_rows(session: Session, incident_id: int) -> list[dict[str, str]]:
    """One row per log entry and per alarm call, in time order, with UTC and local (Dutch) times, for LCMS. A log
    entry's ``regel`` is its number in the incident's log, which ``corrigeert`` and ``gecorrigeerd_door`` cite;
    ``id`` is the database's."""
    incident = get_incident(session, incident_id)
    functions = {row.id: row.name for row in session.scalars(select(CrisisFunction))}
    rows: list[tuple[datetime, int, int, dict[str, str]]] = []
    for entry in log(session, incident_id):
        utc, local = _times(entry.at)
        rows.append(
            (
                entry.at,
                0,
                entry.number,
                dict.fromkeys(EXPORT_COLUMNS, "")
                | {
                    "soort": "logregel",
                    "id": str(entry.id),
                    "regel": str(entry.number),
                    "tijd_utc": utc,
                    "tijd_lokaal": local,
                    "sinds_alarmering": elapsed(incident.alert_at, entry.at),
                    "categorie": entry.kind.value,
                    "tekst": entry.text,
                    "auteur": entry.author,
                    "corrigeert": str(entry.corrects or ""),
                    "gecorrigeerd_door": str(entry.corrected_by or ""),
                },
            )
        )
    for call in calls(session, incident_id):
        utc, local = _times(call.called_at)
        arrived_utc, arrived_local = _times(call.arrived_at)
        rows.append(
            (
                call.called_at,
                1,
                call.id,
                dict.fromkeys(EXPORT_COLUMNS, "")
                | {
                    "soort": "alarmering",
                    "id": str(call.id),
                    "tijd_utc": utc,
                    "tijd_lokaal": local,
                    "sinds_alarmering": elapsed(incident.alert_at, call.called_at),
                    "tekst": call.note,
                    "functie": functions.get(call.function_id, str(call.function_id)),
                    "persoon": call.name,
                    "uitkomst": call.outcome.value,
                    "aangekomen_utc": arrived_utc,
                    "aangekomen_lokaal": arrived_local,
                    "auteur": call.author,
                },
            )
        )
    rows.sort(key=lambda row: row[:3])
    return [row for *_, row in rows]


def export(session: Session, incident_id: int, fmt: str) -> bytes:
    """The record as CSV (``;``, UTF-8 with BOM, as Dutch Excel reads it) or JSON (the incident and its rows)."""
    rows = export_rows(session, incident_id)
    if fmt == "json":
        incident = get_incident(session, incident_id)
        head = {
            "id": incident.id,
            "titel": incident.title,
            "locatie": incident.location,
            "grip": incident.grip,
            "oefening": incident.exercise,
            "alarmering_utc": incident.alert_at.isoformat(),
            "alarmering_lokaal": to_local(incident.alert_at).isoformat(),
            "afgesloten_utc": incident.closed_at.isoformat() if incident.closed_at else None,
        }
        return json.dumps({"incident": head, "regels": rows}, ensure_ascii=False, indent=2).encode()
    if fmt != "csv":
        raise DomainError(f"Onbekend formaat {fmt!r}: kies csv of json.")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode()


# -- demo ---------------------------------------------------------------------------------------------------------


def fill_demo(session: Session, now: datetime) -> None:
    """An exercise of last month, closed and evaluated, and one running now (an exercise too, so that the
    register of real incidents stays empty in the demo)."""
    minute = timedelta(minutes=1)
    past_alert = (now - timedelta(days=30)).replace(second=0, microsecond=0)
    past = StartIncident(
        IncidentInput("Stroomstoring Koningshoek", "Koningshoek", 1, past_alert, "Meldkamer VRR", exercise=True)
    ).apply(session)
    _demo_first_hour(session, past.id, past_alert)
    CloseIncident(past.id, past_alert + 150 * minute).apply(session)
    AddFinding(past.id, "De OvD-Bz had het alarmnummer van het TBz niet in de telefoon.").apply(session)
    AddFinding(
        past.id, "Bereikbaarheidslijst TBz bijwerken", "Crisiscoördinator", (now + timedelta(days=14)).date(), True
    ).apply(session)
    alert = (now - 40 * minute).replace(second=0, microsecond=0)
    running = StartIncident(
        IncidentInput("Brand bedrijfspand Noordvliet", "Industrieweg 12", 1, alert, "Meldkamer VRR", exercise=True)
    ).apply(session)
    _demo_first_hour(session, running.id, alert)


def _demo_first_hour(session: Session, incident_id: int, alert: datetime) -> None:
    minute = timedelta(minutes=1)
    board = alarm_board(session, incident_id, alert)
    for number, line in enumerate(board[:4]):
        if not line.candidates:
            continue
        first = line.candidates[0].person.id
        if number == 1 and len(line.candidates) > 1:
            RecordCall(incident_id, line.function.id, first, CallOutcome.VOICEMAIL, alert + 2 * minute).apply(session)
            first = line.candidates[1].person.id
        call = RecordCall(incident_id, line.function.id, first, CallOutcome.REACHED, alert + (3 + number) * minute)
        made = call.apply(session)
        if number < 2:
            RecordArrival(made.id, alert + (25 + 10 * number) * minute).apply(session)
    for offset, kind, text in (
        (1, EntryKind.MELDING, "Melding meldkamer: brand in bedrijfspand, rookontwikkeling richting woonwijk."),
        (6, EntryKind.INFORMATIE, "CoPI ingericht bij de brandweerpost, OvD-Bz aanwezig."),
        (12, EntryKind.BESLUIT, "Omwonenden adviseren ramen en deuren te sluiten (NL-Alert)."),
        (15, EntryKind.ACTIE, "Opvanglocatie sporthal De Dijk gereedmaken."),
    ):
        AddEntry(incident_id, kind, text, alert + offset * minute, alert + offset * minute).apply(session)
    AddMeeting(
        incident_id,
        MeetingInput(
            MeetingKind.COPI,
            alert + 20 * minute,
            "Leider CoPI\nOvD-Bz\nOvD Politie\nOvD Geneeskundig",
            "Brand onder controle, rook trekt over de wijk.",
            "Geen ontruiming nodig; wel opvang voor wie de woning uit wil.",
            "Opvang in sporthal De Dijk.",
        ),
    ).apply(session)

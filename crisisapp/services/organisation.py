"""Crisis organisation: people, teams and functions, assignments, readiness, gaps, alarm and contact lists."""

import calendar
import enum
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import ClassVar

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select, true
from sqlalchemy.orm import Session

from crisisapp.dutch import counted as counted
from crisisapp.errors import DomainError, ValidationError
from crisisapp.models.audit import AuditEntry
from crisisapp.models.organisation import Assignment, Attendance, CrisisFunction, Person, Requirement, Role, Team
from crisisapp.models.oto import KIND_LABELS, ActivityKind
from crisisapp.models.settings import Setting
from crisisapp.services.commands import Command, DeleteRecord, existing
from crisisapp.services.csvfiles import Encoding, ImportRefusedError, read_table, write_table
from crisisapp.storage.audit import PERSONAL_COLUMNS, erased_mark, erasure_mark
from crisisapp.storage.offline import STAND_INS_KEY
from crisisapp.storage.roles import staffing_people, stand_in_name
from crisisapp.timeutil import format_date

MUNICIPALITIES = ("Maassluis", "Vlaardingen", "Schiedam", "VRR", "Politie", "Brandweer", "GHOR", "Anders")
EXPIRY_WARNING_DAYS = 60
#: The tables whose changes the organisation's views show.
TABLES = frozenset(table.__tablename__ for table in (Person, Team, CrisisFunction, Requirement, Assignment, Attendance))
DEFAULT_MONTHS = 12
ROLE_LABELS = {Role.PRIMARY: "primair", Role.DEPUTY: "plaatsvervanger"}
#: How a function's holders stand on the alarm list when a piket rota decides whom to call first.
POOL_LABEL = "piketpool"


# -- records -------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PersonInput:
    """What a person form or an import row supplies."""

    name: str
    municipality: str
    organisation: str = ""
    mobile: str = ""
    phone: str = ""
    email: str = ""
    remarks: str = ""


@dataclass(frozen=True, slots=True)
class PersonRecord:
    id: int
    name: str
    municipality: str
    organisation: str
    mobile: str
    phone: str
    email: str
    remarks: str
    archived: bool
    #: The row's version as this read found it (``versions.shown``); 0, never a row's, for a stand-in.
    version: int
    #: A stand-in for a person the user may not see (another municipality's, on a server database): who holds a
    #: function counts for its staffing, but their name and numbers stay with their own municipality.
    hidden: bool = False

    def as_input(self) -> PersonInput:
        return PersonInput(
            self.name, self.municipality, self.organisation, self.mobile, self.phone, self.email, self.remarks
        )


@dataclass(frozen=True, slots=True)
class RequirementRecord:
    kind: ActivityKind
    months: int


@dataclass(frozen=True, slots=True)
class FunctionRecord:
    id: int
    team_id: int
    team_code: str
    team_name: str
    name: str
    description: str
    retired: bool
    alarm_from_grip: int | None
    requirements: tuple[RequirementRecord, ...]
    version: int


@dataclass(frozen=True, slots=True)
class TeamRecord:
    id: int
    code: str
    name: str
    functions: tuple[FunctionRecord, ...]


@dataclass(frozen=True, slots=True)
class AssignmentRecord:
    id: int
    person_id: int
    function_id: int
    role: Role
    rank: int
    start: date
    end: date | None
    version: int

    def active_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def role_label(self) -> str:
        """The role as the lists name it: "primair", "plaatsvervanger", "plaatsvervanger 2", …"""
        label = ROLE_LABELS[self.role]
        return f"{label} {self.rank}" if self.rank > 1 else label


@dataclass(frozen=True, slots=True)
class AttendanceRecord:
    id: int
    person_id: int
    kind: ActivityKind
    day: date
    source: str


class ReadinessStatus(enum.StrEnum):
    READY = "vakbekwaam"
    EXPIRING = "verloopt binnen 60 dagen"
    NOT_READY = "niet vakbekwaam"


@dataclass(frozen=True, slots=True)
class Readiness:
    status: ReadinessStatus
    expires: date | None  # the last day the person is ready, when they are
    reason: str

    @property
    def ready(self) -> bool:
        return self.status is not ReadinessStatus.NOT_READY


@dataclass(frozen=True, slots=True)
class Holder:
    """Someone holding a function on a day, with their readiness for it."""

    person: PersonRecord
    assignment: AssignmentRecord
    readiness: Readiness


@dataclass(frozen=True, slots=True)
class FunctionStaffing:
    function: FunctionRecord
    holders: tuple[Holder, ...]  # primary first, then deputies in their order
    #: What :meth:`problems` says, found once: the banner, the table's every cell and the gap lines all ask.
    _problems: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_problems", self._find_problems())

    @property
    def primaries(self) -> tuple[Holder, ...]:
        return tuple(h for h in self.holders if h.assignment.role is Role.PRIMARY)

    @property
    def deputies(self) -> tuple[Holder, ...]:
        return tuple(h for h in self.holders if h.assignment.role is Role.DEPUTY)

    def problems(self) -> tuple[str, ...]:
        return self._problems

    def _find_problems(self) -> tuple[str, ...]:
        found = []
        if not self.primaries:
            found.append("geen primaire functionaris")
        if not self.deputies:
            found.append("geen plaatsvervanger")
        if self.holders and not any(h.readiness.ready for h in self.holders):
            found.append("niemand vakbekwaam")
        return tuple(found)


@dataclass(frozen=True, slots=True)
class Overview:
    """The whole organisation on one day: every active function with its holders and their readiness."""

    day: date
    teams: tuple[TeamRecord, ...]
    staffing: tuple[FunctionStaffing, ...] = field(default=())

    def gaps(self) -> tuple[FunctionStaffing, ...]:
        return tuple(s for s in self.staffing if s.problems())

    def gap_breakdown(self) -> str:
        """What the gaps are and how often, for more than :data:`FEW_GAPS` of them: "geen plaatsvervanger: 12 ·
        niemand vakbekwaam: 40"."""
        kinds = Counter(problem for staffing in self.staffing for problem in staffing.problems())
        return " · ".join(f"{problem}: {count}" for problem, count in kinds.items())


#: Up to this many gaps are listed one by one; more are summed up (a wall of red says less than a count).
FEW_GAPS = 3


@dataclass(frozen=True, slots=True)
class Call:
    """One person to call for a function, in the order of the alarm list."""

    person: PersonRecord
    role: str  # why they stand where they stand: on duty now, the pool, primary, deputy 2, …
    readiness: Readiness
    absence: str | None = None  # why they cannot be reached at the list's moment ("verlof tot …")

    @property
    def reachable(self) -> bool:
        return self.absence is None

    def marks(self) -> tuple[str, ...]:
        """What whoever calls must see beside the name."""
        found = [self.absence] if self.absence else []
        if self.person.hidden:
            found.append("naam en nummer niet zichtbaar voor u")
        if not self.readiness.ready:
            found.append("niet vakbekwaam")
        return tuple(found)


@dataclass(frozen=True, slots=True)
class FunctionCalls:
    function: FunctionRecord
    calls: tuple[Call, ...]  # in calling order; whoever is away last
    piket: bool = False  # the function has a piket rota (the OvD-Bz): the first to act, so first in a list

    def gap(self) -> str | None:
        """Why nobody can be called for the function (the words go with the red), or None."""
        if not self.calls:
            return "niet bezet (hiaat)"
        if not any(call.reachable for call in self.calls):
            return "niemand bereikbaar (hiaat)"
        return None


@dataclass(frozen=True, slots=True)
class AlarmList:
    """Whom to call for every function, in order, at one moment (see ``piket.alarm_list``)."""

    moment: datetime
    teams: tuple[TeamRecord, ...]
    functions: tuple[FunctionCalls, ...]

    def for_grip(self, level: int) -> tuple[FunctionCalls, ...]:
        """The functions alarmed at GRIP ``level``: those with a piket rota (the OvD-Bz, first to act) first,
        then the others in team order."""
        alarmed = (
            f for f in self.functions if f.function.alarm_from_grip is not None and f.function.alarm_from_grip <= level
        )
        return tuple(sorted(alarmed, key=lambda f: not f.piket))  # stable: team order within both parts

    def for_team(self, team_id: int) -> tuple[FunctionCalls, ...]:
        return tuple(f for f in self.functions if f.function.team_id == team_id)


def call_order(staffing: FunctionStaffing, duty: Sequence[Call] | None, away: Mapping[int, str]) -> FunctionCalls:
    """The calling order of a function: with a piket rota (``duty`` not None) its officers on duty first, then
    the rest of the pool; without, the primary and then the deputies in their order. Whoever is ``away`` (person
    id to why) is marked and goes to the bottom, in the same order among themselves."""
    first = tuple(duty or ())
    listed = {call.person.id for call in first}
    rest = tuple(
        Call(h.person, POOL_LABEL if duty is not None else h.assignment.role_label(), h.readiness)
        for h in staffing.holders
        if h.person.id not in listed
    )
    calls = [replace(call, absence=away.get(call.person.id)) for call in (*first, *rest)]
    calls.sort(key=lambda call: not call.reachable)  # a stable sort: the order stays within both parts
    return FunctionCalls(staffing.function, tuple(calls), piket=duty is not None)


# -- validation ------------------------------------------------------------------------------------------------

_PHONE_SEPARATORS = re.compile(r"[\s\-().\/]")
_DUTCH_NUMBER = re.compile(r"^0\d{9}$")
_INTERNATIONAL_NUMBER = re.compile(r"^(\+|00)[1-9]\d{6,14}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
PHONE_HINT = "een Nederlands nummer heeft 10 cijfers (06-12345678, 010-1234567), een buitenlands begint met + (+32 …)"


def phone_problem(number: str) -> str | None:
    """Why ``number`` is no phone number, or None when it looks like one (or is empty)."""
    if not number.strip():
        return None
    digits = _PHONE_SEPARATORS.sub("", number.strip())
    if _DUTCH_NUMBER.match(digits) or _INTERNATIONAL_NUMBER.match(digits):
        return None
    return f"‘{number.strip()}’ is geen telefoonnummer: {PHONE_HINT}."


def clean_name(name: str) -> str:
    """A name as it is kept: Unicode NFC (an accent typed as a separate mark joins its letter), single spaces."""
    return unicodedata.normalize("NFC", " ".join(name.split()))


def name_key(name: str) -> str:
    """What makes two spellings of a name the same name: NFC, case and whitespace folded
    ("JAN  DE WIT" is "Jan de Wit"; "Noël" with a decomposed accent is "Noël")."""
    return unicodedata.normalize("NFC", clean_name(name).casefold())


def canonical_municipality(value: str) -> str | None:
    wanted = value.strip().casefold()
    return next((m for m in MUNICIPALITIES if m.casefold() == wanted), None)


def validate_person(data: PersonInput) -> PersonInput:
    """The input cleaned up, or ValidationError naming each bad field."""
    errors: dict[str, str] = {}
    name = clean_name(data.name)
    if not name:
        errors["name"] = "Vul een naam in."
    elif len(name) > 200:
        errors["name"] = "De naam is langer dan 200 tekens."
    municipality = canonical_municipality(data.municipality)
    if municipality is None:
        errors["municipality"] = (
            f"Onbekende gemeente of organisatie ‘{data.municipality}’; kies uit {', '.join(MUNICIPALITIES)}."
        )
    for key, value in (("mobile", data.mobile), ("phone", data.phone)):
        problem = phone_problem(value)
        if problem:
            errors[key] = problem
    email = data.email.strip()
    if email and not _EMAIL.match(email):
        errors["email"] = f"‘{email}’ is geen e-mailadres (voorbeeld: naam@maassluis.nl)."
    if errors:
        raise ValidationError(errors)
    return PersonInput(
        name,
        municipality or "",
        data.organisation.strip(),
        data.mobile.strip(),
        data.phone.strip(),
        email,
        data.remarks.strip(),
    )


# -- people ----------------------------------------------------------------------------------------------------


def hidden_person(person_id: int, municipality: str, archived: bool = False) -> PersonRecord:
    """The stand-in for a person the user may not see: it says that a function is filled, and by whom not."""
    return PersonRecord(
        person_id, stand_in_name(municipality), municipality, "", "", "", "", "", archived, 0, hidden=True
    )


def people_by_id(
    session: Session,
    seen: Iterable[PersonRecord],
    among: Select[int] | Collection[int] | None = None,
    *,
    include_archived: bool = False,
) -> dict[int, PersonRecord]:
    """Every person (of the ids ``among``, when given; archived ones only when asked) by id: as the user sees them in
    ``seen``, and a :func:`hidden_person` for each the user may not see (another municipality's, on a server
    database): what the staffing counts and a record names without anybody's personal data."""
    facts = staffing_people(session)
    statement = select(facts.c.id, facts.c.municipality, facts.c.archived)
    if not include_archived:
        statement = statement.where(facts.c.archived.is_(False))
    if among is not None:
        statement = statement.where(facts.c.id.in_(among))
    shown = {p.id: p for p in seen}
    return {
        person_id: shown.get(person_id) or hidden_person(person_id, municipality, archived)
        for person_id, municipality, archived in session.execute(statement)
    }


def _person_record(row: Person) -> PersonRecord:
    return PersonRecord(
        row.id,
        row.name,
        row.municipality,
        row.organisation,
        row.mobile,
        row.phone,
        row.email,
        row.remarks,
        row.archived,
        row.version,
    )


#: A person's columns in the order of :class:`PersonRecord`: lists read them as rows, not as ORM objects.
_PERSON_COLUMNS = (
    Person.id,
    Person.name,
    Person.municipality,
    Person.organisation,
    Person.mobile,
    Person.phone,
    Person.email,
    Person.remarks,
    Person.archived,
    Person.version,
)


def _seen(session: Session) -> ColumnElement[bool]:
    """Which people the user sees listed: on a server whom row-level security lets through, in a database file
    everyone, except in an offline copy the stand-ins of whom its role may not see on the server (noted in the copy,
    storage/offline.py), whom the server's lists leave out; the staffing counts them all the same."""
    stand_ins = session.scalar(select(Setting.value).where(Setting.key == STAND_INS_KEY))
    return Person.id.not_in(json.loads(stand_ins)) if stand_ins else true()


def list_people(session: Session, *, include_archived: bool = False) -> tuple[PersonRecord, ...]:
    """The people the user sees (:func:`_seen`), by name."""
    statement = select(*_PERSON_COLUMNS).where(_seen(session)).order_by(Person.name, Person.id)
    if not include_archived:
        statement = statement.where(Person.archived.is_(False))
    return tuple(PersonRecord(*row) for row in session.execute(statement))


def get_person(session: Session, person_id: int) -> PersonRecord:
    return _person_record(existing(session, Person, person_id, "Persoon"))


def person_or_stand_in(session: Session, person_id: int) -> PersonRecord:
    """The person as the user sees them, or the :func:`hidden_person` of one they may not see: whom the alarm
    list names for a function may be called and the call recorded, whoever looks."""
    row = session.scalars(select(Person).where(Person.id == person_id, _seen(session))).one_or_none()
    if row is not None:
        return _person_record(row)
    found = people_by_id(session, (), [person_id], include_archived=True)
    if person_id not in found:
        raise DomainError(f"Persoon {person_id} bestaat niet (meer).")
    return found[person_id]


def _apply(row: Person, data: PersonInput) -> None:
    for key, value in _fields(data).items():
        setattr(row, key, value)


@dataclass(frozen=True, slots=True)
class AddPerson(Command[PersonRecord]):
    data: PersonInput

    label: ClassVar[str] = "Persoon toevoegen"

    def apply(self, session: Session) -> PersonRecord:
        row = Person(archived=False)
        _apply(row, validate_person(self.data))
        session.add(row)
        session.flush()
        return _person_record(row)


@dataclass(frozen=True, slots=True)
class UpdatePerson(Command[PersonRecord]):
    person_id: int
    data: PersonInput

    label: ClassVar[str] = "Persoon wijzigen"

    def apply(self, session: Session) -> PersonRecord:
        row = existing(session, Person, self.person_id, "Persoon")
        _apply(row, validate_person(self.data))
        session.flush()
        return _person_record(row)


@dataclass(frozen=True, slots=True)
class SetPersonArchived(Command[PersonRecord]):
    """Archive (or bring back) a person; their history stays, their assignments no longer count."""

    person_id: int
    archived: bool

    label: ClassVar[str] = "Persoon archiveren of terughalen"

    def title(self) -> str:
        return "Persoon archiveren" if self.archived else "Persoon terughalen"

    def apply(self, session: Session) -> PersonRecord:
        row = existing(session, Person, self.person_id, "Persoon")
        row.archived = self.archived
        session.flush()
        return _person_record(row)


@dataclass(frozen=True, slots=True)
class ErasePerson(Command[PersonRecord]):
    """Wissen (AVG art. 17): a person's personal data out of the database, the audit trail included.

    Name and contact details become "gewist op <datum>" (name) or empty, the person is archived, and every
    earlier value of those fields in the audit trail becomes "gewist op <datum>" too; who changed what and when
    stays. The database then overwrites the freed space and is compacted (``compacts``), so the old values are
    gone from the file as well. Backups made before stay as they are until they are thinned.
    """

    person_id: int
    on: date

    label: ClassVar[str] = "Persoon wissen (AVG)"
    compacts: ClassVar[bool] = True

    def apply(self, session: Session) -> PersonRecord:
        row = existing(session, Person, self.person_id, "Persoon")
        if erased_mark(Person.__tablename__, {"name": row.name}) is not None:
            raise DomainError(f"Deze persoon is al gewist ({row.name}).")
        mark = erasure_mark(self.on)
        personal = PERSONAL_COLUMNS[Person.__tablename__]
        history = session.scalars(
            select(AuditEntry).where(
                AuditEntry.table_name == Person.__tablename__,
                AuditEntry.record_id == str(row.id),
                AuditEntry.field.in_(personal),
            )
        )
        for entry in history:  # the audit trail itself is not audited: these updates leave no new trace
            entry.old_value = mark if entry.old_value else entry.old_value
            entry.new_value = mark if entry.new_value else entry.new_value
        row.name = mark
        for column in personal - {"name"}:
            setattr(row, column, "")
        row.archived = True
        session.flush()
        return _person_record(row)


# -- teams and functions -----------------------------------------------------------------------------------------


def _function_record(row: CrisisFunction) -> FunctionRecord:
    return FunctionRecord(
        row.id,
        row.team_id,
        row.team.code,
        row.team.name,
        row.name,
        row.description,
        row.retired,
        row.alarm_from_grip,
        tuple(RequirementRecord(r.kind, r.months) for r in row.requirements),
        row.version,
    )


def list_teams(session: Session, *, include_retired: bool = False) -> tuple[TeamRecord, ...]:
    """Every team with its functions (retired ones when asked) and their requirements: three queries of plain
    rows, whatever the number of functions."""
    requirements: dict[int, list[RequirementRecord]] = defaultdict(list)
    for function_id, kind, months in session.execute(
        select(Requirement.function_id, Requirement.kind, Requirement.months).order_by(Requirement.kind)
    ):
        requirements[function_id].append(RequirementRecord(kind, months))
    teams = session.execute(select(Team.id, Team.code, Team.name).order_by(Team.sort_order, Team.id)).all()
    names = {team_id: (code, name) for team_id, code, name in teams}
    functions: dict[int, list[FunctionRecord]] = defaultdict(list)
    statement = select(
        CrisisFunction.id,
        CrisisFunction.team_id,
        CrisisFunction.name,
        CrisisFunction.description,
        CrisisFunction.retired,
        CrisisFunction.alarm_from_grip,
        CrisisFunction.version,
    ).order_by(CrisisFunction.sort_order, CrisisFunction.id)
    if not include_retired:
        statement = statement.where(CrisisFunction.retired.is_(False))
    for function_id, team_id, name, description, retired, grip, version in session.execute(statement):
        code, team_name = names[team_id]
        functions[team_id].append(
            FunctionRecord(
                function_id,
                team_id,
                code,
                team_name,
                name,
                description,
                retired,
                grip,
                tuple(requirements.get(function_id, ())),
                version,
            )
        )
    return tuple(TeamRecord(team_id, code, name, tuple(functions[team_id])) for team_id, code, name in teams)


def _check_function_fields(name: str, alarm_from_grip: int | None, requirements: Iterable[RequirementRecord]) -> None:
    errors = {}
    if not name.strip():
        errors["name"] = "Vul de naam van de functie in."
    if alarm_from_grip is not None and not 1 <= alarm_from_grip <= 4:
        errors["alarm_from_grip"] = "Een GRIP-niveau is 1, 2, 3 of 4."
    kinds = [r.kind for r in requirements]
    if len(kinds) != len(set(kinds)):
        errors["requirements"] = "Elke soort activiteit komt maar één keer voor in de eisen."
    if any(not 1 <= r.months <= 120 for r in requirements):
        errors["requirements"] = "Een termijn is 1 tot en met 120 maanden."
    if errors:
        raise ValidationError(errors)


@dataclass(frozen=True, slots=True)
class AddFunction(Command[FunctionRecord]):
    team_id: int
    name: str
    alarm_from_grip: int | None = None
    requirements: tuple[RequirementRecord, ...] = (RequirementRecord(ActivityKind.TRAINING, DEFAULT_MONTHS),)

    label: ClassVar[str] = "Functie toevoegen"

    def apply(self, session: Session) -> FunctionRecord:
        _check_function_fields(self.name, self.alarm_from_grip, self.requirements)
        team = existing(session, Team, self.team_id, "Team")
        order = max((f.sort_order for f in team.functions), default=0) + 1
        row = CrisisFunction(team=team, name=self.name.strip(), description="", sort_order=order, retired=False)
        row.alarm_from_grip = self.alarm_from_grip
        row.requirements = [Requirement(kind=r.kind, months=r.months) for r in self.requirements]
        session.add(row)
        session.flush()
        return _function_record(row)


@dataclass(frozen=True, slots=True)
class UpdateFunction(Command[FunctionRecord]):
    function_id: int
    name: str
    alarm_from_grip: int | None
    requirements: tuple[RequirementRecord, ...]

    label: ClassVar[str] = "Functie wijzigen"

    def apply(self, session: Session) -> FunctionRecord:
        _check_function_fields(self.name, self.alarm_from_grip, self.requirements)
        row = existing(session, CrisisFunction, self.function_id, "Functie")
        row.name = self.name.strip()
        row.alarm_from_grip = self.alarm_from_grip
        wanted = {r.kind: r.months for r in self.requirements}
        for requirement in list(row.requirements):
            if requirement.kind in wanted:
                requirement.months = wanted.pop(requirement.kind)
            else:
                # an orphan, so the ORM deletes it and the audit trail and the undo see the row go
                row.requirements.remove(requirement)
        row.requirements += [Requirement(kind=kind, months=months) for kind, months in wanted.items()]
        session.flush()
        return _function_record(row)


@dataclass(frozen=True, slots=True)
class SetFunctionRetired(Command[FunctionRecord]):
    function_id: int
    retired: bool

    label: ClassVar[str] = "Functie laten vervallen of terughalen"

    def title(self) -> str:
        return "Functie laten vervallen" if self.retired else "Functie terughalen"

    def apply(self, session: Session) -> FunctionRecord:
        row = existing(session, CrisisFunction, self.function_id, "Functie")
        row.retired = self.retired
        session.flush()
        return _function_record(row)


# -- assignments -------------------------------------------------------------------------------------------------


def _assignment_record(row: Assignment) -> AssignmentRecord:
    return AssignmentRecord(row.id, row.person_id, row.function_id, row.role, row.rank, row.start, row.end, row.version)


def _overlaps(a_start: date, a_end: date | None, b_start: date, b_end: date | None) -> bool:
    return a_start <= (b_end or date.max) and b_start <= (a_end or date.max)


def _active_on(on: date) -> ColumnElement[bool]:
    """An assignment that holds on ``on`` (as :meth:`AssignmentRecord.active_on`)."""
    return and_(Assignment.start <= on, or_(Assignment.end.is_(None), Assignment.end >= on))


def _holding_on(on: date) -> Select[int]:
    """Who holds a function on ``on``: the people of the assignments that hold then, as a subquery."""
    return select(Assignment.person_id).where(_active_on(on))


def list_assignments(
    session: Session, *, person_id: int | None = None, function_id: int | None = None, on: date | None = None
) -> tuple[AssignmentRecord, ...]:
    statement = select(
        Assignment.id,
        Assignment.person_id,
        Assignment.function_id,
        Assignment.role,
        Assignment.rank,
        Assignment.start,
        Assignment.end,
        Assignment.version,
    ).order_by(  # per function the primary first (not by the role's name, which puts deputies first), then deputies
        Assignment.function_id, case((Assignment.role == Role.PRIMARY, 0), else_=1), Assignment.rank, Assignment.start
    )
    if person_id is not None:
        statement = statement.where(Assignment.person_id == person_id)
    if function_id is not None:
        statement = statement.where(Assignment.function_id == function_id)
    if on is not None:
        statement = statement.where(_active_on(on))
    return tuple(AssignmentRecord(*row) for row in session.execute(statement))


@dataclass(frozen=True, slots=True)
class Assign(Command[AssignmentRecord]):
    """Let a person hold a function as primary or deputy from ``start`` (until ``end``, inclusive)."""

    person_id: int
    function_id: int
    role: Role
    start: date
    end: date | None = None

    label: ClassVar[str] = "Functie toewijzen"

    def apply(self, session: Session) -> AssignmentRecord:
        person = existing(session, Person, self.person_id, "Persoon")
        function = existing(session, CrisisFunction, self.function_id, "Functie")
        start, end = self.start, self.end
        if end is not None and end < start:
            raise ValidationError(
                {"end": f"De einddatum {format_date(end)} ligt vóór de begindatum {format_date(start)}."}
            )
        if person.archived:
            raise DomainError(f"{person.name} is gearchiveerd; haal de persoon eerst terug.")
        if function.retired:
            raise DomainError(f"De functie {function.name} is vervallen.")
        others = session.scalars(select(Assignment).where(Assignment.function_id == function.id)).all()
        for other in others:
            if not _overlaps(start, end, other.start, other.end):
                continue
            if other.person_id == person.id:
                raise DomainError(f"{person.name} heeft de functie {function.name} in die periode al.")
            if self.role is Role.PRIMARY and other.role is Role.PRIMARY:
                holder = session.get(Person, other.person_id)
                holder_name = holder.name if holder else "?"
                raise DomainError(
                    f"{function.name} heeft in die periode al een primaire functionaris ({holder_name}). "
                    "Beëindig die toewijzing eerst, of wijs toe als plaatsvervanger."
                )
        deputies = (o.rank for o in others if o.role is Role.DEPUTY)
        rank = 0 if self.role is Role.PRIMARY else max(deputies, default=0) + 1
        row = Assignment(person_id=person.id, function_id=function.id, role=self.role, rank=rank, start=start, end=end)
        session.add(row)
        session.flush()
        return _assignment_record(row)


@dataclass(frozen=True, slots=True)
class EndAssignment(Command[AssignmentRecord]):
    """Set the last day of an assignment (None: it runs on)."""

    assignment_id: int
    end: date | None

    label: ClassVar[str] = "Toewijzing beëindigen"

    def apply(self, session: Session) -> AssignmentRecord:
        row = existing(session, Assignment, self.assignment_id, "Toewijzing")
        if self.end is not None and self.end < row.start:
            raise ValidationError({"end": f"De einddatum ligt vóór de begindatum {format_date(row.start)}."})
        row.end = self.end
        session.flush()
        return _assignment_record(row)


class DeleteAssignment(DeleteRecord):
    label = "Toewijzing verwijderen"
    model = Assignment
    what = "Toewijzing"


# -- attendance and readiness ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RecordAttendance(Command[AttendanceRecord]):
    person_id: int
    kind: ActivityKind
    day: date
    recorded_at: datetime
    source: str = "handmatig"

    label: ClassVar[str] = "Deelname vastleggen"

    def apply(self, session: Session) -> AttendanceRecord:
        existing(session, Person, self.person_id, "Persoon")
        row = Attendance(
            person_id=self.person_id, kind=self.kind, day=self.day, source=self.source, recorded_at=self.recorded_at
        )
        session.add(row)
        session.flush()
        return AttendanceRecord(row.id, row.person_id, row.kind, row.day, row.source)


def list_attendance(session: Session, person_id: int) -> tuple[AttendanceRecord, ...]:
    rows = session.scalars(select(Attendance).where(Attendance.person_id == person_id).order_by(Attendance.day.desc()))
    return tuple(AttendanceRecord(r.id, r.person_id, r.kind, r.day, r.source) for r in rows)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the last day of the month where that day does not exist)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def readiness(
    requirements: tuple[RequirementRecord, ...], last_attended: Mapping[ActivityKind, date], on: date
) -> Readiness:
    """Whether someone with these last attendances per kind is ready on ``on`` for these requirements.

    Ready through the day exactly ``months`` after the attendance; "verloopt" when that day is less than 60
    days away.
    """
    if not requirements:
        return Readiness(ReadinessStatus.READY, None, "geen eisen vastgelegd voor deze functie")
    missing, expiries = [], []
    for requirement in requirements:
        label = KIND_LABELS[requirement.kind]
        last = last_attended.get(requirement.kind)
        if last is None or last > on:
            missing.append(f"nog geen {label}")
            continue
        valid_until = add_months(last, requirement.months)
        if valid_until < on:
            missing.append(
                f"{label} verlopen op {format_date(valid_until + timedelta(days=1))} (laatst {format_date(last)})"
            )
        else:
            expiries.append((valid_until, label))
    if missing:
        return Readiness(ReadinessStatus.NOT_READY, None, "; ".join(missing))
    expires, label = min(expiries)
    if (expires - on).days < EXPIRY_WARNING_DAYS:
        return Readiness(ReadinessStatus.EXPIRING, expires, f"{label} verloopt na {format_date(expires)}")
    return Readiness(ReadinessStatus.READY, expires, f"vakbekwaam tot en met {format_date(expires)}")


def _last_attended(session: Session, whose: ColumnElement[bool], on: date) -> dict[int, dict[ActivityKind, date]]:
    """Per person (those ``whose`` selects, a condition on :attr:`Attendance.person_id`) and kind of activity, the
    last day they attended one on or before ``on``: one query."""
    result: dict[int, dict[ActivityKind, date]] = defaultdict(dict)
    rows = session.execute(
        select(Attendance.person_id, Attendance.kind, func.max(Attendance.day))
        .where(whose, Attendance.day <= on)
        .group_by(Attendance.person_id, Attendance.kind)
    )
    for person_id, kind, day in rows:
        result[person_id][kind] = day
    return result


def readiness_of(
    session: Session, function: FunctionRecord, person_ids: Iterable[int], on: date
) -> dict[int, Readiness]:
    """The readiness on ``on`` of these people for ``function``, whether they hold it or not (an officer on
    duty through an override need not)."""
    ids = set(person_ids)
    last = _last_attended(session, Attendance.person_id.in_(ids), on)
    return {person_id: readiness(function.requirements, last.get(person_id, {}), on) for person_id in ids}


def overview(session: Session, on: date, *, include_retired: bool = False) -> Overview:
    """Every function with the people holding it on ``on`` (archived people left out) and their readiness; of the
    people, only those who hold a function are read (each the user may not see as a :func:`hidden_person`)."""
    holding = _holding_on(on)
    seen = session.execute(
        select(*_PERSON_COLUMNS).where(Person.archived.is_(False), Person.id.in_(holding), _seen(session))
    )
    people = people_by_id(session, (PersonRecord(*row) for row in seen), holding)
    return _overview(session, on, people, list_assignments(session, on=on), include_retired=include_retired)


def _overview(
    session: Session,
    on: date,
    people: Mapping[int, PersonRecord],
    all_assignments: Iterable[AssignmentRecord],
    *,
    include_retired: bool = False,
) -> Overview:
    """The overview from ``people``: everyone not archived who may hold a function (see :func:`people_by_id`)."""
    teams = list_teams(session, include_retired=include_retired)
    assignments = [a for a in all_assignments if a.active_on(on) and a.person_id in people]
    last = _last_attended(session, Attendance.person_id.in_(_holding_on(on)), on)
    by_function: dict[int, list[AssignmentRecord]] = defaultdict(list)
    for assignment in assignments:
        by_function[assignment.function_id].append(assignment)
    staffing = []
    for team in teams:
        for function in team.functions:
            ordered = sorted(by_function.get(function.id, []), key=lambda a: (a.role is not Role.PRIMARY, a.rank, a.id))
            # Deputies are numbered as they stand now (1, 2, …), not by their rank among all who ever held it.
            number = iter(range(1, len(ordered) + 1))
            holders = [
                replace(a, rank=rank) if a.role is Role.DEPUTY and a.rank != (rank := next(number)) else a
                for a in ordered
            ]
            staffing.append(
                FunctionStaffing(
                    function,
                    tuple(
                        Holder(people[a.person_id], a, readiness(function.requirements, last.get(a.person_id, {}), on))
                        for a in holders
                    ),
                )
            )
    return Overview(on, teams, tuple(staffing))


@dataclass(frozen=True, slots=True)
class OrganisationView:
    """Everything the crisis-organisation page shows, read at once: the overview on a day, the people listed
    (archived ones too when asked) and every assignment ever made, with everyone (a stand-in for a person the user
    may not see), for the holders of a function past and present."""

    overview: Overview
    people: tuple[PersonRecord, ...]
    assignments: tuple[AssignmentRecord, ...]
    everyone: Mapping[int, PersonRecord]

    @property
    def names(self) -> dict[int, str]:
        """Everyone's name by id."""
        return {person_id: p.name for person_id, p in self.everyone.items()}

    def person(self, person_id: int) -> PersonRecord | None:
        return self.everyone.get(person_id)

    def functions_of(self) -> dict[int, str]:
        """Per person the functions they hold on the overview's day, as the people list shows them."""
        held: dict[int, list[str]] = defaultdict(list)
        for staffing in self.overview.staffing:
            for holder in staffing.holders:
                held[holder.person.id].append(f"{staffing.function.name} ({holder.assignment.role_label()})")
        return {person_id: ", ".join(names) for person_id, names in held.items()}

    def holders_of(self, function_id: int) -> tuple[AssignmentRecord, ...]:
        """Who holds or held a function, in the order of :func:`list_assignments`."""
        return tuple(a for a in self.assignments if a.function_id == function_id)


def organisation_view(session: Session, on: date, *, include_archived: bool = False) -> OrganisationView:
    """The crisis-organisation page's data in one read (see :class:`OrganisationView`), in a fixed number of
    queries whatever the number of people."""
    everyone = list_people(session, include_archived=True)
    assignments = list_assignments(session)
    listed = everyone if include_archived else tuple(p for p in everyone if not p.archived)
    people = people_by_id(session, everyone, include_archived=True)
    holders = {person_id: p for person_id, p in people.items() if not p.archived}
    return OrganisationView(_overview(session, on, holders, assignments), listed, assignments, people)


def functions_held(session: Session, person_ids: Collection[int], on: date) -> tuple[tuple[int, str, str], ...]:
    """Who of ``person_ids`` holds which function on ``on``: (person, team code, function name), in the order of the
    teams and their functions, from one query (a drill's results per team and function need no readiness), also of
    people the user may not see."""
    facts = staffing_people(session)
    rows = session.execute(
        select(Assignment.person_id, Team.code, CrisisFunction.name)
        .join(CrisisFunction, CrisisFunction.id == Assignment.function_id)
        .join(Team, Team.id == CrisisFunction.team_id)
        .join(facts, facts.c.id == Assignment.person_id)
        .where(
            Assignment.person_id.in_(person_ids),
            _active_on(on),
            CrisisFunction.retired.is_(False),
            facts.c.archived.is_(False),
        )
        .order_by(Team.sort_order, Team.id, CrisisFunction.sort_order, CrisisFunction.id, Assignment.id)
    )
    return tuple((person, team, function) for person, team, function in rows)


# -- importing people --------------------------------------------------------------------------------------------

PEOPLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("naam", "name", "volledige naam"),
    "municipality": ("gemeente", "gemeente/organisatie", "organisatie/gemeente"),
    "organisation": ("afdeling", "organisatie", "dienst"),
    "mobile": ("mobiel", "mobiele telefoon", "mobiel nummer", "06-nummer"),
    "phone": ("telefoon", "ander nummer", "vast nummer", "telefoon vast"),
    "email": ("e-mail", "email", "e-mailadres", "mail"),
    "remarks": ("opmerkingen", "opmerking"),
}


def export_people(session: Session, encoding: Encoding = Encoding.UTF8) -> bytes:
    """Everyone not archived as a CSV that :func:`plan_people_import` reads back unchanged (personal data: the
    caller says whose eyes it is for)."""
    header = [aliases[0] for aliases in PEOPLE_COLUMNS.values()]
    rows = ([str(getattr(person, key)) for key in PEOPLE_COLUMNS] for person in list_people(session))
    return write_table(header, rows, encoding)


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """What an import of people will do: who is added, who is updated (and how), what it ignores."""

    adds: tuple[PersonInput, ...]
    updates: tuple[tuple[PersonRecord, PersonInput], ...]
    unchanged: int
    ignored_columns: tuple[str, ...]


def plan_people_import(session: Session, data: bytes) -> ImportPlan:
    """Read and check a people CSV; refuse it whole (ImportRefusedError naming line and column) if any row
    is bad. A person with the same name and municipality is updated; an empty cell keeps what is known."""
    table = read_table(data, PEOPLE_COLUMNS, ("name", "municipality"))
    by_identity = {(name_key(p.name), p.municipality): p for p in list_people(session, include_archived=True)}
    seen: dict[tuple[str, str], int] = {}
    adds: list[PersonInput] = []
    updates: list[tuple[PersonRecord, PersonInput]] = []
    unchanged = 0
    for row in table.rows:
        raw = PersonInput(**{key: row.values.get(key, "") for key in PEOPLE_COLUMNS})
        try:
            clean = validate_person(raw)
        except ValidationError as exc:
            key, reason = next(iter(exc.errors.items()))
            raise ImportRefusedError(reason, line=row.line, column=PEOPLE_COLUMNS[key][0]) from exc
        identity = (name_key(clean.name), clean.municipality)
        if identity in seen:
            raise ImportRefusedError(
                f"{clean.name} ({clean.municipality}) staat ook al op regel {seen[identity]}.", line=row.line
            )
        seen[identity] = row.line
        current = by_identity.get(identity)
        if current is None:
            adds.append(clean)
            continue
        known = current.as_input()
        merged = PersonInput(
            known.name,
            known.municipality,
            clean.organisation or known.organisation,
            clean.mobile or known.mobile,
            clean.phone or known.phone,
            clean.email or known.email,
            clean.remarks or known.remarks,
        )
        if merged == known:
            unchanged += 1
        else:
            updates.append((current, merged))
    return ImportPlan(tuple(adds), tuple(updates), unchanged, table.ignored_columns)


#: How many new people an import hands to the database at a time.
IMPORT_FLUSH_ROWS = 2000


@dataclass(frozen=True, slots=True)
class ImportPeople(Command[ImportPlan]):
    """Import a people CSV all or nothing (see :func:`plan_people_import`); returns what was done."""

    data: bytes

    label: ClassVar[str] = "Personen importeren"

    def apply(self, session: Session) -> ImportPlan:
        plan = plan_people_import(session, self.data)
        for number, person in enumerate(plan.adds, start=1):
            session.add(Person(archived=False, **_fields(person)))
            if number % IMPORT_FLUSH_ROWS == 0:
                session.flush()  # in steps: a list of 100,000 people is never all in memory as objects at once
        for current, merged in plan.updates:
            _apply(existing(session, Person, current.id, "Persoon"), merged)
        session.flush()
        return plan


def _fields(data: PersonInput) -> dict[str, str]:
    return {
        "name": data.name,
        "municipality": data.municipality,
        "organisation": data.organisation,
        "mobile": data.mobile,
        "phone": data.phone,
        "email": data.email,
        "remarks": data.remarks,
    }

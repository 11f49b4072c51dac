"""The piket: rotas expanded in local time, fair proposals, overrides on top, who is on duty, warnings.

Handover moments are computed in Europe/Amsterdam and stored as UTC, so a Monday-09:00 handover stays 09:00
across daylight saving time: the shift holding the last Sunday of March lasts 167 hours, that of October 169.
"""

import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import ClassVar

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from crisisapp.errors import DomainError, ValidationError
from crisisapp.models.organisation import Attendance, CrisisFunction, Person, Requirement
from crisisapp.models.oto import ActivityKind
from crisisapp.models.piket import Override, Rota, Share, Shift, Unavailability
from crisisapp.services import organisation
from crisisapp.services.calendar_nl import heavy_reason
from crisisapp.services.commands import Command, DeleteRecord, existing
from crisisapp.services.piket_schedule import HOUR
from crisisapp.services.piket_schedule import Officer as Officer
from crisisapp.services.piket_schedule import OverrideRecord as OverrideRecord
from crisisapp.services.piket_schedule import Schedule as Schedule
from crisisapp.services.piket_schedule import Segment as Segment
from crisisapp.services.piket_schedule import ShiftRecord as ShiftRecord
from crisisapp.services.piket_schedule import effective as effective
from crisisapp.timeutil import format_datetime, to_local, to_utc

TABLES = frozenset(table.__tablename__ for table in (Rota, Share, Shift, Override, Unavailability))
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


# -- records ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RotaRecord:
    id: int
    name: str
    function_id: int
    handover_weekday: int
    handover_time: time
    shift_days: int
    shares: Mapping[str, int]
    version: int

    def describe(self) -> str:
        weekday = WEEKDAYS[self.handover_weekday]
        return f"overdracht {weekday} {self.handover_time:%H:%M}, diensten van {self.shift_days} dagen"


@dataclass(frozen=True, slots=True)
class Slot:
    """One turn of duty between two handovers."""

    start: datetime
    end: datetime
    heavy: str | None  # the heavy days it holds, named

    @property
    def hours(self) -> float:
        return (self.end - self.start) / HOUR


@dataclass(frozen=True, slots=True)
class Warning:
    kind: str  # "gat", "overlap", "verlof", "niet vakbekwaam"
    start: datetime
    end: datetime
    text: str


@dataclass(frozen=True, slots=True)
class Division:
    """Hours on duty per municipality and per person in a period, against the agreed shares."""

    hours_by_municipality: Mapping[str, float]
    target_by_municipality: Mapping[str, float]
    hours_by_person: Mapping[int, float]


# -- expansion and proposals (pure) -------------------------------------------------------------------------------


def handovers(rota: RotaRecord, first: date, last: date) -> list[datetime]:
    """The handover moments (UTC) from the first handover day on or after ``first`` through ``last``."""
    day = first + timedelta(days=(rota.handover_weekday - first.weekday()) % 7)
    moments = []
    while day <= last:
        moments.append(to_utc(datetime.combine(day, rota.handover_time)))
        day += timedelta(days=rota.shift_days)
    return moments


def slots(rota: RotaRecord, first: date, last: date, begin: datetime | None = None) -> list[Slot]:
    """The turns of duty whose handovers fall from ``first`` through ``last`` (+ the closing handover).

    With ``begin`` the turns start there: a first, shorter turn from ``begin`` until the next handover, and
    no turn that ends by then."""
    moments = handovers(rota, first, last + timedelta(days=rota.shift_days))
    if begin is not None:
        moments = [begin, *(moment for moment in moments if moment > begin)]
    result = []
    for start, end in itertools.pairwise(moments):
        if to_local(start).date() > last:
            break
        result.append(Slot(start, end, heavy_reason(*_mostly_held_days(start, end))))
    return result


def _mostly_held_days(start: datetime, end: datetime) -> tuple[date, date]:
    """The first and last local day of which the turn holds at least twelve hours (a Monday holiday with a
    Monday-09:00 handover belongs to the week that starts that morning, not to both)."""
    first, last = to_local(start).date(), to_local(end).date()

    def held(day: date) -> float:
        begin = to_utc(datetime.combine(day, time(0, 0)))
        finish = to_utc(datetime.combine(day + timedelta(days=1), time(0, 0)))
        return (min(end, finish) - max(start, begin)) / HOUR

    while first < last and held(first) < 12:
        first += timedelta(days=1)
    while last > first and held(last) < 12:
        last -= timedelta(days=1)
    return first, last


@dataclass
class _Tally:
    hours: float = 0.0
    heavy: int = 0


def propose(
    turns: Sequence[Slot],
    pool: Mapping[int, Officer],
    shares: Mapping[str, int],
    unavailable: Mapping[int, Sequence[tuple[datetime, datetime]]],
    heavy_history: Mapping[int, int],
    previous: int | None = None,
) -> list[tuple[Slot, int | None]]:
    """Who takes each turn: never the one who had the turn before while another officer is free; a heavy turn
    to whoever had fewest heavy turns (over the years, this proposal included); then the municipality furthest
    behind its agreed share (by hours) and within it the officer with the fewest hours; None where nobody is
    free. Officers of a municipality without a share only take turns nobody else can."""
    tallies = {person_id: _Tally(heavy=heavy_history.get(person_id, 0)) for person_id in pool}
    per_municipality: dict[str, float] = defaultdict(float)
    total = 0.0
    result: list[tuple[Slot, int | None]] = []
    for turn in turns:
        free = [
            officer
            for officer in pool.values()
            if not any(s < turn.end and turn.start < e for s, e in unavailable.get(officer.person_id, ()))
        ]
        candidates = [o for o in free if shares.get(o.municipality, 0) > 0] or free
        if not candidates:
            result.append((turn, None))
            previous = None
            continue
        weights = {o.municipality: shares.get(o.municipality, 0) for o in candidates}
        if not any(weights.values()):
            weights = dict.fromkeys(weights, 1)
        weight_total = sum(weights.values())
        behind = {m: w / weight_total * (total + turn.hours) - per_municipality[m] for m, w in weights.items()}
        chosen = min(
            candidates,
            key=lambda o: (
                o.person_id == previous,
                tallies[o.person_id].heavy if turn.heavy else 0,
                -behind[o.municipality],
                o.municipality,
                tallies[o.person_id].hours,
                o.name,
                o.person_id,
            ),
        )
        tallies[chosen.person_id].hours += turn.hours
        if turn.heavy:
            tallies[chosen.person_id].heavy += 1
        per_municipality[chosen.municipality] += turn.hours
        total += turn.hours
        result.append((turn, chosen.person_id))
        previous = chosen.person_id
    return result


def division(
    schedule: Schedule, pool: Mapping[int, Officer], shares: Mapping[str, int], start: datetime, end: datetime
) -> Division:
    by_person: dict[int, float] = defaultdict(float)
    by_municipality: dict[str, float] = defaultdict(float)
    for segment in schedule.segments:
        overlap = (min(segment.end, end) - max(segment.start, start)) / HOUR
        if overlap <= 0:
            continue
        by_person[segment.person_id] += overlap
        officer = pool.get(segment.person_id)
        by_municipality[officer.municipality if officer else "onbekend"] += overlap
    total = sum(by_municipality.values())
    weight_total = sum(shares.values()) or 1
    targets = {m: total * w / weight_total for m, w in shares.items()}
    return Division(dict(by_municipality), targets, dict(by_person))


# -- the database side --------------------------------------------------------------------------------------------


def _rota_record(row: Rota) -> RotaRecord:
    return RotaRecord(
        row.id,
        row.name,
        row.function_id,
        row.handover_weekday,
        row.handover_time,
        row.shift_days,
        {share.municipality: share.weight for share in row.shares},
        row.version,
    )


def list_rotas(session: Session) -> tuple[RotaRecord, ...]:
    rows = session.scalars(select(Rota).options(selectinload(Rota.shares)).order_by(Rota.id))
    return tuple(_rota_record(row) for row in rows)


def get_rota(session: Session, rota_id: int) -> RotaRecord:
    return _rota_record(existing(session, Rota, rota_id, "Piketrooster"))


def _check_rota(name: str, weekday: int, shift_days: int, shares: Mapping[str, int]) -> None:
    errors = {}
    if not name.strip():
        errors["name"] = "Geef het rooster een naam."
    if not 0 <= weekday <= 6:
        errors["handover_weekday"] = "Kies een dag van de week voor de overdracht."
    if not 1 <= shift_days <= 28:
        errors["shift_days"] = "Een dienst duurt 1 tot en met 28 dagen."
    unknown = [m for m in shares if organisation.canonical_municipality(m) is None]
    if unknown:
        errors["shares"] = f"Onbekende gemeente: {', '.join(unknown)}."
    elif any(weight < 0 for weight in shares.values()) or not any(shares.values()):
        errors["shares"] = "Geef minstens één gemeente een aandeel groter dan 0."
    if errors:
        raise ValidationError(errors)


@dataclass(frozen=True, slots=True)
class CreateRota(Command[RotaRecord]):
    name: str
    function_id: int
    shares: Mapping[str, int]
    handover_weekday: int = 0
    handover_time: time = time(9, 0)
    shift_days: int = 7

    label: ClassVar[str] = "Piketrooster aanmaken"

    def apply(self, session: Session) -> RotaRecord:
        _check_rota(self.name, self.handover_weekday, self.shift_days, self.shares)
        existing(session, CrisisFunction, self.function_id, "Functie")
        row = Rota(
            name=self.name.strip(),
            function_id=self.function_id,
            handover_weekday=self.handover_weekday,
            handover_time=self.handover_time,
            shift_days=self.shift_days,
        )
        row.shares = [Share(municipality=m, weight=w) for m, w in self.shares.items()]
        session.add(row)
        session.flush()
        return _rota_record(row)


@dataclass(frozen=True, slots=True)
class UpdateRota(Command[RotaRecord]):
    rota_id: int
    name: str
    shares: Mapping[str, int]
    handover_weekday: int
    handover_time: time
    shift_days: int

    label: ClassVar[str] = "Piketrooster wijzigen"

    def apply(self, session: Session) -> RotaRecord:
        _check_rota(self.name, self.handover_weekday, self.shift_days, self.shares)
        row = existing(session, Rota, self.rota_id, "Piketrooster")
        row.name, row.handover_weekday, row.handover_time, row.shift_days = (
            self.name.strip(),
            self.handover_weekday,
            self.handover_time,
            self.shift_days,
        )
        wanted = dict(self.shares)
        for share in list(row.shares):
            if share.municipality in wanted:
                share.weight = wanted.pop(share.municipality)
            else:
                row.shares.remove(share)
        row.shares += [Share(municipality=m, weight=w) for m, w in wanted.items()]
        session.flush()
        return _rota_record(row)


def pool(session: Session, rota_id: int, on: date) -> dict[int, Officer]:
    """The officers of the rota: everyone holding its function on ``on`` (archived people left out)."""
    rota = existing(session, Rota, rota_id, "Piketrooster")
    holders = organisation.list_assignments(session, function_id=rota.function_id, on=on)
    people = {p.id: p for p in organisation.list_people(session)}
    return {
        a.person_id: Officer(
            a.person_id, people[a.person_id].name, people[a.person_id].municipality, people[a.person_id].mobile
        )
        for a in holders
        if a.person_id in people
    }


def _pool_over(
    session: Session, rota: RotaRecord, start: datetime, end: datetime
) -> tuple[dict[int, Officer], dict[int, list[tuple[datetime, datetime]]]]:
    """Everyone holding the rota's function at some time from ``start`` to ``end``, and for each the times
    they do not hold it (before their assignment starts, after it ends), to be treated as absence."""
    people = {p.id: p for p in organisation.list_people(session)}
    windows: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    for assignment in organisation.list_assignments(session, function_id=rota.function_id):
        if assignment.person_id not in people:
            continue
        held_from = to_utc(datetime.combine(assignment.start, time(0, 0)))
        held_until = (
            to_utc(datetime.combine(assignment.end + timedelta(days=1), time(0, 0))) if assignment.end else None
        )
        if held_from < end and (held_until is None or held_until > start):
            windows[assignment.person_id].append((held_from, held_until or end))
    officers = {p: Officer(p, people[p].name, people[p].municipality, people[p].mobile) for p in windows}
    absent: dict[int, list[tuple[datetime, datetime]]] = {}
    for person, held in windows.items():
        cursor, gaps = start, []
        for held_from, held_until in sorted(held):
            if held_from > cursor:
                gaps.append((cursor, held_from))
            cursor = max(cursor, held_until)
        if cursor < end:
            gaps.append((cursor, end))
        absent[person] = gaps
    return officers, absent


def officers_by_id(session: Session) -> dict[int, Officer]:
    """Every person (archived too) as an officer record, for naming whoever is or was on duty."""
    people = session.execute(select(Person.id, Person.name, Person.municipality, Person.mobile))
    return {
        person_id: Officer(person_id, name, municipality, mobile) for person_id, name, municipality, mobile in people
    }


def shifts(
    session: Session, rota_id: int, start: datetime | None = None, end: datetime | None = None
) -> tuple[ShiftRecord, ...]:
    statement = (
        select(Shift.id, Shift.person_id, Shift.start, Shift.end, Shift.version)
        .where(Shift.rota_id == rota_id)
        .order_by(Shift.start, Shift.id)
    )
    if start is not None:
        statement = statement.where(Shift.end > start)
    if end is not None:
        statement = statement.where(Shift.start < end)
    return tuple(ShiftRecord(*row) for row in session.execute(statement))


def overrides(
    session: Session, rota_id: int, *, include_cancelled: bool = False, after: datetime | None = None
) -> tuple[OverrideRecord, ...]:
    statement = (
        select(
            Override.id,
            Override.person_id,
            Override.start,
            Override.end,
            Override.reason,
            Override.cancelled,
            Override.version,
        )
        .where(Override.rota_id == rota_id)
        .order_by(Override.id)
    )
    if not include_cancelled:
        statement = statement.where(Override.cancelled.is_(False))
    if after is not None:
        statement = statement.where(Override.end > after)
    return tuple(OverrideRecord(*row) for row in session.execute(statement))


def schedule(session: Session, rota_id: int, after: datetime | None = None) -> Schedule:
    """The effective schedule of a rota: all of it, or from the moment ``after`` on (who is on duty then, and
    after)."""
    return effective(shifts(session, rota_id, start=after), overrides(session, rota_id, after=after))


@dataclass(frozen=True, slots=True)
class LeaveRecord:
    id: int
    person_id: int
    start: datetime
    end: datetime
    reason: str
    version: int


def list_unavailability(session: Session) -> tuple[LeaveRecord, ...]:
    rows = session.scalars(select(Unavailability).order_by(Unavailability.start, Unavailability.id))
    return tuple(LeaveRecord(r.id, r.person_id, r.start, r.end, r.reason, r.version) for r in rows)


def unavailability(session: Session) -> dict[int, list[tuple[datetime, datetime, str]]]:
    """Leave and absence per person."""
    result: dict[int, list[tuple[datetime, datetime, str]]] = defaultdict(list)
    for leave in list_unavailability(session):
        result[leave.person_id].append((leave.start, leave.end, leave.reason))
    return result


def _check_period(start: datetime, end: datetime) -> None:
    if end <= start:
        raise ValidationError(
            {"end": f"Het einde ({format_datetime(end)}) ligt niet na het begin ({format_datetime(start)})."}
        )


@dataclass(frozen=True, slots=True)
class AddUnavailability(Command[int]):
    person_id: int
    start: datetime
    end: datetime
    reason: str = "verlof"

    label: ClassVar[str] = "Verlof of afwezigheid vastleggen"

    def apply(self, session: Session) -> int:
        _check_period(self.start, self.end)
        existing(session, Person, self.person_id, "Persoon")
        row = Unavailability(
            person_id=self.person_id, start=self.start, end=self.end, reason=self.reason.strip() or "verlof"
        )
        session.add(row)
        session.flush()
        return row.id


class DeleteUnavailability(DeleteRecord):
    label = "Verlof of afwezigheid verwijderen"
    model = Unavailability
    what = "Afwezigheid"


def heavy_history(session: Session, rota_id: int, before: datetime) -> dict[int, int]:
    """How many heavy turns each person had in this rota before ``before``."""
    counts: dict[int, int] = defaultdict(int)
    for shift in shifts(session, rota_id, end=before):
        if heavy_reason(*_mostly_held_days(shift.start, shift.end)):
            counts[shift.person_id] += 1
    return counts


def make_proposal(session: Session, rota_id: int, first: date, last: date) -> list[tuple[Slot, int | None]]:
    """A proposed schedule for the turns starting from ``first`` through ``last``; nothing is saved.

    It covers the period from its first day: from the handover time that day, or from the end of the shifts
    already there if later, a first (shorter) turn until the next handover, then whole turns."""
    if last < first:
        raise ValidationError({"end": "De laatste dag ligt vóór de eerste."})
    rota = get_rota(session, rota_id)
    begin = to_utc(datetime.combine(first, rota.handover_time))
    planned = effective(shifts(session, rota_id, start=begin), ())
    while (covering := planned.on_duty(begin)) is not None:
        begin = covering.end
    turns = slots(rota, first, last, begin)
    if not turns:
        raise DomainError("Die periode is al ingeroosterd; kies een latere of langere periode.")
    officers, absent = _pool_over(session, rota, turns[0].start, turns[-1].end)
    if not officers:
        raise DomainError(
            "Niemand vervult de functie van dit rooster; wijs eerst officieren toe in de crisisorganisatie."
        )
    for person, periods in unavailability(session).items():
        absent.setdefault(person, []).extend((s, e) for s, e, _ in periods)
    before = schedule(session, rota_id).on_duty(turns[0].start - timedelta(minutes=1))
    return propose(
        turns,
        officers,
        rota.shares,
        absent,
        heavy_history(session, rota_id, turns[0].start),
        before.person_id if before else None,
    )


@dataclass(frozen=True, slots=True)
class SaveShifts(Command[tuple[ShiftRecord, ...]]):
    """Put the planned shifts (start, end, person) in, as accepting a proposal does; existing shifts in the
    period they cover give way (one straddling its edge is shortened to the part outside, never dropped whole)."""

    rota_id: int
    planned: tuple[tuple[datetime, datetime, int], ...]

    label: ClassVar[str] = "Piketdiensten vastleggen"

    def apply(self, session: Session) -> tuple[ShiftRecord, ...]:
        existing(session, Rota, self.rota_id, "Piketrooster")
        if not self.planned:
            return ()
        for begin, finish, _person in self.planned:
            _check_period(begin, finish)
        for person in {person for _, _, person in self.planned}:
            existing(session, Person, person, "Persoon")
        rota_id = self.rota_id
        clear_period(session, rota_id, min(p[0] for p in self.planned), max(p[1] for p in self.planned))
        return add_shifts(session, rota_id, self.planned)


def clear_period(
    session: Session, rota_id: int, start: datetime, end: datetime, given_way: frozenset[int] | None = None
) -> None:
    """Let the shifts from ``start`` to ``end`` give way (only those with an id in ``given_way`` if given): one
    straddling an edge is shortened to the part outside, never dropped whole. For commands to call."""
    statement = select(Shift).where(Shift.rota_id == rota_id, Shift.end > start, Shift.start < end)
    for row in session.scalars(statement):
        if given_way is not None and row.id not in given_way:
            continue
        if row.start < start and row.end > end:  # the period lies inside: keep both ends
            session.add(Shift(rota_id=rota_id, person_id=row.person_id, start=end, end=row.end))
            row.end = start
        elif row.start < start:
            row.end = start
        elif row.end > end:
            row.start = end
        else:
            session.delete(row)
    session.flush()


def add_shifts(
    session: Session, rota_id: int, planned: Iterable[tuple[datetime, datetime, int]]
) -> tuple[ShiftRecord, ...]:
    """Add the planned shifts (start, end, person). For commands to call."""
    rows = [Shift(rota_id=rota_id, person_id=person, start=s, end=e) for s, e, person in planned]
    session.add_all(rows)
    session.flush()
    return tuple(ShiftRecord(r.id, r.person_id, r.start, r.end) for r in rows)


@dataclass(frozen=True, slots=True)
class AddOverride(Command[int]):
    """One officer takes over (part of) the piket; over another's active overname only when ``overrule``."""

    rota_id: int
    person_id: int
    start: datetime
    end: datetime
    reason: str
    overrule: bool = False

    label: ClassVar[str] = "Piketdienst overnemen"

    def apply(self, session: Session) -> int:
        _check_period(self.start, self.end)
        existing(session, Rota, self.rota_id, "Piketrooster")
        person = existing(session, Person, self.person_id, "Persoon")
        if schedule(session, self.rota_id).on_duty_throughout(self.person_id, self.start, self.end):
            raise DomainError(
                f"{person.name} heeft van {format_datetime(self.start)} tot {format_datetime(self.end)} al dienst; "
                "een overname door dezelfde officier verandert niets. Kies wie de dienst overneemt."
            )
        crossed = [
            o
            for o in overrides(session, self.rota_id)
            if o.person_id != self.person_id and o.start < self.end and o.end > self.start
        ]
        if crossed and not self.overrule:
            other = existing(session, Person, crossed[0].person_id, "Persoon")
            raise DomainError(
                f"Dit valt over de overname van {other.name} ({format_datetime(crossed[0].start)} – "
                f"{format_datetime(crossed[0].end)}); bevestig dat het de bedoeling is."
            )
        row = Override(
            rota_id=self.rota_id,
            person_id=self.person_id,
            start=self.start,
            end=self.end,
            reason=self.reason.strip(),
            cancelled=False,
        )
        session.add(row)
        session.flush()
        return row.id


@dataclass(frozen=True, slots=True)
class CancelOverride(Command[None]):
    """Withdraw an override; it stays as history."""

    override_id: int

    label: ClassVar[str] = "Overname intrekken"

    def apply(self, session: Session) -> None:
        row = existing(session, Override, self.override_id, "Overname")
        if row.cancelled:
            raise DomainError("Deze overname is al ingetrokken.")
        row.cancelled = True


#: Why a shift under way cannot be swapped.
STARTED_SWAP = "Een dienst die al begonnen is kan niet meer worden geruild; gebruik Overname."


@dataclass(frozen=True, slots=True)
class SwapShifts(Command[None]):
    """Two officers swap whole shifts, both still to come at ``at`` (a shift under way is taken over instead)."""

    first_id: int
    second_id: int
    at: datetime

    label: ClassVar[str] = "Piketdiensten ruilen"

    def apply(self, session: Session) -> None:
        first, second = session.get(Shift, self.first_id), session.get(Shift, self.second_id)
        if first is None or second is None:
            raise DomainError("Een van de diensten bestaat niet (meer).")
        if first.rota_id != second.rota_id:
            raise DomainError("Alleen diensten van hetzelfde rooster kunnen worden geruild.")
        if first.person_id == second.person_id:
            raise DomainError("Beide diensten zijn van dezelfde officier; er valt niets te ruilen.")
        if min(first.start, second.start) <= self.at:
            raise DomainError(STARTED_SWAP)
        first.person_id, second.person_id = second.person_id, first.person_id


def warnings(session: Session, rota_id: int, start: datetime, end: datetime) -> list[Warning]:
    """Gaps, overlaps, officers on duty during their leave or while not vakbekwaam, from ``start`` to ``end``."""
    rota = get_rota(session, rota_id)
    base = shifts(session, rota_id, start, end)
    plan = effective(base, overrides(session, rota_id))
    return _warnings(session, rota, officers_by_id(session), base, plan, list_unavailability(session), start, end)


def _warnings(
    session: Session,
    rota: RotaRecord,
    names: Mapping[int, Officer],
    base: Sequence[ShiftRecord],
    plan: Schedule,
    leave: Iterable[LeaveRecord],
    start: datetime,
    end: datetime,
) -> list[Warning]:
    """:func:`warnings` of what was read already: the period's shifts (``base``) and the whole plan."""
    absent: dict[int, list[LeaveRecord]] = defaultdict(list)
    for record in leave:
        absent[record.person_id].append(record)
    requirements = tuple(
        organisation.RequirementRecord(kind, months)
        for kind, months in session.execute(
            select(Requirement.kind, Requirement.months)
            .where(Requirement.function_id == rota.function_id)
            .order_by(Requirement.kind)
        )
    )
    found: list[Warning] = []
    cursor = start
    for segment in plan.segments:
        if segment.end <= start or segment.start >= end:
            continue
        if segment.start > cursor:
            found.append(Warning("gat", cursor, segment.start, "niemand heeft piket"))
        cursor = max(cursor, segment.end)
    if cursor < end:
        found.append(Warning("gat", cursor, end, "niemand heeft piket"))
    for a, b in itertools.combinations(base, 2):
        if a.start < b.end and b.start < a.end:
            both = f"{names[a.person_id].name} en {names[b.person_id].name}"
            found.append(Warning("overlap", max(a.start, b.start), min(a.end, b.end), f"dubbel ingeroosterd: {both}"))
    shown = [segment for segment in plan.segments if segment.end > start and segment.start < end]
    last_day = max((to_local(segment.end).date() for segment in shown), default=to_local(end).date())
    attendance = _attendance(session, {s.person_id for s in shown}, last_day)
    for segment in shown:
        name = names[segment.person_id].name
        for away in absent.get(segment.person_id, ()):
            if away.start < segment.end and segment.start < away.end:
                found.append(
                    Warning(
                        "verlof",
                        max(away.start, segment.start),
                        min(away.end, segment.end),
                        f"{name} heeft dan {away.reason}",
                    )
                )
        # Ready when the shift starts and still on its last day: a lapse on the way counts too.
        for day in dict.fromkeys((to_local(segment.start).date(), to_local(segment.end - timedelta(minutes=1)).date())):
            history = _last_before(attendance.get(segment.person_id, ()), day)
            readiness = organisation.readiness(requirements, history, day)
            if not readiness.ready:
                text = f"{name} is niet vakbekwaam: {readiness.reason}"
                found.append(Warning("niet vakbekwaam", segment.start, segment.end, text))
                break
    return sorted(found, key=lambda w: (w.start, w.kind))


def _attendance(session: Session, person_ids: set[int], until: date) -> dict[int, list[tuple[ActivityKind, date]]]:
    """What these people attended through ``until``, per person."""
    result: dict[int, list[tuple[ActivityKind, date]]] = defaultdict(list)
    if person_ids:
        rows = session.execute(
            select(Attendance.person_id, Attendance.kind, Attendance.day).where(
                Attendance.person_id.in_(person_ids), Attendance.day <= until
            )
        )
        for person_id, kind, day in rows:
            result[person_id].append((kind, day))
    return result


def _last_before(records: Iterable[tuple[ActivityKind, date]], day: date) -> dict[ActivityKind, date]:
    """The last day of each kind of activity someone attended on or before ``day``."""
    last: dict[ActivityKind, date] = {}
    for kind, attended in records:
        if attended <= day and (kind not in last or attended > last[kind]):
            last[kind] = attended
    return last


def divide(session: Session, rota_id: int, start: datetime, end: datetime) -> Division:
    rota = get_rota(session, rota_id)
    return division(schedule(session, rota_id), officers_by_id(session), rota.shares, start, end)


@dataclass(frozen=True)
class PiketView:
    """Everything the piket page shows, read at once: the rotas, the one shown (the one asked for, else the first)
    with its whole effective schedule, and of the period shown its shifts, warnings and division; the overrides,
    everyone who can be named, and the leave that has not ended before the period."""

    rotas: tuple[RotaRecord, ...]
    rota: RotaRecord | None
    officers: dict[int, Officer]
    plan: Schedule
    shifts: tuple[ShiftRecord, ...]
    overrides: tuple[OverrideRecord, ...]
    warnings: tuple[Warning, ...]
    division: Division
    leave: tuple[LeaveRecord, ...]


def page_view(session: Session, rota_id: int | None, start: datetime, end: datetime) -> PiketView:
    """The piket page's data in one read (see :class:`PiketView`), in a fixed number of queries."""
    rotas = list_rotas(session)
    rota = next((r for r in rotas if r.id == rota_id), rotas[0] if rotas else None)
    officers = officers_by_id(session)
    leave = list_unavailability(session)
    later_leave = tuple(record for record in leave if record.end > start)
    if rota is None:
        return PiketView(rotas, None, officers, Schedule(()), (), (), (), Division({}, {}, {}), later_leave)
    all_shifts, laid_over = shifts(session, rota.id), overrides(session, rota.id)
    plan = effective(all_shifts, laid_over)
    base = tuple(shift for shift in all_shifts if shift.end > start and shift.start < end)
    found = _warnings(session, rota, officers, base, plan, leave, start, end)
    divided = division(plan, officers, rota.shares, start, end)
    return PiketView(rotas, rota, officers, plan, base, laid_over, tuple(found), divided, later_leave)


# -- the alarm list ---------------------------------------------------------------------------------------------


def away_at(session: Session, moment: datetime) -> dict[int, str]:
    """Who is on leave or otherwise away at ``moment``, and why until when ("vakantie tot …")."""
    latest: dict[int, LeaveRecord] = {}  # of overlapping absences the one that lasts longest says until when
    for leave in list_unavailability(session):
        known = latest.get(leave.person_id)
        if leave.start <= moment < leave.end and (known is None or leave.end > known.end):
            latest[leave.person_id] = leave
    return {person_id: f"{leave.reason} tot {format_datetime(leave.end)}" for person_id, leave in latest.items()}


def _duty_calls(
    session: Session,
    staffing: organisation.FunctionStaffing,
    plans: Sequence[Schedule],
    moment: datetime,
    when: str,
) -> list[organisation.Call]:
    """The officers of a function's rotas on duty at ``moment`` (overrides applied), then the next ones; ``when``
    names the moment in their role ("nu", "op dat moment")."""
    duty: list[tuple[int, str]] = []
    for plan in plans:
        current = plan.on_duty(moment)
        if current is not None:
            taken_over = " (overname)" if current.override_id is not None else ""
            duty.append((current.person_id, f"piket {when}{taken_over}, tot {format_datetime(current.end)}"))
    for plan in plans:
        following = plan.next_officer(moment)
        if following is not None:
            duty.append((following.person_id, f"piket hierna, vanaf {format_datetime(following.start)}"))
    roles: dict[int, str] = {}
    for person_id, role in duty:
        roles.setdefault(person_id, role)  # each officer once, where they first stand
    holders = {h.person.id: h for h in staffing.holders}
    # an override may put someone on duty who does not hold the function (any more)
    ready = organisation.readiness_of(
        session, staffing.function, roles.keys() - holders.keys(), to_local(moment).date()
    )
    return [
        organisation.Call(holders[p].person, role, holders[p].readiness)
        if p in holders
        else organisation.Call(organisation.get_person(session, p), role, ready[p])
        for p, role in roles.items()
    ]


def alarm_list(session: Session, moment: datetime, now: datetime | None = None) -> organisation.AlarmList:
    """Whom to call for every function at ``moment``: for a function with a piket rota the officer on duty then
    (overrides applied), the next one on duty and then the rest of its pool; for any other function the primary
    and then the deputies in order. Whoever is on leave or away at that moment is marked and moved down.

    ``now`` is the clock's time when the list is asked for another moment: the officer on duty is then "piket op
    dat moment" instead of "piket nu" (within a minute of ``now``, or without ``now``, the moment is now).

    It is read here, not in the organisation's module, because the piket builds on the crisis organisation."""
    view = organisation.overview(session, to_local(moment).date())
    plans: dict[int, list[Schedule]] = defaultdict(list)
    for rota in list_rotas(session):
        plans[rota.function_id].append(schedule(session, rota.id, after=moment))
    away = away_at(session, moment)
    when = "nu" if now is None or abs(moment - now) < timedelta(minutes=1) else "op dat moment"
    functions = tuple(
        organisation.call_order(
            staffing,
            _duty_calls(session, staffing, plans[staffing.function.id], moment, when)
            if staffing.function.id in plans
            else None,
            away,
        )
        for staffing in view.staffing
    )
    return organisation.AlarmList(moment, view.teams, functions)

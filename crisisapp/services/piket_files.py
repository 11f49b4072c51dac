"""Exchanging piket schedules with the partner municipalities (CSV as Dutch Excel writes it) and exporting
them as iCalendar for phones and Outlook."""

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import ClassVar

from sqlalchemy.orm import Session

from crisisapp.errors import DomainError
from crisisapp.models.organisation import Role
from crisisapp.services import organisation, piket
from crisisapp.services.commands import Command
from crisisapp.services.csvfiles import ImportRefusedError, read_table
from crisisapp.services.piket import Officer, OverrideRecord, RotaRecord, ShiftRecord
from crisisapp.timeutil import AMSTERDAM, MONTHS, to_local

PARTNERS = ("Maassluis", "Vlaardingen", "Schiedam")
COLUMNS: dict[str, tuple[str, ...]] = {
    "begin": ("begin", "start", "van"),
    "end": ("einde", "eind", "tot"),
    "name": ("naam", "officier"),
    "municipality": ("gemeente",),
    "function": ("functie",),
}
LOCAL_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y %H:%M:%S", "%Y-%m-%dT%H:%M")
YEARS = range(2000, 2101)
EXAMPLE = "2027-03-29 09:00"


def parse_moment(text: str, *, line: int, column: str) -> datetime:
    """A moment written as local time (Europe/Amsterdam) or ISO 8601 with an offset, as aware UTC."""
    value = text.strip()
    if ":" not in value:
        raise ImportRefusedError(
            f"‘{value}’ heeft geen tijd; schrijf bijvoorbeeld {EXAMPLE}.", line=line, column=column
        )
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is not None and moment.year not in YEARS:
        raise ImportRefusedError(f"{value}: het jaar ligt niet tussen 2000 en 2100.", line=line, column=column)
    if moment is None or moment.tzinfo is None:
        naive = moment
        for pattern in LOCAL_FORMATS:
            if naive is not None:
                break
            try:
                naive = datetime.strptime(value, pattern)
            except ValueError:
                continue
        if naive is None:
            raise ImportRefusedError(
                f"‘{value}’ is geen datum met tijd; schrijf bijvoorbeeld {EXAMPLE}.", line=line, column=column
            )
        if naive.year not in YEARS:
            raise ImportRefusedError(f"{value}: het jaar ligt niet tussen 2000 en 2100.", line=line, column=column)
        early, late = naive.replace(tzinfo=AMSTERDAM, fold=0), naive.replace(tzinfo=AMSTERDAM, fold=1)
        if early.astimezone(UTC).astimezone(AMSTERDAM).replace(tzinfo=None) != naive:
            raise ImportRefusedError(
                f"{value} bestaat niet: in die nacht gaat de klok van 02:00 naar 03:00 (zomertijd).",
                line=line,
                column=column,
            )
        if early.utcoffset() != late.utcoffset():
            raise ImportRefusedError(
                f"{value} komt twee keer voor (de klok gaat dan terug van 03:00 naar 02:00); schrijf de tijd met "
                "+02:00 of +01:00 erachter.",
                line=line,
                column=column,
            )
        moment = early
    return moment.astimezone(UTC)


def format_moment(moment: datetime) -> str:
    """Local time as Excel shows it; with its offset where the local time alone would be ambiguous."""
    local = to_local(moment)
    naive = local.replace(tzinfo=None)
    if naive.replace(tzinfo=AMSTERDAM, fold=0).utcoffset() != naive.replace(tzinfo=AMSTERDAM, fold=1).utcoffset():
        return local.isoformat(timespec="minutes")
    return f"{local:%Y-%m-%d %H:%M}"


@dataclass(frozen=True, slots=True)
class PlannedShift:
    line: int
    start: datetime
    end: datetime
    name: str
    municipality: str


@dataclass(frozen=True, slots=True)
class ImportPlan:
    shifts: tuple[PlannedShift, ...]
    new_people: tuple[tuple[str, str], ...]  # (name, municipality) added to the pool
    replaced: int  # shifts of the rota in the file's period that the file replaces

    @property
    def period(self) -> tuple[datetime, datetime]:
        return self.shifts[0].start, max(s.end for s in self.shifts)


def plan_import(session: Session, rota_id: int, data: bytes) -> ImportPlan:
    """Read and check a schedule file; refuse it whole (line and reason named) if anything is wrong."""
    piket.get_rota(session, rota_id)
    table = read_table(data, COLUMNS, ("begin", "end", "name", "municipality"))
    planned = []
    for row in table.rows:
        start = parse_moment(row.values["begin"], line=row.line, column="begin")
        end = parse_moment(row.values["end"], line=row.line, column="einde")
        if end <= start:
            raise ImportRefusedError("Het einde ligt niet na het begin.", line=row.line, column="einde")
        name = " ".join(row.values["name"].split())
        if not name:
            raise ImportRefusedError("Vul de naam van de officier in.", line=row.line, column="naam")
        municipality = organisation.canonical_municipality(row.values["municipality"])
        if municipality not in PARTNERS:
            raise ImportRefusedError(
                f"Onbekende gemeente ‘{row.values['municipality']}’; het piket kent {', '.join(PARTNERS)}.",
                line=row.line,
                column="gemeente",
            )
        planned.append(PlannedShift(row.line, start, end, name, municipality))
    planned.sort(key=lambda p: (p.start, p.line))
    for before, after in itertools.pairwise(planned):
        if after.start < before.end:
            raise ImportRefusedError(f"Deze dienst overlapt met die op regel {before.line}.", line=after.line)
    known = {(p.name.casefold(), p.municipality) for p in organisation.list_people(session)}
    new_people = tuple(
        dict.fromkeys((p.name, p.municipality) for p in planned if (p.name.casefold(), p.municipality) not in known)
    )
    first, last = planned[0].start, max(p.end for p in planned)
    replaced = len(piket.shifts(session, rota_id, first, last))
    return ImportPlan(tuple(planned), new_people, replaced)


@dataclass(frozen=True, slots=True)
class ImportSchedule(Command[ImportPlan]):
    """Import a schedule file all or nothing: unknown officers join the pool, the period's shifts are replaced."""

    rota_id: int
    data: bytes

    label: ClassVar[str] = "Piketrooster importeren"

    def apply(self, session: Session) -> ImportPlan:
        plan = plan_import(session, self.rota_id, self.data)
        rota = piket.get_rota(session, self.rota_id)
        first_day = to_local(plan.shifts[0].start).date()
        for name, municipality in plan.new_people:
            person = organisation.AddPerson(organisation.PersonInput(name, municipality)).apply(session)
            organisation.Assign(person.id, rota.function_id, Role.DEPUTY, first_day).apply(session)
        people = {(p.name.casefold(), p.municipality): p.id for p in organisation.list_people(session)}
        planned = tuple((s.start, s.end, people[(s.name.casefold(), s.municipality)]) for s in plan.shifts)
        piket.SaveShifts(self.rota_id, planned).apply(session)
        return plan


def export_csv(session: Session, rota_id: int, start: datetime, end: datetime) -> bytes:
    """The effective schedule (overrides applied) from ``start`` to ``end``, one stretch per row, for Excel."""
    rota = piket.get_rota(session, rota_id)
    function = _function_name(session, rota.function_id)
    officers = piket.officers_by_id(session)
    lines = ["begin;einde;naam;gemeente;functie"]
    for segment in piket.schedule(session, rota_id).segments:
        if segment.end <= start or segment.start >= end:
            continue
        officer = officers[segment.person_id]
        cells = (format_moment(segment.start), format_moment(segment.end), officer.name, officer.municipality, function)
        lines.append(";".join(cell.replace(";", ",") for cell in cells))
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def export_ics(session: Session, rota_id: int, start: datetime, end: datetime, person_id: int | None = None) -> bytes:
    """iCalendar for phones, Outlook and Thunderbird: the whole rota, or one officer's final shifts.

    Every moment is written in UTC (``…Z``): each calendar shows it in its own zone, no client has to read a
    VTIMEZONE (which clients read differently), and a handover in the doubled hour of October stays exact."""
    from icalendar import Calendar, Event

    rota = piket.get_rota(session, rota_id)
    officers = piket.officers_by_id(session)
    calendar = Calendar()
    calendar.add("prodid", "-//Gemeente Maassluis//CrisisApp piket//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Piket {rota.name}")
    stamp = datetime.now(UTC).replace(microsecond=0)
    for segment in piket.schedule(session, rota_id).segments:
        if segment.end <= start or segment.start >= end or (person_id is not None and segment.person_id != person_id):
            continue
        officer = officers[segment.person_id]
        event = Event()
        kind = "overname" if segment.override_id else "dienst"
        source = segment.override_id or segment.shift_id
        event.add("uid", f"piket-{rota_id}-{kind}-{source}-{segment.start:%Y%m%dT%H%M%SZ}@crisisapp.maassluis.nl")
        event.add("dtstamp", stamp)
        event.add("dtstart", segment.start.astimezone(UTC))
        event.add("dtend", segment.end.astimezone(UTC))
        event.add("summary", f"Piket {rota.name}: {officer.name} ({officer.municipality})")
        if segment.override_id:
            event.add("description", "Overname van een deel van een dienst.")
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def _function_name(session: Session, function_id: int) -> str:
    for team in organisation.list_teams(session, include_retired=True):
        for function in team.functions:
            if function.id == function_id:
                return function.name
    return ""


def month_range(first_month: date, months: int) -> tuple[datetime, datetime]:
    """From the first moment of ``first_month`` (local) to that of the month ``months`` later, as UTC."""
    start = datetime(first_month.year, first_month.month, 1, tzinfo=AMSTERDAM)
    index = first_month.month - 1 + months
    end = datetime(first_month.year + index // 12, index % 12 + 1, 1, tzinfo=AMSTERDAM)
    return start.astimezone(UTC), end.astimezone(UTC)


def period_title(first_month: date, months: int) -> str:
    last_index = first_month.month - 1 + months - 1
    last_year, last_month = first_month.year + last_index // 12, last_index % 12 + 1
    first = f"{MONTHS[first_month.month - 1]} {first_month.year}"
    if months == 1:
        return first
    return (
        f"{MONTHS[first_month.month - 1]} t/m {MONTHS[last_month - 1]} {last_year}"
        if last_year == first_month.year
        else (f"{first} t/m {MONTHS[last_month - 1]} {last_year}")
    )


@dataclass(frozen=True, slots=True)
class PiketPeriod:
    """What the overview shows: a rota's shifts and overrides in a period, and who the people are."""

    rota: RotaRecord
    start: datetime
    end: datetime
    shifts: Sequence[ShiftRecord]
    overrides: Sequence[OverrideRecord]
    officers: Mapping[int, Officer]
    title: str  # "januari t/m maart 2027"


def load_period(session: Session, rota_id: int, first_month: date, months: int) -> PiketPeriod:
    """The shifts and overrides of ``months`` months from ``first_month`` on, for the piket overview."""
    if not 1 <= months <= 12:
        raise DomainError("Kies 1 tot en met 12 maanden.")
    start, end = month_range(first_month, months)
    return PiketPeriod(
        piket.get_rota(session, rota_id),
        start,
        end,
        piket.shifts(session, rota_id, start, end),
        tuple(o for o in piket.overrides(session, rota_id) if o.start < end and start < o.end),
        piket.officers_by_id(session),
        period_title(first_month, months),
    )

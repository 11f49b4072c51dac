"""Exchanging piket schedules with the partner municipalities (CSV as Dutch Excel writes it) and exporting
them as iCalendar for phones and Outlook."""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import ClassVar

from sqlalchemy.orm import Session

from crisisapp.errors import DomainError
from crisisapp.models.organisation import Role
from crisisapp.services import organisation, piket
from crisisapp.services.commands import Command
from crisisapp.services.csvfiles import Encoding, ImportRefusedError, detected, read_table, write_table
from crisisapp.services.piket import Officer, OverrideRecord, RotaRecord, ShiftRecord
from crisisapp.timeutil import AMSTERDAM, MONTHS, format_datetime, to_local

PARTNERS = ("Maassluis", "Vlaardingen", "Schiedam")
COLUMNS: dict[str, tuple[str, ...]] = {
    "begin": ("begin", "start", "van"),
    "end": ("einde", "eind", "tot"),
    "name": ("naam", "officier"),
    "municipality": ("gemeente",),
    "function": ("functie",),
}
EXPORT_HEADER = ("begin", "einde", "naam", "gemeente", "functie")
LOCAL_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y %H:%M:%S", "%Y-%m-%dT%H:%M")
YEARS = range(2000, 2101)
EXAMPLE = "2027-03-29 09:00"


def parse_moment(text: str, *, line: int, column: str) -> datetime:
    """A moment written as local time (Europe/Amsterdam) or ISO 8601 with an offset, as aware UTC; a local time
    in the doubled hour of October is refused (it names two moments)."""
    readings = moment_readings(text, line=line, column=column)
    if len(readings) > 1:
        raise ImportRefusedError(
            f"{text.strip()} komt twee keer voor (de klok gaat dan terug van 03:00 naar 02:00); schrijf de tijd met "
            "+02:00 of +01:00 erachter.",
            line=line,
            column=column,
        )
    return readings[0]


def moment_readings(text: str, *, line: int, column: str) -> tuple[datetime, ...]:
    """The moments ``text`` can mean, as aware UTC: one, or for a local time in the doubled hour of October
    both (summer time first)."""
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
    if moment is not None and moment.tzinfo is not None:
        return (moment.astimezone(UTC),)
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
        return early.astimezone(UTC), late.astimezone(UTC)
    return (early.astimezone(UTC),)


def offset(moment: datetime) -> str:
    """The offset of Dutch time at ``moment``: ``+02:00`` in summer, ``+01:00`` in winter."""
    return to_local(moment).isoformat()[-6:]


def with_offset(moment: datetime) -> str:
    """Dutch local date and time with its offset and season: ``zo 31-10-2027 02:30 +02:00 (zomertijd)``."""
    season = "zomertijd" if to_local(moment).dst() else "wintertijd"
    return f"{format_datetime(moment)} {offset(moment)} ({season})"


def format_moment(moment: datetime) -> str:
    """Local time as Excel shows it; with its offset where the local time alone would be ambiguous."""
    local = to_local(moment)
    naive = local.replace(tzinfo=None)
    if naive.replace(tzinfo=AMSTERDAM, fold=0).utcoffset() != naive.replace(tzinfo=AMSTERDAM, fold=1).utcoffset():
        return local.isoformat(timespec="minutes")
    return f"{local:%Y-%m-%d %H:%M}"


class ImportMode(StrEnum):
    """What an import replaces: the shifts of the municipalities in the file (partners send their own weeks), or
    everything from the file's first to its last moment."""

    MERGE = "samenvoegen"
    REPLACE_PERIOD = "periode vervangen"


class ConflictError(ImportRefusedError):
    """The file overlaps a shift of a municipality not in it."""


class NamesakesError(ImportRefusedError):
    """The file names someone known in another municipality (or in two): not confirmed as two officers."""


@dataclass(frozen=True, slots=True)
class PlannedShift:
    line: int
    start: datetime
    end: datetime
    name: str
    municipality: str


@dataclass(frozen=True, slots=True)
class Change:
    """A shift the import changes: who had it (None: nobody) and who has it after (None: it is dropped)."""

    start: datetime
    end: datetime
    before: str | None
    after: str | None


@dataclass(frozen=True, slots=True)
class Conflict:
    """A shift of a municipality not in the file that a row of the file overlaps: never silently replaced."""

    line: int
    start: datetime
    end: datetime
    officer: str  # "Jan de Wit (Schiedam)"


@dataclass(frozen=True, slots=True)
class Overlap:
    """Two rows of the file that both put someone on duty at the same time."""

    line: int
    other_line: int
    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class Namesake:
    """One name in more than one municipality: two officers only when the user says so."""

    name: str
    where: tuple[str, ...]  # "Vlaardingen (regel 2)", "Schiedam (al in CrisisApp)"


@dataclass(frozen=True, slots=True)
class ImportPlan:
    shifts: tuple[PlannedShift, ...]
    new_people: tuple[tuple[str, str], ...]  # (name, municipality) added to the pool
    replaced: int  # existing shifts that give way (removed or shortened), the identical ones not counted
    mode: ImportMode = ImportMode.MERGE
    municipalities: tuple[str, ...] = ()  # whose shifts the file replaces (merge)
    changes: tuple[Change, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    namesakes: tuple[Namesake, ...] = ()
    gaps: tuple[tuple[datetime, datetime], ...] = ()  # nobody on duty in the file's period, after the import
    overlaps: tuple[Overlap, ...] = ()  # rows of the file that overlap each other: refused on import
    encoding: str = "UTF-8"

    @property
    def period(self) -> tuple[datetime, datetime]:
        return self.shifts[0].start, max(s.end for s in self.shifts)

    def describe(self) -> list[str]:
        """The preview in Dutch, one line each: what changes for whom, the conflicts, namesakes and gaps."""
        first, last = self.period
        count = f"{len(self.shifts)} dienst" + ("en" if len(self.shifts) != 1 else "")
        lines = [f"{count} van {format_datetime(first)} tot {format_datetime(last)}.", f"Tekenset: {self.encoding}."]
        if self.mode is ImportMode.MERGE:
            lines.append(f"Het bestand vervangt alleen de diensten van {_listed(self.municipalities)} in die periode.")
        else:
            lines.append("Het bestand vervangt alle diensten in die periode, van alle gemeenten.")
        if self.replaced:
            lines.append(
                "1 bestaande dienst in die periode wordt vervangen."
                if self.replaced == 1
                else f"{self.replaced} bestaande diensten in die periode worden vervangen."
            )
        if not self.changes:
            lines.append("Het rooster verandert niet: het heeft deze diensten al.")
        for change in self.changes:
            week = f"week {to_local(change.start).isocalendar().week}"
            when = f"{format_datetime(change.start)} – {format_datetime(change.end)}"
            if change.after is None:
                lines.append(f"  {week}, {when}: {change.before} vervalt")
            else:
                was = f", was {change.before}" if change.before else ", was leeg"
                lines.append(f"  {week}, {when}: {change.after}{was}")
        lines += [
            f"Conflict, regel {c.line}: overlapt met de dienst van {c.officer} van {format_datetime(c.start)} tot "
            f"{format_datetime(c.end)}; die blijft staan."
            for c in self.conflicts
        ]
        lines += [
            f"Naamgenoten: ‘{n.name}’ staat bij {_listed(n.where)}. Zijn dit verschillende officieren?"
            for n in self.namesakes
        ]
        lines += [f"Gat: niemand heeft piket van {format_datetime(s)} tot {format_datetime(e)}." for s, e in self.gaps]
        lines += [
            f"Overlap, regel {o.line}: overlapt met regel {o.other_line} van {format_datetime(o.start)} tot "
            f"{format_datetime(o.end)}; verbeter het bestand."
            for o in self.overlaps
        ]
        lines += [f"Nieuw in de pool: {name} ({municipality})" for name, municipality in self.new_people]
        return lines


def _listed(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} en {items[-1]}"


def function_matches(written: str, function_name: str) -> bool:
    """Whether a ``functie`` cell names the rota's function: its full name or the abbreviation in brackets
    ("Officier van Dienst Bevolkingszorg (OvD-Bz)" or "OvD-Bz")."""
    key = organisation.name_key(written)
    short = function_name[function_name.rfind("(") + 1 : -1] if function_name.endswith(")") else function_name
    return key in (organisation.name_key(function_name), organisation.name_key(short))


def _read_rows(data: bytes, function_name: str) -> tuple[list[PlannedShift], str]:
    table = read_table(data, COLUMNS, ("begin", "end", "name", "municipality"))
    planned = []
    for row in table.rows:
        start = parse_moment(row.values["begin"], line=row.line, column="begin")
        end = parse_moment(row.values["end"], line=row.line, column="einde")
        if end <= start:
            raise ImportRefusedError("Het einde ligt niet na het begin.", line=row.line, column="einde")
        name = organisation.clean_name(row.values["name"])
        if not name:
            raise ImportRefusedError("Vul de naam van de officier in.", line=row.line, column="naam")
        municipality = organisation.canonical_municipality(row.values["municipality"])
        if municipality not in PARTNERS:
            raise ImportRefusedError(
                f"Onbekende gemeente ‘{row.values['municipality']}’; het piket kent {', '.join(PARTNERS)}.",
                line=row.line,
                column="gemeente",
            )
        written = row.values.get("function", "")
        if written and not function_matches(written, function_name):
            raise ImportRefusedError(
                f"Deze dienst is voor de functie ‘{written}’, dit rooster voor ‘{function_name}’. Importeer die "
                "diensten in het rooster van hun functie.",
                line=row.line,
                column="functie",
            )
        planned.append(PlannedShift(row.line, start, end, name, municipality))
    planned.sort(key=lambda p: (p.start, p.line))
    return planned, detected(data)[1]


def _overlaps(planned: Sequence[PlannedShift]) -> tuple[Overlap, ...]:
    """Rows of the file that overlap an earlier one (sorted by start), each with the row it overlaps."""
    found = []
    latest: PlannedShift | None = None  # the row that ends last so far
    for row in planned:
        if latest is not None and row.start < latest.end:
            found.append(Overlap(row.line, latest.line, row.start, min(row.end, latest.end)))
        if latest is None or row.end > latest.end:
            latest = row
    return tuple(found)


@dataclass(frozen=True, slots=True)
class _Outcome:
    plan: ImportPlan
    people: Mapping[tuple[str, str], int]  # (name key, municipality) of the people already known
    given_way: frozenset[int]  # the ids of the existing shifts that make room
    kept: frozenset[tuple[datetime, datetime, int]]  # planned shifts the rota already has exactly


def _plan(session: Session, rota_id: int, data: bytes, mode: ImportMode) -> _Outcome:
    rota = piket.get_rota(session, rota_id)
    planned, encoding = _read_rows(data, function_name(session, rota.function_id))
    people: dict[tuple[str, str], int] = {}
    twins: set[tuple[str, str]] = set()  # two people of one municipality with one name: a row cannot choose
    for known in organisation.list_people(session):
        identity = (organisation.name_key(known.name), known.municipality)
        if identity in people:
            twins.add(identity)
        people.setdefault(identity, known.id)
    for row in planned:
        if (organisation.name_key(row.name), row.municipality) in twins:
            raise ImportRefusedError(
                f"Er zijn in {row.municipality} twee personen die ‘{row.name}’ heten; deze regel kan niet zeggen "
                "wie. Geef een van hen in de crisisorganisatie een onderscheidende naam.",
                line=row.line,
                column="naam",
            )
    places: dict[str, dict[str, str]] = defaultdict(dict)  # name key → municipality → where
    for (key, municipality), _person in people.items():
        places[key][municipality] = f"{municipality} (al in CrisisApp)"
    new_people: dict[tuple[str, str], str] = {}
    for row in planned:
        identity = (organisation.name_key(row.name), row.municipality)
        places[identity[0]].setdefault(row.municipality, f"{row.municipality} (regel {row.line})")
        if identity not in people:
            new_people.setdefault(identity, row.name)
    namesakes = tuple(
        Namesake(name, tuple(places[key].values())) for (key, _m), name in new_people.items() if len(places[key]) > 1
    )
    namesakes = tuple(dict.fromkeys(namesakes))
    municipalities = tuple(m for m in PARTNERS if any(p.municipality == m for p in planned))
    first, last = planned[0].start, max(p.end for p in planned)
    officers = piket.officers_by_id(session)
    existing_shifts = piket.shifts(session, rota_id, first, last)
    owned = [
        s
        for s in existing_shifts
        if mode is ImportMode.REPLACE_PERIOD or officers[s.person_id].municipality in municipalities
    ]
    others = [s for s in existing_shifts if s not in owned]

    def who(person_id: int) -> str:
        return f"{officers[person_id].name} ({officers[person_id].municipality})"

    conflicts = tuple(
        Conflict(p.line, s.start, s.end, who(s.person_id))
        for p in planned
        for s in others
        if s.start < p.end and p.start < s.end
    )
    present = {(s.start, s.end, s.person_id) for s in owned}
    kept: set[tuple[datetime, datetime, int]] = set()
    for row in planned:
        person = people.get((organisation.name_key(row.name), row.municipality))
        if person is not None and (row.start, row.end, person) in present:
            kept.add((row.start, row.end, person))
    given_way = [s for s in owned if (s.start, s.end, s.person_id) not in kept]
    changes = []
    for row in planned:
        person = people.get((organisation.name_key(row.name), row.municipality))
        if person is not None and (row.start, row.end, person) in kept:
            continue
        before = next((who(s.person_id) for s in given_way if s.start < row.end and row.start < s.end), None)
        changes.append(Change(row.start, row.end, before, f"{row.name} ({row.municipality})"))
    for shift in given_way:
        if not any(p.start < shift.end and shift.start < p.end for p in planned):
            changes.append(Change(max(shift.start, first), min(shift.end, last), who(shift.person_id), None))
    after = sorted([(s.start, s.end) for s in others] + [(p.start, p.end) for p in planned])
    gaps, cursor = [], first
    for begin, end in after:
        if begin > cursor:
            gaps.append((cursor, begin))
        cursor = max(cursor, end)
    plan = ImportPlan(
        tuple(planned),
        tuple((name, municipality) for (_key, municipality), name in new_people.items()),
        len(given_way),
        mode,
        municipalities,
        tuple(sorted(changes, key=lambda c: (c.start, c.after is None))),
        conflicts,
        namesakes,
        tuple(gaps),
        overlaps=_overlaps(planned),
        encoding=encoding,
    )
    return _Outcome(plan, people, frozenset(s.id for s in given_way), frozenset(kept))


def plan_import(session: Session, rota_id: int, data: bytes, mode: ImportMode = ImportMode.MERGE) -> ImportPlan:
    """Read and check a schedule file and say what importing it would change; refuse it whole (line and reason
    named) if anything in it is wrong."""
    return _plan(session, rota_id, data, mode).plan


@dataclass(frozen=True, slots=True)
class ImportSchedule(Command[ImportPlan]):
    """Import a schedule file all or nothing: unknown officers join the pool; by default only the shifts of the
    municipalities in the file give way (see :class:`ImportMode`). A conflict with another municipality's shift,
    or a name in two municipalities not confirmed as two officers (``distinct_namesakes``), refuses it."""

    rota_id: int
    data: bytes
    mode: ImportMode = ImportMode.MERGE
    distinct_namesakes: bool = False

    label: ClassVar[str] = "Piketrooster importeren"

    def apply(self, session: Session) -> ImportPlan:
        outcome = _plan(session, self.rota_id, self.data, self.mode)
        plan = outcome.plan
        if plan.overlaps:
            first_overlap = plan.overlaps[0]
            raise ImportRefusedError(
                f"Deze dienst overlapt met die op regel {first_overlap.other_line}.", line=first_overlap.line
            )
        if plan.conflicts:
            first = plan.conflicts[0]
            raise ConflictError(
                f"Deze dienst overlapt met die van {first.officer} van {format_datetime(first.start)} tot "
                f"{format_datetime(first.end)}, een gemeente die niet in het bestand staat"
                + (f" ({len(plan.conflicts)} conflicten)" if len(plan.conflicts) > 1 else "")
                + ". Los dat met die gemeente op, of vervang de hele periode.",
                line=first.line,
            )
        if plan.namesakes and not self.distinct_namesakes:
            first_name = plan.namesakes[0]
            raise NamesakesError(
                f"‘{first_name.name}’ staat bij {_listed(first_name.where)}. Bevestig dat dit verschillende "
                "officieren zijn, of verbeter de gemeente.",
                column="naam",
            )
        rota = piket.get_rota(session, self.rota_id)
        first_day = to_local(plan.shifts[0].start).date()
        people = dict(outcome.people)
        for name, municipality in plan.new_people:
            person = organisation.AddPerson(organisation.PersonInput(name, municipality)).apply(session)
            organisation.Assign(person.id, rota.function_id, Role.DEPUTY, first_day).apply(session)
            people[(organisation.name_key(name), municipality)] = person.id
        start, end = plan.period
        piket.clear_period(session, self.rota_id, start, end, outcome.given_way)
        planned = ((s.start, s.end, people[(organisation.name_key(s.name), s.municipality)]) for s in plan.shifts)
        piket.add_shifts(session, self.rota_id, [p for p in planned if p not in outcome.kept])
        return plan


def export_csv(
    session: Session,
    rota_id: int,
    start: datetime,
    end: datetime,
    encoding: Encoding = Encoding.UTF8,
    person_id: int | None = None,
) -> bytes:
    """The effective schedule (overrides applied) from ``start`` to ``end``, one stretch per row, for Excel (the
    whole rota, or one officer's); it reads back unchanged (:func:`plan_import`)."""
    rota = piket.get_rota(session, rota_id)
    function = function_name(session, rota.function_id)
    officers = piket.officers_by_id(session)
    rows = []
    for segment in piket.schedule(session, rota_id).segments:
        if segment.end <= start or segment.start >= end or person_id not in (None, segment.person_id):
            continue
        officer = officers[segment.person_id]
        rows.append(
            (format_moment(segment.start), format_moment(segment.end), officer.name, officer.municipality, function)
        )
    return write_table(EXPORT_HEADER, rows, encoding)


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


def function_name(session: Session, function_id: int) -> str:
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

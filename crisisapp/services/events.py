"""Events: the register with the category's application deadline, a new edition from last year's,
pre-consultations with action points, checklist templates, and the checklist ticked per control round."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import ClassVar

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session, aliased, selectinload

from crisisapp.errors import DomainError, ValidationError
from crisisapp.models.events import (
    ActionPoint,
    Category,
    CheckItem,
    CheckResult,
    Event,
    Meeting,
    Outcome,
    PointStatus,
    Template,
    TemplateLine,
)
from crisisapp.services.commands import Command, DeleteRecord, existing
from crisisapp.storage.ownership import own_municipality
from crisisapp.timeutil import format_date, format_datetime, to_local, to_utc

TABLES = frozenset(
    t.__tablename__ for t in (Event, Meeting, ActionPoint, Template, TemplateLine, CheckItem, CheckResult)
)
SERIES = ("Furieade", "Intocht Sinterklaas")
GENERAL_TEMPLATE = "Algemeen evenement"
#: What the categories mean in Maassluis, shown when choosing one.
CATEGORY_CRITERIA = {
    Category.ZERO: "0: alleen een melding: ten hoogste 150 bezoekers, overdag, geen weg afgesloten.",
    Category.A: "A: regulier evenement; aanvraag uiterlijk 8 weken vooraf.",
    Category.B: "B: aandachtsevenement, advies van brandweer, politie of GHOR nodig; aanvraag 8 tot 12 weken vooraf.",
    Category.C: "C: risicovol evenement, gezamenlijk advies en overleg met alle partijen; aanvraag 12 weken vooraf.",
}
#: Weeks before the start by which the application is due (B: at the latest 8, preferably 12).
DEADLINE_WEEKS = {Category.A: 8, Category.B: 8, Category.C: 12}
DEFAULT_ROUNDS = ("opbouw", "tijdens", "afbouw")
#: The permit status of an event nobody has applied for yet.
NOT_APPLIED = "nog niet aangevraagd"
#: Rounds that inspect the event itself, so they cannot begin before it does; any other round (opbouw, or a
#: round the team named itself) may begin on the day before the event, when the site is built.
ROUNDS_FROM_START = frozenset({"tijdens", "afbouw"})
#: The parties usually present at a vooroverleg, offered to choose from (others are typed in).
USUAL_PARTIES = ("gemeente", "politie", "brandweer", "GHOR", "organisator", "beveiliging", "EHBO")
#: Action points no longer open: done, or taken over by the next edition.
CLOSED = frozenset({PointStatus.DONE, PointStatus.CARRIED})


# -- records ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EventInput:
    name: str
    series: str
    edition_year: int
    start: datetime
    end: datetime
    category: Category
    location: str = ""
    expected_visitors: int = 0
    organiser: str = ""
    organiser_contact: str = ""
    application_date: date | None = None
    permit_status: str = NOT_APPLIED
    parties: str = ""


@dataclass(frozen=True, slots=True)
class EventRecord:
    id: int
    data: EventInput
    rounds: tuple[str, ...]
    items: int
    version: int
    #: Whose event it is: only that municipality's medewerkers change it (on a server database).
    municipality: str

    @property
    def name(self) -> str:
        return self.data.name

    def deadline(self) -> date | None:
        """The last day the application was due, or None for a mere notification (category 0)."""
        weeks = DEADLINE_WEEKS.get(self.data.category)
        return to_local(self.data.start).date() - timedelta(weeks=weeks) if weeks else None

    def application_missing(self, today: date) -> bool:
        """Whether the deadline has passed on ``today`` without any application, while the event is still to
        come or going on (of a past one it is history)."""
        deadline = self.deadline()
        return (
            deadline is not None
            and self.data.application_date is None
            and self.data.permit_status == NOT_APPLIED
            and deadline < today <= to_local(self.data.end).date()
        )

    def is_late(self, today: date) -> bool:
        """Whether the application came after its deadline, or has not come while the deadline passed."""
        deadline, received = self.deadline(), self.data.application_date
        if received is None:
            return self.application_missing(today)
        return deadline is not None and received > deadline

    def late_warning(self, today: date) -> str | None:
        """Why the application came, or is, too late for the category on ``today``, or None."""
        deadline = self.deadline()
        received = self.data.application_date
        if deadline is not None and self.application_missing(today):
            weeks = DEADLINE_WEEKS[self.data.category]
            return (
                f"Aanvraag ontbreekt, termijn verstreken: categorie {self.data.category.value} vraagt {weeks} weken; "
                f"uiterlijk {deadline:%d-%m-%Y}."
            )
        if deadline is None or received is None:
            return None
        if self.is_late(today):
            weeks = DEADLINE_WEEKS[self.data.category]
            return (
                f"Aanvraag te laat: categorie {self.data.category.value} vraagt {weeks} weken; uiterlijk "
                f"{deadline:%d-%m-%Y}, ontvangen {received:%d-%m-%Y}."
            )
        if self.data.category is Category.B and received > deadline - timedelta(weeks=4):
            return (
                "Aanvraag binnen de termijn, maar korter dan 12 weken vooraf: plan het advies van de hulpdiensten snel."
            )
        return None


@dataclass(frozen=True, slots=True)
class MeetingRecord:
    id: int
    event_id: int
    held_at: datetime
    attendees: tuple[str, ...]
    notes: str
    version: int

    @property
    def present(self) -> str:
        """The attendees on one line, as the minutes list them."""
        return ", ".join(self.attendees)


@dataclass(frozen=True, slots=True)
class PointRecord:
    id: int
    event_id: int
    event_name: str
    meeting_id: int | None
    description: str
    owner: str
    due: date | None
    status: PointStatus
    recurring: bool
    version: int
    #: The edition that took this point over (status "overgenomen"), by name.
    carried_to: str | None = None

    @property
    def closed(self) -> bool:
        return self.status in CLOSED

    def status_text(self) -> str:
        return f"overgenomen naar {self.carried_to}" if self.carried_to else self.status.value

    def overdue(self, today: date) -> bool:
        return not self.closed and self.due is not None and self.due < today

    def who_and_when(self) -> str:
        """Who does it and by when, as every list of points says it: "gemeente, gereed op …", "wie?" for nobody."""
        return who_and_when(self.owner, self.due)


def who_and_when(owner: str, due: date | None) -> str:
    """An action point's owner ("wie?" when nobody is named) and its due date ("gereed op …") when it has one."""
    when = f", gereed op {format_date(due)}" if due else ""
    return f"{owner.strip() or 'wie?'}{when}"


@dataclass(frozen=True, slots=True)
class ResultRecord:
    id: int
    round: str
    outcome: Outcome
    checked_at: datetime
    inspector: str
    remark: str
    resolved: bool


@dataclass(frozen=True, slots=True)
class ItemRecord:
    id: int
    section: str
    text: str
    results: tuple[ResultRecord, ...]

    def result(self, round_name: str) -> ResultRecord | None:
        found = [r for r in self.results if r.round == round_name]
        return found[-1] if found else None

    def open_problem(self) -> ResultRecord | None:
        """The latest 'niet ok' that is not resolved: it stays visible until it is."""
        bad = [r for r in self.results if r.outcome is Outcome.NOT_OK and not r.resolved]
        return bad[-1] if bad else None


@dataclass(frozen=True, slots=True)
class Checklist:
    event: EventRecord
    items: tuple[ItemRecord, ...]
    #: Who checked which round of the edition before this one, and when: (round, checked_at, inspector).
    earlier_checks: tuple[tuple[str, datetime, str], ...] = ()

    def progress(self, round_name: str) -> tuple[int, int]:
        """(checked, total) in a round."""
        return sum(1 for item in self.items if item.result(round_name)), len(self.items)

    def open_problems(self) -> tuple[ItemRecord, ...]:
        return tuple(item for item in self.items if item.open_problem())

    def last_inspector(self, round_name: str) -> str:
        """Who checked last in the round; before anyone did, who checked last in any round (often the same
        person walks every round); in an edition nobody ticked yet, who did so last year (the round, then any);
        empty when nobody ever did."""
        here = [(r.round, r.checked_at, r.id, r.inspector) for item in self.items for r in item.results]
        before = [(name, at, 0, inspector) for name, at, inspector in self.earlier_checks]
        for checks in (here, before):
            for found in ([c for c in checks if c[0] == round_name], checks):
                if found:
                    return max(found, key=lambda c: (c[1], c[2]))[3]
        return ""


# -- register ------------------------------------------------------------------------------------------------------


def _record(row: Event, items: int | None = None) -> EventRecord:
    """``row`` as a record; ``items`` is its number of checklist items when a list counted them in its query."""
    rounds = tuple(r for r in row.rounds.split(";") if r)
    counted = len(row.items) if items is None else items
    return EventRecord(row.id, _input(row), rounds, counted, row.version, row.municipality)


def _input(row: Event) -> EventInput:
    return EventInput(
        row.name,
        row.series,
        row.edition_year,
        row.start,
        row.end,
        row.category,
        row.location,
        row.expected_visitors,
        row.organiser,
        row.organiser_contact,
        row.application_date,
        row.permit_status,
        row.parties,
    )


def validate_event(data: EventInput) -> None:
    """ValidationError naming each field of ``data`` that breaks a rule."""
    errors = {}
    if not data.name.strip():
        errors["name"] = "Geef het evenement een naam."
    if data.end <= data.start:
        errors["end"] = "Het einde ligt niet na het begin."
    if data.expected_visitors < 0:
        errors["expected_visitors"] = "Het aantal bezoekers kan niet negatief zijn."
    if data.category is Category.ZERO and data.expected_visitors > 150:
        errors["category"] = "Categorie 0 is voor ten hoogste 150 bezoekers; kies A, B of C."
    if errors:
        raise ValidationError(errors)


def _apply(row: Event, data: EventInput) -> None:
    row.name, row.series, row.edition_year = data.name.strip(), data.series.strip(), data.edition_year
    row.start, row.end, row.category = data.start, data.end, data.category
    row.location, row.expected_visitors = data.location.strip(), data.expected_visitors
    row.organiser, row.organiser_contact = data.organiser.strip(), data.organiser_contact.strip()
    row.application_date, row.permit_status, row.parties = (
        data.application_date,
        data.permit_status,
        data.parties.strip(),
    )


def list_events(
    session: Session, *, year: int | None = None, series: str | None = None, category: Category | None = None
) -> tuple[EventRecord, ...]:
    """The register, in order of the start; each event's checklist counted in the same query (no items loaded)."""
    counts = select(CheckItem.event_id, func.count().label("n")).group_by(CheckItem.event_id).subquery()
    statement = (
        select(Event, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.event_id == Event.id)
        .order_by(Event.start, Event.id)
    )
    if year is not None:
        statement = statement.where(Event.edition_year == year)
    if series:
        statement = statement.where(Event.series == series)
    if category is not None:
        statement = statement.where(Event.category == category)
    return tuple(_record(row, items) for row, items in session.execute(statement))


@dataclass(frozen=True, slots=True)
class EventDetail:
    """What the page shows of one event: its checklist with every result, its vooroverleggen, its action points."""

    checklist: Checklist
    meetings: tuple["MeetingRecord", ...]
    points: tuple["PointRecord", ...]

    def agreed(self, meeting_id: int) -> tuple["PointRecord", ...]:
        """The action points agreed in one vooroverleg."""
        return tuple(p for p in self.points if p.meeting_id == meeting_id)


def event_detail(session: Session, event_id: int) -> EventDetail:
    """The checklist, vooroverleggen and action points of one event, in a fixed number of queries."""
    return EventDetail(checklist(session, event_id), meetings(session, event_id), points(session, event_id))


@dataclass(frozen=True, slots=True)
class Register:
    """Everything the Events page shows after a change, read at once: the years with events, the events that
    pass the filter, the templates with their lines, the open action points of all events, and the detail of
    the event that was selected (None when there was none or the filter hides it)."""

    years: tuple[int, ...]
    events: tuple[EventRecord, ...]
    templates: tuple["TemplateRecord", ...]
    open_points: tuple["PointRecord", ...]
    detail: EventDetail | None


def register(
    session: Session,
    *,
    year: int | None = None,
    series: str | None = None,
    category: Category | None = None,
    event_id: int | None = None,
) -> Register:
    """The Events page's data in one read (see :class:`Register`), in a fixed number of queries."""
    years = tuple(session.scalars(select(Event.edition_year).distinct().order_by(Event.edition_year.desc())))
    shown = list_events(session, year=year, series=series, category=category)
    detail = event_detail(session, event_id) if any(e.id == event_id for e in shown) and event_id else None
    return Register(years, shown, template_records(session), points(session, open_only=True), detail)


@dataclass(frozen=True, slots=True)
class EventProgress:
    """An event with how far its preparation is: checks nobody made yet, action points still open."""

    event: EventRecord
    unchecked: int
    open_points: int


def upcoming(session: Session, since: datetime, until: datetime, whose: str | None = None) -> tuple[EventProgress, ...]:
    """The events that start from ``since`` through ``until`` (of ``whose`` only, given a municipality), with their
    progress: three queries, whatever the number of events."""
    statement = select(Event).options(selectinload(Event.items)).where(Event.start >= since, Event.start <= until)
    if whose is not None:
        statement = statement.where(Event.municipality == whose)
    rows = session.scalars(statement.order_by(Event.start, Event.id)).all()
    ids = [row.id for row in rows]
    checked = exists().where(CheckResult.item_id == CheckItem.id)
    unchecked = dict(
        session.execute(
            select(CheckItem.event_id, func.count())
            .where(CheckItem.event_id.in_(ids), ~checked)
            .group_by(CheckItem.event_id)
        ).all()
    )
    open_points = dict(
        session.execute(
            select(ActionPoint.event_id, func.count())
            .where(ActionPoint.event_id.in_(ids), ActionPoint.status.not_in(tuple(CLOSED)))
            .group_by(ActionPoint.event_id)
        ).all()
    )
    return tuple(EventProgress(_record(row), unchecked.get(row.id, 0), open_points.get(row.id, 0)) for row in rows)


def year_counts(session: Session, year: int) -> tuple[int, int]:
    """(events checked on site, vooroverleggen held) of the editions of ``year``, for the council."""
    of_year = select(Event.id).where(Event.edition_year == year)
    checked = session.scalar(
        select(func.count(func.distinct(CheckItem.event_id)))
        .join(CheckResult, CheckResult.item_id == CheckItem.id)
        .where(CheckItem.event_id.in_(of_year))
    )
    held = session.scalar(select(func.count()).select_from(Meeting).where(Meeting.event_id.in_(of_year)))
    return checked or 0, held or 0


def get_event(session: Session, event_id: int) -> EventRecord:
    return _record(existing(session, Event, event_id, "Evenement"))


@dataclass(frozen=True, slots=True)
class AddEvent(Command[EventRecord]):
    data: EventInput

    label: ClassVar[str] = "Evenement toevoegen"

    def apply(self, session: Session) -> EventRecord:
        validate_event(self.data)
        row = Event(rounds=";".join(DEFAULT_ROUNDS), municipality=own_municipality(session))
        _apply(row, self.data)
        session.add(row)
        session.flush()
        return _record(row)


@dataclass(frozen=True, slots=True)
class UpdateEvent(Command[EventRecord]):
    event_id: int
    data: EventInput

    label: ClassVar[str] = "Evenement wijzigen"

    def apply(self, session: Session) -> EventRecord:
        validate_event(self.data)
        row = existing(session, Event, self.event_id, "Evenement")
        _apply(row, self.data)
        session.flush()
        return _record(row)


def _kept(session: Session, row: Event) -> str | None:
    """Why the event ``row`` cannot be deleted (it has meetings or ticked checks), or None when it can."""
    if session.scalar(select(Meeting.id).where(Meeting.event_id == row.id).limit(1)) or any(
        i.results for i in row.items
    ):
        return f"{row.name} heeft al overleggen of controles en blijft bewaard."
    return None


def deletion_refusal(session: Session, event_id: int) -> str | None:
    """Why :class:`DeleteEvent` would refuse the event, in Dutch; None when it may be deleted: asked before the user
    is asked to confirm."""
    return _kept(session, existing(session, Event, event_id, "Evenement"))


@dataclass(frozen=True, slots=True)
class DeleteEvent(Command[None]):
    """Remove an event with its checklist and action points; one with meetings or results stays. Points an
    earlier edition handed over to it are open there again."""

    event_id: int

    label: ClassVar[str] = "Evenement verwijderen"

    def apply(self, session: Session) -> None:
        row = existing(session, Event, self.event_id, "Evenement")
        refusal = _kept(session, row)
        if refusal:
            raise DomainError(refusal)
        own = list(session.scalars(select(ActionPoint).where(ActionPoint.event_id == self.event_id)))
        for earlier in session.scalars(
            select(ActionPoint).where(ActionPoint.carried_to_id.in_([point.id for point in own]))
        ):
            earlier.status, earlier.carried_to_id = PointStatus.OPEN, None
        session.flush()
        for point in own:
            session.delete(point)
        session.delete(row)


def _same_date_next_year(day: date) -> date:
    return day.replace(year=day.year + 1) if (day.month, day.day) != (2, 29) else date(day.year + 1, 2, 28)


def _shift_year(moment: datetime) -> datetime:
    """The same weekday and local time a year later, nearest the same date (a Friday-to-Sunday festival
    stays a Friday-to-Sunday festival)."""
    local = to_local(moment)
    shifted = local.date() + timedelta(weeks=52)
    if (_same_date_next_year(local.date()) - shifted).days > 3:
        shifted += timedelta(weeks=1)
    return to_utc(datetime.combine(shifted, local.time()))


def _edition_name(data: EventInput) -> str:
    return data.name.replace(str(data.edition_year), str(data.edition_year + 1))


def _next_edition(session: Session, old: Event) -> Event | None:
    """The edition after ``old``: of its series in the next year, or (outside a series) the event of that
    year with the name a new edition would get."""
    same = Event.series == old.series if old.series else Event.name == _edition_name(_record(old).data)
    return session.scalar(select(Event).where(Event.edition_year == old.edition_year + 1, same).order_by(Event.id))


def _previous_edition(session: Session, row: Event) -> Event | None:
    """The edition before ``row``: the one whose next edition it is."""
    data = _input(row)
    if data.series:
        same = Event.series == data.series
    else:
        same = Event.name == data.name.replace(str(data.edition_year), str(data.edition_year - 1))
    return session.scalar(select(Event).where(Event.edition_year == data.edition_year - 1, same).order_by(Event.id))


def next_edition(session: Session, event_id: int) -> EventRecord | None:
    """The edition that follows the event, when there is one already."""
    found = _next_edition(session, existing(session, Event, event_id, "Evenement"))
    return _record(found) if found else None


@dataclass(frozen=True, slots=True)
class NewEdition(Command[EventRecord]):
    """This year's edition from last year's: the details with dates moved a year on, its checklist without
    results, its parties, and its recurring action points that are not done, with their dates a year on;
    those are closed in the old edition as taken over, so that each task shows once. The application
    starts anew. There is one edition per year: a second is refused."""

    event_id: int

    label: ClassVar[str] = "Nieuwe editie van vorig jaar"

    def apply(self, session: Session) -> EventRecord:
        old = existing(session, Event, self.event_id, "Evenement")
        twin = _next_edition(session, old)
        if twin is not None:
            raise DomainError(f"{twin.name} (editie {twin.edition_year}) bestaat al; open die editie.")
        data = _record(old).data
        new = Event(rounds=old.rounds, municipality=old.municipality)
        _apply(
            new,
            EventInput(
                _edition_name(data),
                data.series,
                data.edition_year + 1,
                _shift_year(data.start),
                _shift_year(data.end),
                data.category,
                data.location,
                data.expected_visitors,
                data.organiser,
                data.organiser_contact,
                None,
                NOT_APPLIED,
                data.parties,
            ),
        )
        new.items = [CheckItem(section=i.section, text=i.text, sort_order=i.sort_order) for i in old.items]
        session.add(new)
        session.flush()
        for point in session.scalars(
            select(ActionPoint).where(
                ActionPoint.event_id == self.event_id,
                ActionPoint.recurring.is_(True),
                ActionPoint.status.not_in(tuple(CLOSED)),
            )
        ):
            due = _same_date_next_year(point.due) if point.due else None
            successor = ActionPoint(
                event_id=new.id,
                description=point.description,
                owner=point.owner,
                due=due,
                status=PointStatus.OPEN,
                recurring=True,
            )
            session.add(successor)
            session.flush()
            point.status, point.carried_to_id = PointStatus.CARRIED, successor.id
        session.flush()
        return _record(new)


# -- meetings and action points ----------------------------------------------------------------------------------------


def _meeting_record(row: Meeting) -> MeetingRecord:
    return MeetingRecord(row.id, row.event_id, row.held_at, tuple(row.present.splitlines()), row.notes, row.version)


def meetings(session: Session, event_id: int) -> tuple[MeetingRecord, ...]:
    rows = session.scalars(select(Meeting).where(Meeting.event_id == event_id).order_by(Meeting.held_at))
    return tuple(_meeting_record(row) for row in rows)


def get_meeting(session: Session, meeting_id: int) -> MeetingRecord:
    return _meeting_record(existing(session, Meeting, meeting_id, "Overleg"))


@dataclass(frozen=True, slots=True)
class PointInput:
    """An action point as the user writes it down."""

    description: str
    owner: str
    due: date | None
    recurring: bool = False


def _point_record(row: ActionPoint, event_name: str, carried_to: str | None = None) -> PointRecord:
    return PointRecord(
        row.id,
        row.event_id,
        event_name,
        row.meeting_id,
        row.description,
        row.owner,
        row.due,
        row.status,
        row.recurring,
        row.version,
        carried_to,
    )


def _add_point(session: Session, event: Event, point: PointInput, meeting_id: int | None) -> PointRecord:
    if not point.description.strip():
        raise ValidationError({"description": "Beschrijf het actiepunt."})
    row = ActionPoint(
        event_id=event.id,
        meeting_id=meeting_id,
        description=point.description.strip(),
        owner=point.owner.strip(),
        due=point.due,
        status=PointStatus.OPEN,
        recurring=point.recurring,
    )
    session.add(row)
    session.flush()
    return _point_record(row, event.name)


def _attendees(attendees: tuple[str, ...]) -> str:
    """One party per line, each once, in the order chosen; a line break typed into a name becomes a space."""
    names = (" ".join(name.split()) for name in attendees)
    return "\n".join(dict.fromkeys(name for name in names if name))


@dataclass(frozen=True, slots=True)
class AddMeeting(Command[MeetingRecord]):
    """A vooroverleg with the action points agreed in it: saved and undone together."""

    event_id: int
    held_at: datetime
    attendees: tuple[str, ...]
    notes: str
    action_points: tuple[PointInput, ...] = ()

    label: ClassVar[str] = "Vooroverleg vastleggen"

    def apply(self, session: Session) -> MeetingRecord:
        event = existing(session, Event, self.event_id, "Evenement")
        row = Meeting(
            event_id=self.event_id, held_at=self.held_at, present=_attendees(self.attendees), notes=self.notes.strip()
        )
        session.add(row)
        session.flush()
        for point in self.action_points:
            _add_point(session, event, point, row.id)
        return _meeting_record(row)


@dataclass(frozen=True, slots=True)
class UpdateMeeting(Command[MeetingRecord]):
    """Correct a vooroverleg afterwards (its date, who was there, the minutes) and add the action points
    that were forgotten: saved and undone together. Points already made are changed in the point list."""

    meeting_id: int
    held_at: datetime
    attendees: tuple[str, ...]
    notes: str
    new_points: tuple[PointInput, ...] = ()

    label: ClassVar[str] = "Vooroverleg wijzigen"

    def apply(self, session: Session) -> MeetingRecord:
        row = existing(session, Meeting, self.meeting_id, "Overleg")
        row.held_at, row.present, row.notes = self.held_at, _attendees(self.attendees), self.notes.strip()
        event = existing(session, Event, row.event_id, "Evenement")
        for point in self.new_points:
            _add_point(session, event, point, row.id)
        session.flush()
        return _meeting_record(row)


@dataclass(frozen=True, slots=True)
class AddPoint(Command[PointRecord]):
    event_id: int
    point: PointInput
    meeting_id: int | None = None

    label: ClassVar[str] = "Actiepunt evenement toevoegen"

    def apply(self, session: Session) -> PointRecord:
        event = existing(session, Event, self.event_id, "Evenement")
        if self.meeting_id is not None and existing(session, Meeting, self.meeting_id, "Overleg").event_id != event.id:
            raise DomainError("Dit overleg hoort bij een ander evenement.")
        return _add_point(session, event, self.point, self.meeting_id)


@dataclass(frozen=True, slots=True)
class SetPointStatus(Command[None]):
    """Open, busy or done; a point the next edition took over is changed there."""

    point_id: int
    status: PointStatus

    label: ClassVar[str] = "Actiepunt evenement bijwerken"

    def apply(self, session: Session) -> None:
        row = existing(session, ActionPoint, self.point_id, "Actiepunt")
        if row.status is PointStatus.CARRIED:
            raise DomainError("Dit actiepunt is overgenomen door de volgende editie; werk het daar bij.")
        if self.status is PointStatus.CARRIED:
            raise DomainError("Een actiepunt gaat alleen met een nieuwe editie over naar die editie.")
        row.status = self.status


#: The columns of a PointRecord but the last (the edition it was carried to), in its order: a list of points reads
#: them as plain rows, not as objects of the session.
POINT_COLUMNS = (
    ActionPoint.id,
    ActionPoint.event_id,
    Event.name,
    ActionPoint.meeting_id,
    ActionPoint.description,
    ActionPoint.owner,
    ActionPoint.due,
    ActionPoint.status,
    ActionPoint.recurring,
    ActionPoint.version,
)


def points(
    session: Session, event_id: int | None = None, *, open_only: bool = False, whose: str | None = None
) -> tuple[PointRecord, ...]:
    """The action points of one event, or of every event (of ``whose`` only, given a municipality), by due date."""
    successor, successor_event = aliased(ActionPoint), aliased(Event)
    statement = (
        select(*POINT_COLUMNS)
        .add_columns(successor_event.name)
        .join(Event, Event.id == ActionPoint.event_id)
        .outerjoin(successor, successor.id == ActionPoint.carried_to_id)
        .outerjoin(successor_event, successor_event.id == successor.event_id)
        .order_by(ActionPoint.due, ActionPoint.id)
    )
    if event_id is not None:
        statement = statement.where(ActionPoint.event_id == event_id)
    if open_only:
        statement = statement.where(ActionPoint.status.not_in(tuple(CLOSED)))
    if whose is not None:
        statement = statement.where(Event.municipality == whose)
    return tuple(PointRecord(*row) for row in session.execute(statement))


# -- templates and checklists ------------------------------------------------------------------------------------------


def templates(session: Session) -> dict[int, tuple[str, tuple[tuple[str, str], ...]]]:
    rows = session.scalars(select(Template).options(selectinload(Template.lines)).order_by(Template.id))
    return {t.id: (t.name, tuple((line.section, line.text) for line in t.lines)) for t in rows}


def _without_results(session: Session, event_id: int, refusal: str) -> Event:
    row = existing(session, Event, event_id, "Evenement")
    if any(item.results for item in row.items):
        raise DomainError(refusal)
    return row


@dataclass(frozen=True, slots=True)
class FillChecklist(Command[int]):
    """Put a template's items on an event's checklist (replacing one without results); returns how many."""

    event_id: int
    template_id: int

    label: ClassVar[str] = "Checklist samenstellen"

    def apply(self, session: Session) -> int:
        row = _without_results(session, self.event_id, "Deze checklist heeft al controles; zij wordt niet vervangen.")
        template = existing(session, Template, self.template_id, "Sjabloon")
        if not template.lines:
            raise DomainError(f"Het sjabloon {template.name} heeft geen controlepunten.")
        row.items = [  # the old items go as orphans: deleted through the session, so audited
            CheckItem(section=line.section, text=line.text, sort_order=line.sort_order) for line in template.lines
        ]
        row.touch()  # a new checklist changes the event: who showed the old one may not fill or clear it unseen
        session.flush()
        return len(row.items)


@dataclass(frozen=True, slots=True)
class ClearChecklist(Command[None]):
    event_id: int

    label: ClassVar[str] = "Checklist leegmaken"

    def apply(self, session: Session) -> None:
        row = _without_results(session, self.event_id, "Deze checklist heeft al controles; zij blijft bewaard.")
        if not row.items:
            raise DomainError(f"De checklist van {row.name} is al leeg.")
        row.items.clear()  # the items go as orphans: deleted through the session, so audited one by one
        row.touch()


def checklist(session: Session, event_id: int) -> Checklist:
    """An event's checklist with every result, read as plain rows: three queries, whatever its length."""
    row = session.get(Event, event_id)
    if row is None:
        raise DomainError(f"Evenement {event_id} bestaat niet (meer).")
    results: dict[int, list[ResultRecord]] = defaultdict(list)
    for item_id, result_id, round_name, outcome, checked_at, inspector, remark, resolved in session.execute(
        select(
            CheckResult.item_id,
            CheckResult.id,
            CheckResult.round,
            CheckResult.outcome,
            CheckResult.checked_at,
            CheckResult.inspector,
            CheckResult.remark,
            CheckResult.resolved,
        )
        .join(CheckItem, CheckItem.id == CheckResult.item_id)
        .where(CheckItem.event_id == event_id)
        .order_by(CheckResult.id)
    ):
        results[item_id].append(ResultRecord(result_id, round_name, outcome, checked_at, inspector, remark, resolved))
    items = tuple(
        ItemRecord(item_id, section, text, tuple(results.get(item_id, ())))
        for item_id, section, text in session.execute(
            select(CheckItem.id, CheckItem.section, CheckItem.text)
            .where(CheckItem.event_id == event_id)
            .order_by(CheckItem.sort_order, CheckItem.id)
        )
    )
    earlier: tuple[tuple[str, datetime, str], ...] = ()
    if not any(item.results for item in items) and (previous := _previous_edition(session, row)) is not None:
        checks = select(CheckResult.round, CheckResult.checked_at, CheckResult.inspector).join(CheckItem)
        earlier = tuple((r, at, who) for r, at, who in session.execute(checks.where(CheckItem.event_id == previous.id)))
    return Checklist(_record(row, len(items)), items, earlier)


def round_opens(start: datetime, round_name: str) -> datetime:
    """The first moment a check in the round can be made: the event's start for the rounds that inspect the
    event itself (tijdens, afbouw), the beginning of the day before it for the others (opbouw)."""
    if round_name in ROUNDS_FROM_START:
        return start
    return to_utc(datetime.combine(to_local(start).date() - timedelta(days=1), time()))


def _round_of(item: CheckItem, round_name: str, at: datetime) -> CheckResult | None:
    """The item's result in a round the event knows and that has begun at ``at``, or None (not yet checked)."""
    event = item.event
    rounds = event.rounds.split(";")
    if round_name not in rounds:
        raise DomainError(f"Onbekende controleronde ‘{round_name}’; dit evenement kent {', '.join(rounds)}.")
    opens = round_opens(event.start, round_name)
    if at < opens:
        raise DomainError(
            f"De ronde ‘{round_name}’ van {event.name} begint pas {format_datetime(opens)}; een controle om "
            f"{format_datetime(at)} kan nog niet. Klopt de tijd van de controle?"
        )
    return next((r for r in item.results if r.round == round_name), None)


def _settle(item: CheckItem) -> None:
    """A 'niet ok' is resolved once the item was found in order at the same time or later, in any round (the
    order in which results are typed in from paper does not count)."""
    for result in item.results:
        resolved = result.outcome is Outcome.NOT_OK and any(
            r.outcome is Outcome.OK and r.checked_at >= result.checked_at for r in item.results
        )
        if result.resolved != resolved:  # only real changes reach the audit trail
            result.resolved = resolved


@dataclass(frozen=True, slots=True)
class Tick(Command[int]):
    """The outcome of a check in a round, at the time it was made (entered from paper: the time on the
    paper); returns the result's id. A round is refused before it begins (see :func:`round_opens`).

    A second tick in the same round overwrites the first in place, so the audit trail shows the earlier
    outcome (an inspector's "niet ok", say) next to the one that replaced it."""

    item_id: int
    round_name: str
    outcome: Outcome
    at: datetime
    inspector: str
    remark: str = ""

    label: ClassVar[str] = "Controlepunt afvinken"

    def apply(self, session: Session) -> int:
        item = existing(session, CheckItem, self.item_id, "Controlepunt")
        result = _round_of(item, self.round_name, self.at)
        errors = {}
        if not self.inspector.strip():
            errors["inspector"] = "Vul in wie controleert."
        if self.outcome is Outcome.NOT_OK and not self.remark.strip():
            errors["remark"] = "Schrijf bij ‘niet ok’ op wat er mis is."
        if errors:
            raise ValidationError(errors)
        if result is None:
            result = CheckResult(round=self.round_name, resolved=False)
            item.results.append(result)
        result.outcome, result.checked_at = self.outcome, self.at
        result.inspector, result.remark = self.inspector.strip(), self.remark.strip()
        _settle(item)
        session.flush()
        return result.id


@dataclass(frozen=True, slots=True)
class ClearTick(Command[None]):
    """Take an item's result in a round away (ticked by mistake): the item is unchecked in that round again,
    and a problem only that result had resolved is open again."""

    item_id: int
    round_name: str

    label: ClassVar[str] = "Controle wissen"

    def apply(self, session: Session) -> None:
        item = existing(session, CheckItem, self.item_id, "Controlepunt")
        result = next((r for r in item.results if r.round == self.round_name), None)
        if result is None:
            raise DomainError(f"‘{item.text}’ is in de ronde ‘{self.round_name}’ nog niet gecontroleerd.")
        item.results.remove(result)  # an orphan: deleted through the session, so audited
        _settle(item)


def by_section(items: tuple[ItemRecord, ...]) -> dict[str, list[ItemRecord]]:
    sections: dict[str, list[ItemRecord]] = defaultdict(list)
    for item in items:
        sections[item.section].append(item)
    return dict(sections)


@dataclass(frozen=True, slots=True)
class TemplateLineRecord:
    id: int
    template_id: int
    section: str
    text: str
    sort_order: int
    version: int


@dataclass(frozen=True, slots=True)
class TemplateRecord:
    id: int
    name: str
    lines: tuple[TemplateLineRecord, ...]
    version: int


def template_records(session: Session) -> tuple[TemplateRecord, ...]:
    """Every template with its lines, in two queries."""
    rows = session.scalars(select(Template).options(selectinload(Template.lines)).order_by(Template.id))
    return tuple(TemplateRecord(t.id, t.name, tuple(map(_line_record, t.lines)), t.version) for t in rows)


def _line_record(row: TemplateLine) -> TemplateLineRecord:
    return TemplateLineRecord(row.id, row.template_id, row.section, row.text, row.sort_order, row.version)


def template_lines(session: Session, template_id: int) -> tuple[TemplateLineRecord, ...]:
    rows = session.scalars(
        select(TemplateLine)
        .where(TemplateLine.template_id == template_id)
        .order_by(TemplateLine.sort_order, TemplateLine.id)
    )
    return tuple(_line_record(r) for r in rows)


@dataclass(frozen=True, slots=True)
class AddTemplateLine(Command[TemplateLineRecord]):
    """Add a check to a template, at the end of its section (or as a new section at the end)."""

    template_id: int
    section: str
    text: str

    label: ClassVar[str] = "Sjabloonregel toevoegen"

    def apply(self, session: Session) -> TemplateLineRecord:
        section, text = self.section.strip(), self.text.strip()
        if not section or not text:
            raise ValidationError({"text": "Vul het onderdeel en het controlepunt in."})
        template = existing(session, Template, self.template_id, "Sjabloon")
        same = [line.sort_order for line in template.lines if line.section == section]
        sort_order = (max(same) if same else max((line.sort_order for line in template.lines), default=0)) + 1
        for line in template.lines:
            if line.sort_order >= sort_order:
                line.sort_order += 1
        row = TemplateLine(template_id=self.template_id, section=section, text=text, sort_order=sort_order)
        session.add(row)
        session.flush()
        return _line_record(row)


class DeleteTemplateLine(DeleteRecord):
    label = "Sjabloonregel verwijderen"
    model = TemplateLine
    what = "Sjabloonregel"


@dataclass(frozen=True, slots=True)
class CopyTemplate(Command[int]):
    """A new template with the lines of another, to adapt (for example for a new kind of event); its id."""

    template_id: int
    name: str

    label: ClassVar[str] = "Sjabloon kopiëren"

    def apply(self, session: Session) -> int:
        name = self.name.strip()
        if not name:
            raise ValidationError({"name": "Geef het sjabloon een naam."})
        if session.scalar(select(Template.id).where(Template.name == name)) is not None:
            raise ValidationError({"name": f"Er is al een sjabloon ‘{name}’."})
        source = existing(session, Template, self.template_id, "Sjabloon")
        template = Template(name=name)
        template.lines = [
            TemplateLine(section=line.section, text=line.text, sort_order=line.sort_order) for line in source.lines
        ]
        session.add(template)
        session.flush()
        return template.id


class DeleteTemplate(DeleteRecord):
    """A template with its lines; checklists made from it keep their own copy of the items."""

    label = "Sjabloon verwijderen"
    model = Template
    what = "Sjabloon"

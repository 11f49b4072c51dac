"""Offline copies: making one, recording field records in it, and sending them to the server exactly once.

Why a journal of commands rather than a UUID column on each field table: what is recorded in the field is not only
new rows (a tick overwrites the round's result in place, a drill response updates the participant and the drill's
alarm its activity, a GRIP change updates the incident, an arrival a call), and replaying the user's own command on
the server runs the server's checks (an incident closed meanwhile refuses a new log entry) and writes the server's
audit trail under the command's name. So an offline copy admits only the field commands (:data:`FIELD_KINDS`); each
runs wrapped in :class:`Journal`, which writes a :class:`~crisisapp.models.offline.FieldRecord` in the same
transaction: a UUID, the command's input, and every row it wrote with that row's state before. :func:`synchronise`
replays the records in order on the server, each in one transaction together with its record: the record's UUID as
primary key is the receipt, so a repeated or interrupted synchronisation skips what arrived and sends the rest, and
the server rows a record created (stored with the receipt) map the copy's ids of later records to the server's.
Before a replay commits, the rows it wrote on the server are compared with the states the field saw: a column that
changed on the server since the copy was made and that the replay would change again is a conflict, reported and not
sent — never overwritten (the field and the server changing different columns of one row, an arrival and a reaction,
is none). A replay the server refuses (a rule of the domain, or a right the sending role lacks) is reported the same
way, with those of its rows that changed there (the likely reason), and the other records still go; one that hangs
on a record not sent (an entry in an incident whose start was not sent) is reported too, not sent. A record reported
and handled on the server by hand can be forgotten (:class:`Forget`, a receipt that it is not to be sent), so that a
copy comes to "nothing left to send". What the copy's role may not change on the server is refused in the copy
already, when it is recorded, where the copy can tell (its mark knows the role's kind and municipality;
:func:`refusal`, :func:`_refuse_others`). An incident started in the field is created on the server as an incident
of its own, next to any the server started meanwhile (the app allows several open incidents; whether two are one
event is for a person to judge, so the report points it out).
"""

import json
import typing
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import Boolean, Date, and_, func, select
from sqlalchemy.orm import Session

from crisisapp.errors import CrisisAppError, DomainError
from crisisapp.models.base import VERSION, Base, UTCDateTime
from crisisapp.models.events import CheckItem, Event
from crisisapp.models.incident import Call, Incident, LogEntry
from crisisapp.models.offline import FieldRecord
from crisisapp.models.organisation import Person
from crisisapp.models.oto import Activity
from crisisapp.models.settings import Setting
from crisisapp.services import events, incident, jaarwisseling, oto
from crisisapp.services.commands import Command, Revert, RowImage
from crisisapp.services.offline import OFFLINE_KEY, OfflineMark, offline_mark
from crisisapp.storage import faults
from crisisapp.storage.audit import AT_KEY, USER_KEY, as_text
from crisisapp.storage.offline import Written, write_copy
from crisisapp.storage.ownership import HOME
from crisisapp.storage.roles import Owned
from crisisapp.storage.schema import DATABASE_ID_KEY
from crisisapp.storage.server import NoRightError, ServerDatabase
from crisisapp.timeutil import date_text, format_datetime, to_local

if TYPE_CHECKING:
    from crisisapp.context import AppContext

Key = tuple[str, int]  # a row: its table and its id
Values = dict[str, str | None]  # a row's values by column name, as text


@dataclass(frozen=True, slots=True)
class FieldKind:
    """A command an offline copy takes: its name in the journal, which of its fields point at rows of which
    table, how to say in a few words what it recorded where (for the report of a conflict), and whose record it
    changes as the server's rules see it (migration 0017): the same for every command of the kind (the
    jaarwisseling's night log is Maassluis'), read from the row it points at, or None: a record of its own."""

    name: str
    references: Mapping[str, str]
    what: Callable[[Session, Any], str]
    owner: Owned | Callable[[Session, Any], Owned | None] | None


def _moment(at: datetime) -> str:
    """A moment in Dutch time, to the second where it has seconds (a drill's alarm and responses have)."""
    seconds = to_local(at).second
    return format_datetime(at) + (f":{seconds:02d}" if seconds else "")


def _short(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _incident_title(session: Session, incident_id: int) -> str:
    row = session.get(Incident, incident_id)
    return f"incident ‘{row.title if row else incident_id}’"


def _person(session: Session, person_id: int) -> str:
    row = session.get(Person, person_id)
    return row.name if row else f"persoon {person_id}"


def _item(session: Session, item_id: int) -> str:
    item = session.get(CheckItem, item_id)
    return f"‘{_short(item.text)}’ van {item.event.name}" if item else f"controlepunt {item_id}"


def _tick(session: Session, c: events.Tick) -> str:
    outcome = f"{c.outcome.value} om {format_datetime(c.at)} ({c.inspector})"
    return f"{_item(session, c.item_id)}, ronde {c.round_name}: {outcome}"


def _cleared(session: Session, c: events.ClearTick) -> str:
    return f"{_item(session, c.item_id)}, ronde {c.round_name}: controle gewist"


def _activity_title(session: Session, activity_id: int) -> str:
    row = session.get(Activity, activity_id)
    return f"‘{row.title if row else activity_id}’"


def _response(session: Session, c: oto.SetResponse) -> str:
    return f"{_person(session, c.person_id)} bij {_activity_title(session, c.activity_id)}: {c.presence.value}"


def _time(session: Session, c: oto.RecordTime) -> str:
    what = ("aangekomen" if c.arrival else "gereageerd") + (f" om {_moment(c.at)}" if c.at else ": teruggenomen")
    return f"{_person(session, c.person_id)} bij {_activity_title(session, c.activity_id)}: {what}"


def _alarm(session: Session, c: oto.StartAlarm) -> str:
    return f"{_activity_title(session, c.activity_id)}: alarm om {_moment(c.at)}"


def _start(session: Session, c: incident.StartIncident) -> str:
    data = c.data
    kind = " (oefening)" if data.exercise else ""
    return f"incident ‘{data.title}’{kind}, alarmering {format_datetime(data.alert_at)}, GRIP {data.grip}"


def _grip(session: Session, c: incident.SetGrip) -> str:
    return f"{_incident_title(session, c.incident_id)} naar GRIP {c.level} om {format_datetime(c.at)}"


def _entry(session: Session, c: incident.AddEntry) -> str:
    return f"{_incident_title(session, c.incident_id)}, {format_datetime(c.at)}: {c.kind.value} ‘{_short(c.text)}’"


def _call(session: Session, c: incident.RecordCall) -> str:
    return (
        f"{_incident_title(session, c.incident_id)}, {format_datetime(c.called_at)}: "
        f"{_person(session, c.person_id)} {c.outcome.value}"
    )


def _arrival(session: Session, c: incident.RecordArrival) -> str:
    call = session.get(Call, c.call_id)
    if call is None:
        return f"aankomst om {format_datetime(c.at)} (oproep {c.call_id})"
    return (
        f"{_incident_title(session, call.incident_id)}: {_person(session, call.person_id)} aangekomen om "
        f"{format_datetime(c.at)}"
    )


def _incident_owner(session: Session, incident_id: int) -> Owned | None:
    row = session.get(Incident, incident_id)
    return None if row is None else Owned(f"het incident ‘{row.title}’", row.municipality)


def _activity_owner(
    session: Session, c: oto.StartAlarm | oto.CorrectAlarmTime | oto.SetResponse | oto.RecordTime
) -> Owned | None:
    row = session.get(Activity, c.activity_id)
    return None if row is None else Owned(f"de activiteit ‘{row.title}’", row.municipality)


def _event_owner(session: Session, c: events.Tick | events.ClearTick) -> Owned | None:
    item = session.get(CheckItem, c.item_id)
    return None if item is None else Owned(f"het evenement ‘{item.event.name}’", item.event.municipality)


def _call_owner(session: Session, c: incident.RecordArrival) -> Owned | None:
    call = session.get(Call, c.call_id)
    return None if call is None else _incident_owner(session, call.incident_id)


def _in_incident(session: Session, c: incident.SetGrip | incident.AddEntry | incident.RecordCall) -> Owned | None:
    return _incident_owner(session, c.incident_id)


#: The night log of the jaarwisseling, like every record without a municipality, is Maassluis' (storage/roles.py).
NIGHT_LOG = Owned("het logboek van de jaarwisseling", HOME)


def _night(session: Session, c: jaarwisseling.LogIncident) -> str:
    return f"jaarwisseling {c.year}, {format_datetime(c.at)}: {c.kind}{f', {c.location}' if c.location else ''}"


FIELD_KINDS: dict[type[Command[Any]], FieldKind] = {
    events.Tick: FieldKind("events.Tick", {"item_id": "event_check_item"}, _tick, _event_owner),
    events.ClearTick: FieldKind("events.ClearTick", {"item_id": "event_check_item"}, _cleared, _event_owner),
    # A drill run in the field: its alarm (without it the responses have no response times), corrected if need be.
    oto.StartAlarm: FieldKind("oto.StartAlarm", {"activity_id": "oto_activity"}, _alarm, _activity_owner),
    oto.CorrectAlarmTime: FieldKind("oto.CorrectAlarmTime", {"activity_id": "oto_activity"}, _alarm, _activity_owner),
    oto.SetResponse: FieldKind(
        "oto.SetResponse", {"activity_id": "oto_activity", "person_id": "person"}, _response, _activity_owner
    ),
    oto.RecordTime: FieldKind(
        "oto.RecordTime", {"activity_id": "oto_activity", "person_id": "person"}, _time, _activity_owner
    ),
    # An incident started in the field: its id in the copy maps to the one the server gives it (:class:`Sent`), for
    # every entry, call and GRIP change recorded in it afterwards. It is the incident of the copy's role's
    # municipality, there as on the server.
    incident.StartIncident: FieldKind("incident.StartIncident", {}, _start, None),
    incident.SetGrip: FieldKind("incident.SetGrip", {"incident_id": "incident"}, _grip, _in_incident),
    incident.AddEntry: FieldKind(
        "incident.AddEntry", {"incident_id": "incident", "corrects_id": "incident_entry"}, _entry, _in_incident
    ),
    incident.RecordCall: FieldKind(
        "incident.RecordCall",
        {"incident_id": "incident", "function_id": "crisis_function", "person_id": "person"},
        _call,
        _in_incident,
    ),
    incident.RecordArrival: FieldKind("incident.RecordArrival", {"call_id": "incident_call"}, _arrival, _call_owner),
    jaarwisseling.LogIncident: FieldKind("jaarwisseling.LogIncident", {}, _night, NIGHT_LOG),
}
_BY_NAME = {kind.name: command for command, kind in FIELD_KINDS.items()}


class ConflictError(DomainError):
    """A field record whose rows changed on the server since the copy was made: not sent."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(self.problems))


# -- the journal in the copy ------------------------------------------------------------------------------------------


def _encode(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):  # a command's input record (IncidentInput)
        return {f.name: _encode(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def _decode(kind: Any, value: Any) -> Any:
    if value is None:
        return None
    kinds = [k for k in typing.get_args(kind) if k is not type(None)] or [kind]
    target = kinds[0]
    if target is datetime:
        return datetime.fromisoformat(value)
    if isinstance(target, type) and issubclass(target, Enum):
        return target(value)
    if isinstance(target, type) and is_dataclass(target):  # a command's input record (IncidentInput)
        return _decoded(target, value)
    return value


def _decoded(cls: type[Any], given: Mapping[str, Any]) -> Any:
    """An instance of the dataclass ``cls`` from its fields as :func:`_encode` wrote them."""
    hints = typing.get_type_hints(cls)
    return cls(**{name: _decode(hints[name], value) for name, value in given.items()})


def _images_json(images: Sequence[RowImage]) -> str:
    return json.dumps(
        [
            {
                "table": image.table,
                "key": list(image.key),
                "before": None if image.values is None else {c: as_text(v) for c, v in image.values},
            }
            for image in images
        ]
    )


def refusal(kind: type[Command[Any]], mark: OfflineMark) -> str | None:
    """Why an offline copy does not run commands of ``kind``, in Dutch: not a field record, or one whose record is
    always of another municipality than the copy's role's (the jaarwisseling's night log is Maassluis'); None when it
    may run them (whether its role may change the very record a command changes is asked when it runs)."""
    field = FIELD_KINDS.get(kind)
    if field is None:
        return str(mark.refusal(kind.label))
    if isinstance(field.owner, Owned) and (refused := mark.others_refusal(kind.label, field.owner)) is not None:
        return str(refused)
    return None


def admit(command: Command[Any], mark: OfflineMark) -> Command[Any]:
    """What an offline copy runs for ``command``: a field command wrapped in its journal, the undo or redo of one;
    anything else is refused in Dutch."""
    if isinstance(command, Revert):
        # An undo or redo is the inverse of what ran here, and here only journaled field commands run: the undo
        # of one takes its journal entry away with its rows, the redo brings both back.
        if any(image.table == "field_record" for image in command.images):
            return command
        raise mark.refusal(command.title())
    if type(command) in FIELD_KINDS:
        return Journal(command, uuid.uuid4().hex)
    raise mark.refusal(command.title())


def _refuse_others(session: Session, command: Command[Any]) -> None:
    """In an offline copy, refuse the field command ``command`` when the role the copy was made for may not change
    its record on the server: at once, not when it is sent."""
    mark = offline_mark(session)
    owner = FIELD_KINDS[type(command)].owner
    owned = owner(session, command) if callable(owner) else owner
    if mark is not None and owned is not None and (refused := mark.others_refusal(command.title(), owned)) is not None:
        raise refused


@dataclass(frozen=True, slots=True)
class Journal(Command[Any]):
    """A field command run in an offline copy, with its :class:`FieldRecord` in the same transaction."""

    command: Command[Any]
    record_id: str

    label: ClassVar[str] = "Veldregistratie"

    def title(self) -> str:
        return self.command.title()

    def apply(self, session: Session) -> Any:
        kind = FIELD_KINDS[type(self.command)]
        _refuse_others(session, self.command)
        done = self.command.run(session)
        faults.point("journal", 1)  # the field record written, its journal entry not yet: one transaction
        number = session.scalar(select(func.coalesce(func.max(FieldRecord.number), 0))) or 0
        record = Recorded.of(
            self.command,
            record_id=self.record_id,
            copy_id=database_id(session) or "",
            number=number + 1,
            recorded_at=session.info[AT_KEY],
            recorded_by=session.info[USER_KEY],
            images=done.inverse.images,
            what=kind.what(session, self.command),
        )
        session.add(record.row())
        return done.result


# -- sending to the server --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Recorded:
    """A field record as read from the copy."""

    id: str
    copy_id: str
    number: int
    command: str
    label: str
    payload: str
    recorded_at: datetime
    recorded_by: str
    field_rows: str

    @classmethod
    def of(
        cls,
        command: Command[Any],
        *,
        record_id: str,
        copy_id: str,
        number: int,
        recorded_at: datetime,
        recorded_by: str,
        images: Sequence[RowImage],
        what: str,
    ) -> "Recorded":
        """The record of a field command that wrote the rows of ``images`` (their states before it)."""
        given = _encode(command)
        return cls(
            record_id,
            copy_id[:32],
            number,
            FIELD_KINDS[type(command)].name,
            command.title(),
            json.dumps({"input": given, "what": what}),
            recorded_at,
            recorded_by,
            _images_json(images),
        )

    def row(self, server_rows: str = "") -> FieldRecord:
        """The record as a row: in the copy, or on the server with what it wrote there (:class:`Sent`)."""
        return FieldRecord(
            id=self.id,
            copy_id=self.copy_id,
            number=self.number,
            command=self.command,
            label=self.label,
            payload=self.payload,
            recorded_at=self.recorded_at,
            recorded_by=self.recorded_by,
            field_rows=self.field_rows,
            server_rows=server_rows,
        )

    @property
    def what(self) -> str:
        return f"{self.label}: {json.loads(self.payload)['what']}"

    def rows(self) -> list[dict[str, Any]]:
        return list(json.loads(self.field_rows))

    def created(self) -> list[Key]:
        """The rows the record created in the copy, in order."""
        return [(row["table"], int(row["key"][0])) for row in self.rows() if row["before"] is None]

    def references(self) -> list[Key]:
        """The rows the record's command points at (in the copy's ids)."""
        kind = FIELD_KINDS[_BY_NAME[self.command]]
        given = json.loads(self.payload)["input"]
        return [(table, int(given[name])) for name, table in kind.references.items() if given.get(name) is not None]

    def command_for(self, ids: Mapping[Key, int]) -> Command[Any]:
        """The command with its references mapped to the server's rows."""
        cls = _BY_NAME[self.command]
        given = dict(json.loads(self.payload)["input"])
        for name, table in FIELD_KINDS[cls].references.items():
            if given.get(name) is not None:
                given[name] = ids.get((table, int(given[name])), int(given[name]))
        return typing.cast(Command[Any], _decoded(cls, given))


def field_records(session: Session) -> tuple[Recorded, ...]:
    """The field records of an offline copy, in the order they were made."""
    rows = session.scalars(select(FieldRecord).order_by(FieldRecord.number))
    return tuple(
        Recorded(r.id, r.copy_id, r.number, r.command, r.label, r.payload, r.recorded_at, r.recorded_by, r.field_rows)
        for r in rows
    )


@dataclass(frozen=True, slots=True)
class Sent:
    """What a field record wrote on the server: the rows it created (in order, to map the copy's ids) and every
    row it wrote as it left it (JSON of its values; None: deleted), to tell a later change there from ours. Or,
    ``forgotten``: nothing; a user chose not to send the record any more (:class:`Forget`)."""

    created: tuple[Key, ...]
    after: tuple[tuple[Key, str | None], ...]
    forgotten: bool = False

    def as_json(self) -> str:
        return json.dumps({"created": self.created, "after": self.after, "forgotten": self.forgotten})

    @classmethod
    def from_json(cls, text: str) -> "Sent":
        data = json.loads(text)
        return cls(
            tuple((table, int(key)) for table, key in data["created"]),
            tuple(((table, int(key)), values) for (table, key), values in data["after"]),
            bool(data.get("forgotten", False)),
        )


def arrived(session: Session, record_ids: Sequence[str]) -> dict[str, Sent]:
    """Of ``record_ids``, those the server has received, with what each wrote there."""
    found: dict[str, Sent] = {}
    for start in range(0, len(record_ids), 500):
        chunk = record_ids[start : start + 500]
        for record_id, server_rows in session.execute(
            select(FieldRecord.id, FieldRecord.server_rows).where(FieldRecord.id.in_(chunk))
        ):
            found[record_id] = Sent.from_json(server_rows)
    return found


def database_id(session: Session) -> str | None:
    row = session.get(Setting, DATABASE_ID_KEY)
    return row.value if row else None


def _other_database(mark: OfflineMark, server: "AppContext", database: ServerDatabase) -> str | None:
    """In Dutch, why ``database`` (open in ``server``) is not the server database the copy of ``mark`` came from;
    None when it is.

    The id stored in a database (migration 0010) is shared by every database made from it: with ``CREATE DATABASE
    … TEMPLATE`` (a test environment), or with pg_dump and pg_restore. So the database's name counts too. A clone
    on the same server has a name of its own, and a test environment is given one. A backup put back under the same
    name — into the same database (``crisisapp restore --replace``), into a new one after a loss, or on a new
    server — is the database the copy came from, and takes the records recorded in the field meanwhile.
    """
    if server.call(database_id) != mark.server_id:
        return (
            f"{server.name} is niet de database waarvan deze kopie is gemaakt ({mark.server}); er is niets verzonden."
        )
    if (address := mark.address()) is not None and address.database == database.url.database:
        return None
    return (
        f"{server.name} is niet de database waarvan deze kopie is gemaakt ({mark.server}), maar een database die "
        "ervan is afgeleid: een kopie op de server (CREATE DATABASE … TEMPLATE, bijvoorbeeld een testomgeving) of "
        "een back-up die onder een andere naam is teruggezet. Er is niets verzonden. Synchroniseer de kopie met de "
        "database waarvan ze is gemaakt."
    )


def _targets(table: str) -> dict[str, str]:
    """Per column of ``table`` that holds an id: the table whose id it is."""
    found = {}
    for column in Base.metadata.tables[table].columns:
        if column.primary_key:
            found[column.name] = table
        for key in column.foreign_keys:
            found[column.name] = key.column.table.name
    return found


def _mapped(table: str, values: Mapping[str, str | None], ids: Mapping[Key, int]) -> dict[str, str | None]:
    targets = _targets(table)
    return {
        column: (
            str(ids.get((targets[column], int(value)), int(value)))
            if column in targets and value is not None and value.isdigit()
            else value
        )
        for column, value in values.items()
    }


def _table_label(table: str) -> str:
    return str(
        Base.metadata.tables[table].info.get("label", "Logboek wijzigingen" if table == "audit_entry" else table)
    )


def _column_label(table: str, column: str) -> str:
    return str(Base.metadata.tables[table].columns[column].info.get("label", column))


def _shown(table: str, column: str, value: str | None) -> str:
    """A column's value (as text, :func:`~crisisapp.storage.audit.as_text`) as the app shows it: a moment in Dutch
    time, a day as a Dutch date, yes or no in Dutch, no value as ‘leeg’ (the kinds and states are Dutch words)."""
    if value is None:
        return "leeg"
    kind = Base.metadata.tables[table].columns[column].type
    if isinstance(kind, UTCDateTime):
        return f"‘{_moment(datetime.fromisoformat(value))}’"
    if isinstance(kind, Boolean):
        return "‘ja’" if value == "True" else "‘nee’"
    if isinstance(kind, Date):
        return f"‘{date_text(date.fromisoformat(value))}’"
    return f"‘{value}’"


def _summary(table: str, values: Mapping[str, str | None]) -> str:
    targets = _targets(table)
    shown = [
        f"{_column_label(table, c)} {_shown(table, c, v)}"
        for c, v in values.items()
        if c not in targets and v not in (None, "")
    ]
    return ", ".join(shown[:5])


def _seen(
    field: Sequence[Mapping[str, Any]], ids: Mapping[Key, int], left: Mapping[Key, str | None]
) -> dict[Key, Values]:
    """The rows a field record changed (not those it created), under their ids on the server, as the field saw them
    before the command. A row an earlier record of this copy wrote on the server is as that record ``left`` it
    there: the server's own values (the author of a call made in the field is who sent it) are not a change."""
    seen: dict[Key, Values] = {}
    for row in field:
        if row["before"] is not None:
            table, key = row["table"], int(row["key"][0])
            at = (table, ids.get((table, key), key))
            ours = left.get(at)
            seen[at] = json.loads(ours) if ours is not None else _mapped(table, row["before"], ids)
    return seen


def _event_name(session: Session, event_id: int) -> str:
    row = session.get(Event, event_id)
    return row.name if row else f"evenement {event_id}"


#: How a user knows a row that field records change, from its values (as text): the incident by its title …
_NAMES: dict[str, Callable[[Session, Values], str]] = {
    "incident": lambda _, v: f"Incident ‘{v['title']}’",
    "incident_call": lambda session, v: (
        f"De oproep van {_person(session, int(v['person_id'] or 0))} in "
        f"{_incident_title(session, int(v['incident_id'] or 0))}"
    ),
    "oto_activity": lambda _, v: f"Activiteit ‘{v['title']}’",
    "oto_participant": lambda session, v: (
        f"Deelnemer {_person(session, int(v['person_id'] or 0))} van "
        f"{_activity_title(session, int(v['activity_id'] or 0))}"
    ),
    "attendance": lambda session, v: f"De deelname aan OTO van {_person(session, int(v['person_id'] or 0))}",
    "event_check_item": lambda session, v: (
        f"Controlepunt ‘{_short(v['text'] or '')}’ van {_event_name(session, int(v['event_id'] or 0))}"
    ),
    "event_check_result": lambda session, v: (
        f"De controle van {_item(session, int(v['item_id'] or 0))} in ronde {v['round']}"
    ),
}


def _named(session: Session, table: str, key: int, values: Values) -> str:
    """A row as a user knows it ("Incident ‘Brand bedrijfspand Noordvliet’"); by its table and number where the
    table has no name for its rows."""
    name = _NAMES.get(table)
    return name(session, values) if name is not None else f"{_table_label(table)} {key}"


def _changes(
    session: Session,
    seen: Mapping[Key, Values],
    now: Mapping[Key, Values],
    replayed: Mapping[Key, str | None] | None = None,
) -> list[str]:
    """In Dutch, each row whose state on the server (``now``) is not what the field saw. With ``replayed``, the rows
    as a replay left them (JSON, None: deleted): a row the server changed counts only where the replay changes one of
    the columns the server changed (it would overwrite that), not where the field and the server changed different
    columns of it (the arrival recorded in the field, the reaction at the office)."""
    problems = []
    for table, key in sorted(seen.keys() | now.keys()):
        before, there = seen.get((table, key)), now.get((table, key))
        if before == there:
            continue
        if there is None:
            assert before is not None
            where = _named(session, table, key, before)
            problems.append(f"{where} is op de server gewijzigd of verwijderd na het maken van de kopie")
        elif before is None:
            where = _named(session, table, key, there)
            problems.append(f"{where} is op de server vastgelegd na het maken van de kopie ({_summary(table, there)})")
        else:
            after = None if replayed is None or (state := replayed.get((table, key))) is None else json.loads(state)
            collided = [
                column
                for column, was in before.items()
                if was != there.get(column) and (after is None or after.get(column) != there.get(column))
            ]
            if collided:
                problems.append(
                    f"{_named(session, table, key, there)} is op de server gewijzigd na het maken van de kopie: "
                    + "; ".join(
                        f"{_column_label(table, c)} was {_shown(table, c, before[c])}, is nu "
                        f"{_shown(table, c, there.get(c))}"
                        for c in collided
                    )
                )
    return problems


def differences(
    session: Session,
    field: Sequence[Mapping[str, Any]],
    server: Sequence[RowImage],
    ids: Mapping[Key, int],
    left: Mapping[Key, str | None],
    replayed: Mapping[Key, str | None],
) -> list[str]:
    """In Dutch, each row the replay wrote on the server where it collides with a change made there since the copy
    was made (see :func:`_seen`): a column changed on both sides, a row made or deleted on one; empty when nothing
    collides. ``replayed``: the rows as the replay left them (JSON, None: deleted)."""
    now = {
        (image.table, int(image.key[0])): {c: as_text(v) for c, v in image.values}
        for image in server
        if image.values is not None
    }
    problems = _changes(session, _seen(field, ids, left), now, replayed)
    made_field = Counter(row["table"] for row in field if row["before"] is None)
    made_server = Counter(image.table for image in server if image.values is None)
    if not problems and made_field != made_server:
        problems.append("op de server leidt deze registratie tot andere nieuwe rijen dan in de kopie")
    return problems


def changed_since_copy(
    session: Session, record: Recorded, ids: Mapping[Key, int], left: Mapping[Key, str | None]
) -> list[str]:
    """In Dutch, each row ``record`` changed in the field that changed on the server since the copy was made: for a
    record the server refuses (the GRIP level it raised in the field raised there too), the likely reason."""
    seen = _seen(record.rows(), ids, left)
    now = {key: json.loads(state) for key in seen if (state := _state(session, key[0], (key[1],))) is not None}
    return _changes(session, seen, now)


@dataclass(frozen=True, slots=True)
class Deliver(Command[Sent]):
    """Replay a field record on the server and keep its receipt, in one transaction; returns what it wrote there.
    A column that changed on the server since the copy was made and that the replay changes again refuses it
    (:class:`ConflictError`)."""

    record: Recorded
    ids: tuple[tuple[Key, int], ...] = ()
    #: How earlier records of the copy left the rows they wrote on the server (:attr:`Sent.after`).
    left: tuple[tuple[Key, str | None], ...] = ()

    label: ClassVar[str] = "Veldregistratie ontvangen"

    def title(self) -> str:
        return f"{self.record.label} (offline kopie, vastgelegd door {self.record.recorded_by})"[:200]

    def apply(self, session: Session) -> Sent:
        ids = dict(self.ids)
        done = self.record.command_for(ids).run(session)
        images = done.inverse.images
        after = tuple(((image.table, int(image.key[0])), _state(session, image.table, image.key)) for image in images)
        problems = differences(session, self.record.rows(), images, ids, dict(self.left), dict(after))
        if problems:
            raise ConflictError(problems)
        sent = Sent(tuple((image.table, int(image.key[0])) for image in images if image.values is None), after)
        session.add(self.record.row(sent.as_json()))
        session.flush()
        faults.point("sync", self.record.number)  # replayed and receipted, not yet committed
        return sent


@dataclass(frozen=True, slots=True)
class Forget(Command[None]):
    """Keep a receipt on the server of a field record that was not sent and is not to be sent any more (it was
    handled there by hand): later synchronisations skip it instead of reporting it again. Nothing of it is applied."""

    record: Recorded

    label: ClassVar[str] = "Veldregistratie niet meer sturen"

    def title(self) -> str:
        return f"{self.label}: {self.record.label} (offline kopie, vastgelegd door {self.record.recorded_by})"[:200]

    def apply(self, session: Session) -> None:
        session.add(self.record.row(Sent((), (), forgotten=True).as_json()))


def _state(session: Session, name: str, key: tuple[Any, ...]) -> str | None:
    """The row ``key`` of table ``name`` as it is now in the session's transaction (JSON of its values, its version
    counter aside as in the before-images it is compared with), None when gone."""
    table = Base.metadata.tables[name]
    where = and_(*(column == value for column, value in zip(table.primary_key.columns, key, strict=True)))
    row = session.execute(select(table).where(where)).mappings().one_or_none()
    if row is None:
        return None
    return json.dumps({column: as_text(value) for column, value in row.items() if column != VERSION})


@dataclass(frozen=True, slots=True)
class Conflict:
    """A field record not sent: its number in the copy, what it recorded where, and why, in Dutch (a row changed on
    both sides, a refusal of the server, or an earlier record it hangs on that was not sent)."""

    number: int
    what: str
    problems: tuple[str, ...]

    def lines(self) -> list[str]:
        return [f"  nr. {self.number}  {self.what}", *(f"      {problem}" for problem in self.problems)]


def _numbers(numbers: Iterable[int]) -> str:
    return ",".join(str(number) for number in numbers)


@dataclass(frozen=True, slots=True)
class SyncReport:
    copy: str
    server: str
    sent: int
    earlier: int
    conflicts: tuple[Conflict, ...]
    #: What was sent but asks a person's look (an incident started in the field next to one the server started).
    notices: tuple[str, ...] = ()
    #: The records not sent that are, as asked, not to be sent any more (:class:`Forget`).
    forgotten: tuple[Conflict, ...] = ()
    #: How many were forgotten at an earlier synchronisation.
    forgotten_before: int = 0
    #: The records asked to be forgotten that arrived on the server (now or before): not forgotten.
    arrived_anyway: tuple[int, ...] = ()
    #: Per incident whose log entries from the field got other numbers on the server, which ones, in Dutch.
    renumbered: tuple[str, ...] = ()

    @property
    def unsent(self) -> tuple[int, ...]:
        """The numbers of the records still to be sent (or forgotten)."""
        return tuple(conflict.number for conflict in self.conflicts)

    def text(self) -> str:
        gone = len(self.forgotten) + self.forgotten_before
        lines = [
            f"Offline kopie {self.copy} gesynchroniseerd met {self.server}: {self.sent} "
            f"{'registratie' if self.sent == 1 else 'registraties'} verzonden, {self.earlier} al eerder aangekomen, "
            f"{len(self.conflicts)} niet verzonden{f', {gone} niet meer te sturen' if gone else ''}."
        ]
        lines += self.notices
        lines += self.renumbered
        if self.conflicts:
            lines.append(
                "Niet verzonden (op de server is niets overschreven; bekijk het daar en leg het zo nodig opnieuw vast):"
            )
            for conflict in self.conflicts:
                lines += conflict.lines()
        if self.forgotten:
            lines.append("Zoals gevraagd niet meer te sturen (de server houdt bij dat ze zijn afgehandeld):")
            for conflict in self.forgotten:
                lines += conflict.lines()
        if self.arrived_anyway:
            lines.append(f"Niet vergeten, want aangekomen op de server: nr. {_numbers(self.arrived_anyway)}.")
        if not self.conflicts:
            lines.append("Er is niets meer te sturen.")
        return "\n".join(lines)


class SyncInterruptedError(CrisisAppError):
    """The synchronisation stopped midway (the connection went); what arrived stays, a new one sends the rest."""


def _send(
    server: "AppContext", record: Recorded, ids: Mapping[Key, int], left: Mapping[Key, str | None]
) -> Sent | tuple[str, ...]:
    """Deliver ``record`` to ``server``: what it wrote there, or in Dutch why it is not sent (a conflict, or a
    refusal: a rule of the domain, or a right the sending role lacks)."""
    try:
        return server.execute(Deliver(record, tuple(ids.items()), tuple(left.items()))).result
    except ConflictError as exc:
        return exc.problems
    except (DomainError, NoRightError) as exc:
        why = exc.reason if isinstance(exc, NoRightError) else str(exc)
        return (*server.call(changed_since_copy, record, ids, left), f"de server weigert het: {why}")


def synchronise(copy: "AppContext", server: "AppContext", forget: Collection[int] = ()) -> SyncReport:
    """Send the field records of the offline copy ``copy`` to the server database it came from, each exactly once.
    A record not sent (a conflict, a refusal) is reported and the others go on; what hangs on it is not sent either.
    ``forget``: numbers of records the user handled by hand: those not sent now are not to be sent any more, nor
    what hangs on them."""
    mark = copy.call(offline_mark)
    if mark is None:
        raise DomainError(f"{copy.name} is geen offline kopie; er valt niets te synchroniseren.")
    if not isinstance(server.database, ServerDatabase):
        raise DomainError(f"Synchroniseren kan alleen met een serverdatabase (postgresql://…), niet met {server.name}.")
    if mark.server_id is not None and (refused := _other_database(mark, server, server.database)) is not None:
        raise DomainError(refused)
    if (reason := server.read_only_reason()) is not None:
        raise DomainError(f"{reason} Met deze rol kan niets naar de server worden gestuurd; er is niets verzonden.")
    records = copy.call(field_records)
    if missing := sorted(set(forget) - {record.number for record in records}):
        raise DomainError(
            f"Deze offline kopie heeft geen registratie nr. {_numbers(missing)}; er is niets verzonden en niets "
            "vergeten."
        )
    received = server.call(arrived, [r.id for r in records])
    ids: dict[Key, int] = {}
    left: dict[Key, str | None] = {}
    unsent: dict[Key, int] = {}  # a row a record not sent would have made: that record's number
    gone: set[int] = set()  # the numbers of the records not to be sent any more
    sent = earlier = before = 0
    entries: list[tuple[int, int]] = []  # the log entries sent now: their ids in the copy and on the server
    conflicts: list[Conflict] = []
    forgotten: list[Conflict] = []
    for record in records:
        if (receipt := received.get(record.id)) is not None:
            if receipt.forgotten:
                unsent.update(dict.fromkeys(record.created(), record.number))
                gone.add(record.number)
                before += 1
                continue
            ids.update(zip(record.created(), (key for _, key in receipt.created), strict=False))
            left.update(receipt.after)
            earlier += 1
            continue
        blocker = next((unsent[reference] for reference in record.references() if reference in unsent), None)
        try:
            if blocker is None:
                done = _send(server, record, ids, left)
                if isinstance(done, Sent):
                    made = list(zip(record.created(), done.created, strict=False))
                    entries += [(ours[1], theirs[1]) for ours, theirs in made if ours[0] == "incident_entry"]
                    ids.update((ours, key) for ours, (_, key) in made)
                    left.update(done.after)
                    sent += 1
                    continue
                problems = done
            else:
                state = "niet meer wordt gestuurd" if blocker in gone else "niet is verzonden"
                problems = (f"hoort bij nr. {blocker}, die {state}",)
            unsent.update(dict.fromkeys(record.created(), record.number))
            # What hangs on a record forgotten now goes with it: it can never be sent.
            if record.number in forget or blocker in {conflict.number for conflict in forgotten}:
                server.execute(Forget(record))
                gone.add(record.number)
                forgotten.append(Conflict(record.number, record.what, problems))
            else:
                conflicts.append(Conflict(record.number, record.what, problems))
        except CrisisAppError as exc:
            raise SyncInterruptedError(
                f"{exc} Van de offline kopie zijn {sent} registraties aangekomen voordat dit gebeurde. Synchroniseer "
                "opnieuw: wat al is aangekomen, wordt niet nog eens verzonden."
            ) from exc
    arrived_anyway = tuple(record.number for record in records if record.number in forget and record.number not in gone)
    return SyncReport(
        copy.name,
        server.name,
        sent,
        earlier,
        tuple(conflicts),
        _started_alongside(copy, server, records, ids),
        tuple(forgotten),
        before,
        arrived_anyway,
        _renumbered(copy, server, entries),
    )


def entry_numbers(session: Session, entry_ids: Collection[int]) -> dict[int, tuple[int, int]]:
    """Of the log entries ``entry_ids``, per id: its incident and its number in that incident's log."""
    rows = session.execute(select(LogEntry.id, LogEntry.incident_id, LogEntry.number).where(LogEntry.id.in_(entry_ids)))
    return {entry_id: (incident_id, number) for entry_id, incident_id, number in rows}


def _renumbered(copy: "AppContext", server: "AppContext", entries: Sequence[tuple[int, int]]) -> tuple[str, ...]:
    """In Dutch, per incident, the log entries sent from the field (``entries``: ids in the copy and on the server)
    whose number on the server is not the one they had in the copy. The server gives each its next number, after
    the entries written there meanwhile (a number once given on the server never changes); whoever cites a
    number from the field, on paper or by radio, has to know its number in the record."""
    if not entries:
        return ()
    field = copy.call(entry_numbers, [ours for ours, _ in entries])
    there = server.call(entry_numbers, [theirs for _, theirs in entries])
    moved: dict[int, list[str]] = defaultdict(list)
    for ours, theirs in entries:
        (_, was), (incident_id, number) = field[ours], there[theirs]
        if was != number:
            moved[incident_id].append(f"logregel {was} van het veld is regel {number} op de server")
    return tuple(
        f"In het logboek van {server.call(_incident_title, incident_id)} kregen logregels uit de offline kopie een "
        f"ander nummer, na de regels die intussen op de server zijn geschreven: {', '.join(lines)}."
        for incident_id, lines in moved.items()
    )


def _incident_ids(session: Session) -> set[int]:
    return set(session.scalars(select(Incident.id)))


def _started_alongside(
    copy: "AppContext", server: "AppContext", records: Sequence[Recorded], ids: Mapping[Key, int]
) -> tuple[str, ...]:
    """In Dutch, per open incident started in the field that is on the server (sent now or before), the open
    incidents the server started since the copy was made: perhaps the same event, started twice. The app allows
    several open incidents and whether two are one event is a person's judgement, so nothing is merged; each
    synchronisation says so until one of them is closed."""
    field = [key for (table, _), key in ids.items() if table == "incident"]  # only an incident started makes one
    if not field:
        return ()
    made_here = {key for record in records for table, key in record.created() if table == "incident"}
    known = (copy.call(_incident_ids) - made_here) | set(field)
    others = [r for r in server.call(incident.list_incidents) if r.is_open and r.id not in known]
    if not others:
        return ()
    meanwhile = " en ".join(f"‘{r.name()}’ (alarmering {format_datetime(r.alert_at)})" for r in others)
    ours = (server.call(incident.get_incident, key) for key in field)
    return tuple(
        f"Let op: het incident ‘{row.name()}’ uit de offline kopie staat nu als apart incident op de server, "
        f"waar intussen ook {meanwhile} is gestart en nog open is. Er is niets samengevoegd; gaat het om "
        "hetzelfde incident, sluit er dan één af (de logregels van beide blijven bewaard)."
        for row in ours
        if row.is_open  # closed on the server: the twin, if it was one, is dealt with
    )


# -- making a copy ----------------------------------------------------------------------------------------------------


def make_copy(server: "AppContext", out: Path) -> tuple[OfflineMark, Written]:
    """Write an offline copy of the server database of ``server`` at ``out``, marked with now and the server."""
    database = server.database
    if not isinstance(database, ServerDatabase):
        raise DomainError(f"Een offline kopie wordt van een serverdatabase gemaakt, niet van {server.name}.")
    mark = OfflineMark(server.now(), database.name, server.call(database_id), database.access)
    written = write_copy(database.engine, out, {OFFLINE_KEY: mark.as_setting()})
    return mark, written


def copy_text(out: Path, mark: OfflineMark, written: Written) -> str:
    """What the command line and the app say about a copy just made."""
    lines = [
        f"Offline kopie geschreven: {out} (van {mark.server}, {format_datetime(mark.made_at)}; "
        f"{sum(written.rows.values())} rijen, alleen leesbaar voor u)."
    ]
    if written.unreadable:
        lines.append(f"Niet in de kopie (geen leesrechten): {', '.join(_table_label(t) for t in written.unreadable)}.")
    if written.left_out:
        lines.append(f"{written.left_out} rijen weggelaten die verwijzen naar gegevens die u niet mag zien.")
    return "\n".join(lines)

"""Incidents: the OvD-Bz's first hours recorded — GRIP history, the alarming call by call, the append-only log
with its decisions and actions, the CoPI/TBz/GBT meetings in BOB order, and the evaluation afterwards."""

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crisisapp.models.base import Base, UTCDateTime, Versioned, str_enum
from crisisapp.models.oto import ActionStatus


class EntryKind(enum.StrEnum):
    MELDING = "melding"
    BESLUIT = "besluit"
    ACTIE = "actie"
    INFORMATIE = "informatie"


class CallOutcome(enum.StrEnum):
    REACHED = "bereikt"
    VOICEMAIL = "voicemail"
    NOT_REACHED = "niet bereikt"
    DECLINED = "afgemeld"


class MeetingKind(enum.StrEnum):
    COPI = "CoPI"
    TBZ = "TBz"
    GBT = "GBT"


class Incident(Versioned, Base):
    __tablename__ = "incident"
    __table_args__ = {"info": {"label": "Incidenten"}}

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200), info={"label": "titel"})
    location: Mapped[str] = mapped_column(String(200), default="", info={"label": "locatie"})
    alert_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True, info={"label": "alarmering"})
    reported_by: Mapped[str] = mapped_column(String(200), default="", info={"label": "gemeld door"})
    exercise: Mapped[bool] = mapped_column(Boolean, default=False, info={"label": "oefening"})
    grip: Mapped[int] = mapped_column(Integer, default=0, info={"label": "GRIP"})
    #: After how many minutes a call without answer turns amber and puts the next deputy up.
    reach_minutes: Mapped[int] = mapped_column(Integer, default=5, info={"label": "bereiken binnen (min.)"})
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), info={"label": "afgesloten om"})
    #: The municipality whose incident record it is (crisisapp/storage/ownership.py).
    municipality: Mapped[str] = mapped_column(String(50), info={"label": "gemeente"})

    grip_changes: Mapped[list["GripChange"]] = relationship(order_by="GripChange.id")


class GripChange(Versioned, Base):
    __tablename__ = "incident_grip"
    __table_args__ = {"info": {"label": "Incidenten: GRIP-verloop"}}

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id"), index=True, info={"label": "incident"})
    level: Mapped[int] = mapped_column(Integer, info={"label": "GRIP"})
    at: Mapped[datetime] = mapped_column(UTCDateTime(), info={"label": "om"})
    author: Mapped[str] = mapped_column(String(100), default="", info={"label": "door"})


class LogEntry(Versioned, Base):
    """One line of the log; never changed: a correction is a new entry naming the one it corrects."""

    __tablename__ = "incident_entry"
    __table_args__ = (UniqueConstraint("incident_id", "number"), {"info": {"label": "Incidenten: logboek"}})

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id"), index=True, info={"label": "incident"})
    #: Its number in its incident's log (1, 2, 3 … in the order written), given once and never changed: what the
    #: log, the record and the export call "regel". The id is the database's, shared by all incidents.
    number: Mapped[int] = mapped_column(Integer, info={"label": "regel"})
    at: Mapped[datetime] = mapped_column(UTCDateTime(), info={"label": "tijd"})
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), info={"label": "vastgelegd om"})
    kind: Mapped[EntryKind] = mapped_column(str_enum(EntryKind, "entry_kind", 20), info={"label": "soort"})
    text: Mapped[str] = mapped_column(Text, info={"label": "tekst"})
    author: Mapped[str] = mapped_column(String(100), default="", info={"label": "auteur"})
    corrects_id: Mapped[int | None] = mapped_column(
        ForeignKey("incident_entry.id"), index=True, info={"label": "corrigeert"}
    )


class IncidentAction(Versioned, Base):
    """An action of the actielijst: made from a log entry of kind actie; its owner, deadline and status."""

    __tablename__ = "incident_action"
    __table_args__ = {"info": {"label": "Incidenten: actielijst"}}

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("incident_entry.id"), index=True, info={"label": "logregel"})
    owner: Mapped[str] = mapped_column(String(200), default="", info={"label": "eigenaar"})
    deadline: Mapped[datetime | None] = mapped_column(UTCDateTime(), info={"label": "uiterlijk"})
    status: Mapped[ActionStatus] = mapped_column(
        str_enum(ActionStatus, "incident_action_status", 20), default=ActionStatus.OPEN, info={"label": "status"}
    )


class Call(Versioned, Base):
    """One call of the alarming: whom, for which function, when, and what came of it; arrival on location."""

    __tablename__ = "incident_call"
    __table_args__ = {"info": {"label": "Incidenten: alarmering"}}

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id"), index=True, info={"label": "incident"})
    function_id: Mapped[int] = mapped_column(ForeignKey("crisis_function.id"), info={"label": "functie"})
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), info={"label": "persoon"})
    called_at: Mapped[datetime] = mapped_column(UTCDateTime(), info={"label": "gebeld om"})
    outcome: Mapped[CallOutcome] = mapped_column(str_enum(CallOutcome, "call_outcome", 20), info={"label": "uitkomst"})
    note: Mapped[str] = mapped_column(String(500), default="", info={"label": "notitie"})
    author: Mapped[str] = mapped_column(String(100), default="", info={"label": "door"})
    arrived_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), info={"label": "aangekomen om"})


class Meeting(Versioned, Base):
    """A meeting of the CoPI, TBz or GBT in BOB order, with who was present (one per line)."""

    __tablename__ = "incident_meeting"
    __table_args__ = {"info": {"label": "Incidenten: overleggen"}}

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id"), index=True, info={"label": "incident"})
    kind: Mapped[MeetingKind] = mapped_column(str_enum(MeetingKind, "meeting_kind", 10), info={"label": "overleg"})
    held_at: Mapped[datetime] = mapped_column(UTCDateTime(), info={"label": "om"})
    present: Mapped[str] = mapped_column(Text, default="", info={"label": "aanwezig"})
    beeldvorming: Mapped[str] = mapped_column(Text, default="", info={"label": "beeldvorming"})
    oordeelsvorming: Mapped[str] = mapped_column(Text, default="", info={"label": "oordeelsvorming"})
    besluitvorming: Mapped[str] = mapped_column(Text, default="", info={"label": "besluitvorming"})


class IncidentFinding(Versioned, Base):
    """A finding of the evaluation, as in OTO; with a status it is an action point."""

    __tablename__ = "incident_finding"
    __table_args__ = {"info": {"label": "Incidenten: evaluatie"}}

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id"), index=True, info={"label": "incident"})
    description: Mapped[str] = mapped_column(Text, info={"label": "omschrijving"})
    owner: Mapped[str] = mapped_column(String(200), default="", info={"label": "eigenaar"})
    due: Mapped[date | None] = mapped_column(Date, info={"label": "gereed op"})
    status: Mapped[ActionStatus | None] = mapped_column(
        str_enum(ActionStatus, "incident_finding_status", 20), info={"label": "status"}
    )

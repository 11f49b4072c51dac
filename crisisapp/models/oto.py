"""OTO (opleiden, trainen, oefenen): activities on the year plan, their participants and results,
evaluations with action points, and the norms and targets per kind of activity."""

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crisisapp.models.base import Base, UTCDateTime, Versioned, str_enum


class ActivityKind(enum.StrEnum):
    """The kinds of OTO activity; attending one keeps people ready for the functions that require it."""

    TRAINING = "training"
    ALARMERING = "alarmeringsoefening"
    OPKOMST = "opkomstoefening"
    BELEIDSTEAM = "beleidsteam-training"
    OEFENING = "crisisteam-oefening"
    AWARENESS = "awareness"


#: The kinds as the team says them (Dutch), for lists, reports and messages.
KIND_LABELS = {
    ActivityKind.TRAINING: "training",
    ActivityKind.ALARMERING: "alarmeringsoefening",
    ActivityKind.OPKOMST: "opkomstoefening",
    ActivityKind.BELEIDSTEAM: "beleidsteam-training",
    ActivityKind.OEFENING: "crisisteam-oefening",
    ActivityKind.AWARENESS: "bewustwording",
}


class ActivityStatus(enum.StrEnum):
    PLANNED = "gepland"
    DONE = "uitgevoerd"
    EVALUATED = "geëvalueerd"
    CANCELLED = "geannuleerd"


class Presence(enum.StrEnum):
    EXPECTED = "verwacht"
    RESPONDED = "gereageerd"
    ABSENT = "afwezig"
    EXCUSED = "afgemeld"


class ActionStatus(enum.StrEnum):
    OPEN = "open"
    BUSY = "bezig"
    DONE = "gereed"


class KindNorm(Versioned, Base):
    """Per kind of activity: the norms of a drill and the yearly target."""

    __tablename__ = "oto_kind_norm"
    __table_args__ = {"info": {"label": "OTO: normen en doelen"}}

    kind: Mapped[ActivityKind] = mapped_column(str_enum(ActivityKind, "norm_kind", 30), primary_key=True)
    acknowledge_minutes: Mapped[int | None] = mapped_column(Integer, info={"label": "reactie binnen (min.)"})
    arrival_minutes: Mapped[int | None] = mapped_column(Integer, info={"label": "opkomst binnen (min.)"})
    unannounced: Mapped[bool] = mapped_column(Boolean, default=False, info={"label": "onaangekondigd"})
    yearly_target: Mapped[int] = mapped_column(Integer, default=0, info={"label": "doel per jaar"})


class Activity(Versioned, Base):
    __tablename__ = "oto_activity"
    __table_args__ = {"info": {"label": "OTO: activiteiten"}}

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ActivityKind] = mapped_column(str_enum(ActivityKind, "oto_kind", 30), info={"label": "soort"})
    title: Mapped[str] = mapped_column(String(200), info={"label": "titel"})
    start: Mapped[datetime] = mapped_column(UTCDateTime(), index=True, info={"label": "begin"})
    duration_minutes: Mapped[int] = mapped_column(Integer, default=120, info={"label": "duur (min.)"})
    location: Mapped[str] = mapped_column(String(200), default="", info={"label": "locatie"})
    partners: Mapped[str] = mapped_column(String(200), default="", info={"label": "partners"})
    unannounced: Mapped[bool] = mapped_column(Boolean, default=False, info={"label": "onaangekondigd"})
    status: Mapped[ActivityStatus] = mapped_column(
        str_enum(ActivityStatus, "activity_status", 20), default=ActivityStatus.PLANNED, info={"label": "status"}
    )
    #: When the alarm went out (drills); the times of reactions count from here.
    alarm_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), info={"label": "alarm verstuurd"})
    notes: Mapped[str] = mapped_column(Text, default="", info={"label": "toelichting"})
    #: The municipality whose activity it is (crisisapp/storage/ownership.py).
    municipality: Mapped[str] = mapped_column(String(50), info={"label": "gemeente"})

    participants: Mapped[list["Participant"]] = relationship(
        back_populates="activity", cascade="all, delete-orphan", order_by="Participant.id"
    )


class Participant(Versioned, Base):
    __tablename__ = "oto_participant"
    __table_args__ = (UniqueConstraint("activity_id", "person_id"), {"info": {"label": "OTO: deelnemers"}})

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("oto_activity.id"), index=True, info={"label": "activiteit"})
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), info={"label": "persoon"})
    presence: Mapped[Presence] = mapped_column(
        str_enum(Presence, "presence", 20), default=Presence.EXPECTED, info={"label": "aanwezigheid"}
    )
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), info={"label": "reactie om"})
    arrived_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), info={"label": "aankomst om"})

    activity: Mapped[Activity] = relationship(back_populates="participants")


class Finding(Versioned, Base):
    """A finding of an evaluation; with an owner and due date it is an action point."""

    __tablename__ = "oto_finding"
    __table_args__ = {"info": {"label": "OTO: bevindingen en actiepunten"}}

    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("oto_activity.id"), index=True, info={"label": "activiteit"})
    description: Mapped[str] = mapped_column(Text, info={"label": "omschrijving"})
    owner: Mapped[str] = mapped_column(String(200), default="", info={"label": "eigenaar"})
    due: Mapped[date | None] = mapped_column(Date, info={"label": "gereed op"})
    status: Mapped[ActionStatus | None] = mapped_column(
        str_enum(ActionStatus, "finding_status", 20), info={"label": "status"}
    )

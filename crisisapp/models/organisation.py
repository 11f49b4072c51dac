"""The crisis organisation: people, teams, crisis functions, who holds them, and readiness records."""

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crisisapp.models.base import Base, UTCDateTime, Versioned, str_enum
from crisisapp.models.oto import ActivityKind


class Role(enum.StrEnum):
    PRIMARY = "primair"
    DEPUTY = "plaatsvervanger"


class Person(Versioned, Base):
    __tablename__ = "person"
    __table_args__ = {"info": {"label": "Crisisorganisatie: personen"}}

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), info={"label": "naam"})
    municipality: Mapped[str] = mapped_column(String(50), info={"label": "gemeente/organisatie"})
    organisation: Mapped[str] = mapped_column(String(200), default="", info={"label": "afdeling"})
    mobile: Mapped[str] = mapped_column(String(30), default="", info={"label": "mobiel"})
    phone: Mapped[str] = mapped_column(String(30), default="", info={"label": "ander nummer"})
    email: Mapped[str] = mapped_column(String(200), default="", info={"label": "e-mail"})
    remarks: Mapped[str] = mapped_column(Text, default="", info={"label": "opmerkingen"})
    archived: Mapped[bool] = mapped_column(Boolean, default=False, info={"label": "gearchiveerd"})


class Team(Versioned, Base):
    __tablename__ = "team"
    __table_args__ = {"info": {"label": "Crisisorganisatie: teams"}}

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True, info={"label": "code"})
    name: Mapped[str] = mapped_column(String(200), info={"label": "naam"})
    sort_order: Mapped[int] = mapped_column(Integer, default=0, info={"label": "volgorde"})

    functions: Mapped[list["CrisisFunction"]] = relationship(
        back_populates="team", order_by="CrisisFunction.sort_order"
    )


class CrisisFunction(Versioned, Base):
    __tablename__ = "crisis_function"
    __table_args__ = {"info": {"label": "Crisisorganisatie: functies"}}

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"), index=True, info={"label": "team"})
    name: Mapped[str] = mapped_column(String(200), info={"label": "naam"})
    description: Mapped[str] = mapped_column(Text, default="", info={"label": "omschrijving"})
    sort_order: Mapped[int] = mapped_column(Integer, default=0, info={"label": "volgorde"})
    retired: Mapped[bool] = mapped_column(Boolean, default=False, info={"label": "vervallen"})
    #: Alarmed from this GRIP level up (1-4); None: not alarmed by GRIP level.
    alarm_from_grip: Mapped[int | None] = mapped_column(Integer, info={"label": "gealarmeerd vanaf GRIP"})

    team: Mapped[Team] = relationship(back_populates="functions")
    requirements: Mapped[list["Requirement"]] = relationship(
        back_populates="function", cascade="all, delete-orphan", order_by="Requirement.kind"
    )


class Requirement(Versioned, Base):
    """What keeps a function's holders ready: an activity of ``kind`` within ``months``."""

    __tablename__ = "function_requirement"
    __table_args__ = (
        UniqueConstraint("function_id", "kind"),
        {"info": {"label": "Crisisorganisatie: vakbekwaamheidseisen"}},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    function_id: Mapped[int] = mapped_column(ForeignKey("crisis_function.id"), info={"label": "functie"})
    kind: Mapped[ActivityKind] = mapped_column(str_enum(ActivityKind, "activity_kind", 30), info={"label": "soort"})
    months: Mapped[int] = mapped_column(Integer, default=12, info={"label": "maanden"})

    function: Mapped[CrisisFunction] = relationship(back_populates="requirements")


class Assignment(Versioned, Base):
    __tablename__ = "assignment"
    __table_args__ = {"info": {"label": "Crisisorganisatie: bezetting"}}

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True, info={"label": "persoon"})
    function_id: Mapped[int] = mapped_column(ForeignKey("crisis_function.id"), index=True, info={"label": "functie"})
    role: Mapped[Role] = mapped_column(str_enum(Role, "assignment_role", 20), info={"label": "rol"})
    #: Order among the deputies (1 = first deputy); 0 for the primary.
    rank: Mapped[int] = mapped_column(Integer, default=0, info={"label": "volgorde"})
    start: Mapped[date] = mapped_column(Date, info={"label": "vanaf"})
    end: Mapped[date | None] = mapped_column(Date, info={"label": "tot en met"})


class Attendance(Versioned, Base):
    """A person took part in an OTO activity of a kind on a day: what readiness is computed from."""

    __tablename__ = "attendance"
    __table_args__ = (
        # readiness asks per person and kind for the last day: answered from the index alone, without sorting
        Index("ix_attendance_last", "person_id", "kind", "day"),
        {"info": {"label": "Crisisorganisatie: deelname OTO"}},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), info={"label": "persoon"})
    kind: Mapped[ActivityKind] = mapped_column(str_enum(ActivityKind, "attendance_kind", 30), info={"label": "soort"})
    day: Mapped[date] = mapped_column(Date, info={"label": "datum"})
    source: Mapped[str] = mapped_column(String(200), default="handmatig", info={"label": "bron"})
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), info={"label": "vastgelegd op"})

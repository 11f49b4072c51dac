"""New Year's Eve: the preparation plan per year, fireworks-free zones, and the log of December and the night."""

import enum
from datetime import date, datetime

from sqlalchemy import Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crisisapp.models.base import Base, UTCDateTime, Versioned, str_enum


class TaskStatus(enum.StrEnum):
    OPEN = "open"
    BUSY = "bezig"
    DONE = "gereed"


class PrepTask(Versioned, Base):
    __tablename__ = "nye_task"
    __table_args__ = {"info": {"label": "Jaarwisseling: voorbereiding"}}

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True, info={"label": "jaarwisseling"})
    description: Mapped[str] = mapped_column(Text, info={"label": "taak"})
    owner: Mapped[str] = mapped_column(String(100), info={"label": "eigenaar"})
    deadline: Mapped[date] = mapped_column(Date, info={"label": "uiterlijk op"})
    status: Mapped[TaskStatus] = mapped_column(
        str_enum(TaskStatus, "nye_task_status", 10), default=TaskStatus.OPEN, info={"label": "status"}
    )


class Zone(Versioned, Base):
    __tablename__ = "nye_zone"
    __table_args__ = {"info": {"label": "Jaarwisseling: vuurwerkvrije zones"}}

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True, info={"label": "jaarwisseling"})
    name: Mapped[str] = mapped_column(String(200), info={"label": "naam"})
    description: Mapped[str] = mapped_column(Text, default="", info={"label": "omschrijving"})
    period: Mapped[str] = mapped_column(String(200), default="", info={"label": "periode"})


class Incident(Versioned, Base):
    __tablename__ = "nye_incident"
    __table_args__ = {"info": {"label": "Jaarwisseling: logboek"}}

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True, info={"label": "jaarwisseling"})
    at: Mapped[datetime] = mapped_column(UTCDateTime(), info={"label": "tijd"})
    kind: Mapped[str] = mapped_column(String(100), info={"label": "soort"})
    location: Mapped[str] = mapped_column(String(200), default="", info={"label": "locatie"})
    count: Mapped[int] = mapped_column(Integer, default=1, info={"label": "aantal"})
    damage_euros: Mapped[int] = mapped_column(Integer, default=0, info={"label": "schade (euro)"})

"""Emergency services: streets they cannot get through, HartslagNu citizen responders, volunteer recruitment."""

import enum
from datetime import date

from sqlalchemy import Date, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crisisapp.models.base import Base, Versioned, str_enum


class ObstacleStatus(enum.StrEnum):
    REPORTED = "gemeld"
    MEASURE = "maatregel loopt"
    SOLVED = "opgelost"


class Obstacle(Versioned, Base):
    __tablename__ = "access_obstacle"
    __table_args__ = {"info": {"label": "Bereikbaarheid: knelpunten"}}

    id: Mapped[int] = mapped_column(primary_key=True)
    street: Mapped[str] = mapped_column(String(200), info={"label": "straat"})
    description: Mapped[str] = mapped_column(Text, default="", info={"label": "omschrijving"})
    cause: Mapped[str] = mapped_column(String(100), info={"label": "oorzaak"})
    width_m: Mapped[float | None] = mapped_column(Numeric(4, 2, asdecimal=False), info={"label": "breedte (m)"})
    reported_on: Mapped[date] = mapped_column(Date, info={"label": "gemeld op"})
    measure: Mapped[str] = mapped_column(Text, default="", info={"label": "maatregel"})
    status: Mapped[ObstacleStatus] = mapped_column(
        str_enum(ObstacleStatus, "obstacle_status", 20), default=ObstacleStatus.REPORTED, info={"label": "status"}
    )


class ResponderCount(Versioned, Base):
    __tablename__ = "hartslagnu_count"
    __table_args__ = {"info": {"label": "HartslagNu: tellingen"}}

    id: Mapped[int] = mapped_column(primary_key=True)
    counted_on: Mapped[date] = mapped_column(Date, unique=True, info={"label": "datum"})
    registered: Mapped[int] = mapped_column(Integer, info={"label": "aangemeld"})
    certified: Mapped[int | None] = mapped_column(Integer, info={"label": "geldig certificaat"})
    source: Mapped[str] = mapped_column(String(200), default="", info={"label": "bron"})


class ResponderTarget(Versioned, Base):
    __tablename__ = "hartslagnu_target"
    __table_args__ = {"info": {"label": "HartslagNu: doelen"}}

    year: Mapped[int] = mapped_column(Integer, primary_key=True, info={"label": "jaar"})
    #: None: the year has no target (any more). A cleared target keeps its row, so that the row's version counts on:
    #: made again, it would start at version 1, and a page showing the old target at version 1 could save over it.
    target: Mapped[int | None] = mapped_column(Integer, info={"label": "doel"})


class ResponderMeeting(Versioned, Base):
    __tablename__ = "hartslagnu_meeting"
    __table_args__ = {"info": {"label": "HartslagNu: bijeenkomsten"}}

    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[date] = mapped_column(Date, info={"label": "datum"})
    subject: Mapped[str] = mapped_column(Text, info={"label": "onderwerp"})
    attendees: Mapped[int] = mapped_column(Integer, default=0, info={"label": "aanwezigen"})


class Recruitment(Versioned, Base):
    __tablename__ = "volunteer_recruitment"
    __table_args__ = {"info": {"label": "Brandweer: werving vrijwilligers"}}

    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[date] = mapped_column(Date, info={"label": "datum"})
    action: Mapped[str] = mapped_column(Text, info={"label": "actie"})
    reached: Mapped[int] = mapped_column(Integer, default=0, info={"label": "bereikt"})
    applied: Mapped[int] = mapped_column(Integer, default=0, info={"label": "aangemeld"})

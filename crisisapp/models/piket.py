"""The piket: rotas of on-call duty, their shifts, overrides on top, and people's leave."""

from datetime import datetime, time

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crisisapp.models.base import Base, UTCDateTime, Versioned


class Rota(Versioned, Base):
    __tablename__ = "piket_rota"
    __table_args__ = {"info": {"label": "Piket: roosters"}}

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), info={"label": "naam"})
    function_id: Mapped[int] = mapped_column(ForeignKey("crisis_function.id"), info={"label": "functie"})
    #: Monday 0 … Sunday 6, and the local (Europe/Amsterdam) time of the handover.
    handover_weekday: Mapped[int] = mapped_column(Integer, default=0, info={"label": "overdrachtsdag"})
    handover_time: Mapped[time] = mapped_column(Time, default=time(9, 0), info={"label": "overdrachtstijd"})
    shift_days: Mapped[int] = mapped_column(Integer, default=7, info={"label": "dienstlengte (dagen)"})

    shares: Mapped[list["Share"]] = relationship(
        back_populates="rota", cascade="all, delete-orphan", order_by="Share.municipality"
    )


class Share(Versioned, Base):
    """The agreed share of a municipality in a rota's duty, as a weight."""

    __tablename__ = "piket_share"
    __table_args__ = (UniqueConstraint("rota_id", "municipality"), {"info": {"label": "Piket: verdeling"}})

    id: Mapped[int] = mapped_column(primary_key=True)
    rota_id: Mapped[int] = mapped_column(ForeignKey("piket_rota.id"), info={"label": "rooster"})
    municipality: Mapped[str] = mapped_column(String(50), info={"label": "gemeente"})
    weight: Mapped[int] = mapped_column(Integer, info={"label": "aandeel"})

    rota: Mapped[Rota] = relationship(back_populates="shares")


class Shift(Versioned, Base):
    __tablename__ = "piket_shift"
    __table_args__ = {"info": {"label": "Piket: diensten"}}

    id: Mapped[int] = mapped_column(primary_key=True)
    rota_id: Mapped[int] = mapped_column(ForeignKey("piket_rota.id"), index=True, info={"label": "rooster"})
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True, info={"label": "persoon"})
    start: Mapped[datetime] = mapped_column(UTCDateTime(), index=True, info={"label": "begin"})
    end: Mapped[datetime] = mapped_column(UTCDateTime(), info={"label": "einde"})


class Override(Versioned, Base):
    """Someone takes over part of the duty, on top of the shifts; cancelled ones stay as history."""

    __tablename__ = "piket_override"
    __table_args__ = {"info": {"label": "Piket: overnames"}}

    id: Mapped[int] = mapped_column(primary_key=True)
    rota_id: Mapped[int] = mapped_column(ForeignKey("piket_rota.id"), index=True, info={"label": "rooster"})
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), info={"label": "persoon"})
    start: Mapped[datetime] = mapped_column(UTCDateTime(), info={"label": "begin"})
    end: Mapped[datetime] = mapped_column(UTCDateTime(), info={"label": "einde"})
    reason: Mapped[str] = mapped_column(Text, default="", info={"label": "reden"})
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False, info={"label": "ingetrokken"})


class Unavailability(Versioned, Base):
    """Leave or other absence of a person: they should not be on duty then."""

    __tablename__ = "piket_unavailability"
    __table_args__ = {"info": {"label": "Piket: verlof en afwezigheid"}}

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True, info={"label": "persoon"})
    start: Mapped[datetime] = mapped_column(UTCDateTime(), info={"label": "begin"})
    end: Mapped[datetime] = mapped_column(UTCDateTime(), info={"label": "einde"})
    reason: Mapped[str] = mapped_column(String(200), default="verlof", info={"label": "reden"})

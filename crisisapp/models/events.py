"""Events: the register, pre-consultations (vooroverleg) with action points, checklist templates, and each
event's checklist of permit conditions ticked per control round."""

import enum
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crisisapp.models.base import Base, UTCDateTime, Versioned, str_enum


class Category(enum.StrEnum):
    ZERO = "0"
    A = "A"
    B = "B"
    C = "C"


class Outcome(enum.StrEnum):
    OK = "ok"
    NOT_OK = "niet ok"
    NA = "n.v.t."


class PointStatus(enum.StrEnum):
    OPEN = "open"
    BUSY = "bezig"
    DONE = "gereed"
    #: A recurring point taken over by the next edition: closed here, so that the task shows once.
    CARRIED = "overgenomen"


class Event(Versioned, Base):
    __tablename__ = "event"
    __table_args__ = {"info": {"label": "Evenementen: register"}}

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), info={"label": "naam"})
    series: Mapped[str] = mapped_column(String(100), default="", info={"label": "reeks"})
    edition_year: Mapped[int] = mapped_column(Integer, info={"label": "editie"})
    start: Mapped[datetime] = mapped_column(UTCDateTime(), index=True, info={"label": "begin"})
    end: Mapped[datetime] = mapped_column(UTCDateTime(), info={"label": "einde"})
    location: Mapped[str] = mapped_column(String(200), default="", info={"label": "locatie"})
    expected_visitors: Mapped[int] = mapped_column(Integer, default=0, info={"label": "verwachte bezoekers"})
    organiser: Mapped[str] = mapped_column(String(200), default="", info={"label": "organisator"})
    organiser_contact: Mapped[str] = mapped_column(String(200), default="", info={"label": "contactpersoon"})
    category: Mapped[Category] = mapped_column(str_enum(Category, "event_category", 2), info={"label": "categorie"})
    application_date: Mapped[date | None] = mapped_column(Date, info={"label": "aanvraag ontvangen"})
    permit_status: Mapped[str] = mapped_column(String(50), default="nog niet aangevraagd", info={"label": "vergunning"})
    parties: Mapped[str] = mapped_column(Text, default="", info={"label": "partijen"})
    rounds: Mapped[str] = mapped_column(String(200), default="opbouw;tijdens;afbouw", info={"label": "controlerondes"})
    #: The municipality whose event it is (crisisapp/storage/ownership.py).
    municipality: Mapped[str] = mapped_column(String(50), info={"label": "gemeente"})

    items: Mapped[list["CheckItem"]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="CheckItem.sort_order"
    )


class Meeting(Versioned, Base):
    __tablename__ = "event_meeting"
    __table_args__ = {"info": {"label": "Evenementen: vooroverleg"}}

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), index=True, info={"label": "evenement"})
    held_at: Mapped[datetime] = mapped_column(UTCDateTime(), info={"label": "datum"})
    #: The attendees, one per line (a party's name may hold a comma: "gemeente (OOV, vergunningen)").
    present: Mapped[str] = mapped_column(Text, default="", info={"label": "aanwezig"})
    notes: Mapped[str] = mapped_column(Text, default="", info={"label": "verslag"})


class ActionPoint(Versioned, Base):
    __tablename__ = "event_action"
    __table_args__ = {"info": {"label": "Evenementen: actiepunten"}}

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), index=True, info={"label": "evenement"})
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("event_meeting.id"), info={"label": "overleg"})
    description: Mapped[str] = mapped_column(Text, info={"label": "omschrijving"})
    owner: Mapped[str] = mapped_column(String(200), default="", info={"label": "eigenaar"})
    due: Mapped[date | None] = mapped_column(Date, info={"label": "gereed op"})
    status: Mapped[PointStatus] = mapped_column(
        str_enum(PointStatus, "event_action_status", 12), default=PointStatus.OPEN, info={"label": "status"}
    )
    recurring: Mapped[bool] = mapped_column(Boolean, default=False, info={"label": "elk jaar"})
    #: The point of the next edition that took this one over (status "overgenomen").
    carried_to_id: Mapped[int | None] = mapped_column(ForeignKey("event_action.id"), info={"label": "overgenomen naar"})


class Template(Versioned, Base):
    __tablename__ = "checklist_template"
    __table_args__ = {"info": {"label": "Evenementen: checklistsjablonen"}}

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True, info={"label": "naam"})
    lines: Mapped[list["TemplateLine"]] = relationship(
        back_populates="template", cascade="all, delete-orphan", order_by="TemplateLine.sort_order"
    )


class TemplateLine(Versioned, Base):
    __tablename__ = "checklist_template_line"
    __table_args__ = {"info": {"label": "Evenementen: sjabloonregels"}}

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(
        ForeignKey("checklist_template.id"), index=True, info={"label": "sjabloon"}
    )
    section: Mapped[str] = mapped_column(String(200), info={"label": "onderdeel"})
    text: Mapped[str] = mapped_column(Text, info={"label": "controlepunt"})
    sort_order: Mapped[int] = mapped_column(Integer, default=0, info={"label": "volgorde"})

    template: Mapped[Template] = relationship(back_populates="lines")


class CheckItem(Versioned, Base):
    __tablename__ = "event_check_item"
    __table_args__ = {"info": {"label": "Evenementen: checklist"}}

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), index=True, info={"label": "evenement"})
    section: Mapped[str] = mapped_column(String(200), info={"label": "onderdeel"})
    text: Mapped[str] = mapped_column(Text, info={"label": "controlepunt"})
    sort_order: Mapped[int] = mapped_column(Integer, default=0, info={"label": "volgorde"})

    event: Mapped[Event] = relationship(back_populates="items")
    results: Mapped[list["CheckResult"]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="CheckResult.id"
    )


class CheckResult(Versioned, Base):
    __tablename__ = "event_check_result"
    __table_args__ = {"info": {"label": "Evenementen: controles"}}

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("event_check_item.id"), index=True, info={"label": "controlepunt"})
    round: Mapped[str] = mapped_column(String(50), info={"label": "ronde"})
    outcome: Mapped[Outcome] = mapped_column(str_enum(Outcome, "check_outcome", 10), info={"label": "uitkomst"})
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime(), info={"label": "tijd"})
    inspector: Mapped[str] = mapped_column(String(200), default="", info={"label": "controleur"})
    remark: Mapped[str] = mapped_column(Text, default="", info={"label": "opmerking"})
    resolved: Mapped[bool] = mapped_column(Boolean, default=False, info={"label": "opgelost"})

    item: Mapped[CheckItem] = relationship(back_populates="results")

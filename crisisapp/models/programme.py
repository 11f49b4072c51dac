"""The team's progress on the programme's priority-6 actions; the programme text itself is a resource."""

import enum
from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crisisapp.models.base import Base, UTCDateTime, Versioned, str_enum


class ProgressStatus(enum.StrEnum):
    OPEN = "open"
    BEZIG = "bezig"
    GEREED = "gereed"
    VERVALLEN = "vervallen"


class ActionProgress(Versioned, Base):
    __tablename__ = "programme_action_progress"
    __table_args__ = {"info": {"label": "Programma: voortgang prioriteit 6"}}

    id: Mapped[int] = mapped_column(primary_key=True)
    action_code: Mapped[str] = mapped_column(String(16), unique=True, info={"label": "actie"})
    status: Mapped[ProgressStatus] = mapped_column(
        str_enum(ProgressStatus, "progress_status", 16), info={"label": "status"}
    )
    note: Mapped[str] = mapped_column(Text, default="", info={"label": "toelichting"})
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), info={"label": "gewijzigd op"})

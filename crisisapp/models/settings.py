"""Configuration that belongs to the database (so a backup carries it), as key and value."""

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crisisapp.models.base import Base, Versioned


class Setting(Versioned, Base):
    __tablename__ = "app_setting"
    __table_args__ = {"info": {"label": "Instellingen"}}

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, info={"label": "waarde"})

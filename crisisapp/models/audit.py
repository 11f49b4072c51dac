"""The audit trail: one row per changed field of every create, update and delete, in every area."""

import enum
from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crisisapp.models.base import Base, UTCDateTime, str_enum


class Operation(enum.StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


class AuditEntry(Base):
    __tablename__ = "audit_entry"
    __table_args__ = (
        Index("ix_audit_entry_at", "at"),
        Index("ix_audit_entry_table_record", "table_name", "record_id"),
        Index("ix_audit_entry_user", "user"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    user: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(200))
    operation: Mapped[Operation] = mapped_column(str_enum(Operation, "audit_operation", 10))
    table_name: Mapped[str] = mapped_column(String(100))
    record_id: Mapped[str] = mapped_column(String(100))
    field: Mapped[str] = mapped_column(String(100))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)

"""Declarative base, constraint naming and the UTC datetime column type shared by all areas."""

import enum
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Dialect, Enum, Integer, MetaData, inspect
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.types import TypeDecorator

# Named constraints keep Alembic's batch migrations on SQLite (and later PostgreSQL) predictable.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


#: The column that counts the writes of a :class:`Versioned` row.
VERSION = "version"


class Versioned:
    """A row users edit: SQLAlchemy's version counter (``version_id_col``) numbers its writes, 1 for a new row.

    Every UPDATE and DELETE of the ORM says ``WHERE version = <the version it loaded>``, so a row that another
    app instance changed in the meantime is not overwritten (``StaleDataError``); a form that keeps the version
    it showed has its save refused the same way (``crisisapp.services.versions``). The server default gives the
    rows of older databases, and rows written without the ORM, version 1.
    """

    version: Mapped[int] = mapped_column(Integer, server_default="1", info={"label": "versie"})

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 - a declarative directive gets the class
        return {"version_id_col": cls.__table__.c[VERSION]}  # type: ignore[attr-defined]

    def touch(self) -> None:
        """Count a change of the row's parts (an event's checklist items) as a change of the row: its version goes
        up at the next flush, so a form or one-click change that showed the row before the change is refused.

        The ORM writes a version only with a changed column; one of the row's own columns is written again."""
        state = inspect(self)
        own = next(a.key for a in state.mapper.column_attrs if a.key != VERSION and not a.columns[0].primary_key)
        getattr(self, own)  # loaded, as flag_modified needs
        flag_modified(self, own)


def str_enum(enum_class: type[enum.StrEnum], name: str, length: int) -> Enum:
    """A Python StrEnum stored as its values in a VARCHAR with a CHECK constraint (portable, readable)."""
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=length,
        values_callable=lambda members: [member.value for member in members],
    )


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as naive UTC (portable to every backend) and read back as aware UTC."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)

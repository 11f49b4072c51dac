"""Alembic environment: runs on the connection the app hands over, or on the URL of alembic.ini."""

from typing import Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import Connection, create_engine

from crisisapp.models import load_all
from crisisapp.models.base import UTCDateTime

config = context.config


def _render_item(type_: str, obj: object, _autogen_context: AutogenContext) -> str | Literal[False]:
    # Migrations stay independent of the app's column types: UTCDateTime is a plain DateTime in SQL.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=load_all(),
        render_as_batch=True,
        # Autogenerate never sees CHECK constraints (an enum's new member): tests/test_schema.py does.
        compare_type=True,
        compare_server_default=True,
        render_item=_render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    # Developer use (`alembic revision --autogenerate`): a scratch database named in alembic.ini.
    from crisisapp.storage.database import configure_engine

    engine = configure_engine(create_engine(config.get_main_option("sqlalchemy.url") or ""))
    with engine.connect() as dev_connection:
        _run(dev_connection)

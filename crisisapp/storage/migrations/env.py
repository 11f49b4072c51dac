"""Alembic environment: runs on the connection the app hands over, or on the URL of alembic.ini."""

from alembic import context
from sqlalchemy import Connection, create_engine

from crisisapp.models import Base

config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        compare_type=True,
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

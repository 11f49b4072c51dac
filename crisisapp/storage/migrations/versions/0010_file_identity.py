"""A CrisisApp file says what it is: PRAGMA application_id, and an id of its own that its backups carry

Revision ID: 0010_file_identity
Revises: 0009_event_meetings_and_carried_points
Create Date: 2026-12-02
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from crisisapp.storage.migrations import refuse_downgrade

revision: str = "0010_file_identity"
down_revision: str | None = "0009_event_meetings_and_carried_points"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: crisisapp.storage.schema.APPLICATION_ID as it was when this migration was written ("CrMs").
APPLICATION_ID = 0x43724D73

setting = sa.table("app_setting", sa.column("key", sa.String()), sa.column("value", sa.Text()))


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # The header field is written in the migration's transaction: a failed upgrade leaves it as it was.
        # A server database has no file header: its schema and revision say what it is.
        op.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    op.execute(setting.delete().where(setting.c.key == "database_id"))
    op.execute(setting.insert().values(key="database_id", value=uuid.uuid4().hex))


def downgrade() -> None:
    refuse_downgrade(revision)

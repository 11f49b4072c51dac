"""OTO activities, events and incidents belong to a municipality, as people already do; the existing ones to
Maassluis, whose team kept them

Revision ID: 0013_municipal_ownership
Revises: 0012_row_versions
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from crisisapp.storage.migrations import refuse_downgrade

revision: str = "0013_municipal_ownership"
down_revision: str | None = "0012_row_versions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OWNED = ("oto_activity", "event", "incident")


def upgrade() -> None:
    for table in OWNED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("municipality", sa.String(length=50), nullable=False, server_default="Maassluis")
            )
        # The default only fills the rows there are: a new record names its municipality itself.
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("municipality", server_default=None)


def downgrade() -> None:
    refuse_downgrade(revision)

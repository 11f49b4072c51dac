"""Each incident's log numbers its entries 1, 2, 3 … in the order they were written, stored with the entry so that
a number once given never changes: the database id, shared by all incidents, had gaps and differed between an
offline copy and the server. Existing entries are numbered per incident in the order of their ids.

Revision ID: 0020_log_entry_numbers
Revises: 0019_target_without_value
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from crisisapp.storage.migrations import refuse_downgrade

revision: str = "0020_log_entry_numbers"
down_revision: str | None = "0019_target_without_value"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("incident_entry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("number", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE incident_entry SET number = ("
        "SELECT count(*) FROM incident_entry AS earlier "
        "WHERE earlier.incident_id = incident_entry.incident_id AND earlier.id <= incident_entry.id)"
    )
    with op.batch_alter_table("incident_entry", schema=None) as batch_op:
        batch_op.alter_column("number", existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_incident_entry_incident_id"), ["incident_id", "number"])


def downgrade() -> None:
    refuse_downgrade(revision)

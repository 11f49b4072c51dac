"""Programme: progress on priority-6 actions

Revision ID: 0001_programme_progress
Revises:
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from crisisapp.storage.migrations import refuse_downgrade

revision: str = "0001_programme_progress"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "programme_action_progress",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_code", sa.String(length=16), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "bezig",
                "gereed",
                "vervallen",
                name="progress_status",
                native_enum=False,
                create_constraint=True,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_action_progress")),
        sa.UniqueConstraint("action_code", name=op.f("uq_programme_action_progress_action_code")),
    )


def downgrade() -> None:
    refuse_downgrade(revision)

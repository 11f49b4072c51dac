"""Field records of offline copies: the journal in a copy, the receipts on the server

Revision ID: 0014_offline_field_records
Revises: 0013_municipal_ownership
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from crisisapp.storage.migrations import refuse_downgrade

revision: str = "0014_offline_field_records"
down_revision: str | None = "0013_municipal_ownership"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "field_record",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("copy_id", sa.String(length=32), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("command", sa.String(length=100), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(length=100), nullable=False),
        sa.Column("field_rows", sa.Text(), nullable=False),
        sa.Column("server_rows", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_field_record")),
    )


def downgrade() -> None:
    refuse_downgrade(revision)

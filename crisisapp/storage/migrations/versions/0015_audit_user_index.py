"""The Logboek's filter of users reads an index of the audit trail's users, not every entry

Revision ID: 0015_audit_user_index
Revises: 0014_offline_field_records
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

from crisisapp.storage.migrations import refuse_downgrade

revision: str = "0015_audit_user_index"
down_revision: str | None = "0014_offline_field_records"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_audit_entry_user", "audit_entry", ["user"])


def downgrade() -> None:
    refuse_downgrade(revision)

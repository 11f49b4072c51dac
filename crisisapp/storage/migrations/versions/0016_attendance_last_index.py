"""Readiness reads each person's last attendance per kind from an index (person, kind, day), without sorting the
attendance of ten years; it takes the place of the index on the person alone

Revision ID: 0016_attendance_last_index
Revises: 0015_audit_user_index
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

from crisisapp.storage.migrations import refuse_downgrade

revision: str = "0016_attendance_last_index"
down_revision: str | None = "0015_audit_user_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_attendance_last", "attendance", ["person_id", "kind", "day"])
    op.drop_index("ix_attendance_person_id", table_name="attendance")


def downgrade() -> None:
    refuse_downgrade(revision)

"""A HartslagNu target that is cleared keeps its row, without a target: a year's row is never deleted and made
again, so its version counts on and a page that still shows the old target cannot save over a new one unseen

Revision ID: 0019_target_without_value
Revises: 0018_backup_and_audit_rights
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from crisisapp.storage.migrations import refuse_downgrade

revision: str = "0019_target_without_value"
down_revision: str | None = "0018_backup_and_audit_rights"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("hartslagnu_target", schema=None) as batch_op:
        batch_op.alter_column("target", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    refuse_downgrade(revision)

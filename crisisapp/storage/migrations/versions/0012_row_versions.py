"""Row versions: every table users edit counts its rows' writes, so concurrent edits are refused, not lost

Revision ID: 0012_row_versions
Revises: 0011_incidents
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from crisisapp.storage.migrations import refuse_downgrade

revision: str = "0012_row_versions"
down_revision: str | None = "0011_incidents"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Every table of revision 0011 but the audit trail, as it was when this migration was written.
TABLES = (
    "access_obstacle",
    "app_setting",
    "assignment",
    "attendance",
    "checklist_template",
    "checklist_template_line",
    "crisis_function",
    "event",
    "event_action",
    "event_check_item",
    "event_check_result",
    "event_meeting",
    "function_requirement",
    "hartslagnu_count",
    "hartslagnu_meeting",
    "hartslagnu_target",
    "incident",
    "incident_action",
    "incident_call",
    "incident_entry",
    "incident_finding",
    "incident_grip",
    "incident_meeting",
    "nye_incident",
    "nye_task",
    "nye_zone",
    "oto_activity",
    "oto_finding",
    "oto_kind_norm",
    "oto_participant",
    "person",
    "piket_override",
    "piket_rota",
    "piket_share",
    "piket_shift",
    "piket_unavailability",
    "programme_action_progress",
    "team",
    "volunteer_recruitment",
)


def upgrade() -> None:
    # ADD COLUMN with a constant default: no table is rebuilt (SQLite) or rewritten (PostgreSQL 11 and up), and
    # every existing row starts at version 1.
    for table in TABLES:
        op.add_column(table, sa.Column("version", sa.Integer(), server_default="1", nullable=False))


def downgrade() -> None:
    refuse_downgrade(revision)

"""Events: register, vooroverleg, action points, checklist templates and checklists

Revision ID: 0006_events
Revises: 0005_oto
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from crisisapp.storage.migrations import refuse_downgrade

revision: str = "0006_events"
down_revision: str | None = "0005_oto"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "checklist_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checklist_template")),
        sa.UniqueConstraint("name", name=op.f("uq_checklist_template_name")),
    )
    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("series", sa.String(length=100), nullable=False),
        sa.Column("edition_year", sa.Integer(), nullable=False),
        sa.Column("start", sa.DateTime(), nullable=False),
        sa.Column("end", sa.DateTime(), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("expected_visitors", sa.Integer(), nullable=False),
        sa.Column("organiser", sa.String(length=200), nullable=False),
        sa.Column("organiser_contact", sa.String(length=200), nullable=False),
        sa.Column(
            "category",
            sa.Enum("0", "A", "B", "C", name="event_category", native_enum=False, create_constraint=True, length=2),
            nullable=False,
        ),
        sa.Column("application_date", sa.Date(), nullable=True),
        sa.Column("permit_status", sa.String(length=50), nullable=False),
        sa.Column("parties", sa.Text(), nullable=False),
        sa.Column("rounds", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event")),
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_start"), ["start"], unique=False)

    op.create_table(
        "checklist_template_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("section", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["checklist_template.id"],
            name=op.f("fk_checklist_template_line_template_id_checklist_template"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checklist_template_line")),
    )
    with op.batch_alter_table("checklist_template_line", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_checklist_template_line_template_id"), ["template_id"], unique=False)

    op.create_table(
        "event_check_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("section", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], name=op.f("fk_event_check_item_event_id_event")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_check_item")),
    )
    with op.batch_alter_table("event_check_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_check_item_event_id"), ["event_id"], unique=False)

    op.create_table(
        "event_meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("held_at", sa.DateTime(), nullable=False),
        sa.Column("present", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], name=op.f("fk_event_meeting_event_id_event")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_meeting")),
    )
    with op.batch_alter_table("event_meeting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_meeting_event_id"), ["event_id"], unique=False)

    op.create_table(
        "event_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "bezig",
                "gereed",
                name="event_action_status",
                native_enum=False,
                create_constraint=True,
                length=10,
            ),
            nullable=False,
        ),
        sa.Column("recurring", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], name=op.f("fk_event_action_event_id_event")),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["event_meeting.id"], name=op.f("fk_event_action_meeting_id_event_meeting")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_action")),
    )
    with op.batch_alter_table("event_action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_action_event_id"), ["event_id"], unique=False)

    op.create_table(
        "event_check_result",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.String(length=50), nullable=False),
        sa.Column(
            "outcome",
            sa.Enum(
                "ok", "niet ok", "n.v.t.", name="check_outcome", native_enum=False, create_constraint=True, length=10
            ),
            nullable=False,
        ),
        sa.Column("checked_at", sa.DateTime(), nullable=False),
        sa.Column("inspector", sa.String(length=200), nullable=False),
        sa.Column("remark", sa.Text(), nullable=False),
        sa.Column("resolved", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"], ["event_check_item.id"], name=op.f("fk_event_check_result_item_id_event_check_item")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_check_result")),
    )
    with op.batch_alter_table("event_check_result", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_check_result_item_id"), ["item_id"], unique=False)


def downgrade() -> None:
    refuse_downgrade(revision)

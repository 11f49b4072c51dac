"""Incidents: GRIP, alarming, log, actions, meetings, evaluation

Revision ID: 0011_incidents
Revises: 0010_file_identity
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from crisisapp.storage.migrations import refuse_downgrade

revision: str = "0011_incidents"
down_revision: str | None = "0010_file_identity"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "incident",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("alert_at", sa.DateTime(), nullable=False),
        sa.Column("reported_by", sa.String(length=200), nullable=False),
        sa.Column("exercise", sa.Boolean(), nullable=False),
        sa.Column("grip", sa.Integer(), nullable=False),
        sa.Column("reach_minutes", sa.Integer(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident")),
    )
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_alert_at"), ["alert_at"], unique=False)

    op.create_table(
        "incident_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "melding",
                "besluit",
                "actie",
                "informatie",
                name="entry_kind",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("corrects_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["corrects_id"], ["incident_entry.id"], name=op.f("fk_incident_entry_corrects_id_incident_entry")
        ),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"], name=op.f("fk_incident_entry_incident_id_incident")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_entry")),
    )
    with op.batch_alter_table("incident_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_entry_corrects_id"), ["corrects_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_incident_entry_incident_id"), ["incident_id"], unique=False)

    op.create_table(
        "incident_finding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "bezig",
                "gereed",
                name="incident_finding_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"], ["incident.id"], name=op.f("fk_incident_finding_incident_id_incident")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_finding")),
    )
    with op.batch_alter_table("incident_finding", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_finding_incident_id"), ["incident_id"], unique=False)

    op.create_table(
        "incident_grip",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"], name=op.f("fk_incident_grip_incident_id_incident")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_grip")),
    )
    with op.batch_alter_table("incident_grip", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_grip_incident_id"), ["incident_id"], unique=False)

    op.create_table(
        "incident_meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("CoPI", "TBz", "GBT", name="meeting_kind", native_enum=False, create_constraint=True, length=10),
            nullable=False,
        ),
        sa.Column("held_at", sa.DateTime(), nullable=False),
        sa.Column("present", sa.Text(), nullable=False),
        sa.Column("beeldvorming", sa.Text(), nullable=False),
        sa.Column("oordeelsvorming", sa.Text(), nullable=False),
        sa.Column("besluitvorming", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"], ["incident.id"], name=op.f("fk_incident_meeting_incident_id_incident")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_meeting")),
    )
    with op.batch_alter_table("incident_meeting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_meeting_incident_id"), ["incident_id"], unique=False)

    op.create_table(
        "incident_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("deadline", sa.DateTime(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "bezig",
                "gereed",
                name="incident_action_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["incident_entry.id"], name=op.f("fk_incident_action_entry_id_incident_entry")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_action")),
    )
    with op.batch_alter_table("incident_action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_action_entry_id"), ["entry_id"], unique=False)

    op.create_table(
        "incident_call",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("function_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("called_at", sa.DateTime(), nullable=False),
        sa.Column(
            "outcome",
            sa.Enum(
                "bereikt",
                "voicemail",
                "niet bereikt",
                "afgemeld",
                name="call_outcome",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("author", sa.String(length=100), nullable=False),
        sa.Column("arrived_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["function_id"], ["crisis_function.id"], name=op.f("fk_incident_call_function_id_crisis_function")
        ),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"], name=op.f("fk_incident_call_incident_id_incident")),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_incident_call_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_call")),
    )
    with op.batch_alter_table("incident_call", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_call_incident_id"), ["incident_id"], unique=False)


# Migrations only go forward; see crisisapp/storage/migrations/__init__.py.
def downgrade() -> None:
    refuse_downgrade(revision)

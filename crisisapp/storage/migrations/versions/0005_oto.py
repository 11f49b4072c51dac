"""OTO: norms, activities, participants, findings

Revision ID: 0005_oto
Revises: 0004_piket
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from crisisapp.storage.migrations import refuse_downgrade

revision: str = "0005_oto"
down_revision: str | None = "0004_piket"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "oto_activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "training",
                "alarmeringsoefening",
                "opkomstoefening",
                "beleidsteam-training",
                "crisisteam-oefening",
                "awareness",
                name="oto_kind",
                native_enum=False,
                create_constraint=True,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("start", sa.DateTime(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("partners", sa.String(length=200), nullable=False),
        sa.Column("unannounced", sa.Boolean(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "gepland",
                "uitgevoerd",
                "geëvalueerd",
                "geannuleerd",
                name="activity_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("alarm_at", sa.DateTime(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oto_activity")),
    )
    with op.batch_alter_table("oto_activity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_oto_activity_start"), ["start"], unique=False)

    op.create_table(
        "oto_kind_norm",
        sa.Column(
            "kind",
            sa.Enum(
                "training",
                "alarmeringsoefening",
                "opkomstoefening",
                "beleidsteam-training",
                "crisisteam-oefening",
                "awareness",
                name="norm_kind",
                native_enum=False,
                create_constraint=True,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("acknowledge_minutes", sa.Integer(), nullable=True),
        sa.Column("arrival_minutes", sa.Integer(), nullable=True),
        sa.Column("unannounced", sa.Boolean(), nullable=False),
        sa.Column("yearly_target", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", name=op.f("pk_oto_kind_norm")),
    )
    op.create_table(
        "oto_finding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "open", "bezig", "gereed", name="finding_status", native_enum=False, create_constraint=True, length=20
            ),
            nullable=True,
        ),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["oto_activity.id"], name=op.f("fk_oto_finding_activity_id_oto_activity")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oto_finding")),
    )
    with op.batch_alter_table("oto_finding", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_oto_finding_activity_id"), ["activity_id"], unique=False)

    op.create_table(
        "oto_participant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "presence",
            sa.Enum(
                "verwacht",
                "gereageerd",
                "afwezig",
                "afgemeld",
                name="presence",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("acknowledged_at", sa.DateTime(), nullable=True),
        sa.Column("arrived_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["oto_activity.id"], name=op.f("fk_oto_participant_activity_id_oto_activity")
        ),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_oto_participant_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oto_participant")),
        sa.UniqueConstraint("activity_id", "person_id", name=op.f("uq_oto_participant_activity_id")),
    )
    with op.batch_alter_table("oto_participant", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_oto_participant_activity_id"), ["activity_id"], unique=False)

    # The norms and yearly targets of the programme: four alarm drills (acknowledged within 15 minutes),
    # one unannounced turn-out drill (arrived within 60 minutes).
    norm = sa.table(
        "oto_kind_norm",
        sa.column("kind"),
        sa.column("acknowledge_minutes"),
        sa.column("arrival_minutes"),
        sa.column("unannounced"),
        sa.column("yearly_target"),
    )
    op.bulk_insert(
        norm,
        [
            {
                "kind": "alarmeringsoefening",
                "acknowledge_minutes": 15,
                "arrival_minutes": None,
                "unannounced": False,
                "yearly_target": 4,
            },
            {
                "kind": "opkomstoefening",
                "acknowledge_minutes": 15,
                "arrival_minutes": 60,
                "unannounced": True,
                "yearly_target": 1,
            },
            {
                "kind": "beleidsteam-training",
                "acknowledge_minutes": None,
                "arrival_minutes": None,
                "unannounced": False,
                "yearly_target": 1,
            },
            {
                "kind": "crisisteam-oefening",
                "acknowledge_minutes": None,
                "arrival_minutes": None,
                "unannounced": False,
                "yearly_target": 2,
            },
            {
                "kind": "training",
                "acknowledge_minutes": None,
                "arrival_minutes": None,
                "unannounced": False,
                "yearly_target": 2,
            },
            {
                "kind": "awareness",
                "acknowledge_minutes": None,
                "arrival_minutes": None,
                "unannounced": False,
                "yearly_target": 1,
            },
        ],
    )


def downgrade() -> None:
    refuse_downgrade(revision)

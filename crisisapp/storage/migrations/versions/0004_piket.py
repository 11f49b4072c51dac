"""Piket: rotas, shares, shifts, overrides, unavailability

Revision ID: 0004_piket
Revises: 0003_organisation
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from crisisapp.storage.migrations import refuse_downgrade

revision: str = "0004_piket"
down_revision: str | None = "0003_organisation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "piket_unavailability",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.DateTime(), nullable=False),
        sa.Column("end", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_piket_unavailability_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_piket_unavailability")),
    )
    with op.batch_alter_table("piket_unavailability", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_piket_unavailability_person_id"), ["person_id"], unique=False)

    op.create_table(
        "piket_rota",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("function_id", sa.Integer(), nullable=False),
        sa.Column("handover_weekday", sa.Integer(), nullable=False),
        sa.Column("handover_time", sa.Time(), nullable=False),
        sa.Column("shift_days", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["function_id"], ["crisis_function.id"], name=op.f("fk_piket_rota_function_id_crisis_function")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_piket_rota")),
    )
    op.create_table(
        "piket_override",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rota_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.DateTime(), nullable=False),
        sa.Column("end", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("cancelled", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_piket_override_person_id_person")),
        sa.ForeignKeyConstraint(["rota_id"], ["piket_rota.id"], name=op.f("fk_piket_override_rota_id_piket_rota")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_piket_override")),
    )
    with op.batch_alter_table("piket_override", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_piket_override_rota_id"), ["rota_id"], unique=False)

    op.create_table(
        "piket_share",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rota_id", sa.Integer(), nullable=False),
        sa.Column("municipality", sa.String(length=50), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["rota_id"], ["piket_rota.id"], name=op.f("fk_piket_share_rota_id_piket_rota")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_piket_share")),
        sa.UniqueConstraint("rota_id", "municipality", name=op.f("uq_piket_share_rota_id")),
    )
    op.create_table(
        "piket_shift",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rota_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.DateTime(), nullable=False),
        sa.Column("end", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_piket_shift_person_id_person")),
        sa.ForeignKeyConstraint(["rota_id"], ["piket_rota.id"], name=op.f("fk_piket_shift_rota_id_piket_rota")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_piket_shift")),
    )
    with op.batch_alter_table("piket_shift", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_piket_shift_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_piket_shift_rota_id"), ["rota_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_piket_shift_start"), ["start"], unique=False)


def downgrade() -> None:
    refuse_downgrade(revision)

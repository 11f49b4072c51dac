"""Jaarwisseling, bereikbaarheid, HartslagNu, werving

Revision ID: 0007_jaarwisseling_hulpdiensten
Revises: 0006_events
Create Date: 2026-11-26
"""

from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from alembic import op

from crisisapp.storage.migrations import refuse_downgrade

revision: str = "0007_jaarwisseling_hulpdiensten"
down_revision: str | None = "0006_events"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "access_obstacle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("street", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("cause", sa.String(length=100), nullable=False),
        sa.Column("width_m", sa.Numeric(precision=4, scale=2, asdecimal=False), nullable=True),
        sa.Column("reported_on", sa.Date(), nullable=False),
        sa.Column("measure", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "gemeld",
                "maatregel loopt",
                "opgelost",
                name="obstacle_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_obstacle")),
    )
    op.create_table(
        "hartslagnu_count",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("counted_on", sa.Date(), nullable=False),
        sa.Column("registered", sa.Integer(), nullable=False),
        sa.Column("certified", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hartslagnu_count")),
        sa.UniqueConstraint("counted_on", name=op.f("uq_hartslagnu_count_counted_on")),
    )
    op.create_table(
        "hartslagnu_meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("attendees", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hartslagnu_meeting")),
    )
    op.create_table(
        "hartslagnu_target",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("target", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_hartslagnu_target")),
    )
    op.create_table(
        "nye_incident",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=100), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("damage_euros", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nye_incident")),
    )
    with op.batch_alter_table("nye_incident", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_nye_incident_year"), ["year"], unique=False)

    op.create_table(
        "nye_task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=100), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open", "bezig", "gereed", name="nye_task_status", native_enum=False, create_constraint=True, length=10
            ),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nye_task")),
    )
    with op.batch_alter_table("nye_task", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_nye_task_year"), ["year"], unique=False)

    op.create_table(
        "nye_zone",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("period", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nye_zone")),
    )
    with op.batch_alter_table("nye_zone", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_nye_zone_year"), ["year"], unique=False)

    op.create_table(
        "volunteer_recruitment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("reached", sa.Integer(), nullable=False),
        sa.Column("applied", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_volunteer_recruitment")),
    )
    # The programme's starting point: 306 citizen responders registered with HartslagNu (6 February 2020).
    count = sa.table(
        "hartslagnu_count",
        sa.column("counted_on"),
        sa.column("registered"),
        sa.column("certified"),
        sa.column("source"),
    )
    op.bulk_insert(
        count,
        [{"counted_on": date(2020, 2, 6), "registered": 306, "certified": None, "source": "Uitvoeringsprogramma 2020"}],
    )


def downgrade() -> None:
    refuse_downgrade(revision)

"""Crisis organisation: people, teams, functions, assignments, attendance

Revision ID: 0003_organisation
Revises: 0002_audit_and_settings
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from crisisapp.storage.migrations import refuse_downgrade

revision: str = "0003_organisation"
down_revision: str | None = "0002_audit_and_settings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# The activity kinds as this revision knows them (the model's enum may grow in later revisions).
ACTIVITY_KINDS = (
    "training",
    "alarmeringsoefening",
    "opkomstoefening",
    "beleidsteam-training",
    "crisisteam-oefening",
    "awareness",
)


def upgrade() -> None:
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("municipality", sa.String(length=50), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("mobile", sa.String(length=30), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("remarks", sa.Text(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
    )
    op.create_table(
        "team",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team")),
        sa.UniqueConstraint("code", name=op.f("uq_team_code")),
    )
    op.create_table(
        "attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(*ACTIVITY_KINDS, name="attendance_kind", native_enum=False, create_constraint=True, length=30),
            nullable=False,
        ),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_attendance_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance")),
    )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendance_person_id"), ["person_id"], unique=False)

    op.create_table(
        "crisis_function",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.Column("alarm_from_grip", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"], name=op.f("fk_crisis_function_team_id_team")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crisis_function")),
    )
    with op.batch_alter_table("crisis_function", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_crisis_function_team_id"), ["team_id"], unique=False)

    op.create_table(
        "assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("function_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "primair",
                "plaatsvervanger",
                name="assignment_role",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["function_id"], ["crisis_function.id"], name=op.f("fk_assignment_function_id_crisis_function")
        ),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_assignment_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignment")),
    )
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assignment_function_id"), ["function_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assignment_person_id"), ["person_id"], unique=False)

    op.create_table(
        "function_requirement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("function_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(*ACTIVITY_KINDS, name="activity_kind", native_enum=False, create_constraint=True, length=30),
            nullable=False,
        ),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["function_id"], ["crisis_function.id"], name=op.f("fk_function_requirement_function_id_crisis_function")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_function_requirement")),
        sa.UniqueConstraint("function_id", "kind", name=op.f("uq_function_requirement_function_id")),
    )
    _seed()


# Maassluis' crisis organisation as domain.md describes it: (team code, team name, functions), each
# function as (name, alarmed from GRIP level, requirements as (activity kind, months)).
TRAINING, ALARM, POLICY, EXERCISE = "training", "alarmeringsoefening", "beleidsteam-training", "crisisteam-oefening"
ORGANISATION = (
    (
        "GBT",
        "Gemeentelijk Beleidsteam",
        (
            ("Burgemeester (voorzitter GBT)", 3, ((POLICY, 12),)),
            ("Gemeentesecretaris", 3, ((POLICY, 12),)),
            ("Adviseur crisiscommunicatie", 3, ((POLICY, 12), (TRAINING, 12))),
            ("Algemeen Commandant Bevolkingszorg (AC-Bz)", 2, ((TRAINING, 12), (EXERCISE, 12))),
            ("Adviseur politie", 3, ()),
            ("Adviseur brandweer", 3, ()),
            ("Adviseur GHOR", 3, ()),
        ),
    ),
    (
        "TBz",
        "Team Bevolkingszorg",
        (
            ("Procesleider crisiscommunicatie", 2, ((TRAINING, 12), (ALARM, 12))),
            ("Procesleider publieke zorg", 2, ((TRAINING, 12), (ALARM, 12))),
            ("Procesleider omgevingszorg", 2, ((TRAINING, 12), (ALARM, 12))),
            ("Procesleider informatiemanagement", 2, ((TRAINING, 12), (ALARM, 12))),
            ("Procesleider nazorg", 3, ((TRAINING, 12), (ALARM, 12))),
        ),
    ),
    (
        "OvD-Bz",
        "Officieren van Dienst Bevolkingszorg",
        (("Officier van Dienst Bevolkingszorg (OvD-Bz)", 1, ((TRAINING, 12), (ALARM, 12))),),
    ),
    (
        "Ondersteuning",
        "Ondersteunende functies",
        (
            ("Informatiemanager GBT", 2, ((TRAINING, 12),)),
            ("Secretaris / logboekhouder GBT", 3, ((TRAINING, 12),)),
        ),
    ),
)


def _seed() -> None:
    team = sa.table("team", sa.column("id"), sa.column("code"), sa.column("name"), sa.column("sort_order"))
    function = sa.table(
        "crisis_function",
        sa.column("id"),
        sa.column("team_id"),
        sa.column("name"),
        sa.column("description"),
        sa.column("sort_order"),
        sa.column("retired"),
        sa.column("alarm_from_grip"),
    )
    requirement = sa.table("function_requirement", sa.column("function_id"), sa.column("kind"), sa.column("months"))
    teams: list[dict[str, object]] = []
    functions: list[dict[str, object]] = []
    requirements: list[dict[str, object]] = []
    for team_number, (code, name, members) in enumerate(ORGANISATION, start=1):
        teams.append({"id": team_number, "code": code, "name": name, "sort_order": team_number})
        for order, (function_name, grip, needs) in enumerate(members, start=1):
            function_id = len(functions) + 1
            functions.append(
                {
                    "id": function_id,
                    "team_id": team_number,
                    "name": function_name,
                    "description": "",
                    "sort_order": order,
                    "retired": False,
                    "alarm_from_grip": grip,
                }
            )
            requirements += [{"function_id": function_id, "kind": kind, "months": months} for kind, months in needs]
    op.bulk_insert(team, teams)
    op.bulk_insert(function, functions)
    op.bulk_insert(requirement, requirements)


def downgrade() -> None:
    refuse_downgrade(revision)

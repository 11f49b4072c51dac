"""Events: a recurring action point taken over by the next edition, attendees one per line

Revision ID: 0009_event_meetings_and_carried_points
Revises: 0008_checklist_templates
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from crisisapp.storage.migrations import refuse_downgrade

revision: str = "0009_event_meetings_and_carried_points"
down_revision: str | None = "0008_checklist_templates"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

meeting = sa.table("event_meeting", sa.column("id", sa.Integer()), sa.column("present", sa.Text()))


def _status(*values: str, length: int) -> sa.Enum:
    return sa.Enum(*values, name="event_action_status", native_enum=False, create_constraint=True, length=length)


def attendees(present: str) -> list[str]:
    """The parties of a comma-separated "aanwezig" line; a comma inside brackets stays with its party, as in
    "gemeente (OOV, vergunningen)"."""
    parties, depth, start = [], 0, 0
    for position, char in enumerate(present):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth <= 0:
            parties.append(present[start:position])
            start = position + 1
    parties.append(present[start:])
    return [party.strip() for party in parties if party.strip()]


def upgrade() -> None:
    """A recurring action point that moved to the next edition is closed as "overgenomen" and names its
    successor; a meeting's attendees, written on one line with commas until now, go one per line so that
    each can be chosen and removed on its own."""
    with op.batch_alter_table("event_action", schema=None) as batch_op:
        batch_op.alter_column(
            "status",
            existing_type=_status("open", "bezig", "gereed", length=10),
            type_=_status("open", "bezig", "gereed", "overgenomen", length=12),
            existing_nullable=False,
        )
        batch_op.add_column(sa.Column("carried_to_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_event_action_carried_to_id_event_action"), "event_action", ["carried_to_id"], ["id"]
        )
    connection = op.get_bind()
    for meeting_id, present in connection.execute(sa.select(meeting.c.id, meeting.c.present)).all():
        lines = "\n".join(attendees(present or ""))
        if lines != present:
            connection.execute(meeting.update().where(meeting.c.id == meeting_id).values(present=lines))


# Migrations only go forward; see crisisapp/storage/migrations/__init__.py.
def downgrade() -> None:
    refuse_downgrade(revision)

"""Checklist templates shipped with the app, seeded once

Revision ID: 0008_checklist_templates
Revises: 0007_jaarwisseling_hulpdiensten
Create Date: 2026-11-26
"""

import tomllib
from collections.abc import Sequence
from importlib import resources

import sqlalchemy as sa
from alembic import op

from crisisapp.storage.migrations import refuse_downgrade

revision: str = "0008_checklist_templates"
down_revision: str | None = "0007_jaarwisseling_hulpdiensten"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

template = sa.table("checklist_template", sa.column("id", sa.Integer()), sa.column("name", sa.String()))
GENERAL_TEMPLATE = "Algemeen evenement"  # every specific template starts with its checks

line = sa.table(
    "checklist_template_line",
    sa.column("template_id", sa.Integer()),
    sa.column("section", sa.String()),
    sa.column("text", sa.Text()),
    sa.column("sort_order", sa.Integer()),
)


def shipped_templates() -> dict[str, list[tuple[str, str]]]:
    """The templates in resources/checklists.toml as (section, item) lines; each specific template starts
    with the general one, its own items added under the same sections or new ones.

    A new database gets them once, here; after that they are the team's to change."""
    data = tomllib.loads((resources.files("crisisapp.resources") / "checklists.toml").read_text("utf-8"))
    raw = {t["name"]: [(s["name"], list(s["items"])) for s in t["section"]] for t in data["template"]}
    result = {}
    for name, sections in raw.items():
        merged: dict[str, list[str]] = {}
        for section, items in ([] if name == GENERAL_TEMPLATE else raw[GENERAL_TEMPLATE]) + sections:
            merged.setdefault(section, []).extend(items)
        result[name] = [(section, item) for section, items in merged.items() for item in items]
    return result


def upgrade() -> None:
    """The shipped templates, into a database that never had any.

    Until this revision the Events page wrote them whenever it found none; a database it already seeded
    keeps the team's own templates untouched. From here on only the team adds or deletes templates: one
    they delete stays deleted.
    """
    connection = op.get_bind()
    if any(connection.scalar(sa.select(sa.func.count()).select_from(table)) for table in (template, line)):
        return
    shipped = shipped_templates()
    op.bulk_insert(template, [{"id": number, "name": name} for number, name in enumerate(shipped, start=1)])
    op.bulk_insert(
        line,
        [
            {"template_id": number, "section": section, "text": text, "sort_order": order}
            for number, lines in enumerate(shipped.values(), start=1)
            for order, (section, text) in enumerate(lines)
        ],
    )


# Migrations only go forward; see crisisapp/storage/migrations/__init__.py.
def downgrade() -> None:
    refuse_downgrade(revision)

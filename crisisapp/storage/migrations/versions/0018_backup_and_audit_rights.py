"""A beheerder may make the server's backups (pg_dump reads the sequences too); the audit trail's who, when and what
can no longer be rewritten by a user with a SQL client (only an AVG erasure blanks a person's values in it); and
Maassluis' users see the people who hold a function of the crisis organisation, whatever their municipality, with
the phone numbers the alarm list calls

The teams and functions are Maassluis' (they have no municipality); a partner's officer can hold one of them, and
Maassluis' OvD-Bz must be able to call them. A medewerker of Vlaardingen or Schiedam still sees only their own
people and the officers on the shared piket. Frozen as it was at this revision, like 0017_access_rules. Only on
PostgreSQL.

Revision ID: 0018_backup_and_audit_rights
Revises: 0017_access_rules
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from alembic import op
from sqlalchemy import text

from crisisapp.storage.migrations import refuse_downgrade

revision: str = "0018_backup_and_audit_rights"
down_revision: str | None = "0017_access_rules"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEHEERDER, MEDEWERKER = "crisisapp_beheerder", "crisisapp_medewerker"
HOME = "'Maassluis'"
#: What an erased value in the audit trail is: empty, or the erasure mark ("gewist op 04-12-2026").
ERASED = "'^(gewist op [0-9]{2}-[0-9]{2}-[0-9]{4})?$'"


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name != "postgresql":
        return
    schema = str(connection.execute(text("SELECT current_schema()")).scalar_one())
    writers = f"{BEHEERDER}, {MEDEWERKER}"
    statements = [
        # pg_dump reads every sequence's state; the beheerder's backups need that, of later tables' too.
        f"GRANT SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {BEHEERDER}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT SELECT ON SEQUENCES TO {BEHEERDER}",
        # The audit trail: rows are only added (naming their writer, 0017); of a row, only the erasure of a
        # person's values changes anything, and only to the erasure mark.
        f"REVOKE UPDATE ON audit_entry FROM {writers}",
        f"GRANT UPDATE (old_value, new_value) ON audit_entry TO {writers}",
        "DROP POLICY IF EXISTS crisisapp_wissen ON audit_entry",
        "CREATE POLICY crisisapp_wissen ON audit_entry FOR UPDATE "
        "USING (table_name = 'person' AND crisisapp_persoon_in_logboek(record_id)) "
        f"WITH CHECK (table_name = 'person' AND crisisapp_persoon_in_logboek(record_id) "
        f"AND coalesce(old_value, '') ~ {ERASED} AND coalesce(new_value, '') ~ {ERASED})",
        # Who holds a function of the crisis organisation now or later, read past the policies.
        "CREATE OR REPLACE FUNCTION crisisapp_in_functie(person integer) RETURNS boolean LANGUAGE sql STABLE "
        f"SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$ SELECT EXISTS (SELECT 1 FROM assignment "
        'WHERE person_id = person AND ("end" IS NULL OR "end" >= current_date)) $$',
        "DROP POLICY IF EXISTS crisisapp_lezen ON person",
        "CREATE POLICY crisisapp_lezen ON person FOR SELECT USING (crisisapp_is_beheerder() "
        "OR crisisapp_eigenaar(municipality) = crisisapp_gemeente() OR crisisapp_op_piket(id) "
        f"OR (crisisapp_gemeente() = {HOME} AND crisisapp_in_functie(id)))",
    ]
    for statement in statements:
        connection.execute(text(statement))


def downgrade() -> None:
    refuse_downgrade(revision)

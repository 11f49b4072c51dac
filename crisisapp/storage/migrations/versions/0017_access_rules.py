"""Who may see and do what in a server database is part of its schema: the group roles, grants and row-level
security policies (crisisapp/storage/roles.py describes them), and the staffing facts every user may read of every
person — who holds a function without their personal data — so that another municipality sees no false gaps

Until this revision ``crisisapp init``/``upgrade`` set the rules afresh from the models of the running version;
now a database's rules change only with its schema version. Everything below is frozen as it was at this revision:
a later table gets its grants and policies from the migration that makes it, which names it in its own
``POLICED`` (tests/test_access_rules.py holds every table of the models to that). Only on PostgreSQL; a database
file has one user and nothing to enforce.

Revision ID: 0017_access_rules
Revises: 0016_attendance_last_index
Create Date: 2026-12-03
"""

from collections.abc import Mapping, Sequence

from alembic import op
from sqlalchemy import Connection, text

from crisisapp.storage.migrations import refuse_downgrade
from crisisapp.storage.roles import AccessSetupError

revision: str = "0017_access_rules"
down_revision: str | None = "0016_attendance_last_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEHEERDER, MEDEWERKER, ALLEEN_LEZEN = "crisisapp_beheerder", "crisisapp_medewerker", "crisisapp_alleen_lezen"
MUNICIPALITIES = {
    "Maassluis": "crisisapp_gemeente_maassluis",
    "Vlaardingen": "crisisapp_gemeente_vlaardingen",
    "Schiedam": "crisisapp_gemeente_schiedam",
}
GROUPS = (BEHEERDER, MEDEWERKER, ALLEEN_LEZEN, *MUNICIPALITIES.values())
HOME = "'Maassluis'"
REFUSAL = "CrisisApp: %s mag in de tabel %s alleen wijzigen wat van de eigen gemeente is, niet van %s"
#: The owning municipality of a row of the tables other rows hang on: ``crisisapp_gemeente_van_<table>(id)``.
OWNING: Mapping[str, str] = {
    "person": "crisisapp_eigenaar(municipality)",
    "oto_activity": "municipality",
    "event": "municipality",
    "incident": "municipality",
    "event_check_item": "crisisapp_gemeente_van_event(event_id)",
    "incident_entry": "crisisapp_gemeente_van_incident(incident_id)",
}
AUDIT = "audit_entry"
#: Every table at this revision with the SQL of the municipality that may change its rows (None: every
#: medewerker — the shared piket and the receipts of field records; the audit trail has policies of its own).
POLICED: Mapping[str, str | None] = {
    AUDIT: None,
    "app_setting": HOME,
    "programme_action_progress": HOME,
    "oto_kind_norm": HOME,
    "oto_activity": "municipality",
    "oto_participant": "crisisapp_gemeente_van_oto_activity(activity_id)",
    "oto_finding": "crisisapp_gemeente_van_oto_activity(activity_id)",
    "person": "crisisapp_eigenaar(municipality)",
    "team": HOME,
    "crisis_function": HOME,
    "function_requirement": HOME,
    "assignment": "crisisapp_gemeente_van_person(person_id)",
    "attendance": "crisisapp_gemeente_van_person(person_id)",
    "piket_rota": None,
    "piket_share": None,
    "piket_shift": None,
    "piket_override": None,
    "piket_unavailability": None,
    "event": "municipality",
    "event_meeting": "crisisapp_gemeente_van_event(event_id)",
    "event_action": "crisisapp_gemeente_van_event(event_id)",
    "checklist_template": HOME,
    "checklist_template_line": HOME,
    "event_check_item": "crisisapp_gemeente_van_event(event_id)",
    "event_check_result": "crisisapp_gemeente_van_event_check_item(item_id)",
    "nye_task": HOME,
    "nye_zone": HOME,
    "nye_incident": HOME,
    "access_obstacle": HOME,
    "hartslagnu_count": HOME,
    "hartslagnu_target": HOME,
    "hartslagnu_meeting": HOME,
    "volunteer_recruitment": HOME,
    "incident": "municipality",
    "incident_grip": "crisisapp_gemeente_van_incident(incident_id)",
    "incident_entry": "crisisapp_gemeente_van_incident(incident_id)",
    "incident_action": "crisisapp_gemeente_van_incident_entry(entry_id)",
    "incident_call": "crisisapp_gemeente_van_incident(incident_id)",
    "incident_meeting": "crisisapp_gemeente_van_incident(incident_id)",
    "incident_finding": "crisisapp_gemeente_van_incident(incident_id)",
    "field_record": None,
}
POLICY_NAMES = (
    "crisisapp_lezen",
    "crisisapp_toevoegen",
    "crisisapp_wijzigen",
    "crisisapp_verwijderen",
    "crisisapp_wissen",
)


def _functions(schema: str) -> list[str]:
    path = f"SET search_path = {schema}, pg_temp"
    definer = f"LANGUAGE sql STABLE SECURITY DEFINER {path}"
    groups = " ".join(f"WHEN pg_has_role(session_user, '{g}', 'MEMBER') THEN '{m}'" for m, g in MUNICIPALITIES.items())
    piket = ", ".join(f"'{m}'" for m in MUNICIPALITIES)
    return [
        # The owner of the tables, a superuser, and the beheerder group's members.
        f"CREATE OR REPLACE FUNCTION crisisapp_is_beheerder() RETURNS boolean {definer} AS $$ "
        f"SELECT pg_has_role(session_user, '{BEHEERDER}', 'MEMBER') OR pg_has_role(session_user, "
        f"(SELECT tableowner FROM pg_tables WHERE schemaname = '{schema}' AND tablename = 'person'), 'MEMBER') $$",
        f"CREATE OR REPLACE FUNCTION crisisapp_gemeente() RETURNS text {definer} AS $$ "
        f"SELECT CASE WHEN pg_has_role(session_user, '{BEHEERDER}', 'MEMBER') THEN NULL {groups} END $$",
        f"CREATE OR REPLACE FUNCTION crisisapp_eigenaar(municipality text) RETURNS text LANGUAGE sql IMMUTABLE {path} "
        f"AS $$ SELECT CASE WHEN municipality IN ({piket}) THEN municipality ELSE {HOME} END $$",
        f"CREATE OR REPLACE FUNCTION crisisapp_mag_wijzigen(municipality text) RETURNS boolean {definer} AS $$ "
        "SELECT crisisapp_is_beheerder() OR municipality = crisisapp_gemeente() $$",
        f"CREATE OR REPLACE FUNCTION crisisapp_op_piket(person integer) RETURNS boolean {definer} AS $$ "
        "SELECT EXISTS (SELECT 1 FROM assignment a JOIN piket_rota r ON r.function_id = a.function_id "
        "WHERE a.person_id = person) OR EXISTS (SELECT 1 FROM piket_shift WHERE person_id = person) "
        "OR EXISTS (SELECT 1 FROM piket_override WHERE person_id = person) $$",
        # A row the user may see but not change is refused out loud, never skipped in silence (which a policy does).
        "CREATE OR REPLACE FUNCTION crisisapp_toegestaan(municipality text, tabel text) RETURNS boolean "
        f"LANGUAGE plpgsql STABLE {path} AS $$ BEGIN "
        "IF crisisapp_mag_wijzigen(municipality) THEN RETURN true; END IF; "
        f"RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE = format('{REFUSAL}', "
        "session_user, tabel, coalesce(municipality, '?')); END $$",
        # The owning municipality of a row by its id, read past the policies (the row may be one a user cannot see).
        *(
            f"CREATE OR REPLACE FUNCTION crisisapp_gemeente_van_{table}(row_id integer) RETURNS text {definer} AS $$ "
            f"SELECT {owner} FROM {table} WHERE id = row_id $$"
            for table, owner in OWNING.items()
        ),
        f"CREATE OR REPLACE FUNCTION crisisapp_persoon_in_logboek(record_id text) RETURNS boolean {definer} AS $$ "
        "SELECT crisisapp_is_beheerder() OR (record_id ~ '^[0-9]{1,9}$' "
        "AND crisisapp_mag_wijzigen(crisisapp_gemeente_van_person(record_id::integer))) $$",
        # Whom the staffing of the crisis organisation counts, without anybody's personal data: every person's id,
        # municipality and whether they are archived (storage/roles.py: staffing_people).
        "CREATE OR REPLACE FUNCTION crisisapp_bezetting() RETURNS TABLE (id integer, municipality text, "
        f"archived boolean) {definer} AS $$ SELECT id, municipality::text, archived FROM person $$",
    ]


def _policies(table: str) -> dict[str, str]:
    """The policies of ``table``: name → the rest of its CREATE POLICY statement."""
    if table == AUDIT:
        person = "table_name <> 'person' OR crisisapp_persoon_in_logboek(record_id)"
        return {
            "crisisapp_lezen": f"FOR SELECT USING ({person})",
            "crisisapp_toevoegen": 'FOR INSERT WITH CHECK ("user" = session_user::text)',
            # Erasing a person (AVG art. 17) blanks their personal values in the trail; nothing else changes it.
            "crisisapp_wissen": "FOR UPDATE USING (table_name = 'person' AND crisisapp_persoon_in_logboek(record_id))",
        }
    read = (
        "crisisapp_is_beheerder() OR crisisapp_eigenaar(municipality) = crisisapp_gemeente() OR crisisapp_op_piket(id)"
    )
    owner = POLICED[table]
    write = "true" if owner is None else f"crisisapp_toegestaan({owner}, '{table}')"
    return {
        "crisisapp_lezen": f"FOR SELECT USING ({read if table == 'person' else 'true'})",
        "crisisapp_toevoegen": f"FOR INSERT WITH CHECK ({write})",
        "crisisapp_wijzigen": f"FOR UPDATE USING ({write}) WITH CHECK ({write})",
        "crisisapp_verwijderen": f"FOR DELETE USING ({write})",
    }


def _create_groups(connection: Connection) -> None:
    """The group roles, once per server: they belong to the whole server, not to one database."""
    missing = [
        role
        for role in GROUPS
        if not connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :role"), {"role": role}).first()
    ]
    if not missing:
        return
    may = connection.execute(text("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user"))
    if not may.scalar_one():
        raise AccessSetupError(
            "De groepsrollen van CrisisApp (crisisapp_beheerder, crisisapp_medewerker …) bestaan nog niet op deze "
            "server, en dit account mag geen rollen maken (CREATEROLE). Laat een beheerder van de server het schema "
            "aanmaken of bijwerken. Er is niets gewijzigd."
        )
    for role in missing:
        # Another database's `crisisapp init` may make the same role at the same moment.
        connection.execute(
            text(
                f"DO $$ BEGIN CREATE ROLE {role} NOLOGIN; "
                "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
            )
        )


def apply_rules(connection: Connection) -> None:
    """Set the rules; they replace any set before (by ``crisisapp init`` of an older version), never add to them."""
    schema = str(connection.execute(text("SELECT current_schema()")).scalar_one())
    _create_groups(connection)
    for statement in _functions(schema):
        connection.execute(text(statement))
    everyone = f"{BEHEERDER}, {MEDEWERKER}, {ALLEEN_LEZEN}"
    writers = f"{BEHEERDER}, {MEDEWERKER}"
    # The others are asked by the policies, for every role; the staffing facts only by CrisisApp's users.
    connection.execute(text("REVOKE EXECUTE ON FUNCTION crisisapp_bezetting() FROM PUBLIC"))
    connection.execute(text(f"GRANT EXECUTE ON FUNCTION crisisapp_bezetting() TO {everyone}"))
    connection.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {everyone}"))
    for table in POLICED:
        rights = "INSERT, UPDATE" if table == AUDIT else "INSERT, UPDATE, DELETE"
        connection.execute(text(f"GRANT SELECT ON {table} TO {everyone}"))
        connection.execute(text(f"GRANT {rights} ON {table} TO {writers}"))
        connection.execute(text(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"))
        for name in POLICY_NAMES:
            connection.execute(text(f"DROP POLICY IF EXISTS {name} ON {table}"))
        for name, rest in _policies(table).items():
            connection.execute(text(f"CREATE POLICY {name} ON {table} {rest}"))
    connection.execute(text(f"GRANT SELECT ON alembic_version TO {everyone}"))
    connection.execute(text(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {writers}"))


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        apply_rules(connection)


def downgrade() -> None:
    refuse_downgrade(revision)

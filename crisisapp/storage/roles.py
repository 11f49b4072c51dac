"""Who may see and do what in a server database, enforced by PostgreSQL itself: group roles, grants and
row-level security, so that a user with a SQL client gets no more than the app shows.

Every user logs in with a role of their own (``crisisapp gebruiker toevoegen``), a member of one group:

- ``crisisapp_beheerder``: sees and changes everything, and manages the users;
- ``crisisapp_medewerker``: changes the records of their own municipality (people, and what hangs on them;
  OTO activities, events, incidents and their parts) and the shared piket, and reads the rest;
- ``crisisapp_alleen_lezen``: reads what a medewerker of their municipality reads, and changes nothing.

and (not a beheerder) a member of the group of their municipality, ``crisisapp_gemeente_maassluis``,
``…_vlaardingen`` or ``…_schiedam``. Membership is what only a role administrator can change, and the policies
ask the server about the logged-in role (``session_user``), never about a setting the session could make itself.

What is readable: everything except the personal data of another municipality's people — a person's row is
seen by their own municipality, by beheerders, and by all when the person is on the shared piket (holds the
function of a piket rota, or has a shift or an override), with the phone numbers the OvD-Bz needs. The audit
trail's rows about a person (old and new personal values) are seen only where the person may be changed.
People of no piket municipality (the VRR, the police …) are Maassluis' contacts; so are the records that have no
municipality (teams and functions, the jaarwisseling, the hulpdiensten, the programme, the settings): a
medewerker of Maassluis changes them. Every audit row carries the role that wrote it: the server refuses one
naming anybody else.

The tables' owner (the account that ran ``crisisapp init``) is not bound by the policies (no FORCE): it may alter
the tables and switch the policies off anyway, so binding it would protect nothing; it counts as a beheerder.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Connection, text

from crisisapp.errors import CrisisAppError
from crisisapp.models import load_all
from crisisapp.storage.ownership import HOME, MUNICIPALITIES

BEHEERDER = "crisisapp_beheerder"
MEDEWERKER = "crisisapp_medewerker"
ALLEEN_LEZEN = "crisisapp_alleen_lezen"
#: The kinds of user as the command line and the app name them, with their group role.
KINDS: Mapping[str, str] = {"beheerder": BEHEERDER, "medewerker": MEDEWERKER, "alleen-lezen": ALLEEN_LEZEN}
KIND_NAMES: Mapping[str, str] = {"beheerder": "beheerder", "medewerker": "medewerker", "alleen-lezen": "alleen lezen"}


def municipality_role(municipality: str) -> str:
    return f"crisisapp_gemeente_{municipality.lower()}"


#: The owning municipality of a row, as SQL over its columns, of the tables that have one of their own or that
#: other rows hang on: each gets a function ``crisisapp_gemeente_van_<table>(id)`` (a person's: ``crisisapp_eigenaar``).
OWNING: Mapping[str, str] = {
    "person": "crisisapp_eigenaar(municipality)",
    "oto_activity": "municipality",
    "event": "municipality",
    "incident": "municipality",
    "event_check_item": "crisisapp_gemeente_van_event(event_id)",
    "incident_entry": "crisisapp_gemeente_van_incident(incident_id)",
}
#: Tables whose rows belong to the municipality of the row they hang on: (foreign key, table).
HANGING: Mapping[str, tuple[str, str]] = {
    "assignment": ("person_id", "person"),
    "attendance": ("person_id", "person"),
    "oto_participant": ("activity_id", "oto_activity"),
    "oto_finding": ("activity_id", "oto_activity"),
    "event_meeting": ("event_id", "event"),
    "event_action": ("event_id", "event"),
    "event_check_item": ("event_id", "event"),
    "event_check_result": ("item_id", "event_check_item"),
    "incident_grip": ("incident_id", "incident"),
    "incident_entry": ("incident_id", "incident"),
    "incident_call": ("incident_id", "incident"),
    "incident_meeting": ("incident_id", "incident"),
    "incident_finding": ("incident_id", "incident"),
    "incident_action": ("entry_id", "incident_entry"),
}
#: What every medewerker of the three municipalities changes: the shared piket, and the receipts of the field
#: records they send from an offline copy (services/offline_sync.py; each record's own rows are checked as usual).
SHARED = frozenset(
    {"piket_rota", "piket_share", "piket_shift", "piket_override", "piket_unavailability", "field_record"}
)
AUDIT = "audit_entry"
NOT_POLICED = frozenset({"alembic_version"})


#: What the server says when a row may not be changed (the %s: role, table, municipality); refused_table() reads it.
REFUSAL_SQL = "CrisisApp: %s mag in de tabel %s alleen wijzigen wat van de eigen gemeente is, niet van %s"
_REFUSED_TABLE = re.compile(r"(?:in de tabel|for table|for relation) \"?(\w+)\"?")


def refused_table(message: str) -> str | None:
    """The table a refusal of the server ("permission denied for table x", or CrisisApp's own) names."""
    found = _REFUSED_TABLE.search(message)
    return found.group(1) if found else None


class AccessSetupError(CrisisAppError):
    """The roles and rights could not be set up (the account lacks the right to make roles)."""


@dataclass(frozen=True)
class Access:
    """What the logged-in role of a server database is: its name, kind and municipality."""

    role: str
    kind: str | None  # a key of KINDS; None: a role of no CrisisApp group
    municipality: str | None

    @property
    def may_write(self) -> bool:
        return self.kind in ("beheerder", "medewerker")

    def describe(self) -> str:
        """In Dutch: "jan (medewerker, Vlaardingen)"."""
        kind = KIND_NAMES[self.kind] if self.kind else "geen CrisisApp-rol"
        return f"{self.role} ({kind}{', ' + self.municipality if self.municipality else ''})"

    @property
    def own_municipality(self) -> str:
        """The municipality the records this role makes belong to (a beheerder: Maassluis')."""
        return self.municipality or HOME


def read_access(connection: Connection) -> Access:
    """The logged-in role of ``connection`` and what it is."""
    row = connection.execute(
        text(
            "SELECT session_user, crisisapp_is_beheerder(), pg_has_role(session_user, :medewerker, 'MEMBER'), "
            "pg_has_role(session_user, :lezer, 'MEMBER'), crisisapp_gemeente()"
        ),
        {"medewerker": MEDEWERKER, "lezer": ALLEEN_LEZEN},
    ).one()
    role, beheerder, medewerker, lezer, municipality = row
    kind = "beheerder" if beheerder else "medewerker" if medewerker else "alleen-lezen" if lezer else None
    return Access(str(role), kind, municipality)


def _functions(schema: str) -> list[str]:
    path = f"SET search_path = {schema}, pg_temp"
    definer = f"LANGUAGE sql STABLE SECURITY DEFINER {path}"
    groups = " ".join(
        f"WHEN pg_has_role(session_user, '{municipality_role(m)}', 'MEMBER') THEN '{m}'" for m in MUNICIPALITIES
    )
    statements = [
        # The owner of the tables, a superuser, and the beheerder group's members.
        f"CREATE OR REPLACE FUNCTION crisisapp_is_beheerder() RETURNS boolean {definer} AS $$ "
        f"SELECT pg_has_role(session_user, '{BEHEERDER}', 'MEMBER') OR pg_has_role(session_user, "
        f"(SELECT tableowner FROM pg_tables WHERE schemaname = '{schema}' AND tablename = 'person'), 'MEMBER') $$",
        f"CREATE OR REPLACE FUNCTION crisisapp_gemeente() RETURNS text {definer} AS $$ "
        f"SELECT CASE WHEN pg_has_role(session_user, '{BEHEERDER}', 'MEMBER') THEN NULL {groups} END $$",
        f"CREATE OR REPLACE FUNCTION crisisapp_eigenaar(municipality text) RETURNS text LANGUAGE sql IMMUTABLE {path} "
        f"AS $$ SELECT CASE WHEN municipality IN ({', '.join(repr(m) for m in MUNICIPALITIES)}) THEN municipality "
        f"ELSE '{HOME}' END $$",
        f"CREATE OR REPLACE FUNCTION crisisapp_mag_wijzigen(municipality text) RETURNS boolean {definer} AS $$ "
        "SELECT crisisapp_is_beheerder() OR municipality = crisisapp_gemeente() $$",
        f"CREATE OR REPLACE FUNCTION crisisapp_op_piket(person integer) RETURNS boolean {definer} AS $$ "
        "SELECT EXISTS (SELECT 1 FROM assignment a JOIN piket_rota r ON r.function_id = a.function_id "
        "WHERE a.person_id = person) OR EXISTS (SELECT 1 FROM piket_shift WHERE person_id = person) "
        "OR EXISTS (SELECT 1 FROM piket_override WHERE person_id = person) $$",
    ]
    # A row the user may see but not change is refused out loud, never skipped in silence (which a policy does):
    # the app tells the user instead of reporting a change that did not happen.
    statements.append(
        "CREATE OR REPLACE FUNCTION crisisapp_toegestaan(municipality text, tabel text) RETURNS boolean "
        f"LANGUAGE plpgsql STABLE {path} AS $$ BEGIN "
        "IF crisisapp_mag_wijzigen(municipality) THEN RETURN true; END IF; "
        f"RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege', MESSAGE = format('{REFUSAL_SQL}', "
        "session_user, tabel, coalesce(municipality, '?')); END $$"
    )
    # The owning municipality of a row by its id, read past the policies (the row may be one a user cannot see).
    statements += [
        f"CREATE OR REPLACE FUNCTION crisisapp_gemeente_van_{table}(row_id integer) RETURNS text {definer} AS $$ "
        f"SELECT {owner} FROM {table} WHERE id = row_id $$"
        for table, owner in OWNING.items()
    ]
    statements.append(
        f"CREATE OR REPLACE FUNCTION crisisapp_persoon_in_logboek(record_id text) RETURNS boolean {definer} AS $$ "
        "SELECT crisisapp_is_beheerder() OR (record_id ~ '^[0-9]{1,9}$' "
        "AND crisisapp_mag_wijzigen(crisisapp_gemeente_van_person(record_id::integer))) $$"
    )
    return statements


def _owner(table: str) -> str | None:
    """The SQL of a row's owning municipality; None for the shared piket."""
    if table in SHARED:
        return None
    if table in HANGING:
        column, parent = HANGING[table]
        return f"crisisapp_gemeente_van_{parent}({column})"
    return OWNING.get(table, f"'{HOME}'")


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
    owner = _owner(table)
    write = "true" if owner is None else f"crisisapp_toegestaan({owner}, '{table}')"
    return {
        "crisisapp_lezen": f"FOR SELECT USING ({read if table == 'person' else 'true'})",
        "crisisapp_toevoegen": f"FOR INSERT WITH CHECK ({write})",
        "crisisapp_wijzigen": f"FOR UPDATE USING ({write}) WITH CHECK ({write})",
        "crisisapp_verwijderen": f"FOR DELETE USING ({write})",
    }


def _create_groups(connection: Connection) -> None:
    for role in (*KINDS.values(), *(municipality_role(m) for m in MUNICIPALITIES)):
        exists = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :role"), {"role": role}).first()
        if exists:
            continue
        # Roles belong to the whole server: another database's `crisisapp init` may make them at the same moment.
        connection.execute(
            text(
                f"DO $$ BEGIN CREATE ROLE {role} NOLOGIN; "
                "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
            )
        )


def grant_access(connection: Connection) -> None:
    """Make the group roles (once per server), and set the grants and policies of every table of the schema.

    Runs in the upgrade's transaction and may run again: the policies are replaced, never added twice.
    """
    schema = str(connection.execute(text("SELECT current_schema()")).scalar_one())
    can = connection.execute(
        text("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")
    ).scalar_one()
    missing = connection.execute(
        text("SELECT count(*) FROM unnest(CAST(:roles AS text[])) r WHERE r NOT IN (SELECT rolname FROM pg_roles)"),
        {"roles": [*KINDS.values(), *(municipality_role(m) for m in MUNICIPALITIES)]},
    ).scalar_one()
    if missing and not can:
        raise AccessSetupError(
            "De groepsrollen van CrisisApp (crisisapp_beheerder, crisisapp_medewerker …) bestaan nog niet op deze "
            "server, en dit account mag geen rollen maken (CREATEROLE). Laat een beheerder van de server het schema "
            "aanmaken of bijwerken. Er is niets gewijzigd."
        )
    _create_groups(connection)
    for statement in _functions(schema):
        connection.execute(text(statement))
    tables = [t for t in load_all().tables if t not in NOT_POLICED]
    everyone = f"{BEHEERDER}, {MEDEWERKER}, {ALLEEN_LEZEN}"
    writers = f"{BEHEERDER}, {MEDEWERKER}"
    connection.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {everyone}"))
    connection.execute(text(f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {everyone}"))
    for table in tables:
        rights = "INSERT, UPDATE" if table == AUDIT else "INSERT, UPDATE, DELETE"
        connection.execute(text(f"GRANT {rights} ON {table} TO {writers}"))
        connection.execute(text(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"))
        for name in ("crisisapp_lezen", "crisisapp_toevoegen", "crisisapp_wijzigen", "crisisapp_verwijderen"):
            connection.execute(text(f"DROP POLICY IF EXISTS {name} ON {table}"))
        connection.execute(text(f"DROP POLICY IF EXISTS crisisapp_wissen ON {table}"))
        for name, rest in _policies(table).items():
            connection.execute(text(f"CREATE POLICY {name} ON {table} {rest}"))
    connection.execute(text(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {writers}"))


class UserError(CrisisAppError):
    """A user (login role) that cannot be added or removed as asked; nothing was changed."""


_ROLE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


@dataclass(frozen=True)
class User:
    """A login role of CrisisApp on the server."""

    name: str
    kind: str
    municipality: str | None


def _checked_name(name: str) -> str:
    if not _ROLE_NAME.match(name) or name.startswith(("crisisapp_", "pg_")):
        raise UserError(
            f"‘{name}’ kan geen gebruikersnaam zijn: gebruik kleine letters, cijfers en _, beginnend met een letter "
            "(hoogstens 63 tekens), en niet beginnend met crisisapp_ of pg_."
        )
    return name


def _check_may_manage(connection: Connection) -> None:
    may = connection.execute(
        text(
            "SELECT (rolsuper OR rolcreaterole) AND crisisapp_is_beheerder() FROM pg_roles WHERE rolname = session_user"
        )
    ).scalar()
    if not may:
        raise UserError("Alleen een beheerder van CrisisApp (met het recht rollen te maken) beheert de gebruikers.")


def add_user(connection: Connection, name: str, kind: str, municipality: str | None, password: str) -> User:
    """A new login role ``name`` in the group of ``kind`` and (not a beheerder) of ``municipality``.

    The server gets the password only as a SCRAM hash made here, so that no log of the server holds it.
    """
    _check_may_manage(connection)
    name = _checked_name(name)
    if kind not in KINDS:
        raise UserError(f"Onbekende rol ‘{kind}’; kies uit {', '.join(KINDS)}.")
    if kind == "beheerder" and municipality:
        raise UserError("Een beheerder hoort bij geen gemeente: laat --gemeente weg.")
    if kind != "beheerder" and municipality not in MUNICIPALITIES:
        raise UserError(f"Geef met --gemeente aan bij welke gemeente {name} hoort: {', '.join(MUNICIPALITIES)}.")
    if not password:
        raise UserError("Een leeg wachtwoord is niet toegestaan; er is niets gewijzigd.")
    if connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :name"), {"name": name}).first():
        raise UserError(f"Er is al een rol ‘{name}’ op deze server; er is niets gewijzigd.")
    from psycopg import sql

    raw = connection.connection.driver_connection
    assert raw is not None
    hashed = raw.pgconn.encrypt_password(password.encode(), name.encode(), b"scram-sha-256").decode()
    groups = [KINDS[kind]] + ([municipality_role(municipality)] if municipality else [])
    statement = "CREATE ROLE {} LOGIN" + (" CREATEROLE" if kind == "beheerder" else "") + " PASSWORD {} IN ROLE {}"
    raw.execute(
        sql.SQL(statement).format(
            sql.Identifier(name), sql.Literal(hashed), sql.SQL(", ").join(map(sql.Identifier, groups))
        )
    )
    return User(name, kind, municipality)


def list_users(connection: Connection) -> list[User]:
    """Every login role in a CrisisApp group, by name."""
    rows = connection.execute(
        text(
            "SELECT u.rolname, array_agg(g.rolname::text) FROM pg_roles u "
            "JOIN pg_auth_members m ON m.member = u.oid JOIN pg_roles g ON g.oid = m.roleid "
            "WHERE u.rolcanlogin AND g.rolname LIKE 'crisisapp\\_%' GROUP BY u.rolname ORDER BY u.rolname"
        )
    ).all()
    users = []
    for name, groups in rows:
        kind = next((k for k, group in KINDS.items() if group in groups), None)
        municipality = next((m for m in MUNICIPALITIES if municipality_role(m) in groups), None)
        if kind is not None:
            users.append(User(str(name), kind, municipality))
    return users


def remove_user(connection: Connection, name: str) -> User:
    """Drop the login role ``name``; only one of CrisisApp's users, never the one logged in."""
    _check_may_manage(connection)
    user = next((u for u in list_users(connection) if u.name == name), None)
    if user is None:
        raise UserError(f"‘{name}’ is geen gebruiker van CrisisApp op deze server; er is niets gewijzigd.")
    if name == connection.execute(text("SELECT session_user")).scalar():
        raise UserError("U kunt uzelf niet verwijderen; laat een andere beheerder dat doen.")
    connection.execute(text(f"DROP ROLE {connection.dialect.identifier_preparer.quote(name)}"))
    return user

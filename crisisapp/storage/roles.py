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

The rules are part of the schema: migration 0017_access_rules sets them (and makes the group roles, once per
server), and a later migration that adds a table sets that table's. What a user may not see of a person still
counts for the crisis organisation: its staffing reads every holder's bare facts (:func:`staffing_people`).
Here: who is logged in, and the users.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Boolean, Connection, FromClause, Integer, String, column, func, table, text
from sqlalchemy.orm import Session

from crisisapp.errors import CrisisAppError
from crisisapp.storage.ownership import HOME, MUNICIPALITIES

BEHEERDER = "crisisapp_beheerder"
MEDEWERKER = "crisisapp_medewerker"
ALLEEN_LEZEN = "crisisapp_alleen_lezen"
#: The kinds of user as the command line and the app name them, with their group role.
KINDS: Mapping[str, str] = {"beheerder": BEHEERDER, "medewerker": MEDEWERKER, "alleen-lezen": ALLEEN_LEZEN}
KIND_NAMES: Mapping[str, str] = {"beheerder": "beheerder", "medewerker": "medewerker", "alleen-lezen": "alleen lezen"}


def municipality_role(municipality: str) -> str:
    return f"crisisapp_gemeente_{municipality.lower()}"


#: How the server refuses a row that may not be changed (migration 0017's function crisisapp_toegestaan: "CrisisApp:
#: <role> mag in de tabel <table> alleen wijzigen wat van de eigen gemeente is, niet van <municipality>"), or PostgreSQL
#: itself a table the role has no right on.
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

    def may_change(self, municipality: str) -> bool:
        """Whether the role may change a record of ``municipality``, as the server's rules say (migration 0017's
        crisisapp_mag_wijzigen): a beheerder every record, a medewerker those of their own municipality."""
        return self.kind == "beheerder" or (self.may_write and municipality == self.municipality)

    def describe(self) -> str:
        """In Dutch: "jan (medewerker, Vlaardingen)"."""
        kind = KIND_NAMES[self.kind] if self.kind else "geen CrisisApp-rol"
        return f"{self.role} ({kind}{', ' + self.municipality if self.municipality else ''})"

    @property
    def own_municipality(self) -> str:
        """The municipality the records this role makes belong to (a beheerder: Maassluis')."""
        return self.municipality or HOME


@dataclass(frozen=True, slots=True)
class Owned:
    """A record as the server's rules see it: what it is, in Dutch ("het evenement ‘Braderie’"), and whose it is."""

    name: str
    municipality: str


def owner(municipality: str | None) -> str:
    """Whose a record of ``municipality`` is by the server's rules (migration 0017's crisisapp_eigenaar): a piket
    municipality's own; a person of none (the VRR, the police …) and a record without one, Maassluis'."""
    return municipality if municipality in MUNICIPALITIES else HOME


def others_record(owned: Owned, access: Access | None = None, doing: str = "het wijzigen") -> str:
    """The server's rule for ``owned``, in Dutch, as every refusal and tooltip of CrisisApp words it: "het evenement
    ‘Braderie’ is van Maassluis; alleen medewerkers van Maassluis (en een beheerder) kunnen het wijzigen"; for a
    medewerker ``access`` followed by ". U bent jan (medewerker, Vlaardingen) en wijzigt wat van Vlaardingen is (en
    het gedeelde piket)". As ``owned.name`` begins and without a final full stop: the caller puts it in its sentence
    and adds its own ending. ``doing``: what only they can, where more precise than changing it."""
    whose = owned.municipality
    rule = f"{owned.name} is van {whose}; alleen medewerkers van {whose} (en een beheerder) kunnen {doing}"
    if access is None or access.kind != "medewerker":
        return rule
    return f"{rule}. U bent {access.describe()} en wijzigt wat van {access.own_municipality} is (en het gedeelde piket)"


def write_refusal(access: Access | None, owned: Owned, doing: str = "het wijzigen") -> str | None:
    """Why the user ``access`` describes may not change ``owned``, as one sentence (:func:`others_record`): it is of
    another municipality. None when they may, and on a database file (``access`` None), whose one team changes
    everything; a role that may change nothing at all is told so by
    :meth:`crisisapp.context.AppContext.read_only_reason`."""
    if access is None or not access.may_write or access.may_change(owned.municipality):
        return None
    sentence = others_record(owned, access, doing)
    return f"{sentence[:1].upper()}{sentence[1:]}."


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


def staffing_people(session: Session) -> FromClause:
    """Every person's id, municipality and whether they are archived, and nothing personal: what the staffing of the
    crisis organisation counts. On a server database also the people the user may not see (another municipality's,
    off the piket; the function ``crisisapp_bezetting`` of migration 0017), so that a function they hold is not a
    false gap to them; a database file has one user, who sees everyone."""
    if session.get_bind().dialect.name == "postgresql":
        return func.crisisapp_bezetting().table_valued(
            column("id", Integer), column("municipality", String), column("archived", Boolean)
        )
    return table("person", column("id", Integer), column("municipality", String), column("archived", Boolean))


def stand_in_name(municipality: str) -> str:
    """What stands for the name of a person the user may not see, where they hold a function."""
    return f"bezet (naam afgeschermd, {municipality})"


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

"""Who may see and do what in a server database, as the server enforces it: each role queried with plain SQL
(as a user with psql would), and the app on top of it. One copy of the demo data for the whole module; the login
roles are made here and dropped afterwards. Skipped without a server (tests/conftest.py)."""

import contextlib
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from pypdf import PdfReader
from PySide6.QtCore import QAbstractItemModel
from sqlalchemy import create_engine, select, text, union

from crisisapp.context import AppContext
from crisisapp.errors import ReadOnlyError
from crisisapp.models import load_all
from crisisapp.models.events import Category, Event
from crisisapp.models.organisation import Person
from crisisapp.services import dashboard, events, hulpdiensten, incident, organisation, oto, piket
from crisisapp.storage.database import open_database
from crisisapp.storage.roles import Access, Owned, others_record, owner, write_refusal
from crisisapp.storage.server import NoRightError, open_server, server_url
from crisisapp.ui.organisation.page import OrganisationPage
from tests.clock import NOW, fixed_clock
from tests.pdftext import pdf_pages, pdf_text
from tests.server_databases import ScratchServer
from tests.test_cli import crisisapp
from tests.test_gui_mainwindow import window_on

SUFFIX = uuid.uuid4().hex[:6]
VLAARDINGEN = f"vl_{SUFFIX}"
MAASSLUIS = f"ms_{SUFFIX}"
READER = f"lezer_{SUFFIX}"
ADMIN = f"beheer_{SUFFIX}"
ROLES = {
    VLAARDINGEN: "crisisapp_medewerker, crisisapp_gemeente_vlaardingen",
    MAASSLUIS: "crisisapp_medewerker, crisisapp_gemeente_maassluis",
    READER: "crisisapp_alleen_lezen, crisisapp_gemeente_vlaardingen",
    ADMIN: "crisisapp_beheerder CREATEROLE",  # as `crisisapp gebruiker toevoegen --rol beheerder` makes one
}
#: Who is on the shared piket, as the owner of the tables sees it.
ON_PIKET = (
    "SELECT a.person_id FROM assignment a JOIN piket_rota r ON r.function_id = a.function_id "
    "UNION SELECT person_id FROM piket_shift UNION SELECT person_id FROM piket_override"
)


def test_one_wording_says_whose_a_record_is_who_may_change_it_and_who_the_user_is():
    braderie = Owned("het evenement ‘Braderie’", "Maassluis")
    rule = "het evenement ‘Braderie’ is van Maassluis; alleen medewerkers van Maassluis (en een beheerder) kunnen "
    assert others_record(braderie) == f"{rule}het wijzigen"  # as a server's refusal in a list names it
    jan = Access("jan", "medewerker", "Vlaardingen")
    you = "U bent jan (medewerker, Vlaardingen) en wijzigt wat van Vlaardingen is (en het gedeelde piket)"
    assert others_record(braderie, jan, "erin loggen") == f"{rule}erin loggen. {you}"
    assert write_refusal(jan, braderie) == f"H{rule[1:]}het wijzigen. {you}."  # a sentence of its own: a tooltip
    assert write_refusal(jan, Owned("het evenement ‘Havendagen’", "Vlaardingen")) is None  # their own
    assert write_refusal(Access("beheer", "beheerder", None), braderie) is None
    assert write_refusal(None, braderie) is None  # a database file: its one team changes everything
    # a role that reads only is told that it changes nothing at all, not whose each record is
    assert write_refusal(Access("lezer", "alleen-lezen", "Vlaardingen"), braderie) is None
    assert others_record(braderie, Access("lezer", "alleen-lezen", "Vlaardingen")) == f"{rule}het wijzigen"
    assert [owner(m) for m in ("Schiedam", "VRR", None)] == ["Schiedam", "Maassluis", "Maassluis"]


@pytest.fixture(scope="module")
def database(postgres: ScratchServer, server_templates: dict[str, str]) -> Iterator[str]:
    """A copy of the demo data for this module, with its login roles (the server's trust lets them in)."""
    url = postgres.create(template=server_templates["demo"])
    engine = create_engine(server_url(url), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        for role, groups in ROLES.items():
            connection.execute(text(f"CREATE ROLE {role} LOGIN IN ROLE {groups}"))
    yield url
    with engine.connect() as connection:
        for role in ROLES:
            connection.execute(text(f"DROP ROLE IF EXISTS {role}"))
    engine.dispose()
    postgres.drop(url)


def as_role(url: str, role: str) -> psycopg.Connection[Any]:
    """A plain connection as ``role``, as psql would make it."""
    return psycopg.connect(server_url(url).set(drivername="postgresql", username=role).render_as_string(False))


def owner_sees(url: str, query: str) -> list[Any]:
    with as_role(url, "postgres") as connection:
        return connection.execute(query).fetchall()


def test_a_medewerker_sees_the_piket_officers_phone_numbers_but_no_other_people_of_another_municipality(database):
    people = {row[0]: row for row in owner_sees(database, "SELECT id, municipality, mobile FROM person")}
    on_piket = {row[0] for row in owner_sees(database, ON_PIKET)}
    with as_role(database, VLAARDINGEN) as connection:
        seen = {row[0]: row for row in connection.execute("SELECT id, municipality, mobile FROM person")}
    maassluis = {i for i, row in people.items() if row[1] == "Maassluis"}
    assert maassluis & on_piket and maassluis - on_piket  # the demo data has both kinds
    assert {i for i in seen if seen[i][1] == "Maassluis"} == maassluis & on_piket
    assert all(seen[i] == people[i] and people[i][2] for i in maassluis & on_piket)  # with their numbers
    assert {i for i in seen if seen[i][1] == "Vlaardingen"} == {i for i, r in people.items() if r[1] == "Vlaardingen"}


def test_a_medewerker_cannot_change_another_municipalitys_people_nor_forge_the_audit_trail(database):
    officer, other = (
        owner_sees(
            database,
            f"SELECT min(id) FROM person WHERE municipality = 'Maassluis' AND id {op} ({ON_PIKET})",
        )[0][0]
        for op in ("IN", "NOT IN")
    )
    with as_role(database, VLAARDINGEN) as connection:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="niet van Maassluis"):
            connection.execute("UPDATE person SET mobile = '0' WHERE id = %s", (officer,))
        connection.rollback()
        # A row it cannot see: skipped, or refused (the server may check the change before the sight).
        with contextlib.suppress(psycopg.errors.InsufficientPrivilege):
            assert connection.execute("UPDATE person SET mobile = '0' WHERE id = %s", (other,)).rowcount == 0
        connection.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute("INSERT INTO person (name, municipality) VALUES ('x', 'Maassluis')")
        connection.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute("DELETE FROM oto_activity WHERE municipality = 'Maassluis'")
        connection.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute(
                'INSERT INTO audit_entry (at, "user", action, operation, table_name, record_id, field) '
                "VALUES (now(), 'iemand_anders', 'x', 'wijzigen', 'person', '1', 'name')"
            )
        connection.rollback()
        # Nor read another municipality's people's personal values in the audit trail.
        assert not connection.execute(
            "SELECT 1 FROM audit_entry WHERE table_name = 'person' AND record_id = %s", (str(officer),)
        ).fetchall()
    assert owner_sees(database, f"SELECT 1 FROM audit_entry WHERE table_name = 'person' AND record_id = '{officer}'")


def test_maassluis_sees_whom_its_alarm_list_calls_whatever_their_municipality_and_the_partners_do_not(database):
    """The teams and functions are Maassluis'; a Schiedam officer can hold one, and Maassluis' OvD-Bz calls them."""
    holders = {
        row[0]: row
        for row in owner_sees(
            database,
            "SELECT p.id, p.municipality, p.mobile FROM person p JOIN assignment a ON a.person_id = p.id "
            'WHERE a."end" IS NULL OR a."end" >= current_date',
        )
    }
    partners = {i for i, row in holders.items() if row[1] != "Maassluis"}
    off_piket = partners - {row[0] for row in owner_sees(database, ON_PIKET)}
    assert off_piket  # the demo has partners' people in Maassluis' functions, off the piket
    with as_role(database, MAASSLUIS) as connection:
        seen = {row[0]: row for row in connection.execute("SELECT id, municipality, mobile FROM person")}
    assert all(seen.get(i) == holders[i] for i in partners)  # with their numbers
    with as_role(database, VLAARDINGEN) as connection:
        seen = {row[0] for row in connection.execute("SELECT id FROM person WHERE municipality <> 'Vlaardingen'")}
    assert not seen & off_piket  # a partner sees only its own people and the piket's officers


def test_nobody_but_an_erasure_rewrites_the_audit_trail(database):
    """Who, when and what stay as written; an AVG erasure may only blank a person's values to the erasure mark."""
    own = owner_sees(database, "SELECT min(id) FROM person WHERE municipality = 'Vlaardingen'")[0][0]
    with as_role(database, VLAARDINGEN) as connection:
        for column, value in (('"user"', "'postgres'"), ("action", "'vervalst'"), ("at", "now()")):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
                connection.execute(f"UPDATE audit_entry SET {column} = {value} WHERE record_id = %s", (str(own),))
            connection.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            connection.execute(
                "UPDATE audit_entry SET new_value = 'vervalst' WHERE table_name = 'person' AND record_id = %s",
                (str(own),),
            )
        connection.rollback()
        erased = connection.execute(
            "UPDATE audit_entry SET new_value = 'gewist op 04-12-2026' "
            "WHERE table_name = 'person' AND record_id = %s AND new_value <> ''",
            (str(own),),
        )
        assert erased.rowcount > 0
        connection.rollback()
    with (
        as_role(database, ADMIN) as connection,  # a beheerder neither
        pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"),
    ):
        connection.execute("""UPDATE audit_entry SET "user" = 'iemand'""")


def test_a_beheerder_backs_up_the_whole_database_and_a_medewerker_is_told_who_can(database, tmp_path):
    dump = tmp_path / "beheerder.dump"
    admin = server_url(database).set(username=ADMIN).render_as_string(False)
    made = crisisapp("backup", "--db", admin, "--out", str(dump))
    assert made.returncode == 0, made.stderr
    engine = create_engine(server_url(database), isolation_level="AUTOCOMMIT")
    name = f"terug_{SUFFIX}"
    with engine.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    try:
        copy = server_url(database).set(database=name).render_as_string(False)
        put = crisisapp("restore", str(dump), "--db", copy)
        assert put.returncode == 0, put.stderr
        for table in ("person", "audit_entry", "piket_shift", "incident_entry"):
            query = f"SELECT count(*) FROM {table}"
            assert owner_sees(copy, query) == owner_sees(database, query), table
    finally:
        with engine.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        engine.dispose()
    partial = tmp_path / "medewerker.dump"
    refused = crisisapp(
        "backup", "--db", server_url(database).set(username=VLAARDINGEN).render_as_string(False), "--out", str(partial)
    )
    assert refused.returncode != 0 and not partial.exists()
    assert f"maakt een beheerder: {VLAARDINGEN} ziet niet alle gegevens" in refused.stderr


def test_a_medewerker_edits_the_shared_piket_and_their_own_people(database):
    with as_role(database, VLAARDINGEN) as connection:
        assert connection.execute('UPDATE piket_shift SET "end" = "end"').rowcount > 0  # all municipalities'
        assert connection.execute("UPDATE piket_rota SET name = name").rowcount > 0
        mine = connection.execute("UPDATE person SET remarks = remarks WHERE municipality = 'Vlaardingen'").rowcount
        assert mine > 0
        connection.rollback()


def test_alleen_lezen_reads_but_cannot_write_any_table(database):
    tables = load_all().tables
    with as_role(database, READER) as connection:
        assert connection.execute("SELECT count(*) FROM piket_shift").fetchone() != (0,)
        for table, columns in tables.items():
            column = columns.c[0].name
            for statement in (
                f"INSERT INTO {table} DEFAULT VALUES",
                f"UPDATE {table} SET {column} = {column} WHERE false",
                f"DELETE FROM {table} WHERE false",
            ):
                with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
                    connection.execute(statement)
                connection.rollback()
        # And reads as a medewerker of Vlaardingen does: no personal data of Maassluis' people off the piket.
        seen = {row[0] for row in connection.execute("SELECT id FROM person WHERE municipality = 'Maassluis'")}
    officers = owner_sees(database, f"SELECT id FROM person WHERE municipality = 'Maassluis' AND id IN ({ON_PIKET})")
    assert seen == {row[0] for row in officers}


def test_a_beheerder_sees_and_changes_everything(database):
    with as_role(database, ADMIN) as connection:
        assert connection.execute("SELECT count(*) FROM person").fetchone() == tuple(
            owner_sees(database, "SELECT count(*) FROM person")[0]
        )
        assert connection.execute("UPDATE person SET remarks = remarks").rowcount > 0
        connection.rollback()


def test_every_table_but_alembics_has_row_level_security(database):
    secured = dict(
        owner_sees(
            database,
            "SELECT c.relname, c.relrowsecurity FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind = 'r' AND n.nspname = 'public'",
        )
    )
    assert {t for t, on in secured.items() if not on} == {"alembic_version"}
    assert set(load_all().tables) <= set(secured)


def _staffing(url: str, role: str) -> dict[str, Any]:
    """What the crisis organisation's staffing is to ``role`` (see :func:`_staffing_in`)."""
    context = AppContext(open_server(server_url(url).set(username=role).render_as_string(False)), fixed_clock)
    try:
        return _staffing_in(context)
    finally:
        context.close()


def _staffing_in(context: AppContext) -> dict[str, Any]:
    """What the crisis organisation's staffing is in ``context``: per function its holders (by person and assignment,
    with their readiness), the gaps, the lines of Vandaag, the alarm list, and the drills' figures."""
    view = context.call(organisation.organisation_view, NOW.date())
    alarm = context.call(piket.alarm_list, NOW, NOW)
    running = next(i for i in context.call(incident.list_incidents) if i.is_open)
    board = context.call(incident.alarm_board, running.id, NOW)
    drills = [a for a in context.call(oto.list_activities) if a.status in oto.EXECUTED]
    return {
        "holders": [
            (s.function.id, [(h.person.id, h.assignment.id, h.readiness) for h in s.holders])
            for s in context.call(organisation.overview, NOW.date()).staffing
        ],
        "page": [(s.function.id, s.problems()) for s in view.overview.staffing],
        "vandaag": [line.text for line in context.call(dashboard.build, NOW).gaps],
        "figures": context.call(dashboard.key_figures, NOW.year, NOW.date()),
        "alarm": [(f.function.id, [c.person.id for c in f.calls], f.gap()) for f in alarm.functions],
        "drills": [context.call(oto.results, a.id) for a in drills],
        "board": [
            (a.function.id, [c.person.id for c in a.candidates], a.calls, a.next_up and a.next_up.id, a.late)
            for a in board
        ],
        "people": [h.person for s in view.overview.staffing for h in s.holders],
        "names": view.names,
        "calls": [c for f in alarm.functions for c in f.calls],
    }


@pytest.fixture(scope="module")
def owners_staffing(database: str) -> dict[str, Any]:
    return _staffing(database, "postgres")


# ids of their own: the role names hold a suffix drawn per process, and pytest-xdist's workers must collect alike
@pytest.mark.parametrize(
    "role",
    [VLAARDINGEN, MAASSLUIS, READER, ADMIN],
    ids=["medewerker-vlaardingen", "medewerker-maassluis", "alleen-lezen", "beheerder"],
)
def test_every_user_sees_the_staffing_as_it_is_but_no_personal_data_they_may_not_see(database, owners_staffing, role):
    """Who may not see a holder (another municipality's, off the piket) still sees the function filled, with the
    holder's readiness: no false gaps on the page, on Vandaag, in the figures, on the alarm list or in a drill's
    figures; the holder stands there without name or numbers."""
    owner, seen = owners_staffing, _staffing(database, role)
    assert any(owner["drills"]) and sum(len(holders) for _, holders in owner["holders"]) > 20
    for part in ("holders", "page", "vandaag", "figures", "alarm", "drills"):
        assert seen[part] == owner[part], part
    real = {p.id: p for p in owner["people"]}
    hidden = {p.id: p for p in seen["people"] if p.hidden}
    visible = {p.id for p in seen["people"] if not p.hidden}
    # In the demo every municipality has holders of the others; Maassluis, whose crisis organisation it is, sees them.
    assert bool(hidden) == (role not in (ADMIN, MAASSLUIS))
    assert all(p == real[p.id] for p in seen["people"] if p.id in visible)
    for person in hidden.values():
        assert person.name == f"bezet (naam afgeschermd, {real[person.id].municipality})"
        assert (person.mobile, person.phone, person.email, person.remarks, person.organisation) == ("",) * 5
        assert real[person.id].name not in str(seen) and seen["names"][person.id] == person.name
    assert all("naam en nummer niet zichtbaar voor u" in c.marks() for c in seen["calls"] if c.person.id in hidden)
    # The open incident's alarm board: the same candidates, calls and next to call; a call names whom it reached
    # (one the user may not see by their stand-in).
    assert [a[:2] + a[3:] for a in seen["board"]] == [a[:2] + a[3:] for a in owner["board"]]
    calls = [call for a in seen["board"] for call in a[2]]
    assert calls == [
        replace(c, name=hidden[c.person_id].name) if c.person_id in hidden else c for a in owner["board"] for c in a[2]
    ]
    assert calls and not all(c.person_id in hidden for c in calls)


def test_a_call_to_a_holder_the_user_may_not_see_is_recorded_and_named_by_the_stand_in(database, server_database):
    url = server_url(server_database("demo")).set(username=VLAARDINGEN).render_as_string(False)  # roles: database's
    context = AppContext(open_server(url), fixed_clock)
    try:
        started = context.execute(incident.StartIncident(incident.IncidentInput("Brand haven", "Vulcaanhaven", 4, NOW)))
        board = context.call(incident.alarm_board, started.result.id, NOW)
        line = next(a for a in board if a.next_up is not None and a.next_up.hidden)
        context.execute(
            incident.RecordCall(started.result.id, line.function.id, line.next_up.id, incident.CallOutcome.REACHED, NOW)
        )
        after = next(
            a for a in context.call(incident.alarm_board, started.result.id, NOW) if a.function == line.function
        )
    finally:
        context.close()
    assert after.state() == f"bereikt: {line.next_up.name}" and line.next_up.name.startswith("bezet (naam afgeschermd")


def _pointing_at_people() -> list[Any]:
    """Every column that points at a person."""
    person = load_all().tables["person"]
    return [key.parent for table in load_all().sorted_tables for key in table.foreign_keys if key.column is person.c.id]


def _copy_for(database: str, role: str, out: Path) -> AppContext:
    """An offline copy made by ``role`` with the command line, opened."""
    url = server_url(database).set(drivername="postgresql", username=role).render_as_string(False)
    made = crisisapp("offline", "--from", url, "--out", str(out))
    assert made.returncode == 0, made.stderr
    return AppContext(open_database(out, create=False), fixed_clock)


def _as(database: str, role: str) -> AppContext:
    return AppContext(open_server(server_url(database).set(username=role).render_as_string(False)), fixed_clock)


def test_an_offline_copy_lists_the_people_and_counts_the_staffing_as_the_server_does_for_its_role(database, tmp_path):
    """A Vlaardingen medewerker's copy lists whom they see on the server and nobody else (no stand-in rows), while
    every holder still counts in the staffing, the figures, the alarm list and board and the drills, those they may
    not see as stand-ins without name or numbers, as on the server."""
    online, copy = _as(database, VLAARDINGEN), _copy_for(database, VLAARDINGEN, tmp_path / "veld.sqlite3")
    try:
        for archived in (False, True):
            listed = online.call(organisation.list_people, include_archived=archived)
            assert copy.call(organisation.list_people, include_archived=archived) == listed
            view = copy.call(organisation.organisation_view, NOW.date(), include_archived=archived)
            assert view.people == listed
            assert not [p for p in view.people if p.name.startswith("bezet (naam afgeschermd")]
        assert copy.call(organisation.export_people) == online.call(organisation.export_people)
        seen, in_copy = _staffing_in(online), _staffing_in(copy)
        # The page asks a name for the holders, past and present, of a function only.
        held = {a.person_id for a in copy.call(organisation.organisation_view, NOW.date()).assignments}
        for staffing in (seen, in_copy):
            staffing["names"] = {i: name for i, name in staffing["names"].items() if i in held}
        assert in_copy == seen
        hidden = [p for p in seen["people"] if p.hidden]
        assert hidden and all(p.name == f"bezet (naam afgeschermd, {p.municipality})" for p in hidden)
        assert all("naam en nummer niet zichtbaar voor u" in c.marks() for c in in_copy["calls"] if c.person.hidden)
        # The copy holds a stand-in for each person it points at whom the role may not see, and nobody else.
        with copy.database.sessions() as session:
            stand_ins = set(session.scalars(select(Person.id).where(Person.name.startswith("bezet (naam"))))
            pointed_at = set(session.scalars(union(*(select(c) for c in _pointing_at_people()))))
        visible = {p.id for p in copy.call(organisation.list_people, include_archived=True)}
        assert stand_ins == pointed_at - visible and {p.id for p in hidden} <= stand_ins
    finally:
        online.close()
        copy.close()


def _table(model: QAbstractItemModel) -> list[list[str]]:
    """What a list shows, row by row, as the user sees it (sorted, filtered)."""
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


@pytest.mark.gui
def test_the_crisis_organisation_page_of_a_copy_shows_what_it_shows_on_the_server(qtbot, database, tmp_path):
    """The Personen tab of a Vlaardingen medewerker's copy lists the people the server lists them, with the same
    count and functions, no "bezet (naam afgeschermd …)" rows; the functions show every holder as on the server."""
    pages = []
    for context in (_as(database, VLAARDINGEN), _copy_for(database, VLAARDINGEN, tmp_path / "veld.sqlite3")):
        window = window_on(qtbot, context)
        try:
            page = window.show_area("organisation")
            assert isinstance(page, OrganisationPage)
            page.tabs.setCurrentIndex(0)
            pages.append((page.people_count.text(), _table(page.people_proxy), _table(page.staffing_model)))
        finally:
            window.context.close()
    (online_count, online_people, online_staffing), (count, people, staffing) = pages
    assert (count, people) == (online_count, online_people) and count == f"{len(people)} personen"
    assert not [row for row in people if row[0].startswith("bezet")]
    assert staffing == online_staffing and any("bezet (naam afgeschermd" in ", ".join(row) for row in staffing)


def test_the_staffing_facts_of_every_person_are_readable_and_hold_nothing_personal(database):
    with as_role(database, VLAARDINGEN) as connection:
        facts = connection.execute("SELECT * FROM crisisapp_bezetting()")
        assert [column.name for column in facts.description or ()] == ["id", "municipality", "archived"]
        seen = sorted(facts.fetchall())
    assert seen == sorted(owner_sees(database, "SELECT id, municipality, archived FROM person"))


def test_the_app_records_the_role_refuses_in_dutch_and_gives_new_records_the_users_municipality(database):
    context = AppContext(open_server(server_url(database).set(username=VLAARDINGEN).render_as_string(False)))
    context.clock = fixed_clock
    try:
        assert context.user == VLAARDINGEN and context.municipality == "Vlaardingen" and context.may_write
        people = context.call(organisation.list_people)
        officer = next(p for p in people if p.municipality == "Maassluis")  # visible: on the piket
        with pytest.raises(NoRightError) as refused:
            context.execute(organisation.UpdatePerson(officer.id, replace(officer.as_input(), mobile="0612345678")))
        assert str(refused.value) == (
            "Wat u wijzigt in ‘Crisisorganisatie: personen’ is van Maassluis; alleen medewerkers van Maassluis "
            f"(en een beheerder) kunnen het wijzigen. U bent {VLAARDINGEN} (medewerker, Vlaardingen) en wijzigt wat "
            "van Vlaardingen is (en het gedeelde piket). Er is niets veranderd."
        )
        event = context.execute(
            events.AddEvent(events.EventInput("Havendagen", "", NOW.year, NOW, NOW + timedelta(hours=5), Category.A))
        ).result
        rota = context.call(piket.list_rotas)[0]
        context.execute(piket.AddOverride(rota.id, officer.id, NOW, NOW + timedelta(hours=2), "ruil"))
    finally:
        context.close()
    made = owner_sees(database, f"SELECT municipality FROM event WHERE id = {event.id}")
    assert made == [("Vlaardingen",)]
    written = owner_sees(database, f"SELECT DISTINCT table_name FROM audit_entry WHERE \"user\" = '{VLAARDINGEN}'")
    assert {row[0] for row in written} == {"event", "piket_override"}


def test_a_change_to_another_municipalitys_event_is_refused_in_the_users_words_and_the_server_text_logged(
    database, caplog
):
    (maassluis,) = owner_sees(database, "SELECT min(id) FROM event WHERE municipality = 'Maassluis'")[0]
    context = AppContext(open_server(server_url(database).set(username=VLAARDINGEN).render_as_string(False)))
    try:
        event = context.call(events.get_event, maassluis)
        with pytest.raises(NoRightError) as refused:
            context.execute(events.UpdateEvent(maassluis, replace(event.data, location="Markt")))
        assert context.call(events.get_event, maassluis).data == event.data  # nothing changed
    finally:
        context.close()
    assert str(refused.value) == (
        "Wat u wijzigt in ‘Evenementen: register’ is van Maassluis; alleen medewerkers van Maassluis (en een "
        f"beheerder) kunnen het wijzigen. U bent {VLAARDINGEN} (medewerker, Vlaardingen) en wijzigt wat van "
        "Vlaardingen is (en het gedeelde piket). Er is niets veranderd."
    )
    assert refused.value.reason == (
        "wat het wijzigt in ‘Evenementen: register’ is van Maassluis; alleen medewerkers van Maassluis (en een "
        "beheerder) kunnen het wijzigen"
    )
    said = f"CrisisApp: {VLAARDINGEN} mag in de tabel event alleen wijzigen wat van de eigen gemeente is, niet van "
    assert f"{said}Maassluis" in caplog.text  # for whoever looks into it, in the log only


def test_a_right_the_role_lacks_on_a_whole_table_is_refused_in_plain_dutch(database, monkeypatch):
    refusals = {}
    for role in (READER, VLAARDINGEN):  # no grant at all, and the rows of a table no medewerker of Vlaardingen has
        context = AppContext(open_server(server_url(database).set(username=role).render_as_string(False)))
        monkeypatch.setattr(context, "read_only_reason", lambda: None)  # past the app's own refusal, to the server's
        try:
            with pytest.raises(NoRightError) as refused:
                context.execute(hulpdiensten.AddMeeting(NOW.date(), "Uitleg AED-kaart", 12))
            refusals[role] = str(refused.value)
        finally:
            context.close()
    assert refusals == {
        READER: "U heeft geen recht op deze wijziging in ‘HartslagNu: bijeenkomsten’: uw rol bij deze database laat "
        "het niet toe. Er is niets veranderd.",
        VLAARDINGEN: "Wat u wijzigt in ‘HartslagNu: bijeenkomsten’ is van Maassluis; alleen medewerkers van "
        f"Maassluis (en een beheerder) kunnen het wijzigen. U bent {VLAARDINGEN} (medewerker, Vlaardingen) en "
        "wijzigt wat van Vlaardingen is (en het gedeelde piket). Er is niets veranderd.",
    }


def test_alleen_lezen_in_the_app_is_refused_in_dutch(database):
    context = AppContext(open_server(server_url(database).set(username=READER).render_as_string(False)))
    try:
        assert not context.may_write and context.database.access.describe() == f"{READER} (alleen lezen, Vlaardingen)"
        rota = context.call(piket.list_rotas)[0]
        with pytest.raises(ReadOnlyError, match=f"aangemeld als {READER} \\(alleen lezen, Vlaardingen\\): u kunt"):
            context.execute(
                piket.UpdateRota(rota.id, "Anders", rota.shares, rota.handover_weekday, rota.handover_time, 7)
            )
        assert context.call(piket.list_rotas)[0].name == rota.name
    finally:
        context.close()


def test_what_a_vlaardingen_user_prints_carries_vlaardingens_name_but_maassluis_programme_stays_maassluis(
    database, tmp_path
):
    url = server_url(database).set(drivername="postgresql", username=VLAARDINGEN).render_as_string(False)
    alarm, programme = tmp_path / "alarm.pdf", tmp_path / "programma.pdf"
    for args in (
        ("alarm", "--grip", "3", "--out", str(alarm)),
        ("programme", "--priority", "6", "--out", str(programme)),
    ):
        done = crisisapp("print", *args, "--db", url)
        assert done.returncode == 0, done.stderr
    pages = pdf_pages(alarm.read_bytes())
    assert all("Gemeente Vlaardingen · crisisbeheersing en fysieke veiligheid" in page for page in pages)
    assert "Gemeente Vlaardingen · stand van" in pages[0] and "Maassluis · crisisbeheersing" not in "".join(pages)
    assert PdfReader(alarm).metadata.author == "Gemeente Vlaardingen"
    assert "Gemeente Maassluis · crisisbeheersing en fysieke veiligheid" in pdf_text(programme.read_bytes())


def test_the_beheerder_manages_users_from_the_command_line(database):
    name = f"nieuw_{SUFFIX}"
    admin = server_url(database).set(drivername="postgresql", username=ADMIN).render_as_string(False)
    adding = ("gebruiker", "toevoegen", name, "--rol", "medewerker", "--gemeente", "schiedam", "--db", admin)
    added = crisisapp(*adding, input="een wachtwoord\n")
    try:
        assert added.returncode == 0, added.stderr
        assert added.stdout.strip() == f"Gebruiker {name} toegevoegd als medewerker van Schiedam."
        assert "een wachtwoord" not in added.stdout + added.stderr
        listed = crisisapp("gebruiker", "lijst", "--db", admin)
        assert f"{name} " in listed.stdout and "Schiedam" in listed.stdout
        stored = owner_sees(database, f"SELECT rolpassword FROM pg_authid WHERE rolname = '{name}'")
        assert stored[0][0].startswith("SCRAM-SHA-256$")
        by_medewerker = crisisapp("gebruiker", "verwijderen", name, "--db", admin.replace(ADMIN, VLAARDINGEN))
        assert by_medewerker.returncode == 1 and "Alleen een beheerder" in by_medewerker.stderr
        upgrade = crisisapp("upgrade", "--db", admin.replace(ADMIN, VLAARDINGEN))
        assert upgrade.returncode == 1 and "alleen worden aangemaakt of bijgewerkt door de eigenaar" in upgrade.stderr
        removed = crisisapp("gebruiker", "verwijderen", name, "--db", admin)
        assert removed.returncode == 0 and not owner_sees(database, f"SELECT 1 FROM pg_roles WHERE rolname = '{name}'")
    finally:
        with as_role(database, "postgres") as connection:
            connection.execute(f"DROP ROLE IF EXISTS {name}")


@pytest.mark.gui
def test_the_window_says_who_is_logged_in_and_alleen_lezen_is_offered_nothing_to_change(qtbot, database, monkeypatch):
    from crisisapp.ui import interaction
    from crisisapp.ui.mainwindow import MainWindow
    from tests.test_gui_edit_controls import READING, enabled_buttons

    context = AppContext(open_server(server_url(database).set(username=READER).render_as_string(False)), fixed_clock)
    window = MainWindow(context)
    qtbot.addWidget(window)
    warnings: list[str] = []
    monkeypatch.setattr(interaction, "warning", lambda parent, title, text: warnings.append(f"{title}: {text}"))
    monkeypatch.setattr(interaction, "run_dialog", lambda dialog: pytest.fail("a form was opened"))
    reason = (
        f"U bent bij {context.name} aangemeld als {READER} (alleen lezen, Vlaardingen): u kunt alles bekijken wat uw "
        "rol toelaat, maar niets wijzigen. Vraag een beheerder als u meer rechten nodig hebt."
    )
    try:
        assert window.database_label.text().endswith(
            f"aangemeld als {READER} (alleen lezen, Vlaardingen) – wijzigen kan niet"
        )
        assert enabled_buttons(window) == READING  # a row selected in every table: still nothing to change
        assert not window.backup_action.isEnabled()  # a backup would hold only what this role sees
        page = window.show_area("events")
        assert page.selected_event() is not None
        assert not page.event_buttons[0].isEnabled() and page.event_buttons[0].toolTip() == reason
        page.edit_event()  # as a double-click on a row did before: no form to fill in for nothing
        assert not page.clear_checklist()  # the way the keyboard could still take: refused before the server is asked
        assert warnings == [f"Alleen lezen: {reason}", f"Wijziging niet opgeslagen: {reason}"]
    finally:
        context.close()


OLDER_ROWS = (
    "INSERT INTO oto_activity (kind, title, start, duration_minutes, location, partners, unannounced, status, notes) "
    "VALUES ('alarmeringsoefening', 'Alarm', '2026-02-10 18:00:00', 60, '', '', 0, 'gepland', '')",
    'INSERT INTO event (name, series, edition_year, start, "end", location, expected_visitors, organiser, '
    "organiser_contact, category, permit_status, parties, rounds) VALUES ('Furieade', 'Furieade', 2026, "
    "'2026-10-02 10:00:00', '2026-10-04 22:00:00', '', 0, '', '', 'C', '', '', '')",
    "INSERT INTO incident (title, location, alert_at, reported_by, exercise, grip, reach_minutes) "
    "VALUES ('Brand', '', '2026-11-01 03:00:00', '', 1, 1, 5)",
)


def test_the_records_a_file_had_belong_to_maassluis_and_so_do_new_ones(tmp_path, db_path):
    from alembic import command

    from tests.test_schema import _alembic_config, _file_engine

    older = tmp_path / "ouder.sqlite3"
    engine = _file_engine(older)
    try:
        with engine.begin() as connection:
            command.upgrade(_alembic_config(connection), "0011_incidents")
            for statement in OLDER_ROWS:
                connection.execute(text(statement))
        with engine.begin() as connection:
            command.upgrade(_alembic_config(connection), "0013_municipal_ownership")
            for table in ("oto_activity", "event", "incident"):
                assert connection.execute(text(f"SELECT municipality FROM {table}")).all() == [("Maassluis",)]
    finally:
        engine.dispose()
    context = AppContext(open_database(db_path), clock=fixed_clock)
    try:
        assert context.municipality == "Maassluis" and context.may_write
        made = context.execute(
            events.AddEvent(events.EventInput("Havendagen", "", NOW.year, NOW, NOW + timedelta(hours=5), Category.A))
        ).result
        assert context.call(lambda session: session.get(Event, made.id).municipality) == "Maassluis"
    finally:
        context.close()

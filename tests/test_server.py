"""A server database (PostgreSQL): the same migrations give exactly the models' schema, a start never changes
the schema, the command line creates and upgrades it, and app instances hear of each other's changes. Skipped
without a server (tests/conftest.py)."""

import re
import time
from collections.abc import Callable, Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, ForeignKeyConstraint, MetaData, create_engine, make_url, text

from crisisapp.context import AppContext, NotForServerError
from crisisapp.errors import DomainError
from crisisapp.models import load_all
from crisisapp.services.hulpdiensten import AddCount, AddMeeting
from crisisapp.storage.constraints import not_deferrable
from crisisapp.storage.revision import HEAD, REVISIONS
from crisisapp.storage.server import (
    ServerDatabaseError,
    is_server_url,
    open_server,
    schema_problems,
    server_url,
    shown,
    upgrade_server,
)
from tests.clock import NOW, fixed_clock
from tests.server_databases import ScratchServer
from tests.test_cli import crisisapp
from tests.test_schema import differences, schema_of


@pytest.fixture
def fresh(postgres: ScratchServer) -> Iterator[Callable[[], str]]:
    """Makes empty server databases (no tables at all) for this test; dropped afterwards."""
    made: list[str] = []

    def make() -> str:
        made.append(postgres.create())
        return made[-1]

    yield make
    for url in made:
        postgres.drop(url)


def _engine(url: str) -> Engine:
    return create_engine(server_url(url))


def _deferrable(metadata: MetaData) -> MetaData:
    """The models as a server database has them: every foreign key DEFERRABLE (storage/constraints.py)."""
    copy = MetaData(naming_convention=metadata.naming_convention)
    for table in metadata.sorted_tables:
        table.to_metadata(copy)
    for table in copy.tables.values():
        for constraint in table.constraints:
            if isinstance(constraint, ForeignKeyConstraint):
                constraint.deferrable, constraint.initially = True, "IMMEDIATE"
    return copy


def test_locations_that_name_a_server():
    assert is_server_url("postgresql://u@h/db") and is_server_url(" POSTGRES://u@h/db")
    assert not is_server_url("/home/u/crisisapp.sqlite3") and not is_server_url(None)
    assert shown(server_url("postgresql://u:geheim@h:5433/db")) == "postgresql://u:***@h:5433/db"
    with pytest.raises(ServerDatabaseError, match="ontbreekt de naam van de database"):
        server_url("postgresql://u@h")


def test_the_migrations_give_exactly_the_models_schema(fresh):
    migrated, modelled = fresh(), fresh()
    open_server(migrated, upgrade=True).close()
    models = _deferrable(load_all())
    engine = _engine(modelled)
    models.create_all(engine)
    engine.dispose()
    engine, other = _engine(migrated), _engine(modelled)
    try:
        with engine.connect() as connection, other.connect() as created:
            assert differences(schema_of(connection), schema_of(created)) == []
            migration = MigrationContext.configure(
                connection, opts={"compare_type": True, "compare_server_default": True}
            )
            assert compare_metadata(migration, models) == []
            assert not_deferrable(connection) == [] and schema_problems(connection) == []
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            assert revision == HEAD
    finally:
        engine.dispose()
        other.dispose()


def test_a_start_never_changes_the_schema_and_says_which_command_does(fresh):
    url = fresh()
    # the command is for a beheerder: without the role of the user who was refused (libpq takes the login's)
    theirs = re.escape(shown(make_url(url)).replace("postgres@", ""))
    assert "@" not in theirs
    with pytest.raises(ServerDatabaseError, match=f"is leeg.*‘crisisapp init --db {theirs}’"):
        open_server(url)
    engine = _engine(url)
    try:
        with engine.begin() as connection:
            upgrade_server(connection, url, REVISIONS[-2])
    finally:
        engine.dispose()
    with pytest.raises(
        ServerDatabaseError, match=f"ouder schema \\(schemaversie {REVISIONS[-2]}\\).*‘crisisapp upgrade --db {theirs}’"
    ):
        open_server(url)
    upgraded = open_server(url, upgrade=True)
    upgraded.close()
    assert upgraded.found_revision == REVISIONS[-2]
    open_server(url).close()


def test_a_schema_that_is_not_crisisapps_is_refused(fresh):
    url = fresh()
    open_server(url, upgrade=True).close()
    engine = _engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE vreemd (id integer)"))
        with pytest.raises(ServerDatabaseError, match=r"geen gave CrisisApp-database: ze bevat een onbekende tabel"):
            open_server(url)
        with engine.begin() as connection:
            connection.execute(text("DROP TABLE vreemd"))
            connection.execute(text("UPDATE alembic_version SET version_num = '0099_toekomst'"))
        with pytest.raises(ServerDatabaseError, match=r"nieuwer schema \(schemaversie 0099_toekomst\)"):
            open_server(url)
    finally:
        engine.dispose()


def test_an_unreachable_server_is_refused_in_dutch():
    with pytest.raises(ServerDatabaseError, match="neemt geen verbinding aan"):
        open_server("postgresql://niemand@127.0.0.1:1/crisisapp")


def test_init_demo_and_reading_commands_on_a_server(fresh):
    url = fresh()
    made = crisisapp("init", "--db", url)
    assert made.returncode == 0 and "Tabellen aangemaakt" in made.stdout
    again = crisisapp("upgrade", "--db", url)
    assert again.returncode == 0 and "opnieuw ingesteld" in again.stdout
    assert crisisapp("demo", "--db", url).returncode == 0
    listed = crisisapp("oto", "list", "--db", url)
    assert listed.returncode == 0 and "Alarmeringsoefening" in listed.stdout
    check = crisisapp("check", "--db", url)
    assert check.returncode == 1 and "alleen bij een databasebestand" in check.stderr


def test_the_context_of_a_server_database(server_database):
    context = AppContext(open_server(server_database("empty")), clock=fixed_clock)
    try:
        context.execute(AddMeeting(NOW.date(), "Uitleg AED-kaart", 12))  # no automatic backup: the server's
        assert context.last_backup is None
        with pytest.raises(NotForServerError, match="serverdatabase"):
            context.backup_now()
        assert context.close(backup=True) is None
    finally:
        context.database.close()


def _heard_within_a_second(context: AppContext) -> frozenset[str]:
    """What ``context`` hears of other instances' changes, looking as the window does, for at most a second."""
    deadline = time.monotonic() + 1.0
    while not (heard := context.hear_other_instances()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return heard


def test_a_change_in_one_instance_reaches_the_others_within_a_second(server_database):
    url = server_database("empty")
    one, other = (AppContext(open_server(url), clock=fixed_clock) for _ in range(2))
    told: list[frozenset[str]] = []
    try:
        for context in (one, other):
            context.watch_other_instances()
        other.add_listener(told.append)
        with pytest.raises(DomainError):  # refused, so rolled back: nothing to tell
            one.execute(AddCount(NOW.date(), 10, 20, "teveel gecertificeerd"))
        one.execute(AddMeeting(NOW.date(), "Uitleg AED-kaart", 12))
        assert _heard_within_a_second(other) == {"hartslagnu_meeting"}
        assert told == [{"hartslagnu_meeting"}]
        assert one.hear_other_instances() == frozenset()  # its own change it knew already
        # another process: the command line
        assert crisisapp("demo", "--db", url).returncode == 0
        assert {"person", "oto_activity", "piket_rota"} <= _heard_within_a_second(one)
    finally:
        one.close()
        other.close()


@pytest.mark.gui
def test_the_window_on_a_server_database_hears_another_instance(qtbot, server_database):
    from crisisapp.ui.mainwindow import MainWindow

    url = server_database("empty")
    window = MainWindow(AppContext(open_server(url), clock=fixed_clock))
    qtbot.addWidget(window)
    other = AppContext(open_server(url), clock=fixed_clock)
    heard: list[frozenset[str]] = []
    try:
        window.context.add_listener(heard.append)
        assert url.rsplit("/", 1)[1] in window.windowTitle() and not window.restore_action.isEnabled()
        other.execute(AddMeeting(NOW.date(), "Uitleg AED-kaart", 12))
        qtbot.waitUntil(lambda: heard == [{"hartslagnu_meeting"}], timeout=1000)
    finally:
        other.close()
        window.context.close()

"""Test set-up: offscreen Qt, data and settings folders in a temporary place, databases in tmp_path.

Every test that asks for a database through ``engine`` (``context``, ``demo_context``) runs on both engines: on
a database file, and on a fresh database of a PostgreSQL server when one is given
(``CRISISAPP_TEST_POSTGRES=postgresql://postgres@127.0.0.1:5432/postgres`` or ``--postgres URL``, a role that may
create databases); without one, their PostgreSQL runs skip with a reason. Two kinds run on a file only: tests
marked ``file_only("why")`` (what only a database file has), and GUI tests (marked ``gui``) unless also marked
``engines`` (the walk over every button after another user's change, refused saves, a user's task per page):
driving the widgets costs much and adds little to what the services' tests check on the server.
"""

import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

# Before anything imports Qt: no display needed, and no test touches the user's real folders.
# The offscreen screen is the size of the laptops the app is made for.
_HOME = tempfile.mkdtemp(prefix="crisisapp-tests-")
_SCREEN = Path(_HOME) / "screen.json"
_SCREEN.write_text(
    '{"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768,'
    ' "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}'
)
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREEN}"
os.environ["XDG_DATA_HOME"] = str(Path(_HOME) / "data")
os.environ["XDG_CONFIG_HOME"] = str(Path(_HOME) / "config")
os.environ.pop("CRISISAPP_DB", None)

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402

from crisisapp.context import AppContext  # noqa: E402
from crisisapp.paths import set_application_names  # noqa: E402
from crisisapp.services.demo import FillDemo  # noqa: E402
from crisisapp.storage.database import open_database  # noqa: E402
from crisisapp.storage.server import open_server  # noqa: E402
from tests.clock import fixed_clock  # noqa: E402
from tests.memory_keyring import MemoryKeyring  # noqa: E402
from tests.password_server import PasswordServer, missing_reason  # noqa: E402
from tests.server_databases import ScratchServer  # noqa: E402

# CI (.ci/run exports CI=true) runs the property tests on a fixed seed so that a run is repeatable; locally they
# explore anew. Neither has a deadline per example: how long one takes says how busy the machine is.
settings.register_profile("local", deadline=None)
settings.register_profile("ci", derandomize=True, print_blob=True, deadline=None)
settings.load_profile("ci" if os.environ.get("CI", "").lower() not in ("", "0", "false", "no") else "local")


POSTGRES_ENV = "CRISISAPP_TEST_POSTGRES"
ENGINES = ("sqlite", "postgresql")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--postgres",
        metavar="URL",
        help=f"run the tests marked 'engines' also on this PostgreSQL server (default: ${POSTGRES_ENV})",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "engines: a GUI test that also runs on a PostgreSQL server database")
    config.addinivalue_line("markers", "file_only(reason): runs on a database file only, for the reason given")


def on_both_engines(definition: pytest.Item) -> bool:
    """Whether a test that asks for ``engine`` runs on both engines (see the module's docstring)."""
    if (file_only := definition.get_closest_marker("file_only")) is not None:
        if not file_only.args:
            raise pytest.UsageError(f"{definition.nodeid}: file_only needs the reason it runs on a file only")
        return False
    return definition.get_closest_marker("engines") is not None or definition.get_closest_marker("gui") is None


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "engine" in metafunc.fixturenames and on_both_engines(metafunc.definition):
        metafunc.parametrize("engine", ENGINES, indirect=True)


@pytest.fixture(scope="session")
def postgres(request: pytest.FixtureRequest) -> Iterator[ScratchServer]:
    """The PostgreSQL server the tests may make databases on; skips when none was given."""
    url = request.config.getoption("--postgres") or os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f"geen PostgreSQL-server gegeven ({POSTGRES_ENV}=postgresql://… of --postgres URL)")
    server = ScratchServer(url, prefix=f"crisisapp_test_{uuid.uuid4().hex[:8]}")
    yield server
    server.drop_all()


@pytest.fixture
def engine(request: pytest.FixtureRequest) -> str:
    """The engine of the test's database: each in turn, or SQLite for a test that runs on a file only."""
    name = str(getattr(request, "param", "sqlite"))
    if name == "postgresql":
        request.getfixturevalue("postgres")  # skips without a server
    return name


@pytest.fixture(scope="session")
def server_templates(postgres: ScratchServer) -> dict[str, str]:
    """Server databases made once, copied per test: an empty one at HEAD, and the demo data at the fixed now."""
    empty = postgres.create()
    open_server(empty, upgrade=True).close()
    demo = postgres.create(template=empty)
    ctx = AppContext(open_server(demo), clock=fixed_clock)
    ctx.execute(FillDemo(fixed_clock()))
    ctx.close()
    return {"empty": empty, "demo": demo}


@pytest.fixture(scope="session")
def password_server() -> Iterator[PasswordServer]:
    """A private PostgreSQL cluster of this run that refuses a wrong password (tests/password_server.py); skips
    only when this computer has no PostgreSQL server programs (.ci/run installs them)."""
    if (reason := missing_reason()) is not None:
        pytest.skip(reason)
    server = PasswordServer()
    yield server
    server.stop()


@pytest.fixture
def server_database(request: pytest.FixtureRequest) -> Iterator[Callable[[str], str]]:
    """Makes a fresh server database for this test (``"empty"`` or ``"demo"``) and drops it afterwards."""
    postgres: ScratchServer = request.getfixturevalue("postgres")
    templates: dict[str, str] = request.getfixturevalue("server_templates")
    made: list[str] = []

    def make(kind: str) -> str:
        made.append(postgres.create(template=templates[kind]))
        return made[-1]

    yield make
    for url in made:
        postgres.drop(url)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Every test's system keyring: one in memory, never the computer's own."""
    import keyring

    before = keyring.get_keyring()
    keyring.set_keyring(in_memory := MemoryKeyring())
    yield in_memory
    keyring.set_keyring(before)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "crisisapp.sqlite3"


@pytest.fixture
def context(engine: str, db_path: Path, request: pytest.FixtureRequest) -> Iterator[AppContext]:
    """An open, empty database whose clock stands still at tests/clock.py's NOW, so no test reads the real date.

    A database file, or (``engine``) a fresh server database."""
    if engine == "postgresql":
        ctx = AppContext(open_server(request.getfixturevalue("server_database")("empty")), clock=fixed_clock)
    else:
        ctx = AppContext(open_database(db_path), clock=fixed_clock)
    yield ctx
    ctx.close()


@pytest.fixture
def demo_context(engine: str, request: pytest.FixtureRequest) -> Iterator[AppContext]:
    """The demo data at the fixed now, of this test's own: a copy of the file, or a fresh server database."""
    if engine == "postgresql":
        ctx = AppContext(open_server(request.getfixturevalue("server_database")("demo")), clock=fixed_clock)
    else:
        ctx = AppContext(open_database(request.getfixturevalue("demo_path")), clock=fixed_clock)
    yield ctx
    ctx.close()


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo data at the tests' fixed now, made once for the whole run: a test copies it (``demo_path``)."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    ctx = AppContext(open_database(path), clock=fixed_clock)
    ctx.execute(FillDemo(fixed_clock()))
    ctx.close()
    return path


@pytest.fixture
def demo_path(demo_file: Path, db_path: Path) -> Path:
    """A copy of the demo database of this test's own, at ``db_path``."""
    shutil.copyfile(demo_file, db_path)
    return db_path


@pytest.fixture(autouse=True)
def fresh_settings():
    """Every test starts without remembered window state or last page."""
    set_application_names()
    QSettings().clear()
    yield
    QSettings().clear()

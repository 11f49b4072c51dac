"""Test set-up: offscreen Qt, data and settings folders in a temporary place, databases in tmp_path."""

import os
import shutil
import tempfile
from collections.abc import Iterator
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
from tests.clock import fixed_clock  # noqa: E402

# CI (.ci/run exports CI=true) runs the property tests on a fixed seed so that a run is repeatable; locally they
# explore anew. Neither has a deadline per example: how long one takes says how busy the machine is.
settings.register_profile("local", deadline=None)
settings.register_profile("ci", derandomize=True, print_blob=True, deadline=None)
settings.load_profile("ci" if os.environ.get("CI", "").lower() not in ("", "0", "false", "no") else "local")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "crisisapp.sqlite3"


@pytest.fixture
def context(db_path: Path) -> Iterator[AppContext]:
    """An open database whose clock stands still at tests/clock.py's NOW, so no test reads the real date."""
    ctx = AppContext(open_database(db_path), clock=fixed_clock)
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

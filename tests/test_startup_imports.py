"""The window opens on Vandaag without importing the services or models of the areas: those come with the page
or the box that first needs them (``python -X importtime -m crisisapp`` shows the rest)."""

import gc
import subprocess
import sys

from crisisapp import cli
from crisisapp.__main__ import main as launch
from tests.clock import NOW

START = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from crisisapp.app import clock_from_environment
from crisisapp.context import AppContext
from crisisapp.storage.database import open_database
from crisisapp.ui.mainwindow import MainWindow

app = QApplication([])
window = MainWindow(AppContext(open_database(Path(sys.argv[1])), clock=clock_from_environment()))
window.show()
assert window.page("vandaag").line_texts("duty")[-1].startswith("Daarna: ")
print(" ".join(sorted(name for name in sys.modules if name.startswith("crisisapp."))))
window.context.close()
"""

AREAS = ("organisation", "piket", "oto", "events", "jaarwisseling", "hulpdiensten", "programme", "incident")


def test_the_first_page_shows_without_the_areas_services_and_models(demo_path, tmp_path):
    env = {"QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path), "CRISISAPP_NOW": NOW.isoformat()}
    done = subprocess.run(
        [sys.executable, "-c", START, str(demo_path)], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.split())
    assert "crisisapp.ui.vandaag.page" in loaded and "crisisapp.services.glance" in loaded
    heavy = {f"crisisapp.{layer}.{area}" for layer in ("services", "models") for area in AREAS}
    heavy |= {f"crisisapp.ui.{area}.page" for area in AREAS}
    assert loaded & heavy == set()
    assert "crisisapp.ui.forms" not in loaded


SETTLED = """
import gc
import sys
from crisisapp.__main__ import main

sys.argv[1:] = ["--db", sys.argv[1]]
status = main()
print(status, gc.get_freeze_count(), gc.isenabled())
"""


def test_what_start_up_made_is_set_aside_from_the_garbage_collector(demo_path, tmp_path):
    """The ``crisisapp`` command starts with the garbage collector switched off; once the window shows, start-up's
    objects are frozen, so that a later full collection (in the middle of opening a page) does not walk them again,
    and the collector works again."""
    env = {
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path),
        "CRISISAPP_NOW": NOW.isoformat(),
        "CRISISAPP_STARTUP_PROBE": "1",  # quit as soon as the window has shown
    }
    done = subprocess.run(
        [sys.executable, "-c", SETTLED, str(demo_path)], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    status, frozen, enabled = done.stdout.split()[-3:]
    assert status == "0" and int(frozen) > 10_000 and enabled == "True"


def test_a_command_line_command_runs_with_the_garbage_collector_on(tmp_path, monkeypatch):
    """Only the window's start waits for it: a command (an import, a sync) may run long and make cycles."""
    seen: list[bool] = []
    monkeypatch.setattr(cli, "run", lambda args, clock: seen.append(gc.isenabled()) or 0)
    monkeypatch.setattr(sys, "argv", ["crisisapp", "--db", str(tmp_path / "crisis.sqlite3"), "check"])
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert launch() == 0 and seen == [True]

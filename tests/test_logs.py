"""The log: a file in the data folder, warnings on stderr, a trace of hard crashes, and the window's
exception hook that logs and tells the user in Dutch where the log is."""

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton

from crisisapp import __version__, logs
from crisisapp.paths import APPLICATION, ORGANIZATION
from crisisapp.ui import interaction
from crisisapp.ui.application import ExceptionHook
from tests.test_cli import crisisapp


def log_folder(data_home: Path) -> Path:
    return data_home / ORGANIZATION / APPLICATION


def run_python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)


@pytest.fixture
def installed(tmp_path):
    # No faulthandler here: switching it off again would take pytest's own away for the rest of the run.
    setup = logs.setup(tmp_path / "log", stderr=False, crashes=False)
    yield setup
    setup.close()


def test_a_command_logs_its_start_database_and_outcome_in_the_data_folder(tmp_path):
    data_home, db = tmp_path / "data", tmp_path / "crisis.sqlite3"
    out = tmp_path / "programma.pdf"
    assert crisisapp("init", "--db", str(db), env_extra={"XDG_DATA_HOME": str(data_home)}).returncode == 0
    result = crisisapp(
        "print", "programme", "--out", str(out), "--db", str(db), env_extra={"XDG_DATA_HOME": str(data_home)}
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # information goes to the file only
    text = (log_folder(data_home) / logs.LOG_FILENAME).read_text("utf-8")
    assert f"CrisisApp {__version__} start (opdrachtregel)" in text
    assert f"database {db}" in text and "uitgevoerd" in text
    assert "De klok staat vast op" in text  # the tests' fixed now is never silent


def test_an_unexpected_error_on_the_command_line_is_logged_and_told_in_dutch(tmp_path):
    data_home = tmp_path / "data"
    code = (
        "import os, sys\n"
        f"os.environ['XDG_DATA_HOME'] = {str(data_home)!r}\n"
        "from crisisapp import app, cli\n"
        "def broken(args):\n"
        "    raise RuntimeError('kapot')\n"
        "cli.print_programme = broken\n"
        "sys.exit(app.main(['print', 'programme', '--out', 'x.pdf']))\n"
    )
    result = run_python(code)
    assert result.returncode == 1
    assert result.stderr.startswith("crisisapp: ernstige fout: Er ging iets onverwachts mis bij ‘crisisapp print")
    log_file = log_folder(data_home) / logs.LOG_FILENAME
    assert f"De technische details staan in {log_file}" in result.stderr
    assert "RuntimeError: kapot" in result.stderr and "RuntimeError: kapot" in log_file.read_text("utf-8")


def test_a_hard_crash_leaves_its_trace_and_the_next_start_logs_it(tmp_path):
    folder = tmp_path / "log"
    setup = (
        "import faulthandler\nfrom pathlib import Path\nfrom crisisapp import logs\n"
        f"logs.setup(Path({str(folder)!r}))\n"
    )
    crashed = run_python(setup + "faulthandler._sigsegv()\n")
    assert crashed.returncode != 0
    trace = (folder / logs.CRASH_FILENAME).read_text("utf-8")
    assert "Segmentation fault" in trace and "<string>" in trace  # the Python stack of the crash

    next_start = run_python(setup)
    assert next_start.returncode == 0 and next_start.stderr == ""  # for support, not for the next command
    assert "hard afgebroken" in (folder / logs.LOG_FILENAME).read_text("utf-8")
    assert (folder / logs.CRASH_FILENAME).read_text("utf-8") == ""  # told once, not at every start


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_the_log_rotates_and_every_file_is_readable_by_its_owner_only(tmp_path, monkeypatch):
    monkeypatch.setattr(logs, "MAX_BYTES", 400)
    setup = logs.setup(tmp_path / "log", stderr=False, crashes=False)
    try:
        for number in range(60):
            logging.getLogger("crisisapp.test").info("regel %d van een lange reeks meldingen", number)
    finally:
        setup.close()
    files = sorted((tmp_path / "log").iterdir())
    assert [f.name for f in files] == [logs.LOG_FILENAME] + [f"{logs.LOG_FILENAME}.{n}" for n in range(1, 6)]
    assert all(f.stat().st_mode & 0o777 == logs.PRIVATE for f in files)
    assert "regel 59 " in files[0].read_text("utf-8")


def test_an_unwritable_data_folder_costs_the_log_file_not_the_start(tmp_path, capsys):
    blocked = tmp_path / "een-bestand"
    blocked.write_text("geen map")
    setup = logs.setup(blocked / "log", crashes=False)
    try:
        assert setup.file is None
        logging.getLogger("crisisapp.test").info("gaat nergens heen")
    finally:
        setup.close()
    assert "crisisapp: waarschuwing: Het logbestand in" in capsys.readouterr().err


@pytest.mark.gui
def test_an_exception_in_a_slot_is_logged_and_shown_with_the_log_file(qtbot, monkeypatch, installed):
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(interaction, "critical", lambda _parent, title, text: shown.append((title, text)))
    # PySide6 hands an exception raised in a slot to sys.excepthook; pytest-qt's own hook is put back after.
    monkeypatch.setattr(sys, "excepthook", ExceptionHook(installed.file))
    button = QPushButton("Doe iets")
    qtbot.addWidget(button)

    def broken() -> None:
        raise ValueError("kapot in een slot")

    button.clicked.connect(broken)
    button.click()
    assert len(shown) == 1
    title, text = shown[0]
    assert title == "Onverwachte fout"
    assert "ValueError" in text and str(installed.file) in text and "functioneel beheerder" in text
    logged = installed.file.read_text("utf-8")
    assert "Onverwachte fout" in logged and "Traceback" in logged and "ValueError: kapot in een slot" in logged


@pytest.mark.gui
def test_a_fault_repeating_while_the_message_is_open_is_logged_not_shown_again(qtbot, monkeypatch, installed):
    hook = ExceptionHook(installed.file)
    shown: list[str] = []

    def critical(_parent, _title, text):
        shown.append(text)
        try:
            raise OSError("nog een keer")
        except OSError as again:
            hook(type(again), again, again.__traceback__)

    monkeypatch.setattr(interaction, "critical", critical)
    try:
        raise KeyError("eerste")
    except KeyError as first:
        hook(type(first), first, first.__traceback__)
    assert len(shown) == 1
    logged = installed.file.read_text("utf-8")
    assert "KeyError: 'eerste'" in logged and "OSError: nog een keer" in logged


@pytest.mark.gui
def test_a_page_whose_code_was_replaced_under_the_running_app_is_told_and_the_list_goes_back(
    qtbot, context, monkeypatch, installed
):
    from PySide6.QtCore import Qt

    from crisisapp.ui import areas
    from crisisapp.ui.oto.page import OtoPage
    from tests.test_gui_mainwindow import window_on

    window = window_on(qtbot, context)
    shown: list[str] = []
    monkeypatch.setattr(interaction, "critical", lambda _parent, _title, text: shown.append(text))
    monkeypatch.setattr(sys, "excepthook", ExceptionHook(installed.file))
    found = areas.importlib.import_module

    def updated(name: str):  # an update under the app removed the page's module
        if name == "crisisapp.ui.oto.page":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return found(name)

    monkeypatch.setattr(areas.importlib, "import_module", updated)
    oto = next(row for row, area in enumerate(window.areas) if area.key == "oto")
    qtbot.keyClick(window, Qt.Key.Key_1 + oto, Qt.KeyboardModifier.ControlModifier)  # Ctrl+5, as a user
    (text,) = shown
    assert text.startswith("Een deel van CrisisApp kon niet worden geladen (crisisapp.ui.oto.page). Waarschijnlijk")
    assert "Sluit CrisisApp en start het opnieuw." in text and str(installed.file) in text
    assert window.nav.currentRow() == 0 and window.current_page() is window.pages["vandaag"]  # back where it was
    assert "ModuleNotFoundError" in installed.file.read_text("utf-8")

    monkeypatch.setattr(areas.importlib, "import_module", found)  # started anew: the page opens
    qtbot.keyClick(window, Qt.Key.Key_1 + oto, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.current_page(), OtoPage) and window.nav.currentRow() == oto and len(shown) == 1

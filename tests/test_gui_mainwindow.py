"""The real main window on a temporary database, driven through its widgets."""

from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QRect, QSettings, Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QLabel, QMessageBox

from crisisapp import __version__
from crisisapp.context import AppContext
from crisisapp.services import jaarwisseling
from crisisapp.storage.database import open_database
from crisisapp.storage.revision import HEAD
from crisisapp.storage.server import ServerDatabase, open_server
from crisisapp.ui import interaction
from crisisapp.ui.application import DamageCheck, use_dutch
from crisisapp.ui.areas import AREAS, Area
from crisisapp.ui.mainwindow import DEFAULT_SIZE, FRAME_ROOM, SCREEN_ROOM, MainWindow
from crisisapp.ui.page import Page
from crisisapp.ui.preview import PdfPreviewDialog
from tests.clock import fixed_clock
from tests.pdftext import pdf_text

pytestmark = pytest.mark.gui


def make_window(qtbot, path: Path, areas=AREAS) -> MainWindow:
    return window_on(qtbot, AppContext(open_database(path), clock=fixed_clock), areas)


def reopen(context: AppContext) -> AppContext:
    """The database ``context`` had open (closed first), opened anew: as after a restart of the app."""
    database = context.database
    if isinstance(database, ServerDatabase):
        return AppContext(open_server(database.url.render_as_string(hide_password=False)), clock=fixed_clock)
    return AppContext(open_database(database.path), clock=fixed_clock)


def window_on(qtbot, context: AppContext, areas=AREAS) -> MainWindow:
    """The app's window on ``context``, shown and active."""
    use_dutch(QApplication.instance())  # as the app does at its start: Qt's own texts in Dutch
    window = MainWindow(context, areas)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


@pytest.fixture
def window(qtbot, db_path):
    win = make_window(qtbot, db_path)
    yield win
    win.context.close()


def test_window_opens_on_vandaag_with_database_in_status_bar(window, db_path):
    assert window.windowTitle() == f"CrisisApp – {db_path.name}"
    assert str(db_path) in window.database_label.text()
    assert window.nav.item(0).text() == "Vandaag"
    assert window.current_page() is window.page("vandaag")


def test_the_window_fits_a_laptop_screen_above_its_taskbar_on_every_page(window):
    """1366×768 less a 40 px taskbar, frame and title bar included; no page may stretch the window."""
    assert window.size().toTuple() == DEFAULT_SIZE
    for number in range(len(window.areas)):
        window.nav.setCurrentRow(number)
        assert window.size().toTuple() == DEFAULT_SIZE, window.areas[number].key
    assert SCREEN_ROOM == (1366, 768 - 40)
    assert window.width() + FRAME_ROOM[0] <= SCREEN_ROOM[0] and window.height() + FRAME_ROOM[1] <= SCREEN_ROOM[1]


def test_qt_speaks_dutch_in_its_own_buttons_and_dialogs(window):
    box = QMessageBox(QMessageBox.Icon.Question, "Vraag", "Doorgaan?", QMessageBox.StandardButton.Yes, window)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    assert box.button(QMessageBox.StandardButton.Yes).text().replace("&", "") == "Ja"
    assert box.button(QMessageBox.StandardButton.No).text().replace("&", "") == "Nee"
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Close)
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Annuleren"
    assert buttons.button(QDialogButtonBox.StandardButton.Close).text().replace("&", "") == "Sluiten"
    files = QFileDialog(window, "Database openen")
    files.setOption(QFileDialog.Option.DontUseNativeDialog)
    labels = {label.text() for label in files.findChildren(QLabel)}
    assert {"&Zoeken in:", "Bestands&naam:", "Bestands&type:"} <= labels
    assert QLocale().monthName(3) == "maart" and QLocale().toString(4000) == "4.000"
    box.deleteLater()
    files.deleteLater()


def test_programme_shows_priority_six_first(window):
    window.nav.setCurrentRow(1)
    page = window.current_page()
    assert page is window.page("programme")
    assert page.actions_model.rowCount() == 11  # priority 6 is selected first
    assert window.print_action.isEnabled()
    assert window.width() <= 1366 and window.height() <= 768


def test_about_names_version_database_and_schema(window, db_path, monkeypatch):
    shown = []
    monkeypatch.setattr(interaction, "about", lambda parent, title, text: shown.append(text))
    window.about_action.trigger()
    assert __version__ in shown[0] and str(db_path) in shown[0] and HEAD in shown[0]


class CountingPage(Page):
    built = 0

    def __init__(self, context, undo_stack):
        super().__init__(context, undo_stack)
        CountingPage.built += 1
        QLabel("tweede", self)


def test_pages_are_built_lazily_and_reached_with_ctrl_number(qtbot, db_path):
    CountingPage.built = 0
    areas = (*AREAS[:8], Area("second", "Tweede", CountingPage))  # the ninth area, the last with a shortcut
    window = make_window(qtbot, db_path, areas)
    counting_key = Qt.Key.Key_9
    assert CountingPage.built == 0
    qtbot.keyClick(window, counting_key, Qt.KeyboardModifier.ControlModifier)
    assert window.nav.currentRow() == 8
    assert isinstance(window.current_page(), CountingPage)
    assert not window.print_action.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.nav.currentRow() == 0
    qtbot.keyClick(window, counting_key, Qt.KeyboardModifier.ControlModifier)
    assert CountingPage.built == 1
    window.context.close()


def test_a_smaller_screen_gets_a_smaller_window(window, monkeypatch):
    room = window.screen().availableGeometry().size()
    monkeypatch.setattr(type(window.screen()), "availableGeometry", lambda _screen: QRect(0, 0, 1024, 600))
    assert window.default_size().toTuple() == (1024 - FRAME_ROOM[0], 600 - FRAME_ROOM[1])
    monkeypatch.undo()
    assert window.screen().availableGeometry().size() == room


def test_size_position_and_last_page_are_remembered(qtbot, db_path):
    areas = (*AREAS, Area("second", "Tweede", CountingPage))
    first = make_window(qtbot, db_path, areas)
    first.resize(1100, 650)
    first.nav.setCurrentRow(len(AREAS))
    first.close()
    first.context.close()
    second = make_window(qtbot, db_path, areas)
    assert (second.width(), second.height()) == (1100, 650)
    assert isinstance(second.current_page(), CountingPage)
    second.context.close()


def test_size_and_page_are_remembered_without_closing(qtbot, db_path):
    """A battery that dies or an app that is killed: the next start opens as the user left it a moment before."""
    areas = (*AREAS, Area("second", "Tweede", CountingPage))
    first = make_window(qtbot, db_path, areas)
    first.resize(1000, 600)
    first.nav.setCurrentRow(len(AREAS))
    qtbot.waitUntil(lambda: QSettings().value("mainwindow/page") == "second", timeout=3000)
    first.context.close()  # no closeEvent: as after a kill
    first.hide()
    second = make_window(qtbot, db_path, areas)
    assert (second.width(), second.height()) == (1000, 600)
    assert isinstance(second.current_page(), CountingPage)
    second.context.close()


def test_opening_another_database_and_refusing_a_bad_one(window, tmp_path, monkeypatch):
    other = tmp_path / "ander.sqlite3"
    open_database(other).close()
    monkeypatch.setattr(interaction, "open_filename", lambda *args: str(other))
    window.open_action.trigger()
    assert str(other) in window.database_label.text()
    assert window.page("programme").actions_model.rowCount() == 11

    bad = tmp_path / "geen-database.sqlite3"
    bad.write_bytes(b"\x00\x01 willekeurige bytes")
    messages = []
    monkeypatch.setattr(interaction, "open_filename", lambda *args: str(bad))
    monkeypatch.setattr(interaction, "critical", lambda parent, title, text: messages.append(text))
    window.open_action.trigger()
    assert "geen SQLite-database" in messages[0]
    assert str(other) in window.database_label.text()
    assert bad.read_bytes() == b"\x00\x01 willekeurige bytes"


def test_print_preview_prints_and_saves(window, tmp_path, monkeypatch, qtbot):
    monkeypatch.setattr(interaction, "choose_item", lambda parent, title, label, items, current: current)
    window.show_area("programme")
    window.print_action.trigger()
    dialog = window.findChild(PdfPreviewDialog)
    assert dialog is not None and dialog.isVisible()
    pages = dialog.document.pageCount()
    assert pages >= 2
    assert dialog.page_count_label.text() == f"{pages} pagina's"
    assert "6. Prioriteit fysieke veiligheid" in pdf_text(dialog.pdf)

    printed = tmp_path / "printer.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))
    monkeypatch.setattr(interaction, "print_setup", lambda parent, p: True)
    dialog.print_to(printer)
    from pypdf import PdfReader

    assert len(PdfReader(printed).pages) == pages

    saved = tmp_path / "programma"
    monkeypatch.setattr(interaction, "save_filename", lambda *args: str(saved))
    dialog.save_action.trigger()
    assert "Prioriteit fysieke veiligheid" in pdf_text(saved.with_suffix(".pdf"))
    dialog.close()


def test_export_whole_programme_without_preview(window, tmp_path, monkeypatch):
    monkeypatch.setattr(interaction, "choose_item", lambda parent, title, label, items, current: len(items) - 1)
    target = tmp_path / "alles.pdf"
    monkeypatch.setattr(interaction, "save_filename", lambda *args: str(target))
    window.show_area("programme")
    window.export_action.trigger()
    text = pdf_text(target)
    assert "1. Prioriteit Ondermijning" in text and "6. Prioriteit fysieke veiligheid" in text


def test_cancelled_print_choice_opens_nothing(window, monkeypatch):
    monkeypatch.setattr(interaction, "choose_item", lambda *args: None)
    window.show_area("programme")
    assert window.print_current() is None
    assert window.findChild(PdfPreviewDialog) is None


def test_undo_and_redo_say_what_they_did_and_open_the_page_of_the_change(qtbot, window):
    zones = window.show_area("jaarwisseling")
    assert zones.execute(jaarwisseling.AddZone(2026, "Koningshoek", "rond het winkelcentrum", "de nacht"))
    window.show_area("piket")  # the user went on elsewhere
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.statusBar().currentMessage() == "Ongedaan gemaakt: Vuurwerkvrije zone toevoegen"
    assert window.current_page() is zones and window.context.call(jaarwisseling.zones, 2026) == ()
    window.show_area("piket")
    window.redo_action.trigger()
    assert window.statusBar().currentMessage() == "Opnieuw gedaan: Vuurwerkvrije zone toevoegen"
    assert window.current_page() is zones and len(window.context.call(jaarwisseling.zones, 2026)) == 1


def test_a_pdf_or_export_is_never_saved_over_the_open_database_or_into_its_backups(window, db_path, monkeypatch):
    before = db_path.read_bytes()
    warned: list[str] = []
    monkeypatch.setattr(interaction, "warning", lambda _parent, _title, text: warned.append(text))
    oto_page = window.show_area("oto")
    # the database's own name: the export's extension is added, the database stays as it was
    monkeypatch.setattr(interaction, "save_filename", lambda *args: str(db_path))
    written = oto_page.export_ics()
    assert written == db_path.with_name(db_path.name + ".ics") and db_path.read_bytes() == before
    backups = window.context.backup_folder()
    backups.mkdir(parents=True, exist_ok=True)
    monkeypatch.setattr(interaction, "save_filename", lambda *args: str(backups / "plan.ics"))
    assert oto_page.export_ics() is None  # refused: nothing is written where the backups are
    monkeypatch.setattr(interaction, "choose_item", lambda parent, title, label, items, current: current)
    monkeypatch.setattr(interaction, "save_filename", lambda *args: str(backups / "voortgang.pdf"))
    window.show_area("vandaag")
    window.export_action.trigger()
    assert list(backups.iterdir()) == []
    assert len(warned) == 2 and all("back-upmap" in text for text in warned), warned


def test_a_damaged_file_is_told_once_its_check_beside_the_window_is_done(qtbot, demo_path, monkeypatch):
    from tests.test_backup_safety import _scribble_over_a_table_page

    _scribble_over_a_table_page(demo_path)
    told: list[tuple[object, str]] = []
    monkeypatch.setattr(interaction, "warning", lambda parent, title, text: told.append((parent, title + ": " + text)))
    window = make_window(qtbot, demo_path)
    assert "problems" not in vars(window.context.database)  # not checked while the window was made
    DamageCheck(window.context.database, window)
    qtbot.waitUntil(lambda: bool(told))
    ((parent, text),) = told
    assert parent is window and text.startswith("Database beschadigd: De database") and "beschadigd" in text
    window.context.close()

"""Data safety as the user meets it: backup, restore, check, the Logboek, closing, a second start."""

import uuid
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import event

from crisisapp import context as context_module
from crisisapp.models.programme import ProgressStatus
from crisisapp.services import programme, settings
from crisisapp.storage import backup
from crisisapp.storage.database import open_database
from crisisapp.timeutil import to_local
from crisisapp.ui import interaction
from crisisapp.ui.areas import AREAS
from crisisapp.ui.preview import PdfPreviewDialog
from crisisapp.ui.single_instance import InstanceServer, activate_running_instance, serve_window, server_name
from tests.pdftext import pdf_text
from tests.test_gui_mainwindow import make_window

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, db_path):
    win = make_window(qtbot, db_path)
    yield win
    win.context.close()


@pytest.fixture
def answers(monkeypatch):
    """What the message boxes said, by kind."""
    said = {"information": [], "warning": [], "critical": []}
    for kind in said:
        monkeypatch.setattr(interaction, kind, lambda parent, title, text, kind=kind: said[kind].append(text))
    return said


def save_progress(page, row, status, note):
    page.table.selectRow(row)
    page.status_combo.setCurrentIndex(page.status_combo.findData(status))
    page.note_edit.setPlainText(note)
    return page.save_progress()


def test_logboek_shows_changes_and_filters(qtbot, window, qtmodeltester):
    page = window.page("programme")
    page.select_priority(6, 1)
    save_progress(page, 0, ProgressStatus.GEREED, "Crisisplan vastgesteld")
    logboek_key = Qt.Key(Qt.Key.Key_1.value + [area.key for area in AREAS].index("logboek"))
    qtbot.keyClick(window, logboek_key, Qt.KeyboardModifier.ControlModifier)
    logboek = window.current_page()
    assert logboek is window.page("logboek")
    model = logboek.model
    texts = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert any(row[7] == "" and row[8] == "Crisisplan vastgesteld" and row[6] == "toelichting" for row in texts)
    assert all(row[3] == "Programma: voortgang prioriteit 6" for row in texts)
    assert all(row[2] == "Voortgang van een programma-actie bijwerken" for row in texts)
    assert logboek.count_label.text() == f"{model.rowCount()} wijzigingen"
    qtmodeltester.check(model)

    save_progress(page, 1, ProgressStatus.BEZIG, "Training gepland")  # the page follows new changes
    assert any(model.index(r, 8).data() == "Training gepland" for r in range(model.rowCount()))
    qtbot.keyClicks(logboek.text_filter, "training")
    assert model.rowCount() == 1 and model.index(0, 8).data() == "Training gepland"
    logboek.text_filter.clear()
    logboek.user_filter.setCurrentIndex(logboek.user_filter.count() - 1)
    assert model.rowCount() > 1
    logboek.since_edit.setDate(logboek.until_edit.date().addDays(1))
    assert model.rowCount() == 0 and logboek.count_label.text() == "Van ligt na Tot en met: kies een periode."


def test_logboek_prints_the_entries_chosen(qtbot, window):
    page = window.page("programme")
    page.select_priority(6, 1)
    save_progress(page, 0, ProgressStatus.GEREED, "Crisisplan vastgesteld")
    save_progress(page, 1, ProgressStatus.BEZIG, "Training gepland")
    logboek = window.show_area("logboek")
    qtbot.keyClicks(logboek.text_filter, "training")
    assert window.print_action.isEnabled()
    qtbot.mouseClick(logboek.print_button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(PdfPreviewDialog)
    assert dialog is not None and dialog.isVisible()
    text = pdf_text(dialog.pdf)
    assert "Logboek wijzigingen" in text and "Vertrouwelijk" in text  # old and new values may be personal data
    assert "Onderdeel: alle onderdelen · gebruiker: alle gebruikers" in text and "met ‘training’" in text
    assert "Training gepland" in text and "Crisisplan vastgesteld" not in text
    assert logboek.count_label.text() in text
    dialog.close()


def test_backup_check_and_restore_through_the_menu(window, monkeypatch, answers):
    page = window.page("programme")
    page.select_priority(6, 1)
    save_progress(page, 0, ProgressStatus.BEZIG, "toestand A")
    made = window.make_backup()
    assert made is not None and made.exists()
    assert window.statusBar().currentMessage() == f"Back-up gemaakt: {made.name}"
    save_progress(page, 0, ProgressStatus.GEREED, "toestand B")

    window.check_action.trigger()
    assert "Conclusie: de database is in orde." in answers["information"][-1]

    listed = backup.list_backups(window.context.backup_folder(), window.context.database.path)
    choice = next(number for number, item in enumerate(listed) if item.path == made)
    monkeypatch.setattr(interaction, "choose_item", lambda *args: choice)
    monkeypatch.setattr(interaction, "question", lambda *args: True)
    window.restore_action.trigger()
    assert "is teruggezet" in answers["information"][-1]
    page = window.page("programme")
    page.select_priority(6, 1)
    assert page.actions_model.index(0, 4).data() == "bezig\ntoestand A"
    assert window.undo_stack.count() == 0


def test_restoring_a_bad_file_changes_nothing(window, monkeypatch, answers, tmp_path):
    page = window.page("programme")
    page.select_priority(6, 1)
    save_progress(page, 0, ProgressStatus.BEZIG, "blijft")
    bad = tmp_path / "kapot.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00 afgebroken")
    monkeypatch.setattr(interaction, "choose_item", lambda parent, title, label, items, current: len(items) - 1)
    monkeypatch.setattr(interaction, "open_filename", lambda *args: str(bad))
    monkeypatch.setattr(interaction, "question", lambda *args: True)
    window.restore_action.trigger()
    assert "niet gewijzigd" in answers["critical"][-1]
    page = window.page("programme")
    page.select_priority(6, 1)
    assert page.actions_model.index(0, 4).data() == "bezig\nblijft"


def test_backup_folder_can_be_chosen_and_closing_backs_up(qtbot, db_path, tmp_path, monkeypatch, answers):
    window = make_window(qtbot, db_path)
    elsewhere = tmp_path / "usb-stick" / "crisisapp"
    monkeypatch.setattr(interaction, "existing_folder", lambda *args: str(elsewhere))
    window.backup_folder_action.trigger()
    assert str(elsewhere) in answers["information"][-1]
    assert window.context.call(settings.get_setting, settings.BACKUP_FOLDER) == str(elsewhere)
    window.close()
    assert "afsluiten" in [b.reason for b in backup.list_backups(elsewhere, db_path)]
    assert answers["warning"] == []


def test_a_database_failing_quick_check_is_not_backed_up_on_close(qtbot, db_path, monkeypatch, answers):
    window = make_window(qtbot, db_path)
    folder = window.context.backup_folder()
    monkeypatch.setattr(context_module, "quick_check_ok", lambda path: False)
    window.close()
    assert backup.list_backups(folder, db_path) == []
    assert "niet in orde" in answers["warning"][-1]


def test_a_full_disk_keeps_the_edit_in_the_form(window, answers):
    page = window.page("programme")
    page.select_priority(6, 1)
    engine = window.context.database.engine
    with engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
    engine.dispose()
    event.listen(engine, "connect", lambda dbapi, _record: dbapi.execute(f"PRAGMA max_page_count={pages}"))
    window.context.last_backup = window.context.now()  # no automatic backup in the way
    assert save_progress(page, 0, ProgressStatus.GEREED, "x" * 400_000) is False
    assert "De schijf is vol" in answers["warning"][-1]
    assert page.note_edit.toPlainText() == "x" * 400_000
    assert page.actions_model.index(0, 4).data() == "open"
    assert window.undo_stack.count() == 0


def test_a_failing_automatic_backup_is_reported_once_and_the_edit_kept(window, answers, tmp_path):
    not_a_folder = tmp_path / "bestand"
    not_a_folder.write_text("geen map")
    window.context.execute(settings.SetBackupFolder(tmp_path))
    window.context.last_backup = None
    window.context.call(lambda session: settings.get_setting(session, "x"))  # reading makes no backup
    with window.context.database.sessions.begin() as session:  # point the folder at a file behind its back
        session.merge(settings.Setting(key=settings.BACKUP_FOLDER, value=str(not_a_folder)))
    page = window.page("programme")
    page.select_priority(6, 1)
    assert save_progress(page, 0, ProgressStatus.BEZIG, "wel bewaard")
    assert len(answers["warning"]) == 1 and "back-up" in answers["warning"][0].lower()
    assert save_progress(page, 0, ProgressStatus.GEREED, "ook bewaard")
    assert len(answers["warning"]) == 1
    assert window.context.call(programme.progress_of, "6.1.1").note == "ook bewaard"


def test_a_second_start_brings_the_window_forward(qtbot, window):
    name = f"crisisapp-test-{uuid.uuid4().hex[:8]}"
    server = InstanceServer(name, parent=window)
    assert server.is_listening()
    server.activated.connect(window.bring_to_front)
    with qtbot.waitSignal(server.activated, timeout=60_000):  # only a failure waits that long, however busy
        assert activate_running_instance(name)
    assert "al geopend" in window.statusBar().currentMessage()
    assert not activate_running_instance(f"{name}-nobody")


def test_after_opening_another_database_a_second_start_on_it_finds_this_window(qtbot, window, tmp_path):
    first = window.context.database.path
    server = InstanceServer(server_name(first), parent=window)
    serve_window(server, window)
    other = tmp_path / "ander.sqlite3"
    open_database(other, create=True).close()
    assert window.open_database_file(other)
    assert server.name() == server_name(other.resolve())
    with qtbot.waitSignal(server.activated, timeout=60_000):
        assert activate_running_instance(server_name(other.resolve()))
    assert not activate_running_instance(server_name(first))  # that file is free for an app of its own


def test_a_failing_undo_is_dropped_from_the_stack(window, answers):
    page = window.page("programme")
    page.select_priority(6, 1)
    assert save_progress(page, 0, ProgressStatus.GEREED, "gedaan")
    assert window.undo_stack.count() == 1
    engine = window.context.database.engine
    engine.dispose()
    event.listen(engine, "connect", lambda dbapi, _record: dbapi.execute("PRAGMA query_only=ON"))
    window.undo_action.trigger()
    assert "alleen-lezen" in answers["warning"][-1]
    assert window.undo_stack.count() == 0  # nothing to redo that did not happen
    assert not window.redo_action.isEnabled()


def test_logboek_follows_today_after_midnight(qtbot, db_path):
    from datetime import UTC, datetime, timedelta

    moment = {"now": datetime(2026, 11, 26, 22, 50, tzinfo=UTC)}
    window = make_window(qtbot, db_path)
    window.context.clock = lambda: moment["now"]
    logboek = window.page("logboek")
    page = window.page("programme")
    page.select_priority(6, 1)
    moment["now"] += timedelta(hours=1, minutes=20)  # 00:10 the next day in Amsterdam
    save_progress(page, 0, ProgressStatus.BEZIG, "na middernacht")
    model = logboek.model
    assert any(model.index(r, 8).data() == "na middernacht" for r in range(model.rowCount()))
    window.context.close()


def test_logboek_period_is_typed_as_dutch_dates(qtbot, window):
    page = window.page("programme")
    page.select_priority(6, 1)
    save_progress(page, 0, ProgressStatus.GEREED, "Crisisplan vastgesteld")
    logboek = window.show_area("logboek")
    assert logboek.model.rowCount() > 0
    today = to_local(window.context.now()).date()

    def type_into(field, text: str) -> None:
        field.setFocus()
        field.selectAll()
        qtbot.keyClicks(field, text)
        qtbot.keyClick(field, Qt.Key.Key_Return)

    type_into(logboek.since_edit, "morgen")
    assert logboek.since_edit.day() == today + timedelta(days=1)
    assert logboek.model.rowCount() == 0 and logboek.count_label.text() == "Van ligt na Tot en met: kies een periode."
    assert logboek.date_message.isHidden()
    type_into(logboek.since_edit, "31-02-2027")  # refused with its reason; the filter keeps the last good date
    assert logboek.date_message.isVisible()
    assert logboek.date_message.text() == "31-02-2027 bestaat niet: februari 2027 heeft 28 dagen."
    assert logboek.since_edit.day() == today + timedelta(days=1)
    type_into(logboek.since_edit, "vandaag")
    assert logboek.date_message.isHidden()
    assert logboek.model.rowCount() > 0
    type_into(logboek.until_edit, f"{today - timedelta(days=1):%d-%m-%Y}")
    assert logboek.model.rowCount() == 0
    assert f"tot en met {today - timedelta(days=1):%d-%m-%Y}" in logboek.selection_text()


def test_logboek_shows_yes_no_and_dates_in_dutch(qtbot, window):
    from datetime import date

    from crisisapp.services import jaarwisseling
    from crisisapp.services import organisation as org

    context = window.context
    context.execute(jaarwisseling.AddTask(2026, "Containers bestellen", "gemeente", date(2026, 12, 20)))
    context.execute(org.AddPerson(org.PersonInput("Piet Paal", "Schiedam")))  # not archived: "nee"
    logboek = window.show_area("logboek")
    model = logboek.model
    cells = {model.index(r, c).data() for r in range(model.rowCount()) for c in (7, 8)}
    assert "20-12-2026" in cells and "2026-12-20" not in cells
    assert cells & {"ja", "nee"} and not cells & {"True", "False"}

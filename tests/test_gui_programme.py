"""The programme page as a user works with it: search, select, record progress, undo, restart."""

import pytest
from PySide6.QtCore import Qt

from crisisapp.models.programme import ProgressStatus
from crisisapp.ui.programme.models import KEY_ROLE
from tests.test_gui_mainwindow import reopen, window_on

pytestmark = pytest.mark.gui


def visible_tree(page):
    """(label, key) of every node the tree shows, depth first."""
    model = page.tree_filter
    nodes = []

    def walk(parent):
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            nodes.append((index.data(), index.data(KEY_ROLE)))
            walk(index)

    from PySide6.QtCore import QModelIndex

    walk(QModelIndex())
    return nodes


def table_codes(page):
    model = page.actions_model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


@pytest.fixture
def page(qtbot, context):
    window = window_on(qtbot, context)
    yield window.show_area("programme")
    window.context.close()


def test_search_narrows_the_tree_and_highlights_matches(qtbot, page):
    assert len(visible_tree(page)) == 1 + 6 + 24
    qtbot.keyClicks(page.search, "furiade")
    assert [key for _label, key in visible_tree(page)] == ["6", "6.2"]
    assert visible_tree(page)[1][0].endswith("(1)")
    assert page.result_label.text() == "1 actie gevonden in 1 prioriteit"
    page.tree.setCurrentIndex(page.tree_filter.index(0, 0, page.tree_filter.index(0, 0)))
    assert table_codes(page) == ["6.2.2"]
    wanneer = page.actions_model.index(0, 2)
    assert wanneer.data(Qt.ItemDataRole.BackgroundRole) is not None  # "Furiade" is in the Wanneer cell
    assert page.actions_model.index(0, 3).data(Qt.ItemDataRole.BackgroundRole) is None

    page.search.clear()
    qtbot.keyClicks(page.search, "politie")
    labels = [label for label, _key in visible_tree(page)]
    assert any(label.startswith("2. Prioriteit aanpak criminaliteit") for label in labels)
    assert "Inleiding" not in labels

    page.search.clear()
    qtbot.keyClicks(page.search, "bestaat-niet")
    assert visible_tree(page) == []
    assert "Geen acties gevonden" in page.result_label.text()
    assert page.actions_model.rowCount() == 0

    page.search.clear()
    assert len(visible_tree(page)) == 31


def test_selecting_an_inzet_shows_its_ambition_and_actions(page):
    page.select_priority(3, 1)
    assert "Burgernet" in page.detail.toPlainText()
    assert table_codes(page) == ["3.1.1", "3.1.2", "3.1.3", "3.1.4", "3.1.5"]
    assert not page.progress_box.isVisible()  # only priority 6 carries progress
    page.select_priority(6, 1)
    assert page.progress_box.isVisible()


def test_a_long_action_is_shortened_in_the_form_not_widening_the_window(page):
    window = page.window()
    size = window.size()
    page.select_priority(6)
    for row in range(page.actions_model.rowCount()):
        page.table.selectRow(row)
        action = page.actions_model.row_at(row).action
        assert page.progress_action.full_text() == f"{action.code} · {action.hoe}"
        assert page.progress_action.fontMetrics().horizontalAdvance(page.progress_action.text()) <= (
            page.progress_action.width()
        )
        assert window.size() == size, action.code


@pytest.mark.engines  # a user's task from start to end, also on a server database
def test_progress_is_saved_undone_redone_and_kept_after_a_restart(qtbot, page, context):
    window = page.window()
    page.select_priority(6, 1)
    page.table.selectRow(1)
    assert page.progress_action.text().startswith("6.1.2")
    page.status_combo.setCurrentIndex(page.status_combo.findData(ProgressStatus.GEREED))
    page.note_edit.setPlainText("Training beleidsteam gehouden op 12 maart.")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)

    progress_cell = page.actions_model.index(1, 4)
    assert progress_cell.data().startswith("gereed")
    assert "laatst gewijzigd" in page.updated_label.text()
    assert window.undo_action.text() == "&Ongedaan maken: Voortgang van een programma-actie bijwerken"

    window.undo_action.trigger()
    assert page.actions_model.index(1, 4).data() == "open"
    assert page.status_combo.currentData() == ProgressStatus.OPEN
    window.redo_action.trigger()
    assert page.actions_model.index(1, 4).data().startswith("gereed")
    assert page.note_edit.toPlainText() == "Training beleidsteam gehouden op 12 maart."

    window.close()
    window.context.close()
    reopened = window_on(qtbot, reopen(context)).page("programme")
    reopened.select_priority(6, 1)
    assert reopened.actions_model.index(1, 4).data() == "gereed\nTraining beleidsteam gehouden op 12 maart."
    reopened.window().context.close()


def test_a_failed_save_keeps_the_form_and_tells_why(page, monkeypatch):
    from crisisapp.errors import DomainError
    from crisisapp.services import programme
    from crisisapp.ui import interaction

    def refuse(self, session):
        raise DomainError("De schijf is vol; de wijziging is niet opgeslagen.")

    warnings = []
    monkeypatch.setattr(programme.SetProgress, "apply", refuse)
    monkeypatch.setattr(interaction, "warning", lambda parent, title, text: warnings.append(text))
    page.select_priority(6, 2)
    page.table.selectRow(0)
    page.status_combo.setCurrentIndex(page.status_combo.findData(ProgressStatus.BEZIG))
    page.note_edit.setPlainText("Nog niet bewaard")
    assert page.save_progress() is False
    assert warnings == ["De schijf is vol; de wijziging is niet opgeslagen."]
    assert page.note_edit.toPlainText() == "Nog niet bewaard"
    assert page.undo_stack.count() == 0


def test_item_models_follow_the_qt_contract(qtmodeltester, page, qtbot):
    qtmodeltester.check(page.tree_filter)
    qtmodeltester.check(page.actions_model)
    qtbot.keyClicks(page.search, "gemeente")
    qtmodeltester.check(page.tree_filter)
    qtmodeltester.check(page.actions_model)

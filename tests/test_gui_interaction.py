"""Message boxes show what users typed letter for letter, never as HTML."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from crisisapp.ui import interaction

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No])
def test_a_message_quoting_a_name_is_plain_text(qtbot, monkeypatch, answer):
    parent = QWidget()
    qtbot.addWidget(parent)
    shown: list[QMessageBox] = []

    def exec_(box: QMessageBox) -> int:
        shown.append(box)
        return answer.value

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    name = "<b>Jan</b> & Piet"
    interaction.warning(parent, "Wijziging niet opgeslagen", f"{name} is gearchiveerd.")
    assert interaction.question(parent, "Verwijderen?", f"{name} verwijderen?") is (
        answer == QMessageBox.StandardButton.Yes
    )
    assert [box.text() for box in shown] == [f"{name} is gearchiveerd.", f"{name} verwijderen?"]
    assert all(box.textFormat() is Qt.TextFormat.PlainText for box in shown)
    assert shown[1].defaultButton() is shown[1].button(QMessageBox.StandardButton.No)


@pytest.mark.parametrize("go_ahead", [True, False])
def test_confirm_names_the_action_and_defaults_to_cancel(qtbot, monkeypatch, go_ahead):
    parent = QWidget()
    qtbot.addWidget(parent)
    shown: list[QMessageBox] = []

    def exec_(box: QMessageBox) -> int:
        shown.append(box)
        button = next(b for b in box.buttons() if b.text() == "Verwijderen") if go_ahead else box.defaultButton()
        button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    name = "<b>Hoogstraat</b>"
    assert interaction.confirm(parent, "Verwijderen", f"Het knelpunt {name} verwijderen?", "Verwijderen") is go_ahead
    (box,) = shown
    assert box.text() == f"Het knelpunt {name} verwijderen?" and box.textFormat() is Qt.TextFormat.PlainText
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    assert [b.text() for b in box.buttons()].count("Verwijderen") == 1

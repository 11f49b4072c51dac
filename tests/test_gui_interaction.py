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

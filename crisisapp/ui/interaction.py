"""Every message box and file dialog of the app, in one place that tests replace with answers."""

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter


def run_dialog(dialog: QDialog) -> bool:
    """Show one of the app's own dialogs modally; True when the user accepted it."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def _message(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok,
    default: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok,
) -> QMessageBox.StandardButton:
    """A message box that shows ``text`` letter for letter: messages quote names and input that users typed,
    and Qt would render anything that looks like HTML."""
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setDefaultButton(default)
    return QMessageBox.StandardButton(box.exec())


def information(parent: QWidget | None, title: str, text: str) -> None:
    _message(parent, QMessageBox.Icon.Information, title, text)


def warning(parent: QWidget | None, title: str, text: str) -> None:
    _message(parent, QMessageBox.Icon.Warning, title, text)


def critical(parent: QWidget | None, title: str, text: str) -> None:
    _message(parent, QMessageBox.Icon.Critical, title, text)


def question(parent: QWidget | None, title: str, text: str) -> bool:
    """Yes or no; the default button is No."""
    no, yes = QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes
    return _message(parent, QMessageBox.Icon.Question, title, text, yes | no, no) == yes


def confirm(parent: QWidget | None, title: str, text: str, action: str, back: str | None = None) -> bool:
    """Whether the user goes ahead with ``action`` (the button's text, such as "Verwijderen"); the default
    button cancels, and so does Escape, so that an Enter or Escape pressed too soon loses nothing. ``back``: the
    text of that button when Qt's "Annuleren" would not say what it does ("Verder bewerken")."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.Cancel, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    go = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    if back is not None:
        cancel = box.button(QMessageBox.StandardButton.Cancel)
        cancel.setText(back)
        cancel.setIcon(QIcon())  # a cross beside "Verder bewerken" would read as closing
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is go


def existing_folder(parent: QWidget | None, title: str, folder: str) -> str | None:
    """The chosen folder, or None when the user cancels."""
    return QFileDialog.getExistingDirectory(parent, title, folder) or None


def about(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.about(parent, title, text)


def open_filename(parent: QWidget | None, title: str, folder: str, filters: str) -> str | None:
    """The chosen existing file, or None when the user cancels."""
    path, _ = QFileDialog.getOpenFileName(parent, title, folder, filters)
    return path or None


def save_filename(parent: QWidget | None, title: str, suggestion: str, filters: str) -> str | None:
    """The chosen file to write, or None when the user cancels."""
    path, _ = QFileDialog.getSaveFileName(parent, title, suggestion, filters)
    return path or None


def choose_item(parent: QWidget | None, title: str, label: str, items: list[str], current: int) -> int | None:
    """The index of the chosen item, or None when the user cancels."""
    text, accepted = QInputDialog.getItem(parent, title, label, items, current, False)
    return items.index(text) if accepted else None


def password(parent: QWidget | None, title: str, label: str) -> str | None:
    """A password typed in a field that does not show it, or None when the user cancels."""
    text, accepted = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Password)
    return text if accepted else None


def print_setup(parent: QWidget | None, printer: "QPrinter") -> bool:
    """Let the user choose printer and pages; False when cancelled."""
    from PySide6.QtPrintSupport import QPrintDialog

    dialog = QPrintDialog(printer, parent)
    return dialog.exec() == QPrintDialog.DialogCode.Accepted

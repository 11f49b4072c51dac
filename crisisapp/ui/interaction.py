"""Every message box and file dialog of the app, in one place that tests replace with answers."""

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox, QWidget

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter


def run_dialog(dialog: QDialog) -> bool:
    """Show one of the app's own dialogs modally; True when the user accepted it."""
    return dialog.exec() == QDialog.DialogCode.Accepted


def information(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def warning(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


def critical(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.critical(parent, title, text)


def question(parent: QWidget | None, title: str, text: str) -> bool:
    """Yes or no; the default button is No."""
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


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


def print_setup(parent: QWidget | None, printer: "QPrinter") -> bool:
    """Let the user choose printer and pages; False when cancelled."""
    from PySide6.QtPrintSupport import QPrintDialog

    dialog = QPrintDialog(printer, parent)
    return dialog.exec() == QPrintDialog.DialogCode.Accepted

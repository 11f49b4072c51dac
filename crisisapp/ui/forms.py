"""The form pieces every page uses: a dialog with an error line under each field, date and time fields."""

from datetime import date, datetime

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from crisisapp.timeutil import to_local, to_utc


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_edit(parent: QWidget, day: date) -> QDateEdit:
    edit = QDateEdit(qdate(day), parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd-MM-yyyy")
    return edit


class FormDialog(QDialog):
    """A form with an error line under each field, shown until the input is valid."""

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.errors: dict[str, QLabel] = {}
        self.required: dict[str, tuple[QLineEdit, str]] = {}
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Opslaan"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuleren"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)

    def add_field(self, key: str, label: str, widget: QWidget) -> None:
        error = QLabel(self)
        error.setObjectName("fieldError")
        error.setStyleSheet("color: #b42318;")
        error.setWordWrap(True)
        error.setTextFormat(Qt.TextFormat.PlainText)  # messages quote what the user typed
        error.hide()
        box = QVBoxLayout()
        box.setSpacing(2)
        box.addWidget(widget)
        box.addWidget(error)
        self.form.addRow(label, box)
        self.errors[key] = error

    def add_fields(self, *fields: tuple[str, str, QWidget]) -> None:
        """Several fields at once: (key, label, widget) each."""
        for key, label, widget in fields:
            self.add_field(key, label, widget)

    def require(self, key: str, widget: QLineEdit, message: str) -> None:
        """The field ``key`` may not be left empty; ``message`` says so under it."""
        self.required[key] = (widget, message)

    def accept(self) -> None:
        missing = {key: message for key, (widget, message) in self.required.items() if not widget.text().strip()}
        if missing:
            self.show_errors(missing)
            return
        super().accept()

    def show_errors(self, errors: dict[str, str]) -> None:
        for key, label in self.errors.items():
            label.setText(errors.get(key, ""))
            label.setVisible(key in errors)

    def error_text(self, key: str) -> str:
        label = self.errors[key]
        return label.text() if not label.isHidden() else ""


def datetime_edit(parent: QWidget, moment: datetime) -> QDateTimeEdit:
    local = to_local(moment)
    edit = QDateTimeEdit(QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute)), parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd-MM-yyyy HH:mm")
    return edit


def moment_of(edit: QDateTimeEdit) -> datetime:
    """The edit's local date and time as an aware UTC moment."""
    value = edit.dateTime()
    day, clock = value.date(), value.time()
    return to_utc(datetime(day.year(), day.month(), day.day(), clock.hour(), clock.minute()))

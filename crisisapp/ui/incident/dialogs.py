"""Forms of the incident page. Enter never closes one of them: it goes to the next field and, from the last, to
Opslaan; Ctrl+Enter (or Opslaan itself) saves."""

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from crisisapp.models.incident import CallOutcome, EntryKind, MeetingKind
from crisisapp.models.oto import ActionStatus
from crisisapp.services.incident import (
    ActionRecord,
    EntryRecord,
    FunctionAlarm,
    IncidentInput,
    IncidentRecord,
    MeetingInput,
)
from crisisapp.timeutil import format_datetime
from crisisapp.ui.forms import FormDialog, datetime_edit, moment_of
from crisisapp.ui.oto.dialogs import FindingDialog

GRIP_TEXTS = (
    "GRIP 0 — routine, geen opschaling",
    "GRIP 1 — bronbestrijding, CoPI",
    "GRIP 2 — ook effecten, ROT",
    "GRIP 3 — bevolking bedreigd, GBT",
    "GRIP 4 — meerdere gemeenten, RBT",
)


def grip_combo(parent: QWidget, level: int) -> QComboBox:
    combo = QComboBox(parent)
    for number, text in enumerate(GRIP_TEXTS):
        combo.addItem(parent.tr(text), number)
    combo.setCurrentIndex(level)
    return combo


class IncidentForm(FormDialog):
    """A form whose last Enter goes to Opslaan instead of saving: in the first hour a window must not close on a
    key pressed once too often."""

    def showEvent(self, event: QShowEvent) -> None:
        """The cursor starts in the first field, ready to type (not on the scroll area around the fields)."""
        super().showEvent(event)
        stops = self._stops()
        if stops and not any(stop.hasFocus() for stop in stops):
            stops[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & ~(
            Qt.KeyboardModifier.KeypadModifier
        ):
            stops = self._stops()
            current: QWidget | None = self.focusWidget()
            while current is not None and current not in stops:
                current = current.parentWidget()
            if stops and current is stops[-1]:
                self.buttons.button(QDialogButtonBox.StandardButton.Ok).setFocus(Qt.FocusReason.TabFocusReason)
                return
        super().keyPressEvent(event)


class StartDialog(IncidentForm):
    """Start an incident (or correct its particulars): what, where, GRIP, when the alert came, from whom.
    ``municipality``: on a server, whose incident a new one becomes (the user's role's)."""

    def __init__(
        self,
        parent: QWidget | None,
        now: datetime,
        incident: IncidentRecord | None = None,
        municipality: str | None = None,
    ) -> None:
        super().__init__(parent, self.tr("Gegevens van het incident") if incident else self.tr("Incident starten"))
        self.whose = QLabel(self)
        self.whose.setTextFormat(Qt.TextFormat.PlainText)
        if municipality is not None and incident is None:
            self.whose.setText(
                self.tr("Wordt een incident van %1: medewerkers van %1 loggen erin.").replace("%1", municipality)
            )
            self.form.addRow(self.whose)
        else:
            self.whose.hide()
        self.title = QLineEdit(self)
        self.title.setPlaceholderText(self.tr("bijvoorbeeld: brand bedrijfspand Noordvliet"))
        self.location = QLineEdit(self)
        self.grip = grip_combo(self, incident.grip if incident else 1)
        self.alert_at = datetime_edit(self, incident.alert_at if incident else now)
        self.reported_by = QLineEdit(self)
        self.reported_by.setPlaceholderText(self.tr("bijvoorbeeld: meldkamer VRR"))
        self.exercise = QCheckBox(self.tr("oefening (telt niet mee bij echte incidenten)"), self)
        self.minutes = QSpinBox(self)
        self.minutes.setRange(1, 60)
        self.minutes.setSuffix(self.tr(" minuten"))
        self.minutes.setValue(incident.reach_minutes if incident else 5)
        self.add_fields(
            ("title", self.tr("Incident:"), self.title),
            ("location", self.tr("Locatie:"), self.location),
            ("grip", self.tr("GRIP:"), self.grip),
            ("alert_at", self.tr("Alarmering om:"), self.alert_at),
            ("reported_by", self.tr("Gemeld door:"), self.reported_by),
            ("exercise", "", self.exercise),
            ("reach_minutes", self.tr("Volgende bellen na:"), self.minutes),
        )
        self.require("title", self.title, self.tr("Geef het incident een titel."))
        if incident is not None:
            self.title.setText(incident.title)
            self.location.setText(incident.location)
            self.reported_by.setText(incident.reported_by)
            self.exercise.setChecked(incident.exercise)
            self.grip.setEnabled(False)  # through GRIP wijzigen, which keeps the history

    def value(self) -> IncidentInput:
        return IncidentInput(
            self.title.text(),
            self.location.text(),
            int(self.grip.currentData()),
            moment_of(self.alert_at),
            self.reported_by.text(),
            self.exercise.isChecked(),
            self.minutes.value(),
        )


class GripDialog(IncidentForm):
    def __init__(self, parent: QWidget | None, incident: IncidentRecord, now: datetime) -> None:
        super().__init__(parent, self.tr("GRIP wijzigen"))
        self.level = grip_combo(self, min(incident.grip + 1, 4))
        self.at = datetime_edit(self, now)
        self.add_fields(("grip", self.tr("Nieuw niveau:"), self.level), ("at", self.tr("Om:"), self.at))

    def value(self) -> tuple[int, datetime]:
        return int(self.level.currentData()), moment_of(self.at)


class CallDialog(IncidentForm):
    """A call of the alarming: whom (the function's list, the next up chosen), the outcome, when, a note."""

    def __init__(self, parent: QWidget | None, line: FunctionAlarm, now: datetime) -> None:
        super().__init__(parent, self.tr("Alarmeren: %1").replace("%1", line.function.name))
        self.person = QComboBox(self)
        for call in line.candidates:
            marks = ", ".join(call.marks())
            self.person.addItem(f"{call.person.name} ({call.role}{', ' + marks if marks else ''})", call.person.id)
        if line.next_up is not None:
            self.person.setCurrentIndex(self.person.findData(line.next_up.id))
        self.outcome = QComboBox(self)
        for outcome in CallOutcome:
            self.outcome.addItem(self.tr(outcome.value), outcome)
        self.at = datetime_edit(self, now)
        self.note = QLineEdit(self)
        self.add_fields(
            ("person", self.tr("Persoon:"), self.person),
            ("outcome", self.tr("Uitkomst:"), self.outcome),
            ("called_at", self.tr("Gebeld om:"), self.at),
            ("note", self.tr("Notitie:"), self.note),
        )

    def value(self) -> tuple[int, CallOutcome, datetime, str]:
        return (
            int(self.person.currentData()),
            CallOutcome(self.outcome.currentData()),
            moment_of(self.at),
            self.note.text(),
        )


class MomentDialog(IncidentForm):
    """One moment: the arrival of whoever was reached, or the end of the incident."""

    def __init__(self, parent: QWidget | None, title: str, label: str, now: datetime, explanation: str = "") -> None:
        super().__init__(parent, title)
        if explanation:
            text = QLabel(explanation, self)
            text.setWordWrap(True)
            text.setTextFormat(Qt.TextFormat.PlainText)
            self.form.addRow(text)
        self.at = datetime_edit(self, now)
        self.add_field("at", label, self.at)

    def value(self) -> datetime:
        return moment_of(self.at)


class CorrectionDialog(IncidentForm):
    """A correction of a log entry: a new entry; the original stays in the log, marked as corrected."""

    def __init__(self, parent: QWidget | None, entry: EntryRecord) -> None:
        super().__init__(parent, self.tr("Logregel corrigeren"))
        header = f"Regel {entry.number} · {format_datetime(entry.at)} · {entry.kind.value} · {entry.author}"
        original = QLabel(f"{header}\n{entry.text}", self)
        original.setTextFormat(Qt.TextFormat.PlainText)
        original.setWordWrap(True)
        self.kind = QComboBox(self)
        for kind in EntryKind:
            self.kind.addItem(self.tr(kind.value), kind)
        self.kind.setCurrentIndex(self.kind.findData(entry.kind))
        self.at = datetime_edit(self, entry.at)
        self.text = QLineEdit(entry.text, self)
        self.add_field("original", self.tr("Oorspronkelijk:"), original)
        self.add_fields(
            ("kind", self.tr("Soort:"), self.kind),
            ("at", self.tr("Tijd:"), self.at),
            ("text", self.tr("Gecorrigeerd:"), self.text),
        )
        self.require("text", self.text, self.tr("Typ de gecorrigeerde regel."))

    def value(self) -> tuple[EntryKind, datetime, str]:
        return EntryKind(self.kind.currentData()), moment_of(self.at), self.text.text()


class ActionDialog(IncidentForm):
    def __init__(self, parent: QWidget | None, action: ActionRecord, now: datetime) -> None:
        super().__init__(parent, self.tr("Actie bijwerken"))
        self.owner = QLineEdit(action.owner, self)
        self.has_deadline = QCheckBox(self.tr("uiterlijk"), self)
        self.has_deadline.setChecked(action.deadline is not None)
        self.deadline = datetime_edit(self, action.deadline or now)
        self.status = QComboBox(self)
        for status in ActionStatus:
            self.status.addItem(self.tr(status.value), status)
        self.status.setCurrentIndex(self.status.findData(action.status))
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.has_deadline)
        layout.addWidget(self.deadline, 1)
        self.add_fields(
            ("owner", self.tr("Eigenaar:"), self.owner),
            ("deadline", self.tr("Deadline:"), row),
            ("status", self.tr("Status:"), self.status),
        )

    def value(self) -> tuple[str, datetime | None, ActionStatus]:
        deadline = moment_of(self.deadline) if self.has_deadline.isChecked() else None
        return self.owner.text(), deadline, ActionStatus(self.status.currentData())


class MeetingDialog(IncidentForm):
    """A meeting of the CoPI, TBz or GBT in BOB order."""

    def __init__(self, parent: QWidget | None, now: datetime) -> None:
        super().__init__(parent, self.tr("Overleg vastleggen"))
        self.kind = QComboBox(self)
        for kind in MeetingKind:
            self.kind.addItem(kind.value, kind)
        self.at = datetime_edit(self, now)
        self.present = self._text(60, self.tr("één per regel"))
        self.beeld = self._text(50)
        self.oordeel = self._text(50)
        self.besluit = self._text(50)
        self.add_fields(
            ("kind", self.tr("Overleg:"), self.kind),
            ("held_at", self.tr("Om:"), self.at),
            ("present", self.tr("Aanwezig:"), self.present),
            ("beeldvorming", self.tr("Beeldvorming:"), self.beeld),
            ("oordeelsvorming", self.tr("Oordeelsvorming:"), self.oordeel),
            ("besluitvorming", self.tr("Besluitvorming:"), self.besluit),
        )
        self.require("present", self.present, self.tr("Wie waren aanwezig?"))

    def _text(self, height: int, placeholder: str = "") -> QPlainTextEdit:
        edit = QPlainTextEdit(self)
        edit.setFixedHeight(height)
        edit.setPlaceholderText(placeholder)
        return edit

    def value(self) -> MeetingInput:
        return MeetingInput(
            MeetingKind(self.kind.currentData()),
            moment_of(self.at),
            self.present.toPlainText(),
            self.beeld.toPlainText(),
            self.oordeel.toPlainText(),
            self.besluit.toPlainText(),
        )


class IncidentFindingDialog(IncidentForm, FindingDialog):
    """OTO's finding or action point, for an incident's evaluation; Enter does not close it either."""

"""Forms of the OTO page: an activity, inviting participants, the live drill, a finding, a norm."""

from collections.abc import Callable, Sequence
from datetime import date, datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from crisisapp.models.oto import KIND_LABELS, ActivityKind, Presence
from crisisapp.services.organisation import PersonRecord, TeamRecord
from crisisapp.services.oto import ActivityInput, ActivityRecord, NormRecord, ParticipantRecord
from crisisapp.timeutil import to_local
from crisisapp.ui.forms import FormDialog, date_edit, datetime_edit, moment_of, pydate


class ActivityDialog(FormDialog):
    def __init__(
        self,
        parent: QWidget | None,
        activity: ActivityRecord | None,
        start: datetime,
        unannounced_kinds: set[ActivityKind],
    ) -> None:
        super().__init__(parent, self.tr("Activiteit wijzigen") if activity else self.tr("Nieuwe OTO-activiteit"))
        self.kind = QComboBox(self)
        for kind in ActivityKind:
            self.kind.addItem(self.tr(KIND_LABELS[kind]), kind)
        self.title = QLineEdit(self)
        self.start = datetime_edit(self, activity.start if activity else start)
        self.duration = QSpinBox(self)
        self.duration.setRange(5, 7 * 24 * 60)
        self.duration.setSuffix(self.tr(" minuten"))
        self.duration.setValue(activity.duration_minutes if activity else 120)
        self.location = QLineEdit(self)
        self.partners = QLineEdit(self)
        self.partners.setPlaceholderText(self.tr("bijvoorbeeld: Vlaardingen, Schiedam, VRR"))
        self.unannounced = QCheckBox(self.tr("onaangekondigd (de datum blijft bij de coördinator)"), self)
        self.notes = QPlainTextEdit(self)
        self.notes.setFixedHeight(60)
        self.add_fields(
            ("kind", self.tr("Soort:"), self.kind),
            ("title", self.tr("Titel:"), self.title),
            ("start", self.tr("Datum en tijd:"), self.start),
            ("duration_minutes", self.tr("Duur:"), self.duration),
            ("location", self.tr("Locatie:"), self.location),
            ("partners", self.tr("Partners:"), self.partners),
            ("unannounced", "", self.unannounced),
            ("notes", self.tr("Toelichting:"), self.notes),
        )
        self.require("title", self.title, self.tr("Geef de activiteit een titel."))
        if activity is not None:
            self.kind.setCurrentIndex(self.kind.findData(activity.kind))
            self.title.setText(activity.title)
            self.location.setText(activity.location)
            self.partners.setText(activity.partners)
            self.unannounced.setChecked(activity.unannounced)
            self.notes.setPlainText(activity.notes)
        else:
            self.kind.currentIndexChanged.connect(
                lambda: self.unannounced.setChecked(self.kind.currentData() in unannounced_kinds)
            )

    def value(self) -> ActivityInput:
        return ActivityInput(
            ActivityKind(self.kind.currentData()),
            self.title.text(),
            moment_of(self.start),
            self.duration.value(),
            self.location.text(),
            self.partners.text(),
            self.unannounced.isChecked(),
            self.notes.toPlainText(),
        )


class InviteDialog(FormDialog):
    """Choose participants by team, by function or by person."""

    def __init__(self, parent: QWidget | None, teams: Sequence[TeamRecord], people: Sequence[PersonRecord]) -> None:
        super().__init__(parent, self.tr("Deelnemers uitnodigen"))
        self.team = QComboBox(self)
        self.team.addItem(self.tr("— geen team —"), None)
        for team in teams:
            self.team.addItem(f"{team.name} ({team.code})", team.id)
        self.function = QComboBox(self)
        self.function.addItem(self.tr("— geen functie —"), None)
        for team in teams:
            for function in team.functions:
                self.function.addItem(f"{function.name} ({team.code})", function.id)
        self.people = QListWidget(self)
        self.people.setSelectionMode(QListWidget.SelectionMode.MultiSelection)
        for person in people:
            item = QListWidgetItem(f"{person.name} ({person.municipality})", self.people)
            item.setData(Qt.ItemDataRole.UserRole, person.id)
        self.people.setMinimumHeight(200)
        self.add_field("team", self.tr("Alle functionarissen van team:"), self.team)
        self.add_field("function", self.tr("Alle functionarissen van functie:"), self.function)
        self.add_field("people", self.tr("En/of personen:"), self.people)

    def value(self) -> tuple[int | None, int | None, list[int]]:
        chosen = [int(item.data(Qt.ItemDataRole.UserRole)) for item in self.people.selectedItems()]
        return self.team.currentData(), self.function.currentData(), chosen


class DrillDialog(FormDialog):
    """Live mode: the clock runs from the alarm; click a participant, or type a few letters and Enter, as
    their reaction (or arrival) comes in."""

    def __init__(
        self,
        parent: QWidget | None,
        activity: ActivityRecord,
        people: Sequence[ParticipantRecord],
        norm_minutes: int | None,
        clock: Callable[[], datetime],
        register: Callable[[int, datetime], bool],
    ) -> None:
        super().__init__(parent, self.tr("Oefening loopt: %1").replace("%1", activity.title))
        self.activity, self.norm, self.clock, self.register = activity, norm_minutes, clock, register
        self.arrival = activity.kind is ActivityKind.OPKOMST
        self.alarm_at = activity.alarm_at or clock()
        self.elapsed = QLabel(self)
        self.elapsed.setStyleSheet("font-size: 20pt; font-weight: 600;")
        self.count = QLabel(self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Typ een paar letters van de naam en druk op Enter"))
        self.list = QListWidget(self)
        self.list.setMinimumHeight(320)
        self.times: dict[int, datetime | None] = {}
        for person in people:
            moment = person.arrived_at if self.arrival else (person.acknowledged_at or person.arrived_at)
            self.times[person.person_id] = moment if person.presence is Presence.RESPONDED else None
            item = QListWidgetItem(person.name, self.list)
            item.setData(Qt.ItemDataRole.UserRole, person.person_id)
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.elapsed, self.count, self.search, self.list):
            layout.addWidget(widget)
        self.add_field("drill", "", box)
        self.buttons.button(self.buttons.StandardButton.Ok).setText(self.tr("Klaar"))
        self.buttons.button(self.buttons.StandardButton.Cancel).hide()
        self.list.itemActivated.connect(lambda item: self.respond(int(item.data(Qt.ItemDataRole.UserRole))))
        self.list.itemDoubleClicked.connect(lambda item: self.respond(int(item.data(Qt.ItemDataRole.UserRole))))
        self.search.returnPressed.connect(self.respond_to_search)
        self.search.textChanged.connect(self._filter)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh)
        self.timer.start(1000)
        self.resize(520, 560)
        self.refresh()

    def _minutes(self, moment: datetime) -> float:
        return (moment - self.alarm_at).total_seconds() / 60

    def refresh(self) -> None:
        seconds = int((self.clock() - self.alarm_at).total_seconds())
        self.elapsed.setText(f"{seconds // 60:02d}:{seconds % 60:02d}")
        done = [m for m in self.times.values() if m is not None]
        within = sum(1 for m in done if self.norm is not None and self._minutes(m) <= self.norm)
        what = self.tr("aangekomen") if self.arrival else self.tr("gereageerd")
        norm = self.tr(" · %1 binnen de norm van %2 minuten").replace("%1", str(within)).replace("%2", str(self.norm))
        self.count.setText(
            f"{len(done)} {self.tr('van')} {len(self.times)} {what}" + (norm if self.norm is not None else "")
        )
        for row in range(self.list.count()):
            item = self.list.item(row)
            person = int(item.data(Qt.ItemDataRole.UserRole))
            moment = self.times.get(person)
            name = item.text().split("  ·  ")[0]
            item.setText(
                name if moment is None else f"{name}  ·  {to_local(moment):%H:%M:%S} (+{self._minutes(moment):.1f} min)"
            )

    def _filter(self, text: str) -> None:
        wanted = text.casefold().strip()
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setHidden(bool(wanted) and wanted not in item.text().casefold())

    def respond_to_search(self) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            person = int(item.data(Qt.ItemDataRole.UserRole))
            if not item.isHidden() and self.times.get(person) is None:
                self.respond(person)
                self.search.clear()
                return

    def respond(self, person_id: int) -> None:
        if self.times.get(person_id) is not None:
            return
        moment = self.clock()
        if self.register(person_id, moment):
            self.times[person_id] = moment
        self.refresh()


class FindingDialog(FormDialog):
    def __init__(self, parent: QWidget | None, today: date) -> None:
        super().__init__(parent, self.tr("Bevinding of actiepunt"))
        self.description = QPlainTextEdit(self)
        self.description.setFixedHeight(70)
        self.action = QCheckBox(self.tr("dit is een actiepunt"), self)
        self.owner = QLineEdit(self)
        self.due = date_edit(self, today)
        self.add_field("description", self.tr("Omschrijving:"), self.description)
        self.add_field("action", "", self.action)
        self.add_field("owner", self.tr("Eigenaar:"), self.owner)
        self.add_field("due", self.tr("Gereed op:"), self.due)

    def value(self) -> tuple[str, str, date | None, bool]:
        action = self.action.isChecked()
        return self.description.toPlainText(), self.owner.text(), pydate(self.due.date()) if action else None, action

    def accept(self) -> None:
        if not self.description.toPlainText().strip():
            self.show_errors({"description": self.tr("Beschrijf de bevinding.")})
            return
        super().accept()


class NormDialog(FormDialog):
    def __init__(self, parent: QWidget | None, norm: NormRecord) -> None:
        super().__init__(parent, self.tr("Norm en doel: %1").replace("%1", KIND_LABELS[norm.kind]))
        self.kind = norm.kind
        self.acknowledge = self._spin(norm.acknowledge_minutes)
        self.arrival = self._spin(norm.arrival_minutes)
        self.unannounced = QCheckBox(self.tr("standaard onaangekondigd"), self)
        self.unannounced.setChecked(norm.unannounced)
        self.target = QSpinBox(self)
        self.target.setRange(0, 52)
        self.target.setValue(norm.yearly_target)
        self.add_field("acknowledge_minutes", self.tr("Reactie binnen (0 = geen norm):"), self.acknowledge)
        self.add_field("arrival_minutes", self.tr("Opkomst binnen (0 = geen norm):"), self.arrival)
        self.add_field("unannounced", "", self.unannounced)
        self.add_field("yearly_target", self.tr("Doel per jaar:"), self.target)

    def _spin(self, value: int | None) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setRange(0, 24 * 60)
        spin.setSuffix(self.tr(" minuten"))
        spin.setValue(value or 0)
        return spin

    def value(self) -> NormRecord:
        return NormRecord(
            self.kind,
            self.acknowledge.value() or None,
            self.arrival.value() or None,
            self.unannounced.isChecked(),
            self.target.value(),
        )


class ResponseDialog(FormDialog):
    """Enter or correct a participant's response afterwards."""

    def __init__(self, parent: QWidget | None, person: ParticipantRecord, alarm_at: datetime) -> None:
        super().__init__(parent, self.tr("Reactie van %1").replace("%1", person.name))
        self.presence = QComboBox(self)
        for presence in Presence:
            self.presence.addItem(self.tr(presence.value), presence)
        self.presence.setCurrentIndex(self.presence.findData(person.presence))
        self.has_ack = QCheckBox(self.tr("gereageerd om"), self)
        self.ack = datetime_edit(self, person.acknowledged_at or alarm_at)
        self.has_arrival = QCheckBox(self.tr("aangekomen om"), self)
        self.arrival = datetime_edit(self, person.arrived_at or alarm_at)
        self.has_ack.setChecked(person.acknowledged_at is not None)
        self.has_arrival.setChecked(person.arrived_at is not None)
        self.add_field("presence", self.tr("Status:"), self.presence)
        self.add_field("acknowledged_at", self.tr("Reactie:"), self._row(self.has_ack, self.ack))
        self.add_field("arrived_at", self.tr("Aankomst:"), self._row(self.has_arrival, self.arrival))

    def _row(self, check: QCheckBox, edit: QWidget) -> QWidget:
        box = QWidget(self)
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(check)
        layout.addWidget(edit, 1)
        return box

    def value(self) -> tuple[Presence, datetime | None, datetime | None]:
        return (
            Presence(self.presence.currentData()),
            moment_of(self.ack) if self.has_ack.isChecked() else None,
            moment_of(self.arrival) if self.has_arrival.isChecked() else None,
        )

    def accept(self) -> None:
        presence, ack, arrival = self.value()
        if presence is Presence.RESPONDED and ack is None and arrival is None:
            self.show_errors({"acknowledged_at": self.tr("Vul de tijd van de reactie of de aankomst in.")})
            return
        super().accept()

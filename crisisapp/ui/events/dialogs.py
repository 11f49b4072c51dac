"""The forms of the Events page: an event, a vooroverleg, a template line, a name."""

from datetime import date, datetime, timedelta

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from crisisapp.errors import ValidationError
from crisisapp.models.events import Category
from crisisapp.services import events
from crisisapp.services.events import EventInput, EventRecord, MeetingRecord, PointInput, PointRecord
from crisisapp.timeutil import to_local
from crisisapp.ui.forms import FormDialog, date_edit, datetime_edit, moment_of, pydate
from crisisapp.ui.widgets import labelled, named


class EventDialog(FormDialog):
    def __init__(self, parent: QWidget | None, event: EventRecord | None, start: datetime, today: date) -> None:
        super().__init__(parent, self.tr("Evenement wijzigen") if event else self.tr("Nieuw evenement"))
        data = event.data if event else None
        self.name = QLineEdit(data.name if data else "", self)
        self.series = QComboBox(self)
        self.series.addItem(self.tr("— geen reeks —"), "")
        for name in events.SERIES:
            self.series.addItem(name, name)
        self.year = QSpinBox(self)
        self.year.setRange(2000, 2100)
        self.year.setValue(data.edition_year if data else to_local(start).year)
        self.start = datetime_edit(self, data.start if data else start)
        self.end = datetime_edit(self, data.end if data else start + timedelta(hours=8))
        self.location = QLineEdit(data.location if data else "", self)
        self.visitors = QSpinBox(self)
        self.visitors.setRange(0, 1_000_000)
        self.visitors.setValue(data.expected_visitors if data else 0)
        self.organiser = QLineEdit(data.organiser if data else "", self)
        self.contact = QLineEdit(data.organiser_contact if data else "", self)
        self.category = QComboBox(self)
        for category in Category:
            self.category.addItem(self.tr(events.CATEGORY_CRITERIA[category]), category)
        # Empty until the application is in: a date filled in for it would flag the event as applied too late.
        received = data.application_date if data else None
        self.has_received = QCheckBox(self.tr("ontvangen op"), self)
        self.has_received.setChecked(received is not None)
        self.received = date_edit(self, received or today)
        self.received.setEnabled(received is not None)
        self.has_received.toggled.connect(self.received.setEnabled)
        received_row = QWidget(self)
        row = QHBoxLayout(received_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.has_received)
        row.addWidget(self.received, 1)
        self.permit = QComboBox(self)
        self.permit.setEditable(True)
        self.permit.addItems(
            ["nog niet aangevraagd", "aangevraagd", "in behandeling", "verleend", "geweigerd", "melding"]
        )
        self.parties = QPlainTextEdit(data.parties if data else "", self)
        self.parties.setFixedHeight(50)
        self.add_fields(
            ("name", self.tr("Naam:"), self.name),
            ("series", self.tr("Reeks:"), self.series),
            ("edition_year", self.tr("Editie:"), self.year),
            ("start", self.tr("Begin:"), self.start),
            ("end", self.tr("Einde:"), self.end),
            ("location", self.tr("Locatie:"), self.location),
            ("expected_visitors", self.tr("Verwachte bezoekers:"), self.visitors),
            ("organiser", self.tr("Organisator:"), self.organiser),
            ("organiser_contact", self.tr("Contactpersoon:"), self.contact),
            ("category", self.tr("Categorie:"), self.category),
            ("application_date", self.tr("Aanvraag:"), received_row),
            ("permit_status", self.tr("Vergunning:"), self.permit),
            ("parties", self.tr("Partijen:"), self.parties),
        )
        self.require("name", self.name, self.tr("Geef het evenement een naam."))
        # The edition is the year the event begins in, until the user chooses another one themselves.
        self._edition_follows = data is None or data.edition_year == to_local(data.start).year
        self.start.dateChanged.connect(self._follow_start)
        self.year.valueChanged.connect(self._edition_chosen)
        if data:
            self.series.setCurrentIndex(max(self.series.findData(data.series), 0))
            self.category.setCurrentIndex(self.category.findData(data.category))
            self.permit.setCurrentText(data.permit_status)

    def _follow_start(self, *_args: object) -> None:
        if self._edition_follows:
            self.year.blockSignals(True)  # not the user's choice
            self.year.setValue(self.start.day().year)
            self.year.blockSignals(False)

    def _edition_chosen(self, *_args: object) -> None:
        self._edition_follows = False

    def value(self) -> EventInput:
        return EventInput(
            self.name.text(),
            self.series.currentData(),
            self.year.value(),
            moment_of(self.start),
            moment_of(self.end),
            Category(self.category.currentData()),
            self.location.text(),
            self.visitors.value(),
            self.organiser.text(),
            self.contact.text(),
            pydate(self.received.date()) if self.has_received.isChecked() else None,
            self.permit.currentText(),
            self.parties.toPlainText(),
        )

    def validate(self) -> dict[str, str]:
        try:
            events.validate_event(self.value())  # the service's own rules, before anything is saved
        except ValidationError as exc:
            return exc.errors
        return {}


class MeetingDialog(FormDialog):
    """A vooroverleg: when, who was there (the usual parties to tick, others typed in), the minutes, and the
    action points agreed. Editing one afterwards shows the points it has; new ones can be added."""

    def __init__(
        self,
        parent: QWidget | None,
        held_at: datetime,
        parties: tuple[str, ...],
        meeting: MeetingRecord | None = None,
        agreed: tuple[PointRecord, ...] = (),
    ) -> None:
        super().__init__(parent, self.tr("Vooroverleg wijzigen") if meeting else self.tr("Vooroverleg vastleggen"))
        present = meeting.attendees if meeting else ()
        self.held_at = datetime_edit(self, meeting.held_at if meeting else held_at)
        self.present = named(QListWidget(self), self.tr("Aanwezig"))
        self.present.setFixedHeight(130)
        for name in dict.fromkeys((*parties, *present)):
            self._add_party(name, name in present)
        self.other = named(QLineEdit(self), self.tr("Andere partij"))
        self.other.setPlaceholderText(self.tr("andere partij, bijvoorbeeld Rijkswaterstaat"))
        add_party = QPushButton(self.tr("Toevoegen"), self)
        add_party.setAutoDefault(False)
        add_party.clicked.connect(self.add_other)
        self.notes = QPlainTextEdit(meeting.notes if meeting else "", self)
        self.notes.setFixedHeight(110)
        self.points = named(QListWidget(self), self.tr("Actiepunten van dit overleg"))
        self.points.setFixedHeight(90)
        self.points.setWordWrap(True)  # a long action point is read whole, not cut off
        self.points.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.new_points: list[PointInput] = []
        for point in agreed:
            self.points.addItem(self._point_text(point.description, point.owner, point.due, point.status_text()))
        self.action = named(QLineEdit(self), self.tr("Nieuw actiepunt"))
        self.action.setPlaceholderText(self.tr("nieuw actiepunt uit dit overleg"))
        self.owner = named(QLineEdit(self), self.tr("Wie"))
        self.owner.setPlaceholderText(self.tr("wie"))
        self.due = date_edit(self, to_local(self.held_at_value()).date() + timedelta(days=14))
        self.recurring = QCheckBox(self.tr("elk jaar"), self)
        add_point = QPushButton(self.tr("Actiepunt toevoegen"), self)
        add_point.setAutoDefault(False)
        add_point.clicked.connect(self.add_point)
        self.remove_point = QPushButton(self.tr("Weghalen"), self)
        self.remove_point.setAutoDefault(False)
        self.remove_point.setToolTip(self.tr("Haalt een nieuw actiepunt weg dat nog niet is opgeslagen."))
        self.remove_point.clicked.connect(self._remove_point)
        self.points.currentRowChanged.connect(self._allow_removal)
        self._allow_removal()
        for edit in (self.other, self.action, self.owner):
            edit.installEventFilter(self)  # Enter there adds the party or the point instead of saving
        self.add_fields(
            ("held_at", self.tr("Datum:"), self.held_at),
            ("present", self.tr("Aanwezig:"), self._column(self.present, self._line(self.other, add_party))),
            ("notes", self.tr("Verslag:"), self.notes),
            (
                "action_points",
                self.tr("Actiepunten:"),
                self._column(
                    self.points,
                    self.action,
                    self._line(self.owner, labelled(self, self.tr("gereed op"), self.due), self.due, self.recurring),
                    self._line(add_point, self.remove_point),
                ),
            ),
        )

    def _column(self, *widgets: QWidget) -> QWidget:
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            layout.addWidget(widget)
        return box

    def _line(self, *widgets: QWidget) -> QWidget:
        """Widgets side by side; the text fields among them take the room there is."""
        box = QWidget(self)
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            layout.addWidget(widget, 1 if isinstance(widget, QLineEdit) else 0)
        if not any(isinstance(widget, QLineEdit) for widget in widgets):
            layout.addStretch(1)
        return box

    def held_at_value(self) -> datetime:
        return moment_of(self.held_at)

    def _add_party(self, name: str, checked: bool) -> None:
        item = QListWidgetItem(name, self.present)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def add_other(self) -> None:
        """The party typed in, ticked as present (ticked again when it is in the list already)."""
        name = " ".join(self.other.text().split())
        if not name:
            return
        found = self.present.findItems(name, Qt.MatchFlag.MatchFixedString)
        if found:
            found[0].setCheckState(Qt.CheckState.Checked)
        else:
            self._add_party(name, True)
        self.other.clear()

    def _point_text(self, description: str, owner: str, due: date | None, status: str) -> str:
        return f"{description} ({events.who_and_when(owner, due)}) — {status}"

    def add_point(self) -> bool:
        """The action point typed in, to be saved with the meeting; False when there is no description, or when
        its date is wrong (which the form then says under the points)."""
        if not self.action.text().strip():
            return False
        if self.due.problem():
            self._set_message("action_points", self.due.problem())
            self._live.add("action_points")  # goes as soon as the date is right
            self._fit()
            self.due.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        point = PointInput(self.action.text(), self.owner.text(), pydate(self.due.date()), self.recurring.isChecked())
        self.new_points.append(point)
        every_year = self.tr(", elk jaar") if point.recurring else ""
        self.points.addItem(
            self._point_text(point.description.strip(), point.owner.strip(), point.due, self.tr("nieuw") + every_year)
        )
        self.points.setCurrentRow(self.points.count() - 1)
        self.action.clear()
        self.owner.clear()
        self.recurring.setChecked(False)
        return True

    def _allow_removal(self, *_args: object) -> None:
        first_new = self.points.count() - len(self.new_points)
        self.remove_point.setEnabled(self.points.currentRow() >= first_new >= 0 and bool(self.new_points))

    def _remove_point(self) -> None:
        row = self.points.currentRow()
        first_new = self.points.count() - len(self.new_points)
        if row >= first_new:
            del self.new_points[row - first_new]
            self.points.takeItem(row)
        self._allow_removal()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            if watched is self.other:
                self.add_other()
                return True
            if watched is self.action:  # on to who does it
                self.owner.setFocus(Qt.FocusReason.TabFocusReason)
                return True
            if watched is self.owner:
                self.add_point()
                return True
        return super().eventFilter(watched, event)

    def accept(self) -> None:
        # What was typed but not yet added counts: nobody should lose a point by pressing Opslaan first.
        self.add_other()
        self.add_point()
        super().accept()

    def value(self) -> tuple[datetime, tuple[str, ...], str, tuple[PointInput, ...]]:
        """When, who was there, what was said, and the new action points."""
        present = (self.present.item(row) for row in range(self.present.count()))
        return (
            self.held_at_value(),
            tuple(item.text() for item in present if item.checkState() == Qt.CheckState.Checked),
            self.notes.toPlainText(),
            tuple(self.new_points),
        )


class LineDialog(FormDialog):
    def __init__(self, parent: QWidget | None, sections: list[str]) -> None:
        super().__init__(parent, self.tr("Controlepunt toevoegen"))
        self.section = QComboBox(self)
        self.section.setEditable(True)
        self.section.addItems(sections)
        self.text = QPlainTextEdit(self)
        self.text.setFixedHeight(70)
        self.add_field("section", self.tr("Onderdeel:"), self.section)
        self.add_field("text", self.tr("Controlepunt:"), self.text)
        self.require("section", self.section, self.tr("Vul het onderdeel in."))
        self.require("text", self.text, self.tr("Vul het controlepunt in."))

    def value(self) -> tuple[str, str]:
        return self.section.currentText(), self.text.toPlainText()


class NameDialog(FormDialog):
    def __init__(self, parent: QWidget | None, title: str, name: str) -> None:
        super().__init__(parent, title)
        self.name = QLineEdit(name, self)
        self.add_field("name", self.tr("Naam:"), self.name)
        self.require("name", self.name, self.tr("Geef een naam."))

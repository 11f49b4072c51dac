"""The forms of the Events page: an event, a tick in a round, a vooroverleg, a template line, a name."""

import html
from datetime import datetime, timedelta

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from crisisapp.errors import ValidationError
from crisisapp.models.events import Category, Outcome
from crisisapp.services import events
from crisisapp.services.events import EventInput, EventRecord, ItemRecord, PointInput
from crisisapp.timeutil import to_local
from crisisapp.ui.forms import FormDialog, date_edit, datetime_edit, moment_of, pydate


class EventDialog(FormDialog):
    def __init__(self, parent: QWidget | None, event: EventRecord | None, start: datetime) -> None:
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
        self.received = date_edit(
            self, data.application_date if data and data.application_date else to_local(start).date()
        )
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
            ("application_date", self.tr("Aanvraag ontvangen:"), self.received),
            ("permit_status", self.tr("Vergunning:"), self.permit),
            ("parties", self.tr("Partijen:"), self.parties),
        )
        if data:
            self.series.setCurrentIndex(max(self.series.findData(data.series), 0))
            self.category.setCurrentIndex(self.category.findData(data.category))
            self.permit.setCurrentText(data.permit_status)

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
            pydate(self.received.date()),
            self.permit.currentText(),
            self.parties.toPlainText(),
        )

    def accept(self) -> None:
        try:
            events.validate_event(self.value())  # the service's own rules, before anything is saved
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        super().accept()


class TickDialog(FormDialog):
    def __init__(self, parent: QWidget | None, item: ItemRecord, round_name: str, inspector: str) -> None:
        super().__init__(parent, self.tr("Controle (%1)").replace("%1", round_name))
        self.outcome = QComboBox(self)
        for outcome in Outcome:
            self.outcome.addItem(self.tr(outcome.value), outcome)
        self.inspector = QLineEdit(inspector, self)
        self.remark = QPlainTextEdit(self)
        self.remark.setFixedHeight(60)
        self.item_label = QLabel(f"<b>{html.escape(item.section)}</b><br>{html.escape(item.text)}", self)
        self.item_label.setWordWrap(True)
        self.add_field("item", "", self.item_label)
        self.add_field("outcome", self.tr("Uitkomst:"), self.outcome)
        self.add_field("inspector", self.tr("Controleur:"), self.inspector)
        self.add_field("remark", self.tr("Opmerking:"), self.remark)

    def value(self) -> tuple[Outcome, str, str]:
        return Outcome(self.outcome.currentData()), self.inspector.text(), self.remark.toPlainText()

    def accept(self) -> None:
        if self.outcome.currentData() == Outcome.NOT_OK and not self.remark.toPlainText().strip():
            self.show_errors({"remark": self.tr("Schrijf bij ‘niet ok’ op wat er mis is.")})
            return
        super().accept()


class MeetingDialog(FormDialog):
    def __init__(self, parent: QWidget | None, held_at: datetime, parties: str) -> None:
        super().__init__(parent, self.tr("Vooroverleg"))
        self.held_at = datetime_edit(self, held_at)
        self.present = QLineEdit(parties, self)
        self.notes = QPlainTextEdit(self)
        self.notes.setFixedHeight(100)
        self.action = QLineEdit(self)
        self.action.setPlaceholderText(self.tr("optioneel: een actiepunt uit dit overleg"))
        self.owner = QLineEdit(self)
        self.due = date_edit(self, to_local(held_at).date() + timedelta(days=14))
        self.add_field("held_at", self.tr("Datum:"), self.held_at)
        self.add_field("present", self.tr("Aanwezig:"), self.present)
        self.add_field("notes", self.tr("Verslag:"), self.notes)
        self.add_field("action", self.tr("Actiepunt:"), self.action)
        self.add_field("owner", self.tr("Wie:"), self.owner)
        self.add_field("due", self.tr("Gereed op:"), self.due)

    def value(self) -> tuple[datetime, str, str, PointInput | None]:
        """When, who, what was said, and the action point agreed (None when the field was left empty)."""
        point = PointInput(self.action.text(), self.owner.text(), pydate(self.due.date()))
        return (
            moment_of(self.held_at),
            self.present.text(),
            self.notes.toPlainText(),
            point if point.description.strip() else None,
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

    def value(self) -> tuple[str, str]:
        return self.section.currentText(), self.text.toPlainText()

    def accept(self) -> None:
        if not self.section.currentText().strip() or not self.text.toPlainText().strip():
            self.show_errors({"text": self.tr("Vul het onderdeel en het controlepunt in.")})
            return
        super().accept()


class NameDialog(FormDialog):
    def __init__(self, parent: QWidget | None, title: str, name: str) -> None:
        super().__init__(parent, title)
        self.name = QLineEdit(name, self)
        self.add_field("name", self.tr("Naam:"), self.name)
        self.require("name", self.name, self.tr("Geef een naam."))

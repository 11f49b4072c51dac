"""The forms of the Jaarwisseling page: a preparation task, a fireworks-free zone, an incident of the night."""

from datetime import date, datetime

from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox, QWidget

from crisisapp.services.jaarwisseling import INCIDENT_KINDS, OWNERS
from crisisapp.ui.forms import FormDialog, date_edit, datetime_edit


class TaskDialog(FormDialog):
    def __init__(self, parent: QWidget | None, deadline: date) -> None:
        super().__init__(parent, self.tr("Taak jaarwisseling"))
        self.description = QLineEdit(self)
        self.owner = QComboBox(self)
        self.owner.setEditable(True)
        self.owner.addItems(list(OWNERS))
        self.deadline = date_edit(self, deadline)
        self.add_field("description", self.tr("Taak:"), self.description)
        self.add_field("owner", self.tr("Eigenaar:"), self.owner)
        self.add_field("deadline", self.tr("Uiterlijk op:"), self.deadline)
        self.require("description", self.description, self.tr("Beschrijf de taak."))


class ZoneDialog(FormDialog):
    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent, self.tr("Vuurwerkvrije zone"))
        self.name, self.description, self.period = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        self.period.setPlaceholderText(self.tr("bijvoorbeeld: 31 dec 18:00 – 1 jan 02:00"))
        self.add_field("name", self.tr("Naam:"), self.name)
        self.add_field("description", self.tr("Omschrijving:"), self.description)
        self.add_field("period", self.tr("Periode:"), self.period)
        self.require("name", self.name, self.tr("Geef de zone een naam."))


class IncidentDialog(FormDialog):
    def __init__(self, parent: QWidget | None, at: datetime) -> None:
        super().__init__(parent, self.tr("Melding jaarwisseling"))
        self.at = datetime_edit(self, at)
        self.kind = QComboBox(self)
        self.kind.addItems(list(INCIDENT_KINDS))
        self.location = QLineEdit(self)
        self.count = QSpinBox(self)
        self.count.setRange(1, 10000)
        self.damage = QSpinBox(self)
        self.damage.setRange(0, 10_000_000)
        self.damage.setPrefix("€ ")
        for box in (self.count, self.damage):
            box.setGroupSeparatorShown(True)  # € 12.500, as amounts are read everywhere else
        self.add_fields(
            ("at", self.tr("Tijd:"), self.at),
            ("kind", self.tr("Soort:"), self.kind),
            ("location", self.tr("Locatie:"), self.location),
            ("count", self.tr("Aantal:"), self.count),
            ("damage_euros", self.tr("Schade:"), self.damage),
        )

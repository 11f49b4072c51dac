"""The tables of the Jaarwisseling page: preparation tasks, fireworks-free zones and the log of the night."""

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from crisisapp.dutch import number
from crisisapp.services.jaarwisseling import IncidentRecord, TaskRecord, ZoneRecord, euros
from crisisapp.timeutil import format_date, format_datetime
from crisisapp.ui.widgets import DISPLAY, RecordTableModel

LATE = QColor("#fde8e6")


class TaskModel(RecordTableModel):
    HEADERS = ("Uiterlijk op", "Taak", "Eigenaar", "Status")

    def __init__(self) -> None:
        super().__init__()
        self.today = date.min

    def cell(self, record: TaskRecord, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and record.overdue(self.today):
            return QBrush(LATE)
        if role not in (DISPLAY, Qt.ItemDataRole.ToolTipRole):
            return None
        status = record.status.value + (" · te laat" if record.overdue(self.today) else "")
        return (format_date(record.deadline), record.description, record.owner, status)[column]


class ZoneModel(RecordTableModel):
    HEADERS = ("Zone", "Omschrijving", "Periode")

    def cell(self, record: ZoneRecord, column: int, role: int) -> Any:
        return (record.name, record.description, record.period)[column] if role == DISPLAY else None


class IncidentModel(RecordTableModel):
    HEADERS = ("Tijd", "Soort", "Locatie", "Aantal", "Schade")

    def cell(self, record: IncidentRecord, column: int, role: int) -> Any:
        if role != DISPLAY:
            return None
        return (
            format_datetime(record.at),
            record.kind,
            record.location,
            number(record.count),
            euros(record.damage_euros),
        )[column]

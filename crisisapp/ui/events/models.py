"""The tables of the Events page: the register, open action points, a checklist in a round, a template."""

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from crisisapp.models.events import Outcome
from crisisapp.services.events import EventRecord, ItemRecord, PointRecord, TemplateLineRecord
from crisisapp.timeutil import format_date, format_datetime
from crisisapp.ui.widgets import DISPLAY, RecordTableModel

LATE = QColor("#fde8e6")
ADVICE = QColor("#fff1c2")
OUTCOME_COLOURS = {Outcome.OK: QColor("#d3f0da"), Outcome.NOT_OK: QColor("#f8d4d0"), Outcome.NA: QColor("#e8eaed")}
TOOLTIP = Qt.ItemDataRole.ToolTipRole


class EventModel(RecordTableModel):
    HEADERS = ("Nr.", "Begin", "Evenement", "Categorie", "Bezoekers", "Aanvraag", "Controlepunten")

    def cell(self, record: EventRecord, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and record.late_warning() and column == 5:
            return QBrush(LATE if record.is_late() else ADVICE)
        if role == TOOLTIP and column == 5:
            return record.late_warning() or record.data.permit_status
        if role != DISPLAY:
            return None
        data = record.data
        received = format_date(data.application_date) if data.application_date else "—"
        return (
            str(record.id),
            format_datetime(data.start),
            data.name,
            data.category.value,
            str(data.expected_visitors),
            f"{received} · {data.permit_status}",
            str(record.items),
        )[column]


class PointModel(RecordTableModel):
    HEADERS = ("Evenement", "Actiepunt", "Wie", "Gereed op", "Status")

    def __init__(self) -> None:
        super().__init__()
        self.today = date.min

    def cell(self, record: PointRecord, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and record.overdue(self.today):
            return QBrush(LATE)
        if role not in (DISPLAY, TOOLTIP):
            return None
        status = record.status.value + (" · te laat" if record.overdue(self.today) else "")
        text = (
            record.event_name,
            record.description,
            record.owner,
            format_date(record.due) if record.due else "",
            status,
        )[column]
        return text


class ItemModel(RecordTableModel):
    """The checklist in a round: each item with its outcome there, and open problems of other rounds."""

    HEADERS = ("Onderdeel", "Controlepunt", "Uitkomst", "Tijd", "Controleur", "Opmerking")

    def __init__(self) -> None:
        super().__init__()
        self.round = ""

    def cell(self, record: ItemRecord, column: int, role: int) -> Any:
        result = record.result(self.round)
        problem = record.open_problem()
        if role == Qt.ItemDataRole.BackgroundRole and column == 2:
            if result is not None:
                return QBrush(OUTCOME_COLOURS[result.outcome])
            return QBrush(LATE) if problem else None
        if role not in (DISPLAY, TOOLTIP):
            return None
        if result is None:
            pending = f"niet ok in {problem.round}, nog niet opgelost" if problem else ""
            text = (record.section, record.text, pending, "", "", problem.remark if problem else "")[column]
        else:
            text = (
                record.section,
                record.text,
                result.outcome.value,
                format_datetime(result.checked_at),
                result.inspector,
                result.remark,
            )[column]
        return text


class TemplateLineModel(RecordTableModel):
    HEADERS = ("Onderdeel", "Controlepunt")

    def cell(self, record: TemplateLineRecord, column: int, role: int) -> Any:
        if role not in (DISPLAY, TOOLTIP):
            return None
        text = (record.section, record.text)[column]
        return text

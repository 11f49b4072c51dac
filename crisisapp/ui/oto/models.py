"""The tables of the OTO page: activities, participants, drill figures, findings and norms."""

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from crisisapp.models.oto import KIND_LABELS, ActivityKind
from crisisapp.services import oto
from crisisapp.services.oto import ActivityRecord, Figures, FindingRecord, NormRecord, ParticipantRecord
from crisisapp.timeutil import format_date, format_datetime, format_minutes
from crisisapp.ui.widgets import TextTableModel

OVERDUE = QColor("#f8d4d0")


class ActivityModel(TextTableModel):
    HEADERS = ("Nr.", "Wanneer", "Activiteit", "Soort", "Locatie", "Status", "Deelnemers")

    def __init__(self) -> None:
        super().__init__()
        #: The coordinator's view: the dates and places of unannounced activities shown.
        self.internal = False

    def texts(self, record: ActivityRecord) -> tuple[str, ...]:
        hidden = record.unannounced and not self.internal
        return (
            str(record.id),
            oto.when_text(record, internal=self.internal),
            record.title,
            KIND_LABELS[record.kind],
            "" if hidden else record.location,
            record.status.value,
            str(record.participants),
        )


class ParticipantModel(TextTableModel):
    HEADERS = ("Naam", "Gemeente", "Status", "Reactie", "Aankomst")

    def texts(self, record: ParticipantRecord) -> tuple[str, ...]:
        return (
            record.name,
            record.municipality,
            record.presence.value,
            format_datetime(record.acknowledged_at) if record.acknowledged_at else "",
            format_datetime(record.arrived_at) if record.arrived_at else "",
        )


class FiguresModel(TextTableModel):
    """Rows of (group name, its figures): the total, then per team and per function."""

    HEADERS = ("", "Uitgenodigd", "Afgemeld", "Afwezig", "Gereageerd", "Binnen norm", "Mediaan", "Langzaamst")

    def texts(self, record: tuple[str, Figures]) -> tuple[str, ...]:
        name, f = record
        return (
            name,
            str(f.invited),
            str(f.excused),
            str(f.absent),
            f"{f.responded} ({round(100 * f.response_rate)}%)",
            str(f.within_norm),
            format_minutes(f.median_minutes),
            format_minutes(f.slowest_minutes),
        )


class FindingModel(TextTableModel):
    HEADERS = ("Activiteit", "Bevinding", "Eigenaar", "Gereed op", "Status")

    def __init__(self) -> None:
        super().__init__()
        self.today = date.min

    def texts(self, record: FindingRecord) -> tuple[str, ...]:
        status = record.status.value if record.status else "bevinding"
        if record.overdue(self.today):
            status += " · te laat"
        return (
            record.activity_title,
            record.description,
            record.owner,
            format_date(record.due) if record.due else "",
            status,
        )

    def cell(self, record: FindingRecord, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(OVERDUE) if record.overdue(self.today) else None
        return super().cell(record, column, role)


class NormModel(TextTableModel):
    HEADERS = ("Soort", "Reactie binnen", "Opkomst binnen", "Onaangekondigd", "Doel per jaar", "Uitgevoerd", "Gepland")

    def __init__(self) -> None:
        super().__init__()
        self.progress: dict[ActivityKind, tuple[int, int, int]] = {}

    def texts(self, record: NormRecord) -> tuple[str, ...]:
        done, planned, _target = self.progress.get(record.kind, (0, 0, 0))
        return (
            KIND_LABELS[record.kind],
            f"{record.acknowledge_minutes} min" if record.acknowledge_minutes else "—",
            f"{record.arrival_minutes} min" if record.arrival_minutes else "—",
            "ja" if record.unannounced else "nee",
            str(record.yearly_target),
            str(done),
            str(planned),
        )
